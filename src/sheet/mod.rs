//! The scoring sheet's round trip: [`layout`] is the contract that the writer
//! (`render::scoring_sheet`) and the reader (`scores`) share, so a sheet meetlat wrote is a
//! sheet meetlat can read back.

pub mod layout;
