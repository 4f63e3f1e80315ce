pub mod ksef_value;
pub mod offline;
pub mod shell;
