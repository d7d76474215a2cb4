//! The sealed archive: `meetlat report --sign KEY.p12` signs the manifest
//! (`manifest.json.p7s`), `meetlat verify` checks the signature and names the signer, and
//! `openssl cms -verify` (as the README tells a committee) agrees, also when the manifest
//! was rewritten with a valid-looking hash list. Every key and certificate is made here
//! with the `openssl` command, thrown away with the test's folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::report::{archive_dir, course, filled_sheet, standard_fill};
use crate::{Run, root};

const PASSWORD: &str = "correct horse 7";
const SUBJECT: &str = "CN=Examinator Test,O=Hogeschool Test,C=NL";

/// `meetlat ARGS` in `dir` with `MEETLAT_SIGN_PASSWORD` set to `password` (or unset),
/// standard input not a terminal.
fn meetlat_with(dir: &Path, args: &[&str], password: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_meetlat"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("MEETLAT_SIGN_PASSWORD")
        .stdin(Stdio::null());
    if let Some(p) = password {
        cmd.env("MEETLAT_SIGN_PASSWORD", p);
    }
    let output = cmd.output().expect("the meetlat binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `openssl ARGS` in `dir`: exit status and all output.
fn openssl(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("openssl runs (tests/run.sh installs it)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn openssl_ok(dir: &Path, args: &[&str]) -> String {
    let (ok, text) = openssl(dir, args);
    assert!(ok, "openssl {args:?}:\n{text}");
    text
}

/// A self-signed RSA certificate `NAME.pem` with key `NAME.key` in `dir`.
fn certificate(dir: &Path, name: &str, subject: &str) {
    openssl_ok(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "30",
            "-subj",
            subject,
        ],
    );
}

/// `NAME.p12` from `NAME.key` and `NAME.pem`, with `extra` export options.
fn pkcs12(dir: &Path, name: &str, password: &str, extra: &[&str]) -> PathBuf {
    let out = format!("{name}.p12");
    let key = format!("{name}.key");
    let pem = format!("{name}.pem");
    let pass = format!("pass:{password}");
    let mut args = vec![
        "pkcs12", "-export", "-inkey", &key, "-in", &pem, "-out", &out, "-passout", &pass,
    ];
    args.extend_from_slice(extra);
    openssl_ok(dir, &args);
    dir.join(out)
}

/// The folder with the example course, its filled sheet, the examiner's key file
/// `examiner.p12` and the signed archive made from them, shared; tests work on copies.
fn made() -> &'static (tempfile::TempDir, PathBuf) {
    static MADE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    MADE.get_or_init(|| {
        let c = course();
        filled_sheet(&c.plan, &c.path("filled.xlsx"), &standard_fill(&c.plan));
        let dir = c.dir.path();
        certificate(dir, "examiner", "/C=NL/O=Hogeschool Test/CN=Examinator Test");
        pkcs12(dir, "examiner", PASSWORD, &[]);
        let run = meetlat_with(
            dir,
            &[
                "report",
                "stage.yaml",
                "--scores",
                "filled.xlsx",
                "-o",
                "out",
                "-q",
                "--sign",
                "examiner.p12",
            ],
            Some(PASSWORD),
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(
            run.stdout.contains(&format!("signature: signed by {SUBJECT} (")),
            "{}",
            run.transcript()
        );
        let archive = archive_dir(&c.path("out"));
        (c.dir, archive)
    })
}

fn course_dir() -> &'static Path {
    made().0.path()
}

/// A copy of the signed archive.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    crate::verify::copy_dir(&made().1, &dir);
    (tmp, dir)
}

fn verify(dir: &Path) -> Run {
    meetlat_with(dir.parent().unwrap(), &["verify", dir.to_str().unwrap()], None)
}

