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
    let found = TEXTS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| (*zh, *en))
        // the codes the domain and the API answer with
        .or_else(|| gsp_protocol::messages::message(key));
    match (found, lang) {
        (Some((zh, _)), Lang::Zh) => zh,
        (Some((_, en)), Lang::En) => en,
        (None, _) => "",
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
    ("field.invalid_time", "时间格式不正确", "is not a valid time"),
    // validation codes
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
    ("action.party.register", "登记接入方", "Access party registered"),
    // sign-in
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
    ("nav.applications", "接入申请", "Access applications"),
    ("nav.certificates", "证书到期提醒", "Certificate reminders"),
    ("apps.title", "接入申请", "Access applications"),
    ("apps.list_hint", "审核员在此处理待审申请；接入方操作员只看到本单位的申请。", "Reviewers work through waiting applications here; operators see their own organisation's only."),
    ("app.new", "新建接入申请", "New access application"),
    ("app.one", "接入申请", "Application"),
    ("app.number", "申请编号", "Number"),
    ("app.version", "版本", "Version"),
    ("app.updated_at", "更新时间", "Updated"),
    ("app.moved_to", "申请状态已变为", "The application is now"),
    ("app.action_refused", "操作未完成，请查看下方原因", "Not done: see the reasons below"),
    ("app.changes_since_return", "自退回以来的修改", "Changed since it was returned"),
    ("app.field", "字段", "Field"),
    ("app.old", "退回时的内容", "When returned"),
    ("app.new_value", "修改后", "Now"),
    ("app.reason_hint", "请说明原因，接入方和审计日志都会看到。", "Give the reason; the party and the audit trail will see it."),
    ("app.reviewer_comment", "审核意见", "Reviewer's comment"),
    ("app.comment", "发表意见", "Comment"),
    ("app.comment_hint", "对本节的审核意见", "Your comment on this section"),
    ("app.commented", "意见已记录", "Comment recorded"),
    ("app.save_draft", "保存草稿", "Save draft"),
    ("app.save_and_submit", "保存并提交", "Save and submit"),
    ("app.saved", "已保存", "Saved"),
    ("app.not_saved", "未保存：请修正标出的字段", "Not saved: correct the marked fields"),
    ("app.submit_hint", "提交前请上传评估报告、等保证书和密评证书。", "Upload the assessment report, the MLPS and the cryptography certificates before submitting."),
    ("app.scope_hint", "选择本次申请接入的内容（规范5.1）。", "Choose what this application connects (standard 5.1)."),
    ("app.timeline", "办理过程", "Timeline"),
    ("app.topology_hint", "例如：经电子政务外网专线接入，主备双链路", "e.g. e-government extranet line, two links"),
    ("app.addresses_hint", "每行一个 IP 地址或地址段，如 59.202.10.0/24", "One IP address or CIDR range per line, e.g. 59.202.10.0/24"),
    ("app.domains_hint", "每行一个域名", "One domain name per line"),
    ("app.location_hint", "例如：杭州市政务云（萧山机房）", "e.g. city government cloud, Xiaoshan data centre"),
    ("app.security_hint", "边界防护、访问控制、加密传输、日志审计等措施", "Perimeter protection, access control, encryption in transit, logging and audit"),
    ("app.cloud_hint", "例如：省政务云", "e.g. provincial government cloud"),
    ("app.lb_hint", "型号与数量", "Model and number"),
    ("app.devices_hint", "防火墙、服务器等", "Firewalls, servers and other devices"),
    ("app.calls_hint", "预计日调用量（次）", "Expected calls per day"),
    ("section.scope", "接入内容", "Scope"),
    ("section.network", "网络环境", "Network environment"),
    ("section.security", "安全防护方案", "Security protection plan"),
    ("section.hardware", "硬件设备", "Hardware"),
    ("section.interfaces", "接口调用方案", "Interface plan"),
    ("section.evidence", "证明材料", "Evidence"),
    ("field.scope", "接入内容", "Scope"),
    ("field.network.topology", "网络拓扑", "Network topology"),
    ("field.network.addresses", "IP 地址与地址段", "IP addresses and ranges"),
    ("field.network.domains", "域名", "Domain names"),
    ("field.network.location", "部署位置", "Deployment location"),
    ("field.security.plan", "安全防护方案", "Security protection plan"),
    ("field.hardware.cloud_platform", "云平台", "Cloud platform"),
    ("field.hardware.load_balancers", "负载均衡", "Load balancers"),
    ("field.hardware.devices", "其他设备", "Other devices"),
    ("field.interfaces.interfaces", "调用的接口", "Target interfaces"),
    ("field.interfaces.daily_calls", "日调用量", "Calls per day"),
    ("field.evidence.assessment-report", "安全评估符合性报告", "Security assessment conformity report"),
    ("field.evidence.djcp", "等级保护测评证书", "MLPS (等保) certificate"),
    ("field.evidence.mp", "商用密码应用安全性评估证书", "Cryptography (密评) certificate"),
    ("field.cert_number", "证书编号", "Certificate number"),
    ("field.cert_level", "等级", "Level"),
    ("field.issuer", "发证（测评）机构", "Issuing body"),
    ("field.valid_until", "有效期至", "Valid until"),
    ("field.file", "文件", "File"),
    ("field.comment", "意见", "Comment"),
    ("field.section", "章节", "Section"),
    ("field.application_id", "申请", "Application"),
    ("field.party_id", "接入方", "Access party"),
    ("field.party", "接入方", "Access party"),
    ("field.action", "操作", "Action"),
    ("field.days", "有效天数", "Days valid"),
    ("field.grace_hours", "过渡期", "Grace period"),
    ("content.service-items", "政务服务事项", "Service items"),
    ("content.portal", "政务服务门户", "Portal"),
    ("content.identity", "统一身份认证", "Unified identity"),
    ("content.licences", "电子证照", "Electronic licences"),
    ("content.seals", "电子印章", "Electronic seals"),
    ("content.operations", "运维管理", "Operations"),
    ("content.security", "安全保障", "Security"),
    ("content.third-party", "第三方服务", "Third-party services"),
    ("interface.catalog-sync", "基本目录同步", "Basic catalog sync"),
    ("interface.catalog-report", "目录上报", "Catalog reporting"),
    ("interface.implementation-lists", "实施清单上报", "Implementation lists"),
    ("interface.cases", "办件数据上报", "Case data"),
    ("interface.licences", "电子证照", "Electronic licences"),
    ("interface.seals", "电子印章备案", "Seal filings"),
    ("interface.ops-report", "运维数据上报", "Operations reporting"),
    ("interface.identity", "统一身份认证", "Unified identity"),
    ("app_state.draft", "草稿", "Draft"),
    ("app_state.submitted", "已提交", "Submitted"),
    ("app_state.under-review", "审核中", "Under review"),
    ("app_state.returned", "退回修改", "Returned"),
    ("app_state.approved", "已通过", "Approved"),
    ("app_state.env-ready", "环境就绪", "Environment ready"),
    ("app_state.joint-debugging", "联调中", "Joint debugging"),
    ("app_state.connected", "已接入", "Connected"),
    ("app_state.rejected", "已驳回", "Rejected"),
    ("app_state.suspended", "已暂停", "Suspended"),
    ("app_state.retired", "已退出", "Retired"),
    ("app_action.create", "创建申请", "Created"),
    ("app_action.upload", "上传材料", "Uploaded evidence"),
    ("app_action.comment", "审核意见", "Comment"),
    ("app_action.submit", "提交", "Submit"),
    ("app_action.start-review", "开始审核", "Start review"),
    ("app_action.return", "退回修改", "Return for changes"),
    ("app_action.reject", "驳回", "Reject"),
    ("app_action.approve", "审核通过", "Approve"),
    ("app_action.env-ready", "环境已就绪", "Environment ready"),
    ("app_action.start-debugging", "开始联调", "Start joint debugging"),
    ("app_action.connect", "确认接入", "Confirm connected"),
    ("app_action.suspend", "暂停接入", "Suspend"),
    ("app_action.restore", "恢复接入", "Restore"),
    ("app_action.retire", "退出接入", "Retire"),
    ("evidence.kind", "材料类型", "Kind"),
    ("evidence.file", "文件", "File"),
    ("evidence.assessment-report", "安全评估符合性报告", "Security assessment conformity report"),
    ("evidence.missing", "尚未上传", "Not uploaded yet"),
    ("evidence.uploaded", "已上传", "Uploaded"),
    ("evidence.hint", "平台类接入方须提供安全评估符合性报告（规范6.1 b）；所有接入方须持有有效的等保证书（6.8 d）和密评证书（6.8 e）。", "Platforms provide a security assessment conformity report (6.1 b); every party holds valid MLPS (6.8 d) and cryptography (6.8 e) certificates."),
    ("evidence.limits", "PDF、OFD、PNG、JPEG，不超过 10 MB；按文件内容识别类型。", "PDF, OFD, PNG or JPEG up to 10 MB; the type is judged by the content."),
    ("file.unreadable", "文件未能完整上传，请重试", "The file did not arrive completely; try again"),
    ("djcp.level1", "第一级", "Level 1"),
    ("djcp.level2", "第二级", "Level 2"),
    ("djcp.level3", "第三级", "Level 3"),
    ("djcp.level4", "第四级", "Level 4"),
    ("djcp.level5", "第五级", "Level 5"),
    ("cert.title", "证书到期提醒", "Certificate reminders"),
    ("cert.hint", "已过期或 30 天内到期的等保、密评证书。证书过期的接入方标记为“需整改”。", "MLPS and cryptography certificates expired or expiring within 30 days. A party with an expired one is marked \"rectification needed\"."),
    ("cert.none", "没有即将到期的证书", "No certificates expire soon"),
    ("cert.expired_badge", "已过期", "Expired"),
    ("cert.expiring_badge", "即将到期", "Expiring"),
    ("party.rectification", "需整改", "Rectification needed"),
    ("party.contacts", "联系人", "Contacts"),
    ("party.tabs", "接入方信息", "Access party"),
    ("party.tab_overview", "概况", "Overview"),
    ("party.tab_applications", "接入申请", "Applications"),
    ("party.tab_credentials", "接口凭证", "Credentials"),
    ("party.tab_certificates", "证书", "Certificates"),
    ("party.tab_history", "办理记录", "History"),
    ("credential.key_id", "访问密钥 ID", "Access key id"),
    ("credential.secret", "密钥", "Secret"),
    ("credential.scopes", "授权范围", "Scopes"),
    ("credential.allowlist", "IP 白名单", "IP allowlist"),
    ("credential.expires_at", "到期时间", "Expires"),
    ("credential.last_used", "最近使用", "Last used"),
    ("credential.none", "尚未签发凭证", "No credentials issued"),
    ("credential.revoke_hint", "吊销后该凭证立即失效，接入方系统的调用将被拒绝。", "Once revoked the credential stops working at once; the party's calls are refused."),
    ("credential.revoked", "凭证已吊销", "Credential revoked"),
    ("credential.shown_once", "密钥只显示这一次，请立即通过安全渠道交给接入方。", "The secret is shown only this once: hand it to the party over a secure channel now."),
    ("credential.stored", "已妥善保存", "I have stored it"),
    ("credential_status.active", "有效", "Active"),
    ("credential_status.expired", "已过期", "Expired"),
    ("credential_status.revoked", "已吊销", "Revoked"),
    ("dashboard.applications_waiting", "待处理的接入申请", "Applications waiting for you"),
    ("dashboard.certificates_expiring", "已过期或 30 天内到期的证书", "Certificates expired or expiring within 30 days"),
    ("party.tab_api", "接口调用", "API calls"),
    ("api.hint", "最近 24 小时通过接入接口的调用（规范6.8 a：接入业务受监测和审计）。", "Calls through the machine API in the last 24 hours (6.8 a: access business is monitored and audited)."),
    ("api.calls", "调用次数", "Calls"),
    ("api.error_rate", "错误率", "Error rate"),
    ("api.latency", "耗时 P50 / P95 / P99", "Latency P50 / P95 / P99"),
    ("api.last_call", "最近调用", "Last call"),
    ("api.errors", "失败次数", "Failed calls"),
    ("api.top_codes", "主要错误码", "Top error codes"),
    ("api.no_errors", "没有失败的调用", "No failed calls"),
    ("api.endpoints", "接口", "Endpoints"),
    ("nav.cases", "办件数据", "Case data"),
    ("cases.title", "办件数据", "Case data"),
    ("cases.hint", "接入方上报的办件（规范6.2 d）。申请人信息脱敏显示；按期办结率 = 在承诺时间内办结的件数 / 办结件数。", "Cases reported by access parties (6.2 d). Applicants are shown masked; on-time rate = completed by the promised time / completed."),
    ("cases.case_no", "申报号", "Case number"),
    ("cases.item", "事项", "Item"),
    ("cases.item_hint", "实施编码或事项名称", "Item code or name"),
    ("cases.from", "申报日期自", "Submitted from"),
    ("cases.to", "至", "to"),
    ("cases.applicant", "申请人", "Applicant"),
    ("cases.department", "受理部门", "Department"),
    ("cases.submitted_at", "申报时间", "Submitted"),
    ("cases.promised_at", "承诺办结", "Promised by"),
    ("cases.completed_at", "办结时间", "Completed"),
    ("cases.overdue", "超期", "Overdue"),
    ("cases.stats", "统计", "Statistics"),
    ("cases.by_day", "按日", "By day"),
    ("cases.by_item", "按事项", "By item"),
    ("cases.by_department", "按部门", "By department"),
    ("cases.by_region", "按区划", "By region"),
    ("cases.received", "收件", "Received"),
    ("cases.completed", "办结", "Completed"),
    ("cases.on_time", "按期", "On time"),
    ("cases.on_time_rate", "按期办结率", "On-time rate"),
    ("case_status.submitted", "申报", "Submitted"),
    ("case_status.accepted", "受理", "Accepted"),
    ("case_status.in-progress", "办理中", "In progress"),
    ("case_status.completed", "办结", "Completed"),
    ("case_status.not-accepted", "不予受理", "Not accepted"),
    ("field.case_no", "申报号", "Case number"),
    ("field.item_code", "实施编码", "Item code"),
    ("field.basic_code", "基本编码", "Basic code"),
    ("field.item_name", "事项名称", "Item name"),
    ("field.applicant_type", "申请人类型", "Applicant type"),
    ("field.applicant_name", "申请人", "Applicant"),
    ("field.applicant_id_no", "证件号码", "Identity number"),
    ("field.department", "受理部门", "Department"),
    ("field.implementer_uscc", "实施主体统一社会信用代码", "Implementing body's credit code"),
    ("field.case_type", "办件类型", "Case type"),
    ("field.submitted_at", "申报时间", "Submitted at"),
    ("field.accepted_at", "受理时间", "Accepted at"),
    ("field.completed_at", "办结时间", "Completed at"),
    ("field.promised_unit", "承诺时限单位", "Promised limit unit"),
    ("field.promised_limit", "承诺时限", "Promised limit"),
    ("field.result", "办理结果", "Result"),
    ("field.records", "记录", "Records"),
    ("field.by", "统计维度", "Group by"),
    ("cases.last_30_days", "统计范围：近 30 天（可按申报日期筛选）", "Last 30 days (filter by submission date for another range)"),
    ("cases.range", "统计范围", "Range"),
    ("catalog.title", "政务服务事项基本目录", "Basic catalog of service items"),
    ("catalog.hint", "目标平台维护基本目录（规范6.2 a）：新增、修改、取消先成为草稿，发布后形成新版本；接入方通过 /api/v1/catalog/basic?since_version=N 增量同步。", "The target maintains the basic catalog (6.2 a): additions, changes and retirements are drafts until published as a new version; parties sync increments through /api/v1/catalog/basic?since_version=N."),
    ("catalog.drafts", "待发布的修改", "Changes waiting to be published"),
    ("catalog.drafts_hint", "发布后接入方即可同步", "Parties can sync them once published"),
    ("catalog.no_drafts", "没有待发布的修改", "No changes waiting"),
    ("catalog.published", "已发布基本目录", "Published the basic catalog"),
    ("catalog.add", "新增事项", "Add an item"),
    ("catalog.edit", "修改事项", "Change an item"),
    ("catalog.edit_short", "修改", "Change"),
    ("catalog.new_instead", "改为新增", "Add a new one instead"),
    ("catalog.retire", "取消事项", "Retire"),
    ("catalog.retire_hint", "取消后发布，接入方同步时会收到取消标记。", "Once published, parties receive the item marked as retired."),
    ("catalog.retire_drafted", "已加入待发布的修改", "Added to the changes waiting"),
    ("catalog.retired", "已取消", "Retired"),
    ("catalog.drafted", "已保存为草稿，发布后生效", "Saved as a draft; it takes effect when published"),
    ("catalog.save_draft", "保存草稿", "Save draft"),
    ("catalog.search_hint", "基本编码、事项名称或部门", "Basic code, name or department"),
    ("catalog.current_version", "当前版本", "Current version"),
    ("catalog_change.add", "新增", "Added"),
    ("catalog_change.change", "变更", "Changed"),
    ("catalog_change.retire", "取消", "Retired"),
    ("field.item_type", "事项类型", "Item type"),
    ("field.legal_basis", "设定依据", "Legal basis"),
    ("field.levels", "行使层级", "Exercising levels"),
    ("field.objects", "服务对象", "Service objects"),
    ("field.statutory_limit", "法定办结时限", "Statutory time limit"),
    ("field.statutory_unit", "时限单位", "Unit"),
    ("field.drafts", "修改", "Changes"),
    ("field.since_version", "起始版本", "Since version"),
    ("field.limit", "每页条数", "Page size"),
    ("item_type.licensing", "行政许可", "Administrative licensing"),
    ("item_type.penalty", "行政处罚", "Administrative penalty"),
    ("item_type.enforcement", "行政强制", "Administrative enforcement"),
    ("item_type.levy", "行政征收", "Administrative levy"),
    ("item_type.payment", "行政给付", "Administrative payment"),
    ("item_type.inspection", "行政检查", "Administrative inspection"),
    ("item_type.confirmation", "行政确认", "Administrative confirmation"),
    ("item_type.reward", "行政奖励", "Administrative reward"),
    ("item_type.adjudication", "行政裁决", "Administrative adjudication"),
    ("item_type.other-power", "其他行政权力", "Other administrative power"),
    ("item_type.public-service", "公共服务", "Public service"),
    ("object.person", "自然人", "Natural person"),
    ("object.legal-person", "法人", "Legal person"),
    ("object.other", "其他组织", "Other organisation"),
    ("unit.working-days", "工作日", "working days"),
    ("unit.days", "自然日", "calendar days"),
    ("unit.months", "月", "months"),
    ("unit.years", "年", "years"),
    ("import.title", "从 Excel 或 CSV 导入", "Import from Excel or CSV"),
    ("import.hint", "第一行为表头：基本编码、事项名称、事项类型、主管部门、设定依据、行使层级、服务对象、法定办结时限、时限单位（中文或英文列名均可；多个层级用“、”分隔）。导入的行成为待发布的修改。", "The first row is the heading: basic code, name, item type, department, legal basis, levels, objects, statutory limit, unit (Chinese or English names; several levels separated by “、”). Imported rows become changes waiting to be published."),
    ("import.valid_only", "只导入正确的行", "Import the valid rows only"),
    ("import.run", "导入", "Import"),
    ("import.rows", "共", "Rows"),
    ("import.imported", "已导入", "Imported"),
    ("import.invalid", "有误", "With errors"),
    ("import.row", "第", "Row"),
    ("import.nothing_imported", "文件有错误，未导入任何行；修正后重新导入，或勾选“只导入正确的行”。", "The file has errors: nothing was imported. Correct it, or tick “import the valid rows only”."),
    ("import.encoding", "CSV 须为 UTF-8 编码（或改用 .xlsx）", "A CSV file must be UTF-8 (or use .xlsx)"),
    ("import.unreadable", "无法读取该 Excel 文件", "This Excel file cannot be read"),
    ("import.missing_column.basic_code", "缺少“基本编码”列", "The “basic code” column is missing"),
    ("import.missing_column.name", "缺少“事项名称”列", "The “name” column is missing"),
    ("import.missing_column.department", "缺少“主管部门”列", "The “department” column is missing"),
    ("import.missing_column.legal_basis", "缺少“设定依据”列", "The “legal basis” column is missing"),
    ("import.missing_column.levels", "缺少“行使层级”列", "The “levels” column is missing"),
    ("import.missing_column.objects", "缺少“服务对象”列", "The “objects” column is missing"),
    ("field.valid_only", "只导入正确的行", "Valid rows only"),
    ("nav.impl", "事项清单", "Item lists"),
    ("seal.title", "电子印章", "Electronic seals"),
    ("seal.hint", "接入方的印章制作系统与发布系统登记及对接、制章单位监管、印章备案与吊销（规范6.6）。备案通过 POST /api/v1/seals，有效性查询通过 GET /api/v1/seals/{es_id}。", "Parties' seal making and publishing systems and their docking, seal-making units, seal filings and revocations (6.6). Filings arrive through POST /api/v1/seals; GET /api/v1/seals/{es_id} answers whether a seal is valid."),
    ("seal.tab_systems", "印章系统", "Seal systems"),
    ("seal.tab_units", "制章单位", "Making units"),
    ("seal.tab_seals", "备案印章", "Filed seals"),
    ("seal.tab_refusals", "拒收记录", "Refused filings"),
    ("seal.system_now", "系统状态", "System state"),
    ("seal.registered", "已登记", "Registered"),
    ("seal.vendor", "厂商", "Vendor"),
    ("seal.deployment", "部署", "Deployment"),
    ("seal.cert_subject", "证书主体", "Subject"),
    ("seal.cert_issuer", "颁发者", "Issuer"),
    ("seal.cert_serial", "序列号", "Serial"),
    ("seal.cert_validity", "有效期", "Validity"),
    ("seal.cert_algorithm", "签名算法", "Algorithm"),
    ("seal.register_system", "登记印章系统", "Register a seal system"),
    ("seal.system_kind", "系统类别", "Kind"),
    ("seal.system_name", "系统名称", "Name"),
    ("seal.vendor_id", "厂商系统标识", "Vendor id"),
    ("seal.version", "版本", "Version"),
    ("seal.certificate", "系统证书（PEM/DER）", "System certificate (PEM or DER)"),
    ("seal.register", "登记", "Register"),
    ("seal.reason_title", "请说明原因", "Give the reason"),
    ("seal.reason_hint", "原因会记入审计日志并告知接入方。", "The reason is kept in the audit trail and shown to the party."),
    ("seal.unit", "制章单位", "Making unit"),
    ("seal.qualification", "资质", "Qualification"),
    ("seal.qualification_until", "资质有效期至", "Qualified until"),
    ("seal.system", "使用的制作系统", "Making system"),
    ("seal.filed_count", "已备案印章", "Seals filed"),
    ("seal.expired_blocks", "已过期，不能备案", "expired: no filings"),
    ("seal.expiring", "30 天内到期", "expires within 30 days"),
    ("seal.per_month", "各制章单位每月备案数", "Filings per unit and month"),
    ("seal.register_unit", "登记制章单位", "Register a making unit"),
    ("seal.designation", "指定文件", "Designation document"),
    ("seal.search_hint", "印章编码、单位名称或统一社会信用代码", "Seal id, owner name or code"),
    ("seal.type", "印章类型", "Type"),
    ("seal.es_id", "印章编码", "Seal id"),
    ("seal.name", "印章名称", "Name"),
    ("seal.owner", "用章单位", "Owner"),
    ("seal.filed_at", "备案", "Filed"),
    ("seal.revoke", "吊销", "Revoke"),
    ("seal.lost", "挂失", "Report lost"),
    ("seal.revoke_hint", "吊销或挂失后，有效性查询将答复无效。请说明原因。", "After revocation or loss the validity query answers invalid. Give the reason."),
    ("seal.refusals_hint", "未登记、未接通或已暂停的印章制作系统提交的备案一律拒收并记录在此。", "Filings by unregistered, unconnected or suspended making systems are refused and listed here."),
    ("seal.upload_title", "上传备案文件", "Upload filings"),
    ("seal.upload_hint", "JSON 文件，格式与 POST /api/v1/seals 相同（{\"records\": [...]}，每批最多 500 枚），逐枚受理或退回。", "A JSON file in the format of POST /api/v1/seals ({\"records\": [...]}, up to 500), each seal filed or refused."),
    ("seal.upload_run", "上传并备案", "Upload and file"),
    ("seal.filed_ok", "已备案", "Filed"),
    ("seal.refused", "退回", "Refused"),
    ("seal.file_not_json", "不是有效的备案 JSON 文件", "Not a valid filing JSON file"),
    ("seal_system_kind.making", "印章制作系统", "Seal making system"),
    ("seal_system_kind.publishing", "印章发布系统", "Seal publishing system"),
    ("seal_system_state.registered", "待审核", "Waiting for review"),
    ("seal_system_state.docking-test", "对接测试", "Docking test"),
    ("seal_system_state.connected", "已接通", "Connected"),
    ("seal_system_state.suspended", "已暂停", "Suspended"),
    ("seal_system_state.refused", "未通过", "Refused"),
    ("seal_action.approve", "审核通过", "Approve"),
    ("seal_action.refuse", "不予通过", "Refuse"),
    ("seal_action.connect", "对接完成", "Connected"),
    ("seal_action.suspend", "暂停", "Suspend"),
    ("seal_action.resume", "恢复", "Resume"),
    ("seal_type.official", "法定名称章", "Official name seal"),
    ("seal_type.finance", "财务专用章", "Finance seal"),
    ("seal_type.invoice", "发票专用章", "Invoice seal"),
    ("seal_type.contract", "合同专用章", "Contract seal"),
    ("seal_type.business", "业务专用章", "Business seal"),
    ("seal_type.legal-representative", "法定代表人名章", "Legal representative's seal"),
    ("seal_type.other", "其他", "Other"),
    ("seal_state.active", "有效", "Active"),
    ("seal_state.revoked", "已吊销", "Revoked"),
    ("seal_state.lost", "已挂失", "Lost"),
    ("ops.title", "运维管理", "Operations"),
    ("ops.hint", "各接入方运维系统上报的资源、性能数据、告警、协同运维工单与运维节点（规范6.7）。", "Resources, performance data, alarms, co-operation tickets and operations nodes reported by each party's operations system (6.7)."),
    ("ops.tab_overview", "运行概况", "Overview"),
    ("ops.tab_resources", "资源", "Resources"),
    ("ops.tab_alarms", "告警", "Alarms"),
    ("ops.tab_tickets", "协同工单", "Tickets"),
    ("ops.nodes", "运维节点（在线/总数）", "Nodes (alive / all)"),
    ("ops.open_alarms", "未关闭告警", "Open alarms"),
    ("ops.error_rate", "接口错误率（24 小时）", "API error rate (24 h)"),
    ("ops.lost", "失联", "lost"),
    ("ops.no_alarms", "无告警", "No alarms"),
    ("ops.refreshes", "每 30 秒自动刷新，最严重的排在最前。", "Refreshes every 30 seconds; worst first."),
    ("ops.resource", "资源", "Resource"),
    ("ops.category", "类别", "Category"),
    ("ops.address", "地址", "Address"),
    ("ops.worst_alarm", "最高告警", "Worst alarm"),
    ("ops.chart", "性能曲线", "Performance chart"),
    ("ops.raw", "原始数据", "raw"),
    ("ops.five_minutes", "5 分钟汇总", "5-minute aggregates"),
    ("ops.one_hour", "1 小时汇总", "1-hour aggregates"),
    ("ops.no_data", "该时段没有数据", "No data in this range"),
    ("ops.resolution", "精度", "Resolution"),
    ("ops.unit", "单位", "Unit"),
    ("ops.severity", "级别", "Severity"),
    ("ops.alarm", "告警", "Alarm"),
    ("ops.last_seen", "最近发生", "Last seen"),
    ("ops.occurrences", "次数", "occurrences"),
    ("ops.ack_message", "确认说明", "Acknowledgement"),
    ("ops.suppressed_until", "已抑制至", "Suppressed until"),
    ("ops.resolved_at", "已解决", "Resolved"),
    ("ops.acknowledge", "确认", "Acknowledge"),
    ("ops.resolve", "解决", "Resolve"),
    ("ops.suppress", "抑制", "Suppress"),
    ("ops.open_ticket", "发起协同工单", "Open a ticket"),
    ("ops.ticket_title", "工单标题", "Title"),
    ("ops.ticket_description", "问题描述", "Description"),
    ("ops.resource_id", "资源编号", "Resource id"),
    ("ops.updated", "更新时间", "Updated"),
    ("ops.subs", "子资源", "Sub-resources"),
    ("ops.performance", "性能数据", "Performance"),
    ("ops.min_severity", "最低级别", "Minimum severity"),
    ("ops.state_open", "未关闭", "Open"),
    ("ops.ticket_number", "工单号", "Number"),
    ("ops.message", "留言", "Message"),
    ("ops.send", "发送留言", "Send"),
    ("metric.cpu.usage", "CPU 使用率", "CPU usage"),
    ("metric.memory.used", "已用内存", "Memory used"),
    ("metric.memory.total", "内存总量", "Memory total"),
    ("metric.swap.used", "已用交换区", "Swap used"),
    ("metric.disk.used", "已用磁盘", "Disk used"),
    ("metric.disk.total", "磁盘总量", "Disk total"),
    ("metric.files.open", "打开文件数", "Open files"),
    ("metric.process.count", "进程数", "Processes"),
    ("metric.interface.calls", "接口调用量", "Interface calls"),
    ("metric.interface.errors", "接口错误数", "Interface errors"),
    ("metric.interface.latency", "接口时延", "Interface latency"),
    ("metric.network.in", "网络流入", "Network in"),
    ("metric.network.out", "网络流出", "Network out"),
    ("ops_severity.0", "未分类", "Not classified"),
    ("ops_severity.1", "信息", "Information"),
    ("ops_severity.2", "警告", "Warning"),
    ("ops_severity.3", "一般", "Average"),
    ("ops_severity.4", "严重", "High"),
    ("ops_severity.5", "灾难", "Disaster"),
    ("ops_category.network-device", "网络设备", "Network devices"),
    ("ops_category.server", "服务器", "Servers"),
    ("ops_category.business-system", "业务系统", "Business systems"),
    ("ops_category.business-interface", "业务接口", "Business interfaces"),
    ("ops_category.application-software", "应用软件", "Application software"),
    ("ops_kind.router", "路由器", "Router"),
    ("ops_kind.switch", "交换机", "Switch"),
    ("ops_kind.load-balancer", "负载均衡", "Load balancer"),
    ("ops_kind.firewall", "防火墙", "Firewall"),
    ("ops_kind.physical", "物理机", "Physical"),
    ("ops_kind.virtual", "虚拟机", "Virtual"),
    ("ops_kind.system", "业务系统", "System"),
    ("ops_kind.called", "调用的接口", "Called"),
    ("ops_kind.offered", "提供的接口", "Offered"),
    ("ops_kind.database", "数据库", "Database"),
    ("ops_kind.middleware", "中间件", "Middleware"),
    ("ops_sub.cpu", "CPU", "CPU"),
    ("ops_sub.memory", "内存", "Memory"),
    ("ops_sub.disk", "磁盘", "Disk"),
    ("ops_sub.nic", "网卡", "Network card"),
    ("ops_sub.endpoint", "接口端点", "Endpoint"),
    ("ops_sub.db-instance", "数据库实例", "Database instance"),
    ("ops_sub.process", "进程", "Process"),
    ("ops_sub.other", "其他", "Other"),
    ("alarm_state.open", "未处理", "Open"),
    ("alarm_state.acknowledged", "已确认", "Acknowledged"),
    ("alarm_state.resolved", "已解决", "Resolved"),
    ("ticket_state.open", "待处理", "Open"),
    ("ticket_state.in-progress", "处理中", "In progress"),
    ("ticket_state.resolved", "已解决", "Resolved"),
    ("ticket_state.closed", "已关闭", "Closed"),
    ("ticket_to.in-progress", "开始处理", "Start"),
    ("ticket_to.resolved", "标记已解决", "Mark resolved"),
    ("ticket_to.closed", "关闭", "Close"),
    ("nav.suspensions", "紧急暂停", "Suspensions"),
    ("dashboard.suspensions", "当前暂停中的服务与接入方", "Currently suspended"),
    ("dashboard.notices", "通知", "Notices"),
    ("credential.service", "绑定服务", "Bound to service"),
    ("credential.whole_party", "整个接入方", "The whole party"),
    ("common.approve", "批准", "Approve"),
    ("common.return", "退回", "Return"),
    ("common.remove", "删除", "Remove"),
    ("common.saved", "已保存", "Saved"),
    ("provider.title", "第三方服务提供方", "Third-party providers"),
    ("provider.hint", "物流、支付等第三方服务提供方（规范6.9）：资质审核、服务接入流程、测试报告、紧急暂停与恢复。", "Logistics, payment and other providers (6.9): qualification review, the access flow of each service, test reports, emergency suspension and restoration."),
    ("provider.name", "服务提供方", "Provider"),
    ("provider.qualification", "资质与能力", "Qualification and capability"),
    ("provider.services", "服务", "Services"),
    ("provider.suspended", "暂停中", "Suspended"),
    ("provider.capability", "服务能力说明", "Capability description"),
    ("provider.refuse_hint", "请说明不予通过的原因，服务提供方会看到。", "Give the reason; the provider will see it."),
    ("provider.documents", "资质文件", "Qualification documents"),
    ("provider.saved", "已保存", "Saved"),
    ("provider.submitted", "已提交审核", "Submitted for review"),
    ("provider.reviewed", "审核已完成", "Reviewed"),
    ("provider_state.none", "未提交", "Not filed"),
    ("provider_state.draft", "草稿", "Draft"),
    ("provider_state.submitted", "待审核", "Waiting for review"),
    ("provider_state.approved", "已通过", "Approved"),
    ("provider_state.refused", "未通过", "Refused"),
    ("step.relation", "业务关系", "Business relation"),
    ("step.method", "接入方式", "Access method"),
    ("step.interfaces", "接口", "Interfaces"),
    ("step.document", "接入规范", "Access document"),
    ("step.debugging", "联调", "Joint debugging"),
    ("step.completed", "接入完成", "Completed"),
    ("service_state.suspended", "已暂停", "Suspended"),
    ("doc.kind", "类别", "Kind"),
    ("doc.title", "名称", "Title"),
    ("doc.version", "版本", "Version"),
    ("doc.valid_until", "有效期至", "Valid until"),
    ("doc.uploaded", "上传", "Uploaded"),
    ("doc.none", "尚无文件", "No documents yet"),
    ("doc.expired", "已过期", "expired"),
    ("doc.file", "文件（PDF/OFD/图片）", "File (PDF, OFD, image)"),
    ("doc.upload", "上传", "Upload"),
    ("doc.uploaded_ok", "文件已上传", "Uploaded"),
    ("doc_kind.business-licence", "营业执照", "Business licence"),
    ("doc_kind.industry-qualification", "行业资质", "Industry qualification"),
    ("doc_kind.access-document", "接入规范", "Access document"),
    ("doc_kind.emergency-plan", "应急与故障处置预案", "Emergency and fault plan"),
    ("doc_status.active", "有效", "Current"),
    ("doc_status.superseded", "已替换", "Superseded"),
    ("doc_status.pending", "待审核", "Waiting for review"),
    ("doc_status.approved", "已批准", "Approved"),
    ("doc_status.returned", "已退回", "Returned"),
    ("service.none", "尚未登记服务", "No services yet"),
    ("service.name", "服务名称", "Service name"),
    ("service.category", "服务类别", "Category"),
    ("service.saved", "已保存", "Saved"),
    ("service.record", "接入信息", "Access record"),
    ("service.relation", "业务关系", "Business relation"),
    ("service.access_method", "接入方式", "Access method"),
    ("service.formats", "报文格式", "Formats"),
    ("service.sdk_languages", "SDK 支持语言", "SDK languages"),
    ("service.interfaces", "接口", "Interfaces"),
    ("service.add_interface", "添加接口", "Add an interface"),
    ("service.responsible", "责任人", "Responsible person"),
    ("service.strategies", "运维与安全策略（平台设定）", "Operations and security strategies (set by the platform)"),
    ("service.ops_strategy", "运维策略", "Operations strategy"),
    ("service.security_strategy", "安全策略", "Security strategy"),
    ("service.blockers", "完成本步骤还需要：", "This step still needs:"),
    ("service.advanced", "已进入", "Moved to"),
    ("service.documents", "接入规范与应急预案", "Access documents and emergency plans"),
    ("service.debug_runs", "联调记录", "Joint-debugging runs"),
    ("service.no_runs", "尚无联调记录", "No runs yet"),
    ("service_field.relation", "业务关系", "Business relation"),
    ("service_field.access_method", "接入方式", "Access method"),
    ("service_field.formats", "报文格式", "Formats"),
    ("service_field.sdk_languages", "SDK 语言", "SDK languages"),
    ("service_field.interfaces", "接口", "Interfaces"),
    ("service_field.access_document", "接入规范", "Access document"),
    ("service_field.debug_runs", "联调", "Joint debugging"),
    ("service_field.responsible_name", "责任人", "Responsible person"),
    ("service_field.ops_strategy", "运维策略", "Operations strategy"),
    ("service_field.security_strategy", "安全策略", "Security strategy"),
    ("service_field.emergency_plan", "应急预案", "Emergency plan"),
    ("service_field.test_report", "测试报告", "Test report"),
    ("category.logistics", "物流", "Logistics"),
    ("category.payment", "支付", "Payment"),
    ("category.other", "其他", "Other"),
    ("method.protocol", "协议（HTTP POST）", "Protocol (HTTP POST)"),
    ("method.sdk", "SDK", "SDK"),
    ("iface.name", "接口名称", "Name"),
    ("iface.direction", "方向", "Direction"),
    ("iface.purpose", "用途", "Purpose"),
    ("iface.request", "请求", "Request"),
    ("iface.answer", "应答", "Answer"),
    ("iface.offered", "服务方提供", "Offered"),
    ("iface.needed", "需平台提供", "Needed"),
    ("release.title", "版本与测试报告", "Releases and test reports"),
    ("release.version", "版本号", "Version"),
    ("release.kind", "类型", "Kind"),
    ("release.tested_on", "测试日期", "Tested on"),
    ("release.scope", "测试范围", "Scope"),
    ("release.results", "测试结论", "Results"),
    ("release.report", "测试报告文件", "Test report file"),
    ("release.none", "尚无版本", "No releases yet"),
    ("release.live", "运行中", "Live"),
    ("release.submitted", "测试报告已提交", "Test report submitted"),
    ("release.reviewed", "已处理", "Done"),
    ("release.return_hint", "请说明退回原因，服务提供方会看到。", "Give the reason; the provider will see it."),
    ("release_kind.initial", "首次上线", "Initial"),
    ("release_kind.fix", "缺陷修复", "Defect fix"),
    ("release_kind.update", "功能更新", "Update"),
    ("release_kind.restoration", "恢复申请", "Restoration"),
    ("release_status.submitted", "待审核", "Waiting for review"),
    ("release_status.accepted", "已接受", "Accepted"),
    ("release_status.returned", "已退回", "Returned"),
    ("suspension.title", "紧急暂停与恢复", "Emergency suspension and restoration"),
    ("suspension.hint", "暂停立即生效：其凭证的下一次接口调用即返回 4001，服务提供方与监管员会收到通知。只有经批准的恢复申请才能恢复。", "Takes effect at once: its credentials get 4001 on the very next call; the owner and the supervisors are notified. Only an approved restoration application brings it back."),
    ("suspension.severity", "严重程度", "Severity"),
    ("suspension.reason", "暂停原因", "Reason"),
    ("suspension.alarm_ref", "关联告警（可选）", "Alarm reference (optional)"),
    ("suspension.confirm", "确认暂停", "Suspend"),
    ("suspension.none", "从未暂停", "Never suspended"),
    ("suspension.age", "已暂停", "Suspended for"),
    ("suspension.restored_at", "恢复：", "restored:"),
    ("suspension.done", "已暂停", "Suspended"),
    ("suspension.page_title", "紧急暂停", "Suspensions"),
    ("suspension.page_hint", "当前被暂停的服务和接入方、已暂停时长及恢复申请的状态（规范6.9.4.3）。", "Services and parties suspended now, for how long, and the state of their restoration applications (6.9.4.3)."),
    ("suspension.only_current", "只看当前暂停", "Current only"),
    ("suspension.include_restored", "包括已恢复的", "Include restored"),
    ("suspension.target", "对象", "Suspended"),
    ("suspension.none_current", "当前没有暂停", "Nothing is suspended"),
    ("severity.serious", "严重", "Serious"),
    ("severity.critical", "紧急", "Critical"),
    ("severity.disaster", "灾难", "Disaster"),
    ("suspension_state.active", "暂停中", "Suspended"),
    ("suspension_state.restored", "已恢复", "Restored"),
    ("restoration.title", "恢复申请", "Restoration application"),
    ("restoration.failure", "故障情况", "What failed"),
    ("restoration.fix", "整改措施", "What was fixed"),
    ("restoration.report", "新的测试报告", "New test report"),
    ("restoration.comment", "意见（可选）", "Comment (optional)"),
    ("restoration.restore", "批准恢复", "Restore"),
    ("restoration.apply", "申请恢复", "Apply for restoration"),
    ("restoration.choose_report", "请选择", "Choose"),
    ("restoration.report_hint", "先在下方“版本与测试报告”提交暂停后的新版本测试报告。", "First submit the new release's test report below."),
    ("restoration.submit", "提交恢复申请", "Submit the application"),
    ("restoration.filed", "恢复申请已提交", "Application submitted"),
    ("restoration.reviewed", "已处理", "Done"),
    ("restoration.return", "退回恢复申请", "Return the application"),
    ("restoration.return_hint", "请说明退回原因；暂停继续有效。", "Give the reason; the suspension stands."),
    ("restoration.none", "未申请", "None"),
    ("restoration_state.submitted", "待审核", "Waiting for review"),
    ("restoration_state.approved", "已恢复", "Restored"),
    ("restoration_state.returned", "已退回", "Returned"),
    ("run_result.pass", "通过", "Passed"),
    ("run_result.fail", "未通过", "Failed"),
    ("run.cases", "联调用例", "Cases run"),
    ("run.result", "结果", "Result"),
    ("run.notes", "说明", "Notes"),
    ("run.record", "记录联调", "Record the run"),
    ("plan.return_hint", "请说明退回原因。", "Give the reason."),
    ("impl.hint", "接入方上报的实施清单（规范6.2 c），按接入方列出自上次批准以来的变化；可批准部分、退回其余并说明原因。接入方通过 GET /api/v1/implementation-lists/{code} 查看结果。", "Implementation lists reported by parties (6.2 c), per party, with what changed since the last approval; approve some, return the rest with a reason. Parties read the outcome through GET /api/v1/implementation-lists/{code}."),
    ("impl.empty", "没有待审核的实施清单", "Nothing waits for review"),
    ("impl.approve_selected", "批准所选", "Approve selected"),
    ("impl.return_selected", "退回所选", "Return selected"),
    ("impl.return_hint", "请说明退回原因，接入方会看到。", "Give the reason; the party will see it."),
    ("impl.reviewed", "已处理", "Done:"),
    ("impl.new_item", "新增", "New"),
    ("impl_field.implementation_code", "实施编码", "Implementation code"),
    ("impl_field.basic_code", "基本编码", "Basic code"),
    ("impl_field.item_type", "事项类型", "Item type"),
    ("impl_field.name", "事项名称", "Name"),
    ("impl_field.implementer_name", "实施主体", "Implementing body"),
    ("impl_field.implementer_uscc", "实施主体信用代码", "Implementing body's code"),
    ("impl_field.division_code", "行政区划", "Division"),
    ("impl_field.statutory_limit", "法定时限", "Statutory limit"),
    ("impl_field.statutory_unit", "法定时限单位", "Statutory unit"),
    ("impl_field.promised_limit", "承诺时限", "Promised limit"),
    ("impl_field.promised_unit", "承诺时限单位", "Promised unit"),
    ("impl_field.online_url", "网上办理地址", "Online URL"),
    ("impl_field.mobile_url", "移动端地址", "Mobile URL"),
    ("field.implementation_code", "实施编码", "Implementation code"),
    ("field.implementer_name", "实施主体", "Implementing body"),
    ("field.online_url", "网上办理地址", "Online URL"),
    ("field.mobile_url", "移动端地址", "Mobile URL"),
    ("field.codes", "事项", "Items"),
    ("impl.outcomes_hint", "上报的记录及其审核结果（接入方操作员只看到本单位的）。", "Reported records and their review outcomes (operators see their own organisation's only)."),
    ("impl.page_title", "事项清单", "Service item lists"),
    ("impl.page_hint", "接入方上报的本方基本目录（规范6.2 b）与实施清单（6.2 c）经审核后发布；已发布的实施清单可按区划、实施主体、事项类型和名称查询。", "Parties' own basic catalogs (6.2 b) and implementation lists (6.2 c) are published after review; published implementation lists are searchable by division, implementing body, item type and name."),
    ("impl.tab_implementation", "实施清单", "Implementation lists"),
    ("impl.tab_catalog", "上报目录", "Reported catalogs"),
    ("impl.tab_published", "已发布清单查询", "Published lists"),
    ("impl.catalog_hint", "接入方上报的本方基本目录（规范6.2 b）：从未批准过的事项与目标平台基本目录比较，其余与上次批准的版本比较。接入方通过 GET /api/v1/catalog/items/{code} 查看结果。", "Parties' own basic catalogs (6.2 b): items never approved are compared with the target's basic catalog, the others with the last approved version. Parties read the outcome through GET /api/v1/catalog/items/{code}."),
    ("impl.against_basic", "与基本目录的差异", "Differences from the basic catalog"),
    ("impl.reported", "已上报，等待审核：", "Reported, waiting for review:"),
    ("impl.upload_title", "上传清单文件", "Upload a list file"),
    ("impl.upload_impl_hint", "Excel (.xlsx) 或 UTF-8 CSV，首行为列名：实施编码、基本编码、事项类型、事项名称、实施主体、实施主体统一社会信用代码、行政区划代码、法定办结时限、法定时限单位、承诺办结时限、承诺时限单位，可选 网上办理地址、移动端办理地址。校验规则与接口相同。", "Excel (.xlsx) or UTF-8 CSV, headings first: implementation_code, basic_code, item_type, name, implementer_name, implementer_uscc, division_code, statutory_limit, statutory_unit, promised_limit, promised_unit, optionally online_url, mobile_url (or the Chinese headings). Checked like the API."),
    ("impl.upload_catalog_hint", "Excel (.xlsx) 或 UTF-8 CSV，列与基本目录导入相同：基本编码、事项名称、事项类型、主管部门、设定依据、行使层级、服务对象、法定办结时限、时限单位。基本编码须在目标平台基本目录中且事项类型一致。", "Excel (.xlsx) or UTF-8 CSV with the basic catalog's columns (basic_code, name, item_type, department, legal_basis, levels, objects, statutory_limit, statutory_unit). Each basic code must be in the target's catalog with the same item type."),
    ("impl.upload_run", "校验并上报", "Check and report"),
    ("impl.region", "行政区划代码", "Division code"),
    ("impl.approved_at", "批准时间", "Approved"),
    ("impl_field.department", "主管部门", "Governing department"),
    ("impl_field.legal_basis", "设定依据", "Legal basis"),
    ("impl_field.levels", "行使层级", "Exercising levels"),
    ("impl_field.objects", "服务对象", "Service objects"),
    ("import.missing_column.implementation_code", "缺少“实施编码”列", "The “implementation code” column is missing"),
    ("import.missing_column.implementer_name", "缺少“实施主体”列", "The “implementing body” column is missing"),
    ("import.missing_column.implementer_uscc", "缺少“实施主体统一社会信用代码”列", "The “implementing body's code” column is missing"),
    ("import.missing_column.division_code", "缺少“行政区划代码”列", "The “division code” column is missing"),
    ("import.missing_column.promised_limit", "缺少“承诺办结时限”列", "The “promised limit” column is missing"),
    ("import.missing_column.promised_unit", "缺少“承诺时限单位”列", "The “promised unit” column is missing"),
    ("import.missing_column.statutory_limit", "缺少“法定办结时限”列", "The “statutory limit” column is missing"),
    ("import.missing_column.statutory_unit", "缺少“法定时限单位”列", "The “statutory unit” column is missing"),
    ("impl.comment", "审核意见", "Reviewer's comment"),
    ("impl.submitted_at", "上报时间", "Reported"),
    ("impl_status.pending", "待审核", "Waiting for review"),
    ("impl_status.approved", "已批准", "Approved"),
    ("impl_status.returned", "已退回", "Returned"),
    ("catalog.department", "主管部门", "Governing department"),
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
        use gsp_domain::application::{Action, State, CONTENTS, INTERFACES, SECTIONS};
        // the browser's copies of the domain's lists (the wasm build has no domain crate)
        assert_eq!(crate::pages::applications::CONTENTS, CONTENTS);
        assert_eq!(crate::pages::applications::INTERFACES, INTERFACES);
        assert_eq!(
            crate::pages::catalog::ITEM_TYPES,
            gsp_domain::catalog::ITEM_TYPES
        );
        assert_eq!(crate::pages::catalog::LEVELS, gsp_domain::catalog::LEVELS);
        assert_eq!(crate::pages::catalog::OBJECTS, gsp_domain::catalog::OBJECTS);
        keys.extend(
            gsp_domain::catalog::ITEM_TYPES
                .iter()
                .map(|x| format!("item_type.{x}")),
        );
        keys.extend(
            gsp_domain::catalog::OBJECTS
                .iter()
                .map(|x| format!("object.{x}")),
        );
        keys.extend(
            gsp_domain::catalog::UNITS
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
            gsp_domain::evidence::KINDS
                .iter()
                .map(|k| format!("evidence.{k}")),
        );
        keys.extend(
            gsp_domain::evidence::KINDS
                .iter()
                .map(|k| format!("field.evidence.{k}")),
        );
        keys.extend((1..=5).map(|l| format!("djcp.level{l}")));
        keys.extend(
            gsp_domain::cases::STATUSES
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
        use gsp_domain::provider as pv;
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
            gsp_domain::suspension::SEVERITIES
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
