//! Collections inferred from the docs, with no `fake:` section: a page walk sees one
//! consistent collection, an id filter keeps that item, and create → read → change → stop →
//! delete behaves like a resource with a lifecycle. Over real HTTP on loopback.
#![cfg(feature = "fake")]

mod fake_support;

use std::collections::BTreeSet;

use fake_support::{ret_code, Client, NOW};
use sdkgen_runtime::fake::{codes, FakeServer, FakeServerBuilder, RunningServer};
use serde_json::{json, Value};

/// A small family written like the docs' pages: a paged `Describe`, a `Create` answering the
/// new id, an update, a stop and a delete, and a state field with documented values.
fn api() -> String {
    let field = |name: &str, ty: Value| json!({ "name": name, "type": ty });
    json!({
        "config": { "name": "widgets", "crate_name": "widgets-sdk", "env_prefix": "WIDGETS" },
        "models": {
            "WidgetSet": { "name": "WidgetSet", "fields": [
                field("WidgetId", json!("string")),
                field("Name", json!("string")),
                field("Size", json!("int")),
                field("Zone", json!("string")),
                { "name": "State", "type": "string",
                  "constraints": { "enum": ["Initializing", "Running", "Stopping", "Stopped"] } },
            ] }
        },
        "actions": [
            { "name": "DescribeWidget", "idempotent": true,
              "params": [
                  field("Zone", json!("string")),
                  field("WidgetIds.N", json!({ "list": "string" })),
                  field("Name", json!("string")),
                  { "name": "Offset", "type": "int", "constraints": { "default": "0" } },
                  { "name": "Limit", "type": "int", "constraints": { "default": "20", "max": 100 } },
              ],
              "response": [
                  field("TotalCount", json!("int")),
                  field("WidgetSet", json!({ "list": { "model": "WidgetSet" } })),
              ] },
            { "name": "CreateWidget", "idempotent": false,
              "params": [
                  { "name": "Zone", "type": "string", "required": true },
                  { "name": "Name", "type": "string", "required": true },
                  field("Size", json!("int")),
              ],
              "response": [field("WidgetId", json!("string"))] },
            { "name": "UpdateWidgetName", "idempotent": false,
              "params": [
                  { "name": "WidgetId", "type": "string", "required": true },
                  { "name": "Name", "type": "string", "required": true },
              ],
              "response": [field("WidgetId", json!("string"))] },
            { "name": "StopWidget", "idempotent": false,
              "params": [{ "name": "WidgetId", "type": "string", "required": true }],
              "response": [field("WidgetId", json!("string"))] },
            { "name": "DeleteWidget", "idempotent": false,
              "params": [{ "name": "WidgetId", "type": "string", "required": true }],
              "response": [] },
        ]
    })
    .to_string()
}

fn builder(api: &str) -> FakeServerBuilder {
    FakeServer::builder(api).public_key("pk").private_key("sk").seed(3).now(NOW)
}

async fn start(builder: FakeServerBuilder) -> (RunningServer, Client) {
    let server = builder.start().await.expect("server starts");
    let client = Client::new(&server);
    (server, client)
}

fn ids(answer: &Value) -> Vec<String> {
    answer["WidgetSet"]
        .as_array()
        .expect("a page of widgets")
        .iter()
        .map(|w| w["WidgetId"].as_str().expect("an id").to_owned())
        .collect()
}

async fn describe(client: &Client, extra: &[(&str, String)]) -> Value {
    let answer = client.call("DescribeWidget", extra).await;
    assert_eq!(ret_code(&answer), 0, "{answer}");
    answer
}

async fn state_of(client: &Client, id: &str) -> String {
    let answer = describe(client, &[("WidgetIds.0", id.to_owned())]).await;
    answer["WidgetSet"][0]["State"].as_str().expect("a state").to_owned()
}

#[tokio::test]
async fn a_walk_in_pages_of_two_collects_exactly_the_total_once_each() {
    let api = api();
    let (_server, client) = start(builder(&api)).await;
    let total = describe(&client, &[]).await["TotalCount"].as_u64().expect("TotalCount") as usize;
    assert!(total >= 5, "a collection worth paging: {total}");
    let mut seen = Vec::new();
    for offset in (0..).step_by(2) {
        let page = describe(&client, &[("Offset", offset.to_string()), ("Limit", "2".into())]).await;
        assert_eq!(page["TotalCount"].as_u64(), Some(total as u64), "the total does not move between pages");
        let got = ids(&page);
        if got.is_empty() {
            break;
        }
        assert!(got.len() <= 2);
        seen.extend(got);
    }
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!((seen.len(), distinct.len()), (total, total), "{seen:?}");
}

#[tokio::test]
async fn an_id_filter_keeps_exactly_the_items_named() {
    let api = api();
    let (_server, client) = start(builder(&api)).await;
    let all = ids(&describe(&client, &[]).await);
    let picked = [all[1].clone(), all[3].clone()];
    let answer =
        describe(&client, &[("WidgetIds.0", picked[0].clone()), ("WidgetIds.1", picked[1].clone())]).await;
    assert_eq!(ids(&answer), picked.to_vec());
    assert_eq!(answer["TotalCount"], 2);
    let none = describe(&client, &[("WidgetIds.0", "widget-nope".into())]).await;
    assert_eq!((ids(&none).len(), none["TotalCount"].as_u64()), (0, Some(0)));
}

