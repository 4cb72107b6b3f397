//! Property tests of request encoding: a form body or query parses back to exactly the values set,
//! whatever the strings; the signature depends on the params, not on the order they were set in.

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use sdkgen_runtime::{sign, Credentials, Params};
use std::collections::BTreeMap;

/// Parses `a=b&c=d` the way a form-urlencoded server does (`+` is a space there, so the encoder
/// must never leave a literal `+`).
fn parse(encoded: &str) -> BTreeMap<String, String> {
    if encoded.is_empty() {
        return BTreeMap::new();
    }
    let dec = |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8().expect("utf-8").into_owned();
    encoded
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("every pair has `=`");
            (dec(k), dec(v))
        })
        .collect()
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[&=+%?#;/ \\\\\"'\\x00-\\x1f中é😀~._-]{0,16}",
        Just("%".to_string()),
        Just("%zz".to_string()),
        Just("a+b c".to_string()),
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn form_body_and_query_parse_back_to_the_same_values(
        pairs in proptest::collection::btree_map(hostile_string(), hostile_string(), 0..10)
    ) {
        let mut p = Params::new();
        for (k, v) in &pairs {
            p.set_str(k.clone(), v.clone());
        }
        let body = p.to_form_body();
        let query = p.to_query();
        prop_assert!(body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)), "{body}");
        prop_assert_eq!(parse(&body), pairs.clone());
        prop_assert_eq!(parse(&query), pairs);
    }

    #[test]
    fn the_signature_does_not_depend_on_the_order_params_were_set(
        pairs in proptest::collection::btree_map(hostile_string(), hostile_string(), 1..10),
        seed in any::<u64>(),
        key in any::<String>(),
    ) {
        let creds = Credentials::new("pub", key);
        let mut forward = Params::new();
        for (k, v) in &pairs {
            forward.set_str(k.clone(), v.clone());
        }
        // The same pairs in a shuffled order, with a decoy value set first and overwritten.
        let mut order: Vec<_> = pairs.iter().collect();
        let mut state = seed | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut shuffled = Params::new();
        for (k, _) in &order {
            shuffled.set_str((*k).clone(), "decoy");
        }
        for (k, v) in &order {
            shuffled.set_str((*k).clone(), (*v).clone());
        }
        prop_assert_eq!(sign(&forward, &creds), sign(&shuffled, &creds));
        prop_assert_eq!(forward.to_form_body(), shuffled.to_form_body());
        // And a changed value changes it.
        let (k, v) = pairs.iter().next().unwrap();
        let mut changed = forward.clone();
        changed.set_str(k.clone(), format!("{v}x"));
        prop_assert_ne!(sign(&forward, &creds), sign(&changed, &creds));
    }
}
