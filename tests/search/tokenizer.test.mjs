// Tests of themes/default/static/search.js (Node ≥ 20, no dependencies):
//   node --test tests/search/tokenizer.test.mjs
// Also run from `cargo test --test search_tokenizer`.
//
// * every vector of tokenizer_vectors.json (shared with the Rust tokenizer);
// * how a query is cut into segments (analyze) and marked (highlight);
// * search() and query() over fixture-index.js, which is build_index_js() of
//   fixture-docs.json (kept up to date by the Rust test);
// * the page UI against a minimal fake DOM.

import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const searchJsPath = path.join(here, '..', '..', 'themes', 'default', 'static', 'search.js');
const { tokenize, search, query, analyze, highlight } = require(searchJsPath);

const vectors = JSON.parse(readFileSync(path.join(here, 'tokenizer_vectors.json'), 'utf8'));
const fixtureJs = readFileSync(path.join(here, 'fixture-index.js'), 'utf8');

/** Evaluate fixture-index.js the way a browser would: it assigns window.ZAITAKU_SEARCH. */
function loadFixture() {
  const sandbox = {};
  sandbox.window = sandbox;
  vm.runInNewContext(fixtureJs, sandbox, { filename: 'fixture-index.js' });
  return sandbox.ZAITAKU_SEARCH;
}
const index = loadFixture();

const urls = (results) => results.map((r) => r.url);

test('there are at least 25 tokenizer vectors', () => {
  assert.ok(vectors.length >= 25, `only ${vectors.length} vectors`);
});

for (const [i, vector] of vectors.entries()) {
  test(`tokenizer vector #${i}: ${vector.note || JSON.stringify(vector.input)}`, () => {
    assert.deepEqual(tokenize(vector.input), vector.tokens);
  });
}

test('tokenize tolerates non-strings and lone surrogates', () => {
  assert.deepEqual(tokenize(undefined), []);
  assert.deepEqual(tokenize(null), []);
  assert.deepEqual(tokenize(42), ['42']);
  assert.deepEqual(tokenize('あ\uD800い'), ['あ', 'い']);
});

test('fixture index has the expected shape', () => {
  assert.equal(index.format, 2);
  assert.equal(index.docs.length, 6);
  assert.equal(index.lengths.length, 6);
  assert.equal(index.boosts.title, 10);
  assert.ok(index.boosts.title > index.boosts.services);
  assert.ok(index.boosts.services > index.boosts.headings);
  assert.ok(index.boosts.headings > index.boosts.body);
  for (const doc of index.docs) {
    const keys = Object.keys(doc);
    for (const k of ['kind', 'kind_id', 'phases', 'snippet', 'title', 'url']) assert.ok(keys.includes(k), `${doc.url} has ${k}`);
    for (const k of keys) assert.ok(['kind', 'kind_id', 'phases', 'phase_ids', 'municipality', 'phone', 'tel', 'snippet', 'title', 'url'].includes(k), k);
    assert.ok(doc.snippet.length <= 80);
  }
  // What results show and are narrowed by, as the Rust side stored it.
  const yamada = index.docs.find((d) => d.url === 'institutions/yamada-clinic.html');
  assert.deepEqual(
    [yamada.kind_id, yamada.phase_ids, yamada.municipality, yamada.phone, yamada.tel],
    ['clinic', 'discharge daily acute end_of_life', '青葉区', '045-123-4567', 'tel:0451234567'],
  );
  assert.equal(index.docs.find((d) => d.url === 'articles/mitori.html').kind_id, 'article');
  // The closed vocabulary's readings, from src/model/vocab.rs.
  assert.ok(index.vocab.some(([reading, label]) => reading === 'おうしん' && label === '往診'));
  assert.ok(index.vocab.some(([reading, label]) => reading === 'しんりょうしょ' && label === '診療所'), 'each reading of a label');
  // The body is indexed but never stored.
  assert.ok(!fixtureJs.includes('生活動作を保てます'));
  assert.ok(index.index.body['動作']);
  // Escaped for <script> and old engines.
  assert.ok(!/<\/script/i.test(fixtureJs));
  assert.ok(!fixtureJs.includes('\u2028') && !fixtureJs.includes('\u2029'));
});

test('search: empty and unmatched queries give no results', () => {
  assert.deepEqual(search('', index), []);
  assert.deepEqual(search('   、。', index), []);
  assert.deepEqual(search('存在しない言葉', index), []);
  assert.deepEqual(search('constructor __proto__ toString', index), []);
  assert.deepEqual(search('往診', undefined), [], 'no global index in Node');
  assert.equal(query('存在しない言葉', index).closest, false, 'nothing close either');
});

