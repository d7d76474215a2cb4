//! The pages of scan files as grey images: PDFs from a scanner (each page one image:
//! JPEG, or black-and-white CCITT G4 / JBIG2) and image files (PNG, JPEG, TIFF, also
//! multi-page). A page is decoded only when it is read, so a 500-page file is never in
//! memory as 500 images.

use std::io::Cursor;
use std::sync::Arc;

use hayro::hayro_syntax::Pdf;
use hayro::hayro_syntax::object::{Dict, Name, Stream};

use super::image::Grey;

/// A decoded page and its resolution.
#[derive(Debug)]
pub struct PageImage {
    /// The page, grey.
    pub grey: Grey,
    /// Pixels per inch (from the PDF page size, or guessed from an A4 page for an image
    /// file without its resolution).
    pub dpi: f64,
}

/// What kind of scan file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A PDF.
    Pdf,
    /// A TIFF (one or more pages).
    Tiff,
    /// Another image file (PNG, JPEG).
    Image,
}

/// The kind of a file from its first bytes; `None` when it is none of them.
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF") || bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        Some(Kind::Pdf)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(Kind::Tiff)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G'])
        || bytes.starts_with(&[0xFF, 0xD8])
    {
        Some(Kind::Image)
    } else {
        None
    }
}

/// An open scan file: its pages can be decoded one at a time, from any thread.
pub enum ScanFile {
    /// A PDF.
    Pdf(Pdf),
    /// A TIFF's bytes and its number of pages.
    Tiff(Arc<Vec<u8>>, usize),
    /// A single image.
    Image(Arc<Vec<u8>>),
}

impl ScanFile {
    /// Open `bytes`; `None` when they cannot be read as a scan.
    pub fn open(bytes: Arc<Vec<u8>>) -> Option<ScanFile> {
        match kind(&bytes)? {
            Kind::Pdf => Pdf::new(bytes).ok().map(ScanFile::Pdf),
            Kind::Tiff => {
                let mut decoder =
                    tiff::decoder::Decoder::new(Cursor::new(&bytes[..])).ok()?;
                let mut n = 1;
                while decoder.more_images() {
                    decoder.next_image().ok()?;
                    n += 1;
                }
                Some(ScanFile::Tiff(bytes, n))
            }
            Kind::Image => Some(ScanFile::Image(bytes)),
        }
    }

    /// Number of pages.
    pub fn pages(&self) -> usize {
        match self {
            ScanFile::Pdf(pdf) => pdf.pages().len(),
            ScanFile::Tiff(_, n) => *n,
            ScanFile::Image(_) => 1,
        }
    }

    /// Whether every page is one image (as a scanner writes them); true for image files.
    pub fn only_images(&self) -> bool {
        let ScanFile::Pdf(pdf) = self else { return true };
        pdf.pages().iter().all(|page| {
            let r = page.resources();
            let images = r
                .x_objects
                .keys()
                .filter_map(|name| r.get_x_object(&name))
                .filter(|s| {
                    s.dict()
                        .get::<Name<'_>>(b"Subtype".as_slice())
                        .is_some_and(|n| n.as_ref() == b"Image")
                })
                .count();
            images == 1 && r.x_objects.keys().count() == 1
        })
    }

    /// Decode page `index` (from 0); `None` when it cannot be.
    pub fn page(&self, index: usize) -> Option<PageImage> {
        match self {
            ScanFile::Pdf(pdf) => pdf_page(pdf, index),
            ScanFile::Tiff(bytes, _) => tiff_page(bytes, index),
            ScanFile::Image(bytes) => {
                let img = image::load_from_memory(bytes).ok()?.into_luma8();
                let (w, h) = (img.width() as usize, img.height() as usize);
                Some(PageImage {
                    dpi: a4_dpi(w, h),
                    grey: Grey { w, h, px: img.into_raw() },
                })
            }
        }
    }
}

/// The resolution of an image of an A4 page (297 mm on its long side).
fn a4_dpi(w: usize, h: usize) -> f64 {
    w.max(h) as f64 / (297.0 / 25.4)
}

