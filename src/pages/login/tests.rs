//! The login page's reducers, natively.
