//! `meetlat serve`: a local page for teachers on 127.0.0.1 that puts a course together,
//! shows the rubric live and offers every document for download, with the same engine as
//! the command line. Student data stays in this process's memory.
//!
//! - [`http`]: the one adapter over the server crate;
//! - [`guard`]: the safety rules checked before any route;
//! - [`setup`]: the page's state as a course file, checked by [`crate::prepare_sources`];
//! - [`page`]: the HTML, the assets and the JSON the page script reads.

mod guard;
mod http;
mod page;
pub(crate) mod setup;

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use http::{Method, Request, Response};
use setup::Setup;

use crate::model::Language;
use crate::{Diagnostic, Error, Result};

/// What `meetlat serve` was started with.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// A course file to open.
    pub course: Option<PathBuf>,
    /// A framework file to use.
    pub framework: Option<PathBuf>,
    /// The port (0: any free one).
    pub port: u16,
    /// Open the browser.
    pub open: bool,
}

/// Body limits per route.
const FORM_LIMIT: usize = 256 * 1024;
/// A course or framework file.
const YAML_LIMIT: usize = 2 * 1024 * 1024;
/// A student list.
const CSV_LIMIT: usize = 5 * 1024 * 1024;
/// Requests handled at once; more wait in the listener's queue.
const MAX_WORKERS: usize = 8;
/// How long the form's preview waits for more changes before it is typeset.
const FORM_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);
/// A filled scoring sheet.
const XLSX_LIMIT: usize = 20 * 1024 * 1024;
/// One returned observation form (a filled PDF or a scan); `collect`'s own limit.
const FORM_FILE_LIMIT: usize = 64 * 1024 * 1024;
/// All returned forms together, kept in memory until the reports are made.
const FORMS_TOTAL_LIMIT: usize = 400 * 1024 * 1024;
/// Returned forms at most.
const FORMS_MAX: usize = 1000;
/// How long a child process (reports, a framework import) may take before it is given up.
const CHILD_SECONDS: u64 = 300;
/// Previews kept.
const PREVIEWS: usize = 12;

/// A typeset preview document: its key (a hash of what it was typeset from), its pages,
/// and each page as SVG once asked for.
struct Pages {
    key: String,
    document: typst_layout::PagedDocument,
    svg: Mutex<Vec<Option<Arc<String>>>>,
}

impl Pages {
    fn count(&self) -> usize {
        self.document.pages().len()
    }

    /// Page `n` (from 1) as SVG, drawn on first request.
    fn page(&self, n: usize) -> Option<Arc<String>> {
        let i = n.checked_sub(1)?;
        if let Some(Some(svg)) = self.svg.lock().unwrap_or_else(|e| e.into_inner()).get(i)
        {
            return Some(Arc::clone(svg));
        }
        let svg = Arc::new(crate::typst_world::page_svg(&self.document, i)?);
        let mut cache = self.svg.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = cache.get_mut(i) {
            *slot = Some(Arc::clone(&svg));
        }
        Some(svg)
    }
}

/// The preview of a course: the rubric, and the blank form's key (typeset on a thread of
/// its own, so the rubric is shown without waiting for it).
struct Preview {
    rubric: Arc<Pages>,
    form: String,
}

/// The render environment kept between previews (Typst's caches then help), by date.
type KeptEnv = Option<(crate::clock::Date, Arc<crate::render::RenderEnv>)>;

/// Everything the handlers share.
struct Shared {
    port: u16,
    token: String,
    setup: Mutex<Setup>,
    ui: Mutex<Language>,
    /// The newest change the page sent.
    seq: AtomicU64,
    /// One heavy job (typesetting) at a time.
    heavy: Mutex<()>,
    previews: Mutex<VecDeque<Arc<Pages>>>,
    env: Mutex<KeptEnv>,
    /// Forms being typeset in the background (their keys), and the signal they are done.
    pending: Mutex<Vec<String>>,
    done: std::sync::Condvar,
    /// One background form at a time.
    form_lock: Mutex<()>,
    /// The reports and archive made from the last filled sheet: file name and zip.
    reports: Mutex<Option<(String, Vec<u8>)>>,
    /// The returned observation forms chosen for the next reports.
    forms: Mutex<Vec<ReturnedForm>>,
    /// `controle.pdf` of the last reports, when scanned rows are to be checked.
    controle: Mutex<Option<Vec<u8>>>,
    compiles: AtomicUsize,
    stop: AtomicBool,
    stopper: http::Stopper,
}

