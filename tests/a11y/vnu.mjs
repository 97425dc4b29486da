// The Nu HTML Checker (npm vnu-jar) run with the machine's `java -jar`.
//
//   node vnu.mjs SITE_DIR        checks every .html file (and every .css file
//                                 as CSS) of a built site; exit 1 on any error
//
// runVnu() is also used by browser.mjs for pages as the browser rendered them.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const VNU_JAR = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');

/** Runs vnu over `files` (.html as HTML, .css as CSS) in one JVM; resolves to its messages. */
export function runVnu(files) {
  if (files.length === 0) return Promise.resolve([]);
  const java = process.env.JAVA || 'java';
  const args = ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', '--also-check-css', ...files];
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      // vnu writes the JSON report to stderr (stdout with --stdout).
      const text = (err.trim().startsWith('{') ? err : out).trim();
      try {
        resolve(JSON.parse(text).messages || []);
      } catch (e) {
        reject(new Error(`vnu exited ${code} without a JSON report:\n${out}\n${err}`));
      }
    });
  });
}

export function isError(m) {
  return m.type === 'error' || m.type === 'non-document-error' || (m.type === 'info' && m.subType === 'warning' && process.env.VNU_WERROR === '1');
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  }).sort();
}

export function format(m, root) {
  const file = decodeURIComponent((m.url || '').replace(/^file:/, '')).replace(root + path.sep, '');
  const kind = m.type === 'info' ? (m.subType === 'warning' ? 'warning' : 'info') : m.type;
  return `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${kind}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, '⏎')}` : ''}`;
}

async function main() {
  const site = path.resolve(process.argv[2] || '');
  if (!process.argv[2] || !fs.statSync(site, { throwIfNoEntry: false })?.isDirectory()) {
    console.error('usage: node vnu.mjs SITE_DIR');
    process.exit(2);
  }
  const files = walk(site);
  const html = files.filter((f) => f.endsWith('.html'));
  // Every region has a copy of the same stylesheet: check each distinct one once.
  const seen = new Set();
  const css = files.filter((f) => {
    if (!f.endsWith('.css')) return false;
    const body = fs.readFileSync(f, 'utf8');
    if (seen.has(body)) return false;
    seen.add(body);
    return true;
  });
  const started = Date.now();
  const messages = await runVnu([...html, ...css]);
  const errors = messages.filter(isError);
  const warnings = messages.filter((m) => !isError(m) && m.type === 'info' && m.subType === 'warning');
  const infos = messages.filter((m) => !isError(m) && !warnings.includes(m));
  for (const m of messages) console.log(format(m, site));
  // Per page kind (the path without the region), for docs/ACCESSIBILITY.md.
  const kinds = new Map();
  for (const f of html) {
    const rel = path.relative(site, f);
    const k = rel.replace(/^[^/]+\/(?=.)/, '<region>/')
      .replace(/^(<region>\/(?:institutions|articles|leaflets|phases)\/)(?!index\.html|municipalities\.html)[^/]+\.html$/, '$1<id>.html');
    const entry = kinds.get(k) || { files: 0, errors: 0, warnings: 0 };
    entry.files++;
    for (const m of messages) {
      if (decodeURIComponent((m.url || '').replace(/^file:/, '')) !== f) continue;
      if (isError(m)) entry.errors++;
      else if (m.subType === 'warning') entry.warnings++;
    }
    kinds.set(k, entry);
  }
  const version = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/vnu-jar/package.json'), 'utf8')).version;
  console.log(`\nNu HTML Checker (vnu-jar ${version}): ${html.length} HTML files, ${css.length} distinct CSS files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [k, e] of [...kinds].sort()) console.log(`  ${k.padEnd(44)} files ${String(e.files).padStart(3)}  errors ${e.errors}  warnings ${e.warnings}`);
  console.log(`  total: ${errors.length} errors, ${warnings.length} warnings, ${infos.length} info`);
  if (html.length === 0) {
    console.error('no HTML files found');
    process.exit(1);
  }
  process.exit(errors.length ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
