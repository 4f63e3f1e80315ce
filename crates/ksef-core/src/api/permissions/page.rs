//! Paging of the permission queries: `pageOffset` (a page number from 0) and `pageSize`
//! (10..100, default 10) in the query string; an answer says `hasMore` when a next page exists.

use crate::lang::{Lang, Localized};

/// One page of a `/permissions/query/*` answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Page {
    /// The page number, from 0 (not an item index).
    pub offset: u32,
    pub size: u32,
}

/// Why `pageOffset`/`pageSize` are not acceptable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum PageError {
    Size { got: String },
    Offset { got: String },
}

impl Localized for PageError {
    fn message(&self, lang: Lang) -> String {
        let (min, max) = (Page::MIN_SIZE, Page::MAX_SIZE);
        match (self, lang) {
            (PageError::Size { got }, Lang::Pl) => {
                format!("pageSize: liczba od {min} do {max}, podano „{got}”")
            }
            (PageError::Size { got }, Lang::En) => {
                format!("pageSize: a number from {min} to {max}, “{got}” given")
            }
            (PageError::Offset { got }, Lang::Pl) => {
                format!("pageOffset: liczba całkowita ≥ 0, podano „{got}”")
            }
            (PageError::Offset { got }, Lang::En) => {
                format!("pageOffset: a whole number ≥ 0, “{got}” given")
            }
        }
    }
}

impl Default for Page {
    fn default() -> Page {
        Page {
            offset: 0,
            size: Page::DEFAULT_SIZE,
        }
    }
}

impl Page {
    pub const MIN_SIZE: u32 = 10;
    pub const MAX_SIZE: u32 = 100;
    pub const DEFAULT_SIZE: u32 = 10;
    /// The spec's `int32`.
    const MAX_OFFSET: u32 = i32::MAX as u32;

    pub fn new(offset: u32, size: u32) -> Result<Page, PageError> {
        if !(Page::MIN_SIZE..=Page::MAX_SIZE).contains(&size) {
            return Err(PageError::Size {
                got: size.to_string(),
            });
        }
        if offset > Page::MAX_OFFSET {
            return Err(PageError::Offset {
                got: offset.to_string(),
            });
        }
        Ok(Page { offset, size })
    }

    /// The first page of the largest size: the fewest calls to read a whole list.
    pub fn largest() -> Page {
        Page {
            offset: 0,
            size: Page::MAX_SIZE,
        }
    }

    pub fn next(self) -> Page {
        Page {
            offset: self.offset.saturating_add(1).min(Page::MAX_OFFSET),
            ..self
        }
    }

    /// `pageOffset=…&pageSize=…`, to append after `?`.
    pub fn query(self) -> String {
        format!("pageOffset={}&pageSize={}", self.offset, self.size)
    }

    /// The page a request asks for; absent parameters take the spec's defaults.
    pub fn from_query(offset: Option<&str>, size: Option<&str>) -> Result<Page, PageError> {
        let offset = match offset {
            None => 0,
            Some(s) => s
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= Page::MAX_OFFSET)
                .ok_or_else(|| PageError::Offset { got: s.into() })?,
        };
        let size = match size {
            None => Page::DEFAULT_SIZE,
            Some(s) => s
                .parse::<u32>()
                .ok()
                .filter(|n| (Page::MIN_SIZE..=Page::MAX_SIZE).contains(n))
                .ok_or_else(|| PageError::Size { got: s.into() })?,
        };
        Ok(Page { offset, size })
    }

    /// This page of `items` and whether more follow (`hasMore`).
    pub fn slice<T>(self, items: &[T]) -> (&[T], bool) {
        let size = self.size as usize;
        let start = (self.offset as usize).saturating_mul(size).min(items.len());
        let end = start.saturating_add(size).min(items.len());
        (&items[start..end], end < items.len())
    }
}