test('search: clinic name in kanji, hiragana, katakana and half-width katakana', () => {
  for (const q of ['山田クリニック', 'やまだくりにっく', 'ヤマダクリニック', 'ﾔﾏﾀﾞｸﾘﾆｯｸ', 'やまだ', 'クリニック山田', 'くりにっく やまだ']) {
    const results = search(q, index);
    assert.equal(results[0]?.url, 'institutions/yamada-clinic.html', q);
  }
});

test('search: a name match outranks body mentions', () => {
  // 山田 is in the clinic's title, and in the body of a hospital and an article.
  const results = search('山田', index);
  assert.deepEqual(urls(results).slice(0, 1), ['institutions/yamada-clinic.html']);
  assert.ok(urls(results).includes('institutions/aoba-hospital.html'));
  assert.ok(urls(results).includes('articles/mitori.html'));
  assert.ok(results[0].score > results[1].score);
});

test('search: every segment of the query must be found; else the closest results, said so', () => {
  const both = query('往診 看取り', index);
  assert.equal(both.closest, false);
  assert.ok(urls(both.results).includes('institutions/yamada-clinic.html'));
  assert.ok(urls(both.results).includes('articles/mitori.html'));
  assert.ok(!urls(both.results).includes('institutions/sakura-houmon-kango.html'), 'has 看取り but no 往診');
  // Nothing has both: the ones with one of them, marked as closest.
  const either = query('往診 薬局', index);
  assert.equal(either.closest, true);
  assert.ok(urls(either.results).includes('institutions/abc-pharmacy.html'));
  assert.ok(urls(either.results).includes('institutions/yamada-clinic.html'));
  for (const r of either.results) assert.equal(r.coverage, 0.5);
});

test('search: a word boundary or a particle typed without a space does not veto', () => {
  // 青葉区 is the hospital's place, 病院 its kind: 区の and の病 are nowhere.
  assert.equal(search('青葉区の病院', index)[0]?.url, 'institutions/aoba-hospital.html');
  assert.equal(query('青葉区の病院', index).closest, false);
  // さくら is in the station's name, 訪問看護 too, 24時間対応 in its services.
  assert.equal(search('さくらの訪問看護', index)[0]?.url, 'institutions/sakura-houmon-kango.html');
  assert.equal(search('緑区のABC薬局', index)[0]?.url, 'institutions/abc-pharmacy.html');
  // 腰痛 is written only in one body; 腰の痛み holds 腰 and 痛 as characters.
  assert.deepEqual(urls(search('腰の痛み', index)).sort(), ['articles/koshi.html', 'institutions/sakura-houmon-kango.html']);
});

test('search: the vocabulary is found by its reading', () => {
  // The fixture's vocab is the Rust side's; a region adds its municipalities' readings.
  const withVocab = { ...index, vocab: index.vocab.concat([['りょくく', '緑区']]) };
  assert.equal(search('おうしん', withVocab)[0]?.url, 'institutions/yamada-clinic.html');
  assert.ok(urls(search('ほうもんかんご', withVocab)).includes('institutions/sakura-houmon-kango.html'));
  assert.equal(search('みとり', withVocab)[0]?.url, 'articles/mitori.html');
  assert.deepEqual(urls(search('たいいんしえん', withVocab)).sort(), ['institutions/aoba-hospital.html', 'institutions/yamada-clinic.html']);
  // A reading and a kana name (ABC薬局's kana is ｴｰﾋﾞｰｼｰﾔｯｷｮｸ) with a particle between.
  assert.deepEqual(urls(search('りょくくのやっきょく', withVocab)), ['institutions/abc-pharmacy.html']);
  // Typing: the start of a reading already finds its labels.
  assert.ok(urls(search('ほうもんか', withVocab)).includes('institutions/sakura-houmon-kango.html'));
  const typing = urls(search('ほうもん', withVocab));
  assert.ok(typing.includes('institutions/sakura-houmon-kango.html'), typing.join());
  assert.ok(typing.includes('institutions/yamada-clinic.html'), 'ほうもん… also begins 訪問診療');
  // Without the table, readings are only kana.
  assert.deepEqual(search('おうしん', { ...index, vocab: [] }), []);
});

