//! Service items (R-6.2.a–d): the target's versioned basic catalog that
//! parties sync (`basic`, imported from spreadsheets by `import`), the
//! catalogs and implementation lists parties report for review
//! (`impl_list`), and case data ingested idempotently (`cases`).

pub mod basic;
pub mod cases;
pub mod impl_list;
pub mod import;
