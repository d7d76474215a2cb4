//! Grey images and the few operations reading a scan needs: downsampling, turning,
//! sampling through an affine transform, and PNG for the review.

/// An 8-bit grey image, row by row (0 black, 255 white).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grey {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    /// The pixels.
    pub px: Vec<u8>,
}

impl Grey {
    /// A white image.
    pub fn white(w: usize, h: usize) -> Grey {
        Grey { w, h, px: vec![255; w * h] }
    }

    /// The pixel at `(x, y)`; white outside the image.
    #[inline]
    pub fn get(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x >= self.w as i64 || y >= self.h as i64 {
            255
        } else {
            self.px[y as usize * self.w + x as usize]
        }
    }

    /// The pixel nearest to the point `(x, y)` (pixel `i` covers `[i - 0.5, i + 0.5)` of
    /// the point's coordinates, as [`f64::round`] has it); white outside the image.
    #[inline]
    pub fn at(&self, x: f64, y: f64) -> u8 {
        self.get(round(x), round(y))
    }

    /// The image at its width and height divided by `k` (the mean of each k×k block).
    pub fn downsample(&self, k: usize) -> Grey {
        if k <= 1 {
            return self.clone();
        }
        let (w, h) = (self.w / k, self.h / k);
        let mut px = vec![0u8; w * h];
        let mut sums = vec![0u32; w];
        let area = (k * k) as u32;
        for y in 0..h {
            sums.iter_mut().for_each(|s| *s = 0);
            for dy in 0..k {
                let row = &self.px[(y * k + dy) * self.w..][..w * k];
                // Two pixels a block is the usual case (300 dpi to 150): a loop the
                // compiler can vectorise.
                if k == 2 {
                    for (s, p) in sums.iter_mut().zip(row.chunks_exact(2)) {
                        *s += u32::from(p[0]) + u32::from(p[1]);
                    }
                } else {
                    for (s, p) in sums.iter_mut().zip(row.chunks_exact(k)) {
                        *s += p.iter().map(|&v| u32::from(v)).sum::<u32>();
                    }
                }
            }
            for (o, s) in px[y * w..(y + 1) * w].iter_mut().zip(&sums) {
                *o = (s / area) as u8;
            }
        }
        Grey { w, h, px }
    }

    /// The image turned by 180°.
    pub fn rotated_180(&self) -> Grey {
        let mut px = self.px.clone();
        px.reverse();
        Grey { w: self.w, h: self.h, px }
    }

    /// The grey value below which the darkest `share` of pixels lie.
    pub fn percentile(&self, share: f64) -> u8 {
        let mut hist = [0usize; 256];
        // Every fourth pixel is plenty for a page.
        for &v in self.px.iter().step_by(4) {
            hist[v as usize] += 1;
        }
        let total: usize = hist.iter().sum();
        let want = (total as f64 * share) as usize;
        let mut seen = 0;
        for (v, n) in hist.iter().enumerate() {
            seen += n;
            if seen > want {
                return v as u8;
            }
        }
        255
    }

    /// PNG bytes (grey).
    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Sub,
        );
        let _ = image::ImageEncoder::write_image(
            encoder,
            &self.px,
            self.w as u32,
            self.h as u32,
            image::ExtendedColorType::L8,
        );
        out
    }
}

/// `v` rounded to the nearest integer, half away from zero (as [`f64::round`], which is
/// a library call on the baseline x86-64 target: this is several times faster where
/// every sampled pixel is rounded).
#[inline]
pub(crate) fn round(v: f64) -> i64 {
    // `as` truncates towards zero (and saturates).
    if v >= 0.0 { (v + 0.5) as i64 } else { -((0.5 - v) as i64) }
}

/// A point on the form (pt) and where it lies on the scan (pixels).
pub type Pair = ((f64, f64), (f64, f64));

/// An affine map of the plane: `(x, y) → (a·x + b·y + c, d·x + e·y + f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    /// Coefficients `[a, b, c, d, e, f]`.
    pub m: [f64; 6],
}

