//! Reading request bodies (issue #14): JSON or XML by `Content-Type`, each
//! batch record parsed on its own so that a mistyped field refuses only its
//! record and names the field, and XML held to one well-formed document
//! within fixed limits before anything is deserialised.
//!
//! What a body may be:
//! - JSON (RFC 8259, UTF-8), nested at most 128 deep (serde_json's limit).
//!   A number with a zero fraction (`60.0`) is an integer, as JSON Schema
//!   counts it.
//! - XML 1.0: exactly one root element, nothing but comments, processing
//!   instructions and white space around it, no document type declaration
//!   (so no entities to expand), at most [`XML_MAX_DEPTH`] deep and
//!   [`XML_MAX_ELEMENTS`] elements. UTF-8 (with or without a byte order
//!   mark), UTF-16 (by its byte order mark or first bytes) and GB18030 with
//!   its subsets GBK and GB2312 (by the `charset` of `Content-Type` or the
//!   document's `encoding`) are read; any other encoding is refused by name.

use gsp_domain::batch::Record;
use gsp_domain::FieldError;
use quick_xml::events::Event;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deepest XML element nesting read.
pub const XML_MAX_DEPTH: usize = 32;
/// Most XML elements in one body (a full batch of 1,000 cases has about 25,000).
pub const XML_MAX_ELEMENTS: usize = 200_000;

/// Why a body could not be read at all: the answer is `1001` with this code
/// under the field `body`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable(pub &'static str);

/// The kind of a body, by its `Content-Type`.
pub enum Kind {
    Json,
    Xml { charset: Option<String> },
}

pub fn kind(content_type: &str) -> Option<Kind> {
    let ct = content_type.to_ascii_lowercase();
    let (mime, params) = ct.split_once(';').unwrap_or((&ct, ""));
    let mime = mime.trim();
    if mime == "application/json" || mime.ends_with("+json") {
        Some(Kind::Json)
    } else if mime == "application/xml" || mime == "text/xml" || mime.ends_with("+xml") {
        let charset = params.split(';').find_map(|p| {
            let (k, v) = p.split_once('=')?;
            (k.trim() == "charset").then(|| v.trim().trim_matches('"').to_string())
        });
        Some(Kind::Xml { charset })
    } else {
        None
    }
}

/// A failed deserialisation as a field error: the path of the field
/// (`submitted_at`, `levels[1]`), `field.required` for a missing field,
/// `field.invalid` otherwise.
fn field_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>, whole: &str) -> FieldError {
    let path = e.path().to_string();
    let msg = e.inner().to_string();
    let base = if path == "." || path.is_empty() {
        String::new()
    } else {
        path
    };
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        let field = if base.is_empty() {
            name.to_string()
        } else {
            format!("{base}.{name}")
        };
        return FieldError::new(&field, "field.required");
    }
    FieldError::new(if base.is_empty() { whole } else { &base }, "field.invalid")
}

/// JSON numbers with a zero fraction become integers (`60.0` → `60`), so an
/// integer field takes them as JSON Schema says it should.
fn integral(v: &mut Value) {
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                    *v = Value::from(f as i64);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(integral),
        Value::Object(m) => m.values_mut().for_each(integral),
        _ => {}
    }
}

fn json_value(body: &[u8]) -> Result<Value, Unreadable> {
    let mut v: Value = serde_json::from_slice(body).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            Unreadable("body.too_deep")
        } else {
            Unreadable("body.json_invalid")
        }
    })?;
    integral(&mut v);
    Ok(v)
}

/// A whole body as `T`: `Err(Unreadable)` when it is not a document,
/// `Ok(Err(field))` when it is one but a field has the wrong type.
pub fn whole<T: DeserializeOwned>(
    kind: &Kind,
    body: &[u8],
) -> Result<Result<T, FieldError>, Unreadable> {
    match kind {
        Kind::Json => {
            let v = json_value(body)?;
            if !v.is_object() {
                return Err(Unreadable("body.not_object"));
            }
            Ok(serde_path_to_error::deserialize(v).map_err(|e| field_error(e, "body")))
        }
        Kind::Xml { charset } => {
            let text = xml_text(body, charset.as_deref())?;
            xml_check(&text)?;
            let mut de = quick_xml::de::Deserializer::from_str(&text);
            Ok(serde_path_to_error::deserialize(&mut de).map_err(|e| field_error(e, "body")))
        }
    }
}

/// A batch body: the records of its `list` field (`records`, `points`),
/// each parsed on its own. Records that do not parse are refused with the
/// failing field, under their index and (when `key` names a string field of
/// the record) their key.
pub struct Records<T> {
    /// the records that parsed, with their index in the batch
    pub parsed: Vec<(usize, T)>,
    /// the records that did not
    pub refused: Vec<Record>,
}

