//! The embedded, sandboxed Typst engine (stage: render). A document is compiled from a
//! template and a JSON view model served as the virtual file `/data.json`; the template
//! reads it with `json("/data.json")`. Data never becomes Typst markup.
//!
//! The world reads only what we allow: templates (embedded or from the override
//! directory, symlinks checked), the bundled fonts, and the data. No system fonts, no
//! packages, no other files, and a fixed date.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use typst::foundations::{Element, Selector};
use typst::introspection::{Introspector, MetadataElem};

use crate::diag::Diagnostic;
use crate::locate::Pos;
use crate::templates::{EMBEDDED_FONTS, TemplateError, TemplateSource};

/// The virtual path of the view model.
pub const DATA_PATH: &str = "/data.json";

/// What a PDF claims to conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfProfile {
    /// PDF/A-2a with PDF/UA-1: archival, tagged, accessible.
    Archival,
    /// Plain tagged PDF 1.7 (for documents that get form fields afterwards).
    Plain,
}

/// Settings of one PDF export.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    /// Conformance claimed.
    pub profile: PdfProfile,
    /// Whether the PDF is tagged (must be true for [`PdfProfile::Archival`]).
    pub tagged: bool,
    /// Stable, unique document identifier, e.g. `meetlat/rubric/SW3/77fca0ea2f16`.
    pub ident: String,
    /// Creation date written into the PDF.
    pub date: (i32, u8, u8),
}

impl PdfSettings {
    /// The typst-pdf options.
    ///
    /// # Errors
    /// A combination that would claim PDF/A-2a or PDF/UA-1 without tags is refused:
    /// the file would claim an accessibility it does not have.
    pub fn options(&self) -> Result<PdfOptions, String> {
        let standards: &[PdfStandard] = match self.profile {
            PdfProfile::Archival => &[PdfStandard::A_2a, PdfStandard::Ua_1],
            PdfProfile::Plain => &[],
        };
        if !self.tagged && self.profile == PdfProfile::Archival {
            return Err(
                "cannot export an untagged PDF that claims PDF/A-2a and PDF/UA-1 \
                        conformance"
                    .to_owned(),
            );
        }
        let standards =
            PdfStandards::new(standards).map_err(|e| e.message().to_string())?;
        let (y, m, d) = self.date;
        let datetime = Datetime::from_ymd_hms(y, m, d, 12, 0, 0)
            .ok_or_else(|| format!("invalid document date {y}-{m}-{d}"))?;
        Ok(PdfOptions {
            ident: Smart::Custom(self.ident.clone()),
            creator: Smart::Custom(Some(format!(
                "meetlat {}",
                env!("CARGO_PKG_VERSION")
            ))),
            timestamp: Some(Timestamp::new_utc(datetime)),
            page_ranges: None,
            standards,
            tagged: self.tagged,
            pretty: false,
        })
    }
}

/// What stays the same across documents: library, fonts, templates, date. Shared with
/// the thread each document is typeset on.
pub struct Engine {
    state: Arc<EngineState>,
}

/// The engine's state.
struct EngineState {
    /// The standard library.
    library: LazyHash<Library>,
    /// Metadata of the bundled fonts.
    book: LazyHash<FontBook>,
    /// The bundled fonts.
    fonts: Vec<Font>,
    /// Where templates come from.
    templates: TemplateSource,
    /// `datetime.today()` in templates.
    today: Datetime,
    /// Parsed template sources, by file id.
    sources: Mutex<HashMap<FileId, Source>>,
    /// Display paths of template files, by file id (for diagnostics).
    paths: Mutex<HashMap<FileId, PathBuf>>,
}

/// Page `index` (from 0) of a document as SVG; `None` past the last page.
pub fn page_svg(document: &PagedDocument, index: usize) -> Option<String> {
    let page = document.pages().get(index)?;
    Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
}

/// What a document is typeset from: the template, `/data.json` and other files.
#[derive(Debug, Clone)]
pub struct Input {
    /// The template, e.g. `rubric.typ`.
    pub template: &'static str,
    /// The view model as JSON.
    pub data: Vec<u8>,
    /// Other files by path (QR codes).
    pub files: Vec<(String, Vec<u8>)>,
}

