//! Actions whose docs post a JSON body (`options: json_body`): what goes over the wire, on
//! real HTTP on loopback, and that the fake server's signature check accepts it.

mod common;

use common::{serve, Reply};
use sdkgen_runtime::{sign, CallOptions, Config, Credentials, HttpMethod, Params, Transport};
use serde_json::Value;

/// What a generated crate's `Client` offers the `action!` macro: its transport.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Transport,
}

sdkgen_runtime::builder! {
    /// A request being built.
    pub struct Builder;
}

sdkgen_runtime::params! {
    /// One item of `Targets`.
    pub struct TargetConfig {
        /// Kind of node.
        required resource_type: String = "ResourceType";
        /// Port.
        optional port: i64 = "Port";
        /// Enabled.
        optional enabled: bool = "Enabled";
        /// Weight.
        optional weight: f64 = "Weight";
    }
}

sdkgen_runtime::model! {
    /// The answer.
    pub struct AddTargetsResponse {
        /// Echoed.
        optional action: String = "Action";
    }
}

sdkgen_runtime::action! {
    /// The params of `AddTargets`.
    pub struct AddTargetsRequest {
        /// The balancer.
        required load_balancer_id: String = "LoadBalancerId";
        /// The nodes.
        list targets: TargetConfig = "Targets";
        /// Tags, one string each.
        list tags: String = "Tags";
    }
    /// Builds and sends `AddTargets`.
    pub type AddTargets = Builder("AddTargets") -> AddTargetsResponse;
    impl Client {
        /// Adds nodes.
        pub fn add_targets(load_balancer_id: String);
    }
    options: json_body;
}

/// A JSON body flattened the way the gateway reads it to check the signature.
fn flatten(value: &Value, prefix: &str, out: &mut Params) {
    let join = |key: &str| if prefix.is_empty() { key.to_owned() } else { format!("{prefix}.{key}") };
    match value {
        Value::Object(members) => members.iter().for_each(|(k, v)| flatten(v, &join(k), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| flatten(v, &join(&i.to_string()), out))
        }
        Value::String(text) => {
            out.set_str(prefix, text.clone());
        }
        other => {
            out.set_str(prefix, other.to_string());
        }
    }
}

fn client(url: &str, method: HttpMethod) -> Client {
    let config = Config::new(Credentials::new("pk", "sk")).with_base_url(url).with_region("cn-bj2");
    Client { transport: Transport::builder(config).method(method).build().unwrap() }
}

#[tokio::test]
async fn a_json_action_posts_typed_nested_json_signed_over_its_flat_names() {
    // Whatever the client's method: the docs say this action takes JSON.
    for method in [HttpMethod::Post, HttpMethod::Get] {
        let server = serve(vec![Reply::json(r#"{"RetCode":0,"Action":"AddTargetsResponse"}"#)]).await;
        let targets = (0..11).map(|i| TargetConfig {
            resource_type: if i == 0 { "IP".into() } else { "UHost".into() },
            port: Some(8000 + i),
            enabled: Some(i % 2 == 0),
            weight: (i == 3).then_some(1.5),
        });
        let answer = client(&server.url, method)
            .add_targets("alb-1")
            .targets(targets)
            .tags(["a \"quoted\" tag"])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.action.as_deref(), Some("AddTargetsResponse"));

        let seen = &server.requests()[0];
        assert_eq!(seen.method, "POST");
        assert_eq!(seen.header("content-type"), Some("application/json"));
        let body: Value = serde_json::from_str(&seen.body).expect("the body is JSON");
        assert_eq!(body["Action"], "AddTargets");
        assert_eq!(body["LoadBalancerId"], "alb-1");
        assert_eq!(body["PublicKey"], "pk");
        assert_eq!(body["Tags"], serde_json::json!(["a \"quoted\" tag"]));
        let targets = body["Targets"].as_array().expect("Targets is a list");
        assert_eq!(targets.len(), 11);
        assert_eq!(targets[0], serde_json::json!({"ResourceType": "IP", "Port": 8000, "Enabled": true}));
        assert_eq!(targets[3]["Weight"], 1.5);
        assert_eq!(targets[10]["Port"], 8010, "index order, not name order: {body}");
        // The signature covers the flat names the gateway makes of the body.
        let mut flat = Params::new();
        flatten(&body, "", &mut flat);
        let signature = flat.remove("Signature").expect("signed");
        assert_eq!(signature, sign(&flat, &Credentials::new("pk", "sk")));
    }
}

#[tokio::test]
async fn a_name_no_json_body_can_hold_fails_before_sending() {
    let server = serve(vec![Reply::json(r#"{"RetCode":0}"#)]).await;
    let client = client(&server.url, HttpMethod::Post);
    let params: Params = [("Group", "1"), ("Group.Member", "2")].into_iter().collect();
    let err = client.transport.call_raw("Anything", params, CallOptions::NONE.json_body()).await.unwrap_err();
    assert!(err.to_string().contains("JSON body"), "{err}");
    assert!(server.requests().iter().all(|seen| seen.method.is_empty()), "nothing was sent");
}

#[cfg(feature = "fake")]
mod fake_support;

/// The fake server reads a JSON body the way the gateway does: the same action answers the
/// same whether its params come as a form or as JSON.
#[cfg(feature = "fake")]
#[tokio::test]
async fn the_fake_answers_a_json_body_like_the_same_form() {
    let server = fake_support::builder(7).start().await.unwrap();
    let config = Config::new(Credentials::new(fake_support::PUBLIC, fake_support::PRIVATE))
        .with_base_url(server.base_url());
    let transport = Transport::builder(config).build().unwrap();
    let mut params = Params::new();
    let now = fake_support::NOW;
    params.set_int("StartTime", now - 30 * fake_support::DAY).set_int("EndTime", now);
    let as_form = transport.call_raw("GetOrderAmount", params.clone(), CallOptions::read()).await.unwrap();
    let as_json =
        transport.call_raw("GetOrderAmount", params, CallOptions::read().json_body()).await.unwrap();
    assert_eq!(as_form, as_json);
}
