//! With `rustls` (ring), a crypto provider the app installed before building a client is kept:
//! the runtime installs ring only when none is. A process of its own (the provider is global).
#![cfg(all(feature = "rustls", not(feature = "rustls-aws-lc"), not(feature = "native-tls")))]

use rustls::crypto::{ring, CryptoProvider};
use sdkgen_runtime::{Config, Credentials, Transport};

#[test]
fn an_installed_provider_is_kept() {
    // Recognisable: ring with a single cipher suite.
    let mut own = ring::default_provider();
    own.cipher_suites.truncate(1);
    own.install_default().expect("nothing is installed yet in this process");
    Transport::builder(
        Config::new(Credentials::new("public", "private")).with_base_url("https://127.0.0.1:9/"),
    )
    .build()
    .expect("the built-in client builds");
    let kept = CryptoProvider::get_default().expect("a provider is installed");
    assert_eq!(kept.cipher_suites.len(), 1, "the app's provider, not a fresh ring default");
}
