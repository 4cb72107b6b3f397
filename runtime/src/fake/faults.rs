//! Fault injection: what a flaky gateway does, reproducibly.
//!
//! Each API request gets a sequence number; every decision is a pure function of
//! (seed, number, fault kind), so a test that sees request 3 fail sees it fail every run.

use std::time::Duration;

use super::rng::{mix, unit};

/// Faults to inject into API answers (download URLs are never faulted).
///
/// Rates are probabilities in `[0, 1]`: 0 never, 1 always. Checked in this order, first
/// match wins: `fail_first`, `http_error_rate`, `retcode_rate`; then a successful answer
/// may be `truncate_rate`d, `malformed_rate`d or trickled (`slow_body`).
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// Time from an API request's arrival to its answer (the fake's own work counts toward
    /// it, as a server's work overlaps a network round trip).
    pub latency: Option<Duration>,
    /// Rate of answers replaced by `RetCode` [`Faults::retcode`] (HTTP 200).
    pub retcode_rate: f64,
    /// The RetCode injected: 150 (service busy) by default; 153 is the other retryable one.
    pub retcode: i64,
    /// Rate of answers replaced by HTTP [`Faults::http_status`] with a plain-text body.
    pub http_error_rate: f64,
    /// The HTTP status injected: 502 by default (503 is the other common one).
    pub http_status: u16,
    /// Rate of JSON bodies cut in half.
    pub truncate_rate: f64,
    /// Rate of JSON bodies made syntactically invalid.
    pub malformed_rate: f64,
    /// When set, bodies are trickled in small chunks spread over this long.
    pub slow_body: Option<Duration>,
    /// The first this-many API requests fail with [`Faults::fail_first_with`], later ones do not.
    pub fail_first: u64,
    /// How the first requests fail.
    pub fail_first_with: Failure,
}

/// One injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// HTTP 200 with this RetCode.
    RetCode(i64),
    /// This HTTP status.
    Http(u16),
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency: None,
            retcode_rate: 0.0,
            retcode: 150,
            http_error_rate: 0.0,
            http_status: 502,
            truncate_rate: 0.0,
            malformed_rate: 0.0,
            slow_body: None,
            fail_first: 0,
            fail_first_with: Failure::Http(503),
        }
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) fail: Option<Failure>,
    pub(crate) truncate: bool,
    pub(crate) malformed: bool,
}

impl Faults {
    /// Whether any fault at all is configured (the server skips the bookkeeping otherwise).
    pub fn is_none(&self) -> bool {
        *self == Faults { retcode: self.retcode, http_status: self.http_status, ..Faults::default() }
    }

    pub(crate) fn plan(&self, seed: u64, n: u64) -> Plan {
        let roll = |kind: u64, rate: f64| rate > 0.0 && unit(mix(seed ^ mix(n ^ (kind << 56)))) < rate;
        let fail = if n < self.fail_first {
            Some(self.fail_first_with)
        } else if roll(1, self.http_error_rate) {
            Some(Failure::Http(self.http_status))
        } else if roll(2, self.retcode_rate) {
            Some(Failure::RetCode(self.retcode))
        } else {
            None
        };
        Plan { fail, truncate: roll(3, self.truncate_rate), malformed: roll(4, self.malformed_rate) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_deterministic_and_roughly_right() {
        let f = Faults { retcode_rate: 0.3, ..Faults::default() };
        let hits = (0..10_000).filter(|n| f.plan(9, *n).fail.is_some()).count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
        let again = (0..10_000).filter(|n| f.plan(9, *n).fail.is_some()).count();
        assert_eq!(hits, again);
    }

    #[test]
    fn extremes_and_fail_first() {
        let always = Faults { http_error_rate: 1.0, ..Faults::default() };
        assert!((0..100).all(|n| always.plan(1, n).fail == Some(Failure::Http(502))));
        let first = Faults { fail_first: 2, fail_first_with: Failure::RetCode(153), ..Faults::default() };
        assert_eq!(first.plan(1, 0).fail, Some(Failure::RetCode(153)));
        assert_eq!(first.plan(1, 1).fail, Some(Failure::RetCode(153)));
        assert_eq!(first.plan(1, 2).fail, None);
        assert!(Faults::default().is_none());
        assert!(!first.is_none());
    }
}