/// Start the page and serve it until Ctrl+C or the page's stop button.
///
/// # Errors
/// [`Error::Invalid`] for a course or framework file that cannot be opened;
/// [`Error::Io`]-like errors when the port cannot be listened on.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let (today, _) = crate::clock::document_date(None);
    let mut state = Setup::new(today);
    if let Some(fw) = &options.framework {
        state
            .choose_framework(Some(crate::Text::read(fw, "framework file")))
            .map_err(Error::Invalid)?;
    }
    if let Some(course) = &options.course {
        let text = crate::load::read_text(course, "course file")
            .map_err(|d| Error::Invalid(vec![*d]))?;
        let folder = course.parent().unwrap_or(Path::new(""));
        let chosen = state.framework_text.clone();
        state.open_course(course, &text, Some(folder)).map_err(Error::Invalid)?;
        if chosen.is_some() {
            state.choose_framework(chosen).map_err(Error::Invalid)?;
        }
    }
    let listener = http::Listener::bind(options.port).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::error(format!(
                "cannot listen on 127.0.0.1:{}: {e}",
                options.port
            ))
            .hint("choose another port with `--port N`, or leave it out for a free one"),
        ])
    })?;
    let token = guard::random_token().map_err(Error::Internal)?;
    let port = listener.port();
    let shared = Arc::new(Shared {
        port,
        token,
        setup: Mutex::new(state),
        ui: Mutex::new(Language::Nl),
        seq: AtomicU64::new(0),
        heavy: Mutex::new(()),
        previews: Mutex::new(VecDeque::new()),
        env: Mutex::new(None),
        pending: Mutex::new(Vec::new()),
        done: std::sync::Condvar::new(),
        form_lock: Mutex::new(()),
        reports: Mutex::new(None),
        forms: Mutex::new(Vec::new()),
        controle: Mutex::new(None),
        compiles: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        stopper: listener.stopper(),
    });
    let url = format!("http://127.0.0.1:{port}/?t={}", shared.token);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "meetlat draait op {url}");
        let _ = writeln!(
            out,
            "Open dit adres in de browser. Stoppen: Ctrl+C of de knop Stoppen op de pagina."
        );
        let _ = out.flush();
    }
    stop_on_signals(&shared);
    if options.open && may_open_browser() {
        open_browser(&url);
    }
    let workers = Arc::new(AtomicUsize::new(0));
    while !shared.stop.load(Ordering::SeqCst) {
        let req = match listener.next(http::POLL) {
            Ok(Some(req)) => req,
            Ok(None) => continue,
            Err(()) => break,
        };
        if workers.load(Ordering::SeqCst) >= MAX_WORKERS {
            req.respond(Response::text(503, "busy; try again"));
            continue;
        }
        workers.fetch_add(1, Ordering::SeqCst);
        let shared = Arc::clone(&shared);
        let done = Arc::clone(&workers);
        let spawned =
            std::thread::Builder::new().name("meetlat-web".into()).spawn(move || {
                handle(&shared, req);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            workers.fetch_sub(1, Ordering::SeqCst);
        }
    }
    // Give an answer in progress (the stop button's) a moment to leave.
    for _ in 0..50 {
        if workers.load(Ordering::SeqCst) == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "meetlat is gestopt");
    let _ = out.flush();
    Ok(())
}

/// Ctrl+C, SIGTERM and SIGHUP stop the server the way the stop button does.
#[cfg(unix)]
fn stop_on_signals(shared: &Arc<Shared>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
    else {
        return;
    };
    let shared = Arc::clone(shared);
    let _ = std::thread::Builder::new().name("meetlat-signals".into()).spawn(move || {
        if signals.forever().next().is_some() {
            shared.stop.store(true, Ordering::SeqCst);
            shared.stopper.stop();
        }
    });
}

#[cfg(not(unix))]
fn stop_on_signals(_: &Arc<Shared>) {}

/// Whether a browser can be opened: not in CI, and on Linux only with a display.
fn may_open_browser() -> bool {
    if std::env::var_os("CI").is_some() {
        return false;
    }
    if cfg!(target_os = "linux") {
        return std::env::var_os("DISPLAY").is_some()
            || std::env::var_os("WAYLAND_DISPLAY").is_some();
    }
    true
}

/// Open `url` in the default browser, without waiting for it.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Ok(mut child) = cmd.spawn() {
        // Reap it in the background.
        let _ = std::thread::Builder::new().spawn(move || child.wait());
    }
}

/// Answer one request: the guard, then the routes; every answer with the safety headers.
fn handle(shared: &Arc<Shared>, mut req: Request) {
    let ui = *shared.ui.lock().unwrap_or_else(|e| e.into_inner());
    let words = crate::words::web::web_words(ui);
    let response = match guard::check(&req, shared.port, &shared.token, words.no_session)
    {
        guard::Verdict::Answer(r) => r,
        guard::Verdict::Pass => route(shared, &mut req, ui),
    };
    let mut response = response;
    for (name, value) in guard::SECURITY_HEADERS {
        response = response.with(name, *value);
    }
    if !response.headers.iter().any(|(n, _)| n == "Cache-Control") {
        response = response.with("Cache-Control", "no-store");
    }
    req.respond(response);
}

