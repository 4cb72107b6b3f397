//! Unix-second timestamps as a type: the wire carries seconds, users hold a [`UnixTime`] they
//! can turn into a [`SystemTime`], and request setters accept either.

use crate::params::{EncodeParams, Params};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, as the API sends and expects them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// The current time, to the second.
    pub fn now() -> UnixTime {
        UnixTime::from(SystemTime::now())
    }

    /// The raw seconds.
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// As a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        crate::decode::unix_seconds(self.0)
    }

    /// This time moved by `seconds` (negative: earlier), saturating.
    pub fn add_seconds(self, seconds: i64) -> UnixTime {
        UnixTime(self.0.saturating_add(seconds))
    }

    /// This time moved back by `days` whole days, saturating.
    pub fn days_ago(self, days: i64) -> UnixTime {
        self.add_seconds(days.saturating_mul(-86_400))
    }
}

impl From<i64> for UnixTime {
    fn from(seconds: i64) -> UnixTime {
        UnixTime(seconds)
    }
}

impl From<SystemTime> for UnixTime {
    /// Truncates to whole seconds; times before the epoch give negative seconds.
    fn from(time: SystemTime) -> UnixTime {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => UnixTime(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Err(e) => {
                let before: Duration = e.duration();
                UnixTime(-i64::try_from(before.as_secs()).unwrap_or(i64::MAX))
            }
        }
    }
}

impl From<UnixTime> for SystemTime {
    fn from(time: UnixTime) -> SystemTime {
        time.to_system_time()
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl EncodeParams for UnixTime {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_int(prefix, self.0);
    }
}

impl<'de> Deserialize<'de> for UnixTime {
    /// Tolerant like the other decoders: `1700000000`, `"1700000000"` or `1.7e9`.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<UnixTime, D::Error> {
        crate::decode::int(d).map(UnixTime)
    }
}

/// An optional timestamp: `null`, `""` and a missing key are `None`.
pub fn opt_unix_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UnixTime>, D::Error> {
    crate::decode::opt_int(d).map(|v: Option<i64>| v.map(UnixTime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways_and_encodes_seconds() {
        let t = UnixTime(1_700_000_000);
        assert_eq!(UnixTime::from(t.to_system_time()), t);
        assert_eq!(t.days_ago(1).seconds(), 1_700_000_000 - 86_400);
        let mut p = Params::new();
        t.encode("StartTime", &mut p);
        assert_eq!(p.get("StartTime"), Some("1700000000"));
    }

    #[test]
    fn decodes_numbers_and_numeric_strings() {
        let t: UnixTime = serde_json::from_str("\"1700000000\"").unwrap();
        assert_eq!(t.seconds(), 1_700_000_000);
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "opt_unix_time")]
            t: Option<UnixTime>,
        }
        let s: S = serde_json::from_str(r#"{"t": ""}"#).unwrap();
        assert_eq!(s.t, None);
        assert!(serde_json::from_str::<UnixTime>("\"soon\"").is_err());
    }
}
