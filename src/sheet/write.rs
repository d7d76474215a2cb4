//! The XLSX scoring sheet: one row per student, a dropdown per indicator, and live
//! formulas for outcome scores, the grade and the result. The formulas implement the rules
//! of [`crate::grade`] and use only functions that Excel 2010+ and LibreOffice 7.4+ both
//! compute; every setting they use is a named cell on the `Instellingen` sheet.
//!
//! Floating point: spreadsheets compute in binary floats, `grade` in exact rationals.
//! Comparisons and rounding add a tolerance (`Tolerantie`, 1e-9). Exact values that
//! meet a boundary land on it; values that miss it miss it by far more than 1e-9
//! (their denominators are small), so both agree everywhere.

use rust_xlsxwriter::{
    Color, ConditionalFormatBlank, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet,
    XlsxError,
};

use crate::clock::Date;
use crate::grade::Verdict;
use crate::resolve::Plan;

use crate::sheet::layout::{self, cell_ref as cell};
pub use crate::sheet::layout::{
    FIRST_INPUT_COL, FIRST_STUDENT_ROW, HEADER_ROW, Layout, column_name, weight_name,
};

/// Values to put into input cells at generation (tests; re-issuing a filled sheet):
/// `(student index, outcome index, indicator index) → text`.
pub type Prefill<'a> = &'a dyn Fn(usize, usize, usize) -> Option<String>;

use crate::words::SheetWords as Words;

/// Build the workbook's bytes.
///
/// # Errors
/// rust_xlsxwriter's error (a limit of the format exceeded), as text.
pub fn render(
    plan: &Plan,
    date: Date,
    prefill: Option<Prefill<'_>>,
) -> Result<Vec<u8>, String> {
    render_with(plan, date, prefill, None)
}

/// The supervisors' observations on the sheet (`meetlat sheet --observations`).
#[derive(Debug, Clone, Copy)]
pub struct Supervised<'a> {
    /// The observations, matched to the plan.
    pub matched: &'a crate::collect::matched::Matched,
    /// Whether the `Scores` inputs start at the supervisor's levels (`--prefill`); then
    /// a level that differs from the supervisor's is marked while typing.
    pub prefill: bool,
}

/// [`render`] with the supervisors' observations: a read-only sheet `Werkplek` (in the
/// course's language) and, with [`Supervised::prefill`], the supervisor's levels in the
/// inputs (a `prefill` given as well wins) and the marking of levels that differ.
///
/// # Errors
/// As [`render`].
pub fn render_with(
    plan: &Plan,
    date: Date,
    prefill: Option<Prefill<'_>>,
    supervised: Option<Supervised<'_>>,
) -> Result<Vec<u8>, String> {
    let from_supervisor = |s: usize, o: usize, i: usize| -> Option<String> {
        let sup = supervised?;
        sup.matched.of(s)?.levels.get(o)?.get(i)?.sheet_text(plan)
    };
    let prefill = match (prefill, supervised) {
        (Some(p), _) => Some(p),
        (None, Some(s)) if s.prefill => Some(&from_supervisor as Prefill<'_>),
        (None, _) => None,
    };
    build(plan, date, prefill, supervised)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| e.to_string())
}

fn build(
    plan: &Plan,
    date: Date,
    prefill: Option<Prefill<'_>>,
    supervised: Option<Supervised<'_>>,
) -> Result<Workbook, XlsxError> {
    let w = crate::words::sheet_words(plan.course.language);
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(format!("{} {} {}", w.title, plan.course.code, plan.course.name))
        .set_company(&plan.course.institution)
        .set_creation_datetime(&ExcelDateTime::from_ymd(date.0 as u16, date.1, date.2)?)
        .set_custom_property(layout::PROP_COURSE, plan.course.code.as_str())
        .set_custom_property(layout::PROP_FINGERPRINT, plan.fingerprint.as_str())
        .set_custom_property(layout::PROP_FRAMEWORK, plan.framework.id.as_str())
        .set_custom_property(
            layout::PROP_FRAMEWORK_VERSION,
            plan.framework.version.as_str(),
        );
    wb.set_properties(&props);

    let layout = Layout::new(plan);
    let ow = crate::words::observation_words(plan.course.language);
    instruction_sheet(wb.add_worksheet(), plan, &w, supervised)?;
    let marked = supervised.filter(|s| s.prefill).map(|_| ow.sheet);
    scores_sheet(wb.add_worksheet(), plan, &layout, &w, prefill, marked)?;
    if let Some(s) = supervised {
        supervisor_sheet(wb.add_worksheet(), plan, &layout, &w, s)?;
    }
    rubric_sheet(wb.add_worksheet(), plan, &w)?;
    settings_sheet(wb.add_worksheet(), plan, &w)?;
    define_names(&mut wb, plan)?;
    Ok(wb)
}

