//! Reading one scanned page: find and decode its QR code (which form, which page, and
//! roughly where the page lies), find the four registration marks (exactly where), map
//! the form onto the scan, and measure every tick box. Pure functions of the image and
//! the form's layout; deciding per row is in [`decide_row`].

use crate::render::form::layout::{PageLayout, Rect, TickBox};

use super::image::{Affine, Grey, Pair};

/// Millimetres per pt.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// The working resolution: scans are reduced to about this many dpi (at least 150).
pub const WORK_DPI: f64 = 150.0;

/// A page with less ink than this share of dark pixels is blank (a duplex back side).
const BLANK_INK: f64 = 0.002;

/// A box with at least this share of dark pixels in its middle is marked.
pub const MARKED: f64 = 0.09;
/// A box with at most this share is empty.
pub const EMPTY: f64 = 0.03;
/// A lighter mark (at least this share) still counts when every other box of its row is
/// clean (at most [`CLEAN`]).
pub const FAINT: f64 = 0.05;
/// See [`FAINT`].
pub const CLEAN: f64 = 0.015;
/// The printed borders of a row must show at least this share of dark pixels where the
/// layout puts them; else the row is not where it should be (not aligned).
const BORDER: f64 = 0.45;

/// The page reduced to the working resolution, with its scale.
#[derive(Debug)]
pub struct Work {
    /// The image.
    pub grey: Grey,
    /// Its pixels per inch.
    pub dpi: f64,
}

/// Reduce a page of `dpi` to about [`WORK_DPI`].
pub fn work_image(grey: &Grey, dpi: f64) -> Work {
    let k = ((dpi / WORK_DPI).floor() as usize).max(1);
    Work { grey: grey.downsample(k), dpi: dpi / k as f64 }
}

/// Whether the page carries (almost) no ink.
pub fn is_blank(g: &Grey) -> bool {
    let paper = f64::from(g.percentile(0.9));
    let dark = (paper * 0.6) as u8;
    let n = g.px.iter().step_by(3).filter(|&&v| v < dark).count();
    (n as f64) < BLANK_INK * (g.px.len() / 3) as f64
}

/// A decoded QR code: its text and its corners in the image (top-left, top-right,
/// bottom-right, bottom-left as the code is drawn), and its size in modules.
#[derive(Debug, Clone)]
pub struct Qr {
    /// The text.
    pub text: String,
    /// The corners.
    pub corners: [(f64, f64); 4],
    /// Modules per side.
    pub modules: usize,
}

/// Find and decode QR codes in the region `(x, y, w, h)` of `g`.
fn qr_in(g: &Grey, region: (usize, usize, usize, usize)) -> Vec<Qr> {
    let (x0, y0, w, h) = region;
    let (w, h) = (w.min(g.w.saturating_sub(x0)), h.min(g.h.saturating_sub(y0)));
    if w < 21 || h < 21 {
        return Vec::new();
    }
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        g.px[(y0 + y) * g.w + x0 + x]
    });
    let mut found = Vec::new();
    for grid in prepared.detect_grids() {
        let Ok((meta, text)) = grid.decode() else { continue };
        let corners =
            grid.bounds.map(|p| (f64::from(p.x) + x0 as f64, f64::from(p.y) + y0 as f64));
        found.push(Qr { text, corners, modules: 17 + 4 * meta.version.0 });
    }
    found
}

/// Find the page's QR code: first where a form puts it (the bottom-left corner, or the
/// top-right one of a page scanned upside down), then anywhere. `accept` says whether a
/// code's text is the one wanted (a meetlat page code).
pub fn find_qr(g: &Grey, dpi: f64, accept: &dyn Fn(&str) -> bool) -> Option<Qr> {
    let mm = dpi / 25.4;
    let (rw, rh) = ((80.0 * mm) as usize, (85.0 * mm) as usize);
    let regions = [
        (0, g.h.saturating_sub(rh), rw, rh),
        (g.w.saturating_sub(rw), 0, rw, rh),
        (0, 0, g.w, g.h),
    ];
    regions.into_iter().find_map(|r| qr_in(g, r).into_iter().find(|q| accept(&q.text)))
}

