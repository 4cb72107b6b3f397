//! Issue 14, part 5, "Everything accounted for": what the Markdown front-end used to lose without a
//! word. Each test is one class of page (several instances each): either the rows reach the IR,
//! or a diagnostic names the file, the line and what to do about it.

use sdkgen::diag::{Diagnostic, Severity};
use sdkgen::ir::{Action, Document, Field, Type};
use sdkgen::markdown::{parse_page, PageOutcome, PageResult};
use std::path::{Path, PathBuf};

const PATH: &str = "page.md";

fn parse(text: &str) -> PageResult {
    let r = parse_page(PATH, text);
    assert_eq!(r.rows.seen, r.rows.fields + r.rows.diagnosed, "row parity\n{text}");
    r
}

fn doc(r: &PageResult) -> &Document {
    match &r.outcome {
        PageOutcome::Action(d) => d,
        PageOutcome::Skipped { reason } => panic!("skipped: {reason}; {:?}", r.diagnostics),
    }
}

fn action(r: &PageResult) -> &Action {
    &doc(r).actions[0]
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

fn with_code<'a>(r: &'a PageResult, code: &str) -> Vec<&'a Diagnostic> {
    r.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// The 1-based line of the first table line after the line `heading`.
fn table_after(text: &str, heading: &str) -> u32 {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == heading).unwrap_or_else(|| panic!("no {heading:?}"));
    (at + lines[at..].iter().position(|l| l.starts_with('|')).unwrap() + 1) as u32
}

fn line_of(d: &Diagnostic) -> u32 {
    d.loc.as_ref().map(|l| l.line).unwrap_or_else(|| panic!("no location: {d}"))
}

const PARAMS: &str = "| Name | Type | Description | Required |\n|---|---|---|---|\n| ThingId | string | The thing | Yes |\n| Limit | int | How many | No |\n";
const FIELDS: &str = "| Name | Type | Description | Required |\n|---|---|---|---|\n| RetCode | int | Return code | Yes |\n| Thing | string | The thing | No |\n";

/// A `#`-layout page with the two sections under the given headings.
fn page(request: &str, response: &str) -> String {
    format!(
        "# Get Thing - GetThing\n\nGets one thing.\n\n## {request}\n\n{PARAMS}\n## {response}\n\n{FIELDS}"
    )
}

// ---- 1. Section headings are read tolerantly --------------------------------------------------

#[test]
fn request_headings_in_other_words_are_read() {
    for h in [
        "Request Parameter",
        "Request Params",
        "Request Param",
        "Request parameters:",
        "Input Parameters",
        "Input Parameter",
        "Request Elements",
        "**Request Parameter**",
        "请求参数说明",
        "输入参数",
        "入参",
        "请求参数列表",
    ] {
        let r = parse(&page(h, "Response Fields"));
        assert_eq!(names(&action(&r).params), ["ThingId", "Limit"], "heading {h:?}");
        assert_eq!(names(&action(&r).response), ["RetCode", "Thing"], "heading {h:?}");
        assert!(r.diagnostics.is_empty(), "{h:?}: {:?}", r.diagnostics);
    }
}

#[test]
fn response_headings_in_other_words_are_read() {
    for h in [
        "Response Parameter",
        "Response Parameters",
        "Response Params",
        "Response Field",
        "Returned fields",
        "Return Values",
        "Return Value",
        "Output Parameters",
        "返回值",
        "输出参数",
        "响应参数说明",
        "返回结果",
        "出参",
    ] {
        let r = parse(&page("Request Parameters", h));
        assert_eq!(names(&action(&r).params), ["ThingId", "Limit"], "heading {h:?}");
        assert_eq!(names(&action(&r).response), ["RetCode", "Thing"], "heading {h:?}");
        assert!(r.diagnostics.is_empty(), "{h:?}: {:?}", r.diagnostics);
    }
}

#[test]
fn example_headings_stay_examples() {
    for (req, resp) in [
        ("Request Example", "Response Example"),
        ("Example Request", "Example Response"),
        ("Request Parameters Example", "Response Parameters Example"),
        ("Request Sample", "Sample Response"),
        ("请求参数示例", "返回参数示例"),
        ("请求示例", "返回示例"),
        ("Input Example", "Output Example"),
    ] {
        let text = format!(
            "{}\n## {req}\n\n```\nhttps://api.example.invalid/?Action=GetThing\n&ThingId=t-1\n```\n\n## {resp}\n\n```\n{{\"RetCode\": 0}}\n```\n",
            page("Request Parameters", "Response Fields")
        );
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["ThingId", "Limit"], "{req}");
        assert_eq!(names(&a.response), ["RetCode", "Thing"], "{resp}");
        let pairs: Vec<_> = a.examples.request.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(pairs, ["Action", "ThingId"], "{req} is an example");
        assert_eq!(a.examples.response.as_deref(), Some("{\"RetCode\": 0}"), "{resp} is an example");
    }
}

