//! Electronic seals (R-6.6.a, R-6.6.b): seal filings from registered systems
//! and the validity of a filed seal at a given time.

use super::*;

handler!(h_seals_post, |c| {
    let b = c.records::<gsp_domain::seals::Filing>("records", Some("es_id"))?;
    if b.is_empty() || b.len() > gsp_domain::seals::MAX_BATCH {
        return Err(validation(&[("records", "seal.batch_size")]));
    }
    let (indices, records, refused) = b.split();
    let results = if records.is_empty() {
        Vec::new()
    } else {
        gsp_domain::seals::file(&c.st.app.db, &c.actor(), c.caller.party_id, &records)
            .await
            .map_err(|e| domain_error(e, c.rid))?
    };
    Ok(per_record(
        "es_id",
        &[batch::Outcome::Filed, batch::Outcome::Refused],
        &merge(&indices, results, refused),
    ))
});

handler!(h_seal_get, |c| {
    let at = c
        .raw_query
        .split('&')
        .find_map(|kv| kv.strip_prefix("at="))
        .map(p::decode);
    let at = match at.as_deref().map(chrono::DateTime::parse_from_rfc3339) {
        Some(Err(_)) => return Err(validation(&[("at", "field.date_invalid")])),
        Some(Ok(t)) => t.with_timezone(&chrono::Utc),
        None => gsp_domain::time::now(),
    };
    gsp_domain::seals::validity(&c.st.app.db, &c.params[0], at)
        .await
        .map(|v| serde_json::to_value(v).expect("serialisable"))
        .map_err(|e| domain_error(e, c.rid))
});

fn seals_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::seals::Filing>(g, "records", gsp_domain::seals::MAX_BATCH)
}

fn seals_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"filed": {"type": "integer"}, "refused": {"type": "integer"}, "results": {"type": "array", "items": {"type": "object", "properties": {
        "index": {"type": "integer"}, "es_id": {"type": "string"}, "outcome": {"enum": ["filed", "refused"]}, "errors": {"type": "array", "items": {"$ref": FIELD_ERROR}}}}}}})
}

fn seal_validity(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"es_id": {"type": "string"}, "filed": {"type": "boolean"}, "valid": {"type": "boolean", "description": "filed, active (or revoked later than `at`) and within its validity at `at`"},
        "state": {"enum": ["active", "revoked", "lost", null]}, "valid_from": {"type": ["string", "null"]}, "valid_to": {"type": ["string", "null"]}, "state_at": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]}}})
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "POST",
        path: "/api/v1/seals",
        scope: Some("seals"),
        signed: true,
        query: &[],
        summary: "印章备案（每批最多 500 枚，逐枚受理或退回并列出错误；未登记或未接通的制作系统提交的一律退回并记录）",
        summary_en: "File seals (up to 500 per batch, each filed or refused with its errors; filings by an unregistered or unconnected making system are refused and listed)",
        request: Some(seals_request),
        response: seals_response,
        handler: Some(h_seals_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/seals/{es_id}",
        scope: Some("seals"),
        signed: true,
        query: &[("at", "date-time", "RFC 3339 time to check at (default now)")],
        summary: "查询印章在某一时刻（?at=RFC 3339 时间，缺省为现在）是否已备案且有效",
        summary_en: "Whether a seal was filed and valid at a time (?at=RFC 3339, default now)",
        request: None,
        response: seal_validity,
        handler: Some(h_seal_get),
    },
];
