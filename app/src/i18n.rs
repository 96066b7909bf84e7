//! The translation layer: zh-CN by default, English by switch. The choice is
//! kept in the `gsp_lang` cookie (set by `/lang/{code}`), so it persists and
//! the server renders the same language the browser hydrates.

use leptos::prelude::*;

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
    match TEXTS.iter().find(|(k, _, _)| *k == key) {
        Some((_, zh, en)) => match lang {
            Lang::Zh => zh,
            Lang::En => en,
        },
        None => "",
    }
}

/// Like `t`, falling back to the key itself (for open-ended codes such as
/// audit actions added by later areas).
pub fn t_or_key(lang: Lang, key: &str, fallback: &str) -> String {
    match t(lang, key) {
        "" => fallback.to_string(),
        s => s.to_string(),
    }
}

/// (key, 中文, English)
pub static TEXTS: &[(&str, &str, &str)] = &[
    ("app.title", "政务服务平台接入管理", "Government Service Platform Access Management"),
    ("app.name", "政务服务平台接入管理", "GSP Access Management"),
    ("app.subtitle", "依据《政务服务平台 接入规范》", "Per the GSP Access Specification"),
    ("lang.switch", "English", "中文"),
    // navigation
    ("nav.label", "主导航", "Main navigation"),
    ("nav.dashboard", "工作台", "Dashboard"),
    ("nav.areas", "接入内容", "Access areas"),
    ("nav.admin", "管理", "Administration"),
    ("nav.coming", "建设中", "Soon"),
    ("nav.coming_hint", "该功能尚在建设中", "This area is not built yet"),
    ("nav.parties", "接入方管理", "Access parties"),
    ("nav.items", "政务服务事项", "Service items"),
    ("nav.portal", "政务服务门户", "Portal"),
    ("nav.identity", "统一身份认证", "Unified identity"),
    ("nav.licences", "电子证照", "Electronic licences"),
    ("nav.seals", "电子印章", "Electronic seals"),
    ("nav.operations", "运维管理", "Operations"),
    ("nav.security", "安全保障", "Security"),
    ("nav.third_party", "第三方服务", "Third-party services"),
    ("nav.audit", "审计日志", "Audit trail"),
    ("nav.accounts", "账号管理", "Accounts"),
    ("nav.sessions", "在线会话", "Sessions"),
    // roles
    ("role.system-admin", "系统管理员", "System administrator"),
    ("role.security-admin", "安全管理员", "Security administrator"),
    ("role.audit-admin", "审计管理员", "Audit administrator"),
    ("role.reviewer", "审核员", "Reviewer"),
    ("role.supervisor", "监管员", "Supervisor"),
    ("role.party-operator", "接入方操作员", "Access-party operator"),
    ("role.provider", "服务提供方", "Service provider"),
    // common
    ("common.loading", "加载中…", "Loading…"),
    ("common.working", "处理中…", "Working…"),
    ("common.cancel", "取消", "Cancel"),
    ("common.confirm", "确认", "Confirm"),
    ("common.close", "关闭", "Close"),
    ("common.save", "保存", "Save"),
    ("common.done", "操作成功", "Done"),
    ("common.filter", "查询", "Filter"),
    ("common.reset", "重置", "Reset"),
    ("common.search", "搜索", "Search"),
    ("common.all", "全部", "All"),
    ("common.actions", "操作", "Actions"),
    ("table.first", "第一页", "First page"),
    ("table.next", "下一页", "Next page"),
    ("table.end", "已到末页", "End of list"),
    ("table.empty", "没有符合条件的记录", "No matching records"),
    ("dialog.reason", "操作原因", "Reason"),
    ("dialog.reason_hint", "请填写原因，将记入审计日志", "Required; kept in the audit trail"),
    // errors
    ("error.unauthenticated", "登录已失效，请重新登录", "Your session has ended; please sign in again"),
    ("error.forbidden", "无权执行此操作", "You are not allowed to do this"),
    ("error.not_found", "记录不存在", "Not found"),
    ("error.conflict", "状态已变化，请刷新后重试", "The record changed; refresh and try again"),
    ("error.internal", "系统内部错误，请联系管理员，请求编号", "Internal error; tell the administrator this request id"),
    ("error.transport", "无法连接服务器，请稍后重试", "Cannot reach the server; try again"),
    ("notfound.title", "页面不存在", "Page not found"),
    ("notfound.body", "您访问的页面不存在或已移动。", "The page does not exist or has moved."),
    ("notfound.home", "返回工作台", "Back to the dashboard"),
    // fields
    ("field.username", "用户名", "Username"),
    ("field.password", "密码", "Password"),
    ("field.new_password", "新密码", "New password"),
    ("field.confirm", "确认新密码", "Confirm new password"),
    ("field.code", "动态验证码", "Authentication code"),
    ("field.display_name", "姓名", "Name"),
    ("field.role", "角色", "Role"),
    ("field.roles", "角色", "Roles"),
    ("field.organisation_id", "所属单位", "Organisation"),
    ("field.status", "状态", "Status"),
    ("field.reason", "操作原因", "Reason"),
    ("field.id", "编号", "Id"),
    ("field.account", "账号", "Account"),
    ("field.name", "名称", "Name"),
    ("field.uscc", "统一社会信用代码", "Unified social credit code"),
    ("field.kind", "类型", "Kind"),
    ("field.from", "开始时间", "From"),
    ("field.to", "结束时间", "To"),
    ("field.invalid", "格式不正确", "is not valid"),
    ("field.invalid_time", "时间格式不正确", "is not a valid time"),
    // validation codes
    ("password.too_short", "密码长度至少10位", "Password must be at least 10 characters"),
    ("password.too_simple", "密码须包含大写字母、小写字母、数字、符号中的至少三类", "Password must use at least three of: upper case, lower case, digits, symbols"),
    ("password.contains_username", "密码不能包含用户名", "Password must not contain the username"),
    ("password.mismatch", "两次输入的密码不一致", "The two passwords differ"),
    ("password.same_as_old", "新密码不能与原密码相同", "The new password must differ from the old one"),
    ("roles.system_and_audit", "系统管理员与审计管理员角色不能由同一账号兼任", "One account cannot be both system and audit administrator"),
    ("roles.admins_exclusive", "系统管理员、安全管理员、审计管理员（三员）须分设，不能兼任", "The three administrator roles must be held by different accounts"),
    ("roles.org_and_staff", "接入方操作员、服务提供方角色不能与平台工作人员角色兼任", "Operator and provider roles cannot be combined with platform staff roles"),
    ("roles.org_required", "接入方操作员、服务提供方须指定所属单位", "Operator and provider accounts need an organisation"),
    ("roles.not_self", "不能修改自己的角色", "You cannot change your own roles"),
    ("account.username_invalid", "用户名须为3至32位小写字母、数字或._-，以字母开头", "Username: 3–32 lower-case letters, digits or ._-, starting with a letter"),
    ("account.display_name_invalid", "姓名不能为空且不超过64字", "Name is required (at most 64 characters)"),
    ("account.username_taken", "该用户名已被使用", "This username is taken"),
    ("account.not_self", "不能对自己的账号执行此操作", "You cannot do this to your own account"),
    ("reason.required", "请填写操作原因", "A reason is required"),
    ("org.name_invalid", "单位名称不能为空且不超过100字", "Name is required (at most 100 characters)"),
    ("org.uscc_invalid", "统一社会信用代码不正确（校验位不符）", "The unified social credit code is not valid (check character)"),
    ("org.uscc_taken", "该统一社会信用代码已登记", "This code is already registered"),
    ("org.kind_invalid", "单位类型不正确", "Unknown organisation kind"),
    ("org.not_found", "所选单位不存在", "The organisation does not exist"),
    // access parties
    ("parties.title", "接入方管理", "Access parties"),
    ("parties.register", "登记接入方", "Register an access party"),
    ("parties.registered", "接入方已登记", "Access party registered"),
    ("parties.registered_at", "登记时间", "Registered"),
    ("parties.search_hint", "名称、统一社会信用代码或区划代码", "Name, credit code or division code"),
    ("parties.instance", "本平台", "This platform"),
    ("parties.relation_hint", "依据规范5.2：自建系统接入本级平台；市级平台接入所在省级平台；省级平台、国务院部门平台接入国家平台；第三方服务可接入任一级平台。", "Per section 5.2: a self-built system connects to the platform of its own level; a city platform to its province; provincial and ministry platforms to the national platform; a third-party service to any level."),
    ("field.party_name", "接入方名称", "Name"),
    ("field.level", "层级", "Level"),
    ("field.division_code", "行政区划代码", "Division code"),
    ("field.region", "所在地区（区划代码）", "Region (division code)"),
    ("field.organisation_name", "所属单位", "Owning organisation"),
    ("field.contact_name", "联系人", "Contact"),
    ("field.contact_phone", "联系电话", "Phone"),
    ("field.contact_email", "电子邮箱", "Email"),
    ("field.after", "分页位置", "Page cursor"),
    ("kind.self-built", "自建系统", "Self-built system"),
    ("kind.city-platform", "市级平台", "City platform"),
    ("kind.provincial-platform", "省级平台", "Provincial platform"),
    ("kind.ministry-platform", "国务院部门平台", "Ministry platform"),
    ("kind.third-party", "第三方服务", "Third-party service"),
    ("level.national", "国家级", "National"),
    ("level.provincial", "省级", "Provincial"),
    ("level.municipal", "市级", "Municipal"),
    ("level.county", "县级", "County"),
    ("party_status.registered", "已登记", "Registered"),
    ("party_status.connected", "已接入", "Connected"),
    ("party_status.suspended", "已暂停", "Suspended"),
    ("party_status.retired", "已退出", "Retired"),
    ("division.shape", "行政区划代码须为6位数字", "A division code is 6 digits"),
    ("division.province", "行政区划代码的省级代码不存在", "The province part of the division code does not exist"),
    ("division.level_mismatch", "行政区划代码与层级不符（省级以0000结尾，市级以00结尾，国家级为100000）", "The division code does not fit the level (province ends in 0000, city in 00, national is 100000)"),
    ("instance.level", "本平台层级须为国家级、省级或市级", "This platform's level must be national, provincial or municipal"),
    ("relation.self_built", "不符合规范5.2 a)：自建系统须接入本级平台（层级、区划须与本平台一致）", "Breaks 5.2 a): a self-built system connects to the platform of its own level and region"),
    ("relation.city_platform", "不符合规范5.2 b)：市级平台须接入所在省的省级平台", "Breaks 5.2 b): a city platform connects to its own provincial platform"),
    ("relation.provincial_platform", "不符合规范5.2 c)：省级平台须接入国家平台", "Breaks 5.2 c): a provincial platform connects to the national platform"),
    ("relation.ministry_platform", "不符合规范5.2 c)：国务院部门平台须接入国家平台", "Breaks 5.2 c): a ministry platform connects to the national platform"),
    ("relation.third_party", "第三方服务可接入任一级平台", "A third-party service may connect to any level"),
    ("party.name_invalid", "名称不能为空且不超过100字", "Name is required (at most 100 characters)"),
    ("party.name_taken", "该单位已登记同名接入方", "This organisation already has a party of that name"),
    ("party.contact_name_required", "请填写联系人", "A contact name is required"),
    ("party.phone_invalid", "联系电话须为11位手机号或带区号的固定电话", "Phone: an 11-digit mobile number or a landline with area code"),
    ("party.email_invalid", "电子邮箱格式不正确", "The email address is not valid"),
    ("action.party.register", "登记接入方", "Access party registered"),
    // sign-in
    ("auth.sign_in", "登录", "Sign in"),
    ("auth.sign_out", "退出", "Sign out"),
    ("auth.change_password", "修改初始密码", "Choose your password"),
    ("auth.change_password_hint", "首次登录或密码被重置后，须设置新密码。", "After a first sign-in or a reset you must choose a new password."),
    ("auth.totp", "双因素认证", "Two-factor authentication"),
    ("auth.totp_hint", "请输入身份验证器应用显示的6位验证码。", "Enter the 6-digit code from your authenticator app."),
    ("auth.enrol", "绑定身份验证器", "Set up your authenticator"),
    ("auth.enrol_hint", "管理员账号须启用双因素认证。请用身份验证器应用扫描二维码，然后输入显示的验证码。", "Administrator accounts require a second factor. Scan the QR code with an authenticator app, then enter the code it shows."),
    ("auth.enrol_secret", "无法扫码时，可手动输入密钥：", "Cannot scan? Enter this key by hand:"),
    ("auth.enrol_confirm", "验证并启用", "Verify and enable"),
    ("auth.verify", "验证", "Verify"),
    ("auth.start_over", "重新登录", "Start over"),
    ("auth.locked_until", "解锁时间：", "Locked until:"),
    ("auth.policy_hint", "连续5次输入错误，账号将被锁定15分钟。会话闲置30分钟自动退出。", "Five failures in a row lock the account for 15 minutes. Sessions end after 30 idle minutes."),
    ("auth.error.bad_credentials", "用户名或密码错误", "Wrong username or password"),
    ("auth.error.locked", "连续登录失败次数过多，账号已锁定15分钟。", "Too many failures: the account is locked for 15 minutes."),
    ("auth.error.disabled", "账号已停用，请联系系统管理员。", "This account is disabled; contact the system administrator."),
    ("auth.error.bad_code", "验证码错误或已使用", "Wrong or already used code"),
    ("auth.error.expired", "登录已超时，请重新登录。", "The sign-in timed out; please start again."),
    ("auth.error.invalid", "输入有误", "Please correct the input"),
    ("auth.error.internal", "系统内部错误，请稍后重试。", "Internal error; please try again."),
    ("auth.error.signed_out", "您已安全退出。", "You have signed out."),
    // dashboard
    ("dashboard.title", "工作台", "Dashboard"),
    ("dashboard.welcome", "您好", "Welcome"),
    ("dashboard.accounts", "账号总数", "Accounts"),
    ("dashboard.sessions", "在线会话", "Signed-in sessions"),
    ("dashboard.organisations", "登记单位", "Organisations"),
    ("dashboard.audit_records", "审计记录", "Audit records"),
    ("dashboard.sign_ins", "24小时登录次数", "Sign-ins (24 h)"),
    ("dashboard.failed_sign_ins", "24小时登录失败", "Failed sign-ins (24 h)"),
    ("dashboard.locked", "锁定账号", "Locked accounts"),
    ("dashboard.disabled", "停用账号", "Disabled accounts"),
    ("dashboard.by_role", "各角色账号数", "Accounts by role"),
    ("dashboard.org_scope", "以下为本单位数据", "Figures of your organisation"),
    ("dashboard.org_accounts", "本单位账号", "Accounts of your organisation"),
    // accounts
    ("accounts.title", "账号管理", "Accounts"),
    ("accounts.create", "新建账号", "New account"),
    ("accounts.create_hint", "新账号没有任何角色，由安全管理员分配角色；系统生成一次性初始密码，首次登录时须修改。", "New accounts have no role until the security administrator assigns one; a one-time password is generated and must be changed at first sign-in."),
    ("accounts.created", "账号已创建", "Account created"),
    ("accounts.handover", "请将一次性密码安全交给账号使用人（仅显示一次）：", "Hand this one-time password to its owner securely (shown once):"),
    ("accounts.search_hint", "用户名或姓名", "Username or name"),
    ("accounts.last_login", "最近登录", "Last sign-in"),
    ("accounts.no_role", "未分配", "None"),
    ("accounts.no_org", "（无）", "(none)"),
    ("accounts.edit_roles", "分配角色", "Assign roles"),
    ("accounts.reset_totp", "重置双因素", "Reset 2FA"),
    ("accounts.reset_password", "重置密码", "Reset password"),
    ("accounts.disable", "停用", "Disable"),
    ("accounts.enable", "启用", "Enable"),
    ("accounts.disable_msg", "停用后该账号的所有会话立即结束，且无法登录。", "The account's sessions end at once and it can no longer sign in."),
    ("accounts.enable_msg", "启用后该账号可以重新登录。", "The account can sign in again."),
    ("accounts.reset_password_msg", "将生成新的一次性密码，该账号的会话立即结束。", "A new one-time password is generated and the account's sessions end."),
    ("accounts.reset_totp_msg", "该账号下次登录时须重新绑定身份验证器，其会话立即结束。", "The account must set up its authenticator again at next sign-in; its sessions end."),
    ("status.active", "正常", "Active"),
    ("status.disabled", "已停用", "Disabled"),
    ("status.locked", "已锁定", "Locked"),
    ("status.totp", "双因素", "2FA"),
    ("status.must_change", "待改密", "Must change password"),
    // sessions
    ("sessions.title", "在线会话", "Signed-in sessions"),
    ("sessions.ip", "来源地址", "Source IP"),
    ("sessions.agent", "浏览器", "Browser"),
    ("sessions.since", "登录时间", "Signed in"),
    ("sessions.last_seen", "最近活动", "Last active"),
    ("sessions.current", "当前会话", "This session"),
    ("sessions.revoke", "强制退出", "Force sign-out"),
    ("sessions.revoke_msg", "该会话将立即结束，用户需重新登录。", "The session ends at once; the person must sign in again."),
    ("sessions.revoked", "会话已结束", "Session ended"),
    // audit
    ("audit.title", "审计日志", "Audit trail"),
    ("audit.verify", "校验日志链", "Verify chain"),
    ("audit.verifying", "校验中…", "Verifying…"),
    ("audit.chain_ok", "日志链完整，已校验", "The chain is intact; records checked:"),
    ("audit.records", "条记录", ""),
    ("audit.chain_broken", "日志链被破坏，首个异常记录", "The chain is broken at record"),
    ("audit.problem.Edited", "记录内容被篡改", "its content was edited"),
    ("audit.problem.Missing", "此前的记录被删除", "a record before it was deleted"),
    ("audit.problem.Unlinked", "与前一条记录不衔接（插入或替换）", "it does not link to the record before it (inserted or replaced)"),
    ("audit.problem.Truncated", "末尾记录被删除", "records at the end were removed"),
    ("audit.export_csv", "导出CSV", "Export CSV"),
    ("audit.export_xlsx", "导出Excel", "Export Excel"),
    ("audit.from", "开始时间", "From"),
    ("audit.to", "结束时间", "To"),
    ("audit.actor", "操作人", "Actor"),
    ("audit.action", "操作", "Action"),
    ("audit.object", "对象", "Object"),
    ("audit.object_type", "对象类型", "Object type"),
    ("audit.object_id", "对象编号", "Object id"),
    ("audit.seq", "序号", "No."),
    ("audit.at", "时间", "Time"),
    ("audit.changes", "变更内容", "Changes"),
    ("audit.ip", "来源地址", "Source IP"),
    ("audit.hint", "每条记录保存前一条记录的SM3哈希，任何修改、删除或插入都会在校验时被发现。时间为北京时间。", "Each record holds the SM3 hash of the one before it: any edit, deletion or insertion is found by verification. Times are China Standard Time."),
    ("actor.account", "账号", "account"),
    ("actor.credential", "接口凭证", "API credential"),
    ("actor.system", "系统", "system"),
    ("actor.anonymous", "未登录", "not signed in"),
    ("action.auth.sign_in", "登录", "Sign-in"),
    ("action.auth.sign_out", "退出", "Sign-out"),
    ("action.auth.sign_in_failed", "登录失败", "Failed sign-in"),
    ("action.auth.locked", "账号锁定", "Account locked"),
    ("action.auth.sign_in_refused_locked", "锁定期间尝试登录", "Sign-in while locked"),
    ("action.auth.sign_in_refused_disabled", "停用账号尝试登录", "Sign-in of a disabled account"),
    ("action.account.create", "新建账号", "Account created"),
    ("action.account.set_roles", "分配角色", "Roles assigned"),
    ("action.account.disable", "停用账号", "Account disabled"),
    ("action.account.enable", "启用账号", "Account enabled"),
    ("action.account.reset_password", "重置密码", "Password reset"),
    ("action.account.reset_totp", "重置双因素", "2FA reset"),
    ("action.account.change_password", "修改密码", "Password changed"),
    ("action.account.enrol_totp", "绑定双因素", "2FA enrolled"),
    ("action.session.revoke", "强制退出", "Session ended by administrator"),
    ("action.organisation.create", "登记单位", "Organisation registered"),
    ("action.audit.export", "导出审计日志", "Audit trail exported"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_translated() {
        let mut seen = HashSet::new();
        for (k, zh, en) in TEXTS {
            assert!(seen.insert(*k), "duplicate key {k}");
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
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n.rs") {
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
        use gsp_domain::access_party::{Kind, STATUSES};
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
        for k in [
            "division.shape",
            "division.province",
            "division.level_mismatch",
            "instance.level",
        ] {
            keys.push(k.into());
        }
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| t(Lang::Zh, k).is_empty() || t(Lang::En, k).is_empty())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn switch_language() {
        assert_eq!(t(Lang::Zh, "nav.dashboard"), "工作台");
        assert_eq!(t(Lang::En, "nav.dashboard"), "Dashboard");
        assert_eq!(t(Lang::En, "no.such.key"), "");
        assert_eq!(t_or_key(Lang::En, "action.x.y", "x.y"), "x.y");
    }
}
