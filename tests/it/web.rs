//! `meetlat serve`: the real binary on 127.0.0.1, spoken to over raw HTTP (the safety
//! rules, uploads, downloads byte-identical to the command line) and, when Node.js and
//! Chromium are there, driven in a real browser (tests/support/web_flow.mjs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::root;

/// A running `meetlat serve --no-open`.
pub struct Server {
    child: Child,
    /// The port.
    pub port: u16,
    /// The launch token.
    pub token: String,
    /// The session cookie header.
    pub cookie: String,
    stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    /// Start the binary with `args` (after `serve --no-open`) in `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_meetlat"))
            .arg("serve")
            .arg("--no-open")
            .args(args)
            .current_dir(dir)
            .env_remove("DISPLAY")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start meetlat serve");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        let rest = url.trim_start_matches("http://127.0.0.1:");
        let (port, query) = rest.split_once("/?t=").unwrap();
        let token = query.to_owned();
        assert_eq!(token.len(), 32, "{url}");
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        Server {
            child,
            port: port.parse().unwrap(),
            cookie: format!("meetlat_s={token}"),
            token,
            stdout,
        }
    }

    /// A raw request: `head` lines (without Host unless given), the body.
    pub fn raw(&self, request: &[u8]) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        s.write_all(request).unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        Reply::parse(&bytes)
    }

    /// A request from the page itself: own Host, the cookie, `X-Meetlat: 1` on POST.
    pub fn get(&self, path: &str) -> Reply {
        self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
                self.port, self.cookie
            )
            .as_bytes(),
        )
    }

    /// A POST from the page itself.
    pub fn post(&self, path: &str, body: &[u8], extra: &str) -> Reply {
        let mut req = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Sec-Fetch-Site: same-origin\r\nX-Meetlat: 1\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.cookie,
            body.len(),
            port = self.port
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.raw(&req)
    }

    /// The page state as JSON (without the time the preview took).
    pub fn state(&self) -> serde_json::Value {
        let r = self.get("/api/state");
        assert_eq!(r.status, 200, "{}", r.text());
        let mut state: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        state.as_object_mut().unwrap().remove("typeset_ms");
        state
    }

    /// Send SIGINT (Ctrl+C) and return stdout's rest and the exit status.
    pub fn interrupt(self) -> (String, std::process::ExitStatus) {
        let _ =
            Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        self.finish()
    }

    /// Wait for the process to end (within 10 s) and return stdout's rest and the status.
    pub fn finish(mut self) -> (String, std::process::ExitStatus) {
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut rest = String::new();
                self.stdout.read_to_string(&mut rest).unwrap();
                return (rest, status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("meetlat serve did not stop within 10 seconds");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed response.
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Body (chunked bodies joined).
    pub body: Vec<u8>,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let end =
            bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
        let mut lines = head.lines();
        let status =
            lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let raw = &bytes[end + 4..];
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        let body = if chunked { unchunk(raw) } else { raw.to_vec() };
        Reply { status, headers, body }
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(nl) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&raw[..nl]).split(';').next().unwrap().trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[nl + 2..nl + 2 + size]);
        raw = &raw[nl + 2 + size + 2..];
    }
    out
}

/// The web tests one at a time: the browser test times the preview, and the other web
/// tests typeset too.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Hold while a web test runs.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The example course, open on the page.
fn example() -> Server {
    Server::start(&root(), &["examples/stage.yaml"])
}

