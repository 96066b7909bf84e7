//! Operations management (R-6.7.a, R-6.7.b): resources, sub-resources,
//! performance data, alarms, co-operation tickets and node heartbeats.

use super::*;

handler!(h_ops_resources, |c| {
    let b = c.records::<gsp_domain::ops::Resource>("records", None)?;
    if !b.refused.is_empty() {
        return Err(refused(None, &b.refused));
    }
    let (_, records, _) = b.split();
    let r =
        gsp_domain::ops::upsert_resources(&c.st.app.db, &c.actor(), c.caller.party_id, &records)
            .await;
    all_or_nothing(None, r, c.rid, as_json)
});

handler!(h_ops_subs, |c| {
    let b = c.records::<gsp_domain::ops::SubResource>("records", None)?;
    if !b.refused.is_empty() {
        return Err(refused(None, &b.refused));
    }
    let (_, records, _) = b.split();
    let r =
        gsp_domain::ops::upsert_subs(&c.st.app.db, &c.actor(), c.caller.party_id, &records).await;
    all_or_nothing(None, r, c.rid, as_json)
});

handler!(h_ops_metrics, |c| {
    let b = c.records::<gsp_domain::ops::Point>("points", None)?;
    if !b.refused.is_empty() {
        return Err(refused(None, &b.refused));
    }
    let (_, points, _) = b.split();
    all_or_nothing(
        None,
        gsp_domain::ops::ingest(&c.st.app.db, c.caller.party_id, &points).await,
        c.rid,
        as_json,
    )
});

handler!(h_ops_alarms, |c| {
    let b = c.records::<gsp_domain::ops::AlarmReport>("records", None)?;
    if !b.refused.is_empty() {
        return Err(refused(None, &b.refused));
    }
    let (_, records, _) = b.split();
    let r =
        gsp_domain::ops::report_alarms(&c.st.app.db, &c.actor(), c.caller.party_id, &records).await;
    all_or_nothing(None, r, c.rid, as_json)
});

handler!(h_ops_ticket, |c| {
    post_ticket(c.st, c.caller, c.ip, c.rid, c.body()?).await
});

handler!(h_ops_node, |c| {
    let h: gsp_domain::ops::Heartbeat = c.body()?;
    gsp_domain::ops::heartbeat(&c.st.app.db, c.caller.party_id, &h)
        .await
        .map_err(|e| domain_error(e, c.rid))?;
    Ok(json!({
        "node_id": h.node_id,
        "next_before": gsp_domain::time::now() + chrono::Duration::seconds(h.interval_seconds),
    }))
});

fn ops_resources_request() -> Value {
    let cats: Vec<&str> = gsp_domain::ops::CATEGORIES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    let kinds: Vec<&str> = gsp_domain::ops::CATEGORIES
        .iter()
        .flat_map(|(_, k)| k.iter().copied())
        .collect();
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::ops::MAX_RECORDS, "items": {"type": "object",
    "required": ["resource_id", "category", "kind", "name"], "properties": {
        "resource_id": {"type": "string", "description": "your own id of the resource (upsert key)"},
        "category": {"enum": cats}, "kind": {"enum": kinds, "description": "router, switch, load-balancer, firewall (network-device); physical, virtual (server); system (business-system); called, offered (business-interface); database, middleware (application-software)"},
        "name": {"type": "string"}, "address": {"type": "string"}, "attributes": {"type": "object", "additionalProperties": {"type": "string"}}
    }}}}})
}

fn ops_subs_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::ops::MAX_RECORDS, "items": {"type": "object",
    "required": ["resource_id", "sub_id", "kind", "name"], "properties": {
        "resource_id": {"type": "string"}, "sub_id": {"type": "string"}, "kind": {"enum": gsp_domain::ops::SUB_KINDS},
        "name": {"type": "string"}, "attributes": {"type": "object"}
    }}}}})
}

fn ops_counts() -> Value {
    json!({"type": "object", "properties": {"inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}}})
}

fn ops_metrics_request() -> Value {
    let names: Vec<String> = gsp_domain::ops::METRICS
        .iter()
        .map(|(m, u)| format!("{m} ({u})"))
        .collect();
    json!({"type": "object", "required": ["points"], "properties": {"points": {"type": "array", "maxItems": gsp_domain::ops::MAX_POINTS, "items": {"type": "object",
    "required": ["resource_id", "metric", "ts", "value"], "properties": {
        "resource_id": {"type": "string"}, "sub_id": {"type": "string"},
        "metric": {"type": "string", "description": format!("fixed names: {}; other names (lower case, digits, . _ -) need a unit", names.join(", "))},
        "ts": {"type": "integer", "description": "seconds since 1970-01-01 UTC; not older than 7 days, not more than 5 minutes ahead"},
        "value": {"type": "number"}, "unit": {"type": "string"}
    }}}}})
}

fn ops_metrics_response() -> Value {
    json!({"type": "object", "properties": {"received": {"type": "integer"}, "stored": {"type": "integer"}, "duplicates": {"type": "integer", "description": "points stored before (a resent batch)"}}})
}

fn ops_alarms_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::ops::MAX_RECORDS, "items": {"type": "object",
    "required": ["fingerprint"], "properties": {
        "fingerprint": {"type": "string", "description": "source, resource and kind: a repeated report updates the open alarm"},
        "action": {"enum": ["raise", "clear"]}, "resource_id": {"type": "string"},
        "severity": {"type": "integer", "minimum": 0, "maximum": 5, "description": "0 not classified, 1 information, 2 warning, 3 average, 4 high, 5 disaster"},
        "title": {"type": "string"}, "detail": {"type": "string"}
    }}}}})
}

