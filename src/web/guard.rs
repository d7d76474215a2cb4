//! The page's safety rules, checked before any route: the Host allowlist (DNS
//! rebinding), the launch token and session cookie, the cross-origin checks of
//! state-changing requests, and the headers every response carries.

use super::http::{Method, Request, Response};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "meetlat_s";

/// Headers on every response.
pub(crate) const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
         base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
];

/// 128 random bits as 32 hex digits.
pub(crate) fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Equal strings, compared in time independent of where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `host` (the Host header) names this server: 127.0.0.1, localhost or [::1]
/// with its port.
pub(crate) fn host_allowed(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let Some((name, p)) = host.rsplit_once(':') else { return false };
    if p != port.to_string() {
        return false;
    }
    matches!(name, "127.0.0.1" | "localhost" | "localhost." | "[::1]")
}

/// The value of cookie `name` in a Cookie header.
pub(crate) fn cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?.split(';').find_map(|part| {
        let (n, v) = part.trim().split_once('=')?;
        (n == name).then_some(v)
    })
}

/// What the guard decided.
pub(crate) enum Verdict {
    /// Go on to the routes.
    Pass,
    /// Answer with this response (a refusal or the token's redirect).
    Answer(Response),
}

/// The checks before routing, in order: method, Host, launch token, cookie, and for POST
/// the cross-origin rules.
pub(crate) fn check(req: &Request, port: u16, token: &str, refused: &str) -> Verdict {
    let refuse = |status: u16, why: &str| {
        Verdict::Answer(Response::text(status, format!("{refused}\n\n({why})")))
    };
    if req.method == Method::Other {
        return refuse(405, "method not allowed");
    }
    // DNS rebinding: the name in the address bar must be this server's own.
    let host = req.header("host").unwrap_or_default();
    if req.header_count("host") != 1 || !host_allowed(host, port) {
        return refuse(421, "unknown host");
    }
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    if req.method == Method::Get
        && path == "/"
        && let Some(given) = query.split('&').find_map(|p| p.strip_prefix("t="))
    {
        if same_secret(given, token) {
            return Verdict::Answer(Response::text(303, "").with("Location", "/").with(
                "Set-Cookie",
                format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"),
            ));
        }
        return refuse(403, "wrong token");
    }
    let session = cookie(req.header("cookie"), COOKIE);
    if !session.is_some_and(|s| same_secret(s, token)) {
        return refuse(403, "no session");
    }
    if req.method == Method::Post {
        let own = format!("http://{host}");
        if req.header("origin").is_some_and(|o| o != own) {
            return refuse(403, "another origin");
        }
        if req.header("sec-fetch-site").is_some_and(|s| s != "same-origin" && s != "none")
        {
            return refuse(403, "another site");
        }
        if req.header("x-meetlat") != Some("1") {
            return refuse(403, "not sent by the page");
        }
    }
    Verdict::Pass
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert!(host_allowed("127.0.0.1:8080", 8080));
        assert!(host_allowed("LOCALHOST:8080", 8080));
        assert!(host_allowed("localhost.:8080", 8080));
        assert!(host_allowed("[::1]:8080", 8080));
        assert!(!host_allowed("127.0.0.1:8081", 8080));
        assert!(!host_allowed("evil.example:8080", 8080));
        assert!(!host_allowed("127.0.0.1", 8080));
        assert!(!host_allowed("127.0.0.1.evil.example:8080", 8080));
    }

    #[test]
    fn cookies() {
        assert_eq!(cookie(Some("a=1; meetlat_s=xyz"), COOKIE), Some("xyz"));
        assert_eq!(cookie(Some("meetlat_sx=1"), COOKIE), None);
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        let t = random_token().unwrap();
        assert_eq!(t.len(), 32);
        assert!(t.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
