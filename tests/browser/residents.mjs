// What residents do on a phone (issue 16), in headless Chromium over a built site,
// driven from tests/it/residents.rs with the playwright-core of tests/a11y/node_modules:
//   node tests/browser/residents.mjs SITE_DIR
// Search as people type (readings, no spaces, particles, the closest results), calling
// from the results, narrowing results and lists (state in the URL), sorting a list by
// distance with a fixed position (and without permission, without JavaScript, from a
// web host), printing an institution page to PDF (one A4 page).
// Prints one line per check ("ok - …" / "not ok - …") and exits 1 if any failed.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(new URL('../a11y/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const site = path.resolve(process.argv[2]);
const url = (p, query = '') => pathToFileURL(path.join(site, p)).href + query;
const q = (text, extra = '') => '?q=' + encodeURIComponent(text) + extra;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // zaitaku.test is this machine, reached over plain http: a page that is not a
  // secure context, as on an ordinary web host without https.
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--host-resolver-rules=MAP zaitaku.test 127.0.0.1'],
});
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, locale: 'ja-JP' };
// A point in みどり市, between the clinics of the example.
const HERE = { latitude: 26.6, longitude: 127.95 };
const context = await browser.newContext({ ...phone, geolocation: HERE, permissions: ['geolocation'] });

