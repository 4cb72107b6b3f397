//! Quickstart: the billing SDK that the build generated from `specs/billing`, end to end.
//!
//! `cargo run --example quickstart`. With `SURFERCLOUD_PUBLIC_KEY` and `SURFERCLOUD_PRIVATE_KEY`
//! set (and optionally `SURFERCLOUD_BASE_URL`) it calls that endpoint; without them it starts
//! the built-in fake server and runs the same code against it.

use futures_util::TryStreamExt;
use surfercloud_sdk::billing::model::OrderItemDetail;
use surfercloud_sdk::billing::{mock, Client, UnixTime};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // Each layer of the cause chain once, with the request id when the server answered.
            let mut text = err.to_string();
            let mut cause = err.source();
            while let Some(layer) = cause {
                text.push_str(&format!(": {layer}"));
                cause = layer.source();
            }
            eprintln!("error: {text}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // The fake server only when no credentials are set at all: set but wrong ones are an error.
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    let has_credentials = set("SURFERCLOUD_PUBLIC_KEY") || set("SURFERCLOUD_PRIVATE_KEY");
    // Keep the fake server (if any) alive until the end of run.
    let (client, _fake) = if has_credentials {
        let client = Client::from_env()?;
        println!("Calling {} with the credentials in SURFERCLOUD_*.", client.transport().base_url());
        (client, None)
    } else {
        let server = mock::Server::start().await?;
        println!(
            "No SURFERCLOUD_PUBLIC_KEY / SURFERCLOUD_PRIVATE_KEY set: running against the built-in fake server at {}.",
            server.base_url()
        );
        (mock::Server::client(&server)?, Some(server))
    };
    let now = UnixTime::now();
    let since = now.days_ago(30);

    // Every paid order of the last 30 days: pages are fetched concurrently once the total is known.
    let orders: Vec<OrderItemDetail> = client.list_paid_orders(since, now).items().try_collect().await?;
    println!("\nPaid orders, last 30 days: {}", orders.len());
    println!("{:<22} {:<12} {:<10} {:>12} {:>9}", "Order", "Product", "Region", "Total", "Paid");
    for order in orders.iter().take(10) {
        let paid = order
            .paid_time
            .map_or("-".to_string(), |t| format!("{}d ago", (now.seconds() - t.seconds()) / 86_400));
        println!(
            "{:<22} {:<12} {:<10} {:>12} {:>9}",
            order.order_no.as_deref().unwrap_or("-"),
            order.product_code.as_deref().unwrap_or("-"),
            order.region.as_deref().unwrap_or("-"),
            order.order_total_price.map_or("-".to_string(), |p| p.to_string()),
            paid,
        );
    }
    if orders.len() > 10 {
        println!("… and {} more", orders.len() - 10);
    }

    let unpaid = client.list_unpaid_orders(since, now).send().await?;
    println!("\nUnpaid orders (first page): {}", unpaid.orders.len());

    let amount = client.get_order_amount(since, now).send().await?;
    println!("\nAmounts, last 30 days:");
    println!("  total   {}", amount.total_order_amount);
    println!("  paid    {}", amount.paid_amount.unwrap_or_default());
    println!("  unpaid  {}", amount.unpaid_amount.unwrap_or_default());
    println!("  orders  {} ({} unpaid)", amount.order_count.unwrap_or(0), amount.unpaid_count.unwrap_or(0));

    let export = client.download_list_paid_orders(since, now).send().await?;
    match export.data.and_then(|d| d.download_url.clone().map(|url| (url, d))) {
        Some((url, data)) => {
            let name = data.file_name.clone().unwrap_or_else(|| "paid-orders.xlsx".to_string());
            let dest = std::env::temp_dir().join(&name);
            let expected = data.file_size.and_then(|s| u64::try_from(s).ok());
            let size = url.download_to(client.transport(), &dest, expected).await?;
            println!("\nDownloaded {name} ({size} bytes) to {}", dest.display());
        }
        None => println!("\nThe export returned no download URL."),
    }
    Ok(())
}
