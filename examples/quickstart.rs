//! Quickstart: the billing SDK the build generated from `specs/billing`.
//!
//! `cargo run --example quickstart`. With `SURFERCLOUD_PUBLIC_KEY` and `SURFERCLOUD_PRIVATE_KEY`
//! set it calls the configured endpoint; without them it says what to set.

use surfercloud_sdk::billing::{Client, UnixTime};

#[tokio::main]
async fn main() {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(err) => {
            println!("No credentials ({err}).");
            println!("Set SURFERCLOUD_PUBLIC_KEY and SURFERCLOUD_PRIVATE_KEY (and optionally SURFERCLOUD_BASE_URL).");
            return;
        }
    };
    let now = UnixTime::now();
    let month_ago = now.days_ago(30);
    match client.get_order_amount(month_ago, now).send().await {
        Ok(amount) => println!("Orders in the last 30 days: {amount:#?}"),
        Err(err) => println!("GetOrderAmount failed: {err}"),
    }
}
