//! Independent checks of generated PDFs with poppler and qpdf (installed by
//! `tests/run.sh`). A missing tool fails the test with a message saying what to install.

use std::path::Path;
use std::process::Command;

/// Run an inspection tool and return its stdout.
pub fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(name).args(args).arg(pdf).output().unwrap_or_else(|e| {
        panic!(
            "`{name}` is needed to check PDFs ({e}): install poppler-utils and qpdf, \
             or run the tests with `bash tests/run.sh`, which installs them"
        )
    });
    assert!(
        output.status.success() || name == "qpdf",
        "`{name}` failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text layer in content order, whitespace collapsed to single spaces.
pub fn text(pdf: &Path) -> String {
    pdftotext(pdf, &[])
}

/// `pdftotext -raw` with extra arguments, whitespace collapsed.
fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("`pdftotext` is needed: install poppler-utils (bash tests/run.sh does)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    collapse(&String::from_utf8_lossy(&out.stdout))
}

/// Collapse all whitespace runs to one space.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `pdfinfo` as key → value pairs.
pub fn info(pdf: &Path) -> Vec<(String, String)> {
    tool("pdfinfo", &[], pdf)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// One `pdfinfo` field.
pub fn info_field(pdf: &Path, key: &str) -> String {
    info(pdf).into_iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default()
}

/// Number of pages.
pub fn pages(pdf: &Path) -> usize {
    info_field(pdf, "Pages").parse().expect("page count")
}

/// The XMP metadata packet.
pub fn xmp(pdf: &Path) -> String {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let start = text.find("<x:xmpmeta").expect("an XMP packet");
    let end = text[start..].find("</x:xmpmeta>").expect("XMP end") + start;
    text[start..end].to_owned()
}

/// Assert every font is embedded (pdffonts' `emb` column), and return the font names.
pub fn assert_fonts_embedded(pdf: &Path) -> Vec<String> {
    let listing = tool("pdffonts", &[], pdf);
    let rows: Vec<&str> =
        listing.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{listing}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID: emb is the 5th column from the end.
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
    rows.iter().map(|r| r.split_whitespace().next().unwrap_or("").to_owned()).collect()
}

/// Assert `qpdf --check` finds nothing.
pub fn assert_qpdf_clean(pdf: &Path) {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("No syntax or stream encoding errors"),
        "qpdf --check: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Assert the file is PDF/A-2a and PDF/UA-1 by its XMP identification, and tagged.
pub fn assert_archival(pdf: &Path) {
    let xmp = xmp(pdf);
    let has = |tag: &str, value: &str| {
        xmp.contains(&format!("<{tag}>{value}</{tag}>"))
            || xmp.contains(&format!("{tag}=\"{value}\""))
    };
    assert!(has("pdfaid:part", "2"), "no PDF/A-2 identification in XMP");
    assert!(has("pdfaid:conformance", "A"), "no PDF/A conformance level A in XMP");
    assert!(has("pdfuaid:part", "1"), "no PDF/UA-1 identification in XMP");
    assert_eq!(info_field(pdf, "Tagged"), "yes", "not tagged");
    let structure = tool("pdfinfo", &["-struct"], pdf);
    assert!(structure.contains("Table") && structure.contains("TH"), "no tagged table");
}

/// The text of one page (1-based), whitespace collapsed.
pub fn page(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    pdftotext(pdf, &["-f", &page, "-l", &page])
}
