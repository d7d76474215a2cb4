//! Reading a run's scan files (stage: collect, called by [`crate::pipeline::collect`]):
//! every page on the worker threads, one file at a time; the pages of one form put
//! together; the observations, what was not used, and the review PDF.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::decisions::DECIDED_BY;
use super::decisions::{ADVICE_ROW, CheckRow, DECISIONS_FILE, Decisions, RowKey};
use super::read::RowVerdict;
use super::{PageOutcome, PageRead, Reader, read_page, source};
use crate::collect::{CERTAIN, FormObservations, Observation, Signature};
use crate::render::form::{Moment, option_name};
use crate::render::{Common, RenderEnv};
use crate::resolve::Plan;
use crate::typst_world::{PdfProfile, PdfSettings};
use crate::words::{ScanWords, scan_words};

/// `zekerheid` of a value a person must check (see [`CERTAIN`]).
pub const TO_CHECK: &str = "controleren";

/// The review PDF's file name.
pub const REVIEW_FILE: &str = "controle.pdf";

/// The largest scan file read (a 500-page scan at 300 dpi is ~250 MB).
pub const MAX_SCAN_BYTES: u64 = 1024 * 1024 * 1024;

/// A scanned form, put together from its pages.
#[derive(Debug, Clone)]
pub struct ScannedForm {
    /// The student's place in the list.
    pub student: usize,
    /// The moment.
    pub moment: Moment,
    /// What was read (texts are empty: handwriting is not read).
    pub form: FormObservations,
}

/// A page or file not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedPage {
    /// The file and page, in words.
    pub source: String,
    /// Why, as a stable code.
    pub reason: &'static str,
    /// What is wrong and what to do.
    pub explanation: String,
}

/// What reading the scans gave.
#[derive(Debug, Default)]
pub struct ScanRun {
    /// The forms.
    pub forms: Vec<ScannedForm>,
    /// Pages not used.
    pub unused: Vec<UnusedPage>,
    /// Files in which no page is a meetlat form's (by index in the input): the caller
    /// reports them as it would have.
    pub not_scans: Vec<usize>,
    /// The review PDF, when anything must be checked.
    pub review: Option<Vec<u8>>,
    /// The rows to check (for `controle.csv`), decided or not.
    pub checks: Vec<CheckRow>,
    /// The rows decided by a person (from the decisions given).
    pub decided: Vec<RowKey>,
    /// The scan files forms were read from, each once, in the order given.
    pub sources: Vec<crate::collect::SourceFile>,
    /// Lines for the summary.
    pub summary: Vec<String>,
}

/// One page's outcome and where it came from.
struct PageResult {
    file: usize,
    page: usize,
    outcome: PageOutcome,
}

