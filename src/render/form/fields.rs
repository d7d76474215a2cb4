//! Form fields (AcroForm) over a typeset PDF (stage: render). Typst 0.15 has no form
//! fields, so templates mark where fields go (`#metadata(..) <field>`), the engine reports
//! those positions, and this module adds a widget with an appearance stream for each:
//! the form prints the same filled in or empty.

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Object, ObjectId, Stream, dictionary};

use crate::typst_world::{FieldBox, FieldKind};

/// The line height of Helvetica (the fields' font) per point of font size: its font box,
/// from 225 below to 931 above the baseline per 1000. pypdf spaces the lines of a
/// multi-line field by this, and places the first line's font box at the field's top.
const HELVETICA_LINE: f32 = 1.156;

/// The default appearance (font and size) of a text field of `kind`. Text over ruled
/// lines gets the size whose line height is the rule spacing, so that every line of text
/// sits on a rule (the first line's font box fills the space above the first rule).
fn default_appearance(kind: &FieldKind) -> String {
    let size = match kind {
        FieldKind::MultiLine { rules: Some(spacing) } => spacing / HELVETICA_LINE,
        FieldKind::MultiLine { rules: None } => 9.0,
        _ => 10.0,
    };
    format!("/Helv {} Tf 0 g", (size * 100.0).round() / 100.0)
}

/// A PDF name for a radio option: letters, digits, `-` and `_` only.
pub fn option_name(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect()
}

/// The name of the hidden, read-only text field that says whose form this is: its value
/// is the form's QR payload ([`super::qr_payload`]), the same text in the document
/// information under [`IDENTITY_INFO_KEY`]. `meetlat collect` reads it back.
pub const IDENTITY_FIELD: &str = "meetlat";

/// The key of the document information dictionary that repeats [`IDENTITY_FIELD`]'s value.
pub const IDENTITY_INFO_KEY: &str = "MeetlatForm";

/// Add the fields to `pdf`, and the form's identity (`identity`, see [`IDENTITY_FIELD`]).
///
/// # Errors
/// A message when the PDF cannot be read or written.
pub(super) fn add_fields(
    pdf: &[u8],
    fields: &[FieldBox],
    identity: &str,
) -> Result<Vec<u8>, String> {
    let mut doc =
        lopdf::Document::load_mem(pdf).map_err(|e| format!("cannot read PDF: {e}"))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut shared = Appearances::default();
    let mut top_level: Vec<Object> = Vec::new();
    let mut annots: BTreeMap<usize, Vec<Object>> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<&FieldBox>> = BTreeMap::new();

    for f in fields {
        let Some(&page) = pages.get(f.page) else { continue };
        match &f.kind {
            FieldKind::Radio(_) => groups.entry(f.name.clone()).or_default().push(f),
            FieldKind::Text | FieldKind::MultiLine { .. } => {
                // Each text field has an appearance of its own: a program that fills in
                // the field rewrites that object in place (pypdf does, and so do viewers),
                // so a shared one would print one field's text in every field.
                let (w, h) = size(f);
                let empty = appearance(&mut doc, w, h, Vec::new());
                let multiline = matches!(f.kind, FieldKind::MultiLine { .. });
                let widget = doc.add_object(dictionary! {
                    "Type" => "Annot",
                    "Subtype" => "Widget",
                    "FT" => "Tx",
                    "T" => Object::string_literal(f.name.as_str()),
                    "TU" => Object::string_literal(f.name.as_str()),
                    "Rect" => rect(f),
                    "F" => 4,
                    "P" => page,
                    "Ff" => if multiline { 4096 } else { 0 },
                    "DA" => Object::string_literal(default_appearance(&f.kind)),
                    "V" => Object::string_literal(""),
                    "AP" => dictionary! { "N" => empty },
                });
                top_level.push(widget.into());
                annots.entry(f.page).or_default().push(widget.into());
            }
        }
    }
    for (name, options) in groups {
        let parent = doc.new_object_id();
        let mut kids = Vec::new();
        for f in options {
            let FieldKind::Radio(value) = &f.kind else { continue };
            let (w, h) = size(f);
            let on = shared.get(&mut doc, w, h, cross(w, h));
            let off = shared.get(&mut doc, w, h, Vec::new());
            let mut states = Dictionary::new();
            states.set(option_name(value), on);
            states.set("Off", off);
            let widget = doc.add_object(dictionary! {
                "Type" => "Annot",
                "Subtype" => "Widget",
                "Parent" => parent,
                "Rect" => rect(f),
                "F" => 4,
                "P" => pages[f.page],
                "AS" => "Off",
                "AP" => dictionary! { "N" => states },
                "MK" => dictionary! {},
            });
            kids.push(Object::from(widget));
            annots.entry(f.page).or_default().push(widget.into());
        }
        doc.objects.insert(
            parent,
            dictionary! {
                "FT" => "Btn",
                // Radio (bit 16) + NoToggleToOff (bit 15): one option per group.
                "Ff" => 49152,
                "T" => Object::string_literal(name.as_str()),
                "TU" => Object::string_literal(name.as_str()),
                "V" => "Off",
                "Kids" => kids,
            }
            .into(),
        );
        top_level.push(parent.into());
    }
    // The identity: a text field that viewers keep (and save) as they keep every field's
    // value, but that nobody sees or changes: hidden (annotation flag 2: neither shown
    // nor printed), read-only (field flag 1), of no size, on page 1.
    if let Some(&page) = pages.first() {
        let empty = appearance(&mut doc, 0.0, 0.0, Vec::new());
        let widget = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Widget",
            "FT" => "Tx",
            "T" => Object::string_literal(IDENTITY_FIELD),
            "Rect" => vec![Object::Real(0.0); 4],
            "F" => 2,
            "Ff" => 1,
            "P" => page,
            "DA" => Object::string_literal("/Helv 10 Tf 0 g"),
            "V" => lopdf::text_string(identity),
            "AP" => dictionary! { "N" => empty },
        });
        top_level.push(widget.into());
        annots.entry(0).or_default().push(widget.into());
    }
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = doc.get_dictionary_mut(info)
    {
        info.set(IDENTITY_INFO_KEY, lopdf::text_string(identity));
    }
    for (page_index, widgets) in annots {
        let page = pages[page_index];
        let existing =
            doc.get_dictionary(page).ok().and_then(|d| d.get(b"Annots").ok().cloned());
        let mut list = match existing {
            Some(Object::Array(a)) => a,
            Some(Object::Reference(r)) => doc
                .get_object(r)
                .ok()
                .and_then(|o| o.as_array().ok().cloned())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        list.extend(widgets);
        doc.get_dictionary_mut(page).map_err(|e| e.to_string())?.set("Annots", list);
    }
    let acroform = doc.add_object(dictionary! {
        "Fields" => top_level,
        "DA" => Object::string_literal("/Helv 0 Tf 0 g"),
        "DR" => dictionary! { "Font" => dictionary! { "Helv" => font } },
    });
    doc.catalog_mut().map_err(|e| e.to_string())?.set("AcroForm", acroform);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| format!("cannot write PDF: {e}"))?;
    Ok(out)
}

