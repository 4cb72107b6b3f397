//! `fake::shared`: one server per API description for the whole process, and
//! `ClientBuilder::fake_server` pointing a client at it.
#![cfg(feature = "fake")]

mod fake_support;

use sdkgen_runtime::fake;

#[test]
fn one_server_per_api_for_the_process() {
    let first = fake::shared(fake_support::API).expect("starts");
    let again = fake::shared(fake_support::API).expect("kept");
    assert!(std::ptr::eq(first, again), "the same server, not a second one");
    assert!(fake::shared("{ not json").is_err(), "a bad description is an error, not a server");
}

#[test]
fn fake_server_points_a_client_at_it() {
    let server = fake::shared(fake_support::API).unwrap();
    let transport =
        sdkgen_runtime::ClientBuilder::<sdkgen_runtime::Transport>::new(sdkgen_runtime::Product {
            name: "t",
            version: "0",
            env_prefix: "T",
            default_endpoint: None,
        })
        .fake_server(server)
        .build()
        .unwrap();
    assert_eq!(transport.base_url().trim_end_matches('/'), server.base_url());
}