/// Protect a sheet, with the course's password if it has one.
fn protect(ws: &mut Worksheet, plan: &Plan) {
    match &plan.course.sheet.password {
        Some(p) if !p.is_empty() => ws.protect_with_password(p),
        _ => ws.protect(),
    };
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE6EDF5))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBCC5D0))
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn instruction_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    w: &Words,
    supervised: Option<Supervised<'_>>,
) -> Result<(), XlsxError> {
    ws.set_name(w.instructions)?;
    let title =
        Format::new().set_bold().set_font_size(14).set_font_color(Color::RGB(0x1D4E89));
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.set_column_width(0, INSTRUCTION_WIDTH)?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} — {} ({}, {})",
            plan.course.code,
            plan.course.name,
            plan.course.academic_year,
            plan.course.period
        ),
        &title,
    )?;
    let mut row = 2;
    let mut paragraphs: Vec<(String, String)> = crate::words::sheet_instructions(plan)
        .into_iter()
        .map(|r| (r.title, r.text))
        .collect();
    if let Some(s) = supervised {
        let ow = crate::words::observation_words(plan.course.language);
        let text = if s.prefill { ow.instruction_prefill } else { ow.instruction_plain };
        paragraphs
            .push((ow.instruction_title.to_owned(), text.replace("{sheet}", ow.sheet)));
    }
    for (title, text) in paragraphs {
        ws.write_string_with_format(row, 0, &title, &bold)?;
        ws.set_row_height(row + 1, wrapped_height(&[(&text, INSTRUCTION_WIDTH)]))?;
        ws.write_string_with_format(row + 1, 0, &text, &wrap)?;
        row += 3;
    }
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_margins(0.6, 0.6, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    protect(ws, plan);
    Ok(())
}

