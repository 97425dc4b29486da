// The "もっと見る" button of search.html in headless Chromium, driven from
// tests/search_e2e.rs with the playwright-core of tests/a11y/node_modules:
//   node tests/search/more_button.mjs /path/to/region/search.html QUERY
// Also runs axe-core (as tests/a11y does) on the page with the button shown.
// Exits non-zero with a message when something is wrong; prints a JSON summary.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';

const require = createRequire(new URL('../a11y/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const AXE = require.resolve('axe-core/axe.min.js');

const [file, query] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // axe is injected as an inline script, which the page's CSP forbids.
  const page = await browser.newPage({ viewport: { width: 375, height: 700 }, bypassCSP: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href + '?q=' + encodeURIComponent(query));
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-search-ms'));

  const state = () => page.evaluate(() => {
    const more = document.getElementById('search-more');
    const r = more.getBoundingClientRect();
    const active = document.activeElement;
    return {
      items: document.querySelectorAll('#search-results > li').length,
      status: document.getElementById('search-status').textContent,
      moreHidden: more.hidden,
      moreText: more.textContent,
      moreTag: more.localName + ':' + more.type,
      moreSize: [r.width, r.height],
      activeIndex: Array.prototype.indexOf.call(document.querySelectorAll('#search-results a.search-result-title'), active),
    };
  });

  const first = await state();
  const total = Number((first.status.match(/^(\d+)件/) || [])[1]);
  assert.ok(total > 100, `the query should find more than 100 results to test paging, found: ${first.status}`);
  assert.equal(first.items, 50, 'the first 50 results are shown');
  assert.equal(first.moreHidden, false, 'the button is shown');
  assert.equal(first.moreTag, 'button:button');
  assert.equal(first.moreText, `もっと見る（残り${total - 50}件）`);
  assert.ok(first.moreSize[0] >= 44 && first.moreSize[1] >= 44, `target ≥ 44×44: ${first.moreSize}`);

  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], 'axe-core finds nothing with the button shown');

  // By keyboard: focus the button, press Enter.
  await page.focus('#search-more');
  await page.keyboard.press('Enter');
  const second = await state();
  assert.equal(second.items, 100);
  assert.equal(second.activeIndex, 50, 'focus is on the first new result');
  assert.equal(second.status, first.status, 'the count is unchanged');

  // Until everything is shown; then the button goes away.
  let last = second;
  while (!last.moreHidden) {
    await page.click('#search-more');
    last = await state();
  }
  assert.equal(last.items, total);

  // A new query starts from the top again.
  await page.fill('#search-q', query + ' ');
  await page.fill('#search-q', '');
  await page.type('#search-q', query);
  const again = await state();
  assert.equal(again.items, 50);
  assert.equal(again.moreHidden, false);

  assert.deepEqual(errors, [], 'no script errors');
  console.log(JSON.stringify({ total, first: first.items, second: second.items, last: last.items }));
} finally {
  await browser.close();
}
