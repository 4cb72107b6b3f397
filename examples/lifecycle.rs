//! An instance's life with the compute SDK: create, wait until it runs, stop, look it up with a
//! generic call, delete. Against the built-in fake server, which keeps instances alive and moves
//! them through the states the docs list (`Pending` → `Running` → `Stopping` → `Stopped`).
//!
//! The client comes from a named profile in the shared config files (`config.json` and
//! `credential.json`, as the official command-line tools write them), and a `tracing`
//! subscriber prints the SDK's span for every call: action, attempts and time taken, never a
//! key.
//!
//! `cargo run --example lifecycle`

use std::path::Path;
use std::time::Duration;

use surfercloud_sdk::compute::enums::State;
use surfercloud_sdk::compute::model::{CreateInstanceDisks, CreateInstanceNetwork};
use surfercloud_sdk::compute::{mock, Client, Waiter};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::format::FmtSpan;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One line per finished call (`sdkgen.call{action=… attempts=…}: close time.busy=…`).
    tracing_subscriber::fmt().with_max_level(LevelFilter::INFO).with_span_events(FmtSpan::CLOSE).init();

    let server = mock::Server::start().await?;
    // A profile named `fake` pointing at the fake server. With real keys, these files live in
    // `~/.surfercloud` and `Client::builder().from_env()` reads them (`SURFERCLOUD_PROFILE`
    // or `.profile(..)` picks one); here a scratch folder stands in for it.
    let folder = std::env::temp_dir().join(format!("sdkgen-lifecycle-{}", std::process::id()));
    write_profile(&folder, server.base_url(), server.public_key(), server.private_key())?;
    let config_dir = folder.display().to_string();
    let client = Client::builder()
        .profile("fake")
        .from_lookup(|name| (name == "SURFERCLOUD_CONFIG_DIR").then(|| config_dir.clone()))
        .build()?;
    std::fs::remove_dir_all(&folder)?;
    println!("profile `fake`: {}", client.transport().base_url());

    // The fake settles after one read; a real instance takes minutes, so keep the defaults there.
    let waiter = Waiter { first_delay: Duration::from_millis(50), ..Waiter::default() };

    let network = CreateInstanceNetwork { vpc_id: "vpc-1".into(), subnet_id: "subnet-1".into() };
    let boot = CreateInstanceDisks { r#type: "SSD".into(), size: 40, is_boot: true };
    let created =
        client.create_instance("image-1", 2, 4.0, network).disks([boot]).name("web-1").send().await?;
    let id = created.instance_id;
    println!("created {id}");

    let instance = client.wait_for_instance(&id, State::Running, &waiter).await?;
    println!("{} is {}", instance.name, instance.state.as_str());

    client.stop_instance(id.clone()).send().await?;
    let instance = client.wait_for_instance(&id, State::Stopped, &waiter).await?;
    println!("{} is {}", instance.name, instance.state.as_str());

    // The same lookup as a generic call, as for an action newer than the SDK.
    let ids = [("InstanceIds.0", id.as_str())];
    let answer = client.invoke_idempotent("DescribeInstances", ids).await?;
    println!("DescribeInstances by invoke: {} match", answer["TotalCount"]);

    client.delete_instance(id.clone()).send().await?;
    println!("deleted {id}");
    Ok(())
}

/// The two files of a profile, in the format the official tools use.
fn write_profile(folder: &Path, base_url: &str, public_key: &str, private_key: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let config = serde_json_text(&[("profile", "fake"), ("base_url", base_url), ("region", "cn-bj2")]);
    let credential =
        serde_json_text(&[("profile", "fake"), ("public_key", public_key), ("private_key", private_key)]);
    std::fs::write(folder.join("config.json"), format!("[{config}]"))?;
    std::fs::write(folder.join("credential.json"), format!("[{credential}]"))
}

/// A flat JSON object of strings (keys and values here need no escaping beyond quotes).
fn serde_json_text(pairs: &[(&str, &str)]) -> String {
    let members: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}: {v:?}")).collect();
    format!("{{{}}}", members.join(", "))
}
