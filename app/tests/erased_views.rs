//! The rule of ADR 0011: every console component returns `AnyView`, so that
//! the release build (which, unlike the dev build, does not erase component
//! types) never nests one component's view type inside another's. A new
//! component declared `-> impl IntoView` fails here, before it can overflow
//! the compiler's depth limit in `cargo leptos build --release`.

use std::fs;
use std::path::Path;

mod support;
use support::rust_files;

#[test]
fn every_component_returns_an_erased_view() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let mut components = 0;
    let mut offenders = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("#[component]") {
            rest = &rest[i + 12..];
            // the signature runs to the body's opening brace
            let sig = &rest[..rest.find('{').unwrap()];
            components += 1;
            if !sig.contains("-> AnyView") {
                let name = sig
                    .split("fn ")
                    .nth(1)
                    .and_then(|s| s.split(['(', '<']).next())
                    .unwrap_or("?");
                offenders.push(format!("{}: {name}", f.display()));
            }
        }
    }
    assert!(components > 60, "components found: {components}");
    assert!(
        offenders.is_empty(),
        "components must return AnyView (end the view with .into_any()): {offenders:#?}"
    );
}
