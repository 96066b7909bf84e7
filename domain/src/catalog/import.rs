//! Importing the basic catalog from a spreadsheet (.xlsx) or CSV: every row
//! is checked and reported; nothing is imported from a file with errors
//! unless the user asks for the valid rows only. Imported rows become drafts
//! (published with the next version), in one transaction, audited once.

use serde::Serialize;

use crate::actor::Actor;
use crate::catalog::basic::{validate, Item, ITEM_TYPES, LEVELS, OBJECTS, UNITS};
use crate::catalog::impl_list::{self, ImplItem, Kind, Reported};
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::now;
use crate::vals;

const ITEM_TYPES_ZH: [&str; 11] = [
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
];
const LEVELS_ZH: [&str; 4] = ["国家级", "省级", "市级", "县级"];
const OBJECTS_ZH: [&str; 3] = ["自然人", "法人", "其他组织"];
const UNITS_ZH: [&str; 4] = ["工作日", "自然日", "月", "年"];

/// The columns, by their Chinese or English heading.
const COLUMNS: [(&str, &str); 9] = [
    ("basic_code", "基本编码"),
    ("name", "事项名称"),
    ("item_type", "事项类型"),
    ("department", "主管部门"),
    ("legal_basis", "设定依据"),
    ("levels", "行使层级"),
    ("objects", "服务对象"),
    ("statutory_limit", "法定办结时限"),
    ("statutory_unit", "时限单位"),
];

/// A code, or its Chinese label, to the code.
fn code_of(v: &str, codes: &[&'static str], labels: &[&str]) -> String {
    let v = v.trim();
    labels
        .iter()
        .position(|l| *l == v)
        .map(|i| codes[i].to_string())
        .unwrap_or_else(|| v.to_string())
}

fn list_of(v: &str, codes: &[&'static str], labels: &[&str]) -> Vec<String> {
    v.split(['、', ',', '，', ';', '；', '/'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| code_of(s, codes, labels))
        .collect()
}

/// What a spreadsheet may hold, checked while it is read and before
/// anything is allocated for it: more is refused with the limit named.
pub const MAX_SHEET_ROWS: usize = 10_001;
/// Columns of a sheet (the widest template has about 40).
pub const MAX_SHEET_COLUMNS: usize = 256;
/// What an .xlsx may inflate to, all its parts together (the upload itself is
/// at most `files::MAX_BYTES`).
pub const MAX_XLSX_EXPANDED: u64 = 64 * 1024 * 1024;
/// Parts of an .xlsx (a workbook of one sheet has about ten).
pub const MAX_XLSX_PARTS: usize = 1_000;

fn unreadable() -> Error {
    Error::field("file", "import.unreadable")
}

fn too_many_rows() -> Error {
    Error::field("file", "import.sheet_rows")
}

fn too_many_columns() -> Error {
    Error::field("file", "import.sheet_columns")
}

/// Parses CSV (RFC 4180: quotes, doubled quotes, line breaks in quotes);
/// blank rows are dropped as they are read, and a file of more than
/// `MAX_SHEET_ROWS` rows or `MAX_SHEET_COLUMNS` columns is refused.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let end_row = |row: &mut Vec<String>, rows: &mut Vec<Vec<String>>| -> Result<()> {
        let r = std::mem::take(row);
        if r.iter().any(|c| !c.trim().is_empty()) {
            if rows.len() == MAX_SHEET_ROWS {
                return Err(too_many_rows());
            }
            rows.push(r);
        }
        Ok(())
    };
    let push_field = |row: &mut Vec<String>, field: &mut String| -> Result<()> {
        if row.len() == MAX_SHEET_COLUMNS {
            return Err(too_many_columns());
        }
        row.push(std::mem::take(field));
        Ok(())
    };
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => push_field(&mut row, &mut field)?,
            ('\r', false) => {}
            ('\n', false) => {
                push_field(&mut row, &mut field)?;
                end_row(&mut row, &mut rows)?;
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        push_field(&mut row, &mut field)?;
        end_row(&mut row, &mut rows)?;
    }
    Ok(rows)
}

/// Checks an .xlsx before it is parsed: at most `MAX_XLSX_PARTS` parts that
/// inflate, measured by inflating them (a declared size can lie), to at most
/// `MAX_XLSX_EXPANDED` bytes together. A zip bomb stops at the limit.
fn check_xlsx_expansion(bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    if zip.len() > MAX_XLSX_PARTS {
        return Err(Error::field("file", "import.xlsx_parts"));
    }
    let mut left = MAX_XLSX_EXPANDED;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| unreadable())?;
        if part.size() > left {
            return Err(Error::field("file", "import.xlsx_expanded"));
        }
        let n = std::io::copy(
            &mut std::io::Read::take(&mut part, left + 1),
            &mut std::io::sink(),
        )
        .map_err(|_| unreadable())?;
        if n > left {
            return Err(Error::field("file", "import.xlsx_expanded"));
        }
        left -= n;
    }
    Ok(())
}