test('analyze: segments, particles, readings', () => {
  const segments = (q, data = {}) => {
    const plan = analyze(q, data, false);
    return plan.groups.map((g) => g.alts.map((alt) => alt.map((u) => plan.units[u].key).join(' ')));
  };
  assert.deepEqual(segments('みどりクリニック'), [['みど どり'], ['くり りに にっ っく']]);
  assert.deepEqual(segments('北谷の病院'), [['北谷'], ['病院']]);
  assert.deepEqual(segments('みどりの病院'), [['みど どり'], ['病院']]);
  assert.deepEqual(segments('看取りを'), [['看取']]);
  assert.deepEqual(segments('みなと病院'), [['みな なと'], ['病院']], 'と ends a name here, not a particle');
  assert.deepEqual(segments('腰'), [['腰']]);
  assert.deepEqual(segments('の'), [['の']]);
  assert.deepEqual(segments('ABC 24時間'), [['abc'], ['24'], ['時間']]);
  const vocab = { vocab: [['おうしん', '往診'], ['ほうもんかんご', '訪問看護'], ['ほうもんしんりょう', '訪問診療'], ['しんりょうじょ しんりょうしょ', '診療所']] };
  assert.deepEqual(segments('みどりのおうしん', vocab), [['みど どり'], ['おう うし しん', '往診']]);
  assert.deepEqual(segments('しんりょうしょ', vocab), [['しん んり りょ ょう うし しょ', '診療 療所']]);
  assert.deepEqual(segments('ほうもん', vocab), [['ほう うも もん', '訪問 問診 診療', '訪問 問看 看護']], 'longest reading first');
  assert.deepEqual(segments('ホウモンカンゴ', vocab), [['ほう うも もん んか かん んご', '訪問 問看 看護']]);
});

