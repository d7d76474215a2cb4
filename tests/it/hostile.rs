//! Hostile and careless input: every case ends in bounded time with exit code 1 (input)
//! or 2 (internal), a message that names the problem and where it is, and nothing
//! written. No test asserts a speed; a case still running after a generous timeout is
//! killed and fails.
//!
//! Small cases are folders under `tests/fixtures/hostile/`: `args` (the command line,
//! split on spaces), `expect` (`exit N`, then one text per line that standard error must
//! contain), optionally `env` (`NAME=value` per line) and the input files. Big inputs
//! (deep nesting, zip bombs, 50,000 students) are made here instead of committed.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Run, root};

/// Long enough for a slow, shared machine; a hang takes forever.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Run `meetlat` in `dir` with extra environment variables; kill it after [`TIMEOUT`].
fn meetlat_bounded(dir: &Path, args: &[&str], env: &[(String, String)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetlat"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the meetlat binary runs");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("meetlat {args:?} in {} still ran after {TIMEOUT:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = |h: std::thread::JoinHandle<Vec<u8>>| {
        String::from_utf8_lossy(&h.join().expect("reader")).into_owned()
    };
    Run { code: status.code().unwrap_or(-1), stdout: text(out), stderr: text(err) }
}

/// Every file and folder below `dir`, hidden ones too.
fn listing(dir: &Path) -> BTreeSet<PathBuf> {
    let mut all = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            all.insert(path.strip_prefix(dir).expect("below").to_path_buf());
        }
    }
    all
}