#[tokio::test]
async fn create_read_change_stop_delete() {
    let api = api();
    let (_server, client) = start(builder(&api)).await;
    let before = describe(&client, &[]).await["TotalCount"].as_u64().unwrap();
    let created = client
        .call("CreateWidget", &[("Zone", "zone-a".into()), ("Name", "web".into()), ("Size", "40".into())])
        .await;
    assert_eq!(ret_code(&created), 0, "{created}");
    let id = created["WidgetId"].as_str().expect("the new id").to_owned();
    assert!(id.starts_with("widget-"), "{id}");

    // The request's params are the item's fields; it starts in the documented transitional
    // state and settles after one read (of any list that shows it).
    let item = &describe(&client, &[("WidgetIds.0", id.clone())]).await["WidgetSet"][0];
    assert_eq!(
        (item["Name"].as_str(), item["Size"].as_i64(), item["Zone"].as_str()),
        (Some("web"), Some(40), Some("zone-a"))
    );
    assert_eq!(item["State"], "Initializing");
    assert_eq!(state_of(&client, &id).await, "Running");
    assert_eq!(describe(&client, &[]).await["TotalCount"].as_u64(), Some(before + 1));

    let renamed = client.call("UpdateWidgetName", &[("WidgetId", id.clone()), ("Name", "api".into())]).await;
    assert_eq!((ret_code(&renamed), renamed["WidgetId"].as_str()), (0, Some(id.as_str())));
    let filtered = describe(&client, &[("Name", "api".into())]).await;
    assert_eq!(ids(&filtered), vec![id.clone()], "a param named like an item field filters on it");

    assert_eq!(ret_code(&client.call("StopWidget", &[("WidgetId", id.clone())]).await), 0);
    assert_eq!(state_of(&client, &id).await, "Stopping");
    assert_eq!(state_of(&client, &id).await, "Stopped");

    assert_eq!(ret_code(&client.call("DeleteWidget", &[("WidgetId", id.clone())]).await), 0);
    assert_eq!(ids(&describe(&client, &[("WidgetIds.0", id.clone())]).await), Vec::<String>::new());
    assert_eq!(describe(&client, &[]).await["TotalCount"].as_u64(), Some(before));
    let again = client.call("DeleteWidget", &[("WidgetId", id.clone())]).await;
    assert_eq!(ret_code(&again), codes::NOT_FOUND, "{again}");
    assert!(again["Message"].as_str().unwrap().contains(&id), "{again}");
    let stop = client.call("StopWidget", &[("WidgetId", "widget-never".into())]).await;
    assert_eq!(ret_code(&stop), codes::NOT_FOUND, "{stop}");
}

#[tokio::test]
async fn settling_at_once_and_adopting_unknown_ids_are_options() {
    let api = api();
    let (_server, client) = start(builder(&api).settle_after_reads(0).adopt_unknown_ids(true)).await;
    let created = client.call("CreateWidget", &[("Zone", "z".into()), ("Name", "n".into())]).await;
    let id = created["WidgetId"].as_str().unwrap().to_owned();
    assert_eq!(state_of(&client, &id).await, "Running");
    let adopted = client.call("StopWidget", &[("WidgetId", "made-up".into())]).await;
    assert_eq!(ret_code(&adopted), 0, "{adopted}");
    assert_eq!(
        ids(&describe(&client, &[("WidgetIds.0", "made-up".into())]).await),
        vec!["made-up".to_owned()]
    );
}

#[tokio::test]
async fn one_seed_gives_one_world() {
    let api = api();
    let (_a, first) = start(builder(&api)).await;
    let (_b, second) = start(builder(&api)).await;
    let (x, y) = (describe(&first, &[]).await, describe(&second, &[]).await);
    assert_eq!(x["WidgetSet"], y["WidgetSet"]);
    let (_c, other) = start(builder(&api).seed(4)).await;
    assert_ne!(describe(&other, &[]).await["WidgetSet"], x["WidgetSet"]);
}

#[tokio::test]
async fn each_key_pair_has_a_world_of_its_own() {
    let api = api();
    let server = builder(&api).key_pair("pk-2", "sk-2").start().await.expect("server starts");
    let first = Client::new(&server);
    let mut second = Client::new(&server);
    second.creds = sdkgen_runtime::Credentials::new("pk-2", "sk-2");
    // Both start from the same seeded widgets.
    let (a, b) = (describe(&first, &[]).await, describe(&second, &[]).await);
    assert_eq!(a["WidgetSet"], b["WidgetSet"]);
    let created = first.call("CreateWidget", &[("Zone", "z".into()), ("Name", "mine".into())]).await;
    let id = created["WidgetId"].as_str().unwrap().to_owned();
    assert_eq!(ids(&describe(&first, &[("WidgetIds.0", id.clone())]).await), vec![id.clone()]);
    assert!(
        ids(&describe(&second, &[("WidgetIds.0", id.clone())]).await).is_empty(),
        "another account's widget"
    );
    let theirs = second.call("DeleteWidget", &[("WidgetId", id.clone())]).await;
    assert_eq!(ret_code(&theirs), codes::NOT_FOUND, "{theirs}");
    let stranger = Client { creds: sdkgen_runtime::Credentials::new("pk-3", "sk-3"), ..Client::new(&server) };
    assert_eq!(ret_code(&stranger.call("DescribeWidget", &[]).await), codes::UNKNOWN_PUBLIC_KEY);
}
