//! Quickstart: what the build generated from `specs/`.
//!
//! `cargo run --example quickstart`. The build script ran sdkgen over every family folder under
//! `specs/`; this prints each family and its actions. (The typed client, and the run against the
//! built-in fake server, arrive with the emitter and fake-server work.)

fn main() {
    println!("The build generated the `billing` family from specs/billing/:");
    for action in surfercloud_sdk::billing::ACTIONS {
        println!("  - {action}");
    }
    println!("Inspect it with: cargo run -p sdkgen -- ir specs/billing");
}
