// Accessibility checks of a built zaitaku site in a real browser.
//
//   node browser.mjs SITE_DIR [--shots DIR] [--json FILE]
//
// Opens one page of every page kind over file:// in Debian's chromium (driven
// by playwright-core; no browser is ever downloaded), in a phone context at
// 375 px and resized to 1280 px for the desktop pass, and runs (after a
// self-test on fixtures/bad.html, which every check must catch):
//   - axe-core with the WCAG 2.0/2.1/2.2 A and AA tags, plus best-practice;
//   - the design checks of checks.js: type size, line height, 7:1 contrast,
//     44 px targets, headings, tables, link text, landmarks and phase
//     navigation, keyboard (skip link, visible focus on every stop), reflow at
//     320 px, 200% text, text spacing, reduced motion and print;
//   - the Nu HTML Checker on the pages as the browser rendered them (search).
// Exit status 0 only if there is nothing to report. With --shots, full-page
// screenshots of every page kind at both widths are written to DIR.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runVnu, isError, format } from './vnu.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');
const CHECKS = path.join(here, 'checks.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// One page of every kind the generator writes. `wait` names what the page's
// script must have rendered before it is checked.
export const PAGES = [
  { kind: 'portal', path: 'index.html', portal: true, emergency: true },
  { kind: 'portal 404', path: '404.html', portal: true },
  { kind: 'region top', path: 'hokubu/index.html', region: true },
  { kind: 'region top (osumi)', path: 'osumi/index.html', region: true },
  { kind: 'phase list (acute)', path: 'hokubu/phases/acute.html', emergency: true },
  { kind: 'institutions by kind', path: 'hokubu/institutions/index.html' },
  // The list tools (lists.js) in use: narrowed from the URL (filters open), and sorted
  // by distance (the context has a fixed position and the permission).
  { kind: 'institutions narrowed', path: 'hokubu/institutions/index.html', query: '?kind=clinic&h24=1' },
  { kind: 'institutions by distance', path: 'hokubu/institutions/municipalities.html', click: '#near-sort', waitFor: '#near' },
  { kind: 'institutions by municipality', path: 'hokubu/institutions/municipalities.html' },
  { kind: 'institution', path: 'hokubu/institutions/midori-chuo-hospital.html' },
  { kind: 'institution (stale)', path: 'hokubu/institutions/umibe-dental.html' },
  { kind: 'article list', path: 'hokubu/articles/index.html' },
  { kind: 'article with table', path: 'hokubu/articles/emergency.html', table: true },
  { kind: 'search with results', path: 'hokubu/search.html', query: '?q=%E8%A8%AA%E5%95%8F', wait: 'results' },
  { kind: 'search with none', path: 'hokubu/search.html', query: '?q=zzzzqqq', wait: 'empty' },
  { kind: 'search (no query)', path: 'hokubu/search.html', wait: 'blank' },
  { kind: 'search narrowed', path: 'hokubu/search.html', query: '?q=%E3%81%BB%E3%81%86%E3%82%82%E3%82%93&phase=acute', wait: 'results' },
  { kind: 'search, closest results', path: 'hokubu/search.html', query: '?q=%E3%81%A1%E3%82%85%E3%82%89%E3%81%95%E3%81%8D%E3%81%AE%E9%80%8F%E6%9E%90', wait: 'results' },
  { kind: 'leaflet', path: 'hokubu/leaflets/acp.html' },
  { kind: 'leaflet with list', path: 'hokubu/leaflets/zaitaku-guide.html' },
  { kind: 'guidebook', path: 'hokubu/guidebook.html' },
  { kind: 'open data', path: 'hokubu/opendata/index.html', table: true },
  { kind: 'vacancies', path: 'hokubu/availability.html' },
  { kind: '404', path: 'hokubu/404.html' },
  // Rendered by tests/a11y.rs until the build writes it; `optional` only for hand runs over public/.
  { kind: 'accessibility statement', path: 'hokubu/accessibility.html', table: true, optional: true },
];

// A page that breaks every rule: each check must catch it, or the checks
// themselves are broken (and would pass anything).
const SELF_TEST = {
  kind: 'self-test', path: 'bad.html', site: path.join(here, 'fixtures'), region: true,
  expect: [
    'axe', 'base-font', 'small-text', 'line-height', 'contrast', 'target-size', 'headings', 'tables',
    'link-text', 'landmarks', 'phase-nav', 'emergency-first', 'emergency-on-first-screen', 'skip-link', 'focus-visible', 'reflow',
    'reduced-motion', 'print',
  ],
};

function parseArgs(argv) {
  const opts = { site: null, shots: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--shots') opts.shots = argv[++i];
    else if (argv[i] === '--json') opts.json = argv[++i];
    else opts.site = argv[i];
  }
  if (!opts.site) {
    console.error('usage: node browser.mjs SITE_DIR [--shots DIR] [--json FILE]');
    process.exit(2);
  }
  opts.site = path.resolve(opts.site);
  return opts;
}

const timings = {};
const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();

/* A page that is reused for every page kind a worker checks; `sink` collects
   what the page's own scripts report. */
async function makePage(context, external) {
  const page = await context.newPage();
  page.sink = { problems: [], ours: true };
  page.on('pageerror', (e) => { if (page.sink.ours) page.sink.problems.push({ check: 'script', what: 'page', detail: `uncaught ${e.message}` }); });
  page.on('console', (m) => { if (page.sink.ours && m.type() === 'error') page.sink.problems.push({ check: 'script', what: 'console', detail: m.text() }); });
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) external.add(r.url()); });
  return page;
}

