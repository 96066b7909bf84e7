//! The code lists of the standard that the domain checks, the console offers
//! and the machine API documents: one definition, compiled into the server
//! and into the console's wasm alike.

/// Access parties.
pub mod access_party {
    pub const STATUSES: [&str; 4] = ["registered", "connected", "suspended", "retired"];
}

/// Access applications.
pub mod application {
    /// The eight contents of an application may cover.
    pub const CONTENTS: [&str; 8] = [
        "service-items",
        "portal",
        "identity",
        "licences",
        "seals",
        "operations",
        "security",
        "third-party",
    ];
    /// The target interfaces a plan may name (R-6.1.a.4).
    pub const INTERFACES: [&str; 8] = [
        "catalog-sync",
        "catalog-report",
        "implementation-lists",
        "cases",
        "licences",
        "seals",
        "ops-report",
        "identity",
    ];
}

/// The basic catalog (R-6.2.a).
pub mod catalog {
    pub const LEVELS: [&str; 4] = ["national", "provincial", "municipal", "county"];
    /// 行政许可, 行政处罚, … 公共服务 (the eleven item types).
    pub const ITEM_TYPES: [&str; 11] = [
        "licensing",
        "penalty",
        "enforcement",
        "levy",
        "payment",
        "inspection",
        "confirmation",
        "reward",
        "adjudication",
        "other-power",
        "public-service",
    ];
    pub const OBJECTS: [&str; 3] = ["person", "legal-person", "other"];
    pub const UNITS: [&str; 4] = ["working-days", "days", "months", "years"];
}

/// Third-party providers and their services.
pub mod provider {
    pub const CATEGORIES: [&str; 3] = ["logistics", "payment", "other"];
    pub const FORMATS: [&str; 2] = ["json", "xml"];
    pub const LANGUAGES: [&str; 6] = ["java", "python", "go", "csharp", "javascript", "php"];
    pub const RELEASE_KINDS: [&str; 4] = ["initial", "fix", "update", "restoration"];
}

/// Electronic seals.
pub mod seals {
    /// 法定名称章, 财务专用章, 发票专用章, 合同专用章, 业务专用章, 法定代表人名章, 其他.
    pub const SEAL_TYPES: [&str; 7] = [
        "official",
        "finance",
        "invoice",
        "contract",
        "business",
        "legal-representative",
        "other",
    ];
}

/// Emergency suspension (R-6.9.4.3).
pub mod suspension {
    /// How bad the failure is.
    pub const SEVERITIES: [&str; 3] = ["serious", "critical", "disaster"];
}
