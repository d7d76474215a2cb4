//! The archive an exam committee keeps: every report, the overview, `grades.csv`, the
//! inputs that produced them, and `manifest.json` with each file's SHA-256, size and
//! role. [`verify`] checks a folder against its manifest years later: every hash, every
//! PDF opens and carries its PDF/A identification, every report names the student the
//! manifest says, no file is missing, changed or unexpected, and no link is followed (a
//! link anywhere in the archive is a finding). `crate::pipeline::verify` adds the checks
//! that need the archived inputs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::render::Artifact;

/// The manifest's file name inside the archive.
pub const MANIFEST: &str = "manifest.json";
/// The manifest format, for readers in ten years.
pub const FORMAT: &str = "meetlat-archive/2";

/// The archive formats `verify` reads: `/1`, written before the toetsanalyse (no overview
/// CSV), and `/2` ([`FORMAT`]).
pub const FORMATS: [&str; 2] = ["meetlat-archive/1", FORMAT];

/// What a file in the archive is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A student's assessment report (PDF/A).
    Report,
    /// The cohort overview (PDF/A).
    Overview,
    /// Grades for the student administration (CSV).
    Grades,
    /// The cohort overview's figures (CSV).
    OverviewCsv,
    /// The course file (input).
    Course,
    /// The framework file (input).
    Framework,
    /// The student list (input).
    Students,
    /// The filled scoring sheet (input).
    Scores,
    /// The supervisors' observations, `observations.json` of `meetlat collect` (input,
    /// `report --observations`).
    Observations,
    /// A returned observation form the observations were read from (input).
    ObservationForm,
    /// A scan file (paper forms, scanned) the observations were read from (input).
    ObservationScan,
    /// An examiner's decisions on rows of scans, `controle.csv` (input).
    ObservationDecisions,
}

impl Role {
    /// The role as written in `manifest.json` (`report`, `overview`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Report => "report",
            Role::Overview => "overview",
            Role::Grades => "grades",
            Role::OverviewCsv => "overview-csv",
            Role::Course => "course",
            Role::Framework => "framework",
            Role::Students => "students",
            Role::Scores => "scores",
            Role::Observations => "observations",
            Role::ObservationForm => "observation-form",
            Role::ObservationScan => "observation-scan",
            Role::ObservationDecisions => "observation-decisions",
        }
    }

    /// True for the PDFs that must be PDF/A.
    pub fn is_archival_pdf(self) -> bool {
        matches!(self, Role::Report | Role::Overview)
    }
}

/// One file of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path inside the archive, with `/`.
    pub path: String,
    /// What the file is.
    pub role: Role,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// The student a report is about (number only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format id: [`FORMAT`].
    pub format: String,
    /// The meetlat version that wrote the archive.
    pub meetlat_version: String,
    /// The date printed on the documents (`YYYY-MM-DD`).
    pub date: String,
    /// Course code.
    pub course: String,
    /// Academic year.
    pub academic_year: String,
    /// Framework id.
    pub framework_id: String,
    /// Framework version.
    pub framework_version: String,
    /// The content fingerprint of framework and course selection.
    pub fingerprint: String,
    /// True when students of the course have no report (`--partial`).
    #[serde(default)]
    pub partial: bool,
    /// The student numbers without a report.
    #[serde(default)]
    pub not_reported: Vec<String>,
    /// Every file except the manifest itself, sorted by path.
    pub files: Vec<ManifestFile>,
}

/// A file to archive, with its role.
#[derive(Debug, Clone)]
pub struct ArchiveFile {
    /// Path inside the archive and bytes.
    pub artifact: Artifact,
    /// Its role.
    pub role: Role,
    /// The student of a report.
    pub student: Option<String>,
}

pub use crate::hash::sha256;