/* Opens `spec` in `page`, waits for its script, and injects the checkers.
   Returns the problems its own scripts reported. */
async function open(page, site, spec, snapshot) {
  page.sink = { problems: [], ours: true };
  const file = path.join(spec.site || site, spec.path);
  if (!fs.existsSync(file)) throw new Error(`${spec.kind}: ${spec.path} was not built`);
  await page.goto(pathToFileURL(file).href + (spec.query || ''), { waitUntil: 'load' });
  if (spec.wait === 'results') {
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0 && document.getElementById('search-status').textContent.trim() !== '', null, { timeout: 5000 });
  } else if (spec.wait === 'empty') {
    await page.waitForFunction(() => !document.getElementById('search-empty').hidden && document.getElementById('search-status').textContent.trim() !== '', null, { timeout: 5000 });
  }
  if (spec.click) {
    await page.click(spec.click);
    await page.waitForSelector(spec.waitFor, { timeout: 5000 });
    // Focus (and where the next Tab starts) back before the page, as on a page just
    // opened: the skip-link check presses Tab from there.
    await page.focus('.skip-link');
    await page.keyboard.press('Shift+Tab');
  }
  // The page as its script left it, for the HTML checker.
  if (snapshot) fs.writeFileSync(snapshot, await page.content());
  // From here on errors are the checkers' noise (axe tries to fetch
  // stylesheets, which file:// refuses), not the page's.
  page.sink.ours = false;
  await page.addScriptTag({ path: AXE });
  await page.addScriptTag({ path: CHECKS });
  return page.sink.problems;
}

async function axe(page) {
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    const slim = (list) => list.map((v) => ({
      id: v.id, impact: v.impact, tags: v.tags, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
    return { violations: slim(r.violations), incomplete: slim(r.incomplete), passes: r.passes.length };
  }, [...WCAG_TAGS, 'best-practice']);
}

/* Tab through the whole page, from wherever focus is, round past the end and
   back to the first stop: every stop gets a visible, unobscured focus
   indicator, and every focusable element is reached. */
async function focusWalk(page, label) {
  const problems = [];
  const count = await page.evaluate(() => window.__a11y.recordUnfocused());
  const seen = new Set();
  let first = null;
  let outside = 0;
  for (let i = 0; i < 2 * count + 6; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => window.__a11y.focused());
    if (!f.id) {
      // Focus left the document (the browser's own UI) after the last stop.
      if (++outside > 2) break;
      continue;
    }
    if (f.id === first) break;
    if (!first) first = f.id;
    seen.add(f.id);
    for (const p of f.problems) problems.push({ ...p, what: `${label}: ${p.what}` });
  }
  if (seen.size < count) problems.push({ check: 'keyboard', what: label, detail: `Tab reached ${seen.size} of ${count} focusable elements` });
  return { problems, stops: seen.size };
}