/// The routes; exact paths only, nothing taken from a request is a file path.
fn route(shared: &Arc<Shared>, req: &mut Request, ui: Language) -> Response {
    let path =
        req.target.split_once('?').map_or(req.target.as_str(), |(p, _)| p).to_owned();
    match (req.method, path.as_str()) {
        (Method::Get, "/") => {
            let setup = {
                let mut setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner());
                let shown = setup.clone();
                // A notice (what an upload read) is shown once.
                setup.notice = None;
                shown
            };
            Response::new(200, "text/html; charset=utf-8", page::html(&setup, ui))
        }
        (Method::Get, p) if p.starts_with("/assets/") => match page::asset(&p[8..]) {
            Some((kind, bytes)) => Response::new(200, kind, bytes.to_vec()),
            None => Response::text(404, "not found"),
        },
        (Method::Get, p) if p.starts_with("/preview/") => preview_page(shared, &p[9..]),
        (Method::Get, "/download/reports") => {
            match &*shared.reports.lock().unwrap_or_else(|e| e.into_inner()) {
                Some((name, zip)) => Response::new(200, "application/zip", zip.clone())
                    .with("Content-Disposition", page::attachment(name)),
                None => Response::text(409, crate::words::web::web_words(ui).no_reports),
            }
        }
        (Method::Get, "/download/controle") => {
            match &*shared.controle.lock().unwrap_or_else(|e| e.into_inner()) {
                Some(pdf) => Response::new(200, "application/pdf", pdf.clone())
                    .with("Content-Disposition", page::attachment("controle.pdf")),
                None => Response::text(409, crate::words::web::web_words(ui).no_controle),
            }
        }
        (Method::Get, p) if p.starts_with("/download/") => download(shared, &p[10..]),
        (Method::Get, "/api/state") => {
            let setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner()).clone();
            // With the newest change's number: the page counts on from it.
            let current = shared.seq.load(Ordering::SeqCst);
            Response::json(&update_answer(shared, &setup, current, ui))
        }
        (Method::Post, "/api/update") => {
            let body = match body_of(req, FORM_LIMIT) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let Ok(edits) = serde_json::from_slice::<serde_json::Value>(&body) else {
                return Response::text(400, "not JSON");
            };
            let seq = edits.get("seq").and_then(serde_json::Value::as_u64).unwrap_or(0);
            let setup = {
                let mut setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner());
                // An older change than one already applied is not applied. The page
                // learns the newest number (a page loaded again counts from 0): it sends
                // its state again after it.
                let current = shared.seq.load(Ordering::SeqCst);
                if seq < current {
                    let resync = serde_json::json!({ "resync": current });
                    return Response::new(409, "application/json", resync.to_string());
                }
                shared.seq.store(seq, Ordering::SeqCst);
                let before = setup.course_yaml();
                setup.apply(&edits);
                (setup.clone(), before != setup.course_yaml())
            };
            let (setup, changed) = setup;
            // Reports made from the course before this change are of another course now.
            let mut taken_back = false;
            if changed {
                taken_back =
                    shared.reports.lock().unwrap_or_else(|e| e.into_inner()).is_some();
                forget_reports(shared);
            }
            let mut answer = update_answer(shared, &setup, seq, ui);
            if taken_back {
                answer["reports_outdated"] =
                    crate::words::web::web_words(ui).reports_outdated.into();
            }
            Response::json(&answer)
        }
        (Method::Post, "/api/lang") => {
            let body = match body_of(req, 16) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let lang = if body == b"en" { Language::En } else { Language::Nl };
            *shared.ui.lock().unwrap_or_else(|e| e.into_inner()) = lang;
            Response::text(200, "ok")
        }
        (Method::Post, "/api/course") => {
            upload(shared, req, YAML_LIMIT, ui, true, false, |setup, name, text| {
                setup.open_course(name, text, None).map(|notes| {
                    if notes.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "{}: {}",
                            match ui {
                                Language::Nl => "Kies deze bestanden hier op de pagina",
                                Language::En => "Choose these files here on the page",
                            },
                            notes.join(", ")
                        )
                    }
                })
            })
        }
        (Method::Post, "/api/framework") => {
            upload(shared, req, YAML_LIMIT, ui, true, true, |setup, name, text| {
                setup
                    .choose_framework(Some(crate::Text::given(name, text)))
                    .map(|()| String::new())
            })
        }
        (Method::Post, "/api/framework/builtin") => {
            let mut setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner());
            match setup.choose_framework(None) {
                Ok(()) => Response::json(&serde_json::json!({"ok": true})),
                Err(d) => Response::json(
                    &serde_json::json!({"ok": false, "message": page::plain(&d)}),
                ),
            }
        }
        (Method::Post, "/api/students") => {
            upload(shared, req, CSV_LIMIT, ui, false, false, |setup, name, text| {
                setup.students = Some(setup::read_students(name, text)?);
                Ok(String::new())
            })
        }
        (Method::Post, "/api/scores") => scores_upload(shared, req, ui),
        (Method::Post, "/api/forms") => forms_upload(shared, req, ui),
        (Method::Post, "/api/forms/clear") => {
            shared.forms.lock().unwrap_or_else(|e| e.into_inner()).clear();
            forget_reports(shared);
            let words = crate::words::web::web_words(ui);
            Response::json(
                &serde_json::json!({"ok": true, "message": words.forms_cleared}),
            )
        }
        (Method::Post, "/quit") => {
            shared.stop.store(true, Ordering::SeqCst);
            shared.stopper.stop();
            let words = crate::words::web::web_words(ui);
            Response::text(200, words.stopped)
        }
        (Method::Get | Method::Post, _) => Response::text(404, "not found"),
        (Method::Other, _) => Response::text(405, "method not allowed"),
    }
}

/// The body, within `limit`; else the refusal to send.
fn body_of(req: &mut Request, limit: usize) -> std::result::Result<Vec<u8>, Response> {
    req.body(limit).map_err(|e| match e {
        http::BodyError::TooLarge => {
            Response::text(413, format!("too large: at most {} KB", limit / 1024))
        }
        http::BodyError::Broken => Response::text(400, "the upload broke off"),
    })
}

