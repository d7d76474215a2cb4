//! The one place that knows the HTTP server crate (`tiny_http`): a listener on
//! 127.0.0.1, requests as plain values, responses built by the handlers. Swapping the
//! server crate means changing this file only.

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::sync::Arc;
use std::time::Duration;

/// A listener on 127.0.0.1 (never another address).
pub(crate) struct Listener {
    server: Arc<tiny_http::Server>,
    port: u16,
}

/// Stops a [`Listener`] from another thread.
#[derive(Clone)]
pub(crate) struct Stopper(Arc<tiny_http::Server>);

impl Stopper {
    /// Make the listener's [`Listener::next`] return `None`.
    pub(crate) fn stop(&self) {
        self.0.unblock();
    }
}

impl Listener {
    /// Listen on 127.0.0.1:`port` (0: a free port chosen by the system).
    pub(crate) fn bind(port: u16) -> Result<Self, String> {
        let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, port);
        let server = tiny_http::Server::http(addr).map_err(|e| e.to_string())?;
        let port = server.server_addr().to_ip().map_or(port, |a| a.port());
        Ok(Listener { server: Arc::new(server), port })
    }

    /// The port listened on.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// A handle that stops this listener.
    pub(crate) fn stopper(&self) -> Stopper {
        Stopper(Arc::clone(&self.server))
    }

    /// The next request; `Ok(None)` after `wait` without one; `Err` when stopped.
    pub(crate) fn next(&self, wait: Duration) -> Result<Option<Request>, ()> {
        match self.server.recv_timeout(wait) {
            Ok(Some(inner)) => Ok(Some(Request::new(inner))),
            Ok(None) => Ok(None),
            Err(_) => Err(()),
        }
    }
}

/// The request method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// GET (and HEAD, answered like GET).
    Get,
    /// POST.
    Post,
    /// Anything else: refused.
    Other,
}

/// A request: method, target, headers; the body is read on demand, with a limit.
pub(crate) struct Request {
    /// The method.
    pub(crate) method: Method,
    /// The raw request target, e.g. `/?t=…`.
    pub(crate) target: String,
    /// The headers, names in lower case.
    headers: Vec<(String, String)>,
    inner: tiny_http::Request,
}

/// Why a body was not read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// The connection failed.
    Broken,
}

impl Request {
    fn new(inner: tiny_http::Request) -> Self {
        let method = match inner.method() {
            tiny_http::Method::Get | tiny_http::Method::Head => Method::Get,
            tiny_http::Method::Post => Method::Post,
            _ => Method::Other,
        };
        let headers = inner
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_ascii_lowercase(),
                    h.value.as_str().to_owned(),
                )
            })
            .collect();
        Request { method, target: inner.url().to_owned(), headers, inner }
    }

    /// The value of header `name` (lower case); the first when repeated.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// How often header `name` occurs.
    pub(crate) fn header_count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n == name).count()
    }

    /// The body, at most `limit` bytes: the declared length is checked first, then at
    /// most `limit + 1` bytes are read.
    pub(crate) fn body(&mut self, limit: usize) -> Result<Vec<u8>, BodyError> {
        if self.inner.body_length().is_some_and(|n| n > limit) {
            return Err(BodyError::TooLarge);
        }
        let mut body = Vec::new();
        let reader = self.inner.as_reader();
        reader
            .take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|_| BodyError::Broken)?;
        if body.len() > limit {
            return Err(BodyError::TooLarge);
        }
        Ok(body)
    }

    /// Send `response`; a client that went away is not an error of ours.
    pub(crate) fn respond(self, response: Response) {
        let mut out = tiny_http::Response::from_data(response.body)
            .with_status_code(response.status);
        for (name, value) in response.headers {
            // Header values are ASCII by construction; one that is not is left out.
            if let Ok(h) =
                tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
            {
                out.add_header(h);
            }
        }
        let _ = self.inner.respond(out);
    }
}

/// A response: status, headers, body.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    /// The status code.
    pub(crate) status: u16,
    /// The headers.
    pub(crate) headers: Vec<(String, String)>,
    /// The body.
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A response with `status`, a content type and a body.
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// Plain text.
    pub(crate) fn text(status: u16, body: impl Into<String>) -> Self {
        Self::new(status, "text/plain; charset=utf-8", body.into())
    }

    /// JSON.
    pub(crate) fn json(value: &serde_json::Value) -> Self {
        Self::new(200, "application/json", value.to_string())
    }

    /// Add a header.
    pub(crate) fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// How long the accept loop waits before it looks whether it should stop.
pub(crate) const POLL: Duration = Duration::from_millis(200);
