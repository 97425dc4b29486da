//! A deterministic generator of valid zaitaku projects of any size, with realistic
//! Japanese names and text, for benchmarks. Same seed → same bytes.

use std::fmt::Write as _;
use std::path::Path;

/// splitmix64: tiny, fast and good enough to vary names; no dependency needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub regions: usize,
    pub institutions: usize,
    pub articles: usize,
}

const PLACES: &[(&str, &str)] = &[
    ("みどり", "みどり"), ("さくら", "さくら"), ("青葉", "あおば"), ("若松", "わかまつ"), ("東山", "ひがしやま"),
    ("西川", "にしかわ"), ("南浜", "みなみはま"), ("北原", "きたはら"), ("中央", "ちゅうおう"), ("本町", "ほんまち"),
    ("海辺", "うみべ"), ("山中", "やまなか"), ("朝日", "あさひ"), ("松風", "まつかぜ"), ("白浜", "しらはま"),
    ("桜川", "さくらがわ"), ("大里", "おおさと"), ("緑ヶ丘", "みどりがおか"), ("日向", "ひなた"), ("星野", "ほしの"),
];
const FAMILY: &[(&str, &str)] = &[
    ("山田", "やまだ"), ("佐藤", "さとう"), ("比嘉", "ひが"), ("金城", "きんじょう"), ("鈴木", "すずき"),
    ("高橋", "たかはし"), ("田中", "たなか"), ("宮城", "みやぎ"), ("新垣", "あらかき"), ("伊藤", "いとう"),
];
const KINDS: &[(&str, &str, &str)] = &[
    ("clinic", "クリニック", "くりにっく"),
    ("clinic", "内科医院", "ないかいいん"),
    ("hospital", "病院", "びょういん"),
    ("dental_clinic", "歯科医院", "しかいいん"),
    ("pharmacy", "薬局", "やっきょく"),
    ("visiting_nurse", "訪問看護ステーション", "ほうもんかんごすてーしょん"),
    ("care_management", "居宅介護支援事業所", "きょたくかいごしえんじぎょうしょ"),
    ("community_support_center", "地域包括支援センター", "ちいきほうかつしえんせんたー"),
    ("home_help", "ヘルパーステーション", "へるぱーすてーしょん"),
    ("geriatric_facility", "介護老人保健施設", "かいごろうじんほけんしせつ"),
];
const PHASES: &[&str] = &["discharge", "daily", "acute", "end_of_life"];
const SERVICES: &[&str] = &[
    "visiting_physician", "house_call", "visiting_nursing", "visiting_dental", "visiting_pharmacy", "palliative",
    "dementia", "pediatric", "rehabilitation", "narcotics", "sterile_compounding", "short_stay", "respite",
];
const NOTE_PHRASES: &[&str] = &[
    "通院がむずかしい方のお宅に、定期的にうかがいます。",
    "がんの痛みをやわらげる治療（緩和ケア）に対応しています。",
    "夜間・休日は連携する医療機関と交代で対応します。",
    "認知症の方とご家族の相談にも応じます。",
    "退院前のカンファレンスに参加し、家での療養の準備をお手伝いします。",
    "ご家族の介護の負担が大きいときは、短期の入院（レスパイト）もご相談ください。",
    "お薬の飲み方や保管について、薬剤師がお宅で説明します。",
    "小児の在宅医療にも対応しています。",
];
const ARTICLE_TOPICS: &[&str] = &["home_care", "acp", "emergency", "phase", "other"];
const PARAGRAPHS: &[&str] = &[
    "在宅医療は、通院がむずかしくなった方が、住み慣れた家で医療を受けられるしくみです。医師や看護師、歯科医師、薬剤師、リハビリの専門職などがお宅にうかがいます。",
    "人生会議（ACP）は、もしものときにどんな医療やケアを受けたいかを、前もって家族や医療・ケアのチームと話し合っておくことです。気持ちは変わってよいので、何度でも話し合いましょう。",
    "急に具合が悪くなったときは、まず担当の医師や訪問看護ステーションの24時間の連絡先に電話してください。命に関わるときは、迷わず119番です。",
    "退院が決まったら、病院の地域連携室や相談窓口に声をかけてください。ケアマネジャーや訪問看護と一緒に、家での生活の準備を始めます。",
    "看取りの時期には、呼吸のリズムが変わったり、眠っている時間が長くなったりします。あわてずに、訪問看護や担当の医師に連絡しましょう。",
    "介護保険のサービスを使うには、市町村の窓口か地域包括支援センターで要介護認定の申請をします。",
];

