//! The messages of the codes that the domain and the machine API answer
//! with (field errors, refusals), in Chinese and English. The API's answers
//! and the command line take them from here; the console's translations
//! (`app::i18n`) fall back to this table, so both say the same thing.

/// (code, 中文, English)
pub static MESSAGES: &[(&str, &str, &str)] = &[
    ("field.invalid", "格式不正确", "is not valid"),
    ("password.too_short", "密码长度至少10位", "Password must be at least 10 characters"),
    ("password.common", "密码过于常见或容易猜到（如 Password123、P@ssw0rd2024），请换一个更难猜的密码", "This password is common or easy to guess (like Password123 or P@ssw0rd2024); choose a harder one"),
    ("password.too_simple", "密码须包含大写字母、小写字母、数字、符号中的至少三类", "Password must use at least three of: upper case, lower case, digits, symbols"),
    ("password.contains_username", "密码不能包含用户名", "Password must not contain the username"),
    ("password.mismatch", "两次输入的密码不一致", "The two passwords differ"),
    ("password.same_as_old", "新密码不能与原密码相同", "The new password must differ from the old one"),
    ("password.wrong_current", "当前密码不正确", "The current password is wrong"),
    ("roles.system_and_audit", "系统管理员与审计管理员角色不能由同一账号兼任", "One account cannot be both system and audit administrator"),
    ("roles.admin_alone", "系统管理员、安全管理员、审计管理员只担任本角色，不能兼任审核员、监管员等业务角色", "An administrator (system, security or audit) holds that role alone, with no business role"),
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
    ("auth.sign_in", "登录", "Sign in"),
    ("auth.sign_out", "退出", "Sign out"),
    ("app.address_invalid", "不是有效的 IP 地址或地址段", "is not a valid IP address or CIDR range"),
    ("app.domain_invalid", "不是有效的域名", "is not a valid domain name"),
    ("app.calls_invalid", "请填写不小于 0 的整数", "must be a whole number, 0 or more"),
    ("app.party_unknown", "没有该接入方，或不属于本单位", "No such access party in your organisation"),
    ("app.party_retired", "该接入方已退出", "This access party has retired"),
    ("field.required", "必填", "is required"),
    ("field.too_long", "内容过长", "is too long"),
    ("field.date_invalid", "请填写有效日期（年-月-日）", "must be a date (YYYY-MM-DD)"),
    ("evidence.djcp", "等级保护测评证书", "MLPS (等保) certificate"),
    ("evidence.mp", "商用密码应用安全性评估证书", "Cryptography (密评) certificate"),
    ("evidence.upload", "上传", "Upload"),
    ("file.required", "请选择文件", "Choose a file"),
    ("file.too_large", "文件超过 10 MB", "The file is larger than 10 MB"),
    ("file.image_too_large", "图片尺寸过大（每边最多 10000 像素，总计最多 5000 万像素）", "The image is too large (at most 10,000 pixels a side and 50 million in all)"),
    ("file.image_invalid", "图片文件头不完整", "The image's header is incomplete"),
    ("file.type_refused", "只接受 PDF、OFD、PNG、JPEG 文件（按内容识别）", "Only PDF, OFD, PNG and JPEG files are accepted (judged by content)"),
    ("cert.expired", "证书已过期", "The certificate has expired"),
    ("cert.level_too_low", "平台类接入方须持有第三级及以上的等保证书", "A platform needs an MLPS certificate of level 3 or higher"),
    ("cert.level_invalid", "请选择第一级至第五级", "Choose level 1 to 5"),
    ("credential.issue", "签发接口凭证", "Issue credential"),
    ("credential.rotate", "轮换", "Rotate"),
    ("credential.revoke", "吊销", "Revoke"),
    ("credential.days_invalid", "有效期须为 1 至 1098 天", "Validity must be 1 to 1098 days"),
    ("credential.party_inactive", "该接入方已暂停或退出，不能签发凭证", "The party is suspended or retired: no credential can be issued"),
    ("credential.not_approved", "该接入方没有已通过的接入申请", "This party has no approved application"),
    ("credential.grace_invalid", "过渡期须为 0 至 720 小时", "The grace period must be 0 to 720 hours"),
    ("case.case_no_invalid", "申报号须为 1 至 64 位字母、数字、“-”或“_”", "The case number must be 1 to 64 letters, digits, \"-\" or \"_\""),
    ("case.basic_code_invalid", "基本编码须为 12 位", "The basic code has 12 characters"),
    ("case.id_invalid", "身份证号码不正确（长度、出生日期或校验位）", "Not a valid resident identity number (length, birth date or check character)"),
    ("case.status_invalid", "办件状态不正确", "Not a valid case status"),
    ("case.before_submission", "不能早于申报时间", "cannot be before the submission time"),
    ("case.status_backwards", "办件状态不能回退（已有更新的状态）", "The case already has a later status: a status cannot move back"),
    ("case.batch_too_large", "每批最多 1000 条", "At most 1,000 records per batch"),
    ("catalog.publish", "发布新版本", "Publish a new version"),
    ("catalog.discard", "放弃", "Discard"),
    ("catalog.basic_code_invalid", "基本编码须为 12 位字母或数字", "The basic code has 12 letters or digits"),
    ("catalog.nothing_to_publish", "没有待发布的修改", "There is nothing to publish"),
    ("import.empty", "文件为空", "The file is empty"),
    ("import.duplicate_code", "文件中基本编码重复", "The basic code appears twice in the file"),
    ("import.missing_column.item_type", "缺少“事项类型”列", "The “item type” column is missing"),
    ("seal.code_invalid", "只能含字母、数字和 -_.，最长 64", "Letters, digits and -_. only, up to 64"),
    ("seal.cert_unreadable", "不是可读的 X.509 证书", "Not a readable X.509 certificate"),
    ("seal.cert_not_sm2", "证书须为 SM2 密钥、SM3 摘要签名", "The certificate must be SM2 with SM3"),
    ("seal.vendor_id_taken", "该厂商系统标识已登记", "This vendor id is registered already"),
    ("seal.system_unknown", "不是本方登记的印章制作系统", "Not a seal making system of this party"),
    ("seal.unit_exists", "该单位已登记", "This unit is registered already"),
    ("seal.signer_certs_invalid", "须列出签章人证书序列号或摘要", "List the signers' certificate serials or hashes"),
    ("seal.validity_invalid", "有效期截止须晚于起始", "Valid to must be after valid from"),
    ("seal.image_not_png", "印章图像须为 PNG（base64），不超过 1 MiB", "The image must be a PNG (base64), at most 1 MiB"),
    ("seal.algorithm_invalid", "签名算法须为 SM2", "The signature algorithm must be SM2"),
    ("seal.batch_size", "每批 1 至 500 枚", "1 to 500 seals per batch"),
    ("seal.system_unregistered", "印章制作系统未登记", "The making system is not registered"),
    ("seal.system_suspended", "印章制作系统已暂停", "The making system is suspended"),
    ("seal.system_not_connected", "印章制作系统尚未接通", "The making system is not connected yet"),
    ("seal.unit_unknown", "制章单位未登记", "The making unit is not registered"),
    ("seal.unit_expired", "制章单位资质已过期", "The making unit's qualification has expired"),
    ("seal.es_id_taken", "该印章编码已备案", "This seal id is filed already"),
    ("seal.official_exists", "该单位已有有效的法定名称章", "The organisation has an active official seal already"),
    ("ops.resources", "资源数", "Resources"),
    ("ops.batch_size", "每批数量超出范围", "Batch size out of range"),
    ("ops.id_invalid", "编号只能含字母、数字和 -_.:/@，最长 128", "Ids have letters, digits and -_.:/@, up to 128"),
    ("ops.resource_unknown", "尚未上报该资源", "No such resource reported"),
    ("ops.metric_invalid", "指标名只能含小写字母、数字和 ._-", "Metric names have lower-case letters, digits and ._-"),
    ("ops.unit_required", "自定义指标须给出单位", "A custom metric needs a unit"),
    ("ops.ts_out_of_range", "时间须在 7 天内且不超前 5 分钟", "Within the last 7 days and no more than 5 minutes ahead"),
    ("ops.severity_invalid", "级别须为 0 至 5", "Severity is 0 to 5"),
    ("ops.until_invalid", "须为将来的时间", "Must be in the future"),
    ("ops.interval_invalid", "上报间隔须在 30 秒至 1 天之间", "30 seconds to 1 day"),
    ("provider.submit", "提交资质审核", "Submit for review"),
    ("provider.refuse", "不予通过", "Refuse"),
    ("provider.not_third_party", "该接入方不是第三方服务", "This party is not a third-party service"),
    ("provider.no_licence", "须上传在有效期内的营业执照", "Upload a business licence that is still valid"),
    ("service.create", "登记服务", "Register a service"),
    ("service.advance", "完成本步骤", "Complete this step"),
    ("service.no_interfaces", "至少登记一个接口", "Register at least one interface"),
    ("service.interface_incomplete", "名称、用途、请求与应答均须填写", "Name, purpose, request and answer are required"),
    ("service.no_access_document", "须有双方确认的接入规范", "An agreed access document is required"),
    ("service.no_passing_run", "须有一次通过的联调", "A passing joint-debugging run is required"),
    ("service.no_responsible", "须指定责任人及电话", "Name a responsible person with a phone number"),
    ("service.no_emergency_plan", "应急预案须经批准", "The emergency plan must be approved"),
    ("service.no_test_report", "须有已接受的测试报告", "An accepted test report is required"),
    ("release.accept", "接受并上线", "Accept and put live"),
    ("release.submit", "提交测试报告", "Submit the test report"),
    ("release.return", "退回测试报告", "Return the test report"),
    ("release.version_taken", "该版本号已存在", "This version exists already"),
    ("suspension.suspend", "紧急暂停", "Suspend now"),
    ("restoration.test_report_required", "须附暂停后提交的新测试报告", "Attach a test report submitted after the suspension"),
    ("plan.return", "退回应急预案", "Return the plan"),
    ("field.email_invalid", "邮箱格式不正确", "Not an email address"),
    ("impl.code_invalid", "实施编码须为 36 位字母或数字", "The implementation code has 36 letters or digits"),
    ("impl.basic_code_unknown", "基本目录中没有该基本编码（或已取消）", "No such basic code in the published catalog (or retired)"),
    ("impl.item_type_mismatch", "事项类型与基本目录不一致", "The item type differs from the basic catalog's"),
    ("impl.promised_over_statutory", "承诺时限不能超过法定时限", "The promised limit cannot exceed the statutory one"),
    ("impl.url_not_https", "须为 https 地址", "must be an https URL"),
    ("impl.batch_size", "每批 1 至 1000 条", "1 to 1,000 records per batch"),
    ("catalog.batch_size", "每批 1 至 1000 条目录事项", "1 to 1,000 catalog items per batch"),
    // why a request body could not be read (1001, field "body")
    ("body.content_type", "请求体须为 JSON（application/json）或 XML（application/xml、text/xml）", "The body must be JSON (application/json) or XML (application/xml, text/xml)"),
    ("body.json_invalid", "请求体不是有效的 JSON", "The body is not valid JSON"),
    ("body.not_object", "请求体须为一个 JSON 对象", "The body must be one JSON object"),
    ("body.list_not_array", "记录列表须为数组", "The list of records must be an array"),
    ("body.too_deep", "请求体嵌套过深（JSON 最多 128 层，XML 最多 32 层）", "The body is nested too deep (JSON at most 128 levels, XML 32)"),
    ("body.xml_invalid", "请求体不是格式正确的 XML 文档", "The body is not a well-formed XML document"),
    ("body.xml_two_roots", "XML 文档只能有一个根元素", "An XML document has exactly one root element"),
    ("body.xml_trailing", "XML 根元素之后不能有其他内容", "Nothing may follow the XML root element"),
    ("body.xml_doctype", "不接受文档类型声明（DOCTYPE）", "Document type declarations (DOCTYPE) are not accepted"),
    ("body.xml_too_many_elements", "XML 元素过多（最多 200000 个）", "Too many XML elements (at most 200,000)"),
    ("body.xml_encoding", "XML 编码须为 UTF-8、UTF-16 或 GB18030（含 GBK、GB2312），且内容与声明一致", "XML must be in UTF-8, UTF-16 or GB18030 (with GBK and GB2312), and match its declaration"),
    ("impl.none_selected", "请选择事项", "Choose items first"),
    ("import.no_single_party", "本单位没有唯一的接入方，无法上报", "Your organisation has no single access party to report for"),
    ("import.sheet_rows", "表格超过 10000 行（不含表头），请分批上传", "The sheet has more than 10,000 rows besides the heading; upload it in parts"),
    ("import.sheet_columns", "表格超过 256 列", "The sheet has more than 256 columns"),
    ("import.xlsx_expanded", "Excel 文件解压后超过 64 MB，已拒绝", "The Excel file expands to more than 64 MB and is refused"),
    ("import.xlsx_parts", "Excel 文件包含的部件超过 1000 个，已拒绝", "The Excel file has more than 1,000 parts and is refused"),
    ("import.too_many_rows", "文件最多 10000 行", "A file has at most 10,000 rows"),
];

/// The Chinese and English messages of `code`, if it is one of ours.
pub fn message(code: &str) -> Option<(&'static str, &'static str)> {
    MESSAGES
        .iter()
        .find(|(k, _, _)| *k == code)
        .map(|(_, zh, en)| (*zh, *en))
}

/// The English message of `code`, or the code itself when it has none (for
/// the command line).
pub fn english(code: &str) -> &str {
    message(code).map(|(_, en)| en).unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in MESSAGES {
            assert!(seen.insert(*k), "duplicate code {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "{k} lacks a message");
        }
        assert_eq!(
            message("field.required").map(|m| m.1.is_empty()),
            Some(false)
        );
        assert_eq!(message("no.such.code"), None);
    }
}