/// Read `files` (paths, and how to show them) as scans of the forms of `plan`.
/// `image_file`: the file is an image (a scan in any case); `scanner_only`: read the
/// file only when every page is one image.
pub fn run(
    plan: &Plan,
    env: &RenderEnv,
    files: &[(PathBuf, String)],
    image_file: &[bool],
    scanner_only: &[bool],
    decisions: &Decisions,
) -> ScanRun {
    let w = scan_words(plan.course.language);
    let reader = Reader::new(plan, env);
    let mut results: Vec<PageResult> = Vec::new();
    let mut hashes: Vec<String> = Vec::new();
    let mut run = ScanRun::default();
    for (i, (path, _)) in files.iter().enumerate() {
        let bytes = match std::fs::metadata(path) {
            Ok(m) if m.len() <= MAX_SCAN_BYTES => std::fs::read(path).ok(),
            _ => None,
        };
        let Some(bytes) = bytes else {
            run.not_scans.push(i);
            hashes.push(String::new());
            continue;
        };
        hashes.push(crate::hash::sha256(&bytes));
        let file = std::panic::catch_unwind(|| source::ScanFile::open(Arc::new(bytes)))
            .ok()
            .flatten();
        // A meetlat form without its fields (printed to PDF, flattened) is read as a
        // scan only when its pages are images (a scanner's PDF with a text layer can look
        // like a form); else the caller reports it as before.
        let file = file.filter(|f| !scanner_only[i] || f.only_images());
        let Some(file) = file else {
            run.not_scans.push(i);
            continue;
        };
        let pages: Vec<usize> = (0..file.pages()).collect();
        let outcomes = crate::render::batch::in_parallel(
            &pages,
            |_, &p| read_page(&reader, &file, p),
            |_| {},
        );
        let outcomes: Vec<PageOutcome> =
            outcomes.into_iter().map(|o| o.unwrap_or(PageOutcome::Undecodable)).collect();
        // A PDF without any page of a meetlat form is no scan of one: the caller says
        // what it is. An image file is a scan in any case.
        let meetlat = outcomes.iter().any(|o| {
            !matches!(
                o,
                PageOutcome::Blank | PageOutcome::NoCode(_) | PageOutcome::Undecodable
            )
        });
        if !meetlat && !image_file[i] {
            run.not_scans.push(i);
            continue;
        }
        results.extend(
            outcomes.into_iter().enumerate().map(|(page, outcome)| PageResult {
                file: i,
                page: page + 1,
                outcome,
            }),
        );
    }

    let where_ = |r: &PageResult| {
        w.page_of_file
            .replace("{file}", &files[r.file].1)
            .replace("{page}", &r.page.to_string())
    };
    let explain = |[what, todo]: [&str; 2], fill: &dyn Fn(&str) -> String| {
        format!("{}; {}", fill(what), fill(todo))
    };
    let cw = crate::words::collect_words(plan.course.language);
    let (mut read_n, mut blank_n) = (0, 0);
    let mut thumbs: Vec<ReviewPage> = Vec::new();
    let mut thumb_files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut by_form: BTreeMap<(usize, u8), Vec<(&PageResult, &PageRead)>> =
        BTreeMap::new();
    let index: HashMap<&str, usize> =
        plan.students.iter().enumerate().map(|(i, s)| (s.number.as_str(), i)).collect();
    for r in &results {
        let source = where_(r);
        let same = |t: &str| t.to_owned();
        let (code, text) = match &r.outcome {
            PageOutcome::Blank => {
                blank_n += 1;
                continue;
            }
            PageOutcome::Read(p) => {
                read_n += 1;
                if let Some(&s) = index.get(p.student.as_str()) {
                    by_form.entry((s, moment_rank(p.moment))).or_default().push((r, p));
                }
                continue;
            }
            PageOutcome::NoCode(thumb) => {
                let path = format!("/page-{}.png", thumb_files.len());
                thumb_files.push((path.clone(), thumb.clone()));
                let text = explain(w.no_code, &same);
                thumbs.push(ReviewPage {
                    source: source.clone(),
                    image: path,
                    why: w.no_code[0].to_owned(),
                });
                ("geen-code", text)
            }
            PageOutcome::Undecodable => ("onleesbaar", explain(w.undecodable, &same)),
            PageOutcome::BlankForm => ("blanco-formulier", explain(w.blank_form, &same)),
            PageOutcome::NoSuchPage(n) => (
                "andere-versie",
                explain(w.no_such_page, &|t: &str| t.replace("{page}", &n.to_string())),
            ),
            PageOutcome::OtherCourse(c) => (
                "andere-cursus",
                explain(cw.other_course, &|t: &str| {
                    t.replace("{course}", c).replace("{expected}", &plan.course.code)
                }),
            ),
            PageOutcome::OtherVersion(f) => (
                "andere-versie",
                explain(cw.other_version, &|t: &str| {
                    t.replace("{found}", f).replace("{expected}", &plan.fingerprint)
                }),
            ),
            PageOutcome::UnknownStudent(s) => (
                "onbekende-student",
                explain(cw.unknown_student, &|t: &str| t.replace("{student}", s)),
            ),
        };
        run.unused.push(UnusedPage { source, reason: code, explanation: text });
    }

    // Each form from its pages.
    let levels: HashMap<String, String> =
        plan.levels.iter().map(|l| (option_name(&l.id), l.id.clone())).collect();
    let mut rows: Vec<ReviewRow> = Vec::new();
    let mut crops: Vec<(String, Vec<u8>)> = Vec::new();
    let mut forms_to_check = 0;
    for ((s, _), pages) in &by_form {
        let student = &plan.students[*s];
        let first = pages[0].1;
        let moment = first.moment;
        // Per field: the first read of it (a page scanned twice: the first copy), and
        // where it came from.
        let mut fields: HashMap<&str, (&super::RowRead, &PageResult, usize)> =
            HashMap::new();
        let mut have_pages: Vec<usize> = Vec::new();
        let mut sources: Vec<usize> = Vec::new();
        for (r, p) in pages {
            have_pages.push(p.page);
            if !sources.contains(&r.file) {
                sources.push(r.file);
            }
            for row in &p.rows {
                fields.entry(row.field.as_str()).or_insert((row, r, p.page));
            }
        }
        have_pages.sort_unstable();
        have_pages.dedup();
        let missing: Vec<String> = (1..=first.pages)
            .filter(|p| !have_pages.contains(p))
            .map(|p| p.to_string())
            .collect();
        if !missing.is_empty() {
            run.summary.push(
                w.missing_pages
                    .replace("{student}", &student.number)
                    .replace(
                        "{moment}",
                        crate::words::observation_words(plan.course.language)
                            .moment_text(moment.id()),
                    )
                    .replace("{pages}", &missing.join(", ")),
            );
        }
        let mut checks = 0;
        // A row to check: listed for the review and `controle.csv`, and the decision
        // taken back for it, if any.
        let mut check = |run: &mut ScanRun,
                         rows: &mut Vec<ReviewRow>,
                         (outcome, indicator, text): (&str, &str, &str),
                         read: String,
                         found: Option<(&super::RowRead, &PageResult, usize)>|
         -> Option<String> {
            let key: RowKey = (
                student.number.clone(),
                moment.id().to_owned(),
                outcome.to_owned(),
                indicator.to_owned(),
            );
            let decision = decisions.rows.get(&key).map(|d| d.value.clone());
            if decision.is_some() {
                run.decided.push(key.clone());
            } else {
                checks += 1;
            }
            let shown = decision.as_deref().map(|v| decision_words(v, plan));
            let image = found.and_then(|(row, ..)| row.crop.clone()).map(|png| {
                let path = format!("/crop-{}.png", crops.len());
                crops.push((path.clone(), png));
                path
            });
            let source = found.map_or_else(String::new, |(_, r, _)| where_(r));
            run.checks.push(CheckRow {
                key,
                name: student.full_name(),
                source: source.clone(),
                page: found.map(|(.., p)| p),
                read: read.clone(),
                decision: shown.clone(),
            });
            rows.push(ReviewRow {
                student: student.number.clone(),
                name: student.full_name(),
                moment: moment.word(plan.course.language).to_owned(),
                outcome: if outcome == ADVICE_ROW { w.advice } else { outcome }
                    .to_owned(),
                indicator: indicator.to_owned(),
                text: text.to_owned(),
                read,
                source,
                image,
                decision: shown,
            });
            decision
        };
        let mut observations = Vec::new();
        for o in &plan.outcomes {
            for i in &o.indicators {
                let name = format!("{}.{}", o.id, i.id);
                let found = fields.get(name.as_str());
                let value =
                    found.and_then(|(row, ..)| row.verdict.certain()).and_then(|v| {
                        if v == "NG" {
                            Some(v.to_owned())
                        } else {
                            levels.get(v).cloned()
                        }
                    });
                let mut decided = None;
                if value.is_none() {
                    let read = found
                        .map_or(w.read_missing_page.to_owned(), |(row, ..)| {
                            verdict_words(w, &row.verdict, plan)
                        });
                    decided = check(
                        &mut run,
                        &mut rows,
                        (&o.id, &i.id, &i.text),
                        read,
                        found.map(|(row, r, p)| (*row, *r, *p)),
                    );
                }
                let level = value.clone().or_else(|| decided.clone());
                observations.push(Observation {
                    outcome: o.id.clone(),
                    indicator: i.id.clone(),
                    certainty: if level.is_some() { CERTAIN } else { TO_CHECK }
                        .to_owned(),
                    level,
                    page: found.map(|(.., p)| *p as u32),
                    decided_by: decided.map(|_| DECIDED_BY.to_owned()),
                });
            }
        }
        let advice_row = fields.get("advies");
        let mut advice =
            advice_row.and_then(|(row, ..)| row.verdict.certain()).map(str::to_owned);
        if advice.is_none() {
            let read = advice_row.map_or(w.read_missing_page.to_owned(), |(row, ..)| {
                verdict_words(w, &row.verdict, plan)
            });
            advice = check(
                &mut run,
                &mut rows,
                (ADVICE_ROW, "", ""),
                read,
                advice_row.map(|(row, r, p)| (*row, *r, *p)),
            );
        }
        if checks > 0 {
            forms_to_check += 1;
        }
        let source =
            sources.iter().map(|&f| files[f].1.clone()).collect::<Vec<_>>().join(", ");
        let sha =
            sources.iter().map(|&f| hashes[f].clone()).collect::<Vec<_>>().join(",");
        run.forms.push(ScannedForm {
            student: *s,
            moment,
            form: FormObservations {
                student: student.number.clone(),
                moment: moment.id().to_owned(),
                source,
                source_sha256: sha,
                supervisor: String::new(),
                organisation: String::new(),
                date: String::new(),
                advice,
                remarks: String::new(),
                examples: plan
                    .outcomes
                    .iter()
                    .map(|o| (o.id.clone(), String::new()))
                    .collect(),
                signatures: ["begeleider", "student"]
                    .into_iter()
                    .map(|k| (k.to_owned(), Signature::default()))
                    .collect(),
                student_name: String::new(),
                observations,
            },
        });
    }

    let mut used_files: Vec<usize> =
        by_form.values().flatten().map(|(r, _)| r.file).collect();
    used_files.sort_unstable();
    used_files.dedup();
    run.sources = used_files
        .into_iter()
        .map(|f| crate::collect::SourceFile {
            source: files[f].1.clone(),
            sha256: hashes[f].clone(),
        })
        .collect();
    let unused_n = run.unused.len();
    if !results.is_empty() {
        run.summary.insert(
            0,
            w.pages
                .replace("{read}", &read_n.to_string())
                .replace("{blank}", &blank_n.to_string())
                .replace("{unused}", &unused_n.to_string()),
        );
    }
    if !run.decided.is_empty() {
        run.summary.push(
            w.decided
                .replace("{n}", &run.decided.len().to_string())
                .replace("{file}", DECISIONS_FILE),
        );
    }
    let open = run.checks.iter().filter(|c| c.decision.is_none()).count();
    if open == 0 && thumbs.is_empty() {
        if !run.forms.is_empty() && run.decided.is_empty() {
            run.summary.push(w.nothing_to_review.to_owned());
        }
    } else {
        run.summary.push(
            w.to_review
                .replace("{n}", &open.to_string())
                .replace("{m}", &forms_to_check.to_string())
                .replace("{file}", REVIEW_FILE)
                .replace("{csv}", DECISIONS_FILE),
        );
    }
    if rows.is_empty() && thumbs.is_empty() {
        return run;
    }
    let review = Review {
        common: Common::new(plan, env.date, w.review_title, "controle"),
        words: w,
        rows,
        pages: thumbs,
    };
    crops.extend(thumb_files);
    let settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: true,
        ident: format!("meetlat/controle/{}/{}", plan.course.code, plan.fingerprint),
        date: env.date,
    };
    run.review = serde_json::to_vec(&review)
        .ok()
        .and_then(|data| {
            env.engine.typeset("review.typ", data, crops, &settings, true).ok()
        })
        .map(|t| t.pdf);
    run
}