/// Where a page lies on the scan: the map from form coordinates (pt) to pixels, how it
/// was found, and how far the marks are from where the map puts them.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// The map.
    pub map: Affine,
    /// Registration marks found (of four).
    pub marks: usize,
    /// The largest distance between a mark and where the map puts it, in mm.
    pub residual_mm: f64,
}

/// The rough map from the QR code alone: its corners on the form (`rect` is the image
/// with its quiet zone of `quiet` modules) to its corners on the scan.
pub fn qr_map(qr: &Qr, rect: &Rect, quiet: usize) -> Option<Affine> {
    Affine::fit(&qr_points(qr, rect, quiet))
}

/// The QR code's corners: on the form (pt) and on the scan (pixels).
pub fn qr_points(qr: &Qr, rect: &Rect, quiet: usize) -> Vec<Pair> {
    let n = (qr.modules + 2 * quiet) as f64;
    let u = rect.w / n;
    let q = quiet as f64 * u;
    // rqrr's bounds lie one module beyond the code's far edges (its grid runs from 0 to
    // size + 1).
    let (x0, y0) = (rect.x + q, rect.y + q);
    let (x1, y1) = (x0 + (qr.modules + 1) as f64 * u, y0 + (qr.modules + 1) as f64 * u);
    let form = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
    form.iter().copied().zip(qr.corners).collect()
}

/// Find the registration marks near where `rough` puts them, and the exact map through
/// them. `None` when fewer than three are found or they do not agree.
pub fn align(
    g: &Grey,
    rough: &Affine,
    marks: &[Rect],
    qr_points: &[Pair],
) -> Option<Alignment> {
    let scale = rough.scale();
    let paper = f64::from(g.percentile(0.9));
    let dark = (paper * 0.55) as u8;
    let mut pairs = Vec::new();
    for m in marks {
        let (cx, cy) = m.centre();
        let (px, py) = rough.apply(cx, cy);
        let expect = m.w * scale;
        if let Some(found) = find_mark(g, (px, py), expect, 8.0 / MM_PER_PT * scale, dark)
        {
            pairs.push(((cx, cy), found));
        }
    }
    let fit = |pairs: &[Pair]| -> Option<(Affine, f64)> {
        let map = Affine::fit(pairs)?;
        let worst = pairs
            .iter()
            .map(|&((x, y), (tx, ty))| {
                let (mx, my) = map.apply(x, y);
                ((mx - tx).powi(2) + (my - ty).powi(2)).sqrt()
            })
            .fold(0.0, f64::max);
        Some((map, worst / map.scale() * MM_PER_PT))
    };
    // A page shifted in the feeder may lose the marks of one side off the scan: then
    // the QR code's corners help (less exact; each row is still checked on its borders).
    let found = pairs.len();
    if found < marks.len() {
        pairs.extend_from_slice(qr_points);
    }
    let (map, residual_mm) = fit(&pairs)?;
    // Three marks fit any affine map exactly: the rough map must agree with it.
    let agree = marks.iter().all(|m| {
        let (cx, cy) = m.centre();
        let (a, b) = (map.apply(cx, cy), rough.apply(cx, cy));
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() / scale * MM_PER_PT < 6.0
    });
    if std::env::var_os("MEETLAT_DEBUG_SCAN").is_some() {
        eprintln!(
            "debug: marks found {found}, residual {residual_mm:.2} mm, agree {agree}"
        );
    }
    // With the QR code's corners in the fit, a looser fit (rows still check borders).
    let limit = if found == marks.len() { 0.6 } else { 1.2 };
    (residual_mm < limit && agree).then_some(Alignment { map, marks: found, residual_mm })
}