/// An upload: a text file, read by `read` into the set-up. The answer says what was read
/// or what is wrong; the set-up is unchanged when it is wrong.
fn upload(
    shared: &Shared,
    req: &mut Request,
    limit: usize,
    ui: Language,
    reloads: bool,
    workbook: bool,
    read: impl FnOnce(&mut Setup, &Path, &str) -> std::result::Result<String, Vec<Diagnostic>>,
) -> Response {
    let words = crate::words::web::web_words(ui);
    let name =
        setup::display_name(req.header("x-file-name").map(percent_decode).as_deref());
    let shown = name.display().to_string();
    let refuse = |message: String| {
        Response::json(&serde_json::json!({
            "ok": false,
            "message": format!("{}. {message}", words.refused.replace("{name}", &shown)),
        }))
    };
    let body = match req.body(limit) {
        Ok(b) => b,
        Err(http::BodyError::TooLarge) => {
            return refuse(match ui {
                Language::Nl => {
                    format!("Het bestand is groter dan {} MB.", limit / (1024 * 1024))
                }
                Language::En => {
                    format!("The file is larger than {} MB.", limit / (1024 * 1024))
                }
            });
        }
        Err(http::BodyError::Broken) => return refuse("…".into()),
    };
    let mut name = name;
    let mut body = body;
    if workbook && body.starts_with(b"PK\x03\x04") {
        // A framework spreadsheet: made into a framework file as `framework import` does.
        match import_workbook(&body, &shown) {
            Ok(yaml) => {
                body = yaml.into_bytes();
                name.set_extension("yaml");
            }
            Err(message) => return refuse(message),
        }
    }
    if body.starts_with(b"PK\x03\x04") {
        return refuse(match ui {
            Language::Nl => "Dit is een werkmap (XLSX of zip), geen tekstbestand. Sla het op als CSV (studenten) of maak er met `meetlat framework import` een kaderbestand van.".into(),
            Language::En => "This is a workbook (XLSX or zip), not a text file. Save it as CSV (students), or make a framework file of it with `meetlat framework import`.".into(),
        });
    }
    let text = match crate::load::decode_text(&name, &body, "the file") {
        Ok(t) => t,
        Err(d) => return refuse(page::plain(&[*d])),
    };
    let _heavy = shared.heavy.lock().unwrap_or_else(|e| e.into_inner());
    let mut setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner());
    let mut trial = setup.clone();
    // A hostile file must not take the server down: a panic is a refusal.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read(&mut trial, &name, &text)
    }));
    match outcome {
        Ok(Ok(note)) => {
            let mut message = words.loaded.replace("{name}", &shown);
            if !note.is_empty() {
                message = format!("{message}. {note}");
            }
            // The page reloads after a course or framework: it shows the notice then.
            if reloads {
                trial.notice = Some((true, message.clone()));
            }
            *setup = trial;
            Response::json(&serde_json::json!({"ok": true, "message": message}))
        }
        Ok(Err(d)) => refuse(page::plain(&d)),
        Err(_) => refuse("meetlat could not read this file.".into()),
    }
}

/// `%xx` escapes decoded (the page sends file names with `encodeURIComponent`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the page shows after a change: problems by field, counts, shares, grade
/// examples and the preview.
fn update_answer(
    shared: &Arc<Shared>,
    setup: &Setup,
    seq: u64,
    ui: Language,
) -> serde_json::Value {
    let evaluated = setup.evaluate();
    let mut answer = page::summary(setup, &evaluated, ui);
    answer["seq"] = seq.into();
    // Downloads that cannot be made now, with why (the page greys them out and says it
    // when one is chosen, instead of a download that fails).
    let words = crate::words::web::web_words(ui);
    let no_students = evaluated.result.as_ref().is_ok_and(|c| c.plan.students.is_empty());
    let reports = shared.reports.lock().unwrap_or_else(|e| e.into_inner()).is_some();
    let why = |blocked: bool, reason: &str| {
        if blocked { serde_json::Value::from(reason) } else { serde_json::Value::Null }
    };
    answer["blocked"] = serde_json::json!({
        "forms": why(no_students, words.no_students),
        "sheet": why(no_students, words.no_students),
        "reports": why(!reports, words.no_reports),
    });
    if let Ok(checked) = &evaluated.result {
        // Newer changes came in: this preview would be thrown away.
        if seq != 0 && seq < shared.seq.load(Ordering::SeqCst) {
            answer["stale"] = true.into();
            return answer;
        }
        let started = std::time::Instant::now();
        match preview(shared, checked) {
            Ok(p) => {
                answer["typeset_ms"] = (started.elapsed().as_millis() as u64).into();
                answer["preview"] = serde_json::json!({
                    "rubric": {"key": p.rubric.key, "pages": p.rubric.count()},
                    "form": {"key": p.form},
                });
            }
            Err(d) => {
                answer["ok"] = false.into();
                answer["problems"] = page::problems(&evaluated.yaml, &d, ui);
            }
        }
    }
    answer
}