/// What was read of a row that is not certain, in words.
fn verdict_words(w: &ScanWords, verdict: &RowVerdict, plan: &Plan) -> String {
    let label = |v: &String| {
        plan.levels
            .iter()
            .find(|l| option_name(&l.id) == *v)
            .map_or_else(|| v.clone(), |l| l.label.clone())
    };
    let list = |vs: &[String]| vs.iter().map(label).collect::<Vec<_>>().join(", ");
    match verdict {
        RowVerdict::One(v) => label(v),
        RowVerdict::None => w.read_none.to_owned(),
        RowVerdict::Several(vs) => w.read_several.replace("{values}", &list(vs)),
        RowVerdict::Unclear(vs) => w.read_unclear.replace("{values}", &list(vs)),
        RowVerdict::Streak => w.read_streak.to_owned(),
        RowVerdict::NotAligned => w.read_not_aligned.to_owned(),
    }
}

/// A decided value (a level id, `NG`, an advice) as `controle.csv` and the review show
/// it: the level's label, "niet geobserveerd", the advice.
fn decision_words(value: &str, plan: &Plan) -> String {
    if value == "NG" {
        return crate::words::labels(plan.course.language).not_observed.to_owned();
    }
    plan.levels
        .iter()
        .find(|l| l.id == value)
        .map_or_else(|| value.to_owned(), |l| l.label.clone())
}

/// The order of the moments: midway before final.
fn moment_rank(m: Moment) -> u8 {
    match m {
        Moment::Tussentijds => 0,
        Moment::Eind => 1,
    }
}

/// The review PDF's data.
#[derive(Serialize)]
struct Review<'a> {
    #[serde(flatten)]
    common: Common,
    words: &'a ScanWords,
    rows: Vec<ReviewRow>,
    pages: Vec<ReviewPage>,
}

/// A row to check.
#[derive(Serialize)]
struct ReviewRow {
    student: String,
    name: String,
    moment: String,
    outcome: String,
    indicator: String,
    text: String,
    read: String,
    source: String,
    image: Option<String>,
    /// The decision taken back from `controle.csv`, in words.
    decision: Option<String>,
}

/// A page not identified.
#[derive(Serialize)]
struct ReviewPage {
    source: String,
    image: String,
    why: String,
}
