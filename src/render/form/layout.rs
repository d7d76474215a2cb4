//! Where things are on a typeset form, for reading a scan of it back (stage: render, used
//! by `collect`): per page the registration marks, the QR code and the tick boxes, in pt
//! from the page's top-left corner. Computed by typesetting the form again in memory (no
//! PDF): the same course, student and moment give the same layout as the printed form,
//! and a scan's QR code says which course version it was made from (its fingerprint).

use crate::diag::Diagnostic;
use crate::model::Student;
use crate::render::RenderEnv;
use crate::resolve::Plan;
use crate::typst_world::{FieldKind, Marker};

use super::view::{Moment, qr_files, view};

/// A rectangle in pt, from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The centre.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// A tick box: one option of a radio group.
#[derive(Debug, Clone, PartialEq)]
pub struct TickBox {
    /// The group (field name), e.g. `LU3.G12` or `advies`.
    pub field: String,
    /// The option's value as the template gave it (a level id as [`super::option_name`]
    /// makes it, `NG`, or an advice).
    pub value: String,
    /// Where.
    pub rect: Rect,
}

/// One page of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    /// Width and height in pt.
    pub size: (f64, f64),
    /// The registration marks (see `templates/lib/form.typ`).
    pub marks: Vec<Rect>,
    /// The QR code (the image, quiet zone included).
    pub qr: Option<Rect>,
    /// The tick boxes, in reading order.
    pub boxes: Vec<TickBox>,
}

/// Every page of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormLayout {
    /// The pages, from page 1.
    pub pages: Vec<PageLayout>,
}

/// The layout of the form of `student` (`None`: the blank form) for `moment`.
///
/// # Errors
/// The template's problems.
pub fn layout(
    plan: &Plan,
    env: &RenderEnv,
    student: Option<&Student>,
    moment: Moment,
) -> Result<FormLayout, Vec<Diagnostic>> {
    Ok(typeset_layout(plan, env, student, moment, false)?.0)
}

/// How the forms of a list of students for one moment fall into classes of one layout
/// (as the batch path of `meetlat forms` groups them): typesetting one form per class
/// tells where every student's boxes are.
#[derive(Debug)]
pub struct Classes {
    /// Each student's class.
    pub class_of: Vec<usize>,
    /// Each class's key (the heights of the parts that shape page 1).
    keys: Vec<Vec<i64>>,
    /// Each class's first student.
    pub first_of: Vec<usize>,
    /// The layout of the first student's class.
    pub first: FormLayout,
}

impl Classes {
    /// The classes of `students`' forms for `moment` (at least one student).
    ///
    /// # Errors
    /// Why not (a template override without the batch's slots, a template error): then
    /// lay out each student's form on its own ([`layout`]).
    pub fn of(
        plan: &Plan,
        env: &RenderEnv,
        students: &[Student],
        moment: Moment,
    ) -> Result<Classes, String> {
        let student = students.first().ok_or("no students")?;
        let (first, slots) = body_layout(plan, env, student, moment)
            .map_err(|d| d.first().map(ToString::to_string).unwrap_or_default())?;
        let (keys_of, body) =
            super::batch::class_keys(plan, env, students, moment, &slots)?;
        let mut keys: Vec<Vec<i64>> = Vec::new();
        let mut first_of = Vec::new();
        let mut class_of = Vec::with_capacity(students.len());
        for (i, key) in keys_of.into_iter().enumerate() {
            let class = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
                keys.push(key);
                first_of.push(i);
                keys.len() - 1
            });
            class_of.push(class);
        }
        if keys.first() != Some(&body) {
            return Err("the first student's body differs from its measured parts".into());
        }
        Ok(Classes { class_of, keys, first_of, first })
    }

    /// The layout of class `class`, typeset from its first student `student`; `None`
    /// when it cannot be or its body is not of the class (then lay out each form alone).
    pub fn layout(
        &self,
        plan: &Plan,
        env: &RenderEnv,
        class: usize,
        student: &Student,
        moment: Moment,
    ) -> Option<FormLayout> {
        if class == 0 {
            return Some(self.first.clone());
        }
        let (layout, slots) = body_layout(plan, env, student, moment).ok()?;
        (super::batch::body_key(&slots).as_ref() == self.keys.get(class))
            .then_some(layout)
    }
}

/// The layout of `student`'s form as the shared body of a batch lays it out (the
/// student's parts hidden in slots of the same size, as the batch path does), and the
/// slots' markers. Every student whose parts have the same heights has this layout.
///
/// # Errors
/// The template's problems.
pub fn body_layout(
    plan: &Plan,
    env: &RenderEnv,
    student: &Student,
    moment: Moment,
) -> Result<(FormLayout, Vec<Marker>), Vec<Diagnostic>> {
    typeset_layout(plan, env, Some(student), moment, true)
}

/// The layout, and with `body` the slot markers of the batch's body.
fn typeset_layout(
    plan: &Plan,
    env: &RenderEnv,
    student: Option<&Student>,
    moment: Moment,
    body: bool,
) -> Result<(FormLayout, Vec<Marker>), Vec<Diagnostic>> {
    let pattern = "/qr-0-{page}.svg";
    let view =
        view(plan, env, student, moment, true, pattern.into()).map_err(|d| vec![d])?;
    let data = if body {
        serde_json::to_vec(&serde_json::json!({ "body": view }))
    } else {
        serde_json::to_vec(&view)
    }
    .map_err(|e| vec![Diagnostic::internal(e.to_string())])?;
    let files = qr_files(plan, student, moment, pattern);
    let typeset = env.engine.layout("form.typ", data, files)?;
    let mut pages: Vec<PageLayout> = typeset
        .pages
        .iter()
        .map(|&size| PageLayout { size, marks: Vec::new(), qr: None, boxes: Vec::new() })
        .collect();
    for m in &typeset.markers {
        let Some(kind) = m.value.get("scan").and_then(serde_json::Value::as_str) else {
            continue;
        };
        let size = |k: &str| m.value.get(k).and_then(serde_json::Value::as_f64);
        let (Some(w), Some(h), Some(page)) =
            (size("w"), size("h"), pages.get_mut(m.page))
        else {
            continue;
        };
        let rect = Rect { x: m.x, y: m.y, w, h };
        match kind {
            "mark" => page.marks.push(rect),
            "qr" => page.qr = Some(rect),
            _ => {}
        }
    }
    for f in &typeset.fields {
        let FieldKind::Radio(value) = &f.kind else { continue };
        let Some(page) = pages.get_mut(f.page) else { continue };
        let [x1, y1, x2, y2] = f.rect.map(f64::from);
        page.boxes.push(TickBox {
            field: f.name.clone(),
            value: value.clone(),
            rect: Rect { x: x1, y: page.size.1 - y2, w: x2 - x1, h: y2 - y1 },
        });
    }
    let slots = typeset.markers.into_iter().filter(|m| m.value.get("slot").is_some());
    Ok((FormLayout { pages }, slots.collect()))
}
