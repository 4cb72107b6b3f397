//! `sdkgen serve` as a user runs it: a child process, checked by an independent client
//! (`tools/check_signature.py`, standard-library Python) that signs by the documented rule.
#![cfg(feature = "cli")]

use std::process::Command;

#[path = "support/served.rs"]
mod served;

use served::{root, Served};

/// Whether `python3` runs (the independent client); says so when it does not.
fn python() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: python3 is not installed");
    }
    found
}

/// `sdkgen serve specs/billing` on a free port with the key pair `pk-test`/`sk-test`, and `more`.
fn billing(more: &[&str]) -> Served {
    let mut args =
        vec!["specs/billing", "--port", "0", "--public-key", "pk-test", "--private-key", "sk-test"];
    args.extend_from_slice(more);
    Served::start(&args)
}

#[test]
fn python_client_signs_by_the_documented_rule() {
    if !python() {
        return;
    }
    let server = billing(&["--seed", "5"]);
    let get = |k: &str| server.var(k).to_owned();
    assert!(get("BASE_URL").starts_with("http://127.0.0.1:"));
    assert_eq!(get("PUBLIC_KEY"), "pk-test");
    assert_eq!(get("PRIVATE_KEY"), "sk-test");
    let out = Command::new("python3")
        .arg(root().join("tools/check_signature.py"))
        .envs(server.vars().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("4 passed, 0 failed"), "{text}");
}

#[test]
fn refuses_what_does_not_load() {
    let out = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["serve", "specs/does-not-exist", "--port", "0"])
        .current_dir(root())
        .output()
        .expect("sdkgen runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
}

#[test]
fn credentials_lifetime_bounds_what_assume_role_mints() {
    if !python() {
        return;
    }
    let server = billing(&["--credentials-lifetime", "7"]);
    // An AssumeRole asking for an hour, signed by the documented rule, standard-library Python.
    let script = r#"
import datetime, hashlib, json, os, time, urllib.parse, urllib.request
p = {"Action": "AssumeRole", "PublicKey": "pk-test", "RoleUrn": "ucs:iam::1:role/r",
     "RoleSessionName": "s", "DurationSeconds": "3600"}
text = "".join(k + p[k] for k in sorted(p, key=lambda k: k.encode())) + "sk-test"
p["Signature"] = hashlib.sha1(text.encode()).hexdigest()
req = urllib.request.Request(os.environ["BASE_URL"] + "/", data=urllib.parse.urlencode(p).encode(),
    headers={"Content-Type": "application/x-www-form-urlencoded"})
answer = json.loads(urllib.request.urlopen(req, timeout=10).read())
expires = datetime.datetime.fromisoformat(answer["Credentials"]["Expiration"].replace("Z", "+00:00"))
print(answer["RetCode"], int(expires.timestamp()), int(time.time()))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .envs(server.vars().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    let fields: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(fields.first(), Some(&"0"), "{text}");
    let (expires, now): (i64, i64) = (fields[1].parse().unwrap_or(0), fields[2].parse().unwrap());
    assert!((1..=9).contains(&(expires - now)), "7 s, not the hour asked for: {text}");
}