fn ops_alarms_response() -> Value {
    json!({"type": "object", "properties": {"raised": {"type": "integer"}, "updated": {"type": "integer"}, "cleared": {"type": "integer"}, "ignored": {"type": "integer"}}})
}

fn ops_ticket_request() -> Value {
    json!({"type": "object", "required": ["title", "description"], "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "resource_id": {"type": "string"}}})
}

fn ops_ticket_response() -> Value {
    json!({"type": "object", "properties": {"number": {"type": "string"}, "state": {"const": "open"}}})
}

fn ops_node_request() -> Value {
    json!({"type": "object", "required": ["node_id", "name", "interval_seconds"], "properties": {"node_id": {"type": "string"}, "name": {"type": "string"}, "version": {"type": "string"},
        "interval_seconds": {"type": "integer", "minimum": 30, "maximum": 86400, "description": "silent for longer than this, the node shows as lost"}}})
}

fn ops_node_response() -> Value {
    json!({"type": "object", "properties": {"node_id": {"type": "string"}, "next_before": {"type": "string", "format": "date-time"}}})
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/resources",
        scope: Some("operations"),
        signed: true,
        summary: "上报运维资源（网络设备、服务器、业务系统、业务接口、应用软件；按本方资源编号新增或更新；每批最多 1000 条，任一条有误则整批退回）",
        summary_en: "Report resources of the five categories (upsert by your resource id; up to 1,000; any invalid record refuses the batch)",
        request: Some(ops_resources_request),
        response: ops_counts,
        handler: Some(h_ops_resources),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/sub-resources",
        scope: Some("operations"),
        signed: true,
        summary: "上报子资源（CPU、磁盘、网卡、接口端点、数据库实例等，挂在已上报的资源下）",
        summary_en: "Report sub-resources (CPU, disk, network card, endpoint, database instance, ...) under reported resources",
        request: Some(ops_subs_request),
        response: ops_counts,
        handler: Some(h_ops_subs),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/metrics",
        scope: Some("operations"),
        signed: true,
        summary: "上报性能数据（时间序列，每批最多 10000 个点；重复上报的点不重复存储）",
        summary_en: "Report performance data (time series, up to 10,000 points per batch; a resent point is stored once)",
        request: Some(ops_metrics_request),
        response: ops_metrics_response,
        handler: Some(h_ops_metrics),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/alarms",
        scope: Some("operations"),
        signed: true,
        summary: "上报告警事件（产生或恢复；同一指纹更新未关闭的告警）",
        summary_en: "Report alarm events (raise or clear; the same fingerprint updates the open alarm)",
        request: Some(ops_alarms_request),
        response: ops_alarms_response,
        handler: Some(h_ops_alarms),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/tickets",
        scope: Some("operations"),
        signed: true,
        summary: "发起协同运维工单",
        summary_en: "Open a co-operation ticket",
        request: Some(ops_ticket_request),
        response: ops_ticket_response,
        handler: Some(h_ops_ticket),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/nodes",
        scope: Some("operations"),
        signed: true,
        summary: "运维节点心跳（超过上报间隔未收到即显示为失联）",
        summary_en: "Operations node heartbeat (silent for longer than its interval, it shows as lost)",
        request: Some(ops_node_request),
        response: ops_node_response,
        handler: Some(h_ops_node),
    },
];

/// `POST /api/v1/ops/tickets`.
async fn post_ticket(
    st: &ApiState,
    caller: &Caller,
    ip: &str,
    rid: &str,
    t: gsp_domain::ops::NewTicket,
) -> Result<Value, Answer> {
    let actor = caller.actor(ip, rid);
    let resource = match t.resource_id.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => Some(
            gsp_domain::ops::resource_row(&st.app.db, caller.party_id, r)
                .await
                .map_err(|e| domain_error(e, rid))?,
        ),
        None => None,
    };
    let t = gsp_domain::ops::NewTicket {
        alarm_id: None,
        ..t
    };
    let (_, number) =
        gsp_domain::ops::open_ticket(&st.app.db, &actor, caller.party_id, "party", &t, resource)
            .await
            .map_err(|e| domain_error(e, rid))?;
    Ok(json!({"number": number, "state": "open"}))
}