fn phone(rng: &mut Rng, region: usize, n: usize) -> String {
    let _ = rng.next();
    format!("0{}-{:02}-{:04}", 980 + (region % 19), n / 10000 % 100, n % 10000)
}

/// Writes a project of the given size into `dir` (which must be empty or absent).
pub fn generate(dir: &Path, size: Size, seed: u64) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed);
    let mut files = 0usize;
    let mut write = |rel: &str, text: &str| -> std::io::Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        files += 1;
        Ok(())
    };
    write(
        "site.toml",
        "title = \"在宅医療・介護あんしんガイド（ベンチマーク）\"\npublisher = \"ベンチマーク県\"\nbase_url = \"https://www.pref.example.lg.jp/zaitaku/\"\nstale_after_days = 3650\n",
    )?;
    write(
        "content/emergency.toml",
        "[[numbers]]\nid = \"119\"\nlabel = \"救急車・消防\"\nnumber = \"119\"\nhours = \"24時間\"\nwhen = \"命に関わるとき\"\n\n[[numbers]]\nid = \"7119\"\nlabel = \"救急安心センター\"\nnumber = \"#7119\"\nalt_number = \"098-000-7119\"\nwhen = \"救急車を呼ぶか迷ったとき\"\n",
    )?;
    for a in 0..size.articles {
        let mut body = String::new();
        for s in 0..4 {
            let _ = writeln!(body, "## {}の{}\n", rng.pick(PLACES).0, ["ポイント", "相談先", "準備", "流れ"][s]);
            for _ in 0..2 {
                let _ = writeln!(body, "{}\n", rng.pick(PARAGRAPHS));
            }
            let _ = writeln!(body, "- {}\n- {}\n", rng.pick(NOTE_PHRASES), rng.pick(NOTE_PHRASES));
        }
        let topic = ARTICLE_TOPICS[a % ARTICLE_TOPICS.len()];
        write(
            &format!("content/articles/article-{a:03}.md"),
            &format!(
                "+++\ntitle = \"{}の在宅医療ガイド その{}\"\nsummary = \"{}\"\ntopic = \"{topic}\"\nphases = [\"{}\"]\norder = {a}\nupdated = 2025-10-01\n+++\n{body}",
                rng.pick(PLACES).0,
                a + 1,
                rng.pick(NOTE_PHRASES),
                rng.pick(PHASES)
            ),
        )?;
    }
    for r in 0..size.regions {
        let region = format!("r{r:03}");
        let towns: Vec<String> = (0..5).map(|t| format!("{}{}", PLACES[(r * 5 + t) % PLACES.len()].0, ["市", "町", "村", "町", "市"][t])).collect();
        let towns_toml = towns.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        write(
            &format!("content/regions/{region}/region.toml"),
            &format!(
                "name = \"第{}圏域\"\nprefecture = \"ベンチマーク県\"\nmunicipalities = [{towns_toml}]\nas_of = 2025-11-01\nhubs = [\"inst-0000\"]\nemergency = [\"119\", \"7119\"]\ndescription = \"この圏域の在宅医療と介護の情報です。\"\n\n[[numbers]]\nid = \"hub-desk\"\nlabel = \"在宅医療・介護連携支援センター\"\nnumber = \"0980-00-{:04}\"\nhours = \"平日 8:30〜17:15\"\n",
                r + 1,
                r % 10000
            ),
        )?;
        for i in 0..size.institutions {
            let (place, place_kana) = *rng.pick(PLACES);
            let (kind, suffix, suffix_kana) = *rng.pick(KINDS);
            let (name, kana) = if rng.chance(40) {
                let (fam, fam_kana) = *rng.pick(FAMILY);
                (format!("{fam}{suffix}"), format!("{fam_kana}{suffix_kana}"))
            } else {
                (format!("{place}{suffix}"), format!("{place_kana}{suffix_kana}"))
            };
            let name = format!("{name}{}", if i > 0 { format!("（{}）", i) } else { String::new() });
            let mut phases: Vec<&str> = PHASES.iter().copied().filter(|_| rng.chance(55)).collect();
            if phases.is_empty() {
                phases.push("daily");
            }
            let services: Vec<&str> = SERVICES.iter().copied().filter(|_| rng.chance(25)).collect();
            let roles = if i == 0 { "[\"coordination_hub\"]" } else if rng.chance(20) { "[\"active_home_care\"]" } else { "[]" };
            let list = |v: &[&str]| v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
            let town = rng.pick(&towns).clone();
            let note = format!("{}{}", rng.pick(NOTE_PHRASES), rng.pick(NOTE_PHRASES));
            let mut text = format!(
                "name = \"{name}\"\nkana = \"{kana}\"\nkind = \"{kind}\"\nroles = {roles}\nphases = [{}]\nservices = [{}]\nmunicipality = \"{town}\"\npostal_code = \"9{:02}-{:04}\"\naddress = \"{town}{}{}丁目{}番{}号\"\nphone = \"{}\"\nhours = \"月〜金 9:00〜18:00\"\navailable_24h = {}\nverified = 2025-{:02}-{:02}\nnote = \"{note}\"\n",
                list(&phases),
                list(&services),
                r % 100,
                i % 10000,
                place,
                1 + i % 5,
                1 + i % 20,
                1 + i % 30,
                phone(&mut rng, r, i),
                rng.chance(40),
                1 + rng.below(10),
                1 + rng.below(28),
            );
            if rng.chance(30) {
                let _ = write!(text, "\n[internal]\ndirect_line = \"090-{:04}-{:04}\"\ncontact_person = \"内部担当{r}-{i}\"\n", r, i);
            }
            write(&format!("content/regions/{region}/institutions/inst-{i:04}.toml"), &text)?;
        }
    }
    Ok(files)
}