/// The preview of a checked course: each document from the cache, or typeset now (one
/// request at a time; the two documents side by side).
fn preview(
    shared: &Arc<Shared>,
    checked: &crate::Checked,
) -> std::result::Result<Preview, Vec<Diagnostic>> {
    let plan = &checked.plan;
    let env = {
        let (date, _) = crate::clock::document_date(plan.course.date.as_deref());
        let mut kept = shared.env.lock().unwrap_or_else(|e| e.into_inner());
        match &*kept {
            Some((d, env)) if *d == date => Arc::clone(env),
            _ => {
                let (env, _) = crate::render::RenderEnv::for_course(
                    plan,
                    None,
                    crate::output::Staging::memory(),
                )
                .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
                let env = Arc::new(env);
                *kept = Some((date, Arc::clone(&env)));
                env
            }
        }
    };
    let rubric = crate::render::rubric::preview_input(plan, &env)?;
    let form = crate::render::form::preview_input(plan, &env)?;
    let key = |input: &crate::typst_world::Input| {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(input.template.as_bytes());
        h.update(&input.data);
        for (path, bytes) in &input.files {
            h.update(path.as_bytes());
            h.update(bytes);
        }
        h.finalize().iter().take(10).map(|b| format!("{b:02x}")).collect::<String>()
    };
    let (rubric_key, form_key) = (key(&rubric), key(&form));
    // Least recently used first: a document found moves to the back, so the shown ones
    // stay while their pages are still being fetched.
    let find = |k: &str| {
        let mut previews = shared.previews.lock().unwrap_or_else(|e| e.into_inner());
        let i = previews.iter().position(|p| p.key == k)?;
        let p = previews.remove(i)?;
        previews.push_back(Arc::clone(&p));
        Some(p)
    };
    let typeset = |input: crate::typst_world::Input, key: String| {
        let n = shared.compiles.fetch_add(1, Ordering::SeqCst);
        let document = env.engine.pages(input, false)?;
        // Typst's caches are cleared now and then, so memory stays flat.
        if n % 16 == 15 {
            typst::comemo::evict(10);
        }
        let svg = Mutex::new(vec![None; document.pages().len()]);
        Ok::<_, Vec<Diagnostic>>(Arc::new(Pages { key, document, svg }))
    };
    let keep = |p: &Arc<Pages>| {
        let mut previews = shared.previews.lock().unwrap_or_else(|e| e.into_inner());
        if !previews.iter().any(|q| q.key == p.key) {
            previews.push_back(Arc::clone(p));
        }
        while previews.len() > PREVIEWS {
            previews.pop_front();
        }
    };
    let rubric = match find(&rubric_key) {
        Some(r) => r,
        None => {
            let _heavy = shared.heavy.lock().unwrap_or_else(|e| e.into_inner());
            let r = typeset(rubric, rubric_key)?;
            keep(&r);
            // Page 1 is drawn while the answer travels: the page asks for it next.
            let first = Arc::clone(&r);
            let _ = std::thread::Builder::new().spawn(move || first.page(1));
            r
        }
    };
    // The form: typeset after the rubric on a thread of its own, so the rubric is shown
    // without waiting for it; a form no longer the newest when its turn comes is not
    // typeset.
    if find(&form_key).is_none() {
        let mut pending = shared.pending.lock().unwrap_or_else(|e| e.into_inner());
        if !pending.contains(&form_key) {
            pending.push(form_key.clone());
            drop(pending);
            let worker = Arc::clone(shared);
            let env = Arc::clone(&env);
            let key = form_key.clone();
            let spawned = std::thread::Builder::new().name("meetlat-form".into()).spawn(
                move || {
                    // The form waits until the changes pause, so the rubric has the
                    // processor while someone is still clicking.
                    std::thread::sleep(FORM_PAUSE);
                    let _one = worker.form_lock.lock().unwrap_or_else(|e| e.into_inner());
                    // After the rubric: one typesetting job at a time.
                    let _heavy = worker.heavy.lock().unwrap_or_else(|e| e.into_inner());
                    let newest = worker
                        .pending
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .last()
                        .is_some_and(|k| *k == key);
                    if newest && let Ok(document) = env.engine.pages(form, false) {
                        let svg = Mutex::new(vec![None; document.pages().len()]);
                        let p = Arc::new(Pages { key: key.clone(), document, svg });
                        let mut previews =
                            worker.previews.lock().unwrap_or_else(|e| e.into_inner());
                        previews.push_back(p);
                        while previews.len() > PREVIEWS {
                            previews.pop_front();
                        }
                    }
                    worker
                        .pending
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .retain(|k| *k != key);
                    worker.done.notify_all();
                },
            );
            if spawned.is_err() {
                shared
                    .pending
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .retain(|k| *k != form_key);
            }
        }
    }
    let form = form_key;
    Ok(Preview { rubric, form })
}

