//! End to end over real HTTP on loopback: the generated clients (build mode) against the
//! spec-driven fake server each family ships in its `mock` module. No mocks of our own code.

use futures_util::TryStreamExt;
use sdkgen_runtime::fake::{Failure, Faults};
use sdkgen_runtime::{Error, RetryPolicy, UnixTime};
use std::collections::HashSet;
use std::time::Duration;
use surfercloud_sdk::compute::enums::State;
use surfercloud_sdk::{billing, compute};

/// A quick retry policy so tests that retry do not sleep long.
fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

async fn billing_with(faults: Faults, attempts: u32) -> (billing::Client, billing::mock::RunningServer) {
    let server = billing::mock::Server::builder().seed(7).faults(faults).start().await.unwrap();
    let client = billing::Client::builder()
        .credentials(server.public_key(), server.private_key())
        .endpoint(server.base_url())
        .retry_policy(fast_retries(attempts))
        .build()
        .unwrap();
    (client, server)
}

fn last_30_days() -> (UnixTime, UnixTime) {
    let now = UnixTime::now();
    (now.days_ago(30), now)
}

#[tokio::test]
async fn every_billing_action_answers() {
    let (client, _server) = billing_with(Faults::default(), 1).await;
    let (since, now) = last_30_days();
    let paid = client.list_paid_orders(since, now).send().await.unwrap();
    assert!(paid.total.unwrap() > 0 && !paid.orders.is_empty());
    let unpaid = client.list_unpaid_orders(since, now).send().await.unwrap();
    assert!(!unpaid.orders.is_empty());
    let amount = client.get_order_amount(since, now).send().await.unwrap();
    assert!(amount.total_order_amount > billing::Decimal::ZERO);
    let export = client.download_list_paid_orders(since, now).send().await.unwrap();
    let data = export.data.unwrap();
    let url = data.download_url.clone().unwrap();
    assert!(!format!("{url:?}").contains('?'), "the presigned query is redacted: {url:?}");
    let dir = std::env::temp_dir().join(format!("sdkgen-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dest = dir.join("orders.xlsx");
    let size = url.download_to(client.transport(), &dest, data.file_size.map(|s| s as u64)).await.unwrap();
    assert_eq!(Some(size as i64), data.file_size);
    assert_eq!(std::fs::read(&dest).unwrap().len() as u64, size);
    assert!(std::fs::read(&dest).unwrap().starts_with(b"PK"), "an .xlsx is a zip");
    // Into any writer: the same bytes the server served.
    let mut buffer: Vec<u8> = Vec::new();
    url.download_into(client.transport(), &mut buffer, Some(size)).await.unwrap();
    assert_eq!(buffer, std::fs::read(&dest).unwrap());
    // A size that disagrees with the server's bytes is an error and leaves no file.
    let wrong = dir.join("wrong.xlsx");
    let err = url.download_to(client.transport(), &wrong, Some(size + 1)).await.unwrap_err();
    assert!(err.to_string().contains("size") || err.to_string().contains("bytes"), "{err}");
    assert!(!wrong.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The order numbers of every item a `ListPaidOrders` call pages through.
async fn order_numbers(
    call: surfercloud_sdk::billing::operation::list_paid_orders::ListPaidOrders,
) -> Vec<String> {
    call.items().map_ok(|o| o.order_no.unwrap()).try_collect().await.unwrap()
}

#[tokio::test]
async fn pagination_collects_exactly_total_items_in_order() {
    let (client, _server) = billing_with(Faults::default(), 1).await;
    let (since, now) = last_30_days();
    let first = client.list_paid_orders(since, now).page_size(10).send().await.unwrap();
    let total = first.total.unwrap() as usize;
    assert!(total > 30, "enough data for several pages: {total}");
    // Sequentially, page by page.
    let mut sequential = Vec::new();
    for page in 1.. {
        let r = client.list_paid_orders(since, now).page(page).page_size(10).send().await.unwrap();
        if r.orders.is_empty() {
            break;
        }
        sequential.extend(r.orders.into_iter().map(|o| o.order_no.unwrap()));
    }
    // Concurrently, as the stream does once the total is known.
    let concurrent: Vec<String> = client
        .list_paid_orders(since, now)
        .page_size(10)
        .items()
        .map_ok(|o| o.order_no.unwrap())
        .try_collect()
        .await
        .unwrap();
    let one_at_a_time =
        order_numbers(client.list_paid_orders(since, now).page_size(10).page_concurrency(1)).await;
    assert_eq!(one_at_a_time, sequential);
    assert_eq!(sequential.len(), total);
    assert_eq!(concurrent, sequential, "same items, same order");
    assert_eq!(concurrent.iter().collect::<HashSet<_>>().len(), total, "no duplicates");
    // A call pointed at page 3 pages on from there, not from page 1.
    let from_third = order_numbers(client.list_paid_orders(since, now).page(3).page_size(10)).await;
    assert_eq!(from_third, sequential[20..], ".page(3).items() starts at page 3");
    // Without a total (ListUnpaidOrders) the stream stops at a short page.
    let unpaid: Vec<_> =
        client.list_unpaid_orders(since, now).page_size(10).items().try_collect().await.unwrap();
    let again: Vec<_> =
        client.list_unpaid_orders(since, now).page_size(100).items().try_collect().await.unwrap();
    assert_eq!(unpaid.len(), again.len());
}

#[tokio::test]
async fn retries_get_through_transient_failures_and_then_give_up() {
    for failure in [Failure::RetCode(150), Failure::RetCode(153), Failure::Http(502)] {
        let faults = Faults { fail_first: 2, fail_first_with: failure, ..Faults::default() };
        let (client, _server) = billing_with(faults, 3).await;
        let (since, now) = last_30_days();
        client.get_order_amount(since, now).send().await.unwrap_or_else(|e| panic!("{failure:?}: {e}"));
    }
    let always = Faults { retcode_rate: 1.0, retcode: 150, ..Faults::default() };
    let (client, _server) = billing_with(always, 3).await;
    let (since, now) = last_30_days();
    let err = client.get_order_amount(since, now).send().await.unwrap_err();
    match &err {
        Error::RetriesExhausted { attempts, .. } => assert_eq!(*attempts, 3),
        other => panic!("expected RetriesExhausted, got {other:?}"),
    }
    assert!(err.to_string().contains('3'), "says how many attempts: {err}");
    assert_eq!(err.api_code(), Some(150));
}

#[tokio::test]
async fn malformed_and_truncated_bodies_are_decode_errors() {
    for faults in [
        Faults { malformed_rate: 1.0, ..Faults::default() },
        Faults { truncate_rate: 1.0, ..Faults::default() },
    ] {
        let (client, _server) = billing_with(faults, 1).await;
        let (since, now) = last_30_days();
        let err = client.get_order_amount(since, now).send().await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("body starts"), "an excerpt: {err}");
    }
}

#[tokio::test]
async fn a_wrong_key_is_an_auth_error_and_timeouts_are_honoured() {
    let server = billing::mock::Server::start().await.unwrap();
    let client = billing::Client::builder()
        .credentials(server.public_key(), "not-the-private-key")
        .endpoint(server.base_url())
        .build()
        .unwrap();
    let (since, now) = last_30_days();
    let err = client.get_order_amount(since, now).send().await.unwrap_err();
    assert_eq!(err.api_code(), Some(171), "{err}");
    assert!(!format!("{err} {err:?}").contains("not-the-private-key"));

    let slow = billing::mock::Server::builder()
        .faults(Faults { latency: Some(Duration::from_millis(800)), ..Faults::default() })
        .start()
        .await
        .unwrap();
    let client = billing::Client::builder()
        .credentials(slow.public_key(), slow.private_key())
        .endpoint(slow.base_url())
        .timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.get_order_amount(since, now).send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(700), "gave up at the timeout");
}

async fn compute_with(faults: Faults) -> (compute::Client, compute::mock::RunningServer) {
    let server = compute::mock::Server::builder().faults(faults).start().await.unwrap();
    let client = compute::Client::builder()
        .credentials(server.public_key(), server.private_key())
        .endpoint(server.base_url())
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    (client, server)
}

fn network() -> compute::model::CreateInstanceNetwork {
    compute::model::CreateInstanceNetwork { vpc_id: "vpc-1".into(), subnet_id: "subnet-1".into() }
}

fn boot_disk() -> compute::model::CreateInstanceDisks {
    compute::model::CreateInstanceDisks { r#type: "SSD".into(), size: 40, is_boot: true }
}

#[tokio::test]
async fn creates_and_deletes_are_not_retried_while_reads_are() {
    for failure in [Failure::RetCode(150), Failure::RetCode(153), Failure::Http(502)] {
        let faults = Faults { fail_first: 1, fail_first_with: failure, ..Faults::default() };
        let (client, _server) = compute_with(faults.clone()).await;
        let err = client
            .create_instance("image-1", 2, 4.0, network())
            .disks([boot_disk()])
            .send()
            .await
            .unwrap_err();
        assert!(!matches!(err, Error::RetriesExhausted { .. }), "{failure:?}: one attempt only: {err:?}");
        assert!(err.api_code().is_some() || matches!(err, Error::Http { .. }), "{failure:?}: {err:?}");

        let (client, _server) = compute_with(faults.clone()).await;
        let err = client.delete_instance("i-1").send().await.unwrap_err();
        assert!(!matches!(err, Error::RetriesExhausted { .. }), "{failure:?}: {err:?}");

        let (client, _server) = compute_with(faults.clone()).await;
        client
            .describe_instances()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{failure:?}: a read is retried: {e}"));
    }
}

#[tokio::test]
async fn every_compute_action_answers() {
    let (client, _server) = compute_with(Faults::default()).await;
    let first = client.describe_instances().limit(10).send().await.unwrap();
    let all: Vec<_> = client.describe_instances().limit(10).items().try_collect().await.unwrap();
    assert_eq!(all.len() as i64, first.total_count, "offset/limit paging collects TotalCount items");
    let ids: HashSet<_> = all.iter().map(|i| i.instance_id.clone()).collect();
    assert_eq!(ids.len(), all.len(), "no duplicates");
    let tail: Vec<_> = client.describe_instances().offset(3).limit(10).items().try_collect().await.unwrap();
    assert_eq!(tail.len(), all.len() - 3, ".offset(3).items() starts at item 3");
    assert_eq!(tail[0].instance_id, all[3].instance_id);
    let images: Vec<_> = client.describe_images().items().try_collect().await.unwrap();
    assert!(!images.is_empty());
    client.get_instance_price(2, 4.0).send().await.unwrap();
}

/// The state of one instance as `DescribeInstances` filtered by its id shows it.
async fn state_of(client: &compute::Client, id: &str) -> Option<String> {
    let page = client.describe_instances().instance_ids([id.to_owned()]).send().await.unwrap();
    assert!(page.instance_set.len() <= 1 && page.total_count == page.instance_set.len() as i64);
    page.instance_set.first().map(|i| i.state.as_str().to_owned())
}

/// A waiter that polls quickly: the fake settles an instance after one read.
fn quick_waiter() -> sdkgen_runtime::Waiter {
    sdkgen_runtime::Waiter {
        deadline: Duration::from_secs(10),
        first_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

#[tokio::test]
async fn an_instance_lives_from_create_to_delete_with_no_fake_rules_written() {
    let (client, _server) = compute_with(Faults::default()).await;
    let before = client.describe_instances().send().await.unwrap().total_count;
    let created = client
        .create_instance("image-1", 2, 4.0, network())
        .disks([boot_disk()])
        .name("web-1")
        .send()
        .await
        .unwrap();
    let id = created.instance_id;
    assert!(id.starts_with("i-"), "the family's id prefix: {id}");
    // Created instances start in the documented transitional state, then settle.
    assert_eq!(state_of(&client, &id).await.as_deref(), Some("Pending"));
    let running = client.wait_for_instance(&id, State::Running, &quick_waiter()).await.unwrap();
    assert_eq!((running.instance_id.as_str(), running.state.known()), (id.as_str(), Some(State::Running)));
    let listed = client.describe_instances().instance_ids([id.clone()]).send().await.unwrap();
    assert_eq!(listed.instance_set[0].name, "web-1", "the create's params are the instance's fields");
    assert_eq!(client.describe_instances().send().await.unwrap().total_count, before + 1);

    client.stop_instance(id.clone()).send().await.unwrap();
    client.wait_for_instance(&id, State::Stopped, &quick_waiter()).await.unwrap();
    client.start_instance(id.clone()).send().await.unwrap();
    client.wait_for_instance(&id, State::Running, &quick_waiter()).await.unwrap();
    // A state the instance never reaches: the waiter gives up at its deadline, naming the last.
    let short = sdkgen_runtime::Waiter { deadline: Duration::from_millis(60), ..quick_waiter() };
    let never = client.wait_for_instance(&id, State::Deleting, &short).await.unwrap_err();
    match &never {
        Error::WaitTimedOut { last_state, .. } => assert_eq!(last_state.as_deref(), Some("Running")),
        other => panic!("{other}"),
    }
    client.resize_instance(id.clone()).cpu(4).send().await.unwrap();

    client.delete_instance(id.clone()).send().await.unwrap();
    assert_eq!(state_of(&client, &id).await, None, "a deleted instance is gone");
    let gone = client.wait_for_instance(&id, State::Running, &short).await.unwrap_err();
    assert!(matches!(&gone, Error::WaitTimedOut { last_state: None, .. }), "{gone}");
    let again = client.delete_instance(id.clone()).send().await.unwrap_err();
    assert_eq!(again.api_code(), Some(sdkgen_runtime::fake::codes::NOT_FOUND), "{again}");
    let unknown = client.stop_instance("i-unknown").send().await.unwrap_err();
    assert_eq!(unknown.api_code(), Some(sdkgen_runtime::fake::codes::NOT_FOUND), "{unknown}");
}

#[tokio::test]
async fn a_password_is_sent_but_never_printed() {
    let (client, _server) = compute_with(Faults::default()).await;
    let call =
        client.create_instance("image-1", 2, 4.0, network()).disks([boot_disk()]).login_password("hunter2");
    for shown in [format!("{call:?}"), format!("{:?}", call.request()), format!("{:#?}", call.request())] {
        assert!(!shown.contains("hunter2"), "a secret in Debug: {shown}");
        assert!(shown.contains("REDACTED"), "the field is there, redacted: {shown}");
    }
    // A request shows what it sends, by wire name; params left unset are not there.
    let shown = format!("{:?}", call.request());
    assert!(shown.starts_with("CreateInstanceRequest {"), "{shown}");
    assert!(
        shown.contains(r#"ImageId: "image-1""#) && shown.contains("LoginPassword: [REDACTED]"),
        "{shown}"
    );
    assert!(shown.contains(r#"Disks.0.Size: "40""#) && !shown.contains("BootDiskSize"), "{shown}");
    let mut params = sdkgen_runtime::Params::new();
    sdkgen_runtime::Action::encode(call.request(), &mut params);
    assert_eq!(params.get("LoginPassword"), Some("hunter2"), "the service gets the value");
    call.send().await.unwrap();
}

#[tokio::test]
async fn invoke_calls_an_action_by_name_and_answers_json() {
    let (client, _server) = compute_with(Faults::default()).await;
    let page = client.invoke_idempotent("DescribeInstances", [("Limit", "2")]).await.unwrap();
    assert_eq!(page["InstanceSet"].as_array().map(Vec::len), Some(2), "{page}");
    let created = client
        .invoke(
            "CreateInstance",
            [
                ("ImageId", "image-1"),
                ("CPU", "2"),
                ("MemoryGB", "4"),
                ("Network.VpcId", "vpc-1"),
                ("Network.SubnetId", "subnet-1"),
                ("Disks.0.Type", "SSD"),
                ("Disks.0.Size", "40"),
                ("Disks.0.IsBoot", "true"),
            ],
        )
        .await
        .unwrap();
    assert!(created["InstanceId"].as_str().is_some_and(|id| id.starts_with("i-")), "{created}");
    let unknown = client.invoke("DescribeTomorrow", [("Limit", "1")]).await.unwrap_err();
    assert_eq!(unknown.api_code(), Some(sdkgen_runtime::fake::codes::UNKNOWN_ACTION), "{unknown}");
}

#[tokio::test]
async fn one_call_can_have_its_own_timeout_and_retry_policy() {
    use sdkgen_runtime::CallSettings;
    // Every answer 300 ms late: the client's 60 s timeout waits, a call's own 50 ms does not.
    let slow = Faults { latency: Some(Duration::from_millis(300)), ..Faults::default() };
    let (client, _server) = compute_with(slow).await;
    let quick = CallSettings::new().timeout(Duration::from_millis(50)).retry_policy(RetryPolicy::never());
    let err = client.describe_instances().customize(quick).send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err}");
    client.describe_instances().send().await.expect("the client's own timeout is longer");

    // The first two requests fail with 503: the client's 3 attempts get through, one attempt does not.
    let flaky = Faults { fail_first: 2, fail_first_with: Failure::Http(503), ..Faults::default() };
    let (client, _server) = compute_with(flaky).await;
    let once = CallSettings::new().retry_policy(RetryPolicy::never());
    let err = client.describe_instances().customize(once).send().await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err}");
    client.describe_instances().send().await.expect("retried by the client's policy");
}

#[tokio::test]
async fn a_client_reads_a_profile_of_the_shared_files_after_the_environment() {
    let server = compute::mock::Server::builder().start().await.unwrap();
    let dir = std::env::temp_dir().join(format!("sdkgen-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = format!(
        r#"[{{"profile": "default", "active": true, "region": "nowhere"}},
            {{"profile": "fake", "base_url": "{}", "region": "us-ca", "timeout_sec": 5}}]"#,
        server.base_url()
    );
    let credential = format!(
        r#"[{{"profile": "fake", "public_key": "{}", "private_key": "{}"}}]"#,
        server.public_key(),
        server.private_key()
    );
    std::fs::write(dir.join("config.json"), config).unwrap();
    std::fs::write(dir.join("credential.json"), credential).unwrap();
    let env = |pairs: Vec<(String, String)>| {
        move |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };
    let shared = ("SURFERCLOUD_CONFIG_DIR".to_owned(), dir.display().to_string());
    let profile = ("SURFERCLOUD_PROFILE".to_owned(), "fake".to_owned());
    // Keys, endpoint and region from the named profile: the call goes through, signed.
    let client =
        compute::Client::builder().from_lookup(env(vec![shared.clone(), profile.clone()])).build().unwrap();
    assert_eq!(client.transport().region(), Some("us-ca"));
    client.describe_instances().send().await.expect("signed with the profile's keys");
    // The environment wins over the files; the code wins over both.
    let region = ("SURFERCLOUD_REGION".to_owned(), "hk".to_owned());
    let client =
        compute::Client::builder().from_lookup(env(vec![shared.clone(), profile, region])).build().unwrap();
    assert_eq!(client.transport().region(), Some("hk"));
    let client = compute::Client::builder()
        .region("sg")
        .profile("fake")
        .from_lookup(env(vec![shared.clone()]))
        .build()
        .unwrap();
    assert_eq!(client.transport().region(), Some("sg"));
    // The active profile when none is named: it has no keys, so the client says what is missing.
    let err = compute::Client::builder().from_lookup(env(vec![shared])).build().unwrap_err();
    assert!(err.to_string().contains("SURFERCLOUD_PUBLIC_KEY"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_interceptor_sees_each_call_and_each_attempt() {
    use sdkgen_runtime::{Attempt, Interceptor, Params};
    use std::sync::{Arc, Mutex};

    /// Pages in twos whatever the call says, and writes down every attempt.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<String>>>);
    impl Interceptor for Recorder {
        fn before_send(&self, action: &str, params: &mut Params) {
            params.set_str("Limit", "2");
            self.0.lock().unwrap().push(format!("send {action}"));
        }
        fn after_attempt(&self, attempt: &Attempt<'_>) {
            let outcome = match attempt.outcome {
                Ok(raw) => format!("ok {}", raw.status.as_u16()),
                Err(e) => format!("err {}", e.report()),
            };
            self.0.lock().unwrap().push(format!("{} #{} {outcome}", attempt.action, attempt.number));
        }
    }
    let flaky = Faults { fail_first: 1, fail_first_with: Failure::Http(503), ..Faults::default() };
    let server = compute::mock::Server::builder().faults(flaky).start().await.unwrap();
    let recorder = Recorder::default();
    let client = compute::Client::builder()
        .credentials(server.public_key(), server.private_key())
        .endpoint(server.base_url())
        .retry_policy(fast_retries(3))
        .interceptor(recorder.clone())
        .build()
        .unwrap();
    let page = client.describe_instances().send().await.unwrap();
    assert_eq!(page.instance_set.len(), 2, "the interceptor's Limit was sent, and signed");
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[0], "send DescribeInstances");
    assert!(seen[1].starts_with("DescribeInstances #1 err HTTP status 503"), "{seen:?}");
    assert_eq!(seen[2], "DescribeInstances #2 ok 200");
}