/// Adds a `content/regions/<id>/availability.csv` to every region of a project that
/// [`generate`] wrote: a row for each short stay or respite admission its institutions
/// offer, with 0–4 free places, 空きなし or 要相談, dated within the 72 hours before
/// `now` (`YYYY-MM-DD HH:MM`, so about a third are stale at 48 hours). Its own random
/// numbers: the rest of the project stays byte for byte as `generate` wrote it.
// Only benches/availability.rs calls it; the other users of this file include it too.
#[allow(dead_code)]
pub fn add_availability(dir: &Path, size: Size, seed: u64, now: &str) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed ^ 0xA5A5_A5A5);
    let now: jiff::civil::DateTime = now.replacen(' ', "T", 1).parse().map_err(std::io::Error::other)?;
    let mut rows = 0;
    for r in 0..size.regions {
        let region = format!("r{r:03}");
        let mut csv = String::from("機関,サービス,空き,時点\r\n");
        for i in 0..size.institutions {
            let id = format!("inst-{i:04}");
            let record = std::fs::read_to_string(dir.join(format!("content/regions/{region}/institutions/{id}.toml")))?;
            let services = record.lines().find(|l| l.starts_with("services = ")).unwrap_or("");
            for (service, label) in [("short_stay", "ショートステイ"), ("respite", "レスパイト入院")] {
                if !services.contains(&format!("\"{service}\"")) {
                    continue;
                }
                let free = match rng.below(7) {
                    5 => "空きなし".to_string(),
                    6 => "要相談".to_string(),
                    n => n.to_string(),
                };
                let at = now - jiff::SignedDuration::from_mins(rng.below(72 * 60) as i64);
                let _ = write!(csv, "{id},{label},{free},{}\r\n", at.strftime("%Y-%m-%d %H:%M"));
                rows += 1;
            }
        }
        std::fs::write(dir.join(format!("content/regions/{region}/availability.csv")), csv)?;
    }
    Ok(rows)
}
