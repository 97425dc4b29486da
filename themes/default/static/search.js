/*
 * zaitaku site search. No dependencies, no network: the index is the global
 * ZAITAKU_SEARCH assigned by search-index.js, which the page loads with a
 * plain <script> before this file, so search works from file:// and from
 * any sub-folder.
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

  /* Word (non-Japanese) keys of one field, for prefix matching. */
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

  /* Add factor * tf * idf / sqrt(field length) for each doc of `key`. */
  function scorePostings(fieldIndex, key, factor, n, lengths, fieldPos, best) {
    if (!hasOwn.call(fieldIndex, key)) return;
    var packed = fieldIndex[key];
    var nested = Array.isArray(packed[0]);
    var deltas = nested ? packed[0] : packed;
    var counts = nested ? packed[1] : null;
    var idf = 1 + Math.log(n / (deltas.length + 1));
    var ref = 0;
    for (var i = 0; i < deltas.length; i++) {
      ref += deltas[i];
      var tf = counts ? Math.sqrt(counts[i]) : 1;
      var len = lengths && lengths[ref] ? lengths[ref][fieldPos] : 0;
      var score = factor * tf * idf / (len > 0 ? Math.sqrt(len) : 1);
      var previous = best.get(ref);
      if (previous === undefined || score > previous) best.set(ref, score);
    }
  }

  /**
   * Search the index (default: the global ZAITAKU_SEARCH). Every query
   * token must occur in some field of a document (AND). Japanese tokens
   * match exactly (bigrams make that a substring match); Latin/digit tokens
   * also match indexed words they are a prefix of, at half weight. Scores
   * are elasticlunr's: sum over fields of
   *   boost * coord * sum over tokens of sqrt(count) * idf / sqrt(length).
   * Returns [{ref, score, url, title, kind, phases, snippet}], best first.
   */
  function search(query, data) {
    data = data || root.ZAITAKU_SEARCH;
    if (!data || data.format !== 1 || !data.index || !data.docs) return [];
    var seen = Object.create(null);
    var terms = tokenize(query).filter(function (t) {
      if (seen[t]) return false;
      seen[t] = true;
      return true;
    });
    if (terms.length === 0) return [];

    var fields = data.fields || Object.keys(data.index);
    var boosts = data.boosts || {};
    var n = data.docs.length;
    var states = new Map();

    for (var ti = 0; ti < terms.length; ti++) {
      var term = terms[ti];
      var prefix = !isJapanese(term.codePointAt(0));
      for (var fi = 0; fi < fields.length; fi++) {
        var fieldIndex = data.index[fields[fi]];
        if (!fieldIndex) continue;
        var best = new Map();
        scorePostings(fieldIndex, term, 1, n, data.lengths, fi, best);
        if (prefix) {
          var keys = wordKeys(fieldIndex);
          for (var k = 0; k < keys.length; k++) {
            var key = keys[k];
            if (key.length > term.length && key.lastIndexOf(term, 0) === 0) {
              scorePostings(fieldIndex, key, PREFIX_FACTOR, n, data.lengths, fi, best);
            }
          }
        }
        best.forEach(function (score, ref) {
          var st = states.get(ref);
          if (!st) {
            if (ti !== 0) return; // missed an earlier token
            st = { matched: 0, last: -1, sums: [], hits: [] };
            states.set(ref, st);
          }
          if (st.last !== ti) {
            if (st.matched !== ti) return; // missed an earlier token
            st.last = ti;
            st.matched++;
          }
          st.sums[fi] = (st.sums[fi] || 0) + score;
          st.hits[fi] = (st.hits[fi] || 0) + 1;
        });
      }
    }

    var results = [];
    states.forEach(function (st, ref) {
      if (st.matched !== terms.length) return;
      var doc = data.docs[ref];
      if (!doc) return;
      var total = 0;
      for (var f = 0; f < fields.length; f++) {
        if (!st.sums[f]) continue;
        var boost = typeof boosts[fields[f]] === 'number' ? boosts[fields[f]] : 1;
        total += boost * st.sums[f] * (st.hits[f] / terms.length);
      }
      results.push({
        ref: ref,
        score: total,
        url: doc.url,
        title: doc.title,
        kind: doc.kind,
        phases: doc.phases,
        snippet: doc.snippet
      });
    });
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

    function render(query, results) {
      list.textContent = '';
      var fragment = document.createDocumentFragment();
      results.forEach(function (r) {
        var item = el('li', 'search-result');
        var link = el('a', 'search-result-title', r.title);
        link.href = safeHref(r.url);
        item.appendChild(link);
        if (r.kind) item.appendChild(el('span', 'search-result-kind', r.kind));
        if (r.phases) item.appendChild(el('span', 'search-result-phases', r.phases));
        if (r.snippet) item.appendChild(el('p', 'search-result-snippet', r.snippet));
        fragment.appendChild(item);
      });
      list.appendChild(fragment);

      var blank = query.trim() === '';
      if (empty) empty.hidden = blank || results.length > 0;
      if (status) {
        if (blank) status.textContent = '';
        else if (results.length > 0) status.textContent = results.length + '件見つかりました';
        else status.textContent = empty ? (empty.getAttribute && empty.getAttribute('data-status')) || empty.textContent.trim() : '';
      }
      // Time from navigation start to the first rendered answer, read by the benchmark.
      var root = document.documentElement;
      if (!blank && root && root.setAttribute && !root.hasAttribute('data-search-ms') && window.performance) {
        root.setAttribute('data-search-ms', window.performance.now().toFixed(1));
      }
    }

    function run() {
      var query = input.value;
      if (query === lastQuery) return;
      lastQuery = query;
      render(query, query.trim() === '' ? [] : search(query));
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

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