fn scores_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    layout: &Layout,
    w: &Words,
    prefill: Option<Prefill<'_>>,
    marked_against: Option<&str>,
) -> Result<(), XlsxError> {
    ws.set_name(layout::SCORES_SHEET)?;
    ws.set_active(true);
    // A formula whose result is set to "" stores an empty text (not the default 0).
    ws.set_formula_result_default("");
    let head = header_format();
    let group = header_format().set_align(FormatAlign::Center);
    let input = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBCC5D0));
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBCC5D0));
    let motivation = input.clone().set_text_wrap().set_align(FormatAlign::Top);
    // Scores in the rubric's points: the mean points per observed indicator.
    let points = text.clone().set_num_format("0.00");
    let grade = text.clone().set_num_format("0.0").set_bold();
    let unrounded = text.clone().set_num_format("0.000");
    let n_students = plan.students.len() as u32;
    let last_row = FIRST_STUDENT_ROW + n_students.max(1) - 1;

    ws.write_string_with_format(HEADER_ROW, 0, w.number, &head)?;
    ws.write_string_with_format(HEADER_ROW, 1, w.name, &head)?;
    ws.write_string_with_format(0, 0, &plan.course.code, &head)?;
    ws.write_string_with_format(0, 1, &plan.course.name, &head)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 28)?;
    let title_height = outcome_titles(ws, plan, layout, &group)?;
    for (o, &(first, _)) in plan.outcomes.iter().zip(&layout.inputs) {
        for (k, ind) in o.indicators.iter().enumerate() {
            let col = first + k as u16;
            ws.write_string_with_format(HEADER_ROW, col, &ind.id, &head)?;
            ws.set_column_width(col, 12)?;
            let note = Note::new(format!("{} ({}): {}", ind.id, o.id, ind.text))
                .add_author_prefix(false)
                .set_width(320)
                .set_height(140);
            ws.insert_note(HEADER_ROW, col, &note)?;
        }
    }
    let n_outcomes = plan.outcomes.len() as u16;
    ws.merge_range(
        0,
        layout.score_col,
        0,
        layout.cesuur_col + n_outcomes - 1,
        &crate::words::Terms::of(plan).apply(w.per_outcome),
        &group,
    )?;
    ws.merge_range(0, layout.final_col, 0, layout.result_col, w.final_result, &group)?;
    for (i, o) in plan.outcomes.iter().enumerate() {
        let i = i as u16;
        ws.write_string_with_format(
            HEADER_ROW,
            layout.score_col + i,
            format!("{} {}", o.id, w.score),
            &head,
        )?;
        ws.write_string_with_format(
            HEADER_ROW,
            layout.cesuur_col + i,
            format!("{} {}", o.id, w.cesuur),
            &head,
        )?;
        ws.set_column_width(layout.score_col + i, 10)?;
        ws.set_column_width(layout.cesuur_col + i, 10)?;
    }
    for (col, label) in [
        (layout.final_col, w.final_score),
        (layout.raw_col, w.unrounded),
        (layout.knockout_col, w.knockout),
        (layout.grade_col, w.grade),
        (layout.result_col, w.result),
    ] {
        ws.write_string_with_format(HEADER_ROW, col, label, &head)?;
        ws.set_column_width(col, 12)?;
    }
    // Wide enough for "onvoldoende bewijs" (a student without enough evidence).
    ws.set_column_width(layout.grade_col, 19)?;
    ws.write_string_with_format(HEADER_ROW, layout.motivation_col, w.motivation, &head)?;
    ws.insert_note(
        HEADER_ROW,
        layout.motivation_col,
        &Note::new(w.motivation_note).set_author("meetlat"),
    )?;
    ws.set_column_width(layout.motivation_col, 40)?;
    for (i, o) in plan.outcomes.iter().enumerate() {
        let col = layout.outcome_motivation_col + i as u16;
        ws.write_string_with_format(
            HEADER_ROW,
            col,
            format!("{} {}", w.motivation, o.id),
            &head,
        )?;
        ws.set_column_width(col, 28)?;
    }
    if !plan.outcomes.is_empty() {
        ws.insert_note(
            HEADER_ROW,
            layout.outcome_motivation_col,
            &Note::new(crate::words::Terms::of(plan).apply(w.outcome_motivation_note))
                .set_author("meetlat"),
        )?;
    }
    if !plan.rules.graded {
        // A course without a grade: the grade's columns stay (the layout is one for every
        // course) but are empty and hidden.
        ws.set_column_hidden(layout.raw_col)?;
        ws.set_column_hidden(layout.grade_col)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    ws.set_row_height(0, title_height)?;

    let weights_sum =
        plan.outcomes.iter().map(|o| weight_name(&o.id)).collect::<Vec<_>>().join("+");
    let (first_input, last_input) = (
        layout.inputs.first().map_or(FIRST_INPUT_COL, |i| i.0),
        layout.inputs.last().map_or(FIRST_INPUT_COL, |i| i.1),
    );
    for (s, student) in plan.students.iter().enumerate() {
        let row = FIRST_STUDENT_ROW + s as u32;
        ws.write_string_with_format(row, 0, &student.number, &text)?;
        ws.write_blank(row, layout.motivation_col, &motivation)?;
        for i in 0..plan.outcomes.len() as u16 {
            ws.write_blank(row, layout.outcome_motivation_col + i, &motivation)?;
        }
        ws.write_string_with_format(row, 1, student.sort_name(), &text)?;
        let entered: Vec<Vec<Option<String>>> = layout
            .inputs
            .iter()
            .enumerate()
            .map(|(o, &(first, last))| {
                (first..=last)
                    .map(|col| {
                        prefill
                            .and_then(|f| f(s, o, usize::from(col - first)))
                            .filter(|v| !v.is_empty())
                    })
                    .collect()
            })
            .collect();
        let shown = row_results(plan, w, &entered);
        let inputs = format!("{}:{}", cell(row, first_input), cell(row, last_input));
        for (o, &(first, last)) in layout.inputs.iter().enumerate() {
            for col in first..=last {
                match &entered[o][usize::from(col - first)] {
                    Some(v) => ws.write_string_with_format(row, col, v, &input)?,
                    None => ws.write_blank(row, col, &input)?,
                };
            }
            let range = format!("{}:{}", cell(row, first), cell(row, last));
            let obs = format!("SUMPRODUCT(COUNTIF(NiveauIds,{range}))");
            let pts = format!("SUMPRODUCT(SUMIF(NiveauIds,{range},NiveauPunten))");
            let score = format!(
                "=IF(AND({obs}>0,{obs}>=MinGeobserveerd*COLUMNS({range})-Tolerantie),\
                 {pts}/{obs},\"\")"
            );
            let score_cell = cell(row, layout.score_col + o as u16);
            ws.write_formula_with_format(
                row,
                layout.score_col + o as u16,
                fx(plan, score).set_result(&shown.outcomes[o].0),
                &points,
            )?;
            let reached = format!(
                "=IF({score_cell}=\"\",\"\",IF({}>=Cesuur-Tolerantie,\"{}\",\"{}\"))",
                share(&score_cell),
                w.yes,
                w.no
            );
            ws.write_formula_with_format(
                row,
                layout.cesuur_col + o as u16,
                fx(plan, reached).set_result(&shown.outcomes[o].1),
                &text,
            )?;
        }
        let scores = format!(
            "{}:{}",
            cell(row, layout.score_col),
            cell(row, layout.score_col + n_outcomes - 1)
        );
        let cesuurs = format!(
            "{}:{}",
            cell(row, layout.cesuur_col),
            cell(row, layout.cesuur_col + n_outcomes - 1)
        );
        let weighted = plan
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| {
                format!(
                    "{}*{}",
                    cell(row, layout.score_col + i as u16),
                    weight_name(&o.id)
                )
            })
            .collect::<Vec<_>>()
            .join("+");
        let f = cell(row, layout.final_col);
        let raw = cell(row, layout.raw_col);
        let ko = cell(row, layout.knockout_col);
        let gr = cell(row, layout.grade_col);
        ws.write_formula_with_format(
            row,
            layout.final_col,
            fx(plan, format!(
                "=IF(COUNTBLANK({inputs})>0,\"\",IF(COUNT({scores})<COLUMNS({scores}),\"\",\
                 ({weighted})/({weights_sum})))"
            ))
            .set_result(&shown.final_score),
            &points,
        )?;
        ws.write_formula_with_format(
            row,
            layout.knockout_col,
            fx(plan, format!(
                "=IF({f}=\"\",\"\",IF(AND(KnockOut=1,COUNTIF({cesuurs},\"{}\")>0),\"{}\",\"{}\"))",
                w.no, w.yes, w.no
            ))
            .set_result(&shown.knockout),
            &text,
        )?;
        if plan.rules.graded {
            ws.write_formula_with_format(
                row,
                layout.raw_col,
                fx(plan, format!(
                    "=IF({f}=\"\",\"\",IF({fr}<=Cesuur,MinCijfer+(CijferCesuur-MinCijfer)*{fr}/Cesuur,\
                     CijferCesuur+(MaxCijfer-CijferCesuur)*({fr}-Cesuur)/(1-Cesuur)))",
                    fr = share(&f)
                ))
                .set_result(&shown.raw),
                &unrounded,
            )?;
            let half = format!("ROUND(2*{raw}+Tolerantie,0)/2");
            let rounded = format!(
                "CHOOSE(Afronding,ROUND({raw}+Tolerantie,1),\
                 IF({half}=5.5,IF({raw}>=5.5-Tolerantie,6,5),{half}),ROUND({raw}+Tolerantie,0))"
            );
            ws.write_formula_with_format(
                row,
                layout.grade_col,
                fx(
                    plan,
                    format!(
                        "=IF(COUNTBLANK({inputs})>0,\"\",IF({f}=\"\",\"{}\",\
                     IF({ko}=\"{}\",MIN({rounded},KnockOutMax),{rounded})))",
                        w.no_evidence, w.yes
                    ),
                )
                .set_result(&shown.grade),
                &grade,
            )?;
        }
        // Pass: the rounded grade reaches the pass mark; without a grade, the final score
        // reaches the cut score (the grade's columns then stay empty and hidden).
        let passes = if plan.rules.graded {
            format!("{gr}>=Voldoende-Tolerantie")
        } else {
            format!("{}>=Cesuur-Tolerantie", share(&f))
        };
        ws.write_formula_with_format(
            row,
            layout.result_col,
            fx(
                plan,
                format!(
                    "=IF(COUNTBLANK({inputs})>0,\"{}\",IF({f}=\"\",\"{}\",\
                 IF(AND({ko}=\"{}\",{passes}),\"{}\",\"{}\")))",
                    w.to_fill, w.incomplete, w.no, w.pass, w.fail
                ),
            )
            .set_result(&shown.result),
            &text,
        )?;
    }

    // Dropdowns with the level ids and NG; anything else is refused.
    if let (Some(&(first, _)), Some(&(_, last))) =
        (layout.inputs.first(), layout.inputs.last())
    {
        let ids: Vec<&str> = plan.levels.iter().map(|l| l.id.as_str()).collect();
        let validation = DataValidation::new()
            .allow_list_formula(fx(plan, "=Keuzelijst"))
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(w.invalid_title)?
            .set_error_message(
                w.invalid_message
                    .replace("{levels}", &ids.join(", "))
                    .replace("{ng}", w.not_observed),
            )?;
        ws.add_data_validation(FIRST_STUDENT_ROW, first, last_row, last, &validation)?;
        let missing = ConditionalFormatBlank::new()
            .set_format(Format::new().set_background_color(Color::RGB(0xFFF7D6)));
        ws.add_conditional_format(FIRST_STUDENT_ROW, first, last_row, last, &missing)?;
        // A level other than the supervisor's (same cell on the supervisor's sheet),
        // marked while typing. Relative to the range's first cell; EXACT on lower case:
        // the same in Excel and in LibreOffice, whatever its case-sensitivity setting.
        if let Some(sheet) = marked_against {
            let here = cell(FIRST_STUDENT_ROW, first);
            let formula = format!(
                "=AND({sheet}!{here}<>\"\",TRIM({here})<>\"\",\
                 NOT(EXACT(LOWER(TRIM({here})),LOWER({sheet}!{here}))))"
            );
            let differs = ConditionalFormatFormula::new()
                .set_rule(formula.as_str())
                .set_format(differs_format());
            ws.add_conditional_format(
                FIRST_STUDENT_ROW,
                first,
                last_row,
                last,
                &differs,
            )?;
        }
    }
    for (value, color) in
        [(w.pass, 0xD9F2D9), (w.fail, 0xF8D7D7), (w.incomplete, 0xFCE8C3)]
    {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{value}\"").as_str()))
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        ws.add_conditional_format(
            FIRST_STUDENT_ROW,
            layout.result_col,
            last_row,
            layout.result_col,
            &cf,
        )?;
    }

    // Across first: a student's row reads on from one page to the next.
    let mut breaks = student_rows_print(ws, layout)?;
    ws.set_page_order(false);
    // No outcome's columns are cut at a page edge where they fit on one; the outcome
    // scores and the final result each start a page of their own.
    breaks.extend([u32::from(layout.score_col), u32::from(layout.final_col)]);
    ws.set_vertical_page_breaks(&breaks)?;
    ws.set_footer(format!("&L{}&R{}", plan.course.code, w.page));
    protect(ws, plan);
    Ok(())
}

