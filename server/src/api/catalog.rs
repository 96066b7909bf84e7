//! Service items (R-6.2.a–d): the basic catalog parties sync, the catalogs and
//! implementation lists they report for review, and case data.

use super::*;

handler!(h_cases_post, |c| {
    post_cases(
        c.st,
        c.caller,
        c.ip,
        c.rid,
        c.records("records", Some("case_no"))?,
    )
    .await
});

handler!(h_case_get, |c| get_case(c.st, c.caller, &c.params[0]).await);

handler!(h_catalog_get, |c| get_catalog(c.st, c.raw_query, c.rid)
    .await);

handler!(h_impl_post, |c| {
    let b = c.records::<gsp_domain::catalog::impl_list::ImplItem>(
        "records",
        Some("implementation_code"),
    )?;
    post_reported(c.st, c.caller, c.ip, c.rid, b).await
});

handler!(h_impl_get, |c| {
    get_reported(
        c.st,
        c.caller,
        gsp_domain::catalog::impl_list::Kind::Implementation,
        &c.params[0],
        c.rid,
    )
    .await
});

handler!(h_catalog_items_post, |c| {
    let b = c.records::<gsp_domain::catalog::basic::Item>("records", Some("basic_code"))?;
    post_reported(c.st, c.caller, c.ip, c.rid, b).await
});

handler!(h_catalog_item_get, |c| {
    get_reported(
        c.st,
        c.caller,
        gsp_domain::catalog::impl_list::Kind::Catalog,
        &c.params[0],
        c.rid,
    )
    .await
});

fn cases_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::catalog::cases::CaseRecord>(
        g,
        "records",
        gsp_domain::catalog::cases::MAX_BATCH,
    )
}

fn cases_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {
        "accepted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "refused": {"type": "integer"},
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "index": {"type": "integer"}, "case_no": {"type": "string"},
            "outcome": {"enum": ["accepted", "updated", "unchanged", "refused"]},
            "errors": {"type": "array", "items": {"$ref": FIELD_ERROR}}
        }}}
    }})
}

fn case_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"case": {"type": "object"}, "history": {"type": "array", "items": {"type": "object", "properties": {
        "status": {"type": "string"}, "replaced_at": {"type": "string", "format": "date-time"}, "record": {"type": "object"}
    }}}}})
}

fn catalog_item(g: &mut Gen) -> Value {
    schema_of::<gsp_domain::catalog::basic::Item>(g)
}

fn catalog_response(g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {
        "current_version": {"type": "integer", "description": "the latest published version"},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "basic_code": {"type": "string"}, "version": {"type": "integer", "description": "the version that last changed it"},
            "retired": {"type": "boolean", "description": "true: remove it from your copy"},
            "item": catalog_item(g)
        }}},
        "next_after": {"type": ["string", "null"], "description": "pass as `after` for the next page; null on the last page"}
    }})
}

fn impl_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::catalog::impl_list::ImplItem>(
        g,
        "records",
        gsp_domain::catalog::impl_list::MAX_BATCH,
    )
}

fn impl_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"received": {"type": "integer"}, "changed": {"type": "integer"}, "status": {"const": "pending"}}})
}

fn impl_outcome(_g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"implementation_code": {"type": "string"}, "status": {"enum": ["pending", "approved", "returned"]},
        "comment": {"type": ["string", "null"]}, "reviewed_at": {"type": ["string", "null"], "format": "date-time"}, "item": {"type": "object"}}})
}

fn reported_catalog_request(g: &mut Gen) -> Value {
    batch_of::<gsp_domain::catalog::basic::Item>(
        g,
        "records",
        gsp_domain::catalog::impl_list::MAX_BATCH,
    )
}

