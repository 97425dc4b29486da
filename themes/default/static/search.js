/*
 * zaitaku site search. No dependencies, no network: the index is the global
 * ZAITAKU_SEARCH assigned by search-index.js, which the page loads with a
 * plain <script> after this file (see start()), so search works from file://
 * and from any sub-folder.
 *
 * tokenize() MUST stay identical to src/search/tokenize.rs (the rules are
 * documented there); tests/search/tokenizer_vectors.json is checked against
 * both implementations.
 */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window
    : typeof globalThis !== 'undefined' ? globalThis : this;

  /* ------------------------------------------------------------------ */
  /* Tokenizer                                                           */
  /* ------------------------------------------------------------------ */

  var CHOON = 0x30FC; // ー
  var MAX_WORD_CHARS = 64;
  var MARK = /^\p{M}$/u;
  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;

  /* Katakana -> hiragana, ヽヾ -> ゝゞ, small ゕゖ -> かけ. */
  function foldKana(cp) {
    if ((cp >= 0x30A1 && cp <= 0x30F6) || cp === 0x30FD || cp === 0x30FE) {
      cp -= 0x60;
    }
    if (cp === 0x3095) return 0x304B;
    if (cp === 0x3096) return 0x3051;
    return cp;
  }

  function isJapanese(cp) {
    return (cp >= 0x3041 && cp <= 0x3096) || // hiragana
      cp === 0x309D || cp === 0x309E ||      // ゝゞ
      (cp >= 0x30A1 && cp <= 0x30FA) ||      // katakana (ヷ..ヺ survive folding)
      cp === 0x30FD || cp === 0x30FE ||      // ヽヾ
      (cp >= 0x31F0 && cp <= 0x31FF) ||      // small katakana extension
      (cp >= 0x3005 && cp <= 0x3007) ||      // 々 〆 〇
      cp === 0x303B ||                       // 〻
      (cp >= 0x3400 && cp <= 0x4DBF) ||      // CJK extension A
      (cp >= 0x4E00 && cp <= 0x9FFF) ||      // CJK unified ideographs
      (cp >= 0xF900 && cp <= 0xFAFF) ||      // CJK compatibility ideographs
      (cp >= 0x20000 && cp <= 0x3FFFF);      // CJK extensions B.. (planes 2, 3)
  }

  function isMark(cp) {
    return cp >= 0x80 && MARK.test(String.fromCodePoint(cp));
  }

  function isAlnum(cp) {
    if (cp < 0x80) {
      return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5A) ||
        (cp >= 0x61 && cp <= 0x7A);
    }
    return ALNUM.test(String.fromCodePoint(cp));
  }

  /**
   * Split text into search tokens: NFKC, lower case, katakana folded to
   * hiragana, Japanese runs as unigrams + bigrams (ー ignored inside them),
   * Latin/digit runs as whole words (first 64 characters), everything else
   * a separator. Same rules as src/search/tokenize.rs.
   */
  function tokenize(text) {
    var tokens = [];
    if (text === null || text === undefined) return tokens;
    text = String(text);
    if (text === '') return tokens;
    var s = text.normalize('NFKC').toLowerCase();
    var run = [];
    var word = '';
    var wordChars = 0;

    function flushWord() {
      if (word !== '') tokens.push(word);
      word = '';
      wordChars = 0;
    }
    function flushJapanese() {
      for (var k = 0; k < run.length; k++) {
        tokens.push(run[k]);
        if (k + 1 < run.length) tokens.push(run[k] + run[k + 1]);
      }
      run = [];
    }

    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i);
      i += cp > 0xFFFF ? 2 : 1;
      cp = foldKana(cp);
      if (cp === CHOON) {
        if (run.length === 0) flushWord();
        continue; // inside a Japanese run: skipped without ending it
      }
      if (isJapanese(cp)) {
        flushWord();
        run.push(String.fromCodePoint(cp));
      } else if (isMark(cp)) {
        // ignored: neither part of a token nor a separator
      } else if (isAlnum(cp)) {
        flushJapanese();
        if (wordChars < MAX_WORD_CHARS) {
          word += String.fromCodePoint(cp);
          wordChars++;
        }
      } else {
        flushWord();
        flushJapanese();
      }
    }
    flushWord();
    flushJapanese();
    return tokens;
  }

  /* ------------------------------------------------------------------ */
  /* Query evaluation over the packed elasticlunr index                  */
  /* ------------------------------------------------------------------ */

  var hasOwn = Object.prototype.hasOwnProperty;
  var PREFIX_FACTOR = 0.5;
  var keyCache = typeof WeakMap === 'function' ? new WeakMap() : null;

  /* Word (non-Japanese) keys of one field, for prefix matching; made on the
     first Latin/digit query only, never up front. */
  function wordKeys(fieldIndex) {
    var keys = keyCache && keyCache.get(fieldIndex);
    if (!keys) {
      keys = Object.keys(fieldIndex).filter(function (key) {
        return !isJapanese(key.codePointAt(0));
      });
      if (keyCache) keyCache.set(fieldIndex, keys);
    }
    return keys;
  }

  /* Postings are packed by src/search/mod.rs (pack): base-32 numbers whose
     last digit comes from the first half of DIGITS; the doc refs delta-encoded,
     and, after a leading '!', each followed by its count. */
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789ghijklmnopqrstuvwxyz-_';
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d;

  /* Decode into s.refs and s.counts; returns how many postings there are. */
  function unpack(packed, s) {
    var counted = packed.charCodeAt(0) === 33; // '!'
    var refs = s.refs, counts = s.counts;
    var m = 0, n = 0, ref = 0, second = false;
    for (var i = counted ? 1 : 0; i < packed.length; i++) {
      var c = packed.charCodeAt(i);
      var digit = c < 128 ? DIGIT[c] : -1;
      if (digit < 0) return 0; // not our format: treat as no match
      n = n * 32 + (digit & 31);
      if (digit >= 32) continue;
      if (second) {
        counts[m - 1] = n;
        second = false;
      } else {
        if (m >= refs.length) return 0;
        ref += n;
        refs[m] = ref;
        counts[m++] = 1;
        second = counted;
      }
      n = 0;
    }
    return m;
  }

  /* Scratch state of one field of one query term: the best score per doc
     and the docs touched (their number is returned). Docs that missed an
     earlier term of the query (s.matched[ref] < s.term) cannot be results
     and are skipped. */
  function scorePostings(fieldIndex, key, factor, n, lengthRoots, s, count) {
    if (!hasOwn.call(fieldIndex, key)) return count;
    var m = unpack(String(fieldIndex[key]), s);
    var idf = factor * (1 + Math.log(n / (m + 1)));
    var best = s.best, stamp = s.stamp, touched = s.touched, visit = s.visit;
    var refs = s.refs, counts = s.counts, matched = s.matched, term = s.term;
    for (var i = 0; i < m; i++) {
      var ref = refs[i];
      if (ref >= n) break;
      if (matched[ref] < term) continue;
      var c = counts[i];
      var score = (c === 1 ? idf : Math.sqrt(c) * idf) / lengthRoots[ref];
      if (stamp[ref] !== visit) {
        stamp[ref] = visit;
        best[ref] = score;
        touched[count++] = ref;
      } else if (score > best[ref]) {
        best[ref] = score;
      }
    }
    return count;
  }

  /* sqrt(field length) per doc (1 for an empty field), elasticlunr's length
     normalisation, for one field position; made once per field and query. */
  function fieldRoots(lengths, fieldPos, n) {
    var roots = new Float64Array(n);
    for (var ref = 0; ref < n; ref++) {
      var row = lengths ? lengths[ref] : undefined;
      var len = row ? row[fieldPos] : 0;
      roots[ref] = len > 0 ? Math.sqrt(len) : 1;
    }
    return roots;
  }

  /**
   * Search the index (default: the global ZAITAKU_SEARCH). Every query
   * token must occur in some field of a document (AND). Japanese tokens
   * match exactly (bigrams make that a substring match); Latin/digit tokens
   * also match indexed words they are a prefix of, at half weight. Scores
   * are elasticlunr's: sum over fields of
   *   boost * coord * sum over tokens of sqrt(count) * idf / sqrt(length).
   * Returns [{ref, score, url, title, kind, phases, snippet}], best first.
   *
   * Each page load runs this once cold (interpreted), so the per-posting
   * work is kept to typed-array reads and writes: no Map, no closures.
   */
  function search(query, data) {
    data = data || root.ZAITAKU_SEARCH;
    if (!data || data.format !== 2 || !data.index || !data.docs) return [];
    var seen = Object.create(null);
    var terms = tokenize(query).filter(function (t) {
      if (seen[t]) return false;
      seen[t] = true;
      return true;
    });
    if (terms.length === 0) return [];

    var fields = data.fields || Object.keys(data.index);
    var boosts = data.boosts || {};
    var docs = data.docs;
    var lengths = data.lengths;
    var n = docs.length;
    var nf = fields.length;
    var nt = terms.length;
    // Per field and doc: the summed scores and the number of terms matched.
    var sums = new Float64Array(nf * n);
    var hits = new Int32Array(nf * n);
    // Per doc: how many terms, in query order, it has matched so far.
    var matched = new Int32Array(n);
    var s = {
      best: new Float64Array(n), stamp: new Int32Array(n), touched: new Int32Array(n), visit: 0,
      refs: new Int32Array(n), counts: new Int32Array(n), matched: matched, term: 0
    };
    var roots = [];

    for (var ti = 0; ti < nt; ti++) {
      var term = terms[ti];
      var prefix = !isJapanese(term.codePointAt(0));
      s.term = ti;
      for (var fi = 0; fi < nf; fi++) {
        var fieldIndex = data.index[fields[fi]];
        if (!fieldIndex) continue;
        s.visit++;
        var lengthRoots = roots[fi] || (roots[fi] = fieldRoots(lengths, fi, n));
        var count = scorePostings(fieldIndex, term, 1, n, lengthRoots, s, 0);
        if (prefix) {
          var keys = wordKeys(fieldIndex);
          for (var k = 0; k < keys.length; k++) {
            var key = keys[k];
            if (key.length > term.length && key.lastIndexOf(term, 0) === 0) {
              count = scorePostings(fieldIndex, key, PREFIX_FACTOR, n, lengthRoots, s, count);
            }
          }
        }
        var base = fi * n;
        for (var j = 0; j < count; j++) {
          var ref = s.touched[j];
          var m = matched[ref];
          if (m === ti) matched[ref] = ti + 1; // first field to match this term
          else if (m !== ti + 1) continue;     // missed an earlier term
          sums[base + ref] += s.best[ref];
          hits[base + ref]++;
        }
      }
    }

    var weights = fields.map(function (f) {
      return typeof boosts[f] === 'number' ? boosts[f] : 1;
    });
    var results = [];
    for (var r = 0; r < n; r++) {
      if (matched[r] !== nt) continue;
      var doc = docs[r];
      if (!doc) continue;
      var total = 0;
      for (var f = 0; f < nf; f++) {
        var sum = sums[f * n + r];
        if (!sum) continue;
        total += weights[f] * sum * (hits[f * n + r] / nt);
      }
      results.push({
        ref: r,
        score: total,
        url: doc.url,
        title: doc.title,
        kind: doc.kind,
        phases: doc.phases,
        snippet: doc.snippet,
        availability: doc.availability || '',
        free: !!doc.free
      });
    }
    results.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
    return results;
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { tokenize: tokenize, search: search };
  }

  /* ------------------------------------------------------------------ */
  /* Page UI (browser only)                                              */
  /* ------------------------------------------------------------------ */

  if (typeof document === 'undefined' || typeof window === 'undefined') return;

  /* Urls in the index are relative to the region root, where search.html
     lives; refuse anything with a scheme (javascript: etc.). */
  function safeHref(url) {
    url = String(url || '');
    if (/^\s*[a-z][a-z0-9+.\-]*:/i.test(url) || /^\s*[\/\\]{2}/.test(url)) return '#';
    return url;
  }

  var PAGE = 50;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function init() {
    var input = document.getElementById('search-q');
    var list = document.getElementById('search-results');
    var empty = document.getElementById('search-empty');
    var status = document.getElementById('search-status');
    var more = document.getElementById('search-more');
    if (!input || !list || !root.ZAITAKU_SEARCH) return;

    var composing = false;
    var lastQuery = null;
    var urlTimer = null;

    var initial = '';
    try {
      initial = new URLSearchParams(window.location.search).get('q') || '';
    } catch (e) { /* very old browser: no URLSearchParams */ }
    if (initial) input.value = initial;

    /* Keep ?q= in the address bar (for reload, back and sharing), without
       adding history entries; debounced because browsers rate-limit it. */
    function updateUrl(query) {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        var wanted = query ? '?q=' + encodeURIComponent(query) : '';
        if (wanted === window.location.search) return;
        try {
          window.history.replaceState(window.history.state, '',
            window.location.pathname + wanted + window.location.hash);
        } catch (e) { /* file:// in some browsers, or rate limited */ }
      }, 400);
    }

    /* Results are shown PAGE at a time: building and laying out hundreds
       of them at once would make the first ones appear late. */
    var shown = [];
    var shownCount = 0;

    /* <li><div box><a title> kind phases snippet</div></li>: the box, not the
       <li>, skips layout while off screen (style.css), so the list keeps its
       numbers and markers. Returns the link. */
    function item(r) {
      var li = el('li', 'search-result');
      var box = el('div', 'search-result-box');
      var link = el('a', 'search-result-title', r.title);
      link.href = safeHref(r.url);
      box.appendChild(link);
      if (r.kind) box.appendChild(el('span', 'search-result-kind', r.kind));
      if (r.phases) box.appendChild(el('span', 'search-result-phases', r.phases));
      if (r.availability) box.appendChild(el('p', 'search-result-availability', r.availability));
      if (r.snippet) box.appendChild(el('p', 'search-result-snippet', r.snippet));
      li.appendChild(box);
      return li;
    }

    /* Append the next PAGE results; returns the first new link. */
    function showMore() {
      var end = Math.min(shown.length, shownCount + PAGE);
      var fragment = document.createDocumentFragment();
      var first = null;
      for (var i = shownCount; i < end; i++) {
        var li = item(shown[i]);
        if (!first) first = li.firstChild.firstChild;
        fragment.appendChild(li);
      }
      list.appendChild(fragment);
      shownCount = end;
      if (more) {
        var rest = shown.length - shownCount;
        more.hidden = rest <= 0;
        if (rest > 0) {
          var label = (more.getAttribute && more.getAttribute('data-label')) || 'もっと見る（残り{n}件）';
          more.textContent = label.replace('{n}', String(rest));
        }
      }
      return first;
    }

    function render(query, results) {
      list.textContent = '';
      shown = results;
      shownCount = 0;
      showMore();

      var blank = query.trim() === '';
      if (empty) empty.hidden = blank || results.length > 0;
      if (status) {
        if (blank) status.textContent = '';
        else if (results.length > 0) status.textContent = results.length + '件見つかりました';
        else status.textContent = empty ? (empty.getAttribute && empty.getAttribute('data-status')) || empty.textContent.trim() : '';
      }
      // Time from navigation start to the first answer in the DOM, read by
      // benches/search.rs; set once, after the results are in the page.
      var html = document.documentElement;
      if (!blank && html && html.setAttribute && !html.hasAttribute('data-search-ms') && window.performance) {
        html.setAttribute('data-search-ms', window.performance.now().toFixed(1));
      }
    }

    if (more) {
      more.addEventListener('click', function () {
        var first = showMore();
        // Keyboard and screen reader users continue at the first new result.
        if (first && first.focus) first.focus();
      });
    }

    /* The 空きあり filter (search.html has it when the region publishes vacancies):
       only results with fresh free places. */
    var freeOnly = document.getElementById('availability-filter');
    if (freeOnly) {
      var wrap = freeOnly.parentNode;
      while (wrap && wrap.className !== 'availability-filter') wrap = wrap.parentNode;
      if (wrap) wrap.hidden = false;
      if (/[?&]free=1(&|$)/.test(window.location.search)) freeOnly.checked = true;
      freeOnly.addEventListener('change', function () {
        lastQuery = null;
        run();
      });
    }

    function run() {
      var query = input.value;
      var key = (freeOnly && freeOnly.checked ? 'free:' : 'all:') + query;
      if (key === lastQuery) return;
      lastQuery = key;
      var results = query.trim() === '' ? [] : search(query);
      if (freeOnly && freeOnly.checked) results = results.filter(function (r) { return r.free; });
      render(query, results);
      updateUrl(query.trim());
    }

    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () {
      composing = false;
      run();
    });
    input.addEventListener('input', function (event) {
      if (composing || event.isComposing) return; // wait for compositionend
      run();
    });
    if (input.form) {
      input.form.addEventListener('submit', function (event) {
        event.preventDefault();
        composing = false;
        run();
      });
    }
    run();
  }

  /* search.html loads this file before search-index.js, whose last line calls
     ZAITAKU_SEARCH_LOADED: the first search then runs in the same task that
     made the index, instead of waiting for this file's turn behind the page's
     first layout. Either order works. */
  function start() {
    if (!root.ZAITAKU_SEARCH) {
      root.ZAITAKU_SEARCH_LOADED = start;
      return;
    }
    root.ZAITAKU_SEARCH_LOADED = null;
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', init);
    } else {
      init();
    }
  }
  start();
})();
