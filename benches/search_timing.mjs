// Time from navigation start to first search results, in one warm headless Chromium
// (a resident's browser is already running): the page is opened fresh ROUNDS times
// per query (6 queries; default 6 rounds, the first of which only warms the browser's
// caches and is not counted) and read back:
//   - inDom: search.js's data-search-ms, set right after the results are in the DOM
//     (the budget's figure);
//   - painted: the end of the next rendering update after that (requestAnimationFrame,
//     then a task), i.e. once the results have been laid out and painted;
//   - fcp: the page's first contentful paint.
//   node benches/search_timing.mjs /path/to/region/search.html [ROUNDS] [FLOOR_PAGE]
// With FLOOR_PAGE (benches/search.rs writes one: the same page without the index),
// each load of the search page is followed by one of it, so that both are timed in
// the same conditions; its figures come out under "floor".
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tests/a11y/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const page = process.argv[2];
const rounds = Number(process.argv[3] || 6);
const floorPage = process.argv[4];
const queries = ['訪問看護', 'みどりクリニック', 'ｸﾘﾆｯｸ', '看取り', 'やっきょく', '往診'];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext();
await context.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (!document.documentElement.hasAttribute('data-search-ms')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__searchPaintedMs = performance.now(); }, 0));
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-search-ms'] });
});
const runs = { inDom: [], painted: [], fcp: [] };
const floorRuns = { inDom: [] };
async function load(file, q) {
  const tab = await context.newPage();
  await tab.goto('file://' + file + '?q=' + encodeURIComponent(q));
  await tab.waitForFunction(() => window.__searchPaintedMs !== undefined, null, { timeout: 10000 });
  const r = await tab.evaluate(() => ({
    inDom: Number(document.documentElement.getAttribute('data-search-ms')),
    painted: window.__searchPaintedMs,
    fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
  }));
  await tab.close();
  return r;
}
for (let round = 0; round < rounds; round++) {
  for (const q of queries) {
    const r = await load(page, q);
    if (round > 0) for (const k of Object.keys(runs)) runs[k].push(r[k]);
    if (floorPage) {
      const f = await load(floorPage, q);
      if (round > 0) floorRuns.inDom.push(f.inDom);
    }
  }
}
await browser.close();
const summary = (values) => {
  const v = values.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return { runs: v.length, median: v[Math.floor(v.length / 2)], p90: v[Math.min(v.length - 1, Math.floor(v.length * 0.9))], min: v[0], max: v[v.length - 1] };
};
const inDom = summary(runs.inDom);
console.log(JSON.stringify({ ...inDom, inDom, painted: summary(runs.painted), fcp: summary(runs.fcp), floor: floorPage ? summary(floorRuns.inDom) : null }));