let failures = 0;
async function check(name, fn) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await fn(page);
    assert.deepEqual(errors, [], 'no script errors');
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).replace(/\n/g, '\n  ')}`);
  } finally {
    await page.close();
  }
}

/** Opens the search page with a query and returns what it shows. */
async function searchFor(page, text, extra = '', region = 'hokubu') {
  await page.goto(url(`${region}/search.html`, q(text, extra)));
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-search-ms') || !document.getElementById('search-empty').hidden);
  return results(page);
}

async function results(page) {
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    empty: !document.getElementById('search-empty').hidden,
    items: Array.from(document.querySelectorAll('#search-results > li')).map((li) => ({
      href: li.querySelector('a.search-result-title').getAttribute('href'),
      title: li.querySelector('a.search-result-title').textContent,
      marked: Array.from(li.querySelectorAll('a.search-result-title mark')).map((m) => m.textContent),
      snippetMarked: Array.from(li.querySelectorAll('.search-result-snippet mark')).map((m) => m.textContent),
      tel: li.querySelector('a.tel') && li.querySelector('a.tel').getAttribute('href'),
      telText: li.querySelector('a.tel .tel-number') && li.querySelector('a.tel .tel-number').textContent,
      chips: Array.from(li.querySelectorAll('.search-result-phases .chip')).map((c) => c.className.replace('chip chip-', '')),
      kind: (li.querySelector('.search-result-kind') || {}).textContent,
      place: (li.querySelector('.search-result-place') || {}).textContent,
    })),
  }));
}

const hrefs = (r) => r.items.map((i) => i.href);
const FOUND = /^\d+件見つかりました$/;
const CLOSEST = /すべてに当てはまるものはありませんでした。近いものを\d+件表示しています/;

// ---- Search as people type ------------------------------------------------------

await check('services, phases and kinds by their reading (ほうもんかんご, おうしん, みとり, たいいんしえん, ほうもんしんりょう)', async (page) => {
  let r = await searchFor(page, 'ほうもんかんご');
  assert.match(r.status, FOUND);
  assert.equal(hrefs(r)[0], 'institutions/yamanaka-houkan.html', 'the station named 訪問看護 first');
  assert.ok(hrefs(r).includes('institutions/kantaki-churasaki.html'), 'and the one that offers 訪問看護');
  r = await searchFor(page, 'おうしん');
  assert.match(r.status, FOUND);
  for (const h of ['institutions/clinic-sakura.html', 'institutions/green-zaitaku.html', 'articles/visit-types.html']) assert.ok(hrefs(r).includes(h), `${h} in ${hrefs(r)}`);
  r = await searchFor(page, 'みとり');
  assert.equal(hrefs(r)[0], 'articles/end-of-life.html', '家で最期を迎えるために（看取り）');
  for (const item of r.items.filter((i) => i.href.startsWith('institutions/'))) assert.ok(item.chips.includes('end_of_life'), `${item.href} has 看取り`);
  assert.ok(!hrefs(r).includes('institutions/midori-houkatsu.html'), 'みどり is not みとり');
  r = await searchFor(page, 'たいいんしえん');
  for (const h of ['articles/discharge.html', 'institutions/midori-chuo-hospital.html', 'institutions/green-zaitaku.html']) assert.ok(hrefs(r).includes(h), h);
  r = await searchFor(page, 'ほうもんしんりょう');
  for (const h of ['institutions/clinic-sakura.html', 'institutions/green-zaitaku.html', 'articles/visit-types.html']) assert.ok(hrefs(r).includes(h), h);
  // A municipality by its reading (municipalities_kana in region.toml).
  r = await searchFor(page, 'うみべちょう');
  for (const h of ['institutions/green-zaitaku.html', 'institutions/umibe-dental.html']) assert.ok(hrefs(r).includes(h), h);
  // Typing: the start of a reading already finds.
  r = await searchFor(page, 'ほうもんか');
  assert.equal(hrefs(r)[0], 'institutions/yamanaka-houkan.html');
});

await check('words without a space, in any order, with a particle (みどりクリニック, さくらクリニック, みどりの病院)', async (page) => {
  let r = await searchFor(page, 'みどりクリニック');
  assert.match(r.status, FOUND);
  assert.deepEqual(hrefs(r).slice(0, 2).sort(), ['institutions/clinic-sakura.html', 'institutions/green-zaitaku.html']);
  const spaced = await searchFor(page, 'みどり クリニック');
  assert.deepEqual(hrefs(r), hrefs(spaced), 'the same as with the space');
  r = await searchFor(page, 'さくらクリニック');
  assert.equal(hrefs(r)[0], 'institutions/clinic-sakura.html');
  assert.deepEqual(r.items[0].marked, ['クリニックさくら'], 'both words marked in the title');
  r = await searchFor(page, 'みどりの病院');
  assert.match(r.status, FOUND);
  assert.equal(hrefs(r)[0], 'institutions/midori-chuo-hospital.html');
  r = await searchFor(page, 'やまなか村の訪問看護');
  assert.equal(hrefs(r)[0], 'institutions/yamanaka-houkan.html');
});

await check('a name outranks a service, which outranks body text', async (page) => {
  const r = await searchFor(page, '訪問看護');
  const at = (h) => hrefs(r).indexOf(h);
  assert.equal(at('institutions/yamanaka-houkan.html'), 0, '訪問看護 in the name');
  assert.equal(at('institutions/kantaki-churasaki.html'), 1, '訪問看護 as a service');
  const articles = r.items.filter((i) => i.href.startsWith('articles/'));
  assert.ok(articles.length > 0 && articles.every((a) => at(a.href) > 1), 'articles mention it in their text');
});

await check('nothing holds the whole query: the closest results, said so; nothing at all: the lists', async (page) => {
  // 透析 (dialysis) is nowhere in this region: what is in ちゅらさき村 comes closest.
  let r = await searchFor(page, 'ちゅらさきの透析');
  assert.match(r.status, CLOSEST);
  assert.equal(r.empty, false, 'never an empty page');
  assert.equal(hrefs(r)[0], 'institutions/kantaki-churasaki.html');
  r = await searchFor(page, 'zzzzqqq');
  assert.equal(r.items.length, 0);
  assert.equal(r.empty, true);
  assert.ok(await page.locator('#search-empty a').count() >= 5, 'the lists are offered');
});

// ---- Call from the results ---------------------------------------------------------

await check('each institution result has its phone as a tel: link and its phases; terms are marked', async (page) => {
  const r = await searchFor(page, 'おうしん');
  const sakura = r.items.find((i) => i.href === 'institutions/clinic-sakura.html');
  assert.equal(sakura.tel, 'tel:0980001101');
  assert.equal(sakura.telText, '0980-00-1101');
  assert.deepEqual(sakura.chips, ['daily', 'acute', 'end_of_life']);
  assert.equal(sakura.kind, '診療所');
  assert.equal(sakura.place, 'みどり市');
  for (const item of r.items) {
    if (item.href.startsWith('institutions/')) assert.ok(item.tel && /^tel:\d+$/.test(item.tel), `${item.href}: ${item.tel}`);
    else assert.equal(item.tel, null, 'articles have no phone');
  }
  // The tel: link is the one on the institution's own page.
  await page.goto(url('hokubu/institutions/clinic-sakura.html'));
  assert.equal(await page.locator('.contact-tel a.tel').getAttribute('href'), sakura.tel);
  // The reading is marked where its label stands.
  const visits = await searchFor(page, 'おうしん');
  assert.ok(visits.items.find((i) => i.href === 'articles/visit-types.html').marked.includes('往診'));
  const places = await searchFor(page, 'みどり市');
  assert.ok(places.items.some((i) => i.snippetMarked.includes('みどり市')), 'in snippets too');
});

await check('results narrowed by phase, kind and municipality without a reload, in the URL', async (page) => {
  let r = await searchFor(page, 'ほうもん');
  const all = r.items.length;
  assert.ok(all >= 10, `${all}`);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('#search-filters summary').click();
  await page.selectOption('#filter-phase', 'acute');
  r = await results(page);
  assert.ok(r.items.length > 0 && r.items.length < all);
  for (const item of r.items) assert.ok(item.chips.includes('acute'), item.href);
  assert.match(r.status, new RegExp(`^${all}件見つかりました。絞り込んで${r.items.length}件を表示しています$`));
  await page.selectOption('#filter-kind', 'clinic');
  r = await results(page);
  assert.deepEqual(hrefs(r).sort(), ['institutions/clinic-sakura.html', 'institutions/green-zaitaku.html']);
  await page.selectOption('#filter-m', 'うみべ町');
  r = await results(page);
  assert.deepEqual(hrefs(r), ['institutions/green-zaitaku.html']);
  // Options say how many each would show.
  assert.equal(await page.locator('#filter-m option[value="うみべ町"]').textContent(), 'うみべ町（1）');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
  await page.waitForFunction(() => location.search.includes('m='));
  const search = await page.evaluate(() => location.search);
  assert.match(search, /phase=acute/);
  assert.match(search, /kind=clinic/);
  // The link, opened again, shows the same.
  await page.goto(url('hokubu/search.html', search));
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-search-ms'));
  assert.deepEqual(hrefs(await results(page)), ['institutions/green-zaitaku.html']);
  assert.equal(await page.locator('#search-filters').getAttribute('open'), '', 'the filters are open');
  // Articles are a kind of their own.
  r = await searchFor(page, '看取り', '&kind=article');
  assert.ok(r.items.length > 0 && r.items.every((i) => i.href.startsWith('articles/')));
});

// ---- Lists at real size ---------------------------------------------------------------

async function listState(page) {
  return page.evaluate(() => ({
    visible: Array.from(document.querySelectorAll('#main li.card')).filter((li) => li.offsetParent !== null).map((li) => li.querySelector('a').getAttribute('href')),
    sections: Array.from(document.querySelectorAll('#main section.group')).filter((s) => !s.hidden).map((s) => s.querySelector('h2').textContent),
    status: document.getElementById('list-status').textContent,
    search: location.search,
  }));
}

await check('a list narrowed by kind, municipality, phase and 24時間対応, with the state in the URL', async (page) => {
  await page.goto(url('hokubu/institutions/index.html'));
  let s = await listState(page);
  assert.equal(s.visible.length, 10);
  assert.equal(s.status, '', 'nothing said on a plain load');
  await page.locator('#list-filters summary').click();
  await page.selectOption('#filter-kind', 'clinic');
  s = await listState(page);
  assert.deepEqual(s.visible.sort(), ['../institutions/clinic-sakura.html', '../institutions/green-zaitaku.html']);
  assert.deepEqual(s.sections, ['診療所']);
  assert.equal(s.status, '10件のうち2件を表示しています。');
  assert.equal(s.search, '?kind=clinic');
  assert.equal(await page.locator('.toc a[href="#clinic"]').textContent(), '診療所（2件）');
  await page.selectOption('#filter-kind', '');
  await page.selectOption('#filter-phase', 'end_of_life');
  await page.check('#filter-h24');
  s = await listState(page);
  assert.equal(s.search, '?phase=end_of_life&h24=1');
  const expected = ['clinic-sakura', 'green-zaitaku', 'kantaki-churasaki', 'midori-chuo-hospital', 'midori-pharmacy', 'yamanaka-houkan'];
  assert.deepEqual(s.visible.map((h) => h.replace('../institutions/', '').replace('.html', '')).sort(), expected);
  // A care manager's link: opened fresh, the same list, the filters open.
  await page.goto(url('hokubu/institutions/municipalities.html', '?m=' + encodeURIComponent('うみべ町') + '&h24=1'));
  s = await listState(page);
  assert.deepEqual(s.visible, ['../institutions/green-zaitaku.html']);
  assert.deepEqual(s.sections, ['うみべ町']);
  assert.equal(s.status, '10件のうち1件を表示しています。');
  assert.equal(await page.locator('#list-filters').getAttribute('open'), '');
  // A phase list has no phase filter (it is one phase) and opens with the numbers.
  await page.goto(url('hokubu/phases/acute.html', '?kind=hospital'));
  assert.equal(await page.locator('#filter-phase').count(), 0);
  s = await listState(page);
  assert.deepEqual(s.visible, ['../institutions/midori-chuo-hospital.html']);
});

// ---- Near me -------------------------------------------------------------------------------

function km(a, b) {
  const rad = Math.PI / 180;
  const h = Math.sin((b.lat - a.lat) * rad / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin((b.lon - a.lon) * rad / 2) ** 2;
  return 6371.0088 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

async function nearState(page) {
  return page.evaluate(() => ({
    cards: Array.from(document.querySelectorAll('#near .cards > li')).map((li) => ({
      href: li.querySelector('a').getAttribute('href'),
      lat: li.getAttribute('data-lat'), lon: li.getAttribute('data-lon'),
      distance: (li.querySelector('.card-distance') || {}).textContent,
      hidden: li.hidden,
    })),
    groupsShown: Array.from(document.querySelectorAll('#main section.group')).filter((s) => !s.hidden).map((s) => s.id),
    status: document.getElementById('list-status').textContent,
    button: document.getElementById('near-sort').textContent,
  }));
}

await check('近い順に並べる with a fixed position: nearest first, km shown, no location last', async (page) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url('hokubu/institutions/index.html'));
  await page.click('#near-sort');
  await page.waitForSelector('#near');
  const s = await nearState(page);
  assert.deepEqual(s.groupsShown, ['near'], 'one list, by distance');
  assert.equal(s.cards.length, 10);
  assert.equal(s.button, '元の並びに戻す');
  assert.match(s.status, /現在地から近い順/);
  const located = s.cards.filter((c) => c.lat);
  const distances = located.map((c) => km({ lat: HERE.latitude, lon: HERE.longitude }, { lat: +c.lat, lon: +c.lon }));
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b), 'ascending');
  for (const [i, c] of located.entries()) {
    const expected = distances[i] < 10 ? Math.max(0.1, Math.round(distances[i] * 10) / 10).toFixed(1) : String(Math.round(distances[i]));
    assert.equal(c.distance, `現在地から約${expected}km`, c.href);
  }
  assert.equal(located[0].href, '../institutions/midori-chuo-hospital.html');
  const rest = s.cards.slice(located.length);
  assert.ok(rest.length === 3 && rest.every((c) => !c.lat && c.distance === '場所の登録がありません'), 'those without a location last');
  // Narrowing still applies, to the sorted list.
  await page.locator('#list-filters summary').click();
  await page.selectOption('#filter-kind', 'clinic');
  const narrowed = await nearState(page);
  assert.deepEqual(narrowed.cards.filter((c) => !c.hidden).map((c) => c.href), ['../institutions/clinic-sakura.html', '../institutions/green-zaitaku.html']);
  // Back to the groups, in their order.
  await page.click('#near-sort');
  const back = await listState(page);
  assert.deepEqual(back.sections, ['診療所']);
  assert.equal(await page.locator('#near').count(), 0);
  assert.ok(requests.every((u) => u.startsWith('file:')), `nothing requested from elsewhere: ${requests.filter((u) => !u.startsWith('file:'))}`);
});

await check('without permission, the list stays as it is and the page says why', async () => {
  const denied = await browser.newContext({ ...phone, permissions: [] });
  const page = await denied.newPage();
  try {
    await page.goto(url('hokubu/institutions/index.html'));
    const before = await listState(page);
    await page.click('#near-sort');
    await page.waitForFunction(() => /許可/.test(document.getElementById('list-status').textContent));
    const after = await listState(page);
    assert.match(after.status, /^位置情報の利用が許可されなかったため、並べ替えていません。一覧は元の順のままです。/);
    assert.deepEqual(after.visible, before.visible);
    assert.equal(await page.locator('#near').count(), 0);
  } finally {
    await denied.close();
  }
});

await check('without JavaScript, the whole list and a note on what needs it', async () => {
  const noJs = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await noJs.newPage();
  try {
    await page.goto(url('hokubu/institutions/index.html'));
    assert.equal(await page.locator('#list-tools').isVisible(), false);
    assert.equal(await page.locator('#main li.card').count(), 10);
    const note = page.locator('.tools-noscript');
    assert.equal(await note.isVisible(), true);
    assert.match(await note.textContent(), /JavaScript が必要です。一覧はこのまま、すべて使えます。/);
  } finally {
    await noJs.close();
  }
});

/** Serves the site over http on 127.0.0.1 (any host, no https). */
async function serve() {
  const server = http.createServer((req, res) => {
    const file = path.join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' }[path.extname(file)] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

await check('from a web host: sorted on http://127.0.0.1 (a secure context); refused with a reason on plain http elsewhere', async () => {
  const server = await serve();
  const port = server.address().port;
  const ctx = await browser.newContext({ ...phone, geolocation: HERE, permissions: ['geolocation'] });
  try {
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${port}/hokubu/institutions/index.html`);
    await page.click('#near-sort');
    await page.waitForSelector('#near');
    assert.equal((await nearState(page)).cards[0].href, '../institutions/midori-chuo-hospital.html');
    // The search works there too.
    await page.goto(`http://127.0.0.1:${port}/hokubu/search.html${q('おうしん')}`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-search-ms'));
    assert.ok((await results(page)).items.length >= 3);
    // zaitaku.test over http is not a secure context: browsers give no position there.
    await page.goto(`http://zaitaku.test:${port}/hokubu/institutions/index.html`);
    await page.click('#near-sort');
    const s = await listState(page);
    assert.match(s.status, /https のページでのみ使えます/);
    assert.equal(s.visible.length, 10);
  } finally {
    await ctx.close();
    server.close();
  }
});

