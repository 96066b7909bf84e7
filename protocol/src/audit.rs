//! The audit trail's vocabulary: every action the product records and every
//! type of object it records it on, with the label staff read (操作日志).
//! One list for the domain (which refuses, in debug builds, to record an
//! action that is not here), the console (labels, filter dropdowns) and the
//! export (a label column beside the code).

/// (code, 中文, English), grouped by area.
pub static ACTIONS: &[(&str, &str, &str)] = &[
    // sign-in and accounts (三员)
    ("auth.sign_in", "登录", "Signed in"),
    ("auth.sign_out", "退出登录", "Signed out"),
    ("auth.sign_in_failed", "登录失败", "Sign-in failed"),
    ("auth.locked", "账号锁定", "Account locked"),
    (
        "auth.sign_in_refused_locked",
        "锁定期间尝试登录",
        "Sign-in while locked",
    ),
    (
        "auth.sign_in_refused_disabled",
        "停用账号尝试登录",
        "Sign-in of a disabled account",
    ),
    ("account.create", "新建账号", "Account created"),
    ("account.set_roles", "分配角色", "Roles assigned"),
    ("account.disable", "停用账号", "Account disabled"),
    ("account.enable", "启用账号", "Account enabled"),
    ("account.reset_password", "重置密码", "Password reset"),
    (
        "account.reset_totp",
        "重置双因素认证",
        "Second factor reset",
    ),
    ("account.change_password", "修改密码", "Password changed"),
    (
        "account.enrol_totp",
        "绑定双因素认证",
        "Second factor enrolled",
    ),
    (
        "session.revoke",
        "强制退出会话",
        "Session ended by an administrator",
    ),
    (
        "session.end_own",
        "退出本人的其他会话",
        "Own session signed out",
    ),
    ("audit.export", "导出审计日志", "Audit trail exported"),
    // organisations, access parties, applications, credentials
    ("organisation.create", "登记单位", "Organisation registered"),
    ("party.register", "登记接入方", "Access party registered"),
    ("application.create", "新建接入申请", "Application created"),
    ("application.save", "修改接入申请", "Application edited"),
    (
        "application.comment",
        "填写审核意见",
        "Review comment written",
    ),
    (
        "application.submit",
        "提交接入申请",
        "Application submitted",
    ),
    (
        "application.start-review",
        "开始审核接入申请",
        "Review started",
    ),
    ("application.return", "退回接入申请", "Application returned"),
    ("application.reject", "驳回接入申请", "Application rejected"),
    (
        "application.approve",
        "批准接入申请",
        "Application approved",
    ),
    (
        "application.env-ready",
        "联调环境就绪",
        "Test environment ready",
    ),
    (
        "application.start-debugging",
        "开始联调",
        "Joint debugging started",
    ),
    (
        "application.connect",
        "确认接入完成",
        "Connection confirmed",
    ),
    ("application.suspend", "暂停接入", "Access suspended"),
    ("application.restore", "恢复接入", "Access restored"),
    ("application.retire", "退出接入", "Access retired"),
    ("evidence.upload", "上传证明材料", "Evidence uploaded"),
    ("evidence.download", "下载证明材料", "Evidence downloaded"),
    ("credential.issue", "签发接口凭证", "Credential issued"),
    ("credential.rotate", "轮换接口凭证", "Credential rotated"),
    ("credential.revoke", "吊销接口凭证", "Credential revoked"),
    // the catalog, implementation lists, reported catalogs, cases
    ("catalog.draft", "编辑政务服务事项", "Catalog item edited"),
    ("catalog.discard", "放弃事项草稿", "Catalog draft discarded"),
    (
        "catalog.import",
        "导入政务服务事项",
        "Catalog items imported",
    ),
    (
        "catalog.publish",
        "发布目录新版本",
        "Catalog version published",
    ),
    (
        "impl.submit",
        "报送实施清单",
        "Implementation items reported",
    ),
    (
        "impl.approve",
        "审核通过实施清单",
        "Implementation items approved",
    ),
    (
        "impl.return",
        "退回实施清单",
        "Implementation items returned",
    ),
    (
        "reported_catalog.submit",
        "报送事项目录",
        "Catalog items reported",
    ),
    (
        "reported_catalog.approve",
        "审核通过报送目录",
        "Reported catalog items approved",
    ),
    (
        "reported_catalog.return",
        "退回报送目录",
        "Reported catalog items returned",
    ),
    ("case.batch", "报送办件数据", "Case data reported"),
    // third-party providers and their services
    (
        "provider.profile",
        "修改服务商资料",
        "Provider profile edited",
    ),
    (
        "provider.document",
        "上传服务商材料",
        "Provider document uploaded",
    ),
    (
        "provider.download",
        "下载服务商材料",
        "Provider document downloaded",
    ),
    (
        "provider.submit",
        "提交服务商备案",
        "Provider filing submitted",
    ),
    (
        "provider.approve",
        "服务商备案通过",
        "Provider filing approved",
    ),
    (
        "provider.refuse",
        "服务商备案不通过",
        "Provider filing refused",
    ),
    ("plan.approve", "批准接入方案", "Access plan approved"),
    ("plan.return", "退回接入方案", "Access plan returned"),
    ("service.create", "新建第三方服务", "Service created"),
    ("service.save", "修改第三方服务", "Service edited"),
    (
        "service.advance",
        "推进服务接入阶段",
        "Service moved to its next stage",
    ),
    (
        "service.debug_run",
        "记录联调结果",
        "Joint-debugging run recorded",
    ),
    (
        "release.submit",
        "提交上线测试报告",
        "Release test report submitted",
    ),
    ("release.accept", "上线测试通过", "Release accepted"),
    ("release.return", "退回上线测试报告", "Release returned"),
    ("suspension.suspend", "紧急暂停", "Emergency suspension"),
    ("suspension.apply", "申请恢复", "Restoration applied for"),
    ("suspension.restore", "批准恢复", "Restoration approved"),
    (
        "suspension.return",
        "退回恢复申请",
        "Restoration application returned",
    ),
    // operations
    ("ops.resources", "报送运行资源", "Resources reported"),
    (
        "ops.sub_resources",
        "报送下级资源",
        "Sub-resources reported",
    ),
    ("ops.alarms", "报送告警", "Alarms reported"),
    ("alarm.acknowledge", "确认告警", "Alarm acknowledged"),
    ("alarm.resolve", "解决告警", "Alarm resolved"),
    ("alarm.suppress", "屏蔽告警", "Alarm suppressed"),
    ("ticket.open", "新建工单", "Ticket opened"),
    ("ticket.update", "处理工单", "Ticket updated"),
    // seals
    (
        "seal_unit.register",
        "登记用章单位",
        "Seal-using unit registered",
    ),
    (
        "seal_system.register",
        "登记印章系统",
        "Seal system registered",
    ),
    (
        "seal_system.approve",
        "印章系统审核通过",
        "Seal system approved",
    ),
    (
        "seal_system.refuse",
        "印章系统审核不通过",
        "Seal system refused",
    ),
    (
        "seal_system.connect",
        "印章系统对接完成",
        "Seal system connected",
    ),
    (
        "seal_system.suspend",
        "暂停印章系统",
        "Seal system suspended",
    ),
    ("seal_system.resume", "恢复印章系统", "Seal system resumed"),
    ("seal.file", "备案电子印章", "Seals filed"),
    ("seal.revoked", "吊销电子印章", "Seal revoked"),
    ("seal.lost", "挂失电子印章", "Seal reported lost"),
];

