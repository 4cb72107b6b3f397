//! Recognising pages that document no action: overviews, indexes, sidebars, glossaries,
//! error-code lists, change logs, and the object-storage pages that describe plain HTTP
//! requests (`PUT /<object_name> HTTP/1.1`). Decided from content, never from the file name.

/// HTTP methods that start a request line.
const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"];

/// True for an HTTP request line such as `PUT /<object_name> HTTP/1.1`: such a page documents a
/// plain HTTP API, whose params are headers and paths, not Action-style form params.
pub fn is_http_request_line(line: &str) -> bool {
    let t = line.trim();
    let mut words = t.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    words.next().is_none()
        && METHODS.contains(&method)
        && target.starts_with('/')
        && version.starts_with("HTTP/")
}

/// True for a heading that belongs to the plain-HTTP layout (`句法（Syntax）`, `Request Headers`).
pub fn is_http_heading(clean_lower: &str) -> bool {
    ["syntax", "句法", "request headers", "请求头", "response headers", "响应头"]
        .iter()
        .any(|w| clean_lower.contains(w))
}

/// What the scan found that decides whether a page is an action page.
#[derive(Debug, Default, Clone, Copy)]
pub struct PageSignals {
    /// A `Title - ActionName` line was found.
    pub has_title: bool,
    /// An HTTP request line or an HTTP-layout heading was seen.
    pub has_http_syntax: bool,
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
    if s.has_http_syntax {
        return Some(
            "documents a plain HTTP request (`METHOD /path HTTP/1.1` syntax, header tables), not an \
             Action-style call"
                .to_string(),
        );
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
    fn reasons() {
        let mut s = PageSignals::default();
        assert!(skip_reason(&s).unwrap().contains("title"));
        s.has_title = true;
        assert!(skip_reason(&s).unwrap().contains("neither"));
        s.has_request_section = true;
        assert_eq!(skip_reason(&s), None);
        s.has_http_syntax = true;
        assert!(skip_reason(&s).unwrap().contains("HTTP"));
    }
}