/// The outcome titles in the first row, each over its indicator columns (12 wide); they
/// wrap, and the row's height is what the longest needs (LibreOffice does not size it
/// itself), returned.
fn outcome_titles(
    ws: &mut Worksheet,
    plan: &Plan,
    layout: &Layout,
    group: &Format,
) -> Result<f64, XlsxError> {
    let mut title_height: f64 = 15.0;
    for (o, &(first, last)) in plan.outcomes.iter().zip(&layout.inputs) {
        let label = format!("{} {}", o.id, o.title.trim_end_matches('.'));
        let width = f64::from(last - first + 1) * 12.0;
        title_height = title_height.max(wrapped_height(&[(&label, width)]));
        if first == last {
            ws.write_string_with_format(0, first, &label, group)?;
        } else {
            ws.merge_range(0, first, 0, last, &label, group)?;
        }
        for col in first..=last {
            ws.set_column_width(col, 12)?;
        }
    }
    Ok(title_height)
}

/// What the sheets with a row per student (`Scores`, `Werkplek`) share on screen and on
/// paper: panes frozen at the first student and input; printed landscape A4 at a
/// readable size over as many pages as the columns need (not squeezed onto one page
/// wide), with the header rows and the student columns on every page. The page breaks
/// that keep outcomes whole are returned, for the sheet to add its own and set them.
fn student_rows_print(
    ws: &mut Worksheet,
    layout: &Layout,
) -> Result<Vec<u32>, XlsxError> {
    ws.set_freeze_panes(FIRST_STUDENT_ROW, FIRST_INPUT_COL)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    let (scale, breaks) = print_layout(layout);
    ws.set_print_scale(scale);
    ws.set_margins(0.4, 0.4, 0.55, 0.55, 0.3, 0.3);
    ws.set_repeat_rows(0, HEADER_ROW)?;
    ws.set_repeat_columns(0, 1)?;
    Ok(breaks)
}

