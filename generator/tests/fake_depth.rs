//! The fake server fills every documented field at every depth: across every sample-corpus
//! family, each answer with RetCode 0 is walked against the IR, and no object where a model
//! with fields belongs comes back empty (`{}`), lists of models inside list items included.
//! Requests go over real HTTP on loopback, signed by the documented rule.
#![cfg(feature = "serve")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use sdkgen::ir::{Family, Field, Type};
use sdkgen_runtime::fake::FakeServer;
use sdkgen_runtime::{sign, Credentials, Params};
use serde_json::Value;

fn corpus() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ucloud-docs");
    dir.is_dir().then_some(dir)
}

/// A value for a required param that the docs allow: a documented value, the default, the
/// minimum, else something of the type.
fn value_of(f: &Field) -> String {
    let c = &f.constraints;
    if let Some(v) = c.enum_values.first() {
        return v.clone();
    }
    if let Some(d) = c.default.as_ref().filter(|d| !d.trim().is_empty()) {
        return d.clone();
    }
    match f.ty {
        Type::Int | Type::Float => c.min.unwrap_or(1).max(c.max.map_or(1, |m| m.min(1))).to_string(),
        Type::Bool => "true".into(),
        _ => format!("{}-1", f.name.replace(['.', 'N'], "")),
    }
}

/// Signed params for `action` with every required param set (list members as their `.0`).
fn request(action: &str, params: &[Field], creds: &Credentials) -> Params {
    let mut p = Params::new();
    p.set_str("Action", action).set_str("PublicKey", creds.public_key.clone());
    for f in params.iter().filter(|f| f.required) {
        let name = f.name.replace(".N", ".0").replace(".n", ".0");
        p.set_str(name, value_of(f));
    }
    // `greater_than` params: an hour after the other one.
    for f in params.iter().filter(|f| f.required && f.constraints.greater_than.is_some()) {
        p.set_str(f.name.clone(), "1700003600");
    }
    for f in params
        .iter()
        .filter(|f| f.required && f.name.ends_with("Time") && f.constraints.greater_than.is_none())
    {
        if params.iter().any(|g| g.constraints.greater_than.as_deref() == Some(f.name.as_str())) {
            p.set_str(f.name.clone(), "1700000000");
        }
    }
    let signature = sign(&p, creds);
    p.set_str("Signature", signature);
    p
}

/// POSTs a form over a fresh connection; the body of the answer.
fn post(addr: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()
}

/// Paths of empty objects where `ty` is a model with fields.
fn empty_models(family: &Family, ty: &Type, value: &Value, path: &str, out: &mut Vec<String>) {
    match (ty, value) {
        (Type::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                empty_models(family, inner, item, &format!("{path}[{i}]"), out);
            }
        }
        (Type::Model(name), Value::Object(map)) => {
            let Some(model) = family.models.get(name) else { return };
            if map.is_empty() && !model.fields.is_empty() {
                out.push(format!("{path}: {name}"));
            }
            for f in &model.fields {
                if let Some(v) = map.get(&f.name) {
                    empty_models(family, &f.ty, v, &format!("{path}.{}", f.name), out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn no_model_comes_back_empty_in_any_corpus_family() {
    let Some(corpus) = corpus() else {
        eprintln!("note: ../shared/corpus/ucloud-docs is absent; fake_depth skipped");
        return;
    };
    let (mut answered, mut asked, mut empty) = (0, 0, Vec::new());
    let mut families: Vec<_> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).collect();
    families.sort();
    for dir in families.iter().filter(|d| d.is_dir()) {
        let Some(family) = sdkgen::load::load_path(dir).family else { continue };
        let json = serde_json::to_string(&family).unwrap();
        let server = FakeServer::builder(&json)
            .public_key("pk")
            .private_key("sk")
            .adopt_unknown_ids(true)
            .start_blocking()
            .expect("the fake starts");
        let addr = server.base_url().trim_start_matches("http://").to_owned();
        let creds = Credentials::new("pk", "sk");
        for action in &family.actions {
            asked += 1;
            let mut params: Vec<Field> = action.params.clone();
            params.extend(family.config.common_params.iter().cloned());
            let body = post(&addr, &request(&action.name, &params, &creds).to_form_body());
            let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(&body) else { continue };
            if answer.get("RetCode").and_then(Value::as_i64) != Some(0) {
                continue;
            }
            answered += 1;
            for f in &action.response {
                if let Some(v) = answer.get(&f.name) {
                    empty_models(&family, &f.ty, v, &format!("{}.{}", action.name, f.name), &mut empty);
                }
            }
        }
    }
    println!(
        "fake_depth: {answered}/{asked} corpus actions answered RetCode 0; {} empty models",
        empty.len()
    );
    assert!(answered * 10 >= asked * 9, "too few answers to judge: {answered}/{asked}");
    assert!(empty.is_empty(), "models answered as {{}}:\n{}", empty.join("\n"));
}
