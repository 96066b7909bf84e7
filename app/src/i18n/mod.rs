//! The translation layer: zh-CN by default, English by switch. The choice is
//! kept in the `gsp_lang` cookie (set by `/lang/{code}`), so it persists and
//! the server renders the same language the browser hydrates.

use leptos::prelude::*;

mod access;
mod catalog;
mod frame;
mod ops;
mod providers;
mod seals;
mod security;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

pub const COOKIE: &str = "gsp_lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The language of this request (server) or of this page (browser).
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| crate::state::cookie(&p.headers, COOKIE))
            .and_then(|c| Lang::from_code(&c))
            .unwrap_or(Lang::Zh)
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("data-lang"))
            .and_then(|c| Lang::from_code(&c))
            .unwrap_or(Lang::Zh)
    }
}

pub fn provide_lang() -> Lang {
    let lang = detect_lang();
    provide_context(lang);
    lang
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or(Lang::Zh)
}

/// The text of `key`; an empty string when the key is unknown (a test checks
/// that every key the console uses exists in both languages).
pub fn t(lang: Lang, key: &str) -> &'static str {
    let found = texts()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| (*zh, *en))
        // the codes the domain and the API answer with
        .or_else(|| gsp_protocol::messages::message(key))
        // the audit trail's actions and object types
        .or_else(|| {
            key.strip_prefix("action.")
                .and_then(gsp_protocol::audit::action)
        })
        .or_else(|| {
            key.strip_prefix("objtype.")
                .and_then(gsp_protocol::audit::object_type)
        });
    match (found, lang) {
        (Some((zh, _)), Lang::Zh) => zh,
        (Some((_, en)), Lang::En) => en,
        (None, _) => "",
    }
}

/// The colon after a label: full-width in Chinese, `: ` in English.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// A line composed for Chinese (`名称：值（说明）`) in the punctuation of
/// `lang`: in English the full-width colon, parentheses, comma and
/// semicolon become their ASCII forms, so none leaks into English text.
pub fn punct(lang: Lang, s: String) -> String {
    if lang == Lang::Zh || !s.contains(['：', '（', '）', '，', '；']) {
        return s;
    }
    s.replace('：', ": ")
        .replace('（', " (")
        .replace('）', ")")
        .replace('，', ", ")
        .replace('；', "; ")
}

/// Like `t`, falling back to the key itself (for open-ended codes such as
/// audit actions added by later areas).
pub fn t_or_key(lang: Lang, key: &str, fallback: &str) -> String {
    match t(lang, key) {
        "" => fallback.to_string(),
        s => s.to_string(),
    }
}

/// The console's texts, one table per area (`i18n/<area>.rs`); the codes the
/// domain and the machine API answer with are in `gsp_protocol::messages`.
static TABLES: &[&[(&str, &str, &str)]] = &[
    frame::TEXTS,
    security::TEXTS,
    access::TEXTS,
    catalog::TEXTS,
    providers::TEXTS,
    ops::TEXTS,
    seals::TEXTS,
];

