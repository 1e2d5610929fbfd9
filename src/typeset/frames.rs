//! The laid-out pages as printed: every run of text and every image placed on its page, with
//! the box that clips it. The page check reads them for its problems, balancing to see whether a
//! column holds anything.

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::visualize::Paint;

/// A run of text as printed: where its glyphs sit on the page, in points. An image is placed as
/// a run without text (a photo or chart that runs off the page hides what it shows).
pub struct Run {
    pub text: String,
    pub left: f64,
    pub right: f64,
    /// From the top of the x-height to the baseline: two lines overprint where these overlap.
    pub top: f64,
    pub baseline: f64,
    /// The box of the clipping group around it, if any: text outside it is cut off.
    pub clip: Option<[f64; 4]>,
    /// Printed too small to read, or in a colour without any opacity.
    pub unreadable: bool,
}

/// The smallest type a reader can read, in points (the house style's smallest is 6,2 pt).
pub const MIN_SIZE: f64 = 4.0;

/// Where on `page` text and images are printed: left, top, right, bottom (pt).
pub fn printed_boxes(page: &typst_layout::Page) -> Vec<[f64; 4]> {
    let (mut runs, mut images) = (Vec::new(), Vec::new());
    collect(&page.frame, Transform::identity(), None, &mut runs, &mut images);
    runs.iter().chain(&images).map(|run| [run.left, run.top, run.right, run.baseline]).collect()
}

/// Walks a frame and its groups, placing each text run and each image on the page.
pub fn collect(frame: &Frame, ts: Transform, clip: Option<[f64; 4]>, runs: &mut Vec<Run>, images: &mut Vec<Run>) {
    for (position, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(position.x, position.y));
        match item {
            FrameItem::Group(group) => {
                let inner = here.pre_concat(group.transform);
                let clip = match &group.clip {
                    Some(_) => {
                        let [a, b] = [Point::zero(), Point::new(group.frame.width(), group.frame.height())]
                            .map(|corner| corner.transform(inner));
                        Some([a.x.to_pt(), a.y.to_pt(), b.x.to_pt(), b.y.to_pt()])
                    }
                    None => clip,
                };
                collect(&group.frame, inner, clip, runs, images);
            }
            FrameItem::Image(_, size, _) if here.kx.get() == 0.0 && here.ky.get() == 0.0 => {
                let [a, b] = [Point::zero(), Point::new(size.x, size.y)].map(|corner| corner.transform(here));
                images.push(Run {
                    text: String::new(),
                    left: a.x.to_pt(),
                    right: b.x.to_pt(),
                    top: a.y.to_pt(),
                    baseline: b.y.to_pt(),
                    clip,
                    unreadable: false,
                });
            }
            // Rotated or skewed text (none in the house style) has no upright box to check.
            FrameItem::Text(text) if here.kx.get() == 0.0 && here.ky.get() == 0.0 => {
                let start = Point::zero().transform(here);
                let size = text.size.to_pt() * here.sy.get();
                let width = text.width().to_pt() * here.sx.get();
                let transparent =
                    matches!(&text.fill, Paint::Solid(colour) if colour.alpha().is_some_and(|a| a <= 0.05));
                runs.push(Run {
                    text: text.text.to_string(),
                    left: start.x.to_pt(),
                    right: start.x.to_pt() + width,
                    top: start.y.to_pt() - 0.55 * size,
                    baseline: start.y.to_pt(),
                    clip,
                    unreadable: size < MIN_SIZE || transparent,
                });
            }
            _ => {}
        }
    }
}
