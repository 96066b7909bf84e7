//! Every list in the console is drawn by `components::list` (issue #13): a
//! page gives its columns and one row function; the header, empty state,
//! loading, error and pager are written once. A page that hand-writes a
//! `<thead>`, an empty row or a pager fails here. The few tables that are
//! not lists (a diff of changed fields, the fixed grid of evidence kinds,
//! the editable grid of interfaces) are named below with their reason.

use std::fs;
use std::path::Path;

mod support;
use support::rust_files;

/// (file under `src/pages`, `data-testid` of the table, why it is not a list)
const NOT_LISTS: [(&str, &str, &str); 3] = [
    (
        "access/applications.rs",
        "changes-table",
        "a diff of the fields changed since the application was returned",
    ),
    (
        "access/applications.rs",
        "evidence-table",
        "one fixed row per evidence kind, uploaded or missing",
    ),
    (
        "providers/mod.rs",
        "interfaces",
        "an editable grid of form inputs",
    ),
];

#[test]
fn pages_draw_their_lists_with_the_list_component() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages");
    let files = rust_files(&pages);
    let mut offenders = Vec::new();
    let mut lists = 0;
    for f in &files {
        let rel = f
            .strip_prefix(&pages)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(f).unwrap();
        lists += text.matches("<Listing").count() + text.matches("<Table").count();
        // The text outside the tables that are not lists: what remains
        // must not draw a header, an empty row or a pager by hand.
        let mut outside = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("<table") {
            outside.push_str(&rest[..i]);
            let after = &rest[i..];
            let tag = &after[..after.find('>').unwrap()];
            let end = after
                .find("</table>")
                .map_or(after.len(), |e| e + "</table>".len());
            let table = &after[..end];
            let allowed = NOT_LISTS.iter().any(|(file, id, _)| {
                *file == rel && tag.contains(&format!("data-testid=\"{id}\""))
            });
            if !allowed {
                if table.contains("<thead") {
                    offenders.push(format!(
                        "{rel}: a table with a hand-written header ({tag}>)"
                    ));
                }
                outside.push_str(table);
            }
            rest = &after[end..];
        }
        outside.push_str(rest);
        for hand_made in [
            "<Pager",
            "<SortHeader",
            "colspan=\"",
            "text-center text-slate-500\">{t(lang, \"table.empty\")",
        ] {
            if outside.contains(hand_made) {
                offenders.push(format!("{rel}: {hand_made}"));
            }
        }
    }
    assert!(
        lists >= 20,
        "the list component is used by the pages ({lists} uses)"
    );
    assert!(
        offenders.is_empty(),
        "lists drawn by hand instead of components::list::{{Listing, Table}}:\n{}",
        offenders.join("\n")
    );
}
