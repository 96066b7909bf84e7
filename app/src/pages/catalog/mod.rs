//! Pages of service items: the basic catalog, reported catalogs and
//! implementation lists with their review queue, case data.

pub mod basic;
pub mod cases;
pub mod impl_lists;
