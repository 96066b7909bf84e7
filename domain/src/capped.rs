//! A list that is not paged shows at most a fixed number of rows, and says
//! so when there were more (issue #16: no list truncates silently).

use serde::{Deserialize, Serialize};

/// At most `cap` rows of a list, and whether more matched. Queries fetch one
/// row beyond the cap ([`Capped::limit`]) to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capped<T> {
    pub items: Vec<T>,
    /// More rows matched than are shown.
    pub more: bool,
}

impl<T> Capped<T> {
    /// The SQL `limit` for a list capped at `cap` rows.
    pub const fn limit(cap: usize) -> usize {
        cap + 1
    }

    /// The first `cap` of `rows` (fetched with [`Capped::limit`]).
    pub fn of(mut rows: Vec<T>, cap: usize) -> Self {
        let more = rows.len() > cap;
        rows.truncate(cap);
        Capped { items: rows, more }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Capped<U> {
        Capped {
            items: self.items.into_iter().map(f).collect(),
            more: self.more,
        }
    }
}

impl<T> std::ops::Deref for Capped<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> IntoIterator for Capped<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_beyond_the_cap_says_there_were_more() {
        let c = Capped::of((0..4).collect::<Vec<_>>(), 3);
        assert_eq!((c.items.clone(), c.more), (vec![0, 1, 2], true));
        let c = Capped::of((0..3).collect::<Vec<_>>(), 3);
        assert_eq!((c.items.clone(), c.more), (vec![0, 1, 2], false));
        assert_eq!(Capped::<u8>::limit(500), 501);
    }
}