/// Reads the first sheet of an .xlsx workbook as rows of text, cell by cell
/// (never as one rectangle sized by the furthest cell: a single cell at
/// XFD1048576 would ask for 17 billion cells). Its expanded size, rows and
/// columns are checked against the limits above before they are allocated.
pub fn parse_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    use calamine::{Reader, Xlsx};
    check_xlsx_expansion(bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let name = wb.sheet_names().first().cloned().ok_or_else(unreadable)?;
    let mut cells = wb.worksheet_cells_reader(&name).map_err(|_| unreadable())?;
    let mut sheet: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        if c as usize >= MAX_SHEET_COLUMNS {
            return Err(too_many_columns());
        }
        let text = match calamine::Data::from(cell.get_value().clone()) {
            calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", f as i64),
            other => other.to_string(),
        };
        if text.trim().is_empty() {
            continue;
        }
        if !sheet.contains_key(&r) && sheet.len() == MAX_SHEET_ROWS {
            return Err(too_many_rows());
        }
        sheet.entry(r).or_default().push((c, text));
    }
    let width = sheet
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c as usize + 1))
        .max()
        .unwrap_or(0);
    Ok(sheet
        .into_values()
        .map(|cells| {
            let mut row = vec![String::new(); width];
            for (c, text) in cells {
                row[c as usize] = text;
            }
            row
        })
        .collect())
}

/// One row's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowReport {
    /// The row number in the file (the heading is row 1).
    pub row: usize,
    /// The row's code (basic code or implementation code).
    pub code: String,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub invalid: Vec<RowReport>,
    /// How many rows became drafts (0 when the file had errors and only
    /// valid rows were not asked for).
    pub imported: usize,
}

/// The position of each column in the heading row (`usize::MAX`: an
/// optional column that is absent); a missing required column is named.
fn column_index(
    rows: &[Vec<String>],
    columns: &[(&str, &str)],
    optional: &[&str],
) -> Result<Vec<usize>> {
    let Some(head) = rows.first() else {
        return Err(Error::field("file", "import.empty"));
    };
    let mut index = Vec::new();
    for (code, zh) in columns {
        let i = head
            .iter()
            .position(|h| h.trim() == *code || h.trim() == *zh);
        match i {
            Some(i) => index.push(i),
            None if optional.contains(code) => index.push(usize::MAX),
            None => {
                return Err(Error::field(
                    "file",
                    &format!("import.missing_column.{code}"),
                ))
            }
        }
    }
    Ok(index)
}