/// Page `index` of a TIFF.
fn tiff_page(bytes: &[u8], index: usize) -> Option<PageImage> {
    use tiff::decoder::{Decoder, DecodingResult};
    use tiff::{ColorType, tags::Tag};
    let mut decoder = Decoder::new(Cursor::new(bytes)).ok()?;
    decoder.seek_to_image(index).ok()?;
    let (w, h) = decoder.dimensions().ok()?;
    let (w, h) = (w as usize, h as usize);
    let color = decoder.colortype().ok()?;
    let dpi = decoder
        .get_tag_f64(Tag::XResolution)
        .ok()
        .filter(|d| {
            (50.0..=2400.0).contains(d)
                && decoder.get_tag_u32(Tag::ResolutionUnit).map_or(true, |u| u == 2)
        })
        .unwrap_or_else(|| a4_dpi(w, h));
    let white_is_zero =
        decoder.get_tag_u32(Tag::PhotometricInterpretation).is_ok_and(|p| p == 0);
    let DecodingResult::U8(data) = decoder.read_image().ok()? else { return None };
    let px: Vec<u8> = match color {
        ColorType::Gray(8) => data,
        ColorType::Gray(1) => {
            let stride = w.div_ceil(8);
            let mut px = Vec::with_capacity(w * h);
            for y in 0..h {
                for x in 0..w {
                    let bit = data.get(y * stride + x / 8)? >> (7 - x % 8) & 1;
                    px.push(if (bit == 1) != white_is_zero { 255 } else { 0 });
                }
            }
            px
        }
        ColorType::RGB(8) => data.chunks_exact(3).map(luma).collect(),
        ColorType::RGBA(8) => data.chunks_exact(4).map(luma).collect(),
        _ => return None,
    };
    let px = if white_is_zero && color == ColorType::Gray(8) {
        px.into_iter().map(|v| 255 - v).collect()
    } else {
        px
    };
    (px.len() == w * h).then_some(PageImage { grey: Grey { w, h, px }, dpi })
}

/// The grey value of an RGB(A) pixel.
fn luma(p: &[u8]) -> u8 {
    ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8
}

/// Page `index` of a PDF: its one JPEG image directly when the page is a scanner's page
/// (the fast way), else the page rendered at the resolution of its largest image (at
/// most 300 dpi; 200 dpi without images).
fn pdf_page(pdf: &Pdf, index: usize) -> Option<PageImage> {
    let page = pdf.pages().get(index)?;
    let (pw, ph) = page.render_dimensions();
    let images: Vec<Stream<'_>> = page
        .resources()
        .x_objects
        .keys()
        .filter_map(|name| page.resources().get_x_object(&name))
        .filter(|s| {
            s.dict()
                .get::<Name<'_>>(b"Subtype".as_slice())
                .is_some_and(|n| n.as_ref() == b"Image")
        })
        .collect();
    if let [image] = images.as_slice()
        && let Some(grey) = jpeg_image(image, page.rotation())
    {
        let dpi = grey.w.max(grey.h) as f64 / (pw.max(ph) as f64 / 72.0);
        return Some(PageImage { grey, dpi });
    }
    let widest = images
        .iter()
        .filter_map(|s| s.dict().get::<u32>(b"Width".as_slice()))
        .max()
        .map_or(200.0, |w| f64::from(w) / (f64::from(pw) / 72.0));
    let dpi = widest.clamp(100.0, 300.0);
    let scale = (dpi / 72.0) as f32;
    let settings = hayro::RenderSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        ..Default::default()
    };
    let cache = hayro::RenderCache::new();
    let pixmap = hayro::render(page, &cache, &Default::default(), &settings);
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let px = pixmap.data_as_u8_slice().chunks_exact(4).map(luma).collect();
    Some(PageImage { grey: Grey { w, h, px }, dpi })
}

/// A scanner page's JPEG image as grey pixels, when it is a plain (8-bit grey or RGB)
/// JPEG on an unrotated page; else `None` (the page is rendered instead).
fn jpeg_image(
    image: &Stream<'_>,
    rotation: hayro::hayro_syntax::page::Rotation,
) -> Option<Grey> {
    use hayro::hayro_syntax::Filter;
    if !matches!(rotation, hayro::hayro_syntax::page::Rotation::None) {
        return None;
    }
    let dict: &Dict<'_> = image.dict();
    if image.filters().as_slice() != [Filter::DctDecode]
        || dict.contains_key(b"Decode".as_slice())
    {
        return None;
    }
    let data = image.raw_data();
    let mut decoder =
        image::codecs::jpeg::JpegDecoder::new(Cursor::new(&data[..])).ok()?;
    let _ = image::ImageDecoder::set_limits(&mut decoder, image::Limits::default());
    let img = image::DynamicImage::from_decoder(decoder).ok()?;
    let img = match img {
        image::DynamicImage::ImageLuma8(g) => g,
        other => other.into_luma8(),
    };
    let (w, h) = (img.width() as usize, img.height() as usize);
    Some(Grey { w, h, px: img.into_raw() })
}