fn reported_catalog_outcome(g: &mut Gen) -> Value {
    json!({"type": "object", "properties": {"basic_code": {"type": "string"}, "status": {"enum": ["pending", "approved", "returned"]},
        "comment": {"type": ["string", "null"]}, "reviewed_at": {"type": ["string", "null"], "format": "date-time"}, "item": catalog_item(g)}})
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        path: "/api/v1/catalog/basic",
        scope: Some("service-items"),
        signed: true,
        query: &[
            ("since_version", "integer", "the version your copy holds (0: everything)"),
            ("after", "string", "the `next_after` of the page before"),
            ("limit", "integer", "items per page, 1 to 1,000 (default 500)"),
        ],
        summary: "同步基本目录：?since_version=N 返回 N 版之后新增、变更或取消的事项（分页，after=上页末尾编码）",
        summary_en: "Sync the basic catalog: ?since_version=N returns every item added, changed or retired after version N (paged with after=)",
        request: None,
        response: catalog_response,
        handler: Some(h_catalog_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/catalog/items",
        scope: Some("service-items"),
        signed: true,
        query: &[],
        summary: "上报本方基本目录（每批最多 1000 条；基本编码须在目标基本目录中且事项类型一致；任一条有误则整批退回；通过校验后等待审核）",
        summary_en: "Report the party's own basic catalog (up to 1,000 per batch; each basic code must be in the target's catalog with the same item type; any invalid record refuses the batch; valid batches wait for review)",
        request: Some(reported_catalog_request),
        response: impl_response,
        handler: Some(h_catalog_items_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/catalog/items/{code}",
        scope: Some("service-items"),
        signed: true,
        query: &[],
        summary: "查询本方一条上报目录事项的审核状态与审核意见",
        summary_en: "The review status and reviewer comment of one of the party's reported catalog items",
        request: None,
        response: reported_catalog_outcome,
        handler: Some(h_catalog_item_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/implementation-lists",
        scope: Some("service-items"),
        signed: true,
        query: &[],
        summary: "上报实施清单（每批最多 1000 条；任一条有误则整批退回并逐条列出错误；通过校验后等待审核）",
        summary_en: "Report implementation lists (up to 1,000 per batch; any invalid record refuses the batch, each listed; valid batches wait for review)",
        request: Some(impl_request),
        response: impl_response,
        handler: Some(h_impl_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/implementation-lists/{code}",
        scope: Some("service-items"),
        signed: true,
        query: &[],
        summary: "查询本方一条实施清单的审核状态与审核意见",
        summary_en: "The review status and reviewer comment of one of the party's implementation-list items",
        request: None,
        response: impl_outcome,
        handler: Some(h_impl_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/cases",
        scope: Some("service-items"),
        signed: true,
        query: &[],
        summary: "上报办件数据（每批最多 1000 条，按申报号幂等；状态只能前进，逐条返回结果）",
        summary_en: "Report case data (up to 1,000 per batch, idempotent by case number; status only moves forward; an outcome per record)",
        request: Some(cases_request),
        response: cases_response,
        handler: Some(h_cases_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/cases/{case_no}",
        scope: Some("service-items"),
        signed: true,
        query: &[],
        summary: "查询本方一件办件及其历史",
        summary_en: "One of the party's cases, with its history",
        request: None,
        response: case_response,
        handler: Some(h_case_get),
    },
];

/// `POST /api/v1/cases`: one transaction for the batch, an outcome per
/// record (a record whose fields do not parse is refused alone).
async fn post_cases(
    st: &ApiState,
    caller: &Caller,
    ip: &str,
    rid: &str,
    b: body::Records<gsp_domain::catalog::cases::CaseRecord>,
) -> Result<Value, Answer> {
    if b.is_empty() {
        return Err(validation(&[("records", "field.required")]));
    }
    if b.len() > gsp_domain::catalog::cases::MAX_BATCH {
        return Err(validation(&[("records", "case.batch_too_large")]));
    }
    let (indices, records, refused) = b.split();
    let actor = caller.actor(ip, rid);
    let results = if records.is_empty() {
        Vec::new()
    } else {
        gsp_domain::catalog::cases::ingest(
            &st.app.db,
            &actor,
            &st.app.settings.cipher,
            caller.party_id,
            &records,
        )
        .await
        .map_err(|e| domain_error(e, rid))?
        .results
    };
    use gsp_domain::batch::Outcome::*;
    Ok(per_record(
        "case_no",
        &[Accepted, Updated, Unchanged, Refused],
        &merge(&indices, results, refused),
    ))
}

/// `POST /api/v1/implementation-lists` and `/api/v1/catalog/items`: all or
/// nothing; every failing record's fields are listed.
async fn post_reported<T: gsp_domain::catalog::impl_list::Reported>(
    st: &ApiState,
    caller: &Caller,
    ip: &str,
    rid: &str,
    b: body::Records<T>,
) -> Result<Value, Answer> {
    let actor = caller.actor(ip, rid);
    let key = match T::KIND {
        gsp_domain::catalog::impl_list::Kind::Implementation => "implementation_code",
        gsp_domain::catalog::impl_list::Kind::Catalog => "basic_code",
    };
    let n = b.len();
    if !b.refused.is_empty() {
        return Err(refused(Some(key), &b.refused));
    }
    let (_, records, _) = b.split();
    all_or_nothing(
        Some(key),
        gsp_domain::catalog::impl_list::submit(&st.app.db, &actor, caller.party_id, &records).await,
        rid,
        |changed| json!({"received": n, "changed": changed, "status": "pending"}),
    )
}

/// The review outcome of one reported record, keyed by its kind's code name.
async fn get_reported(
    st: &ApiState,
    caller: &Caller,
    kind: gsp_domain::catalog::impl_list::Kind,
    code: &str,
    rid: &str,
) -> Result<Value, Answer> {
    let o = gsp_domain::catalog::impl_list::outcome(&st.app.db, kind, caller.party_id, code)
        .await
        .map_err(|e| domain_error(e, rid))?;
    let key = match kind {
        gsp_domain::catalog::impl_list::Kind::Implementation => "implementation_code",
        gsp_domain::catalog::impl_list::Kind::Catalog => "basic_code",
    };
    Ok(
        json!({key: o.code, "status": o.status, "comment": o.comment, "reviewed_at": o.reviewed_at, "item": o.item}),
    )
}

/// `GET /api/v1/catalog/basic?since_version=N&after=CODE&limit=L`.
async fn get_catalog(st: &ApiState, raw_query: &str, rid: &str) -> Result<Value, Answer> {
    let mut since = 0i64;
    let mut after: Option<String> = None;
    let mut limit = 500i64;
    for pair in raw_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = p::decode(v);
        match k {
            "since_version" => {
                since = v
                    .parse()
                    .ok()
                    .filter(|n: &i64| *n >= 0)
                    .ok_or_else(|| validation(&[("since_version", "field.invalid")]))?
            }
            "after" => after = Some(v).filter(|s| !s.is_empty()),
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|n: &i64| (1..=1000).contains(n))
                    .ok_or_else(|| validation(&[("limit", "field.invalid")]))?
            }
            _ => {}
        }
    }
    let current = gsp_domain::catalog::basic::current_version(&st.app.db)
        .await
        .map_err(|e| domain_error(e, rid))?;
    let (items, next) =
        gsp_domain::catalog::basic::changes_since(&st.app.db, since, after.as_deref(), limit)
            .await
            .map_err(|e| domain_error(e, rid))?;
    Ok(json!({"current_version": current, "items": items, "next_after": next}))
}

async fn get_case(st: &ApiState, caller: &Caller, case_no: &str) -> Result<Value, Answer> {
    let c = gsp_domain::catalog::cases::get_for_party(&st.app.db, caller.party_id, case_no)
        .await
        .map_err(|e| domain_error(e, ""))?;
    Ok(json!({
        "case": c.case,
        "history": c.history.into_iter().map(|(status, at, record)| json!({"status": status, "replaced_at": at, "record": record})).collect::<Vec<_>>(),
    }))
}
