//! The wire-name grammar: `PageSize`, `ResourceIds.N`, `Disks.N.Size`, `Foo.Bar`, `Foo.N.Bar.N.Baz`.
//!
//! A name is segments joined by `.`; a segment that is exactly `N` or `n` marks a list (its
//! element comes next), any other segment names a member. The first segment is always a name.

use std::fmt;

/// One segment of a wire name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A member name, e.g. `Disks` or `Size`.
    Name(String),
    /// The list marker `N` (or `n`): the previous name is a list.
    Index,
}

/// A parsed wire name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WireName {
    /// The segments, never empty, the first always a [`Segment::Name`].
    pub segments: Vec<Segment>,
}

/// Why a string is not a wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireNameError {
    /// The name is empty or blank.
    Empty,
    /// A segment between two dots (or at an end) is empty: `Foo..Bar`, `.Foo`, `Foo.`.
    EmptySegment,
    /// The name starts with a list marker: `N.Foo`.
    LeadingIndex,
    /// A segment holds a character that no wire name uses (space, `=`, `&`, …).
    BadCharacter(char),
}

impl fmt::Display for WireNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireNameError::Empty => f.write_str("the name is empty"),
            WireNameError::EmptySegment => {
                f.write_str("the name has an empty segment (two dots, or a dot at an end)")
            }
            WireNameError::LeadingIndex => f.write_str("the name starts with the list marker `N`"),
            WireNameError::BadCharacter(c) => {
                write!(f, "the name holds the character {c:?}, which no wire name uses")
            }
        }
    }
}

impl std::error::Error for WireNameError {}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

impl WireName {
    /// Parses a documented wire name.
    pub fn parse(text: &str) -> Result<WireName, WireNameError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(WireNameError::Empty);
        }
        let mut segments = Vec::new();
        for part in text.split('.') {
            if part.is_empty() {
                return Err(WireNameError::EmptySegment);
            }
            if let Some(bad) = part.chars().find(|c| !is_name_char(*c)) {
                return Err(WireNameError::BadCharacter(bad));
            }
            if part == "N" || part == "n" {
                if segments.is_empty() {
                    return Err(WireNameError::LeadingIndex);
                }
                segments.push(Segment::Index);
            } else {
                segments.push(Segment::Name(part.to_string()));
            }
        }
        Ok(WireName { segments })
    }

    /// The first segment: the top-level param this name belongs to (`Disks` for `Disks.N.Size`).
    pub fn root(&self) -> &str {
        match &self.segments[0] {
            Segment::Name(name) => name,
            Segment::Index => unreachable!("parse never yields a leading index"),
        }
    }

    /// True when the name has more than one segment.
    pub fn is_nested(&self) -> bool {
        self.segments.len() > 1
    }

    /// True when the top-level param is a list (`Foo.N`, `Foo.N.Bar`).
    pub fn root_is_list(&self) -> bool {
        matches!(self.segments.get(1), Some(Segment::Index))
    }

    /// The name with the list markers replaced by concrete indexes, in order:
    /// `Disks.N.Size` with `[2]` → `Disks.2.Size`. Missing indexes are taken as 0.
    pub fn instantiate(&self, indexes: &[usize]) -> String {
        let mut out = String::new();
        let mut next = indexes.iter();
        for (i, seg) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            match seg {
                Segment::Name(n) => out.push_str(n),
                Segment::Index => out.push_str(&next.next().copied().unwrap_or(0).to_string()),
            }
        }
        out
    }

    /// How many list markers the name holds (its nesting depth in lists).
    pub fn list_depth(&self) -> usize {
        self.segments.iter().filter(|s| **s == Segment::Index).count()
    }
}

impl fmt::Display for WireName {
    /// The canonical spelling, list markers as `N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match seg {
                Segment::Name(n) => f.write_str(n)?,
                Segment::Index => f.write_str("N")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(w: &WireName) -> Vec<String> {
        w.segments
            .iter()
            .map(|s| match s {
                Segment::Name(n) => n.clone(),
                Segment::Index => "#".into(),
            })
            .collect()
    }

    #[test]
    fn parses_the_documented_shapes() {
        assert_eq!(names(&WireName::parse("PageSize").unwrap()), ["PageSize"]);
        assert_eq!(names(&WireName::parse("ResourceIds.N").unwrap()), ["ResourceIds", "#"]);
        assert_eq!(names(&WireName::parse("Disks.N.Size").unwrap()), ["Disks", "#", "Size"]);
        assert_eq!(names(&WireName::parse("Foo.Bar").unwrap()), ["Foo", "Bar"]);
        assert_eq!(names(&WireName::parse("Foo.N.Bar.N.Baz").unwrap()), ["Foo", "#", "Bar", "#", "Baz"]);
        assert_eq!(names(&WireName::parse("Tags.n").unwrap()), ["Tags", "#"]);
    }

    #[test]
    fn root_and_list_flags() {
        let w = WireName::parse("Disks.N.Size").unwrap();
        assert_eq!(w.root(), "Disks");
        assert!(w.root_is_list());
        assert!(w.is_nested());
        assert_eq!(w.list_depth(), 1);
        assert_eq!(w.instantiate(&[3]), "Disks.3.Size");
        assert!(!WireName::parse("Foo.Bar").unwrap().root_is_list());
    }

    #[test]
    fn rejects_malformed_names() {
        assert_eq!(WireName::parse(""), Err(WireNameError::Empty));
        assert_eq!(WireName::parse("Foo..Bar"), Err(WireNameError::EmptySegment));
        assert_eq!(WireName::parse("Foo."), Err(WireNameError::EmptySegment));
        assert_eq!(WireName::parse("N.Foo"), Err(WireNameError::LeadingIndex));
        assert_eq!(WireName::parse("Foo Bar"), Err(WireNameError::BadCharacter(' ')));
    }

    proptest! {
        #[test]
        fn never_panics_and_round_trips(text in "\\PC{0,40}") {
            if let Ok(w) = WireName::parse(&text) {
                let again = WireName::parse(&w.to_string()).unwrap();
                prop_assert_eq!(again, w);
            }
        }

        #[test]
        fn valid_names_parse(parts in proptest::collection::vec("[A-Za-z][A-Za-z0-9_]{0,8}|N", 1..6)) {
            let text = parts.join(".");
            let parsed = WireName::parse(&text);
            if parts[0] == "N" || parts[0] == "n" {
                prop_assert_eq!(parsed, Err(WireNameError::LeadingIndex));
            } else {
                prop_assert_eq!(parsed.unwrap().segments.len(), parts.len());
            }
        }
    }
}
