//! The PDF surgery of the forms' batch path, with lopdf only (stage: render): a body is
//! prepared once for stamping ([`prepare`]); each form is the body plus an incremental
//! update drawing its stamp pages and QR code ([`assemble`]); the print file puts every
//! form's pages together from the plain bodies and the stamps ([`combine`]). Nothing here
//! knows about students or templates.

use std::collections::HashMap;
use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, Writer};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The resource name of the stamp on a body page.
const STAMP_NAME: &str = "MlStamp";
/// The resource name of the QR code on a body page.
const QR_NAME: &str = "MlQr";

/// A slot of the body: where one student part goes, in pt from the top-left corner.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Slot {
    /// The part: `who`, `form-id`, `qr`, `name`, `number` or `instructions`.
    pub id: String,
    /// Page, counting from 0.
    pub page: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Whether a longer part is scaled down to fit (running header and footer).
    pub shrink: bool,
}

/// A body PDF with its fields, parsed once, and what each form's update repeats.
pub(super) struct Body {
    /// The PDF, with form fields.
    bytes: Vec<u8>,
    /// The numbers of an update's objects.
    numbers: UpdateNumbers,
    /// Page objects, rewritten to draw the stamp, serialized (object number, bytes).
    pages: Vec<(u32, Vec<u8>)>,
    /// `q` before and `Q` plus the stamp after the page content: (number, bytes) each.
    wrappers: Vec<(u32, Vec<u8>)>,
    /// The trailer's `/Root` and `/Info`, serialized.
    root_info: Vec<u8>,
    /// Offset of the body's cross-reference stream.
    xref: usize,
    /// The XMP packet, to get per-form document ids.
    metadata: Option<Metadata>,
    /// The objects that hold the form's identity (the hidden field and the document
    /// information), each rewritten with the student's (see [`super::IDENTITY_FIELD`]).
    identity: Vec<(u32, Dictionary, &'static str)>,
}

/// A chunk's stamps for the print file: objects numbered from 1 (to be shifted), and per
/// student the numbers of its stamps and QR codes (one each per page).
pub(super) struct Fragment {
    /// The objects.
    pub objects: Vec<(ObjectId, Object)>,
    /// Per student: the stamp of each page, and the QR code of each page.
    pub forms: Vec<(Vec<u32>, Vec<u32>)>,
}

/// A body as typeset (without fields), for the print file.
pub(super) struct PlainBody<'a> {
    /// The PDF.
    pub pdf: &'a [u8],
    /// Its QR code slots, one per page.
    pub qr: &'a [Slot],
}

/// Parse a body and serialize what every form's update repeats: the pages, rewritten to
/// wrap their content in `q … Q` and then draw `/MlStamp` (that page's stamp) and
/// `/MlQr` (that page's QR code, at the page's `qr` slot). The objects of an update are
/// numbered from the body's first free number `n` on: `q` (n), the page endings (n+1…),
/// the stamps, the QR codes, the XMP packet, then what the stamps use (see
/// [`UpdateNumbers`]).
pub(super) fn prepare(bytes: Vec<u8>, qr: &[Slot]) -> Result<Body, String> {
    let mut doc = Document::load_mem(&bytes).map_err(|e| e.to_string())?;
    // The XMP packet leaves the body: each form gets its own (with its document ids), so
    // that a form holds one packet only.
    let metadata = take_metadata(&mut doc);
    // Saved with object streams: the many small objects (structure tree, widgets) are
    // compressed together, and every form carries the body.
    let mut bytes = Vec::with_capacity(bytes.len());
    doc.save_modern(&mut bytes).map_err(|e| e.to_string())?;
    // Read back: saving numbered the object streams, so an update starts after them.
    let doc = Document::load_mem(&bytes).map_err(|e| e.to_string())?;
    let xref = startxref(&bytes).ok_or("no startxref")?;
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let n = UpdateNumbers { next_id: doc.max_id + 1, pages: page_ids.len() as u32 };
    let open = (n.next_id, 0);
    let mut pages = Vec::new();
    let mut wrappers = vec![(
        open.0,
        serialize(
            open.0,
            &Object::Stream(Stream::new(Dictionary::new(), b"q\n".to_vec())),
        ),
    )];
    for (i, &id) in page_ids.iter().enumerate() {
        let mut page = doc.get_dictionary(id).map_err(|e| e.to_string())?.clone();
        let height = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .ok()
            .and_then(|b| b.get(3)?.as_float().ok())
            .unwrap_or(841.89);
        let Some(slot) = qr.iter().find(|s| s.page == i) else {
            return Err(format!("no QR code slot on page {}", i + 1));
        };
        let close = (n.close(i), 0);
        let ending = ending(slot, f64::from(height));
        wrappers.push((
            close.0,
            serialize(close.0, &Object::Stream(Stream::new(Dictionary::new(), ending))),
        ));
        let mut contents = vec![Object::Reference(open)];
        contents.extend(content_streams(&page).into_iter().cloned());
        contents.push(Object::Reference(close));
        page.set("Contents", contents);
        let mut resources = entry_dict(&doc, &page, b"Resources");
        let mut xobjects = entry_dict(&doc, &resources, b"XObject");
        xobjects.set(STAMP_NAME, Object::Reference((n.stamp(i), 0)));
        xobjects.set(QR_NAME, Object::Reference((n.qr(i), 0)));
        resources.set("XObject", xobjects);
        page.set("Resources", resources);
        pages.push((id.0, serialize(id.0, &Object::Dictionary(page))));
    }
    let identity = identity_objects(&doc);
    let mut root_info = Vec::new();
    for key in ["Root", "Info"] {
        if let Ok(v) = doc.trailer.get(key.as_bytes()) {
            write!(root_info, "/{key} ").map_err(|e| e.to_string())?;
            Writer::write_object(&mut root_info, v).map_err(|e| e.to_string())?;
        }
    }
    Ok(Body { bytes, numbers: n, pages, wrappers, root_info, xref, metadata, identity })
}

