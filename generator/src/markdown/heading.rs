//! Section headings: which part of a page a heading (or a scraped page's bare line) opens.
//!
//! Docs name one section many ways (`Request Parameter`, `Request Params`, `Input Parameters`,
//! `请求参数说明`, `返回值`, `输出参数`…), and an exact list drops the table under every wording it
//! misses, silently. So a heading is read as words: a subject (request, response, public, example)
//! and an object (parameters, fields, values). Only short, heading-like text is read this way, so
//! a sentence on a scraped page ("Returned fields are listed below.") stays prose.

use super::inline::has_cjk;
use super::skip::is_http_heading;

/// What a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    /// `简介`, `Overview`: prose that becomes the action's description.
    Overview,
    /// Container or usage headings whose own content is not read (`定义`, `使用方法`, `示例`).
    Ignored,
    /// The public params (`公共参数`): the same on every page, the family's business.
    Public,
    /// Request params.
    Request,
    /// Response fields.
    Response,
    /// `数据模型` / `Data Model`: model names follow.
    DataModel,
    /// The request example.
    RequestExample,
    /// The response example.
    ResponseExample,
    /// A plain-HTTP heading (`句法（Syntax）`, `Request Headers`): its content is not read.
    Http,
}

/// Headings read as they are, before any word rule.
const EXACT: &[(&str, Heading)] = &[
    ("简介", Heading::Overview),
    ("概述", Heading::Overview),
    ("接口描述", Heading::Overview),
    ("功能描述", Heading::Overview),
    ("接口说明", Heading::Overview),
    ("功能说明", Heading::Overview),
    ("overview", Heading::Overview),
    ("description", Heading::Overview),
    ("summary", Heading::Overview),
    ("使用方法", Heading::Ignored),
    ("使用说明", Heading::Ignored),
    ("用法", Heading::Ignored),
    ("定义", Heading::Ignored),
    ("definition", Heading::Ignored),
    ("usage", Heading::Ignored),
    ("示例", Heading::Ignored),
    ("example", Heading::Ignored),
    ("examples", Heading::Ignored),
    ("response elements", Heading::Response),
];

/// Classifies a heading's text (`#`, emphasis and a trailing colon already removed). The
/// Chinese headings sometimes add the English in brackets (`请求参数（Request Parameters）`): the
/// part before the bracket decides.
pub fn classify(text: &str) -> Option<Heading> {
    let lower = text.to_lowercase();
    if is_http_heading(&lower) {
        return Some(Heading::Http);
    }
    let base = lower.split(['（', '(']).next().unwrap_or("").trim();
    let base = base.trim_end_matches([':', '：']).trim();
    if let Some((_, h)) = EXACT.iter().find(|(w, _)| *w == base) {
        return Some(*h);
    }
    // Sentences and long lines are prose, whatever words they use.
    if base.is_empty()
        || base.chars().count() > 40
        || base.contains(['.', ',', ';', '。', '，', '；', '!', '?', '！', '？', '|'])
    {
        return None;
    }
    let cjk = has_cjk(base);
    let latin = base.chars().any(|c| c.is_ascii_alphanumeric());
    let words = match (cjk, latin) {
        // Mixed text (`UHost 错误码`, a scraped row such as `Idstring编号`) is not a section name.
        (true, true) => return None,
        (true, false) => cjk_words(base),
        _ => en_words(base)?,
    };
    words.heading()
}

/// What the words of a heading say.
#[derive(Debug, Default)]
struct Words {
    example: bool,
    request: bool,
    response: bool,
    public: bool,
    /// Names what a table lists: parameters, fields, values, elements.
    object: bool,
    /// Names parameters, which alone (`Parameters`, `参数说明`) are the request's.
    params: bool,
    model: bool,
}

impl Words {
    fn heading(&self) -> Option<Heading> {
        let one_side = self.request != self.response;
        Some(match self {
            w if w.example && one_side && w.request => Heading::RequestExample,
            w if w.example && one_side => Heading::ResponseExample,
            w if w.example && !w.request && !w.response => Heading::Ignored,
            w if w.public && w.object => Heading::Public,
            w if w.model && !w.request && !w.response => Heading::DataModel,
            w if w.object && one_side && w.request => Heading::Request,
            w if w.object && one_side => Heading::Response,
            w if w.params && !w.request && !w.response => Heading::Request,
            _ => return None,
        })
    }
}

fn en_words(base: &str) -> Option<Words> {
    let words: Vec<&str> =
        base.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.len() > 5 {
        return None;
    }
    let has = |set: &[&str]| words.iter().any(|w| set.contains(w));
    let params = has(&["parameter", "parameters", "param", "params", "argument", "arguments", "args"]);
    Some(Words {
        example: has(&["example", "examples", "sample", "samples"]),
        request: has(&["request", "requests", "input", "inputs"]),
        response: has(&[
            "response",
            "responses",
            "output",
            "outputs",
            "return",
            "returns",
            "returned",
            "result",
            "results",
        ]),
        public: has(&["public", "common", "global"]),
        object: params || has(&["field", "fields", "element", "elements", "value", "values", "body"]),
        params,
        model: has(&["data"]) && has(&["model", "models", "structure", "structures", "type", "types"])
            || words == ["models"],
    })
}

fn cjk_words(base: &str) -> Words {
    let has = |set: &[&str]| set.iter().any(|w| base.contains(w));
    let params = has(&["参数"]);
    Words {
        example: has(&["示例", "样例", "范例", "例子"]),
        request: has(&["请求", "输入", "入参"]),
        response: has(&["响应", "返回", "输出", "出参", "应答"]),
        public: has(&["公共", "通用", "公用"]),
        object: params || has(&["字段", "元素", "值", "结果", "入参", "出参", "数据"]),
        params,
        model: has(&["数据模型", "数据结构", "数据类型"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_of_each_section() {
        let cases: &[(&str, Option<Heading>)] = &[
            ("请求参数（Request Parameters）", Some(Heading::Request)),
            ("Request Parameter", Some(Heading::Request)),
            ("Input Params", Some(Heading::Request)),
            ("Parameters", Some(Heading::Request)),
            ("请求参数说明", Some(Heading::Request)),
            ("Response Elements", Some(Heading::Response)),
            ("Returned fields", Some(Heading::Response)),
            ("返回值", Some(Heading::Response)),
            ("输出参数", Some(Heading::Response)),
            ("公共参数", Some(Heading::Public)),
            ("Common Params", Some(Heading::Public)),
            ("数据模型", Some(Heading::DataModel)),
            ("Data Structures", Some(Heading::DataModel)),
            ("请求示例（Example Request）", Some(Heading::RequestExample)),
            ("Request Parameters Example", Some(Heading::RequestExample)),
            ("返回参数示例", Some(Heading::ResponseExample)),
            ("Examples", Some(Heading::Ignored)),
            ("句法（Syntax）", Some(Heading::Http)),
            ("Request Headers", Some(Heading::Http)),
            ("Header Parameters", Some(Heading::Http)),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text), *want, "{text}");
        }
    }

    #[test]
    fn what_is_not_a_section() {
        for text in [
            "响应（Responses）",
            "Response",
            "Request and Response Parameters",
            "Returned fields are listed below.",
            "Error Codes",
            "返回码",
            "UHost 错误码列表",
            "Idstring编号",
            "FirewallInfo",
            "Response Item",
            "Notes (see Request Parameters)",
        ] {
            assert_eq!(classify(text), None, "{text}");
        }
    }
}