fn texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TABLES.iter().flat_map(|t| t.iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_translated() {
        let mut seen = HashSet::new();
        for (k, zh, en) in texts() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(
                gsp_protocol::messages::message(k).is_none(),
                "{k} is in both the console's texts and the protocol's messages"
            );
            assert!(!zh.is_empty(), "{k} has no Chinese text");
            assert!(
                !en.is_empty() || *k == "audit.records",
                "{k} has no English text"
            );
        }
    }

    /// Every `t(lang, "...")` literal in the console's sources has a text.
    #[test]
    fn every_key_used_in_the_sources_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs")
                    && !p.components().any(|c| c.as_os_str() == "i18n")
                {
                    out.push(p);
                }
            }
        }
        let mut files = vec![];
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut missing = vec![];
        for f in files {
            let src = std::fs::read_to_string(&f).unwrap();
            for pat in ["t(lang, \"", "key: \"", "title=\""] {
                for (i, _) in src.match_indices(pat) {
                    let rest = &src[i + pat.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if key.contains('.') && !key.contains(' ') && t(Lang::Zh, key).is_empty() {
                        missing.push(format!("{}: {key}", f.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing texts: {missing:?}");
    }

    /// Keys built at run time from the domain's codes.
    #[cfg(feature = "ssr")]
    #[test]
    fn every_domain_code_has_a_text() {
        use gsp_domain::access::party::{Kind, STATUSES};
        use gsp_domain::division::Level;
        let mut keys: Vec<String> = vec![];
        keys.extend(
            gsp_domain::Role::ALL
                .iter()
                .map(|r| format!("role.{}", r.code())),
        );
        keys.extend(Kind::ALL.iter().map(|k| format!("kind.{}", k.code())));
        keys.extend(Level::ALL.iter().map(|l| format!("level.{}", l.code())));
        keys.extend(STATUSES.iter().map(|s| format!("party_status.{s}")));
        for k in Kind::ALL {
            keys.push(format!("relation.{}", k.code().replace('-', "_")));
        }
        use gsp_domain::access::application::{Action, State, CONTENTS, INTERFACES, SECTIONS};
        // the browser's copies of the domain's lists (the wasm build has no domain crate)
        assert_eq!(crate::pages::access::applications::CONTENTS, CONTENTS);
        assert_eq!(crate::pages::access::applications::INTERFACES, INTERFACES);
        assert_eq!(
            crate::pages::catalog::basic::ITEM_TYPES,
            gsp_domain::catalog::basic::ITEM_TYPES
        );
        assert_eq!(
            crate::pages::catalog::basic::LEVELS,
            gsp_domain::catalog::basic::LEVELS
        );
        assert_eq!(
            crate::pages::catalog::basic::OBJECTS,
            gsp_domain::catalog::basic::OBJECTS
        );
        keys.extend(
            gsp_domain::catalog::basic::ITEM_TYPES
                .iter()
                .map(|x| format!("item_type.{x}")),
        );
        keys.extend(
            gsp_domain::catalog::basic::OBJECTS
                .iter()
                .map(|x| format!("object.{x}")),
        );
        keys.extend(
            gsp_domain::catalog::basic::UNITS
                .iter()
                .map(|x| format!("unit.{x}")),
        );
        keys.extend(["add", "change", "retire"].map(|x| format!("catalog_change.{x}")));
        keys.extend(["catalog.basic_code_invalid", "catalog.nothing_to_publish"].map(String::from));
        keys.extend(
            [
                "import.empty",
                "import.encoding",
                "import.unreadable",
                "import.duplicate_code",
            ]
            .map(String::from),
        );
        keys.extend(
            [
                "basic_code",
                "name",
                "item_type",
                "department",
                "legal_basis",
                "levels",
                "objects",
            ]
            .map(|c| format!("import.missing_column.{c}")),
        );
        keys.extend(State::ALL.iter().map(|s| format!("app_state.{}", s.code())));
        keys.extend(
            Action::ALL
                .iter()
                .map(|a| format!("app_action.{}", a.code())),
        );
        keys.extend(["create", "upload", "comment"].map(|a| format!("app_action.{a}")));
        keys.extend(CONTENTS.iter().map(|c| format!("content.{c}")));
        keys.extend(INTERFACES.iter().map(|c| format!("interface.{c}")));
        keys.extend(SECTIONS.iter().map(|c| format!("section.{c}")));
        keys.extend(
            gsp_domain::access::application::evidence::KINDS
                .iter()
                .map(|k| format!("evidence.{k}")),
        );
        keys.extend(
            gsp_domain::access::application::evidence::KINDS
                .iter()
                .map(|k| format!("field.evidence.{k}")),
        );
        keys.extend((1..=5).map(|l| format!("djcp.level{l}")));
        keys.extend(
            gsp_domain::catalog::cases::STATUSES
                .iter()
                .map(|(s, _)| format!("case_status.{s}")),
        );
        keys.extend(["active", "expired", "revoked"].map(|s| format!("credential_status.{s}")));
        // seals
        use gsp_domain::seals as sl;
        assert_eq!(crate::pages::seals::SEAL_TYPES, sl::SEAL_TYPES);
        keys.extend(sl::SEAL_TYPES.iter().map(|x| format!("seal_type.{x}")));
        keys.extend(
            sl::SYSTEM_KINDS
                .iter()
                .map(|x| format!("seal_system_kind.{x}")),
        );
        for (from, action, _, to) in sl::FLOW {
            keys.push(format!("seal_system_state.{from}"));
            keys.push(format!("seal_system_state.{to}"));
            keys.push(format!("seal_action.{action}"));
        }
        keys.extend(
            [
                "seal.code_invalid",
                "seal.cert_unreadable",
                "seal.cert_not_sm2",
                "seal.vendor_id_taken",
                "seal.system_unknown",
                "seal.unit_exists",
                "seal.signer_certs_invalid",
                "seal.validity_invalid",
                "seal.image_not_png",
                "seal.algorithm_invalid",
                "seal.batch_size",
                "seal.system_unregistered",
                "seal.system_suspended",
                "seal.system_not_connected",
                "seal.unit_unknown",
                "seal.unit_expired",
                "seal.es_id_taken",
                "seal.official_exists",
                "org.uscc_invalid",
                "cert.expired",
            ]
            .map(String::from),
        );
        // operations
        use gsp_domain::ops as o;
        assert_eq!(crate::pages::ops::CATEGORIES, o::CATEGORIES.map(|(c, _)| c));
        keys.extend(
            o::CATEGORIES
                .iter()
                .map(|(c, _)| format!("ops_category.{c}")),
        );
        keys.extend(
            o::CATEGORIES
                .iter()
                .flat_map(|(_, k)| k.iter())
                .map(|k| format!("ops_kind.{k}")),
        );
        keys.extend(o::SUB_KINDS.iter().map(|k| format!("ops_sub.{k}")));
        keys.extend(o::METRICS.iter().map(|(m, _)| format!("metric.{m}")));
        keys.extend((0..o::SEVERITIES.len()).map(|s| format!("ops_severity.{s}")));
        keys.extend(o::TICKET_STATES.iter().map(|s| format!("ticket_state.{s}")));
        keys.extend(
            o::TICKET_STATES
                .iter()
                .flat_map(|s| o::ticket_next(s).iter())
                .map(|s| format!("ticket_to.{s}")),
        );
        keys.extend(
            [
                "ops.batch_size",
                "ops.id_invalid",
                "ops.resource_unknown",
                "ops.metric_invalid",
                "ops.unit_required",
                "ops.ts_out_of_range",
                "ops.severity_invalid",
                "ops.until_invalid",
                "ops.interval_invalid",
            ]
            .map(String::from),
        );
        // providers and suspensions
        use gsp_domain::providers as pv;
        assert_eq!(
            crate::pages::providers::STEPS,
            pv::Step::ALL.map(|s| s.code())
        );
        keys.extend(pv::Step::ALL.iter().map(|s| format!("step.{}", s.code())));
        keys.extend(pv::CATEGORIES.iter().map(|c| format!("category.{c}")));
        keys.extend(pv::METHODS.iter().map(|c| format!("method.{c}")));
        keys.extend(
            pv::QUALIFICATION_KINDS
                .iter()
                .chain(pv::SERVICE_DOC_KINDS.iter())
                .map(|c| format!("doc_kind.{c}")),
        );
        keys.extend(
            pv::RELEASE_KINDS
                .iter()
                .map(|c| format!("release_kind.{c}")),
        );
        keys.extend(
            gsp_domain::providers::suspension::SEVERITIES
                .iter()
                .map(|c| format!("severity.{c}")),
        );
        keys.extend(
            ["none", "draft", "submitted", "approved", "refused"]
                .map(|s| format!("provider_state.{s}")),
        );
        let all = pv::Facts::default();
        keys.extend(
            pv::Step::ALL
                .iter()
                .flat_map(|s| pv::step_errors(*s, &pv::ServiceData::default(), &all))
                .flat_map(|e| [e.code, format!("service_field.{}", e.field)])
                .filter(|k| !k.starts_with("service_field.interfaces[")),
        );
        keys.extend(
            [
                "provider.not_third_party",
                "provider.no_licence",
                "release.version_taken",
                "restoration.test_report_required",
                "field.email_invalid",
                "service.interface_incomplete",
            ]
            .map(String::from),
        );
        for k in [
            "app.address_invalid",
            "app.domain_invalid",
            "app.calls_invalid",
            "app.party_unknown",
            "app.party_retired",
            "field.required",
            "field.too_long",
            "field.date_invalid",
            "cert.expired",
            "cert.level_too_low",
            "cert.level_invalid",
            "file.required",
            "file.too_large",
            "file.type_refused",
            "file.unreadable",
            "reason.required",
            "credential.days_invalid",
            "credential.party_inactive",
            "credential.not_approved",
            "credential.grace_invalid",
            "case.case_no_invalid",
            "case.basic_code_invalid",
            "case.id_invalid",
            "case.status_invalid",
            "case.before_submission",
            "case.status_backwards",
            "case.batch_too_large",
            "app.topology_hint",
            "app.addresses_hint",
            "app.domains_hint",
            "app.location_hint",
            "app.security_hint",
            "app.cloud_hint",
            "app.lb_hint",
            "app.devices_hint",
            "app.calls_hint",
            "division.shape",
            "division.province",
            "division.level_mismatch",
            "instance.level",
        ] {
            keys.push(k.into());
        }
        keys.extend(
            ["sqlite", "postgres"]
                .iter()
                .map(|e| format!("monitor.engine.{e}")),
        );
        // the login log's failed steps
        keys.extend(
            ["password", "totp", "totp_enrol"]
                .iter()
                .map(|s| format!("signins.step.{s}")),
        );
        // the operations chart's ranges
        keys.extend(
            ["1h", "6h", "24h", "7d", "30d", "90d"]
                .iter()
                .map(|r| format!("ops.range.{r}")),
        );
        // the workbench's kinds of task
        keys.extend(
            [
                "application",
                "impl",
                "reported_catalog",
                "provider",
                "release",
                "seal_system",
                "restoration",
                "suspension",
                "alarm",
                "application_returned",
                "application_draft",
                "impl_returned",
                "reported_catalog_returned",
                "restoration_needed",
            ]
            .iter()
            .map(|k| format!("work.kind.{k}")),
        );
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| t(Lang::Zh, k).is_empty() || t(Lang::En, k).is_empty())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn english_lines_have_no_full_width_punctuation() {
        assert_eq!(
            punct(Lang::En, "状态：已通过（第 2 版）".into()),
            "状态: 已通过 (第 2 版)"
        );
        assert_eq!(
            punct(Lang::Zh, "状态：已通过（第 2 版）".into()),
            "状态：已通过（第 2 版）"
        );
        // the English texts themselves
        for (k, _, en) in texts() {
            assert!(
                !en.contains(['：', '（', '）', '，', '；', '。']),
                "{k}: {en}"
            );
        }
    }

    #[test]
    fn switch_language() {
        assert_eq!(t(Lang::Zh, "nav.dashboard"), "工作台");
        assert_eq!(t(Lang::En, "nav.dashboard"), "Dashboard");
        assert_eq!(t(Lang::En, "no.such.key"), "");
        assert_eq!(t_or_key(Lang::En, "action.x.y", "x.y"), "x.y");
    }
}
