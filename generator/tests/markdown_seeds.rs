//! The Markdown front-end on the billing seeds and on small fixture pages we wrote ourselves,
//! checked field by field against hand-made expectations. The seeds are read from
//! `../shared/seeds` (the pages as first published), not from `specs/billing`, so a docs change
//! in `specs/` never breaks these counts; without `../shared` the seed tests print a note and pass.

use sdkgen::diag::Severity;
use sdkgen::ir::{Action, Document, Field, Loc, Type};
use sdkgen::markdown::{parse_page, PageOutcome, PageResult, RowCount};
use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `n`th seed page (by file name), parsed; `None`, with a note, without `../shared/seeds`.
fn seed(n: usize) -> Option<(String, PageResult)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    if !dir.is_dir() {
        println!("note: {} is absent; the seed tests are skipped", dir.display());
        return None;
    }
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
    names.sort();
    let name = names[n].to_string_lossy().into_owned();
    let rel = format!("seeds/{name}");
    let text = std::fs::read_to_string(dir.join(&name)).unwrap();
    let result = parse_page(&rel, &text);
    Some((rel, result))
}

fn doc(r: &PageResult) -> &Document {
    match &r.outcome {
        PageOutcome::Action(d) => d,
        PageOutcome::Skipped { reason } => panic!("skipped: {reason}"),
    }
}

fn action(r: &PageResult) -> &Action {
    &doc(r).actions[0]
}

fn fixture(name: &str) -> PageResult {
    let rel = format!("tests/fixtures/markdown/{name}");
    parse_page(&rel, &read(&rel))
}

