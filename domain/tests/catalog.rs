//! The basic catalog on both engines: drafts, versions, and increment sync —
//! a party that applies every increment from version 0 holds exactly the
//! published catalog, whatever version it started from.

mod common;

use std::collections::BTreeMap;

use gsp_domain::catalog::basic::{self, Item};
use gsp_domain::{Actor, Error, Role};

fn item(code: &str, name: &str) -> Item {
    Item {
        basic_code: code.into(),
        name: name.into(),
        item_type: "licensing".into(),
        department: "卫生健康委员会".into(),
        legal_basis: "《公共场所卫生管理条例》".into(),
        levels: vec!["municipal".into()],
        objects: vec!["legal-person".into()],
        statutory_limit: Some(20),
        statutory_unit: Some("working-days".into()),
    }
}

/// What a party holds: applies every page of the increment after `since`.
async fn pull(db: &gsp_domain::Db, copy: &mut BTreeMap<String, Item>, since: i64) {
    let mut after: Option<String> = None;
    loop {
        let (changes, next) = basic::changes_since(db, since, after.as_deref(), 2)
            .await
            .unwrap();
        for c in changes {
            if c.retired {
                copy.remove(&c.basic_code);
            } else {
                copy.insert(c.basic_code.clone(), c.item);
            }
        }
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
}

#[tokio::test]
async fn increments_rebuild_the_published_catalog() {
    for t in common::all().await {
        let db = &t.db;
        let mut staff = Actor::system("reviewer");
        staff.kind = gsp_domain::actor::ActorKind::Account;
        staff.roles = vec![Role::Reviewer];
        let mut op = staff.clone();
        op.roles = vec![Role::PartyOperator];
        assert!(matches!(
            basic::save_draft(db, &op, &item("000117002000", "x")).await,
            Err(Error::Forbidden)
        ));
        assert!(
            matches!(
                basic::publish(db, &staff, "").await,
                Err(Error::Validation(_))
            ),
            "nothing to publish"
        );

        for (c, n) in [
            ("000117002000", "公共场所卫生许可"),
            ("000201001000", "居住证办理"),
            ("000118003000", "食品经营许可"),
        ] {
            basic::save_draft(db, &staff, &item(c, n)).await.unwrap();
        }
        let bad = Item {
            basic_code: "123".into(),
            ..item("x", "y")
        };
        assert!(matches!(
            basic::save_draft(db, &staff, &bad).await,
            Err(Error::Validation(_))
        ));
        assert_eq!(basic::publish(db, &staff, "首次发布").await.unwrap(), 1);

        let mut at_v1 = BTreeMap::new();
        pull(db, &mut at_v1, 0).await;
        assert_eq!(at_v1.len(), 3, "{}", t.name);

        // version 2: a change, a retirement, an addition; a draft discarded
        basic::save_draft(db, &staff, &item("000201001000", "居住证申领"))
            .await
            .unwrap();
        basic::retire_draft(db, &staff, "000118003000", "并入其他事项")
            .await
            .unwrap();
        basic::save_draft(db, &staff, &item("000306002000", "住房公积金提取"))
            .await
            .unwrap();
        basic::save_draft(db, &staff, &item("000999000000", "草稿"))
            .await
            .unwrap();
        basic::discard_draft(db, &staff, "000999000000")
            .await
            .unwrap();
        assert!(matches!(
            basic::retire_draft(db, &staff, "000117002000", " ").await,
            Err(Error::Validation(_))
        ));
        assert_eq!(basic::publish(db, &staff, "").await.unwrap(), 2);
        assert_eq!(basic::current_version(db).await.unwrap(), 2);

        // the published catalog, as the console lists it (retired ones left out)
        let (rows, _) = basic::list(db, &staff, None, None, None, 100)
            .await
            .unwrap();
        let published: BTreeMap<String, Item> = rows
            .into_iter()
            .filter(|r| !r.retired)
            .map(|r| (r.basic_code, serde_json::from_str(&r.data).unwrap()))
            .collect();

        // from scratch, and from version 1, the copies end up equal to it
        let mut fresh = BTreeMap::new();
        pull(db, &mut fresh, 0).await;
        assert_eq!(fresh, published, "{}", t.name);
        pull(db, &mut at_v1, 1).await;
        assert_eq!(at_v1, published, "{}", t.name);
        assert_eq!(published["000201001000"].name, "居住证申领");
        assert!(!published.contains_key("000118003000"));
        // nothing after the current version
        assert!(basic::changes_since(db, 2, None, 10)
            .await
            .unwrap()
            .0
            .is_empty());
        assert!(gsp_domain::security::audit::verify(db).await.unwrap().ok());
    }
}

#[tokio::test]
async fn imports_refuse_a_file_with_errors_unless_asked_for_the_valid_rows() {
    use gsp_domain::catalog::import::{import, parse_csv};
    for t in common::all().await {
        let db = &t.db;
        let mut staff = Actor::system("reviewer");
        staff.kind = gsp_domain::actor::ActorKind::Account;
        staff.roles = vec![Role::Reviewer];
        let csv = "基本编码,事项名称,事项类型,主管部门,设定依据,行使层级,服务对象,法定办结时限,时限单位\n\
                   000117002000,公共场所卫生许可,行政许可,卫生健康委员会,条例第八条,市级、县级,法人,20,工作日\n\
                   12,缺编码,行政许可,部门,依据,市级,法人,,\n\
                   000201001000,居住证办理,公共服务,公安局,暂行条例,县级,自然人,15,工作日\n\
                   000201001000,重复,公共服务,公安局,暂行条例,县级,自然人,15,工作日\n";
        let rows = parse_csv(csv).unwrap();
        let r = import(db, &staff, &rows, false).await.unwrap();
        assert_eq!(
            (r.rows, r.imported, r.invalid.len()),
            (4, 0, 2),
            "{}",
            t.name
        );
        assert_eq!(
            (r.invalid[0].row, r.invalid[0].errors[0].field.as_str()),
            (3, "basic_code")
        );
        assert_eq!(r.invalid[1].errors[0].code, "import.duplicate_code");
        assert!(
            basic::drafts(db, &staff).await.unwrap().is_empty(),
            "nothing imported"
        );
        let r = import(db, &staff, &rows, true).await.unwrap();
        assert_eq!(r.imported, 2);
        let drafts = basic::drafts(db, &staff).await.unwrap();
        assert_eq!(
            drafts
                .iter()
                .map(|d| d.basic_code.as_str())
                .collect::<Vec<_>>(),
            ["000117002000", "000201001000"]
        );
        let mut op = staff.clone();
        op.roles = vec![Role::PartyOperator];
        assert!(matches!(
            import(db, &op, &rows, true).await,
            Err(Error::Forbidden)
        ));
    }
}

/// 宁波's operator (the demo's organisation of 宁波).
async fn ningbo_operator(db: &gsp_domain::Db) -> Actor {
    #[derive(sqlx::FromRow)]
    struct P {
        organisation_id: uuid::Uuid,
    }
    let p: P = db
        .fetch_one(
            "select organisation_id from access_parties where name = $1",
            &gsp_domain::vals!["宁波市政务服务平台"],
        )
        .await
        .unwrap();
    let mut op = Actor::system("op");
    op.kind = gsp_domain::actor::ActorKind::Account;
    op.roles = vec![Role::PartyOperator];
    op.organisation_id = Some(p.organisation_id);
    op
}

#[tokio::test]
async fn published_lists_are_searched_by_region_type_department_and_name_in_keyset_pages() {
    use gsp_domain::catalog::impl_list::{search, SearchFilter};
    for t in common::all().await {
        let db = &t.db;
        gsp_domain::demo::seed(db).await.unwrap();
        let mut staff = Actor::system("sup");
        staff.kind = gsp_domain::actor::ActorKind::Account;
        staff.roles = vec![Role::Supervisor];
        // every page of 3, in (division, code) order, without gaps or repeats
        let all = |f: SearchFilter| {
            let staff = staff.clone();
            async move {
                let mut out = Vec::new();
                let mut after = None;
                loop {
                    let (rows, next) = search(db, &staff, &f, after.as_ref(), 3).await.unwrap();
                    out.extend(rows);
                    match next {
                        Some(n) => after = Some(n),
                        None => break,
                    }
                }
                out
            }
        };
        let everything = all(SearchFilter::default()).await;
        // the demo publishes 8 items at 3 divisions for 杭州 and 宁波 but one
        assert_eq!(everything.len(), 47, "{}", t.name);
        let keys: Vec<(String, String)> = everything
            .iter()
            .map(|r| (r.division_code.clone(), r.implementation_code.clone()))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "ordered, no repeats");
        let province = all(SearchFilter {
            region: Some("330000".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(province.len(), 47);
        let ningbo = all(SearchFilter {
            region: Some("330200".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(ningbo.len(), 23);
        assert!(ningbo.iter().all(|r| r.division_code.starts_with("3302")));
        let haishu = all(SearchFilter {
            region: Some("330203".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(haishu.len(), 8);
        let licensing = all(SearchFilter {
            region: Some("330200".into()),
            item_type: Some("licensing".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(licensing.len(), 12, "4 licensing items at 3 divisions");
        let dept = all(SearchFilter {
            department: Some("宁波市公安局".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(dept.len(), 2, "居住证办理 in two districts");
        let named = all(SearchFilter {
            name: Some("卫生".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(named.len(), 6);
        // a wildcard in the name is a character, not a pattern
        let wild = all(SearchFilter {
            name: Some("%".into()),
            ..Default::default()
        })
        .await;
        assert!(wild.is_empty());
        assert!(matches!(
            search(
                db,
                &staff,
                &SearchFilter {
                    region: Some("33".into()),
                    ..Default::default()
                },
                None,
                10
            )
            .await,
            Err(Error::Validation(e)) if e[0].field == "region"
        ));
    }
}

#[tokio::test]
async fn operators_upload_lists_checked_like_the_api() {
    use gsp_domain::catalog::impl_list::{list, Kind};
    use gsp_domain::catalog::import::{parse_csv, report_file};
    for t in common::all().await {
        let db = &t.db;
        gsp_domain::demo::seed(db).await.unwrap();
        let op = ningbo_operator(db).await;
        let pending = |kind| {
            let op = op.clone();
            async move {
                list(db, &op, kind, Some("pending"))
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.code)
                    .collect::<Vec<_>>()
            }
        };
        let before = pending(Kind::Implementation).await;
        let csv = "实施编码,基本编码,事项类型,事项名称,实施主体,实施主体统一社会信用代码,行政区划代码,法定办结时限,法定时限单位,承诺办结时限,承诺时限单位,网上办理地址\n\
                   11330200MB23456785000603002000330203,000603002000,行政确认,社会保险登记（海曙）,宁波市海曙区人力资源和社会保障局,11330200MB23456785,330203,15,工作日,5,工作日,https://zwfw.ningbo.gov.cn/x\n\
                   11330200MB23456785000603002000330212,000603002000,行政许可,社会保险登记（鄞州）,宁波市鄞州区人力资源和社会保障局,11330200MB23456785,330212,15,工作日,30,自然日,http://zwfw.ningbo.gov.cn/x\n";
        let rows = parse_csv(csv).unwrap();
        let r = report_file(db, &op, Kind::Implementation, &rows, false)
            .await
            .unwrap();
        assert_eq!(
            (r.rows, r.imported, r.invalid.len()),
            (2, 0, 1),
            "{}",
            t.name
        );
        let fields: Vec<&str> = r.invalid[0]
            .errors
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(r.invalid[0].row, 3);
        assert_eq!(fields, ["item_type", "promised_limit", "online_url"]);
        assert_eq!(
            pending(Kind::Implementation).await,
            before,
            "nothing stored"
        );
        let r = report_file(db, &op, Kind::Implementation, &rows, true)
            .await
            .unwrap();
        assert_eq!(r.imported, 1);
        let after = pending(Kind::Implementation).await;
        assert_eq!(after.len(), before.len() + 1);
        assert!(after.contains(&"11330200MB23456785000603002000330203".to_string()));

        // the party's own catalog: the basic code must be in the target's
        let csv = "基本编码,事项名称,事项类型,主管部门,设定依据,行使层级,服务对象,法定办结时限,时限单位\n\
                   000704001000,残疾人证办理,公共服务,宁波市残疾人联合会,《中华人民共和国残疾人保障法》,县级,自然人,,\n\
                   000999001000,不存在的事项,公共服务,宁波市某局,依据,县级,自然人,,\n";
        let r = report_file(db, &op, Kind::Catalog, &parse_csv(csv).unwrap(), false)
            .await
            .unwrap();
        assert_eq!((r.imported, r.invalid.len()), (0, 1));
        assert_eq!(r.invalid[0].errors[0].code, "impl.basic_code_unknown");
        // a target staff member has no party to report for
        let mut staff = op.clone();
        staff.roles = vec![Role::Reviewer];
        staff.organisation_id = None;
        assert!(
            report_file(db, &staff, Kind::Catalog, &parse_csv(csv).unwrap(), true)
                .await
                .is_err()
        );
    }
}