/// The path inside the archive, with `/` whatever the platform.
fn archive_path(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

impl Manifest {
    /// The manifest of `files`, with everything but the file list from `head`.
    pub fn new(mut head: Manifest, files: &[ArchiveFile]) -> Self {
        head.files = files
            .iter()
            .map(|f| ManifestFile {
                path: archive_path(&f.artifact.path),
                role: f.role,
                size: f.artifact.bytes.len() as u64,
                sha256: sha256(&f.artifact.bytes),
                student: f.student.clone(),
            })
            .collect();
        head.files.sort_by(|a, b| a.path.cmp(&b.path));
        head
    }

    /// The manifest as the bytes of `manifest.json` (pretty, newline at the end).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// Write the archive into `dir`, replacing what was there: the new archive is written
/// beside it first and swapped in, so a failed write leaves the old archive whole and a
/// rerun leaves no stale files. `signature`, when given, is the manifest's detached
/// signature ([`crate::seal::SIGNATURE`]).
///
/// # Errors
/// [`Error::Io`] when a file cannot be written.
pub fn write(
    dir: &Path,
    files: &[ArchiveFile],
    manifest: &Manifest,
    signature: Option<Vec<u8>>,
) -> Result<Vec<PathBuf>> {
    let name = dir
        .file_name()
        .map_or_else(|| "archive".into(), |n| n.to_string_lossy().into_owned());
    let parent = dir.parent().unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { action, path, source }
    };
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(io("remove old folder", leftover))?;
        }
    }
    let mut artifacts: Vec<Artifact> = files.iter().map(|f| f.artifact.clone()).collect();
    artifacts.push(Artifact::new(MANIFEST, manifest.to_bytes()));
    if let Some(signature) = signature {
        artifacts.push(Artifact::new(crate::seal::SIGNATURE, signature));
    }
    crate::output::register_temporary(&staging);
    if let Err(e) = crate::output::write_artifacts(&staging, &artifacts) {
        // A full disk, say: leave no half-written archive behind.
        let _ = std::fs::remove_dir_all(&staging);
        crate::output::forget_temporary(&staging);
        return Err(e);
    }
    crate::output::forget_temporary(&staging);
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(io("move old archive aside", dir))?;
    }
    std::fs::rename(&staging, dir).map_err(io("move archive into place", dir))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io("remove old archive", &old))?;
    }
    Ok(artifacts.iter().map(|a| dir.join(&a.path)).collect())
}

/// What [`verify`] found wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Listed in the manifest, not in the folder.
    Missing(String),
    /// Its bytes differ from the manifest (size or hash).
    Changed(String),
    /// In the folder, not in the manifest.
    Unexpected(String),
    /// A PDF that does not open or lacks its PDF/A identification, or a listed path
    /// that leaves the archive: the path and why.
    Invalid(String, String),
}

impl Finding {
    /// The archive path the finding is about.
    pub fn path(&self) -> &str {
        match self {
            Finding::Missing(p)
            | Finding::Changed(p)
            | Finding::Unexpected(p)
            | Finding::Invalid(p, _) => p,
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Missing(p) => {
                write!(f, "missing: {p} (listed in the manifest, not in the folder)")
            }
            Finding::Changed(p) => {
                write!(f, "changed: {p} (its SHA-256 differs from the manifest)")
            }
            Finding::Unexpected(p) => {
                write!(f, "unexpected: {p} (in the folder, not in the manifest)")
            }
            Finding::Invalid(p, why) => write!(f, "invalid: {p} ({why})"),
        }
    }
}

/// The outcome of [`verify`].
#[derive(Debug)]
pub struct Verified {
    /// The manifest read.
    pub manifest: Manifest,
    /// Files that matched.
    pub ok: usize,
    /// Everything wrong, in path order.
    pub findings: Vec<Finding>,
    /// Whether `grades.csv` was computed again from the archived inputs: `Some(false)`
    /// when not (why is then one of the findings, so the check fails), `None` when not
    /// tried (only the manifest was checked, [`verify`]).
    pub recomputed: Option<bool>,
    /// Who signed the manifest: `None` when the archive is not signed, or when its
    /// signature does not hold (why is then one of the findings).
    pub signer: Option<crate::seal::Signer>,
}