/* The skip link is the first Tab stop, visible when focused, and moves focus to #main. */
async function skipLink(page, label) {
  const problems = [];
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, href: a.getAttribute('href'), inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= document.documentElement.clientWidth && r.width > 1 };
  });
  if (first.cls !== 'skip-link' || first.href !== '#main') {
    problems.push({ check: 'skip-link', what: label, detail: `first Tab stop is .${first.cls} ${first.href} (want the skip link to #main)` });
    return problems;
  }
  if (!first.inView) problems.push({ check: 'skip-link', what: label, detail: 'skip link not fully visible when focused' });
  await page.keyboard.press('Enter');
  const afterEnter = await page.evaluate(() => document.activeElement?.id || document.activeElement?.localName);
  if (afterEnter !== 'main') problems.push({ check: 'skip-link', what: label, detail: `Enter on the skip link focuses ${afterEnter} (want main#main)` });
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => {
    const main = document.getElementById('main');
    const a = document.activeElement;
    return main.contains(a) || !!(main.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  if (!next) problems.push({ check: 'skip-link', what: label, detail: 'the Tab after the skip link goes back before main' });
  return problems;
}

async function checkPage(page, site, spec, opts) {
  const result = { kind: spec.kind, path: spec.path + (spec.query || ''), axe: {}, problems: [], notes: [] };
  const add = (list, prefix) => {
    for (const p of list) result.problems.push(prefix ? { ...p, what: `${prefix} ${p.what}` } : p);
  };
  const shotName = slug(spec.kind);
  let t = Date.now();
  const lap = (what) => {
    const now = Date.now();
    timings[what] = (timings[what] || 0) + (now - t);
    t = now;
  };
  const ev = (fn, arg) => page.evaluate(([f, x]) => window.__a11y[f](x), [fn, arg]);
  const top = () => page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const shot = async (name) => {
    if (!opts.shots || spec.site) return; // not of the fixture
    await top();
    await page.screenshot({ path: path.join(opts.shots, `${shotName}-${name}.png`), fullPage: true });
  };

  // One load per page kind (injecting axe costs more than anything else), in
  // a phone context resized between 375 px and 1280 px.
  await page.setViewportSize({ width: 375, height: 667 });
  await page.emulateMedia({ media: 'screen', reducedMotion: 'no-preference' });
  const snapshot = spec.wait || spec.click || spec.query ? path.join(opts.snapshots, `${shotName}.html`) : null;
  const scriptProblems = await open(page, site, spec, snapshot);
  result.snapshot = snapshot;
  lap('open');

  // --- 375 × 667: a phone ----------------------------------------------------
  await shot('375');
  result.axe['375'] = await axe(page);
  lap('axe');
  add(await ev('typography'), '375px');
  const c = await ev('contrast');
  add(c.problems);
  result.notes.push(`contrast: ${c.measured} text elements, lowest ${c.lowest.toFixed(2)}:1`);
  const tg = await ev('targets');
  add(tg.problems, '375px');
  result.notes.push(`targets: ${tg.measured} checked at 375px`);
  const h = await ev('headings');
  add(h.problems);
  result.notes.push(`headings: ${h.outline}`);
  const tb = await ev('tables');
  add(tb.problems);
  if (spec.table && tb.count === 0) result.problems.push({ check: 'tables', what: spec.path, detail: 'expected a table on this page' });
  add((await ev('linkText')).problems);
  add(await ev('structure', spec.portal ? 'portal' : 'region'));
  if (spec.region || spec.emergency) add(await ev('emergencyFirst'));
  if (spec.region || spec.emergency) add(await ev('emergencyOnFirstScreen'));
  if (spec.wait) {
    const s = await page.evaluate(() => {
      const st = document.getElementById('search-status');
      return { live: st.getAttribute('aria-live'), text: st.textContent.trim() };
    });
    if (s.live !== 'polite') result.problems.push({ check: 'search', what: '#search-status', detail: 'not a polite live region' });
    if (spec.wait !== 'blank' && !s.text) result.problems.push({ check: 'search', what: '#search-status', detail: 'result count not announced' });
  }
  add(await ev('reflow', '375px'));
  lap('design checks');
  add(await skipLink(page, '375px'));
  await page.setViewportSize({ width: 320, height: 640 });
  add(await ev('reflow', '320px (400% zoom)'));
  lap('keyboard');

  // --- 1280 × 800: a desktop -------------------------------------------------
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot('1280');
  result.axe['1280'] = await axe(page);
  lap('axe');
  add(await ev('reflow', '1280px'));
  const fw = await focusWalk(page, '1280px');
  add(fw.problems);
  result.notes.push(`keyboard: ${fw.stops} Tab stops, each with a visible focus indicator`);
  lap('keyboard');
  await top();
  await page.emulateMedia({ media: 'print' });
  add(await ev('print', spec.kind));
  await page.emulateMedia({ media: 'screen', reducedMotion: 'reduce' });
  add(await ev('motion'));
  await page.emulateMedia({ media: 'screen', reducedMotion: 'no-preference' });
  const px = await ev('scaleText', 2);
  add(await ev('reflow', `1280px with 200% text (${px}px)`));
  await shot('1280-text200');
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });

  // --- Text spacing overrides, last: they stay on the page -------------------
  await page.setViewportSize({ width: 375, height: 667 });
  await ev('textSpacing');
  add(await ev('reflow', '375px with WCAG 1.4.12 text spacing'));
  lap('reflow, print, motion');
  add(scriptProblems);
  return result;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.error('browser checks took longer than 200 s; giving up');
    process.exit(3);
  }, 200_000);
  if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });
  opts.snapshots = fs.mkdtempSync(path.join(os.tmpdir(), 'zaitaku-a11y-dom-'));

  // Playwright starts the browser with a fresh --user-data-dir of its own in
  // the temp folder and removes it on close.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  // axe is injected as an inline script, which the pages forbid (bypassCSP); a fixed
  // position in みどり市 for the lists' 近い順に並べる.
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 }, deviceScaleFactor: opts.shots ? 2 : 1, isMobile: true, hasTouch: true, locale: 'ja-JP', bypassCSP: true,
    geolocation: { latitude: 26.6, longitude: 127.95 }, permissions: ['geolocation'],
  });
  const version = browser.version();
  const external = new Set();
  const results = [];
  const skipped = [];
  try {
    // Two pages at a time: the browser is mostly waiting on the test's round trips.
    const queue = [SELF_TEST, ...PAGES.filter((p) => {
      if (!p.optional || fs.existsSync(path.join(opts.site, p.path))) return true;
      skipped.push(p);
      return false;
    })];
    const workers = [0, 1].map(async () => {
      const page = await makePage(context, external);
      while (queue.length) {
        const spec = queue.shift();
        results.push(await checkPage(page, opts.site, spec, opts));
      }
    });
    await Promise.all(workers);
  } finally {
    await browser.close();
  }
  results.sort((a, b) => PAGES.findIndex((p) => p.kind === a.kind) - PAGES.findIndex((p) => p.kind === b.kind));
  const self = results.splice(results.findIndex((r) => r.kind === SELF_TEST.kind), 1)[0];

  // The HTML checker on what the scripts rendered.
  const snaps = results.filter((r) => r.snapshot).map((r) => r.snapshot);
  const vnu = await runVnu(snaps);
  for (const r of results) {
    if (!r.snapshot) continue;
    for (const m of vnu) {
      if (decodeURIComponent((m.url || '').replace(/^file:/, '')) !== r.snapshot) continue;
      if (isError(m)) r.problems.push({ check: 'vnu (rendered DOM)', what: r.path, detail: format(m, opts.snapshots) });
      else if (m.subType === 'warning') r.notes.push(`vnu warning (rendered DOM): ${m.message}`);
    }
  }
  fs.rmSync(opts.snapshots, { recursive: true, force: true });

  // Report.
  let failures = 0;
  const lines = [];
  lines.push(`axe-core ${JSON.parse(fs.readFileSync(path.join(here, 'node_modules/axe-core/package.json'))).version}, chromium ${version}, tags ${WCAG_TAGS.join(' ')} + best-practice`);
  lines.push('');
  lines.push(`${'page kind'.padEnd(30)} ${'axe 375'.padStart(8)} ${'axe 1280'.padStart(8)} ${'best-pr.'.padStart(8)} ${'review'.padStart(6)} ${'design'.padStart(6)}`);
  for (const r of results) {
    const wc = (a) => a.violations.filter((v) => v.tags.some((t) => WCAG_TAGS.includes(t))).reduce((n, v) => n + v.nodes.length, 0);
    const bp = (a) => a.violations.filter((v) => !v.tags.some((t) => WCAG_TAGS.includes(t))).reduce((n, v) => n + v.nodes.length, 0);
    const inc = new Set([...r.axe['375'].incomplete, ...r.axe['1280'].incomplete].map((v) => v.id));
    r.counts = {
      wcag375: wc(r.axe['375']), wcag1280: wc(r.axe['1280']),
      bestPractice: bp(r.axe['375']) + bp(r.axe['1280']),
      incomplete: [...inc], design: r.problems.length,
    };
    failures += r.counts.wcag375 + r.counts.wcag1280 + r.counts.bestPractice + r.counts.design;
    lines.push(`${r.kind.padEnd(30)} ${String(r.counts.wcag375).padStart(8)} ${String(r.counts.wcag1280).padStart(8)} ${String(r.counts.bestPractice).padStart(8)} ${String(inc.size).padStart(6)} ${String(r.counts.design).padStart(6)}`);
  }
  const fired = new Set(self.problems.map((p) => p.check));
  if (self.axe['375'].violations.length && self.axe['1280'].violations.length) fired.add('axe');
  const silent = SELF_TEST.expect.filter((c) => !fired.has(c));
  lines.push('', `self-test: ${SELF_TEST.expect.length - silent.length} of ${SELF_TEST.expect.length} checks caught the broken fixture (tests/a11y/fixtures/bad.html)`);
  if (silent.length) {
    failures += silent.length;
    lines.push(`✗ these checks did not notice anything wrong with it, so they are broken: ${silent.join(', ')}`);
  }
  if (external.size) {
    failures += external.size;
    lines.push('', `requests to other hosts (nothing may load from elsewhere): ${[...external].join(', ')}`);
  }
  lines.push('');
  for (const r of results) {
    const details = [];
    for (const w of ['375', '1280']) {
      for (const v of r.axe[w].violations) {
        for (const n of v.nodes) details.push(`  axe ${w}px ${v.id} (${v.impact}): ${v.help}\n      at ${n.target}\n      ${String(n.summary || '').replace(/\n/g, '\n      ')}`);
      }
    }
    for (const p of r.problems) details.push(`  ${p.check}: ${p.what}: ${p.detail}`);
    if (details.length) lines.push(`✗ ${r.kind} (${r.path})`, ...details);
    if (process.env.A11Y_VERBOSE) {
      lines.push(`· ${r.kind}: ${r.notes.join('; ')}`);
      const inc = [...r.axe['375'].incomplete, ...r.axe['1280'].incomplete];
      for (const v of inc) lines.push(`    axe needs review: ${v.id}: ${v.help} (${v.nodes.length})`);
    }
  }
  if (process.env.A11Y_TIMING) lines.push('time per phase (ms, summed over pages): ' + JSON.stringify(timings));
  for (const p of skipped) lines.push(`skipped: ${p.kind} (${p.path} is not in the site)`);
  lines.push(`${results.length} page kinds, ${failures} problems, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(lines.join('\n'));
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(results, null, 2));
  clearTimeout(watchdog);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