#[test]
fn scraped_pages_read_the_same_words_but_not_prose() {
    for (req, resp) in [("Request Parameter", "Returned Fields"), ("Input Parameters", "Output Parameters")] {
        let text = format!(
            "Get Thing - GetThing\nOverview\nReturns the fields of one thing.\nReturn values are described below.\n{req}\n{PARAMS}{resp}\n{FIELDS}"
        );
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["ThingId", "Limit"], "{req}");
        assert_eq!(names(&a.response), ["RetCode", "Thing"], "{resp}");
        // Sentences stay prose, even when they use the words of a section.
        assert_eq!(a.description, "Returns the fields of one thing.\nReturn values are described below.");
    }
}

#[test]
fn bold_lines_used_as_headings_open_their_section() {
    for (req, resp) in [("**Request Parameters**", "**Response Fields:**"), ("**请求参数**", "**返回值**")]
    {
        let text =
            format!("# Get Thing - GetThing\n\nGets one thing.\n\n{req}\n\n{PARAMS}\n{resp}\n\n{FIELDS}");
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["ThingId", "Limit"], "{req}");
        assert_eq!(names(&a.response), ["RetCode", "Thing"], "{resp}");
        assert_eq!(a.description, "Gets one thing.");
        assert!(r.diagnostics.is_empty(), "{req}: {:?}", r.diagnostics);
    }
}