/// Copy the files of a fixture folder (one level of subfolders) into `to`.
fn copy_case(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("case folder").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_case(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Run one case in `dir` and check the outcome: exit code, every expected text on
/// standard error, no panic or abort, and no file added or removed.
fn check_case(
    name: &str,
    dir: &Path,
    args: &[&str],
    env: &[(String, String)],
    code: i32,
    expected: &[&str],
) {
    let before = listing(dir);
    let run = meetlat_bounded(dir, args, env);
    let transcript = run.transcript();
    assert_eq!(run.code, code, "{name}: exit code\n{transcript}");
    assert!(!run.stderr.contains("panicked"), "{name}\n{transcript}");
    assert!(!run.stderr.contains("overflowed"), "{name}\n{transcript}");
    for text in expected {
        assert!(run.stderr.contains(text), "{name}: expected `{text}` in\n{transcript}");
    }
    let after = listing(dir);
    assert_eq!(before, after, "{name}: files were written or removed\n{transcript}");
}

#[test]
fn every_hostile_fixture_case_is_refused_in_time_and_writes_nothing() {
    let cases_dir = root().join("tests/fixtures/hostile");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .expect("fixture folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "{cases:?}");
    for case in cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_case(&case, tmp.path());
        let read =
            |file: &str| std::fs::read_to_string(case.join(file)).unwrap_or_default();
        let args_text = read("args");
        let args: Vec<&str> = args_text.split_whitespace().collect();
        let expect_text = read("expect");
        let mut expect = expect_text.lines();
        let code: i32 = expect
            .next()
            .and_then(|l| l.strip_prefix("exit "))
            .and_then(|c| c.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name}: `expect` starts with `exit N`"));
        let expected: Vec<&str> = expect.filter(|l| !l.trim().is_empty()).collect();
        let env: Vec<(String, String)> = read("env")
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        // The fixture's own files (args, expect, env) are in the folder too: harmless.
        check_case(&name, tmp.path(), &args, &env, code, &expected);
    }
}

const COURSE: &str = "code: SW3-TEST\nname: Testcursus\nacademic_year: 2026-2027\n\
                      period: blok 2\ninstitution: Hogeschool Voorbeeld\n\
                      examiners: [Examinator Een]\n";

#[test]
fn deeply_nested_yaml_is_refused_at_its_line_and_column() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let flow = format!("{COURSE}notes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.join("flow.yaml"), flow).expect("write");
    check_case(
        "flow",
        dir,
        &["check", "flow.yaml"],
        &[],
        1,
        &["nested more than 64 levels deep", "flow.yaml:7:71"],
    );
    let block = format!("{COURSE}notes:\n  {}x\n", "- ".repeat(100_000));
    std::fs::write(dir.join("block.yaml"), block).expect("write");
    check_case(
        "block",
        dir,
        &["check", "block.yaml"],
        &[],
        1,
        &["nested more than 64 levels deep", "block.yaml:8:"],
    );
    let keys: String = (0..2_000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    std::fs::write(dir.join("framework.yaml"), format!("schema_version: 1\n{keys}"))
        .expect("write");
    std::fs::write(dir.join("course.yaml"), COURSE).expect("write");
    check_case(
        "framework",
        dir,
        &["check", "course.yaml", "--framework", "framework.yaml"],
        &[],
        1,
        &["nested more than 64 levels deep", "framework.yaml:"],
    );
}

#[test]
fn aliases_that_expand_quadratically_are_refused_at_the_first_alias() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{COURSE}notes:\n  a: &a [{}x]\n  b: [{}*a]\n",
        "x, ".repeat(5_000),
        "*a, ".repeat(2_000)
    );
    std::fs::write(tmp.path().join("course.yaml"), text).expect("write");
    check_case(
        "aliases",
        tmp.path(),
        &["check", "course.yaml"],
        &[],
        1,
        &["expand this file to more than", "course.yaml:9:7"],
    );
}

/// Rewrite the example's filled scoring sheet with Python's zipfile (the tests need
/// python3 already): `script` gets `src` and `dst` and the helper `rewrite(change)`.
fn make_sheet(dir: &Path, name: &str, script: &str) {
    let program = format!(
        "import zipfile, struct, re\n\
         src = {src:?}\ndst = {dst:?}\n\
         def rewrite(change):\n\
         \x20   zin = zipfile.ZipFile(src)\n\
         \x20   with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:\n\
         \x20       for i in zin.infolist():\n\
         \x20           zout.writestr(i.filename, change(i.filename, zin.read(i.filename)))\n\
         {script}\n",
        src = root().join("examples/stage-scores-ingevuld.xlsx").display().to_string(),
        dst = dir.join(name).display().to_string(),
    );
    let status = Command::new("python3")
        .arg("-c")
        .arg(program)
        .status()
        .expect("python3 runs (tests/run.sh installs it)");
    assert!(status.success(), "making {name}");
}

#[test]
fn scoring_sheets_that_would_take_unbounded_memory_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    for file in ["stage.yaml", "students.csv"] {
        std::fs::copy(root().join("examples").join(file), dir.join(file)).expect("copy");
    }
    make_sheet(
        dir,
        "far.xlsx",
        "rewrite(lambda n, d: d.replace(b'</sheetData>', \
         b'<row r=\"1048576\"><c r=\"XFD1048576\" t=\"n\"><v>1</v></c></row></sheetData>') \
         if n == 'xl/worksheets/sheet2.xml' else d)",
    );
    make_sheet(
        dir,
        "formula-far.xlsx",
        "rewrite(lambda n, d: d.replace(b'</sheetData>', \
         b'<row r=\"150000\"><c r=\"ZZ150000\"><f>1+1</f></c></row></sheetData>') \
         if n == 'xl/worksheets/sheet2.xml' else d)",
    );
    make_sheet(
        dir,
        "strings.xlsx",
        "rewrite(lambda n, d: re.sub(rb'uniqueCount=\"\\d+\"', \
         b'uniqueCount=\"1000000000000\"', d) if n == 'xl/sharedStrings.xml' else d)",
    );
    // 1.1 GB of spaces in a 1 MB zip: once honest about its size, once lying.
    let bomb = "with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:\n\
                \x20   zin = zipfile.ZipFile(src)\n\
                \x20   for i in zin.infolist():\n\
                \x20       if i.filename != 'xl/worksheets/sheet2.xml':\n\
                \x20           z.writestr(i.filename, zin.read(i.filename))\n\
                \x20   with z.open('xl/worksheets/sheet2.xml', 'w') as f:\n\
                \x20       block = b' ' * (1 << 20)\n\
                \x20       for _ in range(1100): f.write(block)\n";
    make_sheet(dir, "bomb.xlsx", bomb);
    let lie = format!(
        "{bomb}b = bytearray(open(dst, 'rb').read())\n\
         name = b'xl/worksheets/sheet2.xml'\n\
         c = b.rfind(b'PK\\x01\\x02', 0, b.rfind(name))\n\
         struct.pack_into('<I', b, c + 24, 1000)\n\
         l = b.rfind(b'PK\\x03\\x04', 0, b.find(name))\n\
         struct.pack_into('<I', b, l + 22, 1000)\n\
         open(dst, 'wb').write(b)\n"
    );
    make_sheet(dir, "lie.xlsx", &lie);
    fn report(sheet: &str) -> [&str; 7] {
        ["report", "stage.yaml", "--scores", sheet, "-o", "out", "-q"]
    }
    check_case(
        "far",
        dir,
        &report("far.xlsx"),
        &[],
        1,
        &["Scores!XFD1048576", "more than meetlat reads", "far.xlsx"],
    );
    check_case(
        "formula-far",
        dir,
        &report("formula-far.xlsx"),
        &[],
        1,
        &["Scores!ZZ150000", "more than meetlat reads"],
    );
    check_case(
        "strings",
        dir,
        &report("strings.xlsx"),
        &[],
        1,
        &["announces 1000000000000 texts", "strings.xlsx"],
    );
    check_case(
        "bomb",
        dir,
        &report("bomb.xlsx"),
        &[],
        1,
        &["xl/worksheets/sheet2.xml", "zip bomb", "bomb.xlsx"],
    );
    // The lying zip is refused by the count of what it unpacks to, or by calamine when
    // the zip reader stops at the size the directory claims: either way, exit 1.
    check_case("lie", dir, &report("lie.xlsx"), &[], 1, &["lie.xlsx"]);
}

#[test]
fn a_student_list_of_fifty_thousand_is_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut csv =
        String::from("studentnummer,voornaam,tussenvoegsel,achternaam,e-mail\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "{},Voornaam{i},van der,Achternaam{i},s{i}@example.nl\n",
            1_000_000 + i
        ));
    }
    std::fs::write(tmp.path().join("students.csv"), csv).expect("write");
    let students = meetlat::students::read_csv(&tmp.path().join("students.csv"))
        .expect("a valid list");
    assert_eq!(students.len(), 50_000);
    std::fs::write(
        tmp.path().join("course.yaml"),
        format!("{COURSE}students: students.csv\n"),
    )
    .expect("write");
    let run = meetlat_bounded(tmp.path(), &["check", "course.yaml"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("50000"), "{}", run.transcript());
}