/// Turns rows (heading first) into items; a missing column is named.
pub fn items_of(rows: &[Vec<String>]) -> Result<Vec<(usize, Item)>> {
    let index = column_index(rows, &COLUMNS, &["statutory_limit", "statutory_unit"])?;
    let cell = |r: &Vec<String>, k: usize| {
        r.get(index[k])
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    Ok(rows
        .iter()
        .enumerate()
        .skip(1)
        .map(|(n, r)| {
            let limit = cell(r, 7);
            (
                n + 1,
                Item {
                    basic_code: cell(r, 0).to_uppercase(),
                    name: cell(r, 1),
                    item_type: code_of(&cell(r, 2), &ITEM_TYPES, &ITEM_TYPES_ZH),
                    department: cell(r, 3),
                    legal_basis: cell(r, 4),
                    levels: list_of(&cell(r, 5), &LEVELS, &LEVELS_ZH),
                    objects: list_of(&cell(r, 6), &OBJECTS, &OBJECTS_ZH),
                    statutory_limit: if limit.is_empty() {
                        None
                    } else {
                        Some(limit.parse().unwrap_or(-1))
                    },
                    statutory_unit: Some(code_of(&cell(r, 8), &UNITS, &UNITS_ZH))
                        .filter(|u| !u.is_empty()),
                },
            )
        })
        .collect())
}

/// Checks every row; imports them as drafts when all are valid, or the
/// valid ones when `valid_only`. One transaction.
pub async fn import(
    db: &Db,
    actor: &Actor,
    rows: &[Vec<String>],
    valid_only: bool,
) -> Result<ImportReport> {
    actor.require(Permission::CatalogManage)?;
    let items = items_of(rows)?;
    let mut report = ImportReport {
        rows: items.len(),
        ..Default::default()
    };
    let mut seen = std::collections::HashSet::new();
    let mut good = Vec::new();
    for (row, item) in items {
        let mut errors = validate(&item);
        if !seen.insert(item.basic_code.clone()) {
            errors.push(FieldError::new("basic_code", "import.duplicate_code"));
        }
        if errors.is_empty() {
            good.push(item);
        } else {
            report.invalid.push(RowReport {
                row,
                code: item.basic_code.clone(),
                errors,
            });
        }
    }
    if good.is_empty() || (!report.invalid.is_empty() && !valid_only) {
        return Ok(report);
    }
    let mut tx = db.begin().await?;
    for item in &good {
        #[derive(sqlx::FromRow)]
        struct P {
            retired: bool,
        }
        let published: Option<P> = tx
            .fetch_optional(
                "select retired from catalog_items where basic_code = $1",
                &vals![&item.basic_code],
            )
            .await?;
        let kind = match published {
            Some(p) if !p.retired => "change",
            _ => "add",
        };
        tx.execute(
            "delete from catalog_drafts where basic_code = $1",
            &vals![&item.basic_code],
        )
        .await?;
        tx.execute(
            "insert into catalog_drafts (basic_code, kind, data, reason, updated_by, updated_at) values ($1, $2, $3, $4, $5, $6)",
            &vals![&item.basic_code, kind, serde_json::to_string(item).expect("serialisable"), "", &actor.name, now()],
        )
        .await?;
    }
    report.imported = good.len();
    audit::append(
        &mut tx,
        actor,
        Event::new("catalog.import", "catalog", "drafts", "import").changes(serde_json::json!({
            "rows": report.rows, "imported": report.imported, "invalid": report.invalid.len(),
            "codes": good.iter().map(|i| &i.basic_code).collect::<Vec<_>>(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// The columns of an implementation list, by their Chinese or English heading.
const IMPL_COLUMNS: [(&str, &str); 13] = [
    ("implementation_code", "实施编码"),
    ("basic_code", "基本编码"),
    ("item_type", "事项类型"),
    ("name", "事项名称"),
    ("implementer_name", "实施主体"),
    ("implementer_uscc", "实施主体统一社会信用代码"),
    ("division_code", "行政区划代码"),
    ("statutory_limit", "法定办结时限"),
    ("statutory_unit", "法定时限单位"),
    ("promised_limit", "承诺办结时限"),
    ("promised_unit", "承诺时限单位"),
    ("online_url", "网上办理地址"),
    ("mobile_url", "移动端办理地址"),
];

/// Turns rows (heading first) into implementation-list items.
pub fn impl_items_of(rows: &[Vec<String>]) -> Result<Vec<(usize, ImplItem)>> {
    let index = column_index(rows, &IMPL_COLUMNS, &["online_url", "mobile_url"])?;
    let cell = |r: &Vec<String>, k: usize| {
        r.get(index[k])
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let number = |s: String| s.parse().unwrap_or(-1);
    let url = |s: String| Some(s).filter(|s| !s.is_empty());
    Ok(rows
        .iter()
        .enumerate()
        .skip(1)
        .map(|(n, r)| {
            (
                n + 1,
                ImplItem {
                    implementation_code: cell(r, 0).to_uppercase(),
                    basic_code: cell(r, 1).to_uppercase(),
                    item_type: code_of(&cell(r, 2), &ITEM_TYPES, &ITEM_TYPES_ZH),
                    name: cell(r, 3),
                    implementer_name: cell(r, 4),
                    implementer_uscc: cell(r, 5).to_uppercase(),
                    division_code: cell(r, 6),
                    statutory_limit: number(cell(r, 7)),
                    statutory_unit: code_of(&cell(r, 8), &UNITS, &UNITS_ZH),
                    promised_limit: number(cell(r, 9)),
                    promised_unit: code_of(&cell(r, 10), &UNITS, &UNITS_ZH),
                    online_url: url(cell(r, 11)),
                    mobile_url: url(cell(r, 12)),
                },
            )
        })
        .collect())
}

/// The most rows a console upload of reported records takes.
pub const MAX_REPORT_ROWS: usize = 10_000;

/// An operator's upload of the party's reported catalog or implementation
/// list: every row is checked against the same rules as the API; nothing is
/// stored when a row fails unless `valid_only`. One transaction, audited.
pub async fn report_file(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    rows: &[Vec<String>],
    valid_only: bool,
) -> Result<ImportReport> {
    actor.require(Permission::ApplicationEdit)?;
    let party = crate::access::party::only_party_of(db, actor).await?;
    match kind {
        Kind::Catalog => report_rows(db, actor, party, items_of(rows)?, valid_only).await,
        Kind::Implementation => {
            report_rows(db, actor, party, impl_items_of(rows)?, valid_only).await
        }
    }
}

async fn report_rows<T: Reported>(
    db: &Db,
    actor: &Actor,
    party: uuid::Uuid,
    items: Vec<(usize, T)>,
    valid_only: bool,
) -> Result<ImportReport> {
    if items.is_empty() {
        return Err(Error::field("file", "import.empty"));
    }
    if items.len() > MAX_REPORT_ROWS {
        return Err(Error::field("file", "import.too_many_rows"));
    }
    let records: Vec<T> = items.iter().map(|(_, i)| i.clone()).collect();
    let refused = impl_list::check(db, &records).await?;
    let mut report = ImportReport {
        rows: items.len(),
        ..Default::default()
    };
    let bad: std::collections::HashSet<usize> = refused.iter().map(|r| r.index).collect();
    for r in refused {
        report.invalid.push(RowReport {
            row: items[r.index].0,
            code: r.key,
            errors: r.errors,
        });
    }
    if bad.len() == records.len() || (!bad.is_empty() && !valid_only) {
        return Ok(report);
    }
    let good: Vec<T> = records
        .into_iter()
        .enumerate()
        .filter(|(k, _)| !bad.contains(k))
        .map(|(_, r)| r)
        .collect();
    report.imported = good.len();
    match impl_list::store(db, actor, party, &good).await? {
        Ok(_) => Ok(report),
        Err(refused) => Err(Error::Conflict(format!(
            "{} records changed while they were stored",
            refused.len()
        ))),
    }
}

/// The import templates staff download beside each import (下载导入模板):
/// the headings the importer reads, in Chinese, and one example row that
/// imports as it stands.
pub struct Template {
    /// The file name offered, without extension.
    pub name: &'static str,
    pub headings: Vec<&'static str>,
    pub example: Vec<&'static str>,
}

/// `catalog` (the basic catalog and a party's reported catalog) or
/// `implementation-list`.
pub fn template(which: &str) -> Option<Template> {
    match which {
        "catalog" => Some(Template {
            name: "政务服务事项导入模板",
            headings: COLUMNS.iter().map(|(_, zh)| *zh).collect(),
            example: vec![
                "000901009000",
                "示例：食品小作坊登记",
                "行政许可",
                "市场监督管理局",
                "《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》第十条",
                "市级、县级",
                "自然人、法人",
                "20",
                "工作日",
            ],
        }),
        "implementation-list" => Some(Template {
            name: "实施清单上报模板",
            headings: IMPL_COLUMNS.iter().map(|(_, zh)| *zh).collect(),
            example: vec![
                "11330100MB1234567E000901009000330102",
                "000901009000",
                "行政许可",
                "示例：食品小作坊登记",
                "杭州市上城区市场监督管理局",
                "11330100MB1234567E",
                "330102",
                "20",
                "工作日",
                "10",
                "工作日",
                "https://www.zjzwfw.gov.cn/",
                "",
            ],
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each template's example row imports as it stands: every heading is
    /// one the importer reads and the example passes the item's checks.
    #[test]
    fn the_templates_import_as_they_stand() {
        let t = template("catalog").unwrap();
        let rows = vec![
            t.headings.iter().map(|s| s.to_string()).collect(),
            t.example.iter().map(|s| s.to_string()).collect(),
        ];
        let items = items_of(&rows).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].1.basic_code, "000901009000");
        assert_eq!(crate::catalog::basic::validate(&items[0].1), vec![]);
        let t = template("implementation-list").unwrap();
        let rows = vec![
            t.headings.iter().map(|s| s.to_string()).collect(),
            t.example.iter().map(|s| s.to_string()).collect(),
        ];
        let items = impl_items_of(&rows).unwrap();
        assert_eq!(items.len(), 1);
        let item = &items[0].1;
        assert_eq!(
            item.implementation_code,
            "11330100MB1234567E000901009000330102"
        );
        let catalog =
            std::collections::BTreeMap::from([(item.basic_code.clone(), item.item_type.clone())]);
        assert_eq!(crate::catalog::impl_list::validate(item, &catalog), vec![]);
        assert!(template("nothing").is_none());
    }

    /// A workbook of one sheet whose `<sheetData>` is `data`, as a spreadsheet
    /// program would zip it.
    fn xlsx(data: &str) -> Vec<u8> {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#)),
        ];
        for (name, text) in parts {
            z.start_file(name, o).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    fn refusal(r: Result<Vec<Vec<String>>>) -> String {
        match r {
            Err(Error::Validation(v)) => format!("{}:{}", v[0].field, v[0].code),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_far_cell_is_refused_not_allocated() {
        // issue #14: this 1.7 KB file made the server ask for 512 GB and die
        let far = xlsx(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>basic_code</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        );
        assert!(far.len() < 4096);
        assert_eq!(refusal(parse_xlsx(&far)), "file:import.sheet_columns");
        // a far row is only one row: read without a rectangle to its end
        let low = xlsx(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="B1048576" t="inlineStr"><is><t>b</t></is></c></row>"#,
        );
        assert_eq!(
            parse_xlsx(&low).unwrap(),
            [
                vec!["a".to_string(), String::new()],
                vec![String::new(), "b".into()]
            ]
        );
        // too many rows
        let rows: String = (1..=MAX_SHEET_ROWS + 1)
            .map(|r| {
                format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r}</t></is></c></row>"#)
            })
            .collect();
        assert_eq!(refusal(parse_xlsx(&xlsx(&rows))), "file:import.sheet_rows");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_expansion_limit() {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/sharedStrings.xml", o).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..(MAX_XLSX_EXPANDED >> 20) + 1 {
            z.write_all(&block).unwrap();
        }
        let bomb = z.finish().unwrap().into_inner();
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        assert_eq!(refusal(parse_xlsx(&bomb)), "file:import.xlsx_expanded");
        assert_eq!(
            refusal(parse_xlsx(b"PK\x03\x04 not a zip")),
            "file:import.unreadable"
        );
    }

    #[test]
    fn csv_limits_are_named() {
        let wide = (0..=MAX_SHEET_COLUMNS)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(refusal(parse_csv(&wide)), "file:import.sheet_columns");
        let long = "x\n".repeat(MAX_SHEET_ROWS + 1);
        assert_eq!(refusal(parse_csv(&long)), "file:import.sheet_rows");
        // blank lines are dropped as they are read, not counted
        let blank = format!("a,b\n{}1,2\n", "\n,\n".repeat(MAX_SHEET_ROWS));
        assert_eq!(parse_csv(&blank).unwrap().len(), 2);
    }

    #[test]
    fn csv_with_quotes_and_chinese_labels() {
        let csv = "\u{feff}基本编码,事项名称,事项类型,主管部门,设定依据,行使层级,服务对象,法定办结时限,时限单位\r\n\
                   000117002000,公共场所卫生许可,行政许可,卫生健康委员会,\"《条例》第八条,第九条\",市级、县级,法人,20,工作日\r\n\
                   \r\n\
                   BAD,\"名称含\"\"引号\"\"\",许可,部门,依据,省级,自然人,,\n";
        let rows = parse_csv(csv).unwrap();
        assert_eq!(rows.len(), 3, "{rows:?}");
        let items = items_of(&rows).unwrap();
        let (n, first) = &items[0];
        assert_eq!(*n, 2);
        assert_eq!(first.legal_basis, "《条例》第八条,第九条");
        assert_eq!(first.item_type, "licensing");
        assert_eq!(first.levels, ["municipal", "county"]);
        assert_eq!(first.statutory_unit.as_deref(), Some("working-days"));
        assert!(validate(first).is_empty());
        let (n, second) = &items[1];
        assert_eq!((*n, second.name.as_str()), (3, "名称含\"引号\""));
        let fields: Vec<String> = validate(second).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["basic_code", "item_type"]);
        // a missing column is named
        let Err(Error::Validation(e)) = items_of(&parse_csv("basic_code,name\n1,2\n").unwrap())
        else {
            panic!()
        };
        assert_eq!(e[0].code, "import.missing_column.item_type");
    }
}