impl Engine {
    /// Build the engine.
    pub fn new(templates: TemplateSource, today: (i32, u8, u8)) -> Self {
        let fonts: Vec<Font> = EMBEDDED_FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        let state = EngineState {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts,
            templates,
            today: Datetime::from_ymd(today.0, today.1, today.2)
                .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("valid date")),
            sources: Mutex::new(HashMap::new()),
            paths: Mutex::new(HashMap::new()),
        };
        Engine { state: Arc::new(state) }
    }

    /// Compile template `template` (e.g. `rubric.typ`) with `data` as `/data.json` and
    /// export it as PDF.
    ///
    /// # Errors
    /// Template errors (from a user's override) as located diagnostics; a panic inside
    /// Typst becomes an error for this document.
    pub fn pdf(
        &self,
        template: &str,
        data: Vec<u8>,
        settings: &PdfSettings,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        self.typeset(template, data, Vec::new(), settings, true).map(|t| t.pdf)
    }

    /// Compile and export a document: `data` is served as `/data.json`, each of `files`
    /// at its path. Also returns the boxes the template marked with `<field>`.
    /// `evict` clears Typst's caches afterwards; a batch of similar documents may keep
    /// them for a few documents and evict in between.
    ///
    /// # Errors
    /// As [`Engine::pdf`].
    pub fn typeset(
        &self,
        template: &str,
        data: Vec<u8>,
        files: Vec<(String, Vec<u8>)>,
        settings: &PdfSettings,
        evict: bool,
    ) -> Result<Typeset, Vec<Diagnostic>> {
        let options = settings.options().map_err(|e| vec![Diagnostic::error(e)])?;
        self.compile(template, data, files, evict, |world, document| {
            let all = metadata(&document);
            let fields = field_boxes(&document, &all);
            let markers = markers(&all);
            let pdf = typst_pdf::pdf(&document, &options)
                .map_err(|errors| world.diagnostics(&errors))?;
            Ok(Typeset { pdf, fields, markers, pages: document.pages().len() })
        })
    }

    /// Compile `input` like [`Engine::typeset`] but make no PDF: the laid-out pages,
    /// which [`page_svg`] draws one by one (the preview of `meetlat serve`).
    ///
    /// # Errors
    /// As [`Engine::pdf`].
    pub fn pages(
        &self,
        input: Input,
        evict: bool,
    ) -> Result<PagedDocument, Vec<Diagnostic>> {
        self.compile(input.template, input.data, input.files, evict, |_, document| {
            Ok(document)
        })
    }

    /// Compile `template` with `data` as `/data.json` and each of `files` at its path, and
    /// return only its [`Marker`]s: no PDF is made. For documents that measure things.
    /// Always clears Typst's caches afterwards.
    ///
    /// # Errors
    /// As [`Engine::pdf`].
    pub fn markers(
        &self,
        template: &str,
        data: Vec<u8>,
        files: Vec<(String, Vec<u8>)>,
    ) -> Result<Vec<Marker>, Vec<Diagnostic>> {
        self.compile(template, data, files, true, |_, document| {
            Ok(markers(&metadata(&document)))
        })
    }

    /// Compile `template` like [`Engine::typeset`] but make no PDF: the field boxes, the
    /// markers, and each page's size in pt (width, height). For reading a form back.
    /// Always clears Typst's caches afterwards.
    ///
    /// # Errors
    /// As [`Engine::pdf`].
    pub fn layout(
        &self,
        template: &str,
        data: Vec<u8>,
        files: Vec<(String, Vec<u8>)>,
    ) -> Result<Layout, Vec<Diagnostic>> {
        self.compile(template, data, files, true, |_, document| {
            let all = metadata(&document);
            Ok(Layout {
                fields: field_boxes(&document, &all),
                markers: markers(&all),
                pages: document
                    .pages()
                    .iter()
                    .map(|p| (p.frame.width().to_pt(), p.frame.height().to_pt()))
                    .collect(),
            })
        })
    }

    /// Compile `template` in a sandboxed world (`data` as `/data.json`, each of `files` at
    /// its path) and hand the document to `finish`. A panic inside Typst becomes an error
    /// for this document; `evict` clears Typst's caches afterwards.
    fn compile<T>(
        &self,
        template: &str,
        data: Vec<u8>,
        files: Vec<(String, Vec<u8>)>,
        evict: bool,
        finish: impl FnOnce(&DocWorld, PagedDocument) -> Result<T, Vec<Diagnostic>>,
    ) -> Result<T, Vec<Diagnostic>> {
        self.check_glyphs(&data)?;
        let main = project_file(&format!("/{template}")).map_err(|e| {
            vec![Diagnostic::error(format!("bad template name `{template}`: {e}"))]
        })?;
        let mut extra = Vec::new();
        for (path, bytes) in files {
            let id = project_file(&path).map_err(|e| vec![Diagnostic::error(e)])?;
            extra.push((id, Bytes::new(bytes)));
        }
        let world = DocWorld {
            engine: Arc::clone(&self.state),
            main,
            data: Bytes::new(data),
            files: extra,
        };
        // Typst cannot be interrupted: the document is typeset on a thread of its own
        // (with a deep stack, as Typst's layout recurses), and a template that does not
        // finish in time is given up. Its thread runs on until the process ends, which
        // an error makes it do soon; nothing has been written by then.
        let limit = crate::limits::typeset_seconds();
        let (sender, receiver) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name(format!("typeset {template}"))
            .stack_size(crate::limits::TYPESET_STACK)
            .spawn(move || {
                let output = catch_unwind(AssertUnwindSafe(|| {
                    typst::compile::<PagedDocument>(&world).output
                }));
                let _ = sender.send((world, output));
            });
        if let Err(e) = spawned {
            return Err(vec![Diagnostic::error(format!(
                "cannot start typesetting template `{template}`: {e}"
            ))]);
        }
        let received = match receiver.recv_timeout(std::time::Duration::from_secs(limit))
        {
            Ok(received) => received,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                return Err(vec![
                    Diagnostic::error(format!(
                        "template `{template}` did not finish typesetting within {limit} seconds"
                    ))
                    .hint(
                        "a template override with an endless or deeply nested loop, or one \
                         that makes a huge document, is the usual cause; meetlat's own \
                         templates take seconds",
                    )
                    .hint(format!(
                        "for a very large course, allow more time with {}=SECONDS",
                        crate::limits::TYPESET_SECONDS_VAR
                    )),
                ]);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(vec![Diagnostic::internal(format!(
                    "the typesetting of template `{template}` stopped without a result"
                ))
                .hint("this is a bug in meetlat or Typst; please report it")]);
            }
        };
        let (world, output) = received;
        let result = match output {
            Ok(output) => catch_unwind(AssertUnwindSafe(|| {
                let document = output.map_err(|errors| world.diagnostics(&errors))?;
                finish(&world, document)
            })),
            Err(panic) => Err(panic),
        };
        // Memory stays flat in a batch only if the caches are cleared, on success and on
        // failure.
        if evict {
            typst::comemo::evict(0);
        }
        match result {
            Ok(r) => r,
            Err(panic) => {
                typst::comemo::evict(0);
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                Err(vec![
                    Diagnostic::internal(format!(
                        "the typesetting engine crashed on template `{template}`: {what}"
                    ))
                    .hint("this is a bug in meetlat or Typst; the other documents are not affected"),
                ])
            }
        }
    }

    /// Every character of the data must be printable with the bundled fonts: under PDF/A a
    /// missing glyph is an error, and it is better named in the user's words than in Typst's.
    fn check_glyphs(&self, data: &[u8]) -> Result<(), Vec<Diagnostic>> {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
            return Ok(());
        };
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::String(s) => {
                    let missing: String = s
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .filter(|c| {
                            !self
                                .state
                                .fonts
                                .iter()
                                .any(|f| f.info().coverage.contains(*c as u32))
                        })
                        .filter(|c| seen.insert(*c))
                        .collect();
                    if !missing.is_empty() {
                        let codes: Vec<String> = missing
                            .chars()
                            .map(|c| format!("`{c}` (U+{:04X})", c as u32))
                            .collect();
                        problems.push(
                            Diagnostic::error(format!(
                                "{} cannot be printed with meetlat's fonts, in: \"{s}\"",
                                codes.join(", ")
                            ))
                            .hint("the bundled fonts (Noto Sans) cover Latin, Greek and Cyrillic \
                                   script; replace or transliterate the character in the input"),
                        );
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => stack.extend(map.values().rev()),
                _ => {}
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
}

impl EngineState {
    /// Read and parse a template source, caching it.
    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(s) = self.sources.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(s);
        }
        let bytes = self.template_bytes(id)?;
        let text =
            String::from_utf8(bytes.to_vec()).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text);
        if let Ok(mut m) = self.sources.lock() {
            m.insert(id, source.clone());
        }
        Ok(source)
    }

    /// Read a template file (only the project root; packages are refused).
    fn template_bytes(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "packages are disabled in meetlat ({spec}); templates may use only the \
                     files in the template directory"
                )
                .into(),
            ))));
        }
        let name = rooted.vpath().get_without_slash().to_owned();
        match self.templates.read(&name) {
            Ok((bytes, shown)) => {
                if let Ok(mut m) = self.paths.lock() {
                    m.insert(id, shown);
                }
                Ok(Bytes::new(bytes))
            }
            Err(TemplateError::NotFound) => {
                Err(FileError::NotFound(PathBuf::from(format!("templates/{name}"))))
            }
            Err(TemplateError::OutsideRoot { path, folder, target }) => {
                Err(FileError::Other(Some(
                    format!(
                        "`{}` is or passes through a symbolic link to `{}`, which leaves the \
                         template folder `{}`; templates may use only files inside it",
                        path.display(),
                        target.display(),
                        folder.display()
                    )
                    .into(),
                )))
            }
            Err(TemplateError::Io(e)) => Err(FileError::Other(Some(e.into()))),
        }
    }
}