/// The centre of the solid square of side `expect` pixels nearest to `at`, within
/// `radius` pixels; dark pixels are below `dark`.
fn find_mark(
    g: &Grey,
    at: (f64, f64),
    expect: f64,
    radius: f64,
    dark: u8,
) -> Option<(f64, f64)> {
    let r = radius.ceil() as i64;
    let (x0, y0) = (at.0.round() as i64 - r, at.1.round() as i64 - r);
    let side = (2 * r + 1) as usize;
    let mut seen = vec![false; side * side];
    let is_dark = |i: usize| g.get(x0 + (i % side) as i64, y0 + (i / side) as i64) < dark;
    let mut best: Option<((f64, f64), f64)> = None;
    let mut stack = Vec::new();
    for start in 0..side * side {
        if seen[start] || !is_dark(start) {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut n, mut sx, mut sy) = (0usize, 0.0, 0.0);
        let (mut minx, mut maxx, mut miny, mut maxy) = (usize::MAX, 0, usize::MAX, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % side, i / side);
            n += 1;
            sx += x as f64;
            sy += y as f64;
            (minx, maxx, miny, maxy) =
                (minx.min(x), maxx.max(x), miny.min(y), maxy.max(y));
            let mut push = |j: usize| {
                if !seen[j] && is_dark(j) {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                push(i - 1);
            }
            if x + 1 < side {
                push(i + 1);
            }
            if y > 0 {
                push(i - side);
            }
            if y + 1 < side {
                push(i + side);
            }
        }
        let (bw, bh) = ((maxx - minx + 1) as f64, (maxy - miny + 1) as f64);
        let fits = |s: f64| s >= 0.7 * expect && s <= 1.35 * expect + 2.0;
        // Solid (a ring or a stroke of handwriting is not), and about the right size.
        if !fits(bw) || !fits(bh) || (n as f64) < 0.7 * expect * expect {
            continue;
        }
        // Pixel i covers [i, i + 1): its centre is i + 0.5.
        let c = (x0 as f64 + sx / n as f64 + 0.5, y0 as f64 + sy / n as f64 + 0.5);
        let d = (c.0 - at.0).powi(2) + (c.1 - at.1).powi(2);
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c)
}

/// What was measured of one tick box.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxRead {
    /// The option's value.
    pub value: String,
    /// Share of dark pixels in the middle 70% of the box.
    pub fill: f64,
    /// Whether a straight line crosses the box from well above to well below (a toner
    /// streak, not a mark).
    pub streak: bool,
}

/// What was measured of one row (a radio group's boxes on one page).
#[derive(Debug, Clone, PartialEq)]
pub struct RowMeasure {
    /// The boxes.
    pub boxes: Vec<BoxRead>,
    /// Share of dark pixels where the boxes' printed borders are.
    pub border: f64,
}

