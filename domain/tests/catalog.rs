//! The basic catalog on both engines: drafts, versions, and increment sync —
//! a party that applies every increment from version 0 holds exactly the
//! published catalog, whatever version it started from.

mod common;

use std::collections::BTreeMap;

use gsp_domain::catalog::{self, Item};
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
        let (changes, next) = catalog::changes_since(db, since, after.as_deref(), 2)
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
            catalog::save_draft(db, &op, &item("000117002000", "x")).await,
            Err(Error::Forbidden)
        ));
        assert!(
            matches!(
                catalog::publish(db, &staff, "").await,
                Err(Error::Validation(_))
            ),
            "nothing to publish"
        );

        for (c, n) in [
            ("000117002000", "公共场所卫生许可"),
            ("000201001000", "居住证办理"),
            ("000118003000", "食品经营许可"),
        ] {
            catalog::save_draft(db, &staff, &item(c, n)).await.unwrap();
        }
        let bad = Item {
            basic_code: "123".into(),
            ..item("x", "y")
        };
        assert!(matches!(
            catalog::save_draft(db, &staff, &bad).await,
            Err(Error::Validation(_))
        ));
        assert_eq!(catalog::publish(db, &staff, "首次发布").await.unwrap(), 1);

        let mut at_v1 = BTreeMap::new();
        pull(db, &mut at_v1, 0).await;
        assert_eq!(at_v1.len(), 3, "{}", t.name);

        // version 2: a change, a retirement, an addition; a draft discarded
        catalog::save_draft(db, &staff, &item("000201001000", "居住证申领"))
            .await
            .unwrap();
        catalog::retire_draft(db, &staff, "000118003000", "并入其他事项")
            .await
            .unwrap();
        catalog::save_draft(db, &staff, &item("000306002000", "住房公积金提取"))
            .await
            .unwrap();
        catalog::save_draft(db, &staff, &item("000999000000", "草稿"))
            .await
            .unwrap();
        catalog::discard_draft(db, &staff, "000999000000")
            .await
            .unwrap();
        assert!(matches!(
            catalog::retire_draft(db, &staff, "000117002000", " ").await,
            Err(Error::Validation(_))
        ));
        assert_eq!(catalog::publish(db, &staff, "").await.unwrap(), 2);
        assert_eq!(catalog::current_version(db).await.unwrap(), 2);

        // the published catalog, as the console lists it (retired ones left out)
        let (rows, _) = catalog::list(db, &staff, None, None, None, 100)
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
        assert!(catalog::changes_since(db, 2, None, 10)
            .await
            .unwrap()
            .0
            .is_empty());
        assert!(gsp_domain::audit::verify(db).await.unwrap().ok());
    }
}

#[tokio::test]
async fn imports_refuse_a_file_with_errors_unless_asked_for_the_valid_rows() {
    use gsp_domain::catalog_import::{import, parse_csv};
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
        let rows = parse_csv(csv);
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
            catalog::drafts(db, &staff).await.unwrap().is_empty(),
            "nothing imported"
        );
        let r = import(db, &staff, &rows, true).await.unwrap();
        assert_eq!(r.imported, 2);
        let drafts = catalog::drafts(db, &staff).await.unwrap();
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
