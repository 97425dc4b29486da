//! Test fixtures: the example project at the repository root, and an institution whose
//! every text field is hostile.

use crate::model::*;

pub fn project() -> Project {
    let (p, d) = crate::load::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(!d.has_errors(), "the example project loads without errors");
    p.expect("the example project loads")
}

/// A build time at which every vacancy figure of the example is long stale: the files
/// then hold records and articles only.
pub fn long_after() -> BuildTime {
    "2099-01-01".parse::<Date>().unwrap().into()
}

pub fn region<'a>(p: &'a Project, id: &str) -> &'a Region {
    p.regions.iter().find(|r| r.id.as_str() == id).expect("region exists")
}

fn loc() -> Loc {
    Loc { file: FileId(0), span: 0..0 }
}

/// An institution whose every text field is hostile, with internal values. Its id sorts
/// last, and its `verified` date is the newest of the example.
pub fn tricky() -> Institution {
    Institution {
        id: Id::parse("zz-tricky").unwrap(),
        file: FileId(0),
        name: "A, \"B\"\nC </script><!-- & 'x'".into(),
        kana: Some("てすとｶﾞｯｺｳ".into()),
        kind: Kind::Clinic,
        roles: vec![Role::ActiveHomeCare],
        phases: vec![Phase::Daily, Phase::EndOfLife],
        services: vec![Service::HouseCall],
        municipality: Some(At { value: "みどり市".into(), loc: loc() }),
        postal_code: Some("905-0000".into()),
        address: Some("みどり市1-2,3".into()),
        phone: Some(PhoneNumber::parse("0980-00-0000").unwrap()),
        fax: None,
        url: Some("https://example.jp/?a=1&b=2".into()),
        hours: Some("月〜金\r\n9:00〜18:00 <b>".into()),
        available_24h: Some(false),
        accepting_new_patients: Some(true),
        visit_area: vec![],
        visit_area_spans: vec![],
        location: None,
        verified: At { value: jiff::civil::date(2030, 1, 2), loc: loc() },
        provenance: None,
        note: Some(Markdown {
            text: "## 見出し\n\n**強調**と[リンク(括弧)](https://example.jp/a_(b))\n\n- 項目一\n- 項目二".into(),
            loc: loc(),
            map: TextMap::default(),
        }),
        internal: Internal::new(vec!["TRICKY-SECRET-0001".into()]),
    }
}