/// (code, 中文, English): the types of object actions are recorded on.
pub static OBJECT_TYPES: &[(&str, &str, &str)] = &[
    ("account", "账号", "Account"),
    ("audit_log", "审计日志", "Audit trail"),
    ("organisation", "单位", "Organisation"),
    ("access_party", "接入方", "Access party"),
    ("application", "接入申请", "Application"),
    ("credential", "接口凭证", "Credential"),
    ("catalog", "政务服务事项目录", "Service catalog"),
    ("catalog_item", "政务服务事项", "Catalog item"),
    ("service", "第三方服务", "Third-party service"),
    ("document", "服务商材料", "Provider document"),
    ("release", "上线测试报告", "Release test report"),
    ("provider_document", "服务商材料", "Provider document"),
    ("alarm", "告警", "Alarm"),
    ("ticket", "工单", "Ticket"),
    ("seal_unit", "用章单位", "Seal-using unit"),
    ("seal_system", "印章系统", "Seal system"),
    ("seal", "电子印章", "Electronic seal"),
];

fn find(table: &'static [(&str, &str, &str)], code: &str) -> Option<(&'static str, &'static str)> {
    table
        .iter()
        .find(|(k, _, _)| *k == code)
        .map(|(_, zh, en)| (*zh, *en))
}

/// The labels of an action code.
pub fn action(code: &str) -> Option<(&'static str, &'static str)> {
    find(ACTIONS, code)
}

/// The labels of an object type.
pub fn object_type(code: &str) -> Option<(&'static str, &'static str)> {
    find(OBJECT_TYPES, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_labelled_in_both_languages() {
        for table in [ACTIONS, OBJECT_TYPES] {
            let mut seen = std::collections::HashSet::new();
            for (code, zh, en) in table {
                assert!(seen.insert(*code), "{code} twice");
                assert!(!zh.is_empty() && !en.is_empty(), "{code} unlabelled");
                assert!(
                    !en.contains(['，', '：', '（']),
                    "{code}: full-width punctuation in English"
                );
            }
        }
        assert_eq!(
            action("application.return"),
            Some(("退回接入申请", "Application returned"))
        );
        assert_eq!(action("application.unknown"), None);
        assert_eq!(object_type("seal").map(|l| l.0), Some("电子印章"));
    }
}
