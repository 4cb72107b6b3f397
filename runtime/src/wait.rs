//! Waiters: poll a describe call until a resource reaches a documented state.
//!
//! Generated SDKs have a `wait_for_*` method for each describe action whose items carry a
//! documented state field (`client.wait_for_uhost_instance(id, State::Running, &Waiter::default())`);
//! this module is what they call. Each poll is an ordinary call, so it is signed, retried on
//! transient failures and timed out like any other; between polls the delay grows from
//! [`Waiter::first_delay`] to [`Waiter::max_delay`], and past [`Waiter::deadline`] the wait ends
//! with [`Error::WaitTimedOut`], naming the state last seen.

use std::future::Future;
use std::time::Duration;

use crate::{Error, OrUnknown, Result, Variants};

/// How long and how often a waiter polls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiter {
    /// Give up after this long (default 10 minutes).
    pub deadline: Duration,
    /// The pause after the first poll that does not satisfy (default 1 s).
    pub first_delay: Duration,
    /// The longest pause between polls (default 15 s); each pause doubles up to it.
    pub max_delay: Duration,
}

impl Default for Waiter {
    fn default() -> Self {
        Waiter {
            deadline: Duration::from_secs(600),
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15),
        }
    }
}

impl Waiter {
    /// A waiter giving up after `deadline`, with the default pauses.
    pub fn with_deadline(deadline: Duration) -> Self {
        Waiter { deadline, ..Waiter::default() }
    }
}

/// What one poll saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Polled<T> {
    /// The resource is in the wanted state: the wait is over.
    Ready(T),
    /// The resource is in another state (its wire value).
    Pending(String),
    /// The describe call did not list the resource.
    Missing,
}

/// Waits until the item `id` of a describe call is in state `wanted`: what every generated
/// `wait_for_*` method is, with its action's names filled in. `describe` lists the items
/// (filtered by the id), `id_of` and `state_of` read one; an item the call does not list is
/// [`Polled::Missing`], another state [`Polled::Pending`] with its wire value.
pub async fn until_state<T, E, F, Fut>(
    waiter: &Waiter,
    resource: &str,
    id: &str,
    wanted: E,
    mut describe: F,
    id_of: fn(&T) -> Option<&str>,
    state_of: fn(&T) -> Option<&OrUnknown<E>>,
) -> Result<T>
where
    E: Variants,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
{
    let what = format!("{resource} {id} to be {}", wanted.as_str());
    until(waiter, what, || {
        let listed = describe();
        async move {
            let Some(item) = listed.await?.into_iter().find(|item| id_of(item) == Some(id)) else {
                return Ok(Polled::Missing);
            };
            Ok(match state_of(&item) {
                Some(seen) if seen.known() == Some(wanted) => Polled::Ready(item),
                Some(seen) => Polled::Pending(seen.as_str().to_owned()),
                None => Polled::Pending(String::new()),
            })
        }
    })
    .await
}

/// Calls `poll` until it answers [`Polled::Ready`], an error, or `waiter`'s deadline passes.
/// `what` names the wait in the timeout error (`UHostInstance uhost-1 to be Running`).
pub async fn until<T, F, Fut>(waiter: &Waiter, what: impl Into<String>, mut poll: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Polled<T>>>,
{
    let started = tokio::time::Instant::now();
    let mut delay = waiter.first_delay;
    loop {
        let last_state = match poll().await? {
            Polled::Ready(item) => return Ok(item),
            Polled::Pending(state) => Some(state),
            Polled::Missing => None,
        };
        let waited = started.elapsed();
        if waited + delay > waiter.deadline {
            return Err(Error::WaitTimedOut { what: what.into(), waited, last_state });
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(waiter.max_delay.max(waiter.first_delay));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick(deadline_ms: u64) -> Waiter {
        Waiter {
            deadline: Duration::from_millis(deadline_ms),
            first_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
        }
    }

    #[tokio::test]
    async fn ends_at_the_wanted_state_after_the_others() {
        let mut seen = vec![Polled::Ready(7), Polled::Pending("Starting".into()), Polled::Missing];
        let polls = std::cell::Cell::new(0);
        let got = until(&quick(5_000), "x", || {
            polls.set(polls.get() + 1);
            let next = seen.pop().unwrap();
            async move { Ok(next) }
        })
        .await
        .unwrap();
        assert_eq!((got, polls.get()), (7, 3));
    }

    #[tokio::test]
    async fn gives_up_at_the_deadline_naming_the_last_state() {
        let err = until(&quick(20), "Widget w-1 to be Running", || async {
            Ok::<_, Error>(Polled::<()>::Pending("Stopped".into()))
        })
        .await
        .unwrap_err();
        let Error::WaitTimedOut { last_state, .. } = &err else { panic!("{err}") };
        assert_eq!(last_state.as_deref(), Some("Stopped"));
        assert!(err.to_string().starts_with("gave up waiting for Widget w-1 to be Running after"), "{err}");
    }

    #[tokio::test]
    async fn an_error_of_a_poll_ends_the_wait() {
        let err = until(&quick(5_000), "x", || async {
            Err::<Polled<()>, _>(Error::Validation { field: "f".into(), message: "m".into() })
        })
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Validation { .. }));
    }
}