impl<T> Records<T> {
    pub fn len(&self) -> usize {
        self.parsed.len() + self.refused.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The indices of the parsed records, the parsed records, the refused ones.
    pub fn split(self) -> (Vec<usize>, Vec<T>, Vec<Record>) {
        let (indices, items) = self.parsed.into_iter().unzip();
        (indices, items, self.refused)
    }
}

pub fn records<T: DeserializeOwned>(
    kind: &Kind,
    body: &[u8],
    list: &str,
    key: Option<&str>,
) -> Result<Records<T>, Unreadable> {
    let mut out = Records {
        parsed: Vec::new(),
        refused: Vec::new(),
    };
    let mut take = |index: usize, key_value: String, r: Result<T, FieldError>| match r {
        Ok(t) => out.parsed.push((index, t)),
        Err(e) => out.refused.push(Record::refused(index, key_value, vec![e])),
    };
    match kind {
        Kind::Json => {
            let v = json_value(body)?;
            let Value::Object(mut m) = v else {
                return Err(Unreadable("body.not_object"));
            };
            let items = match m.remove(list) {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(a)) => a,
                Some(_) => return Err(Unreadable("body.list_not_array")),
            };
            for (i, item) in items.into_iter().enumerate() {
                let k = key
                    .and_then(|k| item.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let r = serde_path_to_error::deserialize(item).map_err(|e| field_error(e, list));
                take(i, k, r);
            }
        }
        Kind::Xml { charset } => {
            let text = xml_text(body, charset.as_deref())?;
            for (i, frag) in xml_check(&text)?
                .children(&text, list)
                .into_iter()
                .enumerate()
            {
                let mut de = quick_xml::de::Deserializer::from_str(frag);
                let r = serde_path_to_error::deserialize(&mut de).map_err(|e| field_error(e, list));
                let k = key
                    .and_then(|k| xml_child_text(frag, k))
                    .unwrap_or_default();
                take(i, k, r);
            }
        }
    }
    Ok(out)
}

// ---- XML

/// The body as UTF-8 text, its XML declaration removed (the encoding it
/// names has been applied).
pub fn xml_text(body: &[u8], charset: Option<&str>) -> Result<String, Unreadable> {
    let refuse = Unreadable("body.xml_encoding");
    let utf16 = |bytes: &[u8], enc: &'static encoding_rs::Encoding| {
        let (s, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            Err(refuse)
        } else {
            Ok(s.into_owned())
        }
    };
    let text = if let Some(rest) = body.strip_prefix(b"\xFF\xFE") {
        utf16(rest, encoding_rs::UTF_16LE)?
    } else if let Some(rest) = body.strip_prefix(b"\xFE\xFF") {
        utf16(rest, encoding_rs::UTF_16BE)?
    } else if body.starts_with(b"<\0?\0") {
        utf16(body, encoding_rs::UTF_16LE)?
    } else if body.starts_with(b"\0<\0?") {
        utf16(body, encoding_rs::UTF_16BE)?
    } else {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        // the charset of Content-Type wins over the declaration (RFC 7303)
        let declared = charset
            .map(str::to_string)
            .or_else(|| declared_encoding(body));
        let enc = match declared {
            None => encoding_rs::UTF_8,
            Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
                Some(e) if e == encoding_rs::UTF_8 => encoding_rs::UTF_8,
                Some(e) if e == encoding_rs::GB18030 || e == encoding_rs::GBK => {
                    encoding_rs::GB18030
                }
                // a UTF-16 label on bytes without a UTF-16 start is a lie
                _ => return Err(refuse),
            },
        };
        if enc == encoding_rs::UTF_8 {
            std::str::from_utf8(body).map_err(|_| refuse)?.to_string()
        } else {
            let (s, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                return Err(refuse);
            }
            s.into_owned()
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    Ok(match text.strip_prefix("<?xml") {
        Some(rest) if rest.starts_with(|c: char| c.is_whitespace() || c == '?') => {
            match rest.find("?>") {
                Some(end) => rest[end + 2..].to_string(),
                None => return Err(Unreadable("body.xml_invalid")),
            }
        }
        _ => text.to_string(),
    })
}

/// The `encoding` of an XML declaration written in ASCII.
fn declared_encoding(body: &[u8]) -> Option<String> {
    if !body.starts_with(b"<?xml") {
        return None;
    }
    let end = body.windows(2).take(200).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&body[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(q)?].to_string())
}