/// The README's check without meetlat, run as documented in the archive folder; `ca` is
/// the certificate to trust (`-CAfile`, with `-attime` seconds when given), or none
/// (`-noverify`: the signature only).
fn openssl_verifies(dir: &Path, ca: Option<(&Path, Option<i64>)>) -> (bool, String) {
    let mut args: Vec<String> =
        "cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json"
            .split(' ')
            .map(str::to_owned)
            .collect();
    match ca {
        Some((ca, at)) => {
            args.extend(["-CAfile".to_owned(), ca.display().to_string()]);
            if let Some(at) = at {
                args.extend(["-attime".to_owned(), at.to_string()]);
            }
        }
        None => args.push("-noverify".to_owned()),
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    openssl(dir, &args)
}

/// Change grades.csv and write its new hash and size into the manifest: a hash list
/// that holds up, as a forger would leave it.
fn forge_grades(dir: &Path) {
    let path = dir.join("grades.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let forged = format!("{csv}4000099,10,voldoende\n");
    std::fs::write(&path, &forged).unwrap();
    let manifest = dir.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == "grades.csv" {
            f["sha256"] = meetlat::archive::sha256(forged.as_bytes()).into();
            f["size"] = forged.len().into();
        }
    }
    let mut bytes = serde_json::to_vec_pretty(&m).unwrap();
    bytes.push(b'\n');
    std::fs::write(manifest, bytes).unwrap();
}

#[test]
fn a_signed_archive_verifies_names_its_signer_and_openssl_agrees() {
    let (_tmp, dir) = copy();
    let run = verify(&dir);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let fingerprint = openssl_ok(
        course_dir(),
        &["x509", "-in", "examiner.pem", "-noout", "-fingerprint", "-sha256"],
    );
    let fingerprint = fingerprint.trim().rsplit('=').next().unwrap().to_owned();
    assert_eq!(fingerprint.len(), 95, "{fingerprint}");
    let line = run.stdout.lines().find(|l| l.starts_with("signature: ")).unwrap();
    assert!(line.starts_with(&format!("signature: signed by {SUBJECT} (")), "{line}");
    assert!(
        line.contains(&format!("certificate issued by {SUBJECT}, valid from ")),
        "{line}"
    );
    assert!(
        line.ends_with(&format!("SHA-256 fingerprint of the certificate {fingerprint})")),
        "{line}"
    );
    assert!(run.stdout.contains("ok: all "), "{}", run.transcript());

    // The README's commands: the signature alone, and against the trusted certificate.
    let (ok, text) = openssl_verifies(&dir, None);
    assert!(ok && text.contains("Verification successful"), "{text}");
    let (ok, text) =
        openssl_verifies(&dir, Some((&course_dir().join("examiner.pem"), None)));
    assert!(ok, "{text}");
    // After the certificate (30 days) expired, openssl refuses it unless told the moment
    // to check it at (`-attime`), as the README says.
    let now = meetlat::clock::now_unix();
    let examiner = course_dir().join("examiner.pem");
    let (ok, text) = openssl_verifies(&dir, Some((&examiner, Some(now + 60 * 86_400))));
    assert!(!ok && text.contains("certificate has expired"), "{text}");
    let (ok, text) = openssl_verifies(&dir, Some((&examiner, Some(now + 86_400))));
    assert!(ok, "{text}");
    // The certificate in the signature, as the README shows it.
    let certs = openssl_ok(
        &dir,
        &[
            "pkcs7",
            "-inform",
            "DER",
            "-in",
            "manifest.json.p7s",
            "-print_certs",
            "-noout",
        ],
    );
    assert!(
        certs.contains("subject=C = NL, O = Hogeschool Test, CN = Examinator Test"),
        "{certs}"
    );
    // Trusting another certificate, openssl refuses: the signer is who the committee
    // checks.
    let other = tempfile::tempdir().unwrap();
    certificate(other.path(), "other", "/CN=Someone Else");
    let (ok, text) =
        openssl_verifies(&dir, Some((&other.path().join("other.pem"), None)));
    assert!(!ok, "{text}");
}

#[test]
fn signing_is_deterministic_and_legacy_key_files_sign_alike() {
    let dir = course_dir();
    let (tmp, _) = copy();
    // openssl's -legacy export (RC2 and 3DES, SHA-1 MAC), as older tools make them.
    let legacy = tmp.path().join("legacy.p12");
    let (ok, text) = openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            "examiner.key",
            "-in",
            "examiner.pem",
            "-out",
            legacy.to_str().unwrap(),
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
    );
    let key = if ok {
        let info = openssl_ok(
            dir,
            &[
                "pkcs12",
                "-in",
                legacy.to_str().unwrap(),
                "-info",
                "-noout",
                "-legacy",
                "-passin",
                &format!("pass:{PASSWORD}"),
            ],
        );
        assert!(info.contains("TripleDES") || info.contains("RC2"), "{info}");
        legacy.to_str().unwrap().to_owned()
    } else {
        eprintln!(
            "openssl has no legacy provider here ({text}); signing with the modern file"
        );
        "examiner.p12".to_owned()
    };
    let out = tmp.path().join("again");
    let run = meetlat_with(
        dir,
        &[
            "report",
            "stage.yaml",
            "--scores",
            "filled.xlsx",
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--sign",
            &key,
        ],
        Some(PASSWORD),
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let again = std::fs::read(archive_dir(&out).join("manifest.json.p7s")).unwrap();
    let first = std::fs::read(made().1.join("manifest.json.p7s")).unwrap();
    assert!(
        again == first,
        "the same key over the same manifest gives the same signature"
    );
}

#[test]
fn a_rewritten_manifest_with_a_valid_hash_list_fails_and_openssl_agrees() {
    let (_tmp, dir) = copy();
    forge_grades(&dir);
    let run = verify(&dir);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "invalid: manifest.json.p7s (it does not belong to this manifest.json: the manifest was changed after it was signed"
        ),
        "{}",
        run.transcript()
    );
    assert!(!run.stdout.contains("signed by"), "{}", run.transcript());
    assert!(!run.stdout.contains("changed: grades.csv"), "the hash list itself holds up");
    let (ok, text) = openssl_verifies(&dir, None);
    assert!(!ok, "openssl must refuse the rewritten manifest:\n{text}");
}