/// A file id in the project root.
fn project_file(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| e.to_string())?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The kind of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One option of a radio group; the group is the field's name.
    Radio(String),
    /// A one-line text field.
    Text,
    /// A multi-line text field, drawn over ruled lines this far apart (in pt), if any.
    MultiLine {
        /// The spacing of the ruled lines, in pt.
        rules: Option<f32>,
    },
}

/// A field as laid out: page (0-based), rectangle in PDF points (origin bottom left).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldBox {
    /// The page, counting from 0.
    pub page: usize,
    /// `[x1, y1, x2, y2]` in PDF coordinates.
    pub rect: [f32; 4],
    /// The field name, e.g. `LU3.G12` or `LU3.voorbeelden`.
    pub name: String,
    /// Text field or radio option.
    pub kind: FieldKind,
}

/// A typeset document.
#[derive(Debug)]
pub struct Typeset {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// The boxes marked `<field>`, in PDF coordinates.
    pub fields: Vec<FieldBox>,
    /// Markers the template placed (`metadata` with a `slot` or `measure` key).
    pub markers: Vec<Marker>,
    /// Number of pages.
    pub pages: usize,
}

/// A document's layout without the PDF (see [`Engine::layout`]).
#[derive(Debug)]
pub struct Layout {
    /// The boxes marked `<field>`, in PDF coordinates.
    pub fields: Vec<FieldBox>,
    /// The markers.
    pub markers: Vec<Marker>,
    /// Each page's width and height, in pt.
    pub pages: Vec<(f64, f64)>,
}