#[test]
fn web_token_becomes_a_cookie_and_every_response_carries_the_safety_headers() {
    let _one = one_at_a_time();
    let server = example();
    let r = server.raw(
        format!(
            "GET /?t={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.token, server.port
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/"));
    let cookie = r.header("set-cookie").unwrap();
    assert_eq!(
        cookie,
        format!("meetlat_s={}; HttpOnly; SameSite=Strict; Path=/", server.token)
    );
    let page = server.get("/");
    assert_eq!(page.status, 200);
    for r in [&r, &page] {
        let csp = r.header("content-security-policy").unwrap();
        assert!(
            csp.starts_with("default-src 'none'; script-src 'self'; style-src 'self'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    let html = page.text();
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(html.contains("Alles blijft op deze computer"));
    // No inline script or style: the CSP would block them.
    assert!(
        !html.contains("<script>")
            && !html.contains("style=")
            && !html.contains("<style")
    );
    assert!(html.contains("<script type=\"module\" src=\"/assets/app.js\"></script>"));
    assert!(html.contains("SW3-STAGE-OW"));
    let js = server.get("/assets/app.js");
    assert_eq!(js.status, 200);
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
}

#[test]
fn web_refuses_what_the_safety_rules_forbid_and_the_state_stays_the_same() {
    let _one = one_at_a_time();
    let server = example();
    let before = server.state();
    let port = server.port;
    let cookie = &server.cookie;
    let edit = br#"{"seq":1,"weights":{"LU1":"7"}}"#;
    let post = |head: &str, body: &[u8]| {
        let mut req =
            format!("POST /api/update HTTP/1.1\r\n{head}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len())
                .into_bytes();
        req.extend_from_slice(body);
        server.raw(&req)
    };
    let own = format!("Host: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n");
    let cases: Vec<(&str, Reply, u16)> = vec![
        (
            "foreign Host (DNS rebinding)",
            server.raw(format!("GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n").as_bytes()),
            421,
        ),
        (
            "foreign Host on a POST",
            post(&format!("Host: evil.example:{port}\r\nCookie: {cookie}\r\nX-Meetlat: 1\r\n"), edit),
            421,
        ),
        (
            "no Host",
            server.raw(format!("GET / HTTP/1.0\r\nCookie: {cookie}\r\n\r\n").as_bytes()),
            421,
        ),
        (
            "missing cookie",
            server.raw(format!("GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes()),
            403,
        ),
        (
            "wrong token",
            server.raw(format!("GET /?t={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n", "0".repeat(32)).as_bytes()),
            403,
        ),
        (
            "wrong cookie",
            post(&format!("Host: 127.0.0.1:{port}\r\nCookie: meetlat_s={}\r\nX-Meetlat: 1\r\n", "f".repeat(32)), edit),
            403,
        ),
        (
            "cross-origin POST",
            post(&format!("{own}Origin: http://evil.example\r\nX-Meetlat: 1\r\n"), edit),
            403,
        ),
        (
            "cross-site POST (Sec-Fetch-Site)",
            post(&format!("{own}Sec-Fetch-Site: cross-site\r\nX-Meetlat: 1\r\n"), edit),
            403,
        ),
        ("POST without X-Meetlat", post(&format!("{own}Origin: http://127.0.0.1:{port}\r\n"), edit), 403),
        (
            "oversized body (declared)",
            server.raw(format!("POST /api/update HTTP/1.1\r\n{own}X-Meetlat: 1\r\nContent-Length: 999999999\r\nConnection: close\r\n\r\n").as_bytes()),
            413,
        ),
        ("oversized body (sent)", post(&format!("{own}X-Meetlat: 1\r\n"), &vec![b' '; 300 * 1024]), 413),
        ("PUT", server.raw(format!("PUT /api/update HTTP/1.1\r\n{own}Content-Length: 0\r\nConnection: close\r\n\r\n").as_bytes()), 405),
    ];
    for (what, reply, status) in &cases {
        assert_eq!(reply.status, *status, "{what}: {}", reply.text());
    }
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/..%2fCargo.toml",
        "/assets/..\\Cargo.toml",
        "/assets/%2e%2e%5cCargo.toml",
        "/../Cargo.toml",
        "/preview/../../Cargo.toml",
        "/download/..%2f..%2fCargo.toml",
        "/assets/app.js/../../Cargo.toml",
    ] {
        let r = server.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!r.text().contains("[package]"), "{path} served a file");
    }
    assert_eq!(server.state(), before, "a refused request changed the state");
    // The page's own request does change it.
    let r = server.post("/api/update", edit, "Content-Type: application/json\r\n");
    assert_eq!(r.status, 200, "{}", r.text());
    // The page sends every weight; those it leaves out weigh 1: 7 of 12.
    assert_eq!(r.json()["shares"]["LU1"], "58,3%");
}

#[test]
fn web_hostile_uploads_get_a_clear_message_and_the_server_keeps_answering() {
    let _one = one_at_a_time();
    let server = example();
    let before = server.state();
    let bomb = std::fs::read(root().join("tests/fixtures/hostile/yaml-alias-bomb/course.yaml"))
        .or_else(|_| std::fs::read(root().join("tests/fixtures/hostile/yaml-alias-bomb")))
        .unwrap_or_else(|_| b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n".to_vec());
    let deep = format!("code: {}\n", "[".repeat(100_000));
    let zip_bomb = {
        let mut z = b"PK\x03\x04".to_vec();
        z.extend(vec![0u8; 1000]);
        z
    };
    let uploads: Vec<(&str, Vec<u8>, &str)> = vec![
        ("/api/course", bomb, "aliases"),
        ("/api/course", deep.into_bytes(), "nested"),
        ("/api/course", b"\xff\xfe\x00garbage".to_vec(), "UTF-8"),
        ("/api/course", b"just: [unclosed".to_vec(), ""),
        // A course file with a misspelt key: refused, the open course stays.
        (
            "/api/course",
            std::fs::read_to_string(root().join("examples/stage.yaml"))
                .unwrap()
                .replacen("\nname:", "\nnaem:", 1)
                .into_bytes(),
            "naem",
        ),
        ("/api/framework", b"id: x\n".to_vec(), ""),
        ("/api/students", b"foo,bar\n1,2\n".to_vec(), "header"),
        ("/api/students", zip_bomb, "XLSX"),
        ("/api/students", vec![b'a'; 6 * 1024 * 1024], "MB"),
    ];
    for (path, body, says) in uploads {
        let r = server.post(path, &body, "X-File-Name: kwaad%20bestand.yaml\r\n");
        let status = r.status;
        let answer = if status == 413 {
            serde_json::json!({"ok": false, "message": r.text()})
        } else {
            r.json()
        };
        assert_eq!(answer["ok"], false, "{path}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(says), "{path}: {message}");
        if status != 413 {
            assert!(
                message.starts_with("Niet ingelezen: kwaad bestand.yaml."),
                "{message}"
            );
        }
        // Still answering, and nothing changed.
        assert_eq!(server.state(), before, "{path}");
    }
}

#[test]
fn web_stops_on_ctrl_c_and_on_the_stop_button() {
    let _one = one_at_a_time();
    let server = example();
    assert_eq!(server.get("/api/state").status, 200);
    let (rest, status) = server.interrupt();
    assert!(rest.contains("meetlat is gestopt"), "{rest}");
    assert!(status.success(), "{status:?}");

    let server = example();
    // The stop button's request must come from the page, too.
    let refused = server.raw(
        format!("POST /quit HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", server.port, server.cookie)
            .as_bytes(),
    );
    assert_eq!(refused.status, 403);
    let r = server.post("/quit", b"", "");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("meetlat is gestopt"));
    let (rest, status) = server.finish();
    assert!(rest.contains("meetlat is gestopt"), "{rest}");
    assert!(status.success(), "{status:?}");
}

/// Run the command line on `course` in `dir` and return the files it wrote.
fn cli_files(dir: &Path, args: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = crate::meetlat(dir, args);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let mut files = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir.join("out")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            files.insert(
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    files
}

#[test]
fn web_changes_show_problems_at_their_field_and_downloads_equal_the_command_line() {
    let _one = one_at_a_time();
    let server = example();
    // A weight that is not a number: the problem sits at that weight, the preview stays.
    let r = server.post("/api/update", br#"{"seq":1,"weights":{"LU2":"veel"}}"#, "");
    let answer = r.json();
    assert_eq!(answer["ok"], false, "{answer}");
    let problems = answer["problems"].as_array().unwrap();
    let at =
        problems.iter().find(|p| p["field"] == "weights.LU2").expect("at the weight");
    assert_eq!(at["text"], "Vul een getal in, bijvoorbeeld 1 of 1,5.");
    assert!(answer.get("preview").is_none());
    // A download now says what to fix.
    assert_eq!(server.get("/download/rubric").status, 409);
    // No outcome at all.
    let r = server.post(
        "/api/update",
        br#"{"seq":2,"weights":{"LU2":"1"},"selected":{}}"#,
        "",
    );
    let answer = r.json();
    assert_eq!(answer["ok"], false, "{answer}");
    // Only that: the weight and the descriptors of what is unticked leave the course file.
    let problems = answer["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{answer}");
    assert_eq!(problems[0]["field"], "outcomes");
    assert_eq!(problems[0]["text"], "Kies ten minste één gedragsindicator.");
    // Part of the framework, weights, a stricter rounding and students from a Canvas export.
    let edit = serde_json::json!({
        "seq": 3,
        "selected": {"LU1": ["G01", "G02"], "LU3": ["G12", "G13", "G14"], "LU6": ["G24"]},
        "weights": {"LU1": "1,5", "LU3": "2"},
        "grading": {"rounding": "halve-punten", "knockout": false, "pass_level": "voldoende",
                    "grade_at_cesuur": "5,5", "min_observed": "0.5", "knockout_cap": "5", "pass_grade": "5.5"},
        "course": {"name": "Stage opbouwwerk (deel)", "examiners": "dr. A. Jansen\n\nM. Kaya"},
    });
    let r = server.post("/api/update", edit.to_string().as_bytes(), "");
    let answer = r.json();
    assert_eq!(answer["ok"], true, "{answer}");
    assert_eq!(answer["count"], "6 van 42 indicatoren");
    assert_eq!(answer["shares"]["LU1"], "33,3%");
    assert!(answer["preview"]["rubric"]["pages"].as_u64().unwrap() >= 1);
    // The form is typeset after the rubric; asking for it waits until it is there.
    let form_key = answer["preview"]["form"]["key"].as_str().unwrap();
    let pages = server.get(&format!("/preview/{form_key}/pages")).json();
    assert!(pages["pages"].as_u64().unwrap() >= 1, "{pages}");
    let form = server.get(&format!("/preview/{form_key}/form-1.svg"));
    assert!(form.text().starts_with("<svg"));
    let key = answer["preview"]["rubric"]["key"].as_str().unwrap().to_owned();
    let svg = server.get(&format!("/preview/{key}/rubric-1.svg"));
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg"), "{}", &svg.text()[..100]);
    assert_eq!(server.get(&format!("/preview/{key}/rubric-999.svg")).status, 404);
    let canvas =
        std::fs::read(root().join("tests/fixtures/students/canvas.csv")).unwrap();
    let r = server.post("/api/students", &canvas, "X-File-Name: canvas.csv\r\n");
    assert_eq!(r.json()["ok"], true, "{}", r.text());
    let state = server.state();
    assert!(state["students"].as_str().unwrap().contains("Canvas-export"), "{state}");

    // Downloads: the course file, and what the command line makes of it, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let course = server.get("/download/course");
    assert_eq!(course.status, 200);
    let yaml = course.text();
    assert!(yaml.starts_with("# Cursusbestand, gemaakt met `meetlat serve`"), "{yaml}");
    assert!(yaml.contains("rounding: halve-punten"), "{yaml}");
    assert!(yaml.contains("- id: LU1\n  only:\n  - G01\n  - G02\n"), "{yaml}");
    std::fs::write(dir.path().join("cursus.yaml"), &yaml).unwrap();
    let cli = cli_files(dir.path(), &["build", "cursus.yaml", "-o", "out"]);
    let rubric = server.get("/download/rubric");
    assert_eq!(rubric.status, 200);
    assert_eq!(
        Some(&rubric.body),
        cli.get("SW3-STAGE-OW-rubric.pdf"),
        "the rubric differs"
    );
    let sheet = server.get("/download/sheet");
    assert_eq!(
        Some(&sheet.body),
        cli.get("SW3-STAGE-OW-scores.xlsx"),
        "the sheet differs"
    );
    let forms = server.get("/download/forms");
    assert_eq!(forms.status, 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(forms.body.clone())).unwrap();
    let pdfs: Vec<&String> =
        cli.keys().filter(|k| k.ends_with("-observatie.pdf")).collect();
    assert_eq!(zip.len(), pdfs.len());
    assert!(!pdfs.is_empty());
    for name in pdfs {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        assert_eq!(&bytes, &cli[name], "{name} differs");
    }
    // The downloads are made again the same: the zip too.
    assert_eq!(server.get("/download/forms").body, forms.body);
    // The course file opened again on the page gives the same course file.
    let again = Server::start(dir.path(), &["cursus.yaml"]);
    assert_eq!(again.get("/download/course").text(), yaml);
}

/// The one-minute load average (Linux), 0 where unknown.
fn machine_load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// Why the browser test cannot run here, if it cannot.
fn no_browser() -> Option<String> {
    let node =
        Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !node {
        return Some("node (Node.js) is not installed".into());
    }
    if !Path::new("/usr/bin/chromium").exists() && std::env::var_os("CHROMIUM").is_none()
    {
        return Some("Chromium (/usr/bin/chromium) is not installed".into());
    }
    for package in ["playwright-core", "@axe-core/playwright"] {
        if !root().join("tests/support/node_modules").join(package).exists() {
            return Some(format!(
                "the npm package {package} is not installed in tests/support"
            ));
        }
    }
    None
}

#[test]
fn web_browser_flow_keyboard_only_accessible_fast_and_downloads_equal_the_command_line() {
    let _one = one_at_a_time();
    if let Some(why) = no_browser() {
        eprintln!("SKIPPED web_browser_flow: {why}; `bash tests/run.sh` installs it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-flow");
    let _ = std::fs::remove_dir_all(&out);
    let server = Server::start(dir.path(), &[]);
    let url = format!("http://127.0.0.1:{}/?t={}", server.port, server.token);
    // The budget is 300 ms on this 2-core machine. When other processes keep more than
    // two cores' worth of work queued (a shared machine, parallel builds), the typesetting
    // gets only part of a core; the latency is then still measured and reported, and only
    // a gross regression (over 1 s) fails.
    let load = machine_load();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
    let busy = load > cores;
    let budget = if busy { 1000 } else { 300 };
    let run = Command::new("node")
        .arg(root().join("tests/support/web_flow.mjs"))
        .arg(&url)
        .arg(root())
        .arg(&out)
        .current_dir(root().join("tests/support"))
        .env("WEB_LATENCY_BUDGET", budget.to_string())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the browser flow failed:\n{stderr}\n{stdout}\nscreenshots: {}",
        out.display()
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap())
            .unwrap();
    if busy {
        eprintln!(
            "web flow: the machine was busy (load {load:.1} on {cores} cores): preview latency p95 {} ms checked against 1000 ms, not 300 ms",
            summary["p95"]
        );
    }
    eprintln!(
        "web flow: preview latency p95 {} ms; axe (moderate/minor): {}; screenshots in {}",
        summary["p95"],
        summary["axe"],
        out.display()
    );
    // The stop button ended the server.
    let (rest, status) = server.finish();
    assert!(rest.contains("meetlat is gestopt"), "{rest}");
    assert!(status.success());
    // What the browser downloaded is what the command line makes of the course file.
    std::fs::copy(out.join("course.yaml"), dir.path().join("course.yaml")).unwrap();
    let cli = cli_files(dir.path(), &["build", "course.yaml", "-o", "out"]);
    let read = |f: &str| std::fs::read(out.join(f)).unwrap();
    assert_eq!(
        Some(&read("rubric.pdf")),
        cli.get("SW3-STAGE-OW-rubric.pdf"),
        "the rubric differs"
    );
    assert_eq!(
        Some(&read("sheet.xlsx")),
        cli.get("SW3-STAGE-OW-scores.xlsx"),
        "the sheet differs"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(read("forms.zip"))).unwrap();
    let forms: Vec<&String> =
        cli.keys().filter(|k| k.ends_with("-observatie.pdf")).collect();
    assert!(!forms.is_empty());
    assert_eq!(zip.len(), forms.len());
    for name in forms {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        assert_eq!(&bytes, &cli[name], "{name} differs");
    }
}

#[test]
fn web_a_filled_sheet_gives_reports_and_an_archive_that_verify_accepts() {
    let _one = one_at_a_time();
    let server = example();
    assert_eq!(server.get("/download/reports").status, 409);
    // Not a workbook: a clear sentence, nothing made.
    let r = server.post("/api/scores", b"studentnummer;cijfer\n1;8\n", "");
    assert_eq!(r.json()["ok"], false);
    assert!(r.json()["message"].as_str().unwrap().contains(".xlsx"), "{}", r.text());
    // A zip that is no sheet: the command line's own message, and the server answers on.
    let mut fake = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    fake.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
    fake.write_all(b"hello").unwrap();
    let fake = fake.finish().unwrap().into_inner();
    let r = server.post("/api/scores", &fake, "");
    let answer = r.json();
    assert_eq!(answer["ok"], false, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("scoring sheet"), "{answer}");
    assert_eq!(server.get("/download/reports").status, 409);
    // The example's filled sheet.
    let sheet =
        std::fs::read(root().join("examples/stage-scores-ingevuld.xlsx")).unwrap();
    let r = server.post("/api/scores", &sheet, "X-File-Name: scores.xlsx\r\n");
    let answer = r.json();
    assert_eq!(answer["ok"], true, "{answer}");
    assert!(answer["message"].as_str().unwrap().starts_with("30 rapporten"), "{answer}");
    let zip = server.get("/download/reports");
    assert_eq!(zip.status, 200);
    assert!(
        zip.header("content-disposition")
            .unwrap()
            .contains("SW3-STAGE-OW-rapporten-en-archief.zip")
    );
    // Unzipped, the archive is what `meetlat verify` accepts.
    let dir = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    archive.extract(dir.path()).unwrap();
    let archives: Vec<_> = std::fs::read_dir(dir.path().join("archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archives.len(), 1, "{archives:?}");
    let run = crate::meetlat(dir.path(), &["verify", archives[0].to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // No folder of the run is left in the temporary folder.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("meetlat-serve-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // A change to the course takes the reports back, and says so; the same state sent
    // again (a page loaded again) does not.
    let same = server.post("/api/update", br#"{"seq":1000}"#, "").json();
    assert!(same.get("reports_outdated").is_none(), "{same}");
    assert_eq!(server.get("/download/reports").status, 200);
    let changed = server
        .post("/api/update", br#"{"seq":1001,"course":{"period":"blok 3"}}"#, "")
        .json();
    assert!(
        changed["reports_outdated"]
            .as_str()
            .unwrap()
            .starts_with("De cursus is veranderd"),
        "{changed}"
    );
    assert_eq!(server.get("/download/reports").status, 409);
}

#[test]
fn web_returned_forms_are_read_into_the_reports_and_the_archive() {
    let _one = one_at_a_time();
    let server = example();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Forms of the example course from the command line, three filled with pypdf.
    let blank = d.join("forms");
    crate::collect::make_forms("examples/stage.yaml", &blank, &[]);
    let filled = d.join("filled");
    std::fs::create_dir(&filled).unwrap();
    let numbers = ["5723007", "5864312", "5977011"];
    let jobs: Vec<serde_json::Value> = numbers
        .iter()
        .map(|n| {
            serde_json::json!({
                "src": crate::collect::form_of(&blank, n),
                "dst": filled.join(format!("{n}.pdf")),
                "values": {"LU1.G01": "goed", "LU1.G02": "NG", "advies": "voldoende",
                           "begeleider": "Mw. De Wit"},
                "way": "both",
            })
        })
        .collect();
    crate::collect::fill_many(&jobs, d);
    // A hostile upload: no PDF and no scan. A clear sentence with the teacher's name for
    // it, nothing kept, and the server answers on.
    let before = server.state();
    for body in [&b"<html><script>alert(1)</script>"[..], b"PK\x03\x04word", b""] {
        let r = server.post("/api/forms", body, "X-File-Name: ..%2F..%2Fbrief.docx\r\n");
        let answer = r.json();
        assert_eq!(answer["ok"], false, "{answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.starts_with("Niet ingelezen: "), "{message}");
        assert!(message.contains("geen PDF en geen scan"), "{message}");
        assert_eq!(server.state(), before);
    }
    // Too large for one form: refused before it is read.
    let r = server.raw(
        format!(
            "POST /api/forms HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             X-Meetlat: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n%PDF-",
            server.cookie,
            65 * 1024 * 1024,
            port = server.port
        )
        .as_bytes(),
    );
    assert!(r.text().contains("64 MB"), "{}", r.text());
    // Without the cookie (as from another site): refused, nothing kept.
    let r = server.raw(
        format!(
            "POST /api/forms HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Meetlat: 1\r\n\
             Content-Length: 5\r\nConnection: close\r\n\r\n%PDF-",
            server.port
        )
        .as_bytes(),
    );
    assert_ne!(r.status, 200);
    // The returned forms, and one PDF that is no form: taken, and said by collect.
    assert_eq!(server.post("/api/forms/clear", b"", "").json()["ok"], true);
    for (i, n) in numbers.iter().enumerate() {
        let bytes = std::fs::read(filled.join(format!("{n}.pdf"))).unwrap();
        let r = server.post(
            "/api/forms",
            &bytes,
            &format!("X-File-Name: terug%20{i}.pdf\r\n"),
        );
        assert_eq!(r.json()["ok"], true, "{}", r.text());
    }
    let r = server.post("/api/forms", b"%PDF-1.7\nkapot", "X-File-Name: kapot.pdf\r\n");
    let answer = r.json();
    assert_eq!(answer["ok"], true, "{answer}");
    assert!(answer["message"].as_str().unwrap().starts_with("4 formulier(en) gekozen"));
    let sheet =
        std::fs::read(root().join("examples/stage-scores-ingevuld.xlsx")).unwrap();
    let r = server.post("/api/scores", &sheet, "X-File-Name: scores.xlsx\r\n");
    let answer = r.json();
    assert_eq!(answer["ok"], true, "{answer}");
    assert_eq!(answer["controle"], false, "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(message.starts_with("30 rapporten"), "{message}");
    assert!(message.contains("gelezen: 3 formulier(en)"), "{message}");
    assert!(message.contains("«kapot.pdf»"), "{message}");
    // Our names on disk and the private folder are not shown.
    assert!(!message.contains("formulier-0"), "{message}");
    assert!(!message.contains("meetlat-serve-"), "{message}");
    assert_eq!(server.get("/download/controle").status, 409);
    // The zip: the archive keeps the observations and the forms, and verify accepts it.
    let zip = server.get("/download/reports");
    assert_eq!(zip.status, 200);
    let out = d.join("out");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    archive.extract(&out).unwrap();
    let archives: Vec<_> = std::fs::read_dir(out.join("archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archives.len(), 1, "{archives:?}");
    let observaties = archives[0].join("inputs/observaties");
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(observaties.join("observations.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["formulieren"].as_array().unwrap().len(), 3, "{json}");
    let pdfs = std::fs::read_dir(&observaties)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, 3);
    let run = crate::meetlat(d, &["verify", archives[0].to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // Choosing other forms (or none) withdraws the reports made with these.
    assert_eq!(server.post("/api/forms/clear", b"", "").json()["ok"], true);
    assert_eq!(server.get("/download/reports").status, 409);
    // Scans (PNG, one per page) of a form nobody ticked: read, every row to check, and
    // controle.pdf offered; the archive keeps the scans and verify accepts it.
    let scans = d.join("scans");
    std::fs::create_dir(&scans).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "150", "-png"])
        .arg(crate::collect::form_of(&blank, "5992070"))
        .arg(scans.join("p"))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let mut pages: Vec<_> =
        std::fs::read_dir(&scans).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    assert!(pages.len() > 1, "{pages:?}");
    for (i, page) in pages.iter().enumerate() {
        let r = server.post(
            "/api/forms",
            &std::fs::read(page).unwrap(),
            &format!("X-File-Name: scan{i}.png\r\n"),
        );
        assert_eq!(r.json()["ok"], true, "{}", r.text());
    }
    let answer = server.post("/api/scores", &sheet, "").json();
    assert_eq!(answer["ok"], true, "{answer}");
    assert_eq!(answer["controle"], true, "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(message.contains("te controleren: "), "{message}");
    assert!(message.contains("controle.pdf"), "{message}");
    let controle = server.get("/download/controle");
    assert_eq!(controle.status, 200);
    assert!(controle.body.starts_with(b"%PDF-"));
    let zip = server.get("/download/reports");
    assert_eq!(zip.status, 200);
    let out = d.join("out-scans");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    archive.extract(&out).unwrap();
    let archives: Vec<_> = std::fs::read_dir(out.join("archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let archived =
        std::fs::read_dir(archives[0].join("inputs/observaties/scans")).unwrap().count();
    assert_eq!(archived, pages.len());
    let run = crate::meetlat(d, &["verify", archives[0].to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(server.post("/api/forms/clear", b"", "").json()["ok"], true);
    assert_eq!(server.get("/download/controle").status, 409);
    // Only forms that cannot be used: no reports, and collect's reason in plain words.
    server.post("/api/forms", b"%PDF-1.7\nkapot", "X-File-Name: kapot.pdf\r\n");
    let answer = server.post("/api/scores", &sheet, "").json();
    assert_eq!(answer["ok"], false, "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(message.starts_with("Geen van de gekozen formulieren"), "{message}");
    assert!(message.contains("«kapot.pdf»"), "{message}");
    assert_eq!(server.get("/download/reports").status, 409);
    // No folder of the runs is left in the temporary folder.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("meetlat-serve-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn web_a_framework_workbook_is_imported_as_framework_import_does() {
    let _one = one_at_a_time();
    let server = example();
    let dir = tempfile::tempdir().unwrap();
    // The empty template: the import's own messages, and nothing changes.
    let run = crate::meetlat(dir.path(), &["framework", "template", "-o", "leeg.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let before = server.state();
    let empty = std::fs::read(dir.path().join("leeg.xlsx")).unwrap();
    let r = server.post("/api/framework", &empty, "X-File-Name: leeg.xlsx\r\n");
    assert_eq!(r.json()["ok"], false, "{}", r.text());
    assert_eq!(server.state(), before);
    // A filled workbook.
    let mut book = rust_xlsxwriter::Workbook::new();
    /// A sheet: its name, its headers and its rows.
    type Sheet<'a> = (&'a str, &'a [&'a str], &'a [&'a [&'a str]]);
    let sheets: &[Sheet<'_>] = &[
        ("Instructies", &[], &[]),
        (
            "Framework",
            &["veld", "waarde", "uitleg"],
            &[
                &["id", "leerlijn-web"],
                &["version", "2027-01"],
                &["title", "Leeruitkomsten webtest"],
                &["publisher", "Hogeschool Voorbeeld"],
            ],
        ),
        (
            "Leeruitkomsten",
            &["id", "titel", "beschrijving", "kerntaak"],
            &[
                &["LU1", "Analyseert de wijk", "De student analyseert.", ""],
                &["LU2", "Ontwerpt", "De student ontwerpt.", ""],
            ],
        ),
        (
            "Indicatoren",
            &["id", "tekst", "leeruitkomsten"],
            &[
                &["G01", "Verzamelt gegevens", "LU1"],
                &["G02", "Betrekt bewoners", "LU1, LU2"],
                &["G03", "Kiest een methode", "LU2"],
            ],
        ),
        ("Kerntaken", &["id", "titel", "beschrijving"], &[]),
        ("Schaal", &["id", "label", "punten", "omschrijving"], &[]),
        ("Beschrijvingen", &["indicator", "niveau", "omschrijving"], &[]),
    ];
    for (name, head, rows) in sheets {
        let sheet = book.add_worksheet().set_name(*name).unwrap();
        for (c, h) in head.iter().enumerate() {
            sheet.write(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write(r as u32 + 1, c as u16, *v).unwrap();
                }
            }
        }
    }
    let filled = book.save_to_buffer().unwrap();
    let r = server.post("/api/framework", &filled, "X-File-Name: webtest.xlsx\r\n");
    let answer = r.json();
    assert_eq!(answer["ok"], true, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("webtest.xlsx"), "{answer}");
    let state = server.state();
    assert_eq!(state["count"], "4 van 4 indicatoren", "{state}");
    assert!(server.get("/").text().contains("Leeruitkomsten webtest"));
    // The course file names the framework to give the command line.
    let yaml = server.get("/download/course").text();
    assert!(yaml.contains("--framework webtest.yaml"), "{yaml}");
    assert!(yaml.contains("id: leerlijn-web"), "{yaml}");
    // … and the framework file itself is offered, as `framework import` writes it.
    let framework = server.get("/download/framework");
    assert_eq!(framework.status, 200);
    assert!(framework.header("content-disposition").unwrap().contains("webtest.yaml"));
    std::fs::write(dir.path().join("webtest.xlsx"), &filled).unwrap();
    let run = crate::meetlat(
        dir.path(),
        &["framework", "import", "webtest.xlsx", "-o", "cli.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(framework.body, std::fs::read(dir.path().join("cli.yaml")).unwrap());
}

#[test]
fn web_a_page_loaded_again_counts_on_from_the_newest_change_and_loses_no_edit() {
    let _one = one_at_a_time();
    let server = example();
    let course = |server: &Server| server.get("/download/course").text();
    let edit = |seq: u64, name: &str| {
        let body = serde_json::json!({ "seq": seq, "course": { "name": name } });
        server.post("/api/update", body.to_string().as_bytes(), "")
    };
    assert_eq!(edit(5, "Stage A").status, 200);
    // The page is loaded again (F5, the language switch): it learns the newest number.
    assert_eq!(server.state()["seq"], 5);
    // A change numbered from 0 again is not applied, and says which number to follow.
    let r = edit(1, "Stage B");
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["resync"], 5);
    assert!(course(&server).contains("name: Stage A"), "{}", course(&server));
    // Sent again after it, it is.
    assert_eq!(edit(6, "Stage B").status, 200);
    assert!(course(&server).contains("name: Stage B"), "{}", course(&server));
}

#[test]
fn web_problems_in_the_pages_own_fields_are_said_in_the_pages_words() {
    let _one = one_at_a_time();
    let server = example();
    let edit = serde_json::json!({
        "seq": 1,
        "course": {"code": "SW3/STAGE"},
        "weights": {"LU2": "-1"},
        "grading": {"min_observed": "2", "grade_at_cesuur": "12"},
    });
    let answer = server.post("/api/update", edit.to_string().as_bytes(), "").json();
    let text_at = |field: &str| {
        answer["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["field"] == field)
            .unwrap_or_else(|| panic!("no problem at {field}: {answer}"))["text"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(text_at("weights.LU2").starts_with("Een weging is 0 of meer"));
    assert!(text_at("code").starts_with("De cursuscode komt in de bestandsnamen"));
    assert!(text_at("grading.min_observed").starts_with("Vul een deel van 0 tot 1 in"));
    assert!(
        text_at("grading.grade_at_cesuur").starts_with("Vul een cijfer van 1 tot 10 in")
    );
}

#[test]
fn web_downloads_that_cannot_be_made_yet_are_marked_with_why() {
    let _one = one_at_a_time();
    // The example with its students: forms and sheet can be made, reports not yet.
    let server = example();
    let blocked = server.state()["blocked"].clone();
    assert!(blocked["forms"].is_null() && blocked["sheet"].is_null(), "{blocked}");
    assert_eq!(blocked["reports"], "Kies eerst het ingevulde scoreblad.");
    drop(server);
    // A new course has no students: no forms and no sheet yet, and the page says why.
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let blocked = server.state()["blocked"].clone();
    assert!(blocked["forms"].is_string() && blocked["sheet"].is_string(), "{blocked}");
    assert_eq!(blocked["forms"], blocked["sheet"]);
    assert_eq!(server.get("/download/forms").status, 409);
}