#[test]
fn a_signature_by_another_key_is_named_or_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path();
    certificate(other, "forger", "/CN=Forger");

    // Another key over another (rewritten) manifest, put in place of the signature.
    let (_t, dir) = copy();
    let (_t2, forged) = copy();
    forge_grades(&forged);
    let sig = dir.join("manifest.json.p7s");
    openssl_ok(
        other,
        &[
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-md",
            "sha256",
            "-signer",
            "forger.pem",
            "-inkey",
            "forger.key",
            "-in",
            forged.join("manifest.json").to_str().unwrap(),
            "-out",
            sig.to_str().unwrap(),
        ],
    );
    let run = verify(&dir);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "invalid: manifest.json.p7s (it does not belong to this manifest.json"
        ),
        "{}",
        run.transcript()
    );
    assert!(!openssl_verifies(&dir, None).0);

    // Another key over the manifest itself: the signature holds, and verify names the
    // other signer, not the examiner (the committee checks who signed). openssl makes
    // this one, with its signing time: meetlat reads other tools' signatures too.
    let (_t4, resigned) = copy();
    openssl_ok(
        other,
        &[
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-md",
            "sha256",
            "-signer",
            "forger.pem",
            "-inkey",
            "forger.key",
            "-in",
            resigned.join("manifest.json").to_str().unwrap(),
            "-out",
            resigned.join("manifest.json.p7s").to_str().unwrap(),
        ],
    );
    let run = verify(&resigned);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("signature: signed by CN=Forger ("),
        "{}",
        run.transcript()
    );
    assert!(!run.stdout.contains("Examinator"), "{}", run.transcript());
    assert!(
        !openssl_verifies(&resigned, Some((&course_dir().join("examiner.pem"), None))).0
    );

    // Not a signature at all.
    let (_t3, dir) = copy();
    std::fs::write(dir.join("manifest.json.p7s"), b"not a signature").unwrap();
    let run = verify(&dir);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("invalid: manifest.json.p7s (not a CMS signature"),
        "{}",
        run.transcript()
    );
}

#[test]
fn an_unsigned_archive_says_so_and_passes() {
    let (_tmp, dir) = copy();
    std::fs::remove_file(dir.join("manifest.json.p7s")).unwrap();
    let run = verify(&dir);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("signature: not signed (the archive has no manifest.json.p7s)"),
        "{}",
        run.transcript()
    );
}

#[test]
fn key_file_problems_are_clear_errors_and_nothing_is_written() {
    let dir = course_dir();
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::copy(root().join("examples/stage.yaml"), t.join("not-a-key.p12")).unwrap();
    // A file with certificates only.
    openssl_ok(
        dir,
        &[
            "pkcs12",
            "-export",
            "-nokeys",
            "-in",
            "examiner.pem",
            "-out",
            t.join("certs-only.p12").to_str().unwrap(),
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
    );
    // A certificate that expired in 2021.
    std::fs::write(t.join("index.txt"), "").unwrap();
    std::fs::write(t.join("serial"), "01\n").unwrap();
    std::fs::write(
        t.join("ca.cnf"),
        "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n",
    )
    .unwrap();
    openssl_ok(
        t,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "expired.key",
            "-out",
            "expired.csr",
            "-subj",
            "/CN=Verlopen",
        ],
    );
    openssl_ok(
        t,
        &[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-selfsign",
            "-keyfile",
            "expired.key",
            "-in",
            "expired.csr",
            "-out",
            "expired.pem",
            "-startdate",
            "20200101000000Z",
            "-enddate",
            "20210101000000Z",
        ],
    );
    pkcs12(t, "expired", PASSWORD, &[]);

    let cases: [(&str, Option<&str>, &str); 5] = [
        ("examiner.p12", Some("wrong"), "the password does not open `"),
        (
            "examiner.p12",
            None,
            "no password for the signing key: MEETLAT_SIGN_PASSWORD is not set and there is no terminal to ask for it",
        ),
        ("not-a-key.p12", Some(PASSWORD), "is not a PKCS#12 file (.p12/.pfx)"),
        ("certs-only.p12", Some(PASSWORD), "holds no private key, only certificates"),
        ("expired.p12", Some(PASSWORD), "(CN=Verlopen) expired on 2021-01-01"),
    ];
    for (key, password, expected) in cases {
        let key = if key == "examiner.p12" { dir.join(key) } else { t.join(key) };
        let out = t.join("out");
        let run = meetlat_with(
            dir,
            &[
                "report",
                "stage.yaml",
                "--scores",
                "filled.xlsx",
                "-o",
                out.to_str().unwrap(),
                "-q",
                "--sign",
                key.to_str().unwrap(),
            ],
            password,
        );
        assert_eq!(run.code, 1, "{key:?}: {}", run.transcript());
        assert!(run.stderr.contains(expected), "{key:?}: {}", run.transcript());
        assert!(
            run.stderr.contains(&format!("--> {}", key.display())),
            "{}",
            run.transcript()
        );
        assert!(run.stderr.contains("nothing was written"), "{}", run.transcript());
        assert!(!out.exists(), "{key:?}: nothing may be written");
    }
}