/// The reproduction of the issue, through the loader as `sdkgen ir` / `sdkgen lint` run it.
#[test]
fn a_family_folder_keeps_the_params_of_a_singular_heading() {
    let dir = temp_dir("singular");
    std::fs::write(dir.join("family.yaml"), "name: fam\ncrate_name: fam-sdk\n").unwrap();
    std::fs::write(dir.join("get_thing.md"), page("Request Parameter", "Response Fields")).unwrap();
    let loaded = sdkgen::load::load_family(&dir);
    let family = loaded.family.expect("a family");
    let a = family.actions.iter().find(|a| a.name == "GetThing").unwrap();
    assert_eq!(names(&a.params), ["ThingId", "Limit"]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-front-end-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---- 2. Tables without outer pipes --------------------------------------------------------------

#[test]
fn tables_without_outer_pipes_are_read() {
    for table in [
        "Name | Type | Description | Required\n---|---|---|---\nThingId | string | The thing | Yes\nLimit | int | How many | No\n",
        "Name | Type | Description | Required |\n--- | --- | --- | --- |\nThingId | string | The thing | Yes |\nLimit | int | How many | No |\n",
        "参数名 | 类型 | 描述 | 必填\n:--- | :--- | :--- | :---\nThingId | string | The thing | Yes\nLimit | int | How many | No\n",
        "Name | Type | Required | Description\n-|-|-|-\nThingId | string | Yes | The thing\nLimit | int | No | How many\n",
    ] {
        let text = format!(
            "# Get Thing - GetThing\n\n## Request Parameters\n\n{table}\n## Response Fields\n\n{FIELDS}"
        );
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["ThingId", "Limit"], "{table}");
        assert_eq!(a.params.iter().map(|p| p.required).collect::<Vec<_>>(), [true, false], "{table}");
        assert_eq!(a.params[0].description, "The thing");
        assert_eq!(a.params[0].loc.as_ref().unwrap().line, 7, "{table}");
        assert_eq!(r.rows.seen, 4, "{table}");
        assert!(r.diagnostics.is_empty(), "{table}: {:?}", r.diagnostics);
    }
}

#[test]
fn models_and_scraped_pages_read_tables_without_outer_pipes() {
    let text = "Get Thing - GetThing\nRequest Parameters\nName | Type | Description | Required\n---|---|---|---\nThingId | string | The thing | Yes\nResponse Fields\nName | Type | Description | Required\n---|---|---|---\nInfo | ThingInfo | The thing | No\nData Model\nThingInfo\nName | Type | Description | Required\n---|---|---|---\nSize | int | Its size | No\nColour | string | Its colour | No\n";
    let r = parse(text);
    let a = action(&r);
    assert_eq!(names(&a.params), ["ThingId"]);
    assert_eq!(a.response[0].ty, Type::Model("ThingInfo".into()));
    let d = doc(&r);
    assert_eq!(d.models.len(), 1);
    assert_eq!(names(&d.models[0].fields), ["Size", "Colour"]);
    assert_eq!(r.rows.seen, 4);
}

#[test]
fn prose_with_a_pipe_is_not_a_table_and_scrapes_still_read() {
    // A `|` in a sentence, with no delimiter row under it, is prose.
    let text = format!(
        "# Get Thing - GetThing\n\nUse a | b to pick.\nSecond | line.\n\n## Request Parameters\n\n{PARAMS}\n## Response Fields\n\n{FIELDS}"
    );
    let r = parse(&text);
    assert_eq!(action(&r).description, "Use a | b to pick.\nSecond | line.");
    assert_eq!(r.rows.seen, 4);
    // A pipe-less scrape whose description holds a `|` stays on the scraped-row path.
    let scrape = "Get Thing - GetThing\n\nRequest Parameters\n\nParameter NameTypeDescription InformationRequired\nModestringOne of a|bYes\nLimitintHow manyNo\n\nResponse Field\n\nField NameTypeDescription InformationRequired\nRetCodeintReturn codeYes\n";
    let r = parse(scrape);
    let a = action(&r);
    assert_eq!(names(&a.params), ["Mode", "Limit"]);
    assert_eq!(a.params[0].description, "One of a|b");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

// ---- 3. Tables under headings the reader does not read -----------------------------------------

#[test]
fn a_typed_table_under_an_unknown_heading_is_a_warning_naming_it() {
    for heading in ["Extra Stuff", "More Filters", "其他说明", "Notes (internal)"] {
        let text = format!("{}\n## {heading}\n\n{PARAMS}", page("Request Parameters", "Response Fields"));
        let r = parse(&text);
        assert_eq!(names(&action(&r).params), ["ThingId", "Limit"]);
        let w = with_code(&r, "unread-table");
        assert_eq!(w.len(), 1, "{heading}: {:?}", r.diagnostics);
        assert_eq!(w[0].severity, Severity::Warning);
        assert!(w[0].message.contains(heading), "{}", w[0].message);
        assert_eq!(w[0].loc.as_ref().unwrap().file, PATH);
        assert_eq!(
            line_of(w[0]),
            table_after(&text, &format!("## {heading}")),
            "{heading}: points at the table"
        );
        assert!(w[0].hint.as_deref().unwrap_or("").contains("Request Parameters"), "{:?}", w[0].hint);
    }
}

/// A one-word heading such as `## Notes` reads as a model's name (models are named so): its rows
/// reach the IR as a model, and lint's `unused-model` names it when nothing holds it.
#[test]
fn a_typed_table_under_a_one_word_heading_is_a_model_that_lint_names() {
    for heading in ["Notes", "Filters"] {
        let text = format!("{}\n## {heading}\n\n{PARAMS}", page("Request Parameters", "Response Fields"));
        let r = parse(&text);
        let d = doc(&r);
        assert_eq!(d.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), [heading]);
        assert_eq!(names(&d.models[0].fields), ["ThingId", "Limit"]);
        let models = d.models.iter().map(|m| (m.name.clone(), m.clone())).collect();
        let lint = sdkgen::lint::lint(&d.actions, &models);
        assert!(
            lint.iter().any(|w| w.code == "unused-model" && w.message.contains(heading)),
            "{heading}: {lint:?}"
        );
    }
}

#[test]
fn a_typed_table_before_any_section_is_a_warning() {
    let text =
        format!("# Get Thing - GetThing\n\nGets one thing.\n\n{PARAMS}\n## Response Fields\n\n{FIELDS}");
    let r = parse(&text);
    let w = with_code(&r, "unread-table");
    assert_eq!(w.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(line_of(w[0]), 5);
}

#[test]
fn typed_tables_under_a_sub_heading_of_a_section_are_read() {
    let text = format!(
        "# Get Thing - GetThing\n\n## Request Parameters\n\n### Basic settings\n\n{}\n#### 高级选项\n\n{}\n## Response Fields\n\n### 返回信息\n\n{FIELDS}",
        "| Name | Type | Description | Required |\n|---|---|---|---|\n| ThingId | string | The thing | Yes |\n",
        "| Name | Type | Description | Required |\n|---|---|---|---|\n| Limit | int | How many | No |\n"
    );
    let r = parse(&text);
    let a = action(&r);
    assert_eq!(names(&a.params), ["ThingId", "Limit"]);
    assert_eq!(names(&a.response), ["RetCode", "Thing"]);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.rows.seen, 4);
}

#[test]
fn reference_tables_make_one_note_per_page() {
    let text = format!(
        "{}\n## Metrics\n\n| Metric | Description | Unit |\n|---|---|---|\n| CPU | CPU use | % |\n\n### Memory\n\n| Metric | Description | Unit |\n|---|---|---|\n| Mem | Memory use | MB |\n\n## Error Codes\n\n| Code | Meaning |\n|---|---|\n| 100 | Bad |\n",
        page("Request Parameters", "Response Fields")
    );
    let r = parse(&text);
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let n = &r.diagnostics[0];
    assert_eq!((n.code.as_str(), n.severity), ("reference-tables", Severity::Note));
    assert_eq!(line_of(n), table_after(&text, "## Metrics"), "points at the first");
    let all = n.notes.join("\n");
    for h in ["Metrics", "Memory", "Error Codes"] {
        assert!(all.contains(h), "{all}");
    }
}

#[test]
fn public_params_usage_and_error_pages_stay_quiet() {
    let text = format!(
        "# Get Thing - GetThing\n\n## 使用方法\n\n调用前请阅读。\n\n## 定义\n\n### 公共参数\n\n{PARAMS}\n### 请求参数\n\n{PARAMS}\n### 响应字段\n\n{FIELDS}"
    );
    let r = parse(&text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(names(&action(&r).params), ["ThingId", "Limit"]);
    // An error-code page is not an action page: one note for the page, none per table.
    let errors = "# 错误码\n\n| 错误码 | 描述 |\n|---|---|\n| 100 | 错误 |\n\n## 更多\n\n| 错误码 | 描述 |\n|---|---|\n| 200 | 错误 |\n";
    let r = parse(errors);
    assert!(matches!(r.outcome, PageOutcome::Skipped { .. }));
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].severity, Severity::Note);
}

