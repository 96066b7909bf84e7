//! Connectivity for joint debugging (R-6.1.c): the return-code table and the
//! signed ping that shows the caller its party, scopes and the server time.

use super::*;

handler!(h_ping_get, |c| ping(c.caller, None).await);

handler!(h_ping_post, |c| ping(c.caller, Some(c.body()?)).await);

fn ping_request(g: &mut Gen) -> Value {
    schema_of::<PingBody>(g)
}

fn ping_response(_g: &mut Gen) -> Value {
    json!({"type": "object", "required": ["party_id", "party_name", "key_id", "scopes", "server_time"], "properties": {
        "party_id": {"type": "string", "format": "uuid"},
        "party_name": {"type": "string"},
        "key_id": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
        "server_time": {"type": "string", "format": "date-time"},
        "echo": {"type": ["string", "null"]}
    }})
}

fn codes_response(_g: &mut Gen) -> Value {
    json!({"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "integer"}, "http_status": {"type": "integer"},
        "message": {"type": "string"}, "message_en": {"type": "string"}
    }}})
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        path: "/api/v1/codes",
        scope: None,
        signed: false,
        query: &[],
        summary: "返回码表",
        summary_en: "The table of return codes",
        request: None,
        response: codes_response,
        handler: None,
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/ping",
        scope: None,
        signed: true,
        query: &[],
        summary: "连通性测试：返回调用方接入方、授权范围与服务器时间",
        summary_en: "Connectivity test: the caller's party, scopes and the server's time",
        request: None,
        response: ping_response,
        handler: Some(h_ping_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ping",
        scope: None,
        signed: true,
        query: &[],
        summary: "连通性测试（POST，可带 echo 字段，JSON 或 XML）",
        summary_en: "Connectivity test by POST, with an optional echo field (JSON or XML)",
        request: Some(ping_request),
        response: ping_response,
        handler: Some(h_ping_post),
    },
];

#[derive(Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
struct PingBody {
    /// returned as sent (optional, at most 200 characters)
    #[serde(default)]
    #[schemars(length(max = 200))]
    echo: Option<String>,
}

async fn ping(caller: &Caller, body: Option<PingBody>) -> Result<Value, Answer> {
    let echo = body.and_then(|b| b.echo);
    if echo.as_deref().is_some_and(|e| e.chars().count() > 200) {
        return Err(validation(&[("echo", "field.too_long")]));
    }
    Ok(json!({
        "party_id": caller.party_id,
        "party_name": caller.party_name,
        "key_id": caller.key_id,
        "scopes": caller.scopes,
        "server_time": gsp_domain::time::now().to_rfc3339(),
        "echo": echo,
    }))
}
