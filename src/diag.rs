//! Diagnostics: one type for every problem in the input, and one way to print it
//! (`error: …`, the file and line:column, a source excerpt, `hint: …` lines).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::locate::{Pos, YamlIndex};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used, but probably not as intended.
    Warning,
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in, if any.
    pub file: Option<PathBuf>,
    /// Where in the file.
    pub pos: Option<Pos>,
    /// The line of the file at `pos`, for the excerpt.
    pub excerpt: Option<String>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hints: Vec<String>,
    /// A failure outside the input (a full disk, a worker thread that died): the run exits
    /// with code 2, not 1.
    pub internal: bool,
}

impl Diagnostic {
    /// An error without a location.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos: None,
            excerpt: None,
            message: message.into(),
            hints: Vec::new(),
            internal: false,
        }
    }

    /// A failure that is not the input's fault (exit code 2).
    pub fn internal(message: impl Into<String>) -> Self {
        Diagnostic { internal: true, ..Diagnostic::error(message) }
    }

    /// A warning without a location.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Set the file.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Set the position and the excerpt from the file's text.
    pub fn at(mut self, text: &str, pos: Pos) -> Self {
        self.excerpt = text.lines().nth(pos.line - 1).map(str::to_owned);
        self.pos = Some(pos);
        self
    }

    /// Add a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = self.pos.map_or(1, |p| p.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(file) = &self.file {
            match self.pos {
                Some(p) => {
                    writeln!(f, "{pad}--> {}:{}:{}", file.display(), p.line, p.column)?
                }
                None => writeln!(f, "{pad}--> {}", file.display())?,
            }
        }
        if let (Some(p), Some(line)) = (self.pos, &self.excerpt) {
            let line = line.replace('\t', " ");
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", p.line, line.trim_end())?;
            let available = line.chars().count().saturating_sub(p.column - 1).max(1);
            let marks = "^".repeat(p.len.min(available));
            writeln!(f, "{pad} | {}{marks}", " ".repeat(p.column - 1))?;
        }
        for hint in &self.hints {
            writeln!(f, "{pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A YAML file's text with its index, for making located diagnostics.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as the user gave it.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Positions of keys and values.
    pub index: YamlIndex,
}

impl SourceFile {
    /// Index a YAML text.
    pub fn new(path: &Path, text: String) -> Self {
        let index = YamlIndex::new(&text);
        SourceFile { path: path.to_path_buf(), text, index }
    }

    /// An error at the value of `path` (or its nearest ancestor).
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(message), self.index.find(path))
    }

    /// A warning at the value of `path`.
    pub fn warning(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(message), self.index.find(path))
    }

    /// An error at the key of `path`.
    pub fn key_error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(message), self.index.find_key(path))
    }

    fn locate(&self, diag: Diagnostic, pos: Option<Pos>) -> Diagnostic {
        let diag = diag.in_file(&self.path);
        match pos {
            Some(pos) => diag.at(&self.text, pos),
            None => diag,
        }
    }
}

/// "did you mean `X`?" for the closest candidate, if one is close enough.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    // Dutch words teachers type for our English field names.
    const DUTCH: &[(&str, &str)] = &[
        ("naam", "name"),
        ("cursusnaam", "name"),
        ("cursuscode", "code"),
        ("studiejaar", "academic_year"),
        ("periode", "period"),
        ("instelling", "institution"),
        ("examinatoren", "examiners"),
        ("examinator", "examiners"),
        ("taal", "language"),
        ("datum", "date"),
        ("leeruitkomsten", "outcomes"),
        ("weging", "weights"),
        ("wegingen", "weights"),
        ("schaal", "scale"),
        ("niveaus", "scale"),
        ("beoordeling", "grading"),
        ("studenten", "students"),
        ("studentnummer", "number"),
        ("voornaam", "first_name"),
        ("tussenvoegsel", "prefix"),
        ("achternaam", "last_name"),
        ("punten", "points"),
        ("omschrijving", "descriptor"),
    ];
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some((_, english)) =
        DUTCH.iter().find(|(nl, _)| nl.eq_ignore_ascii_case(wrong))
        && candidates.contains(english)
    {
        return Some(format!("did you mean `{english}`?"));
    }
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Join ids for a message: `` `a`, `b`, `c` ``.
pub fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}