#[test]
fn an_identifier_heading_over_a_reference_table_is_noted_not_lost() {
    let text = format!(
        "{}\n### ThingState\n\n| Value | Meaning |\n|---|---|\n| Running | up |\n| Stopped | down |\n",
        page("Request Parameters", "Response Fields")
    );
    let r = parse(&text);
    assert!(doc(&r).models.is_empty());
    let n = with_code(&r, "reference-tables");
    assert_eq!(n.len(), 1, "{:?}", r.diagnostics);
    assert!(n[0].notes.join(" ").contains("ThingState"));
}

// ---- 4. Scraped layout: a model name, prose, then its table -----------------------------------

#[test]
fn a_model_name_followed_by_prose_names_its_table() {
    let model = |name: &str, prose: &str, field: &str| {
        format!("{name}\n{prose}| Field Name | Type | Description | Required |\n|---|---|---|---|\n| {field} | string | x | No |\n")
    };
    for prose in [
        "Items not yet paid.\n",
        "Items not yet paid.\nSee the console for more.\n",
        "\nItems not yet paid.\n\n",
    ] {
        let text = format!(
            "Get Thing - GetThing\nRequest Parameters\n{PARAMS}Response Field\n{FIELDS}Data Model\n{}{}{}",
            model("PaidItem", "", "PaidId"),
            model("UnpaidItem", prose, "UnpaidId"),
            model("OtherItem", "Another kind.\n", "OtherId"),
        );
        let r = parse(&text);
        let d = doc(&r);
        let models: Vec<_> = d.models.iter().map(|m| (m.name.as_str(), names(&m.fields))).collect();
        assert_eq!(
            models,
            [("PaidItem", vec!["PaidId"]), ("UnpaidItem", vec!["UnpaidId"]), ("OtherItem", vec!["OtherId"])],
            "{prose:?}"
        );
        assert_eq!(d.models[1].description, prose.trim().replace("\n\n", "\n"), "{prose:?}");
        assert_eq!(d.models[2].description, "Another kind.");
    }
}

