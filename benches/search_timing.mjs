// Time from navigation start to first search results, in one warm headless Chromium
// (a resident's browser is already running): the page is opened fresh 12 times with a
// different query each time and search.js's data-search-ms is read back.
//   node benches/search_timing.mjs /path/to/region/search.html
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tests/a11y/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const page = process.argv[2];
const queries = ['訪問看護', 'みどりクリニック', 'ｸﾘﾆｯｸ', '看取り', 'やっきょく', '往診'];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext();
const times = [];
for (let round = 0; round < 3; round++) {
  for (const q of queries) {
    const tab = await context.newPage();
    await tab.goto('file://' + page + '?q=' + encodeURIComponent(q));
    await tab.waitForFunction(() => document.documentElement.hasAttribute('data-search-ms'), null, { timeout: 10000 });
    const ms = await tab.evaluate(() => Number(document.documentElement.getAttribute('data-search-ms')));
    if (round > 0) times.push(ms); // the first round warms the browser's caches
    await tab.close();
  }
}
await browser.close();
times.sort((a, b) => a - b);
console.log(JSON.stringify({ runs: times.length, median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] }));