/// How the indicator columns print: the scale (85%, or smaller so that the widest
/// outcome, up to ten indicators, fits on one landscape A4 page beside the repeated
/// number and name) and the page breaks that start an outcome on a new page where it
/// would not fit beside the ones before it. Measured in LibreOffice 7.4: at 85% a page
/// holds 114 characters of column width (number 14, name 28, six indicators of 12).
fn print_layout(layout: &Layout) -> (u16, Vec<u32>) {
    const FULL: f64 = 85.0;
    const CHARS_AT_FULL: f64 = 114.0;
    const FIXED: f64 = 42.0;
    const COLUMN: f64 = 12.0;
    let columns = |&(first, last): &(u16, u16)| usize::from(last - first + 1);
    let widest = layout.inputs.iter().map(columns).max().unwrap_or(1).min(10);
    let scale =
        (FULL * CHARS_AT_FULL / (FIXED + COLUMN * widest as f64)).floor().min(FULL);
    let per_page =
        (((CHARS_AT_FULL * FULL / scale) - FIXED) / COLUMN).floor().max(1.0) as usize;
    let mut breaks = Vec::new();
    let mut used = 0;
    for range in &layout.inputs {
        let n = columns(range);
        if used > 0 && used + n > per_page {
            breaks.push(u32::from(range.0));
            used = 0;
        }
        used += n;
        if used > per_page {
            // Split by the page's own end: what is left starts the next page.
            used = match used % per_page {
                0 => per_page,
                rest => rest,
            };
        }
    }
    (scale as u16, breaks)
}