/// A `metadata((slot: ..))`, `metadata((measure: ..))` or `metadata((scan: ..))` marker of
/// a template: where it is and what it says. Used by the observation forms' fast path
/// (slots to stamp into, measured heights) and by reading scans back (registration marks,
/// QR codes).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The page, counting from 0.
    pub page: usize,
    /// Distance from the page's left edge, in pt.
    pub x: f64,
    /// Distance from the page's top edge, in pt (Typst's coordinates, not PDF's).
    pub y: f64,
    /// The marker's value.
    pub value: serde_json::Value,
}

/// Every `metadata(..)` of `document` with its position, in document order: one query
/// serves both the form-field boxes and the slot markers.
fn metadata(document: &PagedDocument) -> Vec<Marker> {
    let introspector = document.introspector();
    introspector
        .query(&Selector::Elem(Element::of::<MetadataElem>(), None))
        .iter()
        .filter_map(|content| {
            let meta = content.to_packed::<MetadataElem>()?;
            let value = serde_json::to_value(&meta.value).ok()?;
            let position = introspector.position(content.location()?)?;
            Some(Marker {
                page: position.page.get() - 1,
                x: position.point.x.to_pt(),
                y: position.point.y.to_pt(),
                value,
            })
        })
        .collect()
}

/// The markers whose value is a dictionary with a `slot`, `measure` or `scan` key.
fn markers(all: &[Marker]) -> Vec<Marker> {
    all.iter()
        .filter(|m| ["slot", "measure", "scan"].iter().any(|k| m.value.get(k).is_some()))
        .cloned()
        .collect()
}