/// Check an archive folder against its manifest.
///
/// # Errors
/// [`Error::Invalid`] when the folder has no readable manifest.
pub fn verify(dir: &Path) -> Result<Verified> {
    let manifest_path = dir.join(MANIFEST);
    // Never follow a link: not for the manifest, not for any file it lists.
    if let Ok(meta) = std::fs::symlink_metadata(&manifest_path)
        && !meta.is_file()
    {
        let what = if meta.is_symlink() { "a symbolic link" } else { "not a file" };
        return Err(Error::Invalid(vec![
            Diagnostic::error(format!(
                "the archive's manifest is {what}: verify reads only plain files inside the archive folder"
            ))
            .in_file(&manifest_path),
        ]));
    }
    let text = std::fs::read(&manifest_path).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::error(format!("cannot read the archive's manifest ({e})"))
                .in_file(&manifest_path)
                .hint("give the archive folder that `meetlat report` wrote, e.g. `output/archive/SW3-STAGE-OW-2026-2027`"),
        ])
    })?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::error(format!(
                "the manifest is not a meetlat archive manifest ({e})"
            ))
            .in_file(&manifest_path),
        ])
    })?;
    let mut findings = Vec::new();
    let signer = check_signature(dir, &text, &mut findings);
    let mut ok = 0;
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for file in &manifest.files {
        // A manifest names files inside its folder only.
        let inside = Path::new(&file.path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            findings.push(Finding::Invalid(
                file.path.clone(),
                "the manifest names a path outside the archive".to_owned(),
            ));
            continue;
        }
        let path = dir.join(&file.path);
        match plain_file(dir, Path::new(&file.path)) {
            Ok(None) => {
                findings.push(Finding::Missing(file.path.clone()));
                continue;
            }
            Err(why) => {
                findings.push(Finding::Invalid(file.path.clone(), why));
                continue;
            }
            Ok(Some(size)) if size != file.size => {
                findings.push(Finding::Changed(file.path.clone()));
                continue;
            }
            Ok(Some(_)) => {}
        }
        let Ok(bytes) = std::fs::read(&path) else {
            findings.push(Finding::Missing(file.path.clone()));
            continue;
        };
        if bytes.len() as u64 != file.size || sha256(&bytes) != file.sha256 {
            findings.push(Finding::Changed(file.path.clone()));
            continue;
        }
        if file.role.is_archival_pdf()
            && let Err(why) = check_pdfa(&bytes)
        {
            findings.push(Finding::Invalid(
                file.path.clone(),
                format!("not an archival PDF: {why}"),
            ));
            continue;
        }
        if file.role == Role::Report
            && let Err(why) =
                check_report_student(&bytes, &manifest.course, file.student.as_deref())
        {
            findings.push(Finding::Invalid(file.path.clone(), why));
            continue;
        }
        ok += 1;
    }
    let (found, links) = files_below(dir);
    for found in found {
        if found != MANIFEST
            && found != crate::seal::SIGNATURE
            && !listed.contains(found.as_str())
        {
            findings.push(Finding::Unexpected(found));
        }
    }
    // A link the manifest lists is named above already.
    for link in links {
        // The signature as a link is named by `check_signature`.
        if !listed.contains(link.as_str()) && link != crate::seal::SIGNATURE {
            findings.push(Finding::Invalid(
                link,
                "a symbolic link: an archive holds plain files only, and verify does not follow links"
                    .to_owned(),
            ));
        }
    }
    findings.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(Verified { manifest, ok, findings, recomputed: None, signer })
}

/// The manifest's signature, when the archive has one: its signer, or a finding. An
/// archive without `manifest.json.p7s` is not signed, which is no finding; one whose
/// signature does not hold is.
fn check_signature(
    dir: &Path,
    manifest: &[u8],
    findings: &mut Vec<Finding>,
) -> Option<crate::seal::Signer> {
    let name = crate::seal::SIGNATURE;
    let invalid = |why: String| Finding::Invalid(name.to_owned(), why);
    match plain_file(dir, Path::new(name)) {
        Ok(None) => None,
        Err(why) => {
            findings.push(invalid(why));
            None
        }
        Ok(Some(_)) => match std::fs::read(dir.join(name)) {
            Err(e) => {
                findings.push(invalid(format!("cannot be read ({e})")));
                None
            }
            Ok(signature) => match crate::seal::verify(&signature, manifest) {
                Ok(signer) => Some(signer),
                Err(why) => {
                    findings.push(invalid(why));
                    None
                }
            },
        },
    }
}

/// Whether the archive path `rel` below `dir` is a plain file, without following any
/// link on the way: `Ok(Some(size))`, `Ok(None)` when it does not exist, or why not.
fn plain_file(dir: &Path, rel: &Path) -> std::result::Result<Option<u64>, String> {
    let mut path = dir.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot be read ({e})")),
        };
        let last = i + 1 == parts.len();
        if meta.is_symlink() {
            let target = std::fs::read_link(&path)
                .map_or_else(|_| String::new(), |t| format!(" to `{}`", t.display()));
            let what = if last { "it is" } else { "a folder on its path is" };
            return Err(format!(
                "{what} a symbolic link{target}: an archive holds plain files only, and verify does not follow links"
            ));
        }
        if last {
            return if meta.is_file() {
                Ok(Some(meta.len()))
            } else {
                Err("not a plain file".to_owned())
            };
        }
        if !meta.is_dir() {
            return Ok(None);
        }
    }
    Ok(None)
}