/// How a level that differs from the supervisor's is marked: purple, bold (also seen
/// in grey print).
fn differs_format() -> Format {
    Format::new()
        .set_background_color(Color::RGB(0xE4D7F5))
        .set_font_color(Color::RGB(0x4B1F8A))
        .set_bold()
}

/// The longest text a cell holds (Excel's limit is 32,767 characters).
fn cell_text(text: &str) -> String {
    text.chars().take(32_000).collect()
}

/// The read-only sheet with what the supervisors ticked: one row per student, on the
/// same row and in the same columns as on `Scores`, then moment, supervisor,
/// organisation, date, advice and the form's file name. Every value is written as text:
/// a supervisor's `=HYPERLINK(…)` stays those characters.
fn supervisor_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    layout: &Layout,
    w: &Words,
    supervised: Supervised<'_>,
) -> Result<(), XlsxError> {
    let ow = crate::words::observation_words(plan.course.language);
    ws.set_name(ow.sheet)?;
    let head = header_format();
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBCC5D0))
        .set_align(FormatAlign::Top);
    let muted = text.clone().set_font_color(Color::RGB(0x6B7280)).set_italic();
    let legend = Format::new().set_italic().set_text_wrap().set_align(FormatAlign::Top);
    let (first_input, last_input) = (
        layout.inputs.first().map_or(FIRST_INPUT_COL, |i| i.0),
        layout.inputs.last().map_or(FIRST_INPUT_COL, |i| i.1),
    );
    let extra = last_input + 1;
    ws.write_string_with_format(0, 0, &plan.course.code, &head)?;
    ws.write_string_with_format(0, 1, &plan.course.name, &head)?;
    // As on Scores: each outcome's title over its indicators; the legend over the form's
    // details after them.
    let title_height = outcome_titles(ws, plan, layout, &header_format())?;
    let note = if supervised.prefill { ow.sheet_legend } else { ow.sheet_legend_plain };
    ws.merge_range(0, extra, 0, extra + 5, note, &legend)?;
    ws.set_row_height(0, title_height.max(wrapped_height(&[(note, 120.0)])))?;
    ws.write_string_with_format(HEADER_ROW, 0, w.number, &head)?;
    ws.write_string_with_format(HEADER_ROW, 1, w.name, &head)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 28)?;
    for (o, &(first, _)) in plan.outcomes.iter().zip(&layout.inputs) {
        for (k, ind) in o.indicators.iter().enumerate() {
            let col = first + k as u16;
            ws.write_string_with_format(HEADER_ROW, col, &ind.id, &head)?;
            ws.set_column_width(col, 12)?;
        }
    }
    for (k, (label, width)) in
        ow.sheet_headers.iter().zip([16.0, 24.0, 24.0, 12.0, 14.0, 30.0]).enumerate()
    {
        let col = extra + k as u16;
        ws.write_string_with_format(HEADER_ROW, col, *label, &head)?;
        ws.set_column_width(col, width)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    for (s, student) in plan.students.iter().enumerate() {
        let row = FIRST_STUDENT_ROW + s as u32;
        ws.write_string_with_format(row, 0, &student.number, &text)?;
        ws.write_string_with_format(row, 1, student.sort_name(), &text)?;
        let Some(sup) = supervised.matched.of(s) else {
            for col in first_input..=last_input {
                ws.write_blank(row, col, &text)?;
            }
            ws.write_string_with_format(row, extra, ow.no_form, &muted)?;
            continue;
        };
        for (o, &(first, _)) in layout.inputs.iter().enumerate() {
            for (k, seen) in sup.levels[o].iter().enumerate() {
                let col = first + k as u16;
                match seen.sheet_text(plan) {
                    Some(v) => ws.write_string_with_format(row, col, v, &text)?,
                    None => ws.write_blank(row, col, &text)?,
                };
            }
        }
        let f = &sup.form;
        let file = std::path::Path::new(&f.source)
            .file_name()
            .map_or_else(|| f.source.clone(), |n| n.to_string_lossy().into_owned());
        let values = [
            ow.moment_text(&f.moment).to_owned(),
            cell_text(&f.supervisor),
            cell_text(&f.organisation),
            cell_text(&f.date),
            ow.advice_text(f.advice.as_deref()).to_owned(),
            cell_text(&file),
        ];
        for (k, v) in values.iter().enumerate() {
            ws.write_string_with_format(row, extra + k as u16, v, &text)?;
        }
    }
    let mut breaks = student_rows_print(ws, layout)?;
    breaks.push(u32::from(extra));
    ws.set_vertical_page_breaks(&breaks)?;
    ws.set_footer(format!("&L{}&R{}", plan.course.code, w.page));
    protect(ws, plan);
    Ok(())
}