// ---- Print ---------------------------------------------------------------------------------

await check('every institution page prints on one A4 page, without navigation, phone and web address written out', async (page) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zaitaku-print-'));
  try {
    for (const region of ['hokubu', 'osumi']) {
      const dir = path.join(site, region, 'institutions');
      for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html' && f !== 'municipalities.html')) {
        await page.goto(url(`${region}/institutions/${name}`));
        const pdf = path.join(tmp, `${region}-${name}.pdf`);
        // Chromium's print-to-PDF, with the page's own @page size.
        await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
        const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
        assert.match(info, /^Pages:\s+1$/m, `${region}/${name}: ${info.match(/^Pages:.*$/m)}`);
        assert.match(info, /^Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/m, `${region}/${name}: ${info.match(/^Page size:.*$/m)}`);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
        const shown = await page.evaluate(() => ({
          tel: (document.querySelector('.contact-tel .tel-number') || {}).textContent,
          web: (document.querySelector('.facts a[rel~="noopener"]:not(.map-link a)') || {}).textContent,
        }));
        if (shown.tel) assert.ok(text.includes(shown.tel), `${name}: phone ${shown.tel} printed`);
        if (shown.web && !shown.web.startsWith('地図')) assert.ok(text.includes(shown.web), `${name}: web address ${shown.web} printed`);
        for (const gone of ['場面別メニュー', '本文へ移動', '一覧に戻る', '地理院地図', '検索']) assert.ok(!text.includes(gone), `${name}: ${gone} is not printed`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

await browser.close();
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
