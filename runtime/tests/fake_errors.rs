//! Every error the fake gateway answers: HTTP 200, `{RetCode, Action, Message}`.
#![cfg(feature = "fake")]

mod fake_support;

use fake_support::*;
use sdkgen_runtime::fake::codes;
use sdkgen_runtime::Params;

async fn expect_error(client: &Client, action: &str, extra: &[(&str, String)], code: i64, names: &str) {
    let v = client.call(action, extra).await;
    assert_eq!(ret_code(&v), code, "{v}");
    assert_eq!(v["Action"], format!("{action}Response"));
    let message = v["Message"].as_str().expect("Message");
    assert!(message.contains(names), "message {message:?} should name {names}");
}

#[tokio::test]
async fn auth_and_action_errors() {
    let (_server, client) = start(1).await;
    // No signature.
    let mut p = Params::new();
    p.set_str("Action", "ListPaidOrders").set_str("PublicKey", PUBLIC);
    let (status, body) = client.post(&p).await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(ret_code(&v), codes::MISSING_SIGNATURE);
    assert_eq!(ret_code(&v), 170);

    // Wrong signature: a param changed after signing.
    let mut p = client.signed("ListPaidOrders", &last_days(30));
    p.set_str("StartTime", (NOW - 29 * DAY).to_string());
    let v: serde_json::Value = serde_json::from_str(&client.post(&p).await.1).unwrap();
    assert_eq!(ret_code(&v), 171, "{v}");

    // Unknown public key (signed correctly with it, so only the key is wrong).
    let other = Client {
        http: client.http.clone(),
        base: client.base.clone(),
        creds: sdkgen_runtime::Credentials::new("someone-else", PRIVATE),
    };
    let v = other.call("ListPaidOrders", &last_days(30)).await;
    assert_eq!(ret_code(&v), 172, "{v}");

    // Unknown action.
    expect_error(&client, "DescribeNothing", &[], 161, "DescribeNothing").await;
    assert_eq!(codes::UNKNOWN_ACTION, 161);
}

#[tokio::test]
async fn param_errors_name_the_param() {
    let (_server, client) = start(1).await;
    // Missing required.
    expect_error(
        &client,
        "ListPaidOrders",
        &[("StartTime", NOW.to_string())],
        codes::MISSING_PARAM,
        "EndTime",
    )
    .await;
    // Wrong type, scalar and list element.
    expect_error(
        &client,
        "ListPaidOrders",
        &with(last_days(30), &[("PageSize", "ten")]),
        codes::BAD_TYPE,
        "PageSize",
    )
    .await;
    expect_error(
        &client,
        "ListPaidOrders",
        &with(last_days(30), &[("OrderTypes.0", "1"), ("OrderTypes.1", "x")]),
        codes::BAD_TYPE,
        "OrderTypes.1",
    )
    .await;
    expect_error(
        &client,
        "ListPaidOrders",
        &[("StartTime", "yesterday".into()), ("EndTime", NOW.to_string())],
        231,
        "StartTime",
    )
    .await;
    // Enum.
    expect_error(
        &client,
        "ListPaidOrders",
        &with(last_days(30), &[("ProductCodes.0", "uhost")]),
        codes::NOT_ALLOWED,
        "ProductCodes.0",
    )
    .await;
    // Bounds: PageSize is 10..=100, Page from 1.
    for size in ["9", "101"] {
        expect_error(
            &client,
            "ListPaidOrders",
            &with(last_days(30), &[("PageSize", size)]),
            codes::OUT_OF_RANGE,
            "PageSize",
        )
        .await;
    }
    expect_error(&client, "ListUnpaidOrders", &with(last_days(30), &[("Page", "0")]), 233, "Page").await;
    // EndTime must exceed StartTime: declared for DownloadListPaidOrders, implied by the range elsewhere.
    let backwards = vec![("StartTime", NOW.to_string()), ("EndTime", (NOW - DAY).to_string())];
    let equal = vec![("StartTime", NOW.to_string()), ("EndTime", NOW.to_string())];
    for action in ["DownloadListPaidOrders", "ListPaidOrders", "ListUnpaidOrders", "GetOrderAmount"] {
        expect_error(&client, action, &backwards, codes::BAD_RELATION, "EndTime").await;
        expect_error(&client, action, &equal, codes::BAD_RELATION, "EndTime").await;
    }
    // GetOrderAmount: at most 366 days.
    expect_error(&client, "GetOrderAmount", &last_days(367), codes::BAD_RELATION, "366").await;
    let ok = client.call("GetOrderAmount", &last_days(366)).await;
    assert_eq!(ret_code(&ok), 0, "{ok}");
}

#[tokio::test]
async fn bad_bodies_are_api_errors_not_500s() {
    let (_server, client) = start(1).await;
    for (ctype, body) in [
        ("application/json", "{not json"),
        ("application/json", "[1,2]"),
        ("application/x-www-form-urlencoded", "%%%&==&"),
    ] {
        let resp = client
            .http
            .post(format!("{}/", client.base))
            .header("Content-Type", ctype)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_ne!(ret_code(&v), 0, "{v}");
    }
    let resp = client.http.delete(format!("{}/", client.base)).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 405);
}

#[tokio::test]
async fn get_and_json_bodies_are_accepted() {
    let (_server, client) = start(1).await;
    let p = client.signed("ListPaidOrders", &with(last_days(30), &[("PageSize", "10"), ("Regions.0", "hk")]));
    let v: serde_json::Value = client
        .http
        .get(format!("{}/?{}", client.base, p.to_query()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ret_code(&v), 0, "{v}");
    // JSON: lists as arrays, ints as numbers; the signature is over the flattened wire names.
    let json = serde_json::json!({
        "Action": "ListPaidOrders",
        "PublicKey": PUBLIC,
        "StartTime": NOW - 30 * DAY,
        "EndTime": NOW,
        "PageSize": 10,
        "Regions": ["hk"],
        "Signature": p.get("Signature").unwrap(),
    });
    let w: serde_json::Value =
        client.http.post(format!("{}/", client.base)).json(&json).send().await.unwrap().json().await.unwrap();
    assert_eq!(w, v);
}