/// `GET /preview/{key}/{rubric|form}-{n}.svg`.
fn preview_page(shared: &Shared, rest: &str) -> Response {
    let not_found = || Response::text(404, "not found");
    let Some((key, file)) = rest.split_once('/') else { return not_found() };
    // A form still being typeset: wait for it (a few seconds at most).
    {
        let mut pending = shared.pending.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while pending.iter().any(|k| k == key) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            pending = shared
                .done
                .wait_timeout(pending, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
    if file == "pages" {
        let previews = shared.previews.lock().unwrap_or_else(|e| e.into_inner());
        return match previews.iter().find(|p| p.key == key) {
            Some(p) => Response::json(&serde_json::json!({"pages": p.count()})),
            // Not typeset: a newer change came first.
            None => Response::json(&serde_json::json!({"pages": null})),
        };
    }
    let Some(stem) = file.strip_suffix(".svg") else { return not_found() };
    let Some((kind, n)) = stem.split_once('-') else { return not_found() };
    let Ok(n) = n.parse::<usize>() else { return not_found() };
    if kind != "rubric" && kind != "form" {
        return not_found();
    }
    let found = shared
        .previews
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|p| p.key == key)
        .cloned();
    let Some(p) = found else { return not_found() };
    match p.page(n) {
        Some(svg) => Response::new(200, "image/svg+xml", svg.as_bytes().to_vec())
            .with("Cache-Control", "private, max-age=3600, immutable"),
        None => not_found(),
    }
}

/// `GET /download/{rubric|forms|sheet|course}`: made now from the course file, as the
/// command line makes it from that file.
fn download(shared: &Shared, what: &str) -> Response {
    let setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let evaluated = setup.evaluate();
    let code =
        setup.course.get("code").and_then(serde_yaml::Value::as_str).unwrap_or("cursus");
    let attach =
        |r: Response, name: &str| r.with("Content-Disposition", page::attachment(name));
    if what == "framework" {
        return match &setup.framework_text {
            Some(t) if t.text.is_ok() => {
                let name = t.path.file_name().map_or_else(
                    || "kader.yaml".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let text = t.text.clone().unwrap_or_default();
                attach(
                    Response::new(
                        200,
                        "application/yaml; charset=utf-8",
                        text.into_bytes(),
                    ),
                    &crate::render::safe_file_name(&name),
                )
            }
            _ => Response::text(404, "the built-in framework is in meetlat itself"),
        };
    }
    if what == "course" {
        let name = crate::render::safe_file_name(&format!("{code}.yaml"));
        return attach(
            Response::new(
                200,
                "application/yaml; charset=utf-8",
                evaluated.yaml.into_bytes(),
            ),
            &name,
        );
    }
    let kind = match what {
        "rubric" => crate::render::DocKind::Rubric,
        "forms" => crate::render::DocKind::ObservationForms,
        "sheet" => crate::render::DocKind::ScoringSheet,
        _ => return Response::text(404, "not found"),
    };
    let checked = match evaluated.result {
        Ok(c) => c,
        Err(d) => return Response::text(409, page::plain(&d)),
    };
    let plan = &checked.plan;
    if plan.students.is_empty() && kind != crate::render::DocKind::Rubric {
        return Response::text(
            409,
            crate::words::web::web_words(Language::Nl).no_students,
        );
    }
    let _heavy = shared.heavy.lock().unwrap_or_else(|e| e.into_inner());
    let made = crate::render::RenderEnv::for_course(
        plan,
        None,
        crate::output::Staging::memory(),
    )
    .and_then(|(env, _)| {
        crate::render::render_all(
            plan,
            &[kind],
            &env,
            &crate::render::form::FormOptions::default(),
        )
    });
    let artifacts = match made {
        Ok(a) => a,
        Err(Error::Invalid(d)) => return Response::text(409, page::plain(&d)),
        Err(e) => return Response::text(500, e.to_string()),
    };
    typst::comemo::evict(0);
    match kind {
        crate::render::DocKind::ObservationForms => {
            let mut files = Vec::new();
            for a in artifacts {
                files.push((a.path.display().to_string(), a.bytes));
            }
            match page::zip(&files) {
                Ok(bytes) => attach(
                    Response::new(200, "application/zip", bytes),
                    &format!(
                        "{}-observatieformulieren.zip",
                        crate::render::safe_file_name(code)
                    ),
                ),
                Err(e) => Response::text(500, e),
            }
        }
        _ => {
            let Some(a) = artifacts.into_iter().next() else {
                return Response::text(500, "nothing was made");
            };
            let name = a.path.display().to_string();
            let content_type = if name.ends_with(".pdf") {
                "application/pdf"
            } else {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            };
            attach(Response::new(200, content_type, a.bytes), &name)
        }
    }
}

/// A private folder that is removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    /// A new folder only this user can read, in the system's temporary folder.
    fn new() -> std::result::Result<Self, String> {
        let name = format!("meetlat-serve-{}", guard::random_token()?);
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir(&dir).map_err(|e| e.to_string())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| e.to_string())?;
        }
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A returned observation form as uploaded: the name the teacher knows it by (shown
/// only, never a path), the extension its content calls for, and its bytes.
struct ReturnedForm {
    shown: String,
    ext: &'static str,
    bytes: Vec<u8>,
}

/// What a returned form is by its first bytes: a PDF or a scan image (its extension), or
/// nothing `collect` reads.
fn form_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("jpg")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("tif")
    } else {
        None
    }
}