/// Hand-counted expectations for one seed:
/// (name, params, response, models, model fields, example pairs, last example pair).
type SeedShape = (&'static str, usize, usize, usize, usize, usize, (&'static str, &'static str));

const SEEDS: [SeedShape; 5] = [
    ("ListPaidOrders", 12, 7, 1, 38, 16, ("OrganizationIds.N", "8")),
    ("ListUnpaidOrders", 11, 4, 1, 38, 15, ("ProductCodes.N", "zZgIeVcp")),
    ("DownloadListPaidOrders", 10, 4, 1, 3, 20, ("ProductCodes.N", "wHjCoFlq")),
    ("GetOrderAmount", 10, 13, 0, 0, 16, ("OrganizationIds.N", "BZLMCvrq")),
    ("DownloadListPaidOrders", 10, 4, 1, 3, 20, ("ProductCodes.N", "wHjCoFlq")),
];

#[test]
fn seeds_have_the_hand_counted_shape() {
    for (i, (name, params, response, models, model_fields, pairs, last)) in SEEDS.iter().enumerate() {
        let Some((rel, r)) = seed(i) else { return };
        let a = action(&r);
        assert_eq!(a.name, *name, "{rel}");
        assert_eq!(a.params.len(), *params, "{rel} params");
        assert_eq!(a.response.len(), *response, "{rel} response");
        let d = doc(&r);
        assert_eq!(d.models.len(), *models, "{rel} models");
        assert_eq!(
            d.models.iter().map(|m| m.fields.len()).sum::<usize>(),
            *model_fields,
            "{rel} model fields"
        );
        assert_eq!(a.examples.request.len(), *pairs, "{rel} example pairs");
        let l = a.examples.request.last().unwrap();
        assert_eq!(
            (l.name.as_str(), l.value.as_str()),
            *last,
            "{rel}: the glued `Response Example` is cut off"
        );
        assert_eq!(a.examples.request[0].name, "Action");
        assert!(a.examples.response.as_deref().unwrap().starts_with('{'), "{rel}");
        assert!(a.examples.response.as_deref().unwrap().ends_with('}'), "{rel}");
        let total = params + response + model_fields;
        assert_eq!(r.rows, RowCount { seen: total, fields: total, diagnosed: 0 }, "{rel}");
        assert!(r.diagnostics.is_empty(), "{rel}: {:?}", r.diagnostics);
        assert!(a.idempotent, "{rel}: read verbs");
        // Public params are not request params.
        assert!(!a.params.iter().any(|p| ["Action", "PublicKey", "Signature"].contains(&p.name.as_str())));
        assert!(a.response.iter().any(|p| p.name == "RetCode"));
    }
}

#[test]
fn seed_titles_and_locs() {
    let Some((rel, r)) = seed(0) else { return };
    let a = action(&r);
    assert_eq!(a.title, "List Paid Orders");
    assert!(a.description.starts_with("Query detailed list of completed (paid) orders"));
    assert_eq!(a.loc, Some(Loc { file: rel.clone(), line: 1, col: 1 }));
    assert_eq!(a.params[0].loc, Some(Loc { file: rel.clone(), line: 14, col: 3 }));
    let orders = a.response.iter().find(|f| f.name == "Orders").unwrap();
    assert_eq!(orders.ty, Type::List(Box::new(Type::Model("OrderItemDetail".into()))));
    assert_eq!(doc(&r).models[0].loc, Some(Loc { file: rel.clone(), line: 37, col: 1 }));
    let last = a.examples.request.last().unwrap();
    assert_eq!(last.loc, Some(Loc { file: rel.clone(), line: 95, col: 2 }));
    assert_eq!(a.examples.response_loc, Some(Loc { file: rel, line: 96, col: 1 }));
}

/// What must agree between the pipe table page (002) and its pipe-less scrape (004).
fn comparable(f: &Field) -> (String, Type, bool, String) {
    (f.name.clone(), f.ty.clone(), f.required, f.description.clone())
}

#[test]
fn the_scrape_reads_like_the_table_page() {
    let Some((_, piped)) = seed(2) else { return };
    let Some((_, flat)) = seed(4) else { return };
    let (a, b) = (action(&piped), action(&flat));
    let cmp = |x: &[Field]| x.iter().map(comparable).collect::<Vec<_>>();
    assert_eq!(cmp(&a.params), cmp(&b.params));
    assert_eq!(cmp(&a.response), cmp(&b.response));
    let (ma, mb) = (&doc(&piped).models, &doc(&flat).models);
    assert_eq!(ma.len(), mb.len());
    for (x, y) in ma.iter().zip(mb) {
        assert_eq!(x.name, y.name);
        assert_eq!(cmp(&x.fields), cmp(&y.fields));
    }
    assert_eq!(a.title, b.title);
    assert_eq!(a.description, b.description);
    // Every pipe-less row was recovered.
    assert_eq!(flat.rows, RowCount { seen: 17, fields: 17, diagnosed: 0 });
    let data = b.response.iter().find(|f| f.name == "Data").unwrap();
    assert_eq!(data.ty, Type::Model("DownloadFileData".into()));
    assert_eq!(
        b.examples.response.as_deref(),
        Some(r#"{ "Action": "DownloadListPaidOrdersResponse", "Data": {}, "RetCode": 0 }"#)
    );
}

#[test]
fn seed_snapshots() {
    for i in 0..5 {
        let Some((rel, r)) = seed(i) else { return };
        let name = Path::new(&rel).file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_yaml_snapshot!(format!("seed_{name}"), doc(&r));
    }
}

fn f(
    name: &str,
    ty: Type,
    required: bool,
    description: &str,
    line: u32,
    col: u32,
) -> (String, Type, bool, String, u32, u32) {
    (name.into(), ty, required, description.into(), line, col)
}

fn fields(x: &[Field]) -> Vec<(String, Type, bool, String, u32, u32)> {
    x.iter()
        .map(|f| {
            let l = f.loc.as_ref().unwrap();
            (f.name.clone(), f.ty.clone(), f.required, f.description.clone(), l.line, l.col)
        })
        .collect()
}

#[test]
fn chinese_layout_fixture() {
    let r = fixture("zh_layout.md");
    let a = action(&r);
    assert_eq!(a.name, "CreateDemoBox");
    assert_eq!(a.title, "创建演示盒子");
    assert_eq!(a.description, "创建一个演示盒子，详见 说明。");
    assert!(!a.idempotent);
    let model = |n: &str| Type::Model(n.into());
    assert_eq!(
        fields(&a.params),
        [
            f("Region", Type::String, true, "地域", 21, 5),
            f("BoxName", Type::String, false, "盒子名称，可选 a | b\n第二行", 22, 5),
            f("Slots.N", Type::Int, false, "槽位列表", 23, 5),
            f("Lids", Type::List(Box::new(model("LidSpec"))), false, "盖子配置", 24, 5),
        ]
    );
    assert_eq!(
        fields(&a.response),
        [
            f("RetCode", Type::Int, true, "返回状态码", 40, 5),
            f("Action", Type::String, true, "操作指令名称", 41, 5),
            f("Message", Type::String, false, "错误消息", 42, 5),
            f("Box", model("BoxInfo"), false, "盒子信息", 43, 5),
            f("Ready", Type::Bool, false, "是否就绪", 44, 5),
        ]
    );
    let d = doc(&r);
    assert_eq!(d.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["LidSpec", "BoxInfo"]);
    assert_eq!(d.models[0].loc.as_ref().unwrap().line, 29);
    assert_eq!(
        fields(&d.models[0].fields),
        [f("Color", Type::String, true, "颜色", 33, 5), f("Weight", Type::Float, false, "重量", 34, 5)]
    );
    assert_eq!(
        fields(&d.models[1].fields),
        [
            f("BoxId", Type::String, false, "盒子ID", 53, 5),
            f("Tags", Type::List(Box::new(Type::String)), false, "标签", 54, 5)
        ]
    );
    let ex: Vec<_> = a
        .examples
        .request
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str(), p.loc.as_ref().unwrap().line))
        .collect();
    assert_eq!(
        ex,
        [
            ("Action", "CreateDemoBox", 61),
            ("Region", "cn-demo", 62),
            ("BoxName", "盒", 63),
            ("Slots.0", "3", 64)
        ]
    );
    assert_eq!(
        a.examples.response.as_deref(),
        Some("{\n  \"Action\": \"CreateDemoBoxResponse\",\n  \"RetCode\": 0\n}")
    );
    assert_eq!(a.examples.response_loc.as_ref().unwrap().line, 70);
    assert_eq!(r.rows, RowCount { seen: 13, fields: 13, diagnosed: 0 });
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn english_layout_fixture() {
    let r = fixture("en_layout.md");
    let a = action(&r);
    assert_eq!((a.name.as_str(), a.title.as_str()), ("ListDemoBoxes", "列出演示盒子"));
    assert_eq!(a.description, "列出所有演示盒子");
    assert_eq!(
        fields(&a.params),
        [
            f("Limit", Type::Int, false, "返回数量，默认为20", 8, 2),
            f("Owner Name", Type::String, true, "拥有者", 9, 2),
        ]
    );
    assert_eq!(
        fields(&a.response),
        [
            f("RetCode", Type::Int, true, "返回码", 14, 2),
            f("Action", Type::String, true, "操作名称", 15, 2),
            f("BoxSet", Type::Array, false, "盒子列表，参见 BoxEntry", 16, 2),
        ]
    );
    let d = doc(&r);
    assert_eq!(d.models.len(), 1);
    assert_eq!(d.models[0].name, "BoxEntry");
    assert_eq!(
        fields(&d.models[0].fields),
        [f("BoxId", Type::String, true, "盒子ID", 21, 2), f("Size", Type::Int, false, "大小", 22, 2)]
    );
    // `varchar` is unknown (kept as string); `Owner Name` has a space: kept as written, and validation reports it.
    let codes: Vec<_> =
        r.diagnostics.iter().map(|d| (d.code.as_str(), d.severity, d.loc.as_ref().unwrap().line)).collect();
    assert_eq!(codes, [("unknown-type", Severity::Warning, 9)]);
    assert_eq!(a.examples.request.len(), 2);
    assert_eq!(a.examples.response.as_deref(), Some(r#"{"Action": "ListDemoBoxesResponse", "RetCode": 0}"#));
    assert_eq!(r.rows, RowCount { seen: 7, fields: 7, diagnosed: 0 });
}

#[test]
fn pipeless_fixture_with_one_ambiguous_row() {
    let r = fixture("flat_scrape.txt");
    let a = action(&r);
    assert_eq!((a.name.as_str(), a.title.as_str()), ("PaintFence", "Paint A Fence"));
    assert_eq!(a.description, "Paints one fence in the colour asked for.");
    assert_eq!(
        fields(&a.params),
        [
            f("FenceId", Type::String, true, "Which fence to paint", 14, 1),
            f("Coats", Type::Int, false, "How many coats, at least 1", 15, 1),
            f("Finish", Type::Model("Spec".into()), false, "Gloss finish", 16, 1),
        ]
    );
    assert_eq!(
        fields(&a.response),
        [
            f("RetCode", Type::Int, true, "Result code, 0 on success", 22, 1),
            f("Painted", Type::Bool, false, "Whether the fence got painted", 23, 1),
        ]
    );
    let d = doc(&r);
    assert_eq!(d.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["ShadeSpec", "Spec"]);
    assert_eq!(fields(&d.models[0].fields), [f("Hue", Type::String, true, "Hue name", 30, 1)]);
    assert_eq!(fields(&d.models[1].fields), [f("Gloss", Type::Float, false, "Gloss level", 35, 1)]);
    // `Trim|ShadeSpec|…` and `TrimShade|Spec|…` both read well: an error, not a guess.
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let e = &r.diagnostics[0];
    assert_eq!((e.code.as_str(), e.severity), ("ambiguous-row", Severity::Error));
    assert_eq!(e.loc.as_ref().unwrap().line, 17);
    assert!(e.hint.is_some());
    assert!(
        e.notes[0].contains("`Trim` | `ShadeSpec`") && e.notes[0].contains("`TrimShade` | `Spec`"),
        "{:?}",
        e.notes
    );
    assert_eq!(r.rows, RowCount { seen: 8, fields: 7, diagnosed: 1 });
    let ex: Vec<_> = a.examples.request.iter().map(|p| (p.name.as_str(), p.value.as_str())).collect();
    assert_eq!(ex, [("Action", "PaintFence"), ("FenceId", "f-1"), ("Coats", "2")]);
}

#[test]
fn non_action_pages_are_skipped_with_a_reason() {
    for (name, word) in [("http_object.md", "HTTP"), ("overview.md", "title")] {
        let r = fixture(name);
        match &r.outcome {
            PageOutcome::Skipped { reason } => assert!(reason.contains(word), "{name}: {reason}"),
            PageOutcome::Action(_) => panic!("{name} is not an action page"),
        }
        assert_eq!(r.rows, RowCount::default());
        assert_eq!(r.diagnostics.len(), 1, "{name}: one word about it");
    }
    // An overview is a note; a page titled like an action is a warning that names the action.
    assert_eq!(fixture("overview.md").diagnostics[0].severity, Severity::Note);
    let http = &fixture("http_object.md").diagnostics[0];
    assert_eq!((http.code.as_str(), http.severity), ("skipped-action-page", Severity::Warning));
    assert!(http.message.starts_with('`') && http.message.contains("is not in the SDK"), "{}", http.message);
}

#[test]
fn junk_never_panics() {
    for text in [
        "",
        "\n\n",
        "# - X",
        "```",
        "| a |\n|---|\n| |",
        "Foo - Bar\nRequest Parameters\nParameter NameType\n\u{0}x",
        "# T - A\n## 请求参数\n|x",
    ] {
        let _ = parse_page("junk.md", text);
    }
}
