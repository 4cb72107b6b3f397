//! When and how long to wait before trying a failed call again.

use std::time::Duration;

use crate::error::Error;

/// Retry settings: exponential backoff with full jitter, capped.
///
/// Calls that are not idempotent (creating a host, say) are retried only if
/// `retry_non_idempotent` is set, or if the request surely never reached the
/// server (connection refused), since repeating them could act twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first; 1 disables retries.
    pub max_attempts: u32,
    /// Ceiling of the first retry's delay; doubles each retry.
    pub base_delay: Duration,
    /// No delay exceeds this.
    pub max_delay: Duration,
    /// Retry transient failures of non-idempotent calls too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..Self::default() }
    }

    /// Upper bound of the wait after the `attempt`-th failure (1-based):
    /// `min(max_delay, base_delay * 2^(attempt-1))`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(31);
        self.base_delay.checked_mul(1u32 << exp).map_or(self.max_delay, |d| d.min(self.max_delay))
    }

    /// Randomized wait after the `attempt`-th failure, uniform in `[0, ceiling]`
    /// ("full jitter", so many clients do not retry in lockstep).
    pub fn delay_for(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// Whether to try again after `attempt` attempts ended in `err`.
    pub fn should_retry(&self, err: &Error, attempt: u32, idempotent: bool) -> bool {
        attempt < self.max_attempts
            && err.is_retryable()
            && (idempotent || self.retry_non_idempotent || err.is_connect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy() -> Error {
        Error::Api { action: "A".into(), code: 150, message: String::new(), request_id: None }
    }

    #[test]
    fn ceilings_double_and_cap() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(750),
            ..RetryPolicy::default()
        };
        let ms: Vec<u128> = (1..=6).map(|a| p.ceiling(a).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 750, 750, 750]);
        assert_eq!(p.ceiling(u32::MAX), Duration::from_millis(750), "no overflow");
    }

    #[test]
    fn delays_stay_within_bounds_and_vary() {
        let p = RetryPolicy::default();
        for attempt in 1..=8 {
            let cap = p.ceiling(attempt);
            let samples: Vec<Duration> = (0..200).map(|_| p.delay_for(attempt)).collect();
            assert!(samples.iter().all(|d| *d <= cap), "attempt {attempt}");
            assert!(samples.iter().any(|d| *d != samples[0]), "jitter varies");
        }
        assert!(p.delay_for(40) <= p.max_delay);
    }

    #[test]
    fn idempotency_gates_retries() {
        let p = RetryPolicy::default();
        assert!(p.should_retry(&busy(), 1, true));
        assert!(p.should_retry(&busy(), 2, true));
        assert!(!p.should_retry(&busy(), 3, true), "attempts exhausted");
        assert!(!p.should_retry(&busy(), 1, false), "non-idempotent");
        let eager = RetryPolicy { retry_non_idempotent: true, ..p.clone() };
        assert!(eager.should_retry(&busy(), 1, false));
        let fatal = Error::Api { action: "A".into(), code: 171, message: String::new(), request_id: None };
        assert!(!p.should_retry(&fatal, 1, true));
        assert!(!RetryPolicy::never().should_retry(&busy(), 1, true));
    }
}
