//! The console's pages in one table: the server's page guard, the
//! navigation and the route test all read it. The router itself (`App` in
//! `lib.rs`) must name each page's component in Leptos's `view!`; the test
//! `server/tests/router.rs::the_route_table_is_the_router` compares the
//! router's routes, as Leptos lists them, with this table.

/// Where a page appears in the navigation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Nav {
    /// Not in the navigation (a detail page, reached from a list), with the
    /// key of its title.
    Hidden(&'static str),
    /// The dashboard entry at the top.
    Home,
    /// An area of the standard, with its label key.
    Area(&'static str),
    /// The administration group (三员), with its label key.
    Admin(&'static str),
}

/// One console page: its path (`:name` takes one segment), the permission
/// that shows it in the navigation, and its navigation entry.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub path: &'static str,
    pub permission: Option<&'static str>,
    pub nav: Nav,
}

const fn page(path: &'static str, permission: Option<&'static str>, nav: Nav) -> Page {
    Page {
        path,
        permission,
        nav,
    }
}

/// Every page under the console's layout, in navigation order. Each needs a
/// signed-in session.
pub const PAGES: &[Page] = &[
    page("/", None, Nav::Home),
    page("/parties", Some("PartyView"), Nav::Area("nav.parties")),
    page(
        "/parties/:id",
        Some("PartyView"),
        Nav::Hidden("title.party"),
    ),
    page(
        "/applications",
        Some("ApplicationView"),
        Nav::Area("nav.applications"),
    ),
    page(
        "/applications/:id",
        Some("ApplicationView"),
        Nav::Hidden("title.application"),
    ),
    page(
        "/certificates",
        Some("CertificateView"),
        Nav::Area("nav.certificates"),
    ),
    page("/cases", Some("CaseView"), Nav::Area("nav.cases")),
    page("/catalog", Some("CatalogView"), Nav::Area("nav.items")),
    page(
        "/implementation-lists",
        Some("CatalogView"),
        Nav::Area("nav.impl"),
    ),
    page(
        "/providers",
        Some("ProviderView"),
        Nav::Area("nav.third_party"),
    ),
    page(
        "/providers/:id",
        Some("ProviderView"),
        Nav::Hidden("title.provider"),
    ),
    page(
        "/services/:id",
        Some("ProviderView"),
        Nav::Hidden("title.service"),
    ),
    page(
        "/suspensions",
        Some("ApplicationSupervise"),
        Nav::Area("nav.suspensions"),
    ),
    page("/seals", Some("SealView"), Nav::Area("nav.seals")),
    page("/operations", Some("OpsView"), Nav::Area("nav.operations")),
    page(
        "/operations/resources",
        Some("OpsView"),
        Nav::Hidden("ops.tab_resources"),
    ),
    page(
        "/operations/resources/:id",
        Some("OpsView"),
        Nav::Hidden("title.resource"),
    ),
    page(
        "/operations/alarms",
        Some("OpsView"),
        Nav::Hidden("ops.tab_alarms"),
    ),
    page(
        "/operations/tickets",
        Some("OpsView"),
        Nav::Hidden("ops.tab_tickets"),
    ),
    page(
        "/operations/tickets/:id",
        Some("OpsView"),
        Nav::Hidden("title.ticket"),
    ),
    page("/audit", Some("AuditRead"), Nav::Admin("nav.audit")),
    page("/accounts", Some("AccountView"), Nav::Admin("nav.accounts")),
    page("/sessions", Some("SessionView"), Nav::Admin("nav.sessions")),
    page(
        "/sign-ins",
        Some("SessionView|AuditRead"),
        Nav::Admin("nav.sign_ins"),
    ),
    page("/profile", None, Nav::Hidden("title.profile")),
    page(
        "/monitor",
        Some("SettingsManage"),
        Nav::Admin("nav.monitor"),
    ),
];

/// Areas of the standard not built yet: shown as "建设中", never as links.
pub const COMING: &[&str] = &["nav.portal", "nav.identity", "nav.licences", "nav.security"];

/// The sign-in steps (outside the layout; each needs its pending session).
pub const SIGN_IN: &[&str] = &["/login", "/login/password", "/login/totp", "/login/enrol"];

/// Does `path` match `pattern` (`:name` takes one non-empty segment)?
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut a, mut b) = (pattern.split('/'), path.split('/'));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.starts_with(':') => {
                if y.is_empty() {
                    return false;
                }
            }
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

impl Page {
    /// The key of the page's title (the browser tab, `<title>`).
    pub fn title_key(&self) -> &'static str {
        match self.nav {
            Nav::Home => "nav.dashboard",
            Nav::Area(k) | Nav::Admin(k) | Nav::Hidden(k) => k,
        }
    }
}

/// The console page `path` is, if any.
pub fn page_of(path: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| matches(p.path, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_pages_only() {
        assert_eq!(page_of("/").unwrap().path, "/");
        assert_eq!(page_of("/parties").unwrap().path, "/parties");
        assert_eq!(page_of("/parties/abc").unwrap().path, "/parties/:id");
        assert!(page_of("/parties/").is_none());
        assert!(page_of("/parties/a/b").is_none());
        assert_eq!(
            page_of("/operations/tickets/7").unwrap().path,
            "/operations/tickets/:id"
        );
        assert!(page_of("/login").is_none());
        assert!(page_of("/api/v1/ping").is_none());
        assert!(page_of("/nothing").is_none());
    }

    #[test]
    fn every_navigation_entry_is_translated_and_unique() {
        let mut keys: Vec<&str> = PAGES
            .iter()
            .filter_map(|p| match p.nav {
                Nav::Area(k) | Nav::Admin(k) => Some(k),
                _ => None,
            })
            .chain(COMING.iter().copied())
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "a navigation key twice");
        // every page has a title of its own, in both languages
        let mut titles: Vec<&str> = PAGES.iter().map(Page::title_key).collect();
        let pages = titles.len();
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), pages, "two pages share a title");
        for k in titles {
            for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
                assert!(
                    !crate::i18n::t(lang, k).is_empty(),
                    "title {k} untranslated"
                );
            }
        }
        for k in keys {
            for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
                assert!(!crate::i18n::t(lang, k).is_empty(), "{k} untranslated");
            }
        }
    }
}
