//! The TLS feature choice, in a process of its own (rustls's crypto provider is process-global,
//! and here nothing installs one before the runtime does): the built-in client builds, twice,
//! and an https URL gets a real TLS handshake from it; with no TLS feature, https is an error.

use sdkgen_runtime::{Config, Credentials, Transport};
use tokio::net::TcpListener;

fn transport(url: &str) -> Transport {
    Transport::builder(Config::new(Credentials::new("public", "private")).with_base_url(url))
        .build()
        .expect("the built-in client builds")
}

/// A loopback listener and an https URL pointing at it.
async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    (listener, url)
}

#[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
#[tokio::test]
async fn two_built_in_clients_each_start_a_tls_handshake() {
    use std::time::Duration;
    use tokio::io::AsyncReadExt;

    let (listener, url) = listener().await;
    // Two transports in one process (under `rustls`, the second finds the provider the first installed).
    let clients = [transport(&url), transport(&url)];
    let heads = tokio::spawn(async move {
        let mut heads = Vec::new();
        for _ in 0..2 {
            let (mut socket, _) = listener.accept().await?;
            let mut head = [0u8; 3];
            socket.read_exact(&mut head).await?;
            heads.push(head); // dropping the socket ends the handshake
        }
        Ok::<_, std::io::Error>(heads)
    });
    for client in &clients {
        let sent = client.http_client().get(&url).send().await;
        assert!(sent.is_err(), "the listener never finishes the handshake");
    }
    let heads = tokio::time::timeout(Duration::from_secs(10), heads).await.expect("both clients connect");
    for head in heads.unwrap().unwrap() {
        // A TLS record of type handshake (the ClientHello), protocol version 3.x.
        assert_eq!(head[..2], [0x16, 0x03], "{head:?}");
    }
}

#[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")))]
#[tokio::test]
async fn without_a_tls_feature_https_is_an_error_not_a_panic() {
    let (_listener, url) = listener().await;
    let client = transport(&url);
    let sent = client.http_client().get(&url).send().await;
    assert!(sent.is_err(), "no TLS backend, no https");
}