/// Every plain file below `dir` and every symbolic link (never followed), as archive
/// paths.
fn files_below(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut links = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            // `file_type` does not follow links, so a loop or a link to `/` is one entry.
            let Ok(kind) = entry.file_type() else { continue };
            let Ok(rel) = path.strip_prefix(dir) else { continue };
            if kind.is_symlink() {
                links.push(archive_path(rel));
            } else if kind.is_dir() {
                stack.push(path);
            } else {
                files.push(archive_path(rel));
            }
        }
    }
    files.sort();
    links.sort();
    (files, links)
}

/// A report names its student by number in its title (`<title> <course> <number>`,
/// see `render::report`): it must be the student the manifest names.
fn check_report_student(
    bytes: &[u8],
    course: &str,
    student: Option<&str>,
) -> std::result::Result<(), String> {
    let Some(number) = student else {
        return Err("the manifest names no student for this report".to_owned());
    };
    let doc =
        lopdf::Document::load_mem(bytes).map_err(|e| format!("does not open: {e}"))?;
    let title = pdf_title(&doc).ok_or_else(|| {
        format!("it names no student in its metadata, so it cannot be shown to be the report of student `{number}`")
    })?;
    if title.ends_with(&format!(" {course} {number}")) {
        Ok(())
    } else {
        Err(format!(
            "it is not the report of student `{number}`, as the manifest says: its title is `{title}`"
        ))
    }
}

/// The document title of a PDF's Info dictionary.
fn pdf_title(doc: &lopdf::Document) -> Option<String> {
    pdf_info(doc, b"Title")
}

/// The keywords of a PDF's Info dictionary, as written there; `None` when it has none or
/// does not open.
pub fn pdf_keywords(bytes: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(bytes).ok()?;
    pdf_info(&doc, b"Keywords")
}

/// A text entry of a PDF's Info dictionary.
fn pdf_info(doc: &lopdf::Document, key: &[u8]) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let title = info.as_dict().ok()?.get(key).ok()?;
    let bytes = match title {
        lopdf::Object::String(bytes, _) => bytes,
        lopdf::Object::Reference(id) => doc.get_object(*id).ok()?.as_str().ok()?,
        _ => return None,
    };
    Some(text_string(bytes))
}

/// A PDF text string: UTF-16BE with its byte order mark, UTF-8 with its mark, or (for
/// the ASCII a title of ours holds) PDFDocEncoding read as Latin-1.
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The PDF opens, and its XMP metadata names a PDF/A part and conformance.
pub fn check_pdfa(bytes: &[u8]) -> std::result::Result<(), String> {
    let doc =
        lopdf::Document::load_mem(bytes).map_err(|e| format!("does not open: {e}"))?;
    let catalog = doc.catalog().map_err(|e| format!("no catalog: {e}"))?;
    let metadata = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .and_then(|id| doc.get_object(id))
        .and_then(|o| o.as_stream())
        .map_err(|_| "no XMP metadata".to_owned())?;
    let xmp =
        metadata.decompressed_content().unwrap_or_else(|_| metadata.content.clone());
    let xmp = String::from_utf8_lossy(&xmp);
    let part = xmp_value(&xmp, "pdfaid:part");
    let conformance = xmp_value(&xmp, "pdfaid:conformance");
    match (part, conformance) {
        (Some(p), Some(c)) if !p.is_empty() && !c.is_empty() => Ok(()),
        _ => Err("no PDF/A identification in its metadata".to_owned()),
    }
}

/// A simple XMP property, as element (`<pdfaid:part>2</pdfaid:part>`) or attribute
/// (`pdfaid:part="2"`).
fn xmp_value(xmp: &str, name: &str) -> Option<String> {
    if let Some(start) = xmp.find(&format!("<{name}>")) {
        let rest = &xmp[start + name.len() + 2..];
        return rest.find("</").map(|end| rest[..end].trim().to_owned());
    }
    let key = format!("{name}=\"");
    let start = xmp.find(&key)? + key.len();
    xmp[start..].find('"').map(|end| xmp[start..start + end].to_owned())
}