/// The objects of `doc` that carry the form's identity, with the key of each that holds
/// it: the hidden field's dictionary (`V`) and the document information (see
/// [`super::IDENTITY_INFO_KEY`]).
fn identity_objects(doc: &Document) -> Vec<(u32, Dictionary, &'static str)> {
    let mut found = Vec::new();
    let fields = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| match a {
            Object::Reference(r) => doc.get_dictionary(*r).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .and_then(|a| a.get(b"Fields").ok()?.as_array().ok());
    for field in fields.into_iter().flatten() {
        let Ok(id) = field.as_reference() else { continue };
        let Ok(dict) = doc.get_dictionary(id) else { continue };
        if dict.get(b"T").and_then(Object::as_str).ok()
            == Some(super::IDENTITY_FIELD.as_bytes())
        {
            found.push((id.0, dict.clone(), "V"));
        }
    }
    if let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(dict) = doc.get_dictionary(id)
        && dict.has(super::IDENTITY_INFO_KEY.as_bytes())
    {
        found.push((id.0, dict.clone(), super::IDENTITY_INFO_KEY));
    }
    found
}

/// Remove the (uncompressed) XMP metadata stream from `doc`'s catalog and objects, and
/// return it with the catalog's number and its dictionary without `/Metadata`.
fn take_metadata(doc: &mut Document) -> Option<Metadata> {
    let catalog_id = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
    let mut catalog = doc.get_dictionary(catalog_id).ok()?.clone();
    let id = catalog.get(b"Metadata").ok()?.as_reference().ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?.clone();
    if stream.dict.get(b"Filter").is_ok() {
        return None;
    }
    catalog.remove(b"Metadata");
    doc.objects.insert(catalog_id, Object::Dictionary(catalog.clone()));
    doc.objects.remove(&id);
    Some(Metadata { catalog_id, catalog, xmp: stream })
}

/// A body's XMP packet, written anew by each form.
struct Metadata {
    /// The catalog's number.
    catalog_id: ObjectId,
    /// The catalog, without `/Metadata`.
    catalog: Dictionary,
    /// The XMP stream.
    xmp: Stream,
}

/// The object numbers of an update of a body with `pages` pages whose first free number
/// is `next_id`: `q`, then per page its ending, then per page its stamp, then per page its
/// QR code, then the XMP packet, then what the stamps use.
#[derive(Debug, Clone, Copy)]
struct UpdateNumbers {
    /// The body's first free object number.
    next_id: u32,
    /// The body's pages.
    pages: u32,
}

impl UpdateNumbers {
    /// The ending (`Q`, stamp, QR code) of page `page`.
    fn close(self, page: usize) -> u32 {
        self.next_id + 1 + page as u32
    }

    /// The stamp of page `page`.
    fn stamp(self, page: usize) -> u32 {
        self.next_id + 1 + self.pages + page as u32
    }

    /// The QR code of page `page`.
    fn qr(self, page: usize) -> u32 {
        self.next_id + 1 + 2 * self.pages + page as u32
    }

    /// The XMP packet.
    fn metadata(self) -> u32 {
        self.next_id + 1 + 3 * self.pages
    }

    /// The first number for what the stamps use.
    fn imports(self) -> u32 {
        self.metadata() + 1
    }
}

/// The QR code of `payload` as the content of a unit-square form XObject: a white
/// square with the quiet zone, and the dark modules as runs of rectangles (drawn
/// the same as the SVG the per-student path places, see [`super::view::qr_svg`]).
pub(super) fn qr_content(payload: &str) -> Option<Vec<u8>> {
    let (width, dark) = super::view::qr_modules(payload)?;
    let quiet = super::view::QR_QUIET;
    let n = width + 2 * quiet;
    let mut out = format!(
        "1 g 0 0 1 1 re f 0 g {:.6} 0 0 {:.6} 0 0 cm\n",
        1.0 / n as f64,
        1.0 / n as f64
    );
    for (x, row, len) in super::view::qr_runs(width, &dark) {
        let y = n - quiet - row - 1;
        out.push_str(&format!("{} {y} {len} 1 re\n", x + quiet));
    }
    out.push_str("f\n");
    Some(out.into_bytes())
}

/// `id 0 obj … endobj` of `object`.
fn serialize(id: u32, object: &Object) -> Vec<u8> {
    let mut out = format!("{id} 0 obj\n").into_bytes();
    // Writing into a Vec cannot fail.
    let _ = Writer::write_object(&mut out, object);
    out.extend_from_slice(b"\nendobj\n");
    out
}

/// The offset after the last `startxref`.
fn startxref(bytes: &[u8]) -> Option<usize> {
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let text = std::str::from_utf8(&tail[at + 9..]).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The print file: every form's pages in order, each the page of its class's plain body
/// (`bodies[class_of[student]]`: shared content and resources, no fields) with its stamp
/// and QR code (from `fragments`) drawn over it. Untagged: the bodies' structure trees
/// are left out.
pub(super) fn combine(
    bodies: &[PlainBody],
    class_of: &[usize],
    fragments: Vec<Fragment>,
    ident: &str,
) -> Result<Vec<u8>, String> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let open = doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
    // Per class and page: contents (with the ending), resources and media box.
    let mut layouts: Vec<Vec<(Vec<Object>, Dictionary, Object)>> = Vec::new();
    let mut info = None;
    let mut xmp = None;
    for body in bodies {
        let src = Document::load_mem(body.pdf).map_err(|e| e.to_string())?;
        let (mut map, mut next, mut imported) =
            (HashMap::new(), doc.max_id + 1, Vec::new());
        let mut pages = Vec::new();
        for (i, page) in src.get_pages().into_values().enumerate() {
            let dict = src.get_dictionary(page).map_err(|e| e.to_string())?;
            let mut contents = vec![Object::Reference(open)];
            contents.extend(
                content_streams(dict)
                    .into_iter()
                    .map(|o| import(&src, o, &mut map, &mut next, &mut imported)),
            );
            let resources = entry_dict(&src, dict, b"Resources");
            let resources =
                import_dict(&src, &resources, &mut map, &mut next, &mut imported);
            let media = dict.get(b"MediaBox").cloned().unwrap_or(Object::Null);
            let slot = body.qr.iter().find(|s| s.page == i).ok_or("no QR slot")?;
            let height = media
                .as_array()
                .ok()
                .and_then(|b| b.get(3)?.as_float().ok())
                .map_or(841.89, f64::from);
            let ending = ending(slot, height);
            imported.push((
                (next, 0),
                Object::Stream(Stream::new(Dictionary::new(), ending)),
            ));
            contents.push(Object::Reference((next, 0)));
            next += 1;
            pages.push((contents, resources, media));
        }
        if info.is_none() {
            info = src
                .trailer
                .get(b"Info")
                .ok()
                .and_then(|i| src.get_dictionary(i.as_reference().ok()?).ok())
                .map(|d| import_dict(&src, d, &mut map, &mut next, &mut imported));
            xmp = src
                .catalog()
                .ok()
                .and_then(|c| c.get(b"Metadata").ok()?.as_reference().ok())
                .and_then(|id| src.get_object(id).ok()?.as_stream().ok().cloned())
                .filter(|s| s.dict.get(b"Filter").is_err());
        }
        doc.objects.extend(imported);
        doc.max_id = next - 1;
        layouts.push(pages);
    }
    // The stamps, shifted past what is there, and the pages.
    let mut kids = Vec::new();
    let mut student = 0;
    for fragment in fragments {
        let base = doc.max_id;
        let mut top = base;
        for ((id, _), object) in fragment.objects {
            top = top.max(id + base);
            doc.objects.insert((id + base, 0), shift(object, base));
        }
        doc.max_id = top;
        for (stamps, qrs) in fragment.forms {
            let class = *class_of.get(student).ok_or("more stamps than students")?;
            student += 1;
            for (((contents, resources, media), stamp), qr) in
                layouts[class].iter().zip(stamps).zip(qrs)
            {
                let mut resources = resources.clone();
                let mut xobjects = match resources.get(b"XObject") {
                    Ok(Object::Dictionary(d)) => d.clone(),
                    _ => Dictionary::new(),
                };
                xobjects.set(STAMP_NAME, Object::Reference((stamp + base, 0)));
                xobjects.set(QR_NAME, Object::Reference((qr + base, 0)));
                resources.set("XObject", xobjects);
                let mut page = Dictionary::new();
                page.set("Type", "Page");
                page.set("Parent", pages_id);
                page.set("MediaBox", media.clone());
                page.set("Contents", contents.clone());
                page.set("Resources", resources);
                kids.push(Object::Reference(doc.add_object(page)));
            }
        }
    }
    let count = kids.len();
    let mut pages = Dictionary::new();
    pages.set("Type", "Pages");
    pages.set("Kids", kids);
    pages.set("Count", count as i64);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", "Catalog");
    catalog.set("Pages", pages_id);
    let document_id = digest(ident.as_bytes());
    let instance_id = digest(format!("{ident}/{count}").as_bytes());
    if let Some(xmp) = xmp {
        let text = String::from_utf8_lossy(&xmp.content);
        let text = replace_element(&text, "xmpMM:DocumentID", &document_id);
        let text = replace_element(&text, "xmpMM:InstanceID", &instance_id);
        let text = replace_element(&text, "xmpTPg:NPages", &count.to_string());
        let mut stream = Stream::new(xmp.dict.clone(), text.into_bytes());
        stream.allows_compression = false;
        catalog.set("Metadata", doc.add_object(stream));
    }
    let catalog = doc.add_object(catalog);
    doc.trailer.set("Root", catalog);
    if let Some(info) = info {
        let info = doc.add_object(info);
        doc.trailer.set("Info", info);
    }
    doc.trailer.set(
        "ID",
        vec![
            Object::String(document_id.into_bytes(), lopdf::StringFormat::Literal),
            Object::String(instance_id.into_bytes(), lopdf::StringFormat::Literal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// A page's content streams: `/Contents` is one stream or an array of them.
fn content_streams(page: &Dictionary) -> Vec<&Object> {
    match page.get(b"Contents") {
        Ok(Object::Array(a)) => a.iter().collect(),
        Ok(other) => vec![other],
        Err(_) => Vec::new(),
    }
}

/// A copy of the dictionary under `key` in `dict`, written there or referred to in `doc`;
/// empty when there is none.
fn entry_dict(doc: &Document, dict: &Dictionary, key: &[u8]) -> Dictionary {
    match dict.get(key) {
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).cloned().unwrap_or_default(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    }
}

/// The end of a body page's content: close the `q` before it, draw the stamp, and the QR
/// code at `slot` on a page `height` pt high.
fn ending(slot: &Slot, height: f64) -> Vec<u8> {
    let (x, y, size) = (slot.x, height - slot.y - slot.h, slot.w);
    format!(
        "Q\nq /{STAMP_NAME} Do Q\nq {size:.4} 0 0 {size:.4} {x:.4} {y:.4} cm /{QR_NAME} Do Q\n"
    )
    .into_bytes()
}

/// `object` with every reference moved up by `base`.
fn shift(object: Object, base: u32) -> Object {
    match object {
        Object::Reference((id, generation)) => Object::Reference((id + base, generation)),
        Object::Array(items) => {
            Object::Array(items.into_iter().map(|o| shift(o, base)).collect())
        }
        Object::Dictionary(dict) => Object::Dictionary(shift_dict(dict, base)),
        Object::Stream(mut stream) => {
            stream.dict = shift_dict(std::mem::take(&mut stream.dict), base);
            Object::Stream(stream)
        }
        other => other,
    }
}

/// [`shift`] of a dictionary.
fn shift_dict(dict: Dictionary, base: u32) -> Dictionary {
    let mut out = Dictionary::new();
    for (key, value) in dict {
        out.set(key, shift(value, base));
    }
    out
}

/// One form: the body plus an incremental update that draws `pages` of `stamps` and the
/// QR codes `qrs` (one per page, see [`qr_content`]) over the body's pages, carries the form's
/// `identity` (the QR payload) in its hidden field and document information, and has
/// document ids from `ident`.
pub(super) fn assemble(
    body: &Body,
    stamps: &Document,
    pages: &[ObjectId],
    qrs: &[Vec<u8>],
    identity: &str,
    ident: &str,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.bytes.len() + 64 * 1024);
    out.extend_from_slice(&body.bytes);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    for (id, bytes) in body.pages.iter().chain(&body.wrappers) {
        offsets.push((*id, out.len()));
        out.extend_from_slice(bytes);
    }
    for (id, dict, key) in &body.identity {
        let mut dict = dict.clone();
        dict.set(*key, lopdf::text_string(identity));
        offsets.push((*id, out.len()));
        out.extend(serialize(*id, &Object::Dictionary(dict)));
    }
    // The stamp pages as form XObjects, and what they use, renumbered.
    let numbers = body.numbers;
    if pages.len() != numbers.pages as usize || qrs.len() != pages.len() {
        return Err("stamp pages and body pages differ in number".into());
    }
    for (i, qr) in qrs.iter().enumerate() {
        offsets.push((numbers.qr(i), out.len()));
        out.extend(serialize(numbers.qr(i), &Object::Stream(qr_xobject(qr))));
    }
    let mut next = numbers.imports();
    let mut map: HashMap<ObjectId, ObjectId> = HashMap::new();
    let mut imported: Vec<(ObjectId, Object)> = Vec::new();
    for (i, &page) in pages.iter().enumerate() {
        let xobject = stamp_xobject(stamps, page, &mut map, &mut next, &mut imported)?;
        let id = numbers.stamp(i);
        offsets.push((id, out.len()));
        out.extend(serialize(id, &Object::Stream(xobject)));
    }
    for (id, object) in &imported {
        offsets.push((id.0, out.len()));
        out.extend(serialize(id.0, object));
    }
    // Per-form document ids, in the XMP packet and the trailer.
    let document_id = digest(ident.as_bytes());
    let instance_id = digest(format!("{ident}/{}", body.bytes.len()).as_bytes());
    if let Some(meta) = &body.metadata {
        let xmp = String::from_utf8_lossy(&meta.xmp.content);
        let xmp = replace_element(&xmp, "xmpMM:DocumentID", &document_id);
        let xmp = replace_element(&xmp, "xmpMM:InstanceID", &instance_id);
        let mut stream = Stream::new(meta.xmp.dict.clone(), xmp.into_bytes());
        stream.allows_compression = false;
        offsets.push((numbers.metadata(), out.len()));
        out.extend(serialize(numbers.metadata(), &Object::Stream(stream)));
        let mut catalog = meta.catalog.clone();
        catalog.set("Metadata", Object::Reference((numbers.metadata(), 0)));
        offsets.push((meta.catalog_id.0, out.len()));
        out.extend(serialize(meta.catalog_id.0, &Object::Dictionary(catalog)));
    }
    // A cross-reference stream (as the body has), in runs of consecutive numbers; it
    // lists itself too.
    let xref = out.len();
    offsets.push((next, xref));
    offsets.sort_unstable();
    let mut index = String::new();
    let mut entries = Vec::with_capacity(offsets.len() * 6);
    let mut run = 0;
    while run < offsets.len() {
        let mut end = run + 1;
        while end < offsets.len() && offsets[end].0 == offsets[end - 1].0 + 1 {
            end += 1;
        }
        index.push_str(&format!("{} {} ", offsets[run].0, end - run));
        for (_, offset) in &offsets[run..end] {
            let offset = u32::try_from(*offset).map_err(|_| "form larger than 4 GB")?;
            entries.push(1);
            entries.extend_from_slice(&offset.to_be_bytes());
            entries.push(0);
        }
        run = end;
    }
    out.extend(
        format!(
            "{next} 0 obj\n<</Type/XRef/Size {}/W[1 4 1]/Index[{}]",
            next + 1,
            index.trim_end()
        )
        .into_bytes(),
    );
    out.extend_from_slice(&body.root_info);
    out.extend(
        format!(
            "/ID[<{document_id}><{instance_id}>]/Prev {}/Length {}>>stream\n",
            body.xref,
            entries.len()
        )
        .into_bytes(),
    );
    out.extend(entries);
    out.extend(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").into_bytes());
    Ok(out)
}

/// The QR code content `qr` (see [`qr_content`]) as a unit-square form XObject.
pub(super) fn qr_xobject(qr: &[u8]) -> Stream {
    let mut form = Dictionary::new();
    form.set("Type", "XObject");
    form.set("Subtype", "Form");
    form.set("BBox", vec![0.into(), 0.into(), 1.into(), 1.into()]);
    Stream::new(form, qr.to_vec())
}

/// Page `page` of `stamps` as a form XObject; what it uses is copied into `out` under
/// numbers from `next` (see [`import`]).
pub(super) fn stamp_xobject(
    stamps: &Document,
    page: ObjectId,
    map: &mut HashMap<ObjectId, ObjectId>,
    next: &mut u32,
    out: &mut Vec<(ObjectId, Object)>,
) -> Result<Stream, String> {
    let dict = stamps.get_dictionary(page).map_err(|e| e.to_string())?;
    let resources = match dict.get(b"Resources") {
        Ok(r) => import(stamps, r, map, next, out),
        Err(_) => Object::Dictionary(Dictionary::new()),
    };
    let bbox = dict.get(b"MediaBox").cloned().unwrap_or_else(|_| {
        Object::Array(vec![0.into(), 0.into(), 595.276.into(), 841.89.into()])
    });
    let mut xobject = Dictionary::new();
    xobject.set("Type", "XObject");
    xobject.set("Subtype", "Form");
    xobject.set("BBox", bbox);
    xobject.set("Resources", resources);
    // A single content stream is copied as it is (compressed); several are joined.
    let single = match dict.get(b"Contents") {
        Ok(Object::Reference(r)) => {
            stamps.get_object(*r).ok().and_then(|o| o.as_stream().ok())
        }
        _ => None,
    };
    let content = match single {
        Some(stream) => {
            for key in [&b"Filter"[..], b"DecodeParms"] {
                if let Ok(v) = stream.dict.get(key) {
                    xobject.set(key.to_vec(), v.clone());
                }
            }
            stream.content.clone()
        }
        None => stamps.get_page_content(page),
    };
    Ok(Stream::new(xobject, content))
}

/// A deep copy of `object` of `src`, with every referenced object copied too (once, under
/// a new number from `next`) into `out`.
fn import(
    src: &Document,
    object: &Object,
    map: &mut HashMap<ObjectId, ObjectId>,
    next: &mut u32,
    out: &mut Vec<(ObjectId, Object)>,
) -> Object {
    match object {
        Object::Reference(r) => {
            if let Some(n) = map.get(r) {
                return Object::Reference(*n);
            }
            let n = (*next, 0);
            *next += 1;
            map.insert(*r, n);
            let target = src.get_object(*r).cloned().unwrap_or(Object::Null);
            let copy = import(src, &target, map, next, out);
            out.push((n, copy));
            Object::Reference(n)
        }
        Object::Array(items) => {
            Object::Array(items.iter().map(|o| import(src, o, map, next, out)).collect())
        }
        Object::Dictionary(dict) => {
            Object::Dictionary(import_dict(src, dict, map, next, out))
        }
        Object::Stream(stream) => {
            let dict = import_dict(src, &stream.dict, map, next, out);
            let mut copy = Stream::new(dict, stream.content.clone());
            copy.allows_compression = false;
            Object::Stream(copy)
        }
        other => other.clone(),
    }
}

/// [`import`] of a dictionary, leaving out links back into the page tree.
fn import_dict(
    src: &Document,
    dict: &Dictionary,
    map: &mut HashMap<ObjectId, ObjectId>,
    next: &mut u32,
    out: &mut Vec<(ObjectId, Object)>,
) -> Dictionary {
    let mut copy = Dictionary::new();
    for (key, value) in dict.iter() {
        if key == b"Parent" || key == b"P" {
            continue;
        }
        copy.set(key.clone(), import(src, value, map, next, out));
    }
    copy
}

/// The first 16 bytes of the SHA-256 of `bytes`, in hex.
fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// `text` with the content of the first `<tag>…</tag>` replaced by `value`.
fn replace_element(text: &str, tag: &str, value: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let Some(start) = text.find(&open).map(|i| i + open.len()) else {
        return text.to_owned();
    };
    let Some(end) = text[start..].find(&close).map(|i| i + start) else {
        return text.to_owned();
    };
    format!("{}{value}{}", &text[..start], &text[end..])
}
