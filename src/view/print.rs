//! An article's Markdown as plain blocks for print: headings, paragraphs, lists and
//! tables of text runs, with strong emphasis kept and everything else reduced to text.
//!
//! The blocks are made from the items of the Markdown dialect (`crate::markdown`), the
//! same filter the web page is made from, so raw HTML is dropped, an image keeps its
//! text and hidden controls are gone here too; the page reports the problems. Paper has
//! no links, so a link keeps its text and loses its target, and furigana is printed
//! after its base in parentheses, as browsers without ruby show it: 人生会議（じんせいかいぎ）.
//! The blocks are data: the layout shows each run as a string, so nothing in an
//! article can run as code there.

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::{AnyPage, Dialect, Item};

/// The region a leaflet or guidebook is for, as both layouts read it.
#[derive(Debug, Clone, Serialize)]
pub struct PrintRegion {
    pub id: String,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipalities: Vec<String>,
}

impl PrintRegion {
    pub fn new(region: &crate::model::Region) -> Self {
        PrintRegion {
            id: region.id.to_string(),
            name: region.name.clone(),
            name_kana: region.name_kana.clone(),
            prefecture: region.prefecture.clone(),
            municipalities: region.municipalities.clone(),
        }
    }
}

/// A piece of text and whether it is emphasised (`**…**`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub strong: bool,
}

/// One block of an article, tagged by `kind` for templates and the print layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Heading { runs: Vec<Run> },
    Paragraph { runs: Vec<Run> },
    /// Each item is the runs of its text; nested lists are flattened into their item.
    List { ordered: bool, start: u64, items: Vec<Vec<Run>> },
    /// The first row is the header row when `header` is true.
    Table { header: bool, rows: Vec<Vec<Vec<Run>>> },
}

/// Where text is being collected.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    runs: Vec<Run>,
    strong: usize,
    /// Open lists: (ordered, start, items).
    lists: Vec<(bool, u64, Vec<Vec<Run>>)>,
    /// Open table: (rows, whether the first row is a header).
    table: Option<(Vec<Vec<Vec<Run>>>, bool)>,
    row: Vec<Vec<Run>>,
}

impl Builder {
    fn push_text(&mut self, text: &str) {
        let strong = self.strong > 0;
        match self.runs.last_mut() {
            Some(last) if last.strong == strong => last.text.push_str(text),
            _ => self.runs.push(Run { text: text.to_string(), strong }),
        }
    }

    /// The runs collected so far, trimmed; empty when there is no text.
    fn take_runs(&mut self) -> Vec<Run> {
        let mut runs = std::mem::take(&mut self.runs);
        if let Some(first) = runs.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = runs.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        runs.retain(|r| !r.text.is_empty());
        runs
    }

    /// Ends a paragraph-like piece of text: inside a list item it joins the item, inside
    /// a table cell it waits for the cell's end, otherwise it becomes a paragraph.
    fn end_paragraph(&mut self) {
        if !self.lists.is_empty() || self.table.is_some() {
            // A loose list item's paragraphs run on within the item.
            if !self.runs.is_empty() {
                self.push_text(" ");
            }
            return;
        }
        let runs = self.take_runs();
        if !runs.is_empty() {
            self.blocks.push(Block::Paragraph { runs });
        }
    }

    fn end_item(&mut self) {
        let runs = self.take_runs();
        if let Some((_, _, items)) = self.lists.last_mut() {
            if !runs.is_empty() {
                items.push(runs);
            }
        }
    }
}

