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

fn ops_resources_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::ops::Resource>(g, "records", gsp_domain::ops::MAX_RECORDS)
}

fn ops_subs_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::ops::SubResource>(g, "records", gsp_domain::ops::MAX_RECORDS)
}

fn ops_counts(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}}})
}

fn ops_metrics_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::ops::Point>(g, "points", gsp_domain::ops::MAX_POINTS)
}

fn ops_metrics_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"received": {"type": "integer"}, "stored": {"type": "integer"}, "duplicates": {"type": "integer", "description": "points stored before (a resent batch)"}}})
}

fn ops_alarms_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::ops::AlarmReport>(g, "records", gsp_domain::ops::MAX_RECORDS)
}

fn ops_alarms_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"raised": {"type": "integer"}, "updated": {"type": "integer"}, "cleared": {"type": "integer"}, "ignored": {"type": "integer"}}})
}

fn ops_ticket_request(g: &mut Gen) -> Value {
    schema_of::<gsp_domain::ops::NewTicket>(g)
}

fn ops_ticket_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"number": {"type": "string"}, "state": {"const": "open"}}})
}

fn ops_node_request(g: &mut Gen) -> Value {
    schema_of::<gsp_domain::ops::Heartbeat>(g)
}

fn ops_node_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"node_id": {"type": "string"}, "next_before": {"type": "string", "format": "date-time"}}})
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/resources",
        scope: Some("operations"),
        signed: true,
        query: &[],
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
        query: &[],
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
        query: &[],
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
        query: &[],
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
        query: &[],
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
        query: &[],
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
