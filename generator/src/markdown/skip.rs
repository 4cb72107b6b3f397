//! Recognising pages that document no action: overviews, indexes, sidebars, glossaries,
//! error-code lists, change logs, and the object-storage pages that describe plain HTTP
//! requests (`PUT /<object_name> HTTP/1.1`). Decided from content, never from the file name.
//!
//! A raw request alone does not make a page plain HTTP: an Action-style call on the wire is
//! `POST / HTTP/1.1` with `Action=…` in its body (or `GET /?Action=…`), and some pages show it so,
//! under a `Syntax` heading. What marks a plain-HTTP API is a request to a path or sub-resource
//! (`PUT /<key>`, `GET /?list`) or headers documented as params (`Request Headers`, `**请求头**`).

/// HTTP methods that start a request line.
const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"];

/// The target of an HTTP request line such as `PUT /<object_name> HTTP/1.1`.
pub fn request_target(line: &str) -> Option<&str> {
    let t = line.trim();
    let mut words = t.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (words.next(), words.next(), words.next()) else {
        return None;
    };
    (words.next().is_none()
        && METHODS.contains(&method)
        && target.starts_with('/')
        && version.starts_with("HTTP/"))
    .then_some(target)
}

/// True for an HTTP request line (`PUT /<object_name> HTTP/1.1`), Action-style or not.
pub fn is_http_request_line(line: &str) -> bool {
    request_target(line).is_some()
}

/// True for a request line to a path or sub-resource (`PUT /<key> HTTP/1.1`, `GET /?list HTTP/1.1`):
/// a plain HTTP API, whose params are headers and paths. A request to `/` or `/?Action=…` is an
/// Action-style call shown raw, and says nothing against the page.
pub fn is_plain_http_request(line: &str) -> bool {
    let Some(target) = request_target(line) else { return false };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let names_action =
        query.split('&').any(|pair| pair.split('=').next().is_some_and(|k| k.eq_ignore_ascii_case("action")));
    !(path == "/" && (query.is_empty() || names_action))
}

/// True for a heading of the plain-HTTP layout (`句法（Syntax）`, `Request Headers`): its content
/// is not params. Only the header headings ([`is_header_heading`]) make a page plain HTTP.
pub fn is_http_heading(clean_lower: &str) -> bool {
    clean_lower.contains("syntax") || clean_lower.contains("句法") || is_header_heading(clean_lower)
}

/// True for a heading or bold label over HTTP headers (`Request Headers`, `**请求头（Request
/// Headers）**`): an Action-style API takes no params in headers, so these mark a plain-HTTP page.
pub fn is_header_heading(clean_lower: &str) -> bool {
    ["request headers", "请求头", "response headers", "响应头", "header param"]
        .iter()
        .any(|w| clean_lower.contains(w))
}

/// What the scan found that decides whether a page is an action page.
#[derive(Debug, Default, Clone)]
pub struct PageSignals {
    /// A `Title - ActionName` line was found.
    pub has_title: bool,
    /// The first sign of a plain-HTTP API (a request line to a path, a header section): its line
    /// and text.
    pub http: Option<(usize, String)>,
    /// A request-parameter section exists.
    pub has_request_section: bool,
    /// A response section exists.
    pub has_response_section: bool,
}

/// Why the page is not an action page, or `None` when it is one.
pub fn skip_reason(s: &PageSignals) -> Option<String> {
    if !s.has_title {
        return Some(
            "no `Title - ActionName` title line: not an action page (overview, index, sidebar, glossary, \
             error codes or reference)"
                .to_string(),
        );
    }
    if let Some((line, text)) = &s.http {
        return Some(format!(
            "documents a plain HTTP request (`{text}` at line {line}: a path or header params), not an \
             Action-style call"
        ));
    }
    if !s.has_request_section && !s.has_response_section {
        return Some("has a title but neither a request-parameter nor a response section".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        assert!(is_http_request_line("PUT /<object_name> HTTP/1.1"));
        assert!(is_http_request_line("  GET /?muploadid&prefix=a HTTP/1.1 "));
        assert!(!is_http_request_line("HTTP/1.1 200 OK"));
        assert!(!is_http_request_line("GET the list of hosts"));
        assert!(!is_http_request_line(""));
    }

    #[test]
    fn only_requests_to_a_path_are_plain_http() {
        for plain in [
            "PUT /<object_name> HTTP/1.1",
            "GET /?listobjects&prefix=a HTTP/1.1",
            "POST /demo?opmeta HTTP/1.1",
        ] {
            assert!(is_plain_http_request(plain), "{plain}");
        }
        for action in ["POST / HTTP/1.1", "GET /?Action=GetThing&Id=1 HTTP/1.1", "POST /?action=X HTTP/1.1"] {
            assert!(!is_plain_http_request(action), "{action}");
        }
        assert!(is_http_heading("句法（syntax）") && !is_header_heading("句法（syntax）"));
        assert!(is_header_heading("请求头（request headers）") && is_header_heading("header parameters"));
    }

    #[test]
    fn reasons() {
        let mut s = PageSignals::default();
        assert!(skip_reason(&s).unwrap().contains("title"));
        s.has_title = true;
        assert!(skip_reason(&s).unwrap().contains("neither"));
        s.has_request_section = true;
        assert_eq!(skip_reason(&s), None);
        s.http = Some((8, "PUT /<key> HTTP/1.1".into()));
        let reason = skip_reason(&s).unwrap();
        assert!(reason.contains("HTTP") && reason.contains("line 8"), "{reason}");
    }
}
