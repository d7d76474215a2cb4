//! The scoring sheet's round trip: [`write`] makes the workbook with live formulas,
//! [`read`] reads a filled one back, and [`layout`] is the contract both use, so a sheet
//! meetlat wrote is a sheet meetlat can read back.

pub mod layout;
pub mod read;
pub mod write;
