//! Unix timestamps in seconds: "Unix timestamp", "Unix时间戳", "时间戳，单位秒"; never milliseconds.

use super::text::{at, contains, contains_word, word_at};

/// Words after "unix" that make it a point in time ("Unix timestamp", "unix时间", "UNIX 时间戳").
const UNIX_TIME_WORDS: &[&str] = &["timestamp", "time", "时间", "epoch", "秒"];

/// True when the (normalised) text says the value is a Unix time in seconds.
pub(crate) fn is_unix_seconds(t: &[char]) -> bool {
    if finer_than_seconds(t) {
        return false;
    }
    let unix = (0..t.len()).any(|i| {
        (i == 0 || !t[i - 1].is_ascii_alphabetic()) && at(t, i, "unix") && {
            let mut j = i + 4;
            while matches!(t.get(j), Some(' ' | '-' | '_')) {
                j += 1;
            }
            UNIX_TIME_WORDS.iter().any(|w| at(t, j, w))
        }
    });
    let stamp = contains(t, "时间戳") || contains_word(t, "timestamp");
    let epoch = contains_word(t, "epoch");
    unix || ((stamp || epoch) && says_seconds(t))
}

/// "秒", "seconds", "单位s", "10位": the unit is the second.
fn says_seconds(t: &[char]) -> bool {
    contains(t, "秒")
        || contains_word(t, "seconds")
        || contains_word(t, "second")
        || contains(t, "10位")
        || (0..t.len()).any(|i| {
            at(t, i, "单位") && {
                let mut j = i + 2;
                while matches!(t.get(j), Some(' ' | ':')) {
                    j += 1;
                }
                word_at(t, j, "s")
            }
        })
}

/// Milliseconds (or finer): not the seconds a `UnixSeconds` format promises.
fn finer_than_seconds(t: &[char]) -> bool {
    ["毫秒", "微秒", "纳秒", "13位", "millisecond", "microsecond", "nanosecond"]
        .iter()
        .any(|p| contains(t, p))
        || contains_word(t, "ms")
}

#[cfg(test)]
mod tests {
    use super::super::text::normalize;
    use super::*;

    fn unix(s: &str) -> bool {
        is_unix_seconds(&normalize(s))
    }

    #[test]
    fn real_phrasings_are_unix_seconds() {
        assert!(unix("Query start time (Unix timestamp, seconds)."));
        assert!(unix("Unix timestamp"));
        assert!(unix("创建时间，格式为Unix时间戳"));
        assert!(unix("负载均衡实例创建时间。格式为Unix Timestamp"));
        assert!(unix("查询开始时间;unix时间戳，单位s"));
        assert!(unix("配额消费时间，unix时间"));
        assert!(unix("起始时间点，秒级时间戳"));
        assert!(unix("结束时间，值为10位数时间戳"));
        assert!(unix("时间戳，单位：s"));
        assert!(unix("Seconds since the epoch"));
    }

    #[test]
    fn milliseconds_and_vague_mentions_are_not() {
        assert!(!unix("UNIX时间戳，单位：ms"));
        assert!(!unix("时间戳（毫秒）"));
        assert!(!unix("Unix timestamp in milliseconds"));
        assert!(!unix("持续时间，单位秒"));
        assert!(!unix("时间戳"));
        assert!(!unix("Operating system type: unix, windows"));
    }
}