impl Affine {
    /// Apply to a point.
    #[inline]
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.m;
        (a * x + b * y + c, d * x + e * y + f)
    }

    /// How much longer a distance becomes (the mean of both axes' scale).
    pub fn scale(&self) -> f64 {
        let [a, b, _, d, e, _] = self.m;
        ((a * a + d * d).sqrt() + (b * b + e * e).sqrt()) / 2.0
    }

    /// The least-squares affine map taking each `from` point to its `to` point; `None`
    /// with fewer than three points or points on one line.
    pub fn fit(pairs: &[Pair]) -> Option<Affine> {
        if pairs.len() < 3 {
            return None;
        }
        // Normal equations of [x y 1]·[a b c]ᵀ = X (and the same for Y).
        let mut n = [[0.0f64; 3]; 3];
        let mut rx = [0.0f64; 3];
        let mut ry = [0.0f64; 3];
        for &((x, y), (tx, ty)) in pairs {
            let v = [x, y, 1.0];
            for i in 0..3 {
                for j in 0..3 {
                    n[i][j] += v[i] * v[j];
                }
                rx[i] += v[i] * tx;
                ry[i] += v[i] * ty;
            }
        }
        let sx = solve3(n, rx)?;
        let sy = solve3(n, ry)?;
        Some(Affine { m: [sx[0], sx[1], sx[2], sy[0], sy[1], sy[2]] })
    }
}

/// Solve a 3×3 linear system (Cramer's rule); `None` when singular.
fn solve3(m: [[f64; 3]; 3], r: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: &[[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(&m);
    if d.abs() < 1e-9 * (1.0 + m[0][0].abs() * m[1][1].abs() * m[2][2].abs()) {
        return None;
    }
    let mut out = [0.0; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let mut mk = m;
        for i in 0..3 {
            mk[i][k] = r[i];
        }
        *o = det(&mk) / d;
    }
    Some(out)
}

/// The part of `image` that `map` takes the rectangle `(x, y, w, h)` (form coordinates,
/// pt) to, drawn upright at `per_pt` pixels per pt: a crop of the scan as the form lies.
pub fn crop(image: &Grey, map: &Affine, rect: (f64, f64, f64, f64), per_pt: f64) -> Grey {
    let (x0, y0, w, h) = rect;
    let (cw, ch) =
        (((w * per_pt).round() as usize).max(1), ((h * per_pt).round() as usize).max(1));
    let mut out = Grey::white(cw, ch);
    for j in 0..ch {
        for i in 0..cw {
            let (sx, sy) = map.apply(x0 + i as f64 / per_pt, y0 + j as f64 / per_pt);
            out.px[j * cw + i] = image.at(sx, sy);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_an_affine_map() {
        let truth = Affine { m: [1.9, 0.1, 12.0, -0.08, 2.1, -4.0] };
        let pairs: Vec<_> = [(0.0, 0.0), (500.0, 0.0), (0.0, 800.0), (500.0, 800.0)]
            .iter()
            .map(|&(x, y)| ((x, y), truth.apply(x, y)))
            .collect();
        let fit = Affine::fit(&pairs).unwrap();
        for (a, b) in fit.m.iter().zip(truth.m) {
            assert!((a - b).abs() < 1e-6, "{:?}", fit.m);
        }
        assert!(Affine::fit(&pairs[..2]).is_none());
    }

    #[test]
    fn downsample_averages_blocks() {
        let g = Grey { w: 4, h: 2, px: vec![0, 255, 10, 10, 255, 0, 10, 10] };
        let d = g.downsample(2);
        assert_eq!((d.w, d.h, d.px.clone()), (2, 1, vec![127, 10]));
        assert_eq!(g.rotated_180().px, vec![10, 10, 0, 255, 10, 10, 255, 0]);
        // Three by three, the odd column and row beyond the last block left out.
        let g = Grey { w: 7, h: 4, px: (0..28).map(|v| v * 9).collect() };
        let d = g.downsample(3);
        assert_eq!((d.w, d.h), (2, 1));
        assert_eq!(d.px, vec![72, 99]);
    }

    #[test]
    fn round_is_f64_round() {
        for v in [-2.5, -1.5, -0.5, -0.49, 0.0, 0.49, 0.5, 1.5, 2.5, 1e6 + 0.5, -7.25] {
            assert_eq!(round(v), v.round() as i64, "{v}");
        }
    }
}