/// The reports (and `controle.pdf`) made before the choice of forms changed are no longer
/// offered.
fn forget_reports(shared: &Shared) {
    *shared.reports.lock().unwrap_or_else(|e| e.into_inner()) = None;
    *shared.controle.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// `POST /api/forms`: one returned observation form (a filled PDF or a scan), kept in
/// memory with the others until the filled sheet is chosen; the page sends each file of
/// a choice after `POST /api/forms/clear`.
fn forms_upload(shared: &Arc<Shared>, req: &mut Request, ui: Language) -> Response {
    let words = crate::words::web::web_words(ui);
    let name =
        setup::display_name(req.header("x-file-name").map(percent_decode).as_deref());
    let shown = name.display().to_string().replace(['\n', '\r'], "");
    let refuse = |message: &str| {
        Response::json(&serde_json::json!({
            "ok": false,
            "message": format!("{}. {message}", words.refused.replace("{name}", &shown)),
        }))
    };
    let body = match req.body(FORM_FILE_LIMIT) {
        Ok(b) => b,
        Err(http::BodyError::TooLarge) => return refuse(words.form_too_large),
        Err(http::BodyError::Broken) => return refuse("…"),
    };
    let Some(ext) = form_kind(&body) else {
        return refuse(words.form_not_form);
    };
    let mut forms = shared.forms.lock().unwrap_or_else(|e| e.into_inner());
    let total: usize = forms.iter().map(|f| f.bytes.len()).sum();
    if forms.len() >= FORMS_MAX || total + body.len() > FORMS_TOTAL_LIMIT {
        return refuse(
            &words
                .forms_too_many
                .replace("{n}", &FORMS_MAX.to_string())
                .replace("{mb}", &(FORMS_TOTAL_LIMIT / (1024 * 1024)).to_string()),
        );
    }
    forms.push(ReturnedForm { shown, ext, bytes: body });
    let n = forms.len();
    drop(forms);
    forget_reports(shared);
    Response::json(&serde_json::json!({
        "ok": true,
        "message": words.forms_chosen.replace("{n}", &n.to_string()),
    }))
}

/// `POST /api/scores`: the filled scoring sheet. The reports and the archive are made at
/// once by `meetlat report` itself, in a child process with a time limit (a hostile sheet
/// cannot take the page down), in a private folder that is removed afterwards; the page
/// keeps the result as a zip in memory. With returned forms chosen, `meetlat collect`
/// reads them first, the same way, and the reports are made with its observations.
fn scores_upload(shared: &Arc<Shared>, req: &mut Request, ui: Language) -> Response {
    let words = crate::words::web::web_words(ui);
    let answer = |ok: bool, message: String, controle: bool| {
        Response::json(
            &serde_json::json!({"ok": ok, "message": message, "controle": controle}),
        )
    };
    let body = match req.body(XLSX_LIMIT) {
        Ok(b) => b,
        Err(http::BodyError::TooLarge) => {
            return answer(false, words.scores_too_large.to_owned(), false);
        }
        Err(http::BodyError::Broken) => return answer(false, "…".into(), false),
    };
    if !body.starts_with(b"PK\x03\x04") {
        return answer(false, words.scores_not_xlsx.to_owned(), false);
    }
    let setup = shared.setup.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let evaluated = setup.evaluate();
    if let Err(d) = &evaluated.result {
        return answer(false, page::plain(d), false);
    }
    let _heavy = shared.heavy.lock().unwrap_or_else(|e| e.into_inner());
    forget_reports(shared);
    let forms = shared.forms.lock().unwrap_or_else(|e| e.into_inner());
    let made = run_report(&setup, &evaluated.yaml, &body, &forms, words);
    drop(forms);
    match made {
        Ok(made) => {
            let code = setup
                .course
                .get("code")
                .and_then(serde_yaml::Value::as_str)
                .unwrap_or("cursus");
            let name = format!(
                "{}-rapporten-en-archief.zip",
                crate::render::safe_file_name(code)
            );
            *shared.reports.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((name, made.zip));
            let controle = made.controle.is_some();
            *shared.controle.lock().unwrap_or_else(|e| e.into_inner()) = made.controle;
            let mut message =
                words.reports_made.replace("{n}", &made.reports.to_string());
            if let Some(read) = made.collected {
                message = format!("{message}\n\n{read}");
            }
            answer(true, message, controle)
        }
        Err(message) => answer(false, message, false),
    }
}

/// What [`run_report`] made.
struct Made {
    /// The output folder as a zip.
    zip: Vec<u8>,
    /// The number of reports.
    reports: usize,
    /// What `collect` said of the returned forms, in the teacher's file names.
    collected: Option<String>,
    /// `controle.pdf`, when scanned rows are to be checked.
    controle: Option<Vec<u8>>,
}

/// Run `meetlat report` on the course file `yaml` and the filled sheet `xlsx`, after
/// `meetlat collect` on the returned `forms` when there are any. The forms get names of
/// ours on disk (`formulieren/formulier-0001.pdf`); what `collect` says is given back with
/// the names the teacher knows.
fn run_report(
    setup: &Setup,
    yaml: &str,
    xlsx: &[u8],
    forms: &[ReturnedForm],
    words: &crate::words::web::WebWords,
) -> std::result::Result<Made, String> {
    let scratch = Scratch::new()?;
    let dir = &scratch.0;
    std::fs::write(dir.join("cursus.yaml"), yaml).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("scores.xlsx"), xlsx).map_err(|e| e.to_string())?;
    let framework = if let Some(t) = &setup.framework_text
        && let Ok(text) = &t.text
    {
        std::fs::write(dir.join("kader.yaml"), text).map_err(|e| e.to_string())?;
        true
    } else {
        false
    };
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut collected = None;
    let mut controle = None;
    if !forms.is_empty() {
        std::fs::create_dir(dir.join("formulieren")).map_err(|e| e.to_string())?;
        let mut names = Vec::new();
        for (i, form) in forms.iter().enumerate() {
            let ours = format!("formulieren/formulier-{:04}.{}", i + 1, form.ext);
            std::fs::write(dir.join(&ours), &form.bytes).map_err(|e| e.to_string())?;
            names.push((ours, form.shown.clone()));
        }
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["collect", "cursus.yaml", "formulieren", "-o", "terug"]);
        if framework {
            cmd.args(["--framework", "kader.yaml"]);
        }
        let (_, stdout, stderr) = run_child_output(cmd, dir)?;
        // Our names back to the teacher's, the longest first (…-0010 before …-001).
        names.sort_by_key(|(ours, _)| std::cmp::Reverse(ours.len()));
        let theirs = |text: &str| {
            let mut text =
                text.replace(&format!("{}/", dir.display()), "").replace("terug/", "");
            for (ours, shown) in &names {
                text = text.replace(ours.as_str(), &format!("«{shown}»"));
            }
            text
        };
        let json = dir.join("terug/observations.json");
        if !json.exists() {
            let said = theirs(&format!("{}\n{}", stdout.trim(), stderr.trim()));
            return Err(format!("{}\n\n{}", words.forms_unusable, said.trim()));
        }
        // What collect said, without the files it wrote (the page keeps them) and its
        // heading.
        let lines: Vec<String> = stdout
            .lines()
            .skip(1)
            .filter(|l| l.starts_with(' ') || !l.contains(": terug/"))
            .map(theirs)
            .collect();
        let mut said = format!("{}\n{}", words.forms_read, lines.join("\n"));
        if let Ok(pdf) = std::fs::read(dir.join("terug/controle.pdf")) {
            said = format!("{said}\n{}", words.controle_note);
            controle = Some(pdf);
        }
        collected = Some(said);
    }
    let mut cmd = std::process::Command::new(&exe);
    cmd.args([
        "report",
        "cursus.yaml",
        "--scores",
        "scores.xlsx",
        "-o",
        "out",
        "--quiet",
    ]);
    if framework {
        cmd.args(["--framework", "kader.yaml"]);
    }
    if collected.is_some() {
        cmd.args(["--observations", "terug"]);
    }
    let stdout = run_child(cmd, dir)?;
    let reports = stdout
        .lines()
        .find_map(|l| {
            l.split_once(" report(s)")
                .and_then(|(a, _)| a.rsplit('(').next()?.trim().parse().ok())
        })
        .unwrap_or(0);
    let mut files = Vec::new();
    collect_files(&dir.join("out"), "", &mut files).map_err(|e| e.to_string())?;
    files.sort();
    Ok(Made { zip: page::zip(&files)?, reports, collected, controle })
}

