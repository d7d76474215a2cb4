//! The pipelines, one file each: [`build`] (rubric, forms, scoring sheet), [`report`]
//! (final reports and the archive, from a filled sheet) and [`verify`] (check an
//! archive), [`collect`] (read filled observation forms back). They share the stages in the crate root ([`crate::prepare`]).

pub mod build;
pub mod collect;
pub mod report;
pub mod verify;