/// Measure the boxes of one row through `map` (form pt → pixels). The row is first
/// moved by up to 0.8 mm to where its printed borders are darkest (a slightly warped
/// page), then each box's middle is measured against the paper around the row.
pub fn measure_row(g: &Grey, map: &Affine, boxes: &[&TickBox]) -> RowMeasure {
    let per_pt = map.scale();
    // Paper and ink levels around the row.
    let (mut lo, mut hi) = (f64::MAX, f64::MIN);
    for b in boxes {
        lo = lo.min(b.rect.x);
        hi = hi.max(b.rect.x + b.rect.w);
    }
    let row_top = boxes.iter().map(|b| b.rect.y).fold(f64::MAX, f64::min);
    let row_h = boxes.iter().map(|b| b.rect.h).fold(0.0, f64::max);
    let mut around = Vec::new();
    let step = 1.0 / per_pt;
    let mut y = row_top - 6.0;
    while y < row_top + row_h + 6.0 {
        let mut x = lo - 6.0;
        while x < hi + 6.0 {
            let (px, py) = map.apply(x, y);
            around.push(g.at(px, py));
            x += step * 2.0;
        }
        y += step * 2.0;
    }
    around.sort_unstable();
    let paper = f64::from(around[(around.len() * 85) / 100]).max(60.0);
    // A pixel is ink when it is a third of the way from paper to black.
    let ink = (paper * (1.0 - 0.33)) as u8;
    let is_ink = |x: f64, y: f64| {
        let (px, py) = map.apply(x, y);
        g.at(px, py) < ink
    };
    // Border samples of a box at offset (dx, dy) pt.
    let border_share = |dx: f64, dy: f64| {
        let (mut n, mut dark) = (0, 0);
        for b in boxes {
            let r = &b.rect;
            let k = ((r.w * per_pt) as usize).max(8);
            for i in 0..k {
                let t = 0.15 + 0.7 * i as f64 / k as f64;
                for (x, y) in [
                    (r.x + t * r.w, r.y),
                    (r.x + t * r.w, r.y + r.h),
                    (r.x, r.y + t * r.h),
                    (r.x + r.w, r.y + t * r.h),
                ] {
                    n += 1;
                    dark += usize::from(is_ink(x + dx, y + dy));
                }
            }
        }
        dark as f64 / n.max(1) as f64
    };
    let reach = 0.8 / MM_PER_PT;
    let steps = ((reach * per_pt).ceil() as i64).max(1);
    let mut best = (border_share(0.0, 0.0), 0.0, 0.0);
    for j in -steps..=steps {
        for i in -steps..=steps {
            let (dx, dy) =
                (i as f64 * reach / steps as f64, j as f64 * reach / steps as f64);
            let s = border_share(dx, dy);
            // Ties keep the smaller shift.
            if s > best.0 + 1e-9 {
                best = (s, dx, dy);
            }
        }
    }
    let (border, dx, dy) = best;
    let reads = boxes
        .iter()
        .map(|b| {
            let r = &b.rect;
            let k = ((r.w * 0.7 * per_pt).round() as usize).max(6);
            let (mut n, mut dark) = (0, 0);
            for j in 0..k {
                for i in 0..k {
                    let x = r.x + r.w * (0.15 + 0.7 * (i as f64 + 0.5) / k as f64);
                    let y = r.y + r.h * (0.15 + 0.7 * (j as f64 + 0.5) / k as f64);
                    n += 1;
                    dark += usize::from(is_ink(x + dx, y + dy));
                }
            }
            BoxRead {
                value: b.value.clone(),
                fill: dark as f64 / n as f64,
                streak: streak(g, map, r, (dx, dy), ink),
            }
        })
        .collect();
    RowMeasure { boxes: reads, border }
}

/// Whether a straight line of ink runs down the scan (in the scan's own vertical, as a
/// scanner streak does) through the middle of box `r` and 2.5 mm beyond it on both sides.
fn streak(g: &Grey, map: &Affine, r: &Rect, shift: (f64, f64), ink: u8) -> bool {
    let (x0, y0) = map.apply(r.x + shift.0 + 0.2 * r.w, r.y + shift.1);
    let (x1, _) = map.apply(r.x + shift.0 + 0.8 * r.w, r.y + shift.1);
    let (_, y1) = map.apply(r.x + shift.0, r.y + r.h + shift.1);
    let extra = 2.5 / MM_PER_PT * map.scale();
    let (top, bottom) = (y0.min(y1) - extra, y0.max(y1) + extra);
    let (left, right) = (x0.min(x1).round() as i64, x0.max(x1).round() as i64);
    (left..=right).any(|x| {
        let (mut n, mut dark) = (0, 0);
        let mut y = top;
        while y <= bottom {
            n += 1;
            // A streak may be a pixel wide and the page a little crooked: the darkest
            // of three neighbours.
            let yi = super::image::round(y);
            let v = (-1..=1).map(|d| g.get(x + d, yi)).min().unwrap_or(255);
            dark += usize::from(v < ink);
            y += 1.0;
        }
        n > 0 && dark as f64 >= 0.92 * n as f64
    })
}

/// How a row was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowVerdict {
    /// Exactly one box clearly marked, the others clearly empty.
    One(String),
    /// No box marked.
    None,
    /// Two or more boxes marked (their values).
    Several(Vec<String>),
    /// A mark between dark and light (the values of the unclear boxes).
    Unclear(Vec<String>),
    /// A straight line runs through the row: a scanner streak, maybe.
    Streak,
    /// The printed boxes are not where they should be.
    NotAligned,
}

