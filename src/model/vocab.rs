//! The closed vocabularies of the content contract, each with its id, Japanese label and
//! (for the ones residents search for) reading in one table. Authors may write the id or
//! the label; both parse to the same value. The reading is how residents type the label
//! on a phone (ほうもんかんご for 訪問看護): the search index holds it beside the label.

use serde::Serialize;

use crate::i18n::Msg;

/// A closed set of values that authors name by id or by Japanese label.
pub trait Vocabulary: Sized + Copy + Eq + std::fmt::Debug + 'static {
    /// What the vocabulary is called in messages ("kind", "phase"…).
    fn what() -> Msg;
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn label(self) -> &'static str;
    /// The label's reading in hiragana, for the vocabularies residents search for
    /// (`None` for the others). Two readings of one label (しんりょうじょ, しんりょうしょ)
    /// are separated by a space; each reads the whole label.
    fn reading(self) -> Option<&'static str>;

    /// Accepts the id or the Japanese label, ignoring surrounding spaces and the width
    /// of characters (`訪問看護ｽﾃｰｼｮﾝ` and `ｃｌｉｎｉｃ` are the same words as typed by
    /// another input method).
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(v) = Self::ALL.iter().copied().find(|v| v.id() == s || v.label() == s) {
            return Some(v);
        }
        let folded = fold_width(s);
        Self::ALL.iter().copied().find(|v| fold_width(v.id()) == folded || fold_width(v.label()) == folded)
    }

    /// Every accepted spelling, for "did you mean" suggestions.
    fn spellings() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().flat_map(|v| [v.id(), v.label()])
    }
}

/// NFKC: half-width katakana and full-width Latin as their usual forms.
fn fold_width(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:expr, { $($variant:ident = $id:literal, $label:literal $(, $reading:literal)?;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl Vocabulary for $name {
            fn what() -> Msg {
                $what
            }
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            fn reading(self) -> Option<&'static str> {
                match self { $($name::$variant => None $(.or(Some($reading)))?),+ }
            }
        }

        /// Templates see `{id, label}` so they never need a lookup table of their own.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut st = s.serialize_struct(stringify!($name), 2)?;
                st.serialize_field("id", self.id())?;
                st.serialize_field("label", self.label())?;
                st.end()
            }
        }
    };
}

vocabulary!(
    /// The kind of an institution (関係機関の種類).
    Kind, Msg::new("vocab-kind"), {
    Hospital = "hospital", "病院", "びょういん";
    Clinic = "clinic", "診療所", "しんりょうじょ しんりょうしょ";
    DentalClinic = "dental_clinic", "歯科診療所", "しかしんりょうじょ しかしんりょうしょ";
    Pharmacy = "pharmacy", "薬局", "やっきょく";
    VisitingNurse = "visiting_nurse", "訪問看護ステーション", "ほうもんかんごすてーしょん";
    CareManagement = "care_management", "居宅介護支援事業所", "きょたくかいごしえんじぎょうしょ";
    CommunitySupportCenter = "community_support_center", "地域包括支援センター", "ちいきほうかつしえんせんたー";
    GeriatricFacility = "geriatric_facility", "介護老人保健施設", "かいごろうじんほけんしせつ";
    HomeHelp = "home_help", "訪問介護事業所", "ほうもんかいごじぎょうしょ";
    CommunityService = "community_service", "地域密着型サービス事業所", "ちいきみっちゃくがたさーびすじぎょうしょ";
    MedicalAssociation = "medical_association", "医師会", "いしかい";
    Municipality = "municipality", "市町村", "しちょうそん";
    HealthCenter = "health_center", "保健所", "ほけんじょ";
    FireDepartment = "fire_department", "消防", "しょうぼう";
    Other = "other", "その他", "そのた";
});

vocabulary!(
    /// A role that regional plans name explicitly.
    Role, Msg::new("vocab-role"), {
    ActiveHomeCare = "active_home_care", "在宅医療において積極的役割を担う医療機関", "ざいたくいりょうにおいてせっきょくてきやくわりをになういりょうきかん";
    CoordinationHub = "coordination_hub", "在宅医療に必要な連携を担う拠点", "ざいたくいりょうにひつようなれんけいをになうきょてん";
    HomeCareSupport = "home_care_support", "在宅療養支援診療所・病院", "ざいたくりょうようしえんしんりょうじょびょういん";
    BackupHospital = "backup_hospital", "後方支援病院（急変時の受入れ）", "こうほうしえんびょういん";
});

vocabulary!(
    /// The four phases of home care, the backbone of every regional plan.
    Phase, Msg::new("vocab-phase"), {
    Discharge = "discharge", "退院支援", "たいいんしえん";
    Daily = "daily", "日常の療養支援", "にちじょうのりょうようしえん";
    Acute = "acute", "急変時の対応", "きゅうへんじのたいおう";
    EndOfLife = "end_of_life", "看取り", "みとり";
});

