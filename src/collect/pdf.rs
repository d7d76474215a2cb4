//! Reading the form fields of a filled PDF (lopdf only), the way viewers store them:
//! values as PDF string literals or hex strings, in PDFDocEncoding, UTF-16BE or UTF-8
//! with their byte-order marks, or as names; a value on the field or inherited from its
//! parent; a radio group's choice as the group's `/V` or, when a viewer set only that,
//! as the `/AS` state of one of its widgets.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The largest PDF `collect` reads; a form is ~100 KB, a filled one rarely 1 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The most any one stream of a form may decompress to.
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Nesting of the field tree that is read (real forms: two levels).
const MAX_DEPTH: usize = 32;

/// Why a file could not be read as a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not a PDF at all.
    NotPdf,
    /// Encrypted (a password or restrictions).
    Encrypted,
    /// Damaged or cut off; the reason, for a debug line.
    Damaged(String),
}

/// The kind of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A text field (`/FT /Tx`).
    Text,
    /// A button: radio group, check box (`/FT /Btn`).
    Button,
    /// Anything else (choice, signature).
    Other,
}

/// One field of a form, by its fully qualified name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its kind.
    pub kind: Kind,
    /// Its value (`/V`, own or inherited): text, or a button's state name; `None` when
    /// there is none.
    pub value: Option<String>,
    /// The states of its widgets that are switched on (`/AS` other than `Off`).
    pub on: Vec<String>,
    /// The page of its first widget, counting from 1.
    pub page: Option<u32>,
    /// Whether it is read-only (field flag 1).
    pub read_only: bool,
}

/// What a PDF holds that `collect` needs.
#[derive(Debug, Clone, Default)]
pub struct PdfForm {
    /// The fields, by fully qualified name.
    pub fields: BTreeMap<String, Field>,
    /// The identity in the document information (see
    /// [`crate::render::form::IDENTITY_INFO_KEY`]).
    pub info_identity: Option<String>,
    /// Whether the document information, its XMP metadata or the text of its first page
    /// speaks of a meetlat observation form (to recognise a form without fields).
    pub looks_like_form: bool,
}

/// Read `bytes` as a PDF with form fields.
///
/// # Errors
/// Why it is no readable PDF.
pub fn read(bytes: &[u8]) -> Result<PdfForm, Unreadable> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Unreadable::NotPdf);
    }
    // Every PDF, and every update a viewer appends, ends with `%%EOF`: without it the
    // file was cut off, and what it says may be an older state of the form.
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(Unreadable::Damaged("no %%EOF at the end".into()));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..lopdf::LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) => {
            return Err(if has_encrypt(bytes) {
                Unreadable::Encrypted
            } else {
                Unreadable::Damaged(e.to_string())
            });
        }
    };
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(Unreadable::Encrypted);
    }
    if doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
        return Err(Unreadable::Damaged("cross-reference data rebuilt".into()));
    }
    if doc.get_pages().is_empty() {
        return Err(Unreadable::Damaged("no pages".into()));
    }
    let fields = fields(&doc);
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| resolve(&doc, i).as_dict().ok().cloned())
        .unwrap_or_default();
    let info_identity = info
        .get(crate::render::form::IDENTITY_INFO_KEY.as_bytes())
        .ok()
        .and_then(|v| text(&doc, v));
    let looks_like_form = fields.is_empty() && looks_like_form(&doc, &info);
    Ok(PdfForm { fields, info_identity, looks_like_form })
}

/// Whether the trailer names an `/Encrypt` dictionary (for a file lopdf cannot open).
fn has_encrypt(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}

/// Words that mark a meetlat observation form: its title and keywords, its identity
/// (not just "meetlat": a rubric is no form).
const MARKS: [&str; 4] =
    ["observatieformulier", "observation form", "meetlat:observatie", "meetlatform"];

/// Whether `doc` (with document information `info`) speaks of a meetlat observation
/// form: its information, its XMP packet, or the text of its first page.
fn looks_like_form(doc: &Document, info: &Dictionary) -> bool {
    let marked = |text: &str| {
        let text = text.to_lowercase();
        MARKS.iter().find(|m| text.contains(*m)).copied()
    };
    let debug = |place: &str, mark: &str| {
        if std::env::var_os("MEETLAT_DEBUG").is_some() {
            eprintln!("debug: a PDF without fields is a form by its {place} (`{mark}`)");
        }
        true
    };
    if let Some(m) = info.iter().find_map(|(_, v)| marked(&text(doc, v)?)) {
        return debug("document information", m);
    }
    let xmp = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| resolve(doc, m).as_stream().ok())
        .and_then(|s| s.decompressed_content().ok().or_else(|| Some(s.content.clone())));
    if let Some(m) = xmp.and_then(|x| marked(&String::from_utf8_lossy(&x))) {
        return debug("XMP metadata", m);
    }
    // A form printed to PDF keeps its text: the title and the form id on every page.
    let text =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.extract_text(&[1])))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
    marked(&text).is_some_and(|m| debug("text", m))
}

/// `object`, or the object it refers to.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(r) => doc.get_object(*r).unwrap_or(&Object::Null),
        other => other,
    }
}

/// A text value: a string (PDFDocEncoding, or UTF-16BE or UTF-8 with their byte-order
/// mark), a name, or a text stream.
fn text(doc: &Document, object: &Object) -> Option<String> {
    match resolve(doc, object) {
        s @ Object::String(..) => lopdf::decode_text_string(s)
            .ok()
            .or_else(|| s.as_str().ok().map(|b| String::from_utf8_lossy(b).into_owned())),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        Object::Stream(s) => {
            let bytes = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
            let string = Object::String(bytes, lopdf::StringFormat::Literal);
            lopdf::decode_text_string(&string).ok()
        }
        _ => None,
    }
}