/// The blocks of a Markdown text.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for item in Dialect::new(markdown, &AnyPage) {
        let event = match item {
            Item::Event(event) => event,
            Item::Ruby { base, reading } => {
                b.push_text(&format!("{base}（{reading}）"));
                continue;
            }
        };
        match event {
            Event::Start(Tag::Heading { .. }) => b.end_paragraph(),
            Event::End(TagEnd::Heading(_)) => {
                let runs = b.take_runs();
                if !runs.is_empty() {
                    b.blocks.push(Block::Heading { runs });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::FootnoteDefinition) => {
                b.end_paragraph()
            }
            Event::Start(Tag::List(start)) => {
                // A nested list continues its parent item's text.
                if !b.lists.is_empty() && !b.runs.is_empty() {
                    b.push_text(" ");
                }
                b.lists.push((start.is_some(), start.unwrap_or(1), Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, start, items)) = b.lists.pop() {
                    if b.lists.is_empty() {
                        if !items.is_empty() {
                            b.blocks.push(Block::List { ordered, start, items });
                        }
                    } else {
                        // Nested: its items join the parent item's text.
                        for (n, item) in items.into_iter().enumerate() {
                            if n > 0 {
                                b.push_text("、");
                            }
                            for run in item {
                                b.strong += usize::from(run.strong);
                                b.push_text(&run.text);
                                b.strong -= usize::from(run.strong);
                            }
                        }
                    }
                }
            }
            // Items of nested lists are gathered when their list ends.
            Event::Start(Tag::Item) if b.lists.len() == 1 => b.runs.clear(),
            Event::End(TagEnd::Item) if b.lists.len() == 1 => b.end_item(),
            Event::Start(Tag::Table(_)) => {
                b.end_paragraph();
                b.table = Some((Vec::new(), false));
            }
            Event::End(TagEnd::Table) => {
                if let Some((rows, header)) = b.table.take() {
                    if !rows.is_empty() {
                        b.blocks.push(Block::Table { header, rows });
                    }
                }
            }
            Event::End(TagEnd::TableHead) => {
                let row = std::mem::take(&mut b.row);
                if let Some((rows, header)) = b.table.as_mut() {
                    rows.push(row);
                    *header = true;
                }
            }
            Event::End(TagEnd::TableRow) => {
                let row = std::mem::take(&mut b.row);
                if let Some((rows, _)) = b.table.as_mut() {
                    rows.push(row);
                }
            }
            Event::End(TagEnd::TableCell) => {
                let runs = b.take_runs();
                b.row.push(runs);
            }
            Event::Start(Tag::Strong) => b.strong += 1,
            Event::End(TagEnd::Strong) => b.strong = b.strong.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => b.push_text(&t),
            Event::SoftBreak | Event::HardBreak => {
                // Japanese text wraps without spaces; a break between two Latin words
                // still needs one.
                let before = b.runs.last().and_then(|r| r.text.chars().last());
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c.is_ascii_punctuation()) {
                    b.push_text(" ");
                }
            }
            // Footnote marks and rules have no place on a leaflet. An image's
            // alternative text arrives as Text.
            _ => {}
        }
    }
    b.end_paragraph();
    b.blocks
}

/// The first paragraph's runs: what a leaflet shows for an article without a summary.
pub fn first_paragraph(markdown: &str) -> Option<Vec<Run>> {
    blocks(markdown).into_iter().find_map(|b| match b {
        Block::Paragraph { runs } => Some(runs),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn keeps_structure_and_strong_text() {
        let md = "## 見出し\n\nこれは**大切な**文です。\n次の行。\n\n- いち\n- に\n\n1. **一つ目**：説明\n2. 二つ目\n";
        let b = blocks(md);
        assert_eq!(b.len(), 4, "{b:?}");
        assert!(matches!(&b[0], Block::Heading { runs } if plain(runs) == "見出し"));
        match &b[1] {
            Block::Paragraph { runs } => {
                assert_eq!(plain(runs), "これは大切な文です。次の行。");
                assert!(runs.iter().any(|r| r.strong && r.text == "大切な"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&b[2], Block::List { ordered: false, items, .. } if items.len() == 2));
        match &b[3] {
            Block::List { ordered: true, start: 1, items } => {
                assert_eq!(plain(&items[0]), "一つ目：説明");
                assert!(items[0][0].strong);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn links_keep_their_text_and_html_is_dropped() {
        // As on the web pages: tags go, the text between inline tags stays.
        let b = blocks("[看取りについて](@/articles/end-of-life.md)を<b onclick=\"x()\">ご覧</b>ください。\n\n<div>\nraw\n</div>\n");
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(matches!(&b[0], Block::Paragraph { runs } if plain(runs) == "看取りについてをご覧ください。"), "{b:?}");
    }

    #[test]
    fn tables_keep_rows_and_cells() {
        let b = blocks("| 困りごと | 相談先 |\n|---|---|\n| 通院 | [クリニック](@/x.toml) |\n");
        match &b[0] {
            Block::Table { header: true, rows } => {
                assert_eq!(rows.len(), 2);
                assert_eq!(plain(&rows[1][1]), "クリニック");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn furigana_is_printed_after_its_base_but_not_in_code() {
        let b = blocks("## {人生会議|じんせいかいぎ} {#acp .x}\n\n`{a|b}` と {往診|おうしん}\u{202E}\n");
        assert!(matches!(&b[0], Block::Heading { runs } if plain(runs) == "人生会議（じんせいかいぎ）"), "{b:?}");
        assert!(matches!(&b[1], Block::Paragraph { runs } if plain(runs) == "{a|b} と 往診（おうしん）"), "{b:?}");
    }

    #[test]
    fn first_paragraph_skips_headings() {
        let runs = first_paragraph("## 人生会議とは\n\nもしものときのために。\n\n次。").unwrap();
        assert_eq!(plain(&runs), "もしものときのために。");
    }
}
