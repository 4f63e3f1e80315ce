pub mod offline;
pub mod shell;
pub mod ksef_value;
