//! The preview of `koers watch --serve`: the last good build's web edition, PDF and data served
//! from memory on 127.0.0.1 (tiny_http, the server typst-kit uses), every open page reloading
//! after each rebuild (server-sent events) and showing a failed rebuild's problems.
//!
//! It serves a report being written, possibly from a pull request, to its author's browser, so:
//! only loopback, only requests that name this host (a page elsewhere cannot read the preview
//! by DNS rebinding), each file with the type of its own name and `nosniff` (never HTML for a
//! CSV, whatever the URL's query says), and a bounded number of waiting reload connections.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use crate::diag::{Diagnostic, Warned};
use crate::pipeline::Built;
use crate::settings::Settings;

/// Browsers' reload connections (one per open page) that may wait at once.
const MAX_LISTENERS: usize = 64;
/// How often a waiting reload connection is written to, so a closed page frees its thread.
const KEEPALIVE: Duration = Duration::from_secs(15);
const RELOAD_SCRIPT: &str =
    "<script>new EventSource(\"/__events\").addEventListener(\"reload\", () => location.reload())</script>";

/// What is served now: the files of the last good build by route, and the problems page while
/// the last rebuild failed; `generation` counts rebuilds, for the reload connections.
#[derive(Default)]
struct Served {
    files: Arc<BTreeMap<String, Arc<[u8]>>>,
    problems: Option<String>,
    generation: u64,
}

struct Shared {
    served: Mutex<Served>,
    changed: Condvar,
    listeners: AtomicUsize,
}

pub struct Preview {
    address: SocketAddr,
    shared: Arc<Shared>,
}

impl Preview {
    /// Starts serving on `port`, or on the first free one of 3000-3005.
    pub fn start(port: Option<u16>) -> Result<Self, Diagnostic> {
        let ports: Vec<u16> = port.map_or_else(|| (3000..=3005).collect(), |port| vec![port]);
        let listener = ports
            .iter()
            .find_map(|port| TcpListener::bind((Ipv4Addr::LOCALHOST, *port)).ok())
            .ok_or_else(|| Diagnostic::error(None, format!("cannot serve the preview: port {ports:?} is in use")))?;
        let address = listener.local_addr().map_err(|e| Diagnostic::error(None, format!("cannot serve: {e}")))?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| Diagnostic::error(None, format!("cannot serve the preview: {e}")))?;
        let shared =
            Arc::new(Shared { served: Mutex::default(), changed: Condvar::new(), listeners: AtomicUsize::new(0) });
        let serving = shared.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                answer(request, address, &serving);
            }
        });
        Ok(Self { address, shared })
    }

    pub fn address(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Shows a round: a good build's files, or on every page the problems of a failed one (the
    /// style sheet, fonts and photos of the last good build still served).
    pub fn show(&self, settings: &Settings, result: &Warned<Built>, report: &str) {
        let mut served = self.shared.served.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &result.output {
            Ok(built) => {
                served.files = Arc::new(routes(settings, built));
                served.problems = None;
            }
            Err(_) => served.problems = Some(crate::render::web::problems_page("koers", report)),
        }
        served.generation += 1;
        self.shared.changed.notify_all();
    }
}

/// Every file a build wrote, by the route it is served at: the site at `/`, the PDF and the data
/// folder beside it, where the site's links expect them.
fn routes(settings: &Settings, built: &Built) -> BTreeMap<String, Arc<[u8]>> {
    let name = |path: &std::path::Path| path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut routes = BTreeMap::new();
    let folders = [(String::new(), &built.site), (format!("{}/", name(&settings.data_dir)), &built.data)];
    for (prefix, files) in folders {
        for (file, bytes) in files.iter().flat_map(|files| &files.0) {
            routes.insert(format!("/{prefix}{file}"), Arc::from(bytes.as_slice()));
        }
    }
    if let Some(pdf) = &built.pdf {
        routes.insert(format!("/{}", name(&settings.output)), Arc::from(pdf.pdf.as_slice()));
    }
    routes
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("ASCII header")
}

/// The type of a file by its name's extension, never by its bytes.
fn content_type(route: &str) -> &'static str {
    match route.rsplit_once('.').map(|(_, extension)| extension) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        Some("ttf") => "font/ttf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn answer(request: Request, address: SocketAddr, shared: &Arc<Shared>) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_owned());
    let ours = [address.to_string(), format!("localhost:{}", address.port())];
    if !host.is_some_and(|host| ours.contains(&host)) {
        let _ = request.respond(Response::from_string("unknown host").with_status_code(StatusCode(421)));
        return;
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("/");
    let Ok(path) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        let _ = request.respond(Response::empty(StatusCode(400)));
        return;
    };
    let route = if path.ends_with('/') { format!("{path}index.html") } else { path.into_owned() };
    if route == "/__events" {
        return listen(request, shared.clone());
    }
    let (files, problems) = {
        let served = shared.served.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (served.files.clone(), served.problems.clone())
    };
    let html = route.ends_with(".html");
    let body = match (problems, html) {
        (Some(page), true) => Some(page.into_bytes()),
        _ => files.get(&route).map(|bytes| bytes.to_vec()),
    };
    let Some(mut body) = body else {
        let _ = request.respond(Response::from_string("not found").with_status_code(StatusCode(404)));
        return;
    };
    if html {
        let html = String::from_utf8_lossy(&body);
        let at = html.rfind("</body>").unwrap_or(html.len());
        body = format!("{}{RELOAD_SCRIPT}{}", &html[..at], &html[at..]).into_bytes();
    }
    let response = Response::from_data(body)
        .with_header(header("Content-Type", content_type(&route)))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// A page's reload connection: an event each time a rebuild is shown, on a thread of its own,
/// at most [`MAX_LISTENERS`] at once.
fn listen(request: Request, shared: Arc<Shared>) {
    if shared.listeners.fetch_add(1, Ordering::SeqCst) >= MAX_LISTENERS {
        shared.listeners.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(Response::empty(StatusCode(503)));
        return;
    }
    std::thread::spawn(move || {
        let _ = stream_reloads(request, &shared);
        shared.listeners.fetch_sub(1, Ordering::SeqCst);
    });
}

fn stream_reloads(request: Request, shared: &Shared) -> std::io::Result<()> {
    let mut writer = request.into_writer();
    // Written by hand: tiny_http would send an event stream chunked, which browsers dislike.
    write!(writer, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")?;
    writer.flush()?;
    let mut seen = shared.served.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).generation;
    loop {
        let served = shared.served.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (served, _) = shared
            .changed
            .wait_timeout_while(served, KEEPALIVE, |served| served.generation == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let changed = served.generation != seen;
        seen = served.generation;
        drop(served);
        // A comment line when nothing changed: a closed page shows as a failed write.
        writer.write_all(if changed { b"event: reload\ndata:\n\n" } else { b":\n\n" })?;
        writer.flush()?;
    }
}
