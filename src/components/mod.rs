pub mod offline;
pub mod shell;