vocabulary!(
    /// A service residents search for.
    Service, Msg::new("vocab-service"), {
    VisitingPhysician = "visiting_physician", "訪問診療", "ほうもんしんりょう";
    HouseCall = "house_call", "往診", "おうしん";
    VisitingNursing = "visiting_nursing", "訪問看護", "ほうもんかんご";
    VisitingDental = "visiting_dental", "訪問歯科診療", "ほうもんしかしんりょう";
    VisitingPharmacy = "visiting_pharmacy", "訪問薬剤管理指導", "ほうもんやくざいかんりしどう";
    Palliative = "palliative", "緩和ケア", "かんわけあ";
    Dementia = "dementia", "認知症", "にんちしょう";
    Pediatric = "pediatric", "小児在宅医療", "しょうにざいたくいりょう";
    Rehabilitation = "rehabilitation", "訪問リハビリテーション", "ほうもんりはびりてーしょん";
    Narcotics = "narcotics", "医療用麻薬", "いりょうようまやく";
    SterileCompounding = "sterile_compounding", "無菌調製", "むきんちょうせい";
    ShortStay = "short_stay", "ショートステイ", "しょーとすてい";
    Respite = "respite", "レスパイト入院", "れすぱいとにゅういん";
});

vocabulary!(
    /// What an article is about; decides where it is listed.
    Topic, Msg::new("vocab-topic"), {
    HomeCare = "home_care", "在宅医療";
    Acp = "acp", "人生会議";
    Emergency = "emergency", "救急・相談";
    Phase = "phase", "場面別の案内";
    Other = "other", "その他";
});

vocabulary!(
    /// Leaflet paper size.
    Paper, Msg::new("vocab-paper"), {
    A4 = "A4", "A4";
    A3 = "A3", "A3";
});

vocabulary!(
    /// How a guidebook groups its institutions.
    Grouping, Msg::new("vocab-grouping"), {
    Kind = "kind", "種類別";
    Phase = "phase", "場面別";
});

impl Default for Grouping {
    fn default() -> Self {
        Grouping::Kind
    }
}

vocabulary!(
    /// A section of a leaflet.
    SectionType, Msg::new("vocab-section-type"), {
    Article = "article", "記事";
    Emergency = "emergency", "緊急連絡先";
    Institutions = "institutions", "医療機関一覧";
    Qr = "qr", "QRコード";
});

vocabulary!(
    /// A public dataset that `zaitaku import` reads: the `dataset` of a `[source]` table.
    Dataset, Msg::new("vocab-dataset"), {
    KaigoKouhyou = "kaigo-kouhyou", "介護サービス情報公表システム";
    JichitaiIryou = "jichitai-iryou", "自治体標準オープンデータセット「医療機関一覧」";
    JichitaiKaigo = "jichitai-kaigo", "自治体標準オープンデータセット「介護サービス事業所一覧」";
    NaviiFacility = "navii-facility", "医療情報ネット（ナビイ）施設票";
    NaviiPharmacy = "navii-pharmacy", "医療情報ネット（ナビイ）薬局";
    ZaitakuOpendata = "zaitaku-opendata", "zaitaku のオープンデータ（institutions.csv）";
});

impl Phase {
    /// File-name form of the id, used in URLs (`phases/end-of-life.html`).
    pub fn slug(self) -> String {
        self.id().replace('_', "-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_and_label_parse_to_the_same_value() {
        assert_eq!(Kind::parse("visiting_nurse"), Some(Kind::VisitingNurse));
        assert_eq!(Kind::parse("訪問看護ステーション"), Some(Kind::VisitingNurse));
        assert_eq!(Phase::parse(" 看取り "), Some(Phase::EndOfLife));
        assert_eq!(Service::parse("訪問看護ステーション"), None);
        // Half-width katakana and full-width Latin are the same words.
        assert_eq!(Kind::parse("訪問看護ｽﾃｰｼｮﾝ"), Some(Kind::VisitingNurse));
        assert_eq!(Kind::parse("ｃｌｉｎｉｃ"), Some(Kind::Clinic));
    }

    #[test]
    fn ids_and_labels_are_unique_within_a_vocabulary() {
        fn check<V: Vocabulary>() {
            let all: Vec<_> = V::spellings().collect();
            for (i, a) in all.iter().enumerate() {
                for b in &all[i + 1..] {
                    // A4's id is its label; that one repetition is the same value.
                    if a == b {
                        assert!(V::parse(a).is_some());
                    }
                }
            }
            for v in V::ALL {
                assert_eq!(V::parse(v.id()), Some(*v));
                assert_eq!(V::parse(v.label()), Some(*v));
            }
        }
        check::<Kind>();
        check::<Role>();
        check::<Phase>();
        check::<Service>();
        check::<Topic>();
        check::<Paper>();
        check::<Grouping>();
        check::<SectionType>();
        check::<Dataset>();
    }

    #[test]
    fn what_residents_search_for_has_a_reading_in_hiragana() {
        fn check<V: Vocabulary>() {
            for v in V::ALL {
                let reading = v.reading().unwrap_or_else(|| panic!("{v:?} has no reading"));
                assert!(
                    !reading.is_empty()
                        && reading.split(' ').all(|w| !w.is_empty() && w.chars().all(|c| matches!(c, 'ぁ'..='ゖ' | 'ー'))),
                    "{v:?}: {reading:?} is not hiragana words separated by single spaces"
                );
            }
        }
        check::<Kind>();
        check::<Role>();
        check::<Phase>();
        check::<Service>();
        assert_eq!(Service::HouseCall.reading(), Some("おうしん"));
        assert_eq!(Topic::Acp.reading(), None);
    }
}
