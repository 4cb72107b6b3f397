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

    /// Reads an RFC 3339 / ISO 8601 date-time, such as STS's `Expiration`:
    /// `2025-10-20T06:51:25Z`, `2025-10-20T14:51:25.5+08:00`. A space or a lower-case `t`
    /// may separate date and time, `z` may be lower-case, and a time without an offset is
    /// taken as UTC (the STS docs say "UTC time" and some answers omit the `Z`). Fractions of
    /// a second are dropped. `None` for anything else, including impossible dates.
    pub fn parse_rfc3339(text: &str) -> Option<UnixTime> {
        let b = text.trim().as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let digits = b.get(range)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
        };
        if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if civil_from_days(days) != (year, month, day) {
            return None; // 2025-02-30 and the like
        }
        let mut rest = &b[19..];
        if let Some((b'.', fraction)) = rest.split_first() {
            let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &fraction[digits..];
        }
        let offset = match rest {
            [] | [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let two = |a: u8, b: u8| -> Option<i64> {
                    (a.is_ascii_digit() && b.is_ascii_digit())
                        .then(|| i64::from((a - b'0') * 10 + (b - b'0')))
                };
                let (h, m) = (two(*h1, *h2)?, two(*m1, *m2)?);
                if h > 23 || m > 59 {
                    return None;
                }
                let minutes = h * 60 + m;
                if *sign == b'+' {
                    minutes * 60
                } else {
                    -minutes * 60
                }
            }
            _ => return None,
        };
        Some(UnixTime(days * 86_400 + hour * 3_600 + minute * 60 + second - offset))
    }

    /// This time as RFC 3339 in UTC, to the second: `2025-10-20T06:51:25Z`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3_600,
            secs % 3_600 / 60,
            secs % 60
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era arithmetic).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12; // March is 0
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
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

    #[test]
    fn rfc3339_reads_the_shapes_sts_answers_and_refuses_the_rest() {
        let at = |s: &str| UnixTime::parse_rfc3339(s).map(UnixTime::seconds);
        // 2025-10-20T06:51:25Z, the Go SDK's example, is 1760943085.
        for same in [
            "2025-10-20T06:51:25Z",
            "2025-10-20t06:51:25z",
            "2025-10-20 06:51:25",
            "2025-10-20T06:51:25.999Z",
            "2025-10-20T14:51:25+08:00",
            "2025-10-19T22:51:25-08:00",
            " 2025-10-20T06:51:25Z ",
        ] {
            assert_eq!(at(same), Some(1_760_943_085), "{same}");
        }
        assert_eq!(at("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(at("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(at("1969-12-31T23:59:59Z"), Some(-1));
        for bad in [
            "",
            "1760943085",
            "2025-10-20",
            "2025-02-30T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-10-20T24:00:00Z",
            "2025-10-20T06:51:25.Z",
            "2025-10-20T06:51:25+0800",
            "2025-10-20T06:51:25 UTC",
            "2025-1a-20T06:51:25Z",
            "２025-10-20T06:51:25Z",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339_round_trips() {
        for secs in [0, -1, 951_782_400, 1_760_943_085, 4_102_444_799, -62_135_596_800] {
            let text = UnixTime(secs).to_rfc3339();
            assert_eq!(UnixTime::parse_rfc3339(&text), Some(UnixTime(secs)), "{text}");
        }
        assert_eq!(UnixTime(1_760_943_085).to_rfc3339(), "2025-10-20T06:51:25Z");
    }
}