impl RowVerdict {
    /// The value, when the row was read with certainty.
    pub fn certain(&self) -> Option<&str> {
        match self {
            RowVerdict::One(v) => Some(v),
            _ => None,
        }
    }
}

/// Decide a row from its measures: certain only when exactly one box is clearly marked
/// and every other box is clearly empty; anything else goes to a person.
pub fn decide_row(m: &RowMeasure) -> RowVerdict {
    if m.border < BORDER {
        return RowVerdict::NotAligned;
    }
    if m.boxes.iter().any(|b| b.streak) {
        return RowVerdict::Streak;
    }
    let marked: Vec<&BoxRead> = m.boxes.iter().filter(|b| b.fill >= MARKED).collect();
    let unclear: Vec<&BoxRead> =
        m.boxes.iter().filter(|b| b.fill > EMPTY && b.fill < MARKED).collect();
    let values = |v: &[&BoxRead]| v.iter().map(|b| b.value.clone()).collect::<Vec<_>>();
    match (marked.as_slice(), unclear.as_slice()) {
        ([one], []) => RowVerdict::One(one.value.clone()),
        ([], []) => RowVerdict::None,
        (many, _) if many.len() >= 2 => RowVerdict::Several(values(many)),
        ([], [faint])
            if faint.fill >= FAINT
                && m.boxes.iter().all(|b| b.value == faint.value || b.fill <= CLEAN) =>
        {
            RowVerdict::One(faint.value.clone())
        }
        (_, unclear) => RowVerdict::Unclear(values(unclear)),
    }
}

/// Everything read of one identified page.
#[derive(Debug, Clone)]
pub struct PageMeasure {
    /// The alignment; `None`: not aligned (every row then goes to a person).
    pub alignment: Option<Alignment>,
    /// Per radio group on the page, in layout order: its name and measures.
    pub rows: Vec<(String, Option<RowMeasure>)>,
}

/// Measure the page `g` (`qr` found on it) against its layout.
pub fn measure_page(g: &Grey, qr: &Qr, layout: &PageLayout, quiet: usize) -> PageMeasure {
    let mut groups: Vec<(String, Vec<&TickBox>)> = Vec::new();
    for b in &layout.boxes {
        match groups.iter_mut().find(|(f, _)| *f == b.field) {
            Some((_, v)) => v.push(b),
            None => groups.push((b.field.clone(), vec![b])),
        }
    }
    let alignment = layout.qr.as_ref().and_then(|r| {
        let points = qr_points(qr, r, quiet);
        let rough = Affine::fit(&points)?;
        align(g, &rough, &layout.marks, &points)
    });
    let rows = groups
        .into_iter()
        .map(|(field, boxes)| {
            let m = alignment.as_ref().map(|a| measure_row(g, &a.map, &boxes));
            (field, m)
        })
        .collect();
    PageMeasure { alignment, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fills: &[f64]) -> RowMeasure {
        RowMeasure {
            boxes: fills
                .iter()
                .enumerate()
                .map(|(i, &fill)| BoxRead { value: format!("v{i}"), fill, streak: false })
                .collect(),
            border: 0.9,
        }
    }

    #[test]
    fn a_row_is_certain_only_with_one_clear_mark() {
        assert_eq!(
            decide_row(&row(&[0.0, 0.2, 0.01, 0.0])),
            RowVerdict::One("v1".into())
        );
        assert_eq!(
            decide_row(&row(&[0.0, 0.06, 0.0, 0.0])),
            RowVerdict::One("v1".into())
        );
        assert_eq!(decide_row(&row(&[0.0, 0.0, 0.0, 0.0])), RowVerdict::None);
        assert!(matches!(decide_row(&row(&[0.3, 0.2, 0.0])), RowVerdict::Several(_)));
        assert!(matches!(decide_row(&row(&[0.0, 0.2, 0.05])), RowVerdict::Unclear(_)));
        assert!(matches!(decide_row(&row(&[0.02, 0.06, 0.0])), RowVerdict::Unclear(_)));
        let mut r = row(&[0.0, 0.3]);
        r.border = 0.1;
        assert_eq!(decide_row(&r), RowVerdict::NotAligned);
    }
}