/// Run a child process of meetlat in `dir` with a time limit: its standard output, or its
/// messages (without the folder's name) when it fails.
fn run_child(
    cmd: std::process::Command,
    dir: &Path,
) -> std::result::Result<String, String> {
    let (ok, stdout, stderr) = run_child_output(cmd, dir)?;
    if !ok {
        let folder = format!("{}/", dir.display());
        return Err(stderr
            .replace(&folder, "")
            .replace(&dir.display().to_string(), "")
            .trim()
            .to_owned());
    }
    Ok(stdout)
}

/// Run a child process of meetlat in `dir` with a time limit: whether it succeeded, its
/// standard output and its standard error; an error only when it could not run or took
/// too long.
fn run_child_output(
    mut cmd: std::process::Command,
    dir: &Path,
) -> std::result::Result<(bool, String, String), String> {
    cmd.current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    // Read its output on threads, so a full pipe never stops it.
    let mut stderr = child.stderr.take();
    let mut stdout = child.stdout.take();
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = std::io::Read::read_to_string(e, &mut s);
        }
        s
    });
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = stdout.as_mut() {
            let _ = std::io::Read::read_to_string(o, &mut s);
        }
        s
    });
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_secs(CHILD_SECONDS);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("this took longer than {CHILD_SECONDS} seconds"));
            }
        }
    };
    let stderr = err.join().unwrap_or_default();
    let stdout = out.join().unwrap_or_default();
    Ok((status.success(), stdout, stderr))
}

/// A framework spreadsheet (the workbook of `meetlat framework template`, filled in) made
/// into a framework file by `meetlat framework import`, in a child process. The workbook
/// gets a name of ours on disk; the first comment line names it as the teacher knows it.
fn import_workbook(bytes: &[u8], shown: &str) -> std::result::Result<String, String> {
    let scratch = Scratch::new()?;
    let dir = &scratch.0;
    std::fs::write(dir.join("kader.xlsx"), bytes).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["framework", "import", "kader.xlsx", "-o", "kader.yaml"]);
    run_child(cmd, dir)?;
    let yaml =
        std::fs::read_to_string(dir.join("kader.yaml")).map_err(|e| e.to_string())?;
    let (first, rest) = yaml.split_once('\n').unwrap_or((&yaml, ""));
    let shown = shown.replace(['`', '\n', '\r'], "");
    Ok(format!("{}\n{rest}", first.replacen("`kader.xlsx`", &format!("`{shown}`"), 1)))
}

/// Every file below `dir`, with its path relative to it (`/`-separated).
fn collect_files(
    dir: &Path,
    prefix: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &format!("{path}/"), files)?;
        } else {
            files.push((path, std::fs::read(entry.path())?));
        }
    }
    Ok(())
}