test('the theme\'s scripts use no regular expression lookbehind (Safari before 16.4 throws on it)', () => {
  for (const name of ['search.js', 'lists.js', 'availability.js']) {
    const source = readFileSync(path.join(path.dirname(searchJsPath), name), 'utf8');
    assert.ok(!/\(\?<[=!]/.test(source), `${name} has a lookbehind`);
  }
});

test('highlight: marks what the query looked for, in the text as written', () => {
  const marks = (q, data = {}) => {
    const plan = analyze(q, data, false);
    return { phrases: plan.phrases, words: plan.words };
  };
  assert.deepEqual(highlight('山田クリニック', marks('山田')), [['山田', true], ['クリニック', false]]);
  assert.deepEqual(highlight('クリニックさくら', marks('さくらクリニック')), [['クリニックさくら', true]]);
  assert.deepEqual(highlight('ｸﾘﾆｯｸ 山田', marks('くりにっく')), [['ｸﾘﾆｯｸ', true], [' 山田', false]]);
  assert.deepEqual(highlight('ＡＢＣ薬局 みどり店', marks('abc')), [['ＡＢＣ', true], ['薬局 みどり店', false]]);
  assert.deepEqual(highlight('ケアマネージャー', marks('ケアマネジャー')), [['ケアマネージャー', true]]);
  assert.deepEqual(highlight('腰痛や腰', marks('腰')), [['腰', true], ['痛や', false], ['腰', true]]);
  assert.deepEqual(highlight('', marks('腰')), []);
  assert.deepEqual(highlight('若松訪問看護ステーション（141）', marks('訪問看護')), [['若松', false], ['訪問看護', true], ['ステーション（141）', false]], 'full-width brackets around');
  assert.deepEqual(highlight('⽊村クリニック（本院）', marks('木村')), [['⽊村', true], ['クリニック（本院）', false]], 'a Kangxi radical NFKC makes a kanji');
  assert.deepEqual(highlight('ﾎｰﾑｸﾘﾆｯｸ（２４時間）', marks('24時間')), [['ﾎｰﾑｸﾘﾆｯｸ（', false], ['２４時間', true], ['）', false]]);
  assert.deepEqual(highlight('𠮷野家の吉野', marks('𠮷野')), [['𠮷野', true], ['家の吉野', false]], 'a character outside the BMP');
  assert.deepEqual(highlight('ab abc xabc', marks('ab')), [['ab', true], [' ', false], ['abc', true], [' xabc', false]], 'words from their start');
  assert.deepEqual(highlight('ABC薬局24時間 abc', marks('abc 24時間')), [['ABC', true], ['薬局', false], ['24時間', true], [' ', false], ['abc', true]], 'words and phrases together, in order');
  // A reading is marked as its label, whole: ほうもん… begins 訪問看護 and 訪問診療.
  const vocab = { vocab: [['ほうもんかんご', '訪問看護'], ['ほうもんしんりょう', '訪問診療']] };
  assert.deepEqual(highlight('訪問看護ステーション（看護師）', marks('ほうもん', vocab)), [['訪問看護', true], ['ステーション（看護師）', false]]);
  // Phrases that overlap, or one inside another, are one mark.
  assert.deepEqual(highlight('訪問看護ステーション', { phrases: [['訪', '問', '看'], ['看', '護']], words: [] }), [['訪問看護', true], ['ステーション', false]]);
  assert.deepEqual(highlight('訪問看護', { phrases: [['訪', '問'], ['訪', '問', '看', '護']], words: [] }), [['訪問看護', true]]);
  assert.deepEqual(highlight('ﾎｳﾓﾝ看護', { phrases: [['ほ', 'う', 'も', 'ん', '看'], ['看', '護']], words: [] }), [['ﾎｳﾓﾝ看護', true]]);
  // Not the particle's bigrams across a cut.
  assert.deepEqual(highlight('方のお宅', marks('みどりのおうしん')), [['方のお宅', false]]);
});

test('search: services, phases and places', () => {
  assert.ok(urls(search('訪問看護', index)).includes('institutions/sakura-houmon-kango.html'));
  assert.deepEqual(urls(search('緑区 薬局', index)), ['institutions/abc-pharmacy.html']);
  const mitori = search('看取り', index);
  assert.ok(mitori.length >= 3);
  assert.equal(mitori[0].url, 'articles/mitori.html', 'title + phase + headings + body');
});

test('search: a one-character query matches through unigrams', () => {
  const results = urls(search('腰', index));
  assert.equal(results[0], 'articles/koshi.html');
  assert.ok(results.includes('institutions/sakura-houmon-kango.html'), '腰痛 in the body');
});

test('search: full-width Latin, prefixes and numbers', () => {
  assert.equal(search('abc', index)[0]?.url, 'institutions/abc-pharmacy.html');
  assert.equal(search('ＡＢＣ', index)[0]?.url, 'institutions/abc-pharmacy.html');
  assert.equal(search('ab', index)[0]?.url, 'institutions/abc-pharmacy.html', 'prefix of a Latin word');
  assert.deepEqual(urls(search('#7119', index)), ['articles/mitori.html']);
  assert.deepEqual(urls(search('045-123-4567', index)), ['institutions/yamada-clinic.html']);
});

test('search: long vowel spelling variants match each other', () => {
  // Body of sakura has ケアマネージャー, the article has ケアマネジャー.
  const a = urls(search('ケアマネジャー', index)).sort();
  const b = urls(search('ケアマネージャー', index)).sort();
  assert.deepEqual(a, b);
  assert.deepEqual(a, ['articles/mitori.html', 'institutions/sakura-houmon-kango.html']);
});

test('search: results carry display fields', () => {
  const [first] = search('青葉総合病院', index);
  assert.deepEqual(
    { url: first.url, title: first.title, kind: first.kind, phases: first.phases, snippet: first.snippet },
    {
      url: 'institutions/aoba-hospital.html',
      title: '青葉総合病院',
      kind: '病院',
      phases: '退院支援 急変時の対応',
      snippet: '青葉区の総合病院。退院支援とレスパイト入院。',
    },
  );
  assert.equal(typeof first.score, 'number');
});

/* ---------------------------------------------------------------------- */
/* Page UI with a minimal fake DOM                                          */
/* ---------------------------------------------------------------------- */

class FakeElement {
  constructor(tagName, attrs = {}) {
    this.tagName = tagName;
    this.children = [];
    this.listeners = {};
    this.ownText = '';
    this.hidden = false;
    this.className = '';
    Object.assign(this, attrs);
  }
  get textContent() {
    return this.ownText + this.children.map((c) => c.textContent).join('');
  }
  set textContent(value) {
    this.ownText = String(value);
    this.children = [];
  }
  get firstChild() {
    return this.children[0] || null;
  }
  appendChild(child) {
    if (child.isFragment) this.children.push(...child.children);
    else this.children.push(child);
    return child;
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  fire(type, props = {}) {
    const event = { type, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...props };
    for (const fn of this.listeners[type] || []) fn(event);
    return event;
  }
}

function makePage(search = '', { indexJs = fixtureJs, withMore = false, indexFirst = true } = {}) {
  const form = new FakeElement('form');
  const input = new FakeElement('input', { value: '', form });
  const list = new FakeElement('ol');
  const empty = new FakeElement('p', { hidden: true });
  empty.textContent = '該当する情報が見つかりませんでした。';
  const status = new FakeElement('p');
  const more = withMore ? new FakeElement('button', { hidden: true, getAttribute: (name) => (name === 'data-label' ? 'もっと見る（残り{n}件）' : null) }) : null;
  const elements = { 'search-q': input, 'search-results': list, 'search-empty': empty, 'search-status': status, 'search-more': more };
  const replaced = [];
  const document = {
    readyState: 'complete',
    getElementById: (id) => elements[id] || null,
    createElement: (tag) => new FakeElement(tag),
    createTextNode: (text) => ({ textContent: String(text) }),
    createDocumentFragment: () => Object.assign(new FakeElement('#fragment'), { isFragment: true }),
    addEventListener() {},
  };
  const window = {
    document,
    location: { search, pathname: '/region/search.html', hash: '' },
    history: {
      state: null,
      replaceState(_state, _title, url) {
        replaced.push(url);
        const q = url.indexOf('?');
        window.location.search = q < 0 ? '' : url.slice(q);
      },
    },
    URLSearchParams,
    setTimeout: (fn) => { fn(); return 0; },
    clearTimeout() {},
  };
  window.window = window;
  const context = vm.createContext(window);
  const searchJs = readFileSync(searchJsPath, 'utf8');
  if (indexFirst) vm.runInContext(indexJs, context);
  vm.runInContext(searchJs, context, { filename: 'search.js' });
  if (!indexFirst) {
    assert.equal(list.children.length, 0, 'nothing to search before the index exists');
    vm.runInContext(indexJs, context);
  }
  return { input, list, empty, status, form, more, replaced };
}

// <li><div box><a title>…
const link = (li) => li.children[0].children[0];
const titles = (list) => list.children.map((li) => link(li).textContent);

test('UI: the index, loaded after search.js (as search.html does), starts the search', () => {
  const page = makePage('?q=' + encodeURIComponent('往診 看取り'), { indexFirst: false });
  assert.equal(page.input.value, '往診 看取り');
  assert.equal(page.list.children.length, 2);
  assert.equal(page.status.textContent, '2件見つかりました');
});

test('UI: ?q= fills the input and renders linked results', () => {
  const page = makePage('?q=' + encodeURIComponent('往診 看取り'));
  assert.equal(page.input.value, '往診 看取り');
  assert.equal(page.list.children.length, 2);
  assert.deepEqual(titles(page.list).sort(), ['山田クリニック', '自宅で看取るということ'].sort());
  const li = page.list.children.find((item) => link(item).textContent === '山田クリニック');
  assert.equal(li.tagName, 'li');
  const a = link(li);
  assert.equal(a.tagName, 'a');
  assert.equal(a.href, 'institutions/yamada-clinic.html');
  assert.equal(a.textContent, '山田クリニック');
  assert.ok(li.textContent.includes('診療所'));
  assert.ok(li.textContent.includes('看取り'));
  assert.ok(li.textContent.includes('24時間の往診と看取りに対応'));
  assert.equal(page.status.textContent, '2件見つかりました');
  assert.equal(page.empty.hidden, true);
});

test('UI: no search while the IME is composing', () => {
  const page = makePage('');
  assert.equal(page.list.children.length, 0);
  assert.equal(page.status.textContent, '');
  page.input.fire('compositionstart');
  page.input.value = 'やまだ';
  page.input.fire('input', { isComposing: true });
  assert.equal(page.list.children.length, 0, 'not during composition');
  page.input.value = '山田';
  page.input.fire('compositionend');
  assert.equal(titles(page.list)[0], '山田クリニック');
  assert.match(page.status.textContent, /^\d+件見つかりました$/);
  assert.equal(page.replaced.at(-1), '/region/search.html?q=' + encodeURIComponent('山田'));
});

test('UI: nothing found shows #search-empty, clearing hides it', () => {
  const page = makePage('');
  assert.deepEqual(page.replaced, [], 'no needless replaceState');
  page.input.value = '存在しない言葉';
  page.input.fire('input');
  assert.equal(page.list.children.length, 0);
  assert.equal(page.empty.hidden, false);
  assert.equal(page.status.textContent, '該当する情報が見つかりませんでした。');
  page.input.value = '';
  page.input.fire('input');
  assert.equal(page.empty.hidden, true);
  assert.equal(page.status.textContent, '');
  assert.equal(page.replaced.at(-1), '/region/search.html');
});

test('UI: submitting the form searches in place', () => {
  const page = makePage('');
  page.input.value = 'ＡＢＣ';
  const event = page.form.fire('submit');
  assert.equal(event.defaultPrevented, true);
  assert.deepEqual(titles(page.list), ['ＡＢＣ薬局 みどり店']);
  assert.equal(page.status.textContent, '1件見つかりました');
});

test('UI: many results are shown 50 at a time, with a button for the rest', () => {
  // 120 documents that all contain あ; doc i scores higher the shorter its title.
  const n = 120;
  const data = {
    format: 2,
    fields: ['title'],
    boosts: { title: 10 },
    lengths: Array.from({ length: n }, (_, i) => [i + 1]),
    index: { title: { あ: 'A' + 'B'.repeat(n - 1) } }, // refs 0, 1, …, n - 1
    docs: Array.from({ length: n }, (_, i) => ({ url: `d${i}.html`, title: `文書${i}`, kind: '記事', phases: '', snippet: '' })),
  };
  const page = makePage('?q=' + encodeURIComponent('あ'), { indexJs: `window.ZAITAKU_SEARCH = ${JSON.stringify(data)};`, withMore: true });
  assert.equal(page.status.textContent, '120件見つかりました', 'the count is of all results');
  assert.equal(page.list.children.length, 50);
  assert.equal(titles(page.list)[0], '文書0');
  assert.equal(page.more.hidden, false);
  assert.equal(page.more.textContent, 'もっと見る（残り70件）');

  let focused = null;
  FakeElement.prototype.focus = function () { focused = this; };
  try {
    page.more.fire('click');
    assert.equal(page.list.children.length, 100);
    assert.equal(focused, link(page.list.children[50]), 'focus moves to the first new result');
    assert.equal(focused.textContent, '文書50');
    assert.equal(page.more.textContent, 'もっと見る（残り20件）');
    page.more.fire('click');
    assert.equal(page.list.children.length, 120);
    assert.equal(page.more.hidden, true, 'nothing left to show');
    assert.equal(focused.textContent, '文書100');
  } finally {
    delete FakeElement.prototype.focus;
  }

  // A new query starts again from the top.
  page.input.value = 'あ';
  page.input.fire('input'); // same query: nothing changes
  assert.equal(page.list.children.length, 120);
  page.input.value = '文書';
  page.input.fire('input');
  assert.equal(page.list.children.length, 0);
  assert.equal(page.more.hidden, true);
});

/** Every element under `node` (depth first) that passes `keep`. */
function findAll(node, keep, out = []) {
  for (const child of node.children || []) {
    if (keep(child)) out.push(child);
    findAll(child, keep, out);
  }
  return out;
}

test('UI: a result shows its phone as a tel: link, its phases, and the query marked', () => {
  const page = makePage('?q=' + encodeURIComponent('やまだクリニック'));
  const li = page.list.children[0];
  const title = link(li);
  assert.equal(title.textContent, '山田クリニック');
  assert.deepEqual(findAll(title, (e) => e.tagName === 'mark').map((m) => m.textContent), ['クリニック'], 'やまだ is the kana, not the title');
  const [tel] = findAll(li, (e) => e.className === 'tel');
  assert.equal(tel.href, 'tel:0451234567');
  assert.ok(tel.textContent.startsWith('045-123-4567'), tel.textContent);
  assert.ok(tel.textContent.includes('山田クリニックに電話する'), 'the link says whom it calls');
  const chips = findAll(li, (e) => /^chip chip-/.test(e.className));
  assert.deepEqual(chips.map((c) => c.className), ['chip chip-discharge', 'chip chip-daily', 'chip chip-acute', 'chip chip-end_of_life']);
  assert.deepEqual(chips.map((c) => c.textContent), ['退院支援', '日常の療養支援', '急変時の対応', '看取り']);
  // An article has neither phone nor place.
  const article = page.list.children.find((item) => link(item).textContent === '自宅で看取るということ');
  if (article) assert.deepEqual(findAll(article, (e) => e.className === 'tel'), []);
});

test('UI: nothing holds the whole query: the closest results, and the status says so', () => {
  const page = makePage('?q=' + encodeURIComponent('往診 薬局'));
  assert.ok(page.list.children.length >= 2);
  assert.match(page.status.textContent, /すべてに当てはまるものはありませんでした。近いものを\d+件表示しています/);
  assert.equal(page.empty.hidden, true, 'not an empty page');
});