/// What one student's row shows, as its formulas compute it, written as the formulas'
/// stored results. LibreOffice does not recalculate an xlsx file on load by default, and a
/// file preview never does: they show these values, so they must be the truth for the
/// levels in the row. The numbers come from the grading module (the only place that
/// grades); the formulas give the same (tested in LibreOffice).
struct RowResults {
    /// Per outcome: its score (empty without enough evidence) and whether it reached
    /// the cesuur.
    outcomes: Vec<(String, String)>,
    final_score: String,
    raw: String,
    knockout: String,
    grade: String,
    result: String,
}

/// The results of a row with these entries (`None`: an empty cell). Like the formulas, a
/// level is recognised by its id in any case; `NG` and anything else count as not
/// observed; the final result waits until no cell is empty.
fn row_results(plan: &Plan, w: &Words, entered: &[Vec<Option<String>>]) -> RowResults {
    use num_traits::ToPrimitive;
    let number = |q: &crate::grade::Q| format!("{}", q.to_f64().unwrap_or(f64::NAN));
    let in_points = |f: &crate::grade::Q| number(&plan.rules.in_points(f));
    let levels: Vec<Vec<Option<usize>>> = entered
        .iter()
        .map(|o| {
            o.iter()
                .map(|e| {
                    e.as_deref().and_then(|e| {
                        plan.levels.iter().position(|l| l.id.eq_ignore_ascii_case(e))
                    })
                })
                .collect()
        })
        .collect();
    let complete = entered.iter().flatten().all(Option::is_some);
    let g = plan.grade(&levels);
    let yes_no = |b: bool| if b { w.yes } else { w.no };
    let outcomes = g
        .outcomes
        .iter()
        .map(|o| {
            (
                o.fraction.as_ref().map(in_points).unwrap_or_default(),
                o.reached_cesuur.map(yes_no).unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let known = |q: &Option<crate::grade::Q>| {
        q.as_ref().filter(|_| complete).map(number).unwrap_or_default()
    };
    let graded = complete && g.final_fraction.is_some();
    let knocked_out =
        plan.rules.knockout && g.outcomes.iter().any(|o| o.reached_cesuur == Some(false));
    RowResults {
        outcomes,
        final_score: g
            .final_fraction
            .as_ref()
            .filter(|_| complete)
            .map(in_points)
            .unwrap_or_default(),
        raw: known(&g.raw_grade),
        knockout: if graded { yes_no(knocked_out).to_owned() } else { String::new() },
        grade: match (&g.grade, complete) {
            (_, false) => String::new(),
            (Some(q), true) => number(q),
            (None, true) => w.no_evidence.to_owned(),
        },
        result: match (g.verdict, complete) {
            (_, false) => w.to_fill,
            (Verdict::Voldoende, true) => w.pass,
            (Verdict::Onvoldoende, true) => w.fail,
            (Verdict::Incompleet, true) => w.incomplete,
        }
        .to_owned(),
    }
}

fn rubric_sheet(ws: &mut Worksheet, plan: &Plan, w: &Words) -> Result<(), XlsxError> {
    ws.set_name(layout::RUBRIC_SHEET)?;
    let head = header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let terms = crate::words::Terms::of(plan);
    let mut headers = w.rubric_headers.iter().map(|h| terms.apply(h)).collect::<Vec<_>>();
    headers.extend(plan.levels.iter().map(|l| format!("{} ({})", l.label, l.points)));
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head)?;
    }
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, RUBRIC_TEXT_WIDTH)?;
    for c in 0..plan.levels.len() {
        ws.set_column_width(3 + c as u16, RUBRIC_LEVEL_WIDTH)?;
    }
    let mut row = 1;
    for o in &plan.outcomes {
        for i in &o.indicators {
            let mut cells = vec![(i.text.as_str(), RUBRIC_TEXT_WIDTH)];
            cells.extend(i.descriptors.iter().map(|d| (d.as_str(), RUBRIC_LEVEL_WIDTH)));
            ws.set_row_height(row, wrapped_height(&cells))?;
            ws.write_string_with_format(row, 0, &i.id, &wrap)?;
            ws.write_string_with_format(row, 1, &o.id, &wrap)?;
            ws.write_string_with_format(row, 2, &i.text, &wrap)?;
            for (c, d) in i.descriptors.iter().enumerate() {
                ws.write_string_with_format(row, 3 + c as u16, d, &wrap)?;
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 30)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.55, 0.55, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_footer(format!("&L{}&R&P / &N", plan.course.code));
    protect(ws, plan);
    Ok(())
}

/// Width (characters) of the instruction sheet's one column: fits A4 portrait.
const INSTRUCTION_WIDTH: f64 = 80.0;
/// Widths (characters) of the indicator text and of each level column on `Rubric`.
const RUBRIC_TEXT_WIDTH: f64 = 48.0;
const RUBRIC_LEVEL_WIDTH: f64 = 30.0;

/// A row height (points) that shows every text whole in its wrapped cell of the given
/// width (characters). Excel sizes such rows itself, LibreOffice does not for rows it
/// reads from a file, so wrapped text would overlap the next row. Estimated generously
/// from the length of the words, as a line breaks between them.
fn wrapped_height(cells: &[(&str, f64)]) -> f64 {
    let lines = |text: &str, width: f64| -> usize {
        let per_line = (width * 1.05).floor().max(1.0) as usize;
        text.split('\n')
            .map(|para| {
                let (mut lines, mut used) = (1, 0);
                for word in para.split_whitespace() {
                    let len = word.chars().count();
                    if used > 0 && used + 1 + len > per_line {
                        lines += 1;
                        used = len;
                    } else {
                        used += if used > 0 { 1 + len } else { len };
                    }
                    lines += used / (per_line + 1);
                    used %= per_line + 1;
                }
                lines
            })
            .sum()
    };
    let most = cells.iter().map(|&(t, w)| lines(t, w)).max().unwrap_or(1).max(1);
    most as f64 * 15.0 + 2.0
}

fn settings_sheet(ws: &mut Worksheet, plan: &Plan, w: &Words) -> Result<(), XlsxError> {
    ws.set_name(w.settings)?;
    let head = header_format();
    let bold = Format::new().set_bold();
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 56)?;
    ws.write_string_with_format(0, 0, w.settings, &bold)?;
    let (r, c) = layout::COURSE_CODE_CELL;
    ws.write_string(r, c - 1, w.code_label)?;
    ws.write_string(r, c, &plan.course.code)?;
    let (r, c) = layout::FINGERPRINT_CELL;
    ws.write_string(r, c - 1, w.fingerprint_label)?;
    ws.write_string(r, c, &plan.fingerprint)?;
    let (r, c) = layout::FRAMEWORK_CELL;
    ws.write_string(r, c - 1, w.framework_label)?;
    ws.write_string(r, c, format!("{} {}", plan.framework.id, plan.framework.version))?;

    let first = layout::FIRST_LEVEL_ROW;
    ws.write_string_with_format(
        first - 1,
        0,
        crate::words::Terms::of(plan).apply(w.level_headers[0]),
        &head,
    )?;
    ws.write_string_with_format(first - 1, 1, w.level_headers[1], &head)?;
    ws.write_string_with_format(first - 1, 2, w.level_headers[2], &head)?;
    for (i, l) in plan.levels.iter().enumerate() {
        let row = first + i as u32;
        ws.write_string(row, 0, &l.id)?;
        ws.write_string(row, 1, &l.label)?;
        ws.write_number(row, 2, l.points as f64)?;
    }
    let last = layout::last_level_row(plan);
    ws.write_string(last + 1, 0, "NG")?;
    ws.write_string(last + 1, 1, w.not_observed)?;

    let header = layout::settings_header_row(plan);
    ws.write_string_with_format(header, 0, w.setting_headers[0], &head)?;
    ws.write_string_with_format(header, 1, w.setting_headers[1], &head)?;
    ws.write_string_with_format(header, 3, w.setting_headers[2], &head)?;
    for (i, setting) in layout::settings(plan).iter().enumerate() {
        let row = layout::settings_first_row(plan) + i as u32;
        ws.write_string(row, 0, &setting.name)?;
        ws.write_number(row, 1, setting.value)?;
        ws.write_string(row, 3, &setting.meaning)?;
    }
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    protect(ws, plan);
    Ok(())
}

/// Name the settings cells: the formulas use these names, never copied numbers.
fn define_names(wb: &mut Workbook, plan: &Plan) -> Result<(), XlsxError> {
    for (name, refers_to) in layout::defined_names(plan) {
        wb.define_name(name, &refers_to)?;
    }
    Ok(())
}

/// A formula with its defined names in the course's language (see
/// [`crate::words::localise_names`]).
/// The share (0–1) of the points above the lowest level that a score in points (a mean
/// per indicator, in `cell`) stands for: what the cut score and the grade line are in.
fn share(cell: &str) -> String {
    format!("(({cell}-MinPunten)/(MaxPunten-MinPunten))")
}

fn fx(plan: &Plan, formula: impl AsRef<str>) -> Formula {
    Formula::new(crate::words::localise_names(formula.as_ref(), plan.course.language))
}