/// Every field of `doc`'s AcroForm, by fully qualified name.
fn fields(doc: &Document) -> BTreeMap<String, Field> {
    let mut out = BTreeMap::new();
    let Some(acroform) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| resolve(doc, a).as_dict().ok())
    else {
        return out;
    };
    let Some(roots) =
        acroform.get(b"Fields").ok().and_then(|f| resolve(doc, f).as_array().ok())
    else {
        return out;
    };
    // The page of each widget, from the pages' annotations.
    let mut pages: HashMap<ObjectId, u32> = HashMap::new();
    for (number, page) in doc.get_pages() {
        let Ok(dict) = doc.get_dictionary(page) else { continue };
        let Some(annots) =
            dict.get(b"Annots").ok().and_then(|a| resolve(doc, a).as_array().ok())
        else {
            continue;
        };
        for a in annots {
            if let Ok(id) = a.as_reference() {
                pages.entry(id).or_insert(number);
            }
        }
    }
    let mut walk = Walk { doc, pages: &pages, seen: HashSet::new(), out: &mut out };
    for root in roots {
        walk.node(root, "", &Inherited::default(), 0);
    }
    out
}

/// What a field inherits from its ancestors.
#[derive(Default, Clone)]
struct Inherited {
    kind: Option<Kind>,
    value: Option<Object>,
    flags: Option<i64>,
}

/// A walk through the field tree.
struct Walk<'a> {
    doc: &'a Document,
    pages: &'a HashMap<ObjectId, u32>,
    seen: HashSet<ObjectId>,
    out: &'a mut BTreeMap<String, Field>,
}

impl Walk<'_> {
    /// The field (or widget) `node` below the field named `parent`.
    fn node(&mut self, node: &Object, parent: &str, inherited: &Inherited, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let id = node.as_reference().ok();
        if let Some(id) = id
            && !self.seen.insert(id)
        {
            return;
        }
        let Ok(dict) = resolve(self.doc, node).as_dict() else { return };
        let Some(part) = dict.get(b"T").ok().and_then(|t| text(self.doc, t)) else {
            return;
        };
        let name = if parent.is_empty() { part } else { format!("{parent}.{part}") };
        let mut here = inherited.clone();
        if let Ok(ft) = dict.get(b"FT").and_then(Object::as_name) {
            here.kind = Some(match ft {
                b"Tx" => Kind::Text,
                b"Btn" => Kind::Button,
                _ => Kind::Other,
            });
        }
        if let Ok(v) = dict.get(b"V") {
            here.value = Some(v.clone());
        }
        if let Ok(ff) = dict.get(b"Ff").and_then(Object::as_i64) {
            here.flags = Some(ff);
        }
        let kids: Vec<&Object> = dict
            .get(b"Kids")
            .ok()
            .and_then(|k| resolve(self.doc, k).as_array().ok())
            .map(|k| k.iter().collect())
            .unwrap_or_default();
        let is_field = |k: &&Object| {
            resolve(self.doc, k).as_dict().is_ok_and(|d| d.get(b"T").is_ok())
        };
        let (fields, widgets): (Vec<&Object>, Vec<&Object>) =
            kids.into_iter().partition(is_field);
        for kid in &fields {
            self.node(kid, &name, &here, depth + 1);
        }
        // A field is terminal when no kid is a field; its widgets are its kids, or itself.
        if !fields.is_empty() && widgets.is_empty() {
            return;
        }
        let mut widget_ids: Vec<Option<ObjectId>> =
            widgets.iter().map(|w| w.as_reference().ok()).collect();
        // The widgets' appearance states, and a value some tools put on a widget
        // instead of on its field.
        let mut states: Vec<Option<Vec<u8>>> = Vec::new();
        for w in &widgets {
            let Ok(d) = resolve(self.doc, w).as_dict() else { continue };
            for key in [&b"AS"[..], b"V"] {
                states.push(
                    d.get(key).ok().and_then(|a| a.as_name().ok()).map(<[u8]>::to_vec),
                );
            }
        }
        if widgets.is_empty() {
            widget_ids.push(id);
            states.push(
                dict.get(b"AS").ok().and_then(|a| a.as_name().ok()).map(<[u8]>::to_vec),
            );
        }
        let page = widget_ids
            .iter()
            .flatten()
            .find_map(|w| self.pages.get(w).copied())
            .or_else(|| {
                // The widget's own `/P`, when no page lists it.
                let p = dict.get(b"P").ok()?.as_reference().ok()?;
                self.doc.get_pages().into_iter().find(|(_, id)| *id == p).map(|(n, _)| n)
            });
        let mut on: Vec<String> = states
            .into_iter()
            .flatten()
            .filter(|s| s != b"Off" && !s.is_empty())
            .map(|s| String::from_utf8_lossy(&s).into_owned())
            .collect();
        let mut seen = HashSet::new();
        on.retain(|s| seen.insert(s.clone()));
        let field = Field {
            kind: here.kind.unwrap_or(Kind::Other),
            value: here.value.as_ref().and_then(|v| text(self.doc, v)),
            on,
            page,
            read_only: here.flags.is_some_and(|f| f & 1 == 1),
        };
        self.out.entry(name).or_insert(field);
    }
}