fn rect(f: &FieldBox) -> Vec<Object> {
    f.rect.iter().map(|v| Object::Real(*v)).collect()
}

fn size(f: &FieldBox) -> (f32, f32) {
    (f.rect[2] - f.rect[0], f.rect[3] - f.rect[1])
}

/// Appearance streams shared by the tick boxes that look the same (every tick box of a
/// form has the same two), which keeps a form small. Only for appearances nothing
/// rewrites: a text field's appearance is rewritten when it is filled in.
#[derive(Default)]
struct Appearances(HashMap<(u32, u32, Vec<u8>), ObjectId>);

impl Appearances {
    /// The appearance of size `w`×`h` with `content`, made on first use.
    fn get(
        &mut self,
        doc: &mut lopdf::Document,
        w: f32,
        h: f32,
        content: Vec<u8>,
    ) -> ObjectId {
        let key = (w.to_bits(), h.to_bits(), content);
        if let Some(id) = self.0.get(&key) {
            return *id;
        }
        let id = appearance(doc, w, h, key.2.clone());
        self.0.insert(key, id);
        id
    }
}

/// A form XObject of size `w`×`h` with `content`.
fn appearance(doc: &mut lopdf::Document, w: f32, h: f32, content: Vec<u8>) -> ObjectId {
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![Object::Real(0.0), Object::Real(0.0), Object::Real(w), Object::Real(h)],
    };
    doc.add_object(Stream::new(dict, content))
}

/// A cross drawn with lines (no font needed), inset from the box edge.
fn cross(w: f32, h: f32) -> Vec<u8> {
    let i = (w.min(h) * 0.2).max(1.5);
    format!(
        "q 0 G 1.4 w 1 J {i:.2} {i:.2} m {:.2} {:.2} l {i:.2} {:.2} m {:.2} {i:.2} l S Q",
        w - i,
        h - i,
        h - i,
        w - i
    )
    .into_bytes()
}