/// The boxes the template marked with `metadata((name: .., kind: .., w: .., h: ..))` at
/// their top-left corner (placed in code mode, so the marker is not on a text baseline);
/// a multi-line field over ruled lines also gives their spacing (`rules`, in pt).
fn field_boxes(document: &PagedDocument, all: &[Marker]) -> Vec<FieldBox> {
    all.iter()
        .filter_map(|m| {
            let value = &m.value;
            let page = m.page;
            let height = document.pages().get(page)?.frame.height().to_pt() as f32;
            let w = value.get("w")?.as_f64()? as f32;
            let h = value.get("h")?.as_f64()? as f32;
            let x = m.x as f32;
            let y = height - m.y as f32;
            let name = value.get("name")?.as_str()?.to_owned();
            let kind = match value.get("kind")?.as_str()? {
                "radio" => FieldKind::Radio(value.get("value")?.as_str()?.to_owned()),
                "multiline" => FieldKind::MultiLine {
                    rules: value.get("rules").and_then(|r| r.as_f64()).map(|r| r as f32),
                },
                _ => FieldKind::Text,
            };
            Some(FieldBox { page, rect: [x, y - h, x + w, y], name, kind })
        })
        .collect()
}

/// The world of one document: the shared engine plus this document's data.
struct DocWorld {
    /// Shared state.
    engine: Arc<EngineState>,
    /// The main template.
    main: FileId,
    /// The view model, served as `/data.json`.
    data: Bytes,
    /// Further generated files (a QR code, …).
    files: Vec<(FileId, Bytes)>,
}

impl DocWorld {
    fn is_data(&self, id: FileId) -> bool {
        matches!(id.get().root(), VirtualRoot::Project)
            && id.get().vpath().get_with_slash() == DATA_PATH
    }

    /// Turn Typst's diagnostics into ours: template file, line:column, excerpt, hints.
    fn diagnostics(&self, errors: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        errors
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .map(|e| {
                let mut message = e.message.to_string();
                if message.contains("file not found") {
                    message = message.replace("searched at ", "");
                }
                let mut d = Diagnostic::error(format!("template error: {message}"));
                if let Some(id) = e.span.id()
                    && let Ok(source) = self.source(id)
                {
                    let shown =
                        self.engine.paths.lock().ok().and_then(|m| m.get(&id).cloned());
                    d = d.in_file(&shown.unwrap_or_else(|| PathBuf::from("templates")));
                    if let Some(range) = self.range(e.span)
                        && let Some((line, col)) =
                            source.lines().byte_to_line_column(range.start)
                    {
                        let len =
                            source.text()[range.clone()].chars().count().clamp(1, 60);
                        d = d.at(
                            source.text(),
                            Pos { line: line + 1, column: col + 1, len },
                        );
                    }
                }
                for hint in &e.hints {
                    // The CLI's `--root` advice does not apply to meetlat.
                    if !hint.v.contains("--root") {
                        d = d.hint(hint.v.to_string());
                    }
                }
                d
            })
            .collect()
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if self.is_data(id) || self.files.iter().any(|(f, _)| *f == id) {
            return Err(FileError::NotSource);
        }
        self.engine.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if self.is_data(id) {
            return Ok(self.data.clone());
        }
        if let Some((_, bytes)) = self.files.iter().find(|(f, _)| *f == id) {
            return Ok(bytes.clone());
        }
        self.engine.template_bytes(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.engine.today)
    }
}
