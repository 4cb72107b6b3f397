//! An instance's life with the compute SDK: create, wait until it runs, stop, look it up with a
//! generic call, delete. Against the built-in fake server, which keeps instances alive and moves
//! them through the states the docs list (`Pending` → `Running` → `Stopping` → `Stopped`).
//!
//! `cargo run --example lifecycle`

use std::time::Duration;

use surfercloud_sdk::compute::enums::State;
use surfercloud_sdk::compute::model::{CreateInstanceDisks, CreateInstanceNetwork};
use surfercloud_sdk::compute::{mock, Waiter};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = mock::Server::start().await?;
    let client = mock::Server::client(&server)?;
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
