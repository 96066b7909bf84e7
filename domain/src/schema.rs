//! Helpers for the JSON Schemas the machine API's OpenAPI document derives
//! from the request types (`schemars`, issue #14): the code lists that a
//! field's values come from, as the schema's `enum`.

/// A code list as the `enum` of an optional field: its codes and `null`.
pub fn or_null(codes: &[&'static str]) -> Vec<Option<&'static str>> {
    codes.iter().map(|c| Some(*c)).chain([None]).collect()
}

/// The first column of a list of (code, …) pairs.
pub fn firsts<T>(rows: &[(&'static str, T)]) -> Vec<&'static str> {
    rows.iter().map(|r| r.0).collect()
}