/// Where the root's children start and end, once the document is known to
/// be well formed.
pub struct Checked {
    /// (name, start, end) of each child of the root, as byte offsets
    children: Vec<(String, usize, usize)>,
}

impl Checked {
    /// The text of each child of the root named `name`, in order.
    pub fn children<'a>(&self, text: &'a str, name: &str) -> Vec<&'a str> {
        self.children
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, s, e)| &text[*s..*e])
            .collect()
    }
}

/// One well-formed document within the limits, or why not.
pub fn xml_check(text: &str) -> Result<Checked, Unreadable> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let invalid = Unreadable("body.xml_invalid");
    let mut depth = 0usize;
    let mut elements = 0usize;
    let mut root_done = false;
    let mut children = Vec::new();
    let mut child_start: Option<(String, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|_| invalid)?;
        let open = |depth: &mut usize, elements: &mut usize| {
            if root_done && *depth == 0 {
                return Err(Unreadable("body.xml_two_roots"));
            }
            *elements += 1;
            if *elements > XML_MAX_ELEMENTS {
                return Err(Unreadable("body.xml_too_many_elements"));
            }
            *depth += 1;
            if *depth > XML_MAX_DEPTH {
                return Err(Unreadable("body.too_deep"));
            }
            Ok(())
        };
        match ev {
            Event::Start(ref e) => {
                open(&mut depth, &mut elements)?;
                if depth == 2 {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    child_start = Some((name, before));
                }
            }
            Event::Empty(ref e) => {
                open(&mut depth, &mut elements)?;
                if depth == 2 {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    children.push((name, before, reader.buffer_position() as usize));
                }
                depth -= 1;
                if depth == 0 {
                    root_done = true;
                }
            }
            Event::End(_) => {
                if depth == 0 {
                    return Err(invalid);
                }
                if depth == 2 {
                    if let Some((name, start)) = child_start.take() {
                        children.push((name, start, reader.buffer_position() as usize));
                    }
                }
                depth -= 1;
                if depth == 0 {
                    root_done = true;
                }
            }
            // text outside the root element
            Event::Text(ref t) if depth == 0 && !t.iter().all(|b| b.is_ascii_whitespace()) => {
                return Err(Unreadable("body.xml_trailing"));
            }
            Event::CData(_) if depth == 0 => return Err(Unreadable("body.xml_trailing")),
            Event::DocType(_) => return Err(Unreadable("body.xml_doctype")),
            Event::Decl(_) => return Err(invalid),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 || !root_done {
        return Err(invalid);
    }
    // a fragment starts at its '<' (text before it is its own event)
    let children = children
        .into_iter()
        .map(|(n, s, e)| {
            let lead = text[s..e].len() - text[s..e].trim_start().len();
            (n, s + lead, e)
        })
        .collect();
    Ok(Checked { children })
}