#[test]
fn a_scraped_model_name_followed_by_prose_names_its_pipeless_table() {
    let text = "Get Thing - GetThing\n\nRequest Parameters\n\nParameter NameTypeDescription InformationRequired\nThingIdstringThe thingYes\n\nResponse Field\n\nField NameTypeDescription InformationRequired\nRetCodeintReturn codeYes\n\nData Model\n\nShadeSpec\n\nField NameTypeDescription InformationRequired\nHuestringHue nameYes\n\nGlossSpec\n\nHow glossy a coat is.\n\nField NameTypeDescription InformationRequired\nGlossfloatGloss levelNo\n";
    let r = parse(text);
    let d = doc(&r);
    let models: Vec<_> = d.models.iter().map(|m| (m.name.as_str(), names(&m.fields))).collect();
    assert_eq!(models, [("ShadeSpec", vec!["Hue"]), ("GlossSpec", vec!["Gloss"])]);
    assert_eq!(d.models[1].description, "How glossy a coat is.");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

// ---- 5. Extra columns ---------------------------------------------------------------------------

fn request_table(header: &str, delim: &str, rows: &[&str]) -> String {
    format!(
        "# Get Thing - GetThing\n\n## Request Parameters\n\n{header}\n{delim}\n{}\n\n## Response Fields\n\n{FIELDS}",
        rows.join("\n")
    )
}

/// Through the loader's page reader, which adds the facts the prose states (defaults, bounds).
fn read(text: &str) -> Document {
    match sdkgen::load::read_file(PATH, text).outcome {
        sdkgen::load::FileOutcome::Document(d) => d,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_default_column_reaches_the_ir() {
    for (header, label) in [
        ("| Name | Type | Description | Required | Default |", "Default: 20"),
        ("| 参数名 | 类型 | 描述 | 必填 | 默认值 |", "默认值：20"),
        ("| Name | Type | Default Value | Description | Required |", "Default: 20"),
    ] {
        let default_first = header.contains("Default Value");
        let rows = if default_first {
            ["| Limit | int | 20 | How many | No |", "| Name | string | - | Its name | No |"]
        } else {
            ["| Limit | int | How many | No | 20 |", "| Name | string | Its name | No | - |"]
        };
        let text = request_table(header, "|---|---|---|---|---|", &rows);
        let r = parse(&text);
        let a = action(&r);
        assert!(a.params[0].description.contains(label), "{header}: {:?}", a.params[0].description);
        assert_eq!(a.params[1].description, "Its name", "an empty default adds nothing");
        assert!(r.diagnostics.is_empty(), "{header}: {:?}", r.diagnostics);
        let d = read(&text);
        assert_eq!(d.actions[0].params[0].constraints.default.as_deref(), Some("20"), "{header}");
    }
}

#[test]
fn example_and_constraint_columns_are_kept() {
    let text = request_table(
        "| Name | Type | Description | Required | Example | Constraints |",
        "|---|---|---|---|---|---|",
        &[
            "| Limit | int | How many | No | 50 | min 10, max 100 |",
            "| Zone | string | Where | No | cn-bj2-01 | |",
        ],
    );
    let r = parse(&text);
    let a = action(&r);
    assert!(a.params[0].description.contains("Example: 50"), "{:?}", a.params[0].description);
    assert!(a.params[0].description.contains("min 10, max 100"), "{:?}", a.params[0].description);
    assert!(a.params[1].description.contains("Example: cn-bj2-01"), "{:?}", a.params[1].description);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let d = read(&text);
    let c = &d.actions[0].params[0].constraints;
    assert_eq!((c.min, c.max), (Some(10), Some(100)));
    let zh = request_table(
        "| 参数名 | 类型 | 描述 | 必填 | 示例 |",
        "|---|---|---|---|---|",
        &["| Zone | string | 可用区 | No | cn-bj2-01 |"],
    );
    let r = parse(&zh);
    assert!(
        action(&r).params[0].description.contains("示例：cn-bj2-01"),
        "{:?}",
        action(&r).params[0].description
    );
}

#[test]
fn an_unknown_column_is_one_warning_per_table() {
    for extra in ["Since", "Location", "版本"] {
        let text = request_table(
            &format!("| Name | Type | Description | Required | {extra} |"),
            "|---|---|---|---|---|",
            &["| Limit | int | How many | No | v2 |", "| Zone | string | Where | No | v3 |"],
        );
        let r = parse(&text);
        assert_eq!(names(&action(&r).params), ["Limit", "Zone"]);
        let w = with_code(&r, "dropped-column");
        assert_eq!(w.len(), 1, "{extra}: {:?}", r.diagnostics);
        assert_eq!(w[0].severity, Severity::Warning);
        assert!(w[0].message.contains(extra), "{}", w[0].message);
        assert_eq!(line_of(w[0]), 5, "the header line");
    }
}

#[test]
fn cells_past_the_header_are_reported() {
    let text = request_table(
        "| Name | Type | Description | Required |",
        "|---|---|---|---|",
        &[
            "| Limit | int | How many | No | stray |",
            "| Zone | string | Where | No |",
            "| Mode | string | a | No | b | c |",
        ],
    );
    let r = parse(&text);
    assert_eq!(names(&action(&r).params), ["Limit", "Zone", "Mode"]);
    let w = with_code(&r, "extra-cells");
    assert_eq!(w.iter().map(|d| line_of(d)).collect::<Vec<_>>(), [7, 9], "{:?}", r.diagnostics);
    assert!(w[0].message.contains("stray"), "{}", w[0].message);
}

// ---- 6. Required cells --------------------------------------------------------------------------

fn required_of(cell: &str) -> (bool, String, Vec<(String, Severity, String)>) {
    let text = request_table(
        "| Name | Type | Description | Required |",
        "|---|---|---|---|",
        &[&format!("| Mode | string | The mode | {cell} |")],
    );
    let r = parse(&text);
    let p = &action(&r).params[0];
    let diags = r.diagnostics.iter().map(|d| (d.code.clone(), d.severity, d.message.clone())).collect();
    (p.required, p.description.clone(), diags)
}

#[test]
fn plain_required_cells_are_read_without_a_word() {
    for (cell, want) in [
        ("必须", true),
        ("必选", true),
        ("是", true),
        ("Y", true),
        ("true", true),
        ("**Yes**", true),
        ("否", false),
        ("N", false),
        ("false", false),
        ("非必须", false),
        ("可选", false),
        ("", false),
        ("√", true),
        ("×", false),
    ] {
        let (required, description, diags) = required_of(cell);
        assert_eq!(required, want, "{cell:?}");
        assert_eq!(description, "The mode", "{cell:?}");
        assert!(diags.is_empty(), "{cell:?}: {diags:?}");
    }
}

#[test]
fn conditional_required_cells_are_optional_and_keep_the_condition() {
    for cell in [
        "是（当Type为A时）",
        "Yes, when Type is A",
        "Required if Mode is B",
        "Conditional",
        "条件必填",
        "Yes (HTTPS only)",
    ] {
        let (required, description, diags) = required_of(cell);
        assert!(!required, "{cell:?}: a condition is not enforced");
        assert!(description.starts_with("The mode"), "{cell:?}: {description:?}");
        assert!(description.contains(cell), "{cell:?}: the condition stays in the docs: {description:?}");
        assert_eq!(diags.len(), 1, "{cell:?}: {diags:?}");
        assert_eq!(diags[0].0, "conditional-required", "{cell:?}");
        assert!(diags[0].2.contains("Mode"), "{:?}", diags[0]);
    }
}

#[test]
fn unknown_required_cells_are_warnings_naming_the_cell() {
    for cell in ["见说明", "maybe", "?", "待定"] {
        let (required, description, diags) = required_of(cell);
        assert!(!required, "{cell:?}");
        assert!(description.contains(cell), "{cell:?}: kept: {description:?}");
        assert_eq!(diags.len(), 1, "{cell:?}: {diags:?}");
        assert_eq!((diags[0].0.as_str(), diags[0].1), ("unknown-required", Severity::Warning), "{cell:?}");
        assert!(diags[0].2.contains(cell), "{:?}", diags[0]);
    }
}

// ---- 7. Raw HTTP requests and `Syntax` headings on Action-style pages --------------------------

#[test]
fn a_raw_http_request_example_does_not_skip_an_action_page() {
    for example in [
        "POST / HTTP/1.1\nHost: api.example.invalid\nContent-Type: application/x-www-form-urlencoded\n\nAction=GetThing&ThingId=t-1",
        "GET /?Action=GetThing&ThingId=t-1 HTTP/1.1\nHost: api.example.invalid",
        "POST /?Action=GetThing HTTP/1.1\nHost: api.example.invalid\n\nThingId=t-1",
    ] {
        let text = format!(
            "{}\n## Request Example\n\n```\n{example}\n```\n",
            page("Request Parameters", "Response Fields")
        );
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["ThingId", "Limit"], "{example}");
        let pairs: Vec<_> = a.examples.request.iter().map(|p| (p.name.as_str(), p.value.as_str())).collect();
        assert_eq!(pairs, [("Action", "GetThing"), ("ThingId", "t-1")], "{example}");
    }
}

#[test]
fn a_syntax_heading_does_not_skip_an_action_page() {
    for (heading, code) in [
        ("Syntax", "https://api.example.invalid/?Action=GetThing&ThingId=<ThingId>"),
        ("Request Syntax", "POST / HTTP/1.1\nHost: api.example.invalid\n\nAction=GetThing&ThingId=<ThingId>"),
        ("句法（Syntax）", "https://api.example.invalid/?Action=GetThing"),
    ] {
        let text = format!(
            "# Get Thing - GetThing\n\n## {heading}\n\n```\n{code}\n```\n\n## Request Parameters\n\n{PARAMS}\n## Response Fields\n\n{FIELDS}"
        );
        let r = parse(&text);
        assert_eq!(names(&action(&r).params), ["ThingId", "Limit"], "{heading}");
    }
}

#[test]
fn plain_http_pages_stay_skipped_and_the_warning_names_the_action_and_the_line() {
    for (text, line) in [
        (
            "# Put Object - PutObject\n\n## Syntax\n\n```\nPUT /<key> HTTP/1.1\nHost: b.example.invalid\n```\n\n## Request Parameters\n\n| Name | Type | Description | Required |\n|---|---|---|---|\n| Content-Length | int | 长度 | Yes |\n",
            6,
        ),
        (
            "# Post Object - PostObject\n\n## Request Parameters\n\n**请求头（Request Headers）**\n\n| Name | Type | Description | Required |\n|---|---|---|---|\n| Authorization | string | 签名 | Yes |\n\n## Request Example\n\n```\nPOST / HTTP/1.1\nHost: b.example.invalid\n```\n",
            5,
        ),
        (
            "# List Things - ListThings\n\n## Request Headers\n\n| Name | Type | Description | Required |\n|---|---|---|---|\n| Authorization | string | 签名 | Yes |\n\n## Response Fields\n\n| Name | Type | Description | Required |\n|---|---|---|---|\n| Things | array | 列表 | Yes |\n",
            3,
        ),
    ] {
        let r = parse(text);
        let PageOutcome::Skipped { reason } = &r.outcome else { panic!("{text}: must stay skipped") };
        assert!(reason.contains("HTTP"), "{reason}");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let w = &r.diagnostics[0];
        assert_eq!((w.code.as_str(), w.severity), ("skipped-action-page", Severity::Warning));
        let name = text.split(" - ").nth(1).unwrap().lines().next().unwrap();
        assert!(w.message.contains(&format!("`{name}`")), "{}", w.message);
        assert!(w.message.contains(&format!("line {line}")), "names the evidence: {}", w.message);
    }
}

#[test]
fn a_titled_page_without_known_sections_names_the_action_and_its_tables() {
    let text =
        format!("# Get Thing - GetThing\n\n## Inputs Go Here\n\n{PARAMS}\n## Outputs Come Back\n\n{FIELDS}");
    let r = parse(&text);
    assert!(matches!(r.outcome, PageOutcome::Skipped { .. }));
    let w = with_code(&r, "skipped-action-page");
    assert_eq!(w.len(), 1, "{:?}", r.diagnostics);
    assert!(w[0].message.contains("`GetThing`"), "{}", w[0].message);
    let notes = w[0].notes.join("\n");
    assert!(notes.contains("Inputs Go Here") && notes.contains("Outputs Come Back"), "{notes}");
}

// ---- 8. Pipe-less tables with more than four columns ------------------------------------------

/// A scraped page whose request table has the given pipe-less header and rows.
fn flat_page(header: &str, rows: &[&str]) -> String {
    format!(
        "Get Thing - GetThing\nOverview\nGets one thing.\nRequest Parameters\n{header}\n{}\nResponse Field\nField NameTypeDescription InformationRequired\nRetCodeintResult codeYes\n",
        rows.join("\n")
    )
}

#[test]
fn a_flat_default_column_reaches_the_ir() {
    for (header, rows, label, zone) in [
        (
            "Parameter NameTypeDescription InformationRequiredDefault Value",
            ["LimitintHow manyNo20", "ZonestringWhere toNo"],
            "Default: 20",
            "Where to",
        ),
        (
            "参数名类型描述信息是否必填默认值",
            ["Limitint数量否20", "Zonestring可用区否"],
            "默认值：20",
            "可用区",
        ),
    ] {
        let text = flat_page(header, &rows);
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["Limit", "Zone"], "{header}");
        assert!(a.params[0].description.contains(label), "{header}: {:?}", a.params[0].description);
        assert!(!a.params[0].required, "{header}");
        assert_eq!(a.params[1].description, zone, "{header}: an empty default adds nothing");
        assert!(r.diagnostics.is_empty(), "{header}: {:?}", r.diagnostics);
        let d = read(&text);
        assert_eq!(d.actions[0].params[0].constraints.default.as_deref(), Some("20"), "{header}");
    }
}

#[test]
fn flat_example_column_is_kept_and_shifou_stays_in_the_description() {
    let text = flat_page(
        "Parameter NameTypeDescriptionRequiredExample",
        &["ZonestringWhereYescn-bj2-01", "Fastbool是否开启加速否true"],
    );
    let r = parse(&text);
    let a = action(&r);
    assert_eq!(names(&a.params), ["Zone", "Fast"]);
    assert_eq!(a.params[0].description, "Where\nExample: cn-bj2-01");
    assert!(a.params[0].required);
    assert_eq!(a.params[1].description, "是否开启加速\nExample: true");
    assert!(!a.params[1].required);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn flat_required_cells_in_chinese_are_read() {
    let text = flat_page("参数名类型描述必填", &["Modestring是否开启加速是", "Fastbool加速否"]);
    let r = parse(&text);
    let a = action(&r);
    assert_eq!(names(&a.params), ["Mode", "Fast"]);
    assert_eq!((a.params[0].required, a.params[0].description.as_str()), (true, "是否开启加速"));
    assert_eq!((a.params[1].required, a.params[1].description.as_str()), (false, "加速"));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn flat_unknown_and_unsplittable_columns_are_warnings() {
    for (header, extras) in [
        ("Parameter NameTypeDescription InformationRequiredSince", &["Since"][..]),
        ("Parameter NameTypeDescription InformationRequiredDefaultExample", &["Default", "Example"][..]),
    ] {
        let text = flat_page(header, &["LimitintHow manyNo20", "ZonestringWhereNo"]);
        let r = parse(&text);
        let a = action(&r);
        assert_eq!(names(&a.params), ["Limit", "Zone"]);
        assert_eq!(
            a.params[0].description, "How many",
            "{header}: the text after the required cell is not glued on"
        );
        let w = with_code(&r, "dropped-column");
        assert_eq!(w.len(), 1, "{header}: {:?}", r.diagnostics);
        assert_eq!(line_of(w[0]), 5, "{header}: the header line");
        assert!(extras.iter().all(|e| w[0].message.contains(e)), "{}", w[0].message);
    }
    // A column before the required one has no border to part it from the description.
    let text = flat_page("Parameter NameTypeDescriptionSinceRequired", &["LimitintHow many2019No"]);
    let r = parse(&text);
    assert_eq!(action(&r).params[0].description, "How many2019");
    let w = with_code(&r, "dropped-column");
    assert!(w.len() == 1 && w[0].message.contains("Since"), "{:?}", r.diagnostics);
}

#[test]
fn a_flat_row_with_two_places_for_its_required_cell_is_an_error() {
    let text = flat_page(
        "Parameter NameTypeDescription InformationRequiredDefault",
        &["LimitintNo more than 5No20"],
    );
    let r = parse(&text);
    assert!(action(&r).params.is_empty());
    let e = with_code(&r, "ambiguous-row");
    assert!(e.len() == 1 && e[0].is_error() && line_of(e[0]) == 6, "{:?}", r.diagnostics);
    assert_eq!((r.rows.fields, r.rows.diagnosed), (1, 1));
}

// ---- 9. One-word sub-headings in the request ----------------------------------------------------

const ZONE_TABLE: &str =
    "| Name | Type | Description | Required |\n|---|---|---|---|\n| Zone | string | Zone | No |\n";

#[test]
fn a_one_word_sub_heading_in_the_request_is_a_model_with_a_warning() {
    let text = format!(
        "# Get Thing - GetThing\n\n## Request Parameters\n\n{PARAMS}\n### Filter\n\n{ZONE_TABLE}\n### Paging options\n\n| Name | Type | Description | Required |\n|---|---|---|---|\n| Offset | int | From | No |\n\n## Response Fields\n\n{FIELDS}"
    );
    let r = parse(&text);
    let d = doc(&r);
    assert_eq!(
        names(&action(&r).params),
        ["ThingId", "Limit", "Offset"],
        "the later sub-heading is still the request's"
    );
    assert_eq!(d.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Filter"]);
    assert!(with_code(&r, "unread-table").is_empty(), "{:?}", r.diagnostics);
    let w = with_code(&r, "request-sub-model");
    assert_eq!(w.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(line_of(w[0]), 10);
    assert!(w[0].message.contains("`Filter`"), "{}", w[0].message);
    // A param that holds it makes it a plain model.
    let held = text.replace(
        "| Limit | int | How many | No |",
        "| Limit | int | How many | No |\n| Filter | Filter | The filter | No |",
    );
    let r = parse(&held);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // Under the response, a model is the usual layout: no word from the front-end.
    let text = format!("{}\n### Filter\n\n{ZONE_TABLE}", page("Request Parameters", "Response Fields"));
    assert!(parse(&text).diagnostics.is_empty());
}

// ---- 10. Rows of unread tables are counted ------------------------------------------------------

#[test]
fn rows_of_unread_tables_are_seen_and_diagnosed() {
    let text = format!(
        "{}\n## Extra Stuff\n\n{PARAMS}\n## Metrics\n\n| Metric | Description |\n|---|---|\n| CPU | use |\n| Mem | use |\n| Disk | use |\n",
        page("Request Parameters", "Response Fields")
    );
    let r = parse(&text);
    assert_eq!(with_code(&r, "unread-table").len(), 1);
    assert_eq!(with_code(&r, "reference-tables").len(), 1);
    assert_eq!((r.rows.seen, r.rows.fields, r.rows.diagnosed), (4 + 2 + 3, 4, 2 + 3));
}

// ---- The corpus: nothing it gave before is lost ------------------------------------------------

fn corpus_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest.ancestors().map(|a| a.join("shared/corpus/ucloud-docs")).find(|p| p.is_dir());
    if found.is_none() {
        println!("note: ../shared/corpus/ucloud-docs is absent; the corpus check is skipped");
    }
    found
}

/// Every corpus page: no typed table goes unread without a warning, and the only reference-table
/// note is on the metric list page.
#[test]
fn the_corpus_reads_without_new_losses() {
    let Some(dir) = corpus_dir() else { return };
    let mut notes = Vec::new();
    for family in std::fs::read_dir(&dir).unwrap().flatten() {
        let Ok(pages) = std::fs::read_dir(family.path()) else { continue };
        for page in pages.flatten() {
            let path = page.path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let r = parse_page(&path.display().to_string(), &text);
            assert_eq!(r.rows.seen, r.rows.fields + r.rows.diagnosed);
            for d in &r.diagnostics {
                if d.code == "reference-tables" {
                    notes.push(path.display().to_string());
                }
                assert!(
                    !["dropped-column", "extra-cells", "conditional-required", "unknown-required"]
                        .contains(&d.code.as_str()),
                    "{d}"
                );
            }
        }
    }
    assert!(notes.iter().all(|p| p.ends_with("get_metric.md")), "{notes:?}");
}