/// The text of the first child element `name` of a fragment (a record's
/// key, for the answer).
fn xml_child_text(frag: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(frag);
    let mut depth = 0;
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                depth += 1;
                inside = depth == 2 && e.name().as_ref() == name.as_bytes();
            }
            Event::Text(t) if inside => return t.unescape().ok().map(|s| s.into_owned()),
            Event::End(_) => {
                depth -= 1;
                inside = false;
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct R {
        case_no: String,
        n: i64,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn xml() -> Kind {
        Kind::Xml { charset: None }
    }

    #[test]
    fn one_mistyped_record_is_refused_alone_naming_its_field() {
        let body = br#"{"records":[{"case_no":"A","n":1},{"case_no":"B","n":"yesterday"},{"case_no":"C"},{"case_no":"D","n":60.0}]}"#;
        let r: Records<R> = records(&Kind::Json, body, "records", Some("case_no")).unwrap();
        assert_eq!(r.parsed.len(), 2);
        assert_eq!(r.parsed[0].0, 0);
        assert_eq!(
            r.parsed[1],
            (
                3,
                R {
                    case_no: "D".into(),
                    n: 60,
                    tags: vec![]
                }
            )
        );
        assert_eq!(r.refused.len(), 2);
        assert_eq!((r.refused[0].index, r.refused[0].key.as_str()), (1, "B"));
        assert_eq!(r.refused[0].errors[0].field, "n");
        assert_eq!(r.refused[0].errors[0].code, "field.invalid");
        assert_eq!(
            (r.refused[1].index, r.refused[1].errors[0].field.as_str()),
            (2, "n")
        );
        assert_eq!(r.refused[1].errors[0].code, "field.required");
        // a non-integral number stays refused for an integer
        let r: Records<R> = records(
            &Kind::Json,
            br#"{"records":[{"case_no":"A","n":60.5}]}"#,
            "records",
            None,
        )
        .unwrap();
        assert_eq!(r.refused[0].errors[0].field, "n");
    }

    #[test]
    fn xml_records_are_parsed_one_by_one() {
        let body =
            "<request><records><case_no>A</case_no><n>1</n><tags>x</tags><tags>y</tags></records>\
            <records><case_no>B</case_no><n>yesterday</n></records></request>";
        let r: Records<R> = records(&xml(), body.as_bytes(), "records", Some("case_no")).unwrap();
        assert_eq!(
            r.parsed,
            vec![(
                0,
                R {
                    case_no: "A".into(),
                    n: 1,
                    tags: vec!["x".into(), "y".into()]
                }
            )]
        );
        assert_eq!(r.refused[0].index, 1);
        assert_eq!(r.refused[0].key, "B");
        assert_eq!(r.refused[0].errors[0].field, "n");
    }

    #[test]
    fn xml_is_one_document_within_limits() {
        let refused = |s: &[u8]| {
            xml_text(s, None)
                .and_then(|t| xml_check(&t).map(|_| ()))
                .err()
        };
        assert_eq!(
            refused(b"<ping><echo>a</echo></ping><ping/>"),
            Some(Unreadable("body.xml_two_roots"))
        );
        assert_eq!(
            refused(b"<ping><echo>a</echo></ping>junk"),
            Some(Unreadable("body.xml_trailing"))
        );
        assert_eq!(
            refused(b"<ping><echo>a</echo></ping"),
            Some(Unreadable("body.xml_invalid"))
        );
        assert_eq!(
            refused(b"<a><b></a></b>"),
            Some(Unreadable("body.xml_invalid"))
        );
        assert_eq!(refused(b""), Some(Unreadable("body.xml_invalid")));
        assert_eq!(
            refused(b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>"),
            Some(Unreadable("body.xml_doctype"))
        );
        let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        assert_eq!(refused(deep.as_bytes()), Some(Unreadable("body.too_deep")));
        let many = format!("<a>{}</a>", "<b/>".repeat(XML_MAX_ELEMENTS + 1));
        assert_eq!(
            refused(many.as_bytes()),
            Some(Unreadable("body.xml_too_many_elements"))
        );
        assert_eq!(
            refused(b"<?xml version=\"1.0\"?>\n<ping/>\n<!-- done -->\n"),
            None
        );
    }

    #[test]
    fn xml_in_utf16_and_gb18030_is_read_other_encodings_refused() {
        #[derive(Deserialize)]
        struct Ping {
            echo: String,
        }
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><ping><echo>办件</echo></ping>";
        let mut le = vec![0xFF, 0xFE];
        le.extend(doc.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(doc.encode_utf16().flat_map(|u| u.to_be_bytes()));
        for b in [le, be] {
            let p: Ping = whole(&xml(), &b).unwrap().unwrap();
            assert_eq!(p.echo, "办件");
        }
        let gb = "<?xml version=\"1.0\" encoding=\"GB18030\"?><ping><echo>办件</echo></ping>";
        let (bytes, _, _) = encoding_rs::GB18030.encode(gb);
        let p: Ping = whole(&xml(), &bytes).unwrap().unwrap();
        assert_eq!(p.echo, "办件");
        // the same bytes declared by Content-Type's charset
        let plain = encoding_rs::GB18030
            .encode("<ping><echo>办件</echo></ping>")
            .0;
        let p: Ping = whole(
            &Kind::Xml {
                charset: Some("gbk".into()),
            },
            &plain,
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.echo, "办件");
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ping><echo>x</echo></ping>";
        assert_eq!(
            whole::<Ping>(&xml(), latin).err(),
            Some(Unreadable("body.xml_encoding"))
        );
        // GB18030 bytes declared as UTF-8 are not UTF-8
        assert_eq!(
            whole::<Ping>(&xml(), &plain).err(),
            Some(Unreadable("body.xml_encoding"))
        );
    }

    #[test]
    fn a_type_error_in_a_whole_body_names_its_field() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Ping {
            echo: String,
        }
        let e = whole::<Ping>(&Kind::Json, br#"{"echo":null}"#)
            .unwrap()
            .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("echo", "field.invalid")
        );
        assert_eq!(
            whole::<Ping>(&Kind::Json, b"[1]").err(),
            Some(Unreadable("body.not_object"))
        );
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert_eq!(
            whole::<Ping>(&Kind::Json, deep.as_bytes()).err(),
            Some(Unreadable("body.too_deep"))
        );
    }
}
