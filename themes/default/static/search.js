/*
 * zaitaku site search. No dependencies, no network: the index is the global
 * ZAITAKU_SEARCH assigned by search-index.js, which the page loads with a
 * plain <script> after this file (see start()), so search works from file://
 * and from any sub-folder.
 *
 * tokenize() (through scan()) MUST stay identical to src/search/tokenize.rs
 * (the rules are documented there); tests/search/tokenizer_vectors.json is
 * checked against both implementations.
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
   * The tokenizer's reading of text: NFKC, lower case, katakana folded to
   * hiragana; each Japanese run handed to onRun(characters, scripts) (ー
   * skipped inside it; scripts[i] is the script characters[i] was written in,
   * before folding: see scriptOf), each Latin/digit run to onWord(word) (its
   * first 64 characters); everything else separates them. Same rules as
   * src/search/tokenize.rs.
   */
  function scan(text, onRun, onWord) {
    if (text === null || text === undefined) return;
    text = String(text);
    if (text === '') return;
    var s = text.normalize('NFKC').toLowerCase();
    var run = [];
    var scripts = [];
    var word = '';
    var wordChars = 0;

    function flushWord() {
      if (word !== '') onWord(word);
      word = '';
      wordChars = 0;
    }
    function flushJapanese() {
      if (run.length) onRun(run, scripts);
      run = [];
      scripts = [];
    }

    for (var i = 0; i < s.length;) {
      var written = s.codePointAt(i);
      i += written > 0xFFFF ? 2 : 1;
      var cp = foldKana(written);
      if (cp === CHOON) {
        if (run.length === 0) flushWord();
        continue; // inside a Japanese run: skipped without ending it
      }
      if (isJapanese(cp)) {
        flushWord();
        run.push(String.fromCodePoint(cp));
        scripts.push(scriptOf(written));
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
  }

  /**
   * Split text into search tokens: Japanese runs as unigrams + bigrams
   * (c1, c1c2, c2, c2c3, …, cn), words whole. Same rules as
   * src/search/tokenize.rs.
   */
  function tokenize(text) {
    var tokens = [];
    scan(text, function (run) {
      for (var k = 0; k < run.length; k++) {
        tokens.push(run[k]);
        if (k + 1 < run.length) tokens.push(run[k] + run[k + 1]);
      }
    }, function (word) {
      tokens.push(word);
    });
    return tokens;
  }

  /* ------------------------------------------------------------------ */
  /* Queries: what a document must cover                                 */
  /* ------------------------------------------------------------------ */

  /* A query is read as people type it, without spaces: 「みどりクリニック」,
     「北谷の病院」, 「ほうもんかんご」. Its Japanese runs are cut into segments
     where the script changes (hiragana / katakana / kanji: みどり|くりにっく,
     北谷|の|病院) and around readings of the site's vocabulary (ほうもんかんご,
     the reading of 訪問看護). A segment is found when all its bigrams occur in one
     field of a document; the bigrams across a cut only add to the score, so a
     boundary or a particle never vetoes a match. A lone hiragana character
     between segments (の, を, okurigana) is not required at all. A segment that is
     a reading may also be found as its label (おうしん → 往診), a segment that ends
     the query as any label whose reading it begins (typing ほうもん… finds 訪問看護,
     訪問診療 …). Words (Latin, digits) are found whole or as a prefix.

     A document's coverage is the share of the query's segments (weighed by their
     length) it holds whole; it matches the whole query when it holds every one. Scores
     are elasticlunr's within a field (boost × coord × sum of tf-idf), so a name
     match outranks a service match, which outranks the body. */

  var HIRAGANA = 1, KATAKANA = 2, KANJI = 3;
  /* One-character particles, cut off the hiragana words they end or begin. */
  var PARTICLES = ['の', 'に', 'を', 'で', 'と', 'へ', 'が', 'は', 'や', 'も'];
  /* The closest results: at most this many, holding at least this share of
     the query (less is noise: ひだまり保健所 should not show every page with まり). */
  var CLOSEST_MAX = 20;
  var CLOSEST_MIN = 0.5;
  var LOOSE_MAX = 4;

  function scriptOf(cp) {
    if ((cp >= 0x3041 && cp <= 0x3096) || cp === 0x309D || cp === 0x309E) return HIRAGANA;
    if ((cp >= 0x30A1 && cp <= 0x30FA) || cp === 0x30FD || cp === 0x30FE || (cp >= 0x31F0 && cp <= 0x31FF)) return KATAKANA;
    return KANJI;
  }

  /* The units of a piece of text that must all be found for it: the bigrams of
     each Japanese run (a one-character run: its unigram) and each word. */
  function unitsOf(text) {
    var units = [];
    scan(text, function (run) {
      if (run.length === 1) units.push(run[0]);
      for (var k = 0; k + 1 < run.length; k++) units.push(run[k] + run[k + 1]);
    }, function (word) { units.push(word); });
    return units;
  }

  var readingCache = typeof WeakMap === 'function' ? new WeakMap() : null;

  /* data.vocab, [[reading, label], …], as {chars, labels} by reading, longest
     first; readings are folded as the tokenizer folds (ー dropped). */
  function readingsOf(data) {
    var vocab = data && data.vocab;
    if (!vocab || !vocab.length) return [];
    var cached = readingCache && readingCache.get(vocab);
    if (cached) return cached;
    var byKey = Object.create(null);
    var list = [];
    for (var i = 0; i < vocab.length; i++) {
      var entry = vocab[i];
      if (!entry || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
      var words = entry[0].split(' ');
      for (var w = 0; w < words.length; w++) {
        var chars = [];
        scan(words[w], function (run) { chars = chars.concat(run); }, function () {});
        if (chars.length < 3) continue;
        var key = chars.join('');
        var r = byKey[key];
        if (!r) {
          r = byKey[key] = { chars: chars, labels: [] };
          list.push(r);
        }
        if (r.labels.indexOf(entry[1]) < 0) r.labels.push(entry[1]);
      }
    }
    list.sort(function (a, b) { return b.chars.length - a.chars.length; });
    if (readingCache) readingCache.set(vocab, list);
    return list;
  }

  function startsAt(chars, i, word, whole) {
    var n = word.length;
    if (whole ? i + n > chars.length : i + n <= chars.length) return false;
    var m = whole ? n : chars.length - i;
    for (var k = 0; k < m; k++) if (chars[i + k] !== word[k]) return false;
    return true;
  }

  /* Cuts one Japanese run into segments: {start, end, labels?}. */
  function segment(chars, scripts, readings) {
    var segments = [];
    function plain(from, to) {
      for (var a = from; a < to;) {
        var b = a + 1;
        while (b < to && scripts[b] === scripts[a]) b++;
        segments.push({ start: a, end: b });
        a = b;
      }
    }
    var n = chars.length, start = 0, i = 0;
    while (i < n) {
      var found = null;
      for (var r = 0; r < readings.length && !found; r++) {
        if (startsAt(chars, i, readings[r].chars, true)) found = readings[r];
      }
      if (found) {
        plain(start, i);
        segments.push({ start: i, end: i + found.chars.length, labels: found.labels });
        i += found.chars.length;
        start = i;
      } else {
        i++;
      }
    }
    // The end of the run may be a reading being typed: ほうもん… begins several.
    for (var j = start; j + 3 <= n; j++) {
      var labels = [];
      for (var q = 0; q < readings.length; q++) {
        if (readings[q].chars.length > n - j && startsAt(chars, j, readings[q].chars, false)) {
          labels = labels.concat(readings[q].labels);
        }
      }
      if (labels.length) {
        plain(start, j);
        segments.push({ start: j, end: n, labels: labels });
        start = n;
        break;
      }
    }
    plain(start, n);
    // A particle between words (みどり|の|病院, 病院|の|ちかく) is a segment of its
    // own, which a lone hiragana character is not required to match.
    var out = [];
    for (var t = 0; t < segments.length; t++) {
      var seg = segments[t];
      var a = seg.start, b = seg.end;
      var afterWord = t > 0 && (segments[t - 1].labels || scripts[a - 1] !== HIRAGANA);
      if (!seg.labels && scripts[a] === HIRAGANA && b - a >= 2) {
        if (afterWord && PARTICLES.indexOf(chars[a]) >= 0) {
          out.push({ start: a, end: a + 1 });
          a++;
        }
        // …and one that ends okurigana (看取り|を), or の/を ending a word before
        // another (not と, に…: みなと|病院 is a name).
        var last = chars[b - 1];
        var ends = afterWord ? PARTICLES.indexOf(last) >= 0 : t + 1 < segments.length && b - a >= 3 && (last === 'の' || last === 'を');
        if (b - a >= 2 && ends) {
          out.push({ start: a, end: b - 1 });
          out.push({ start: b - 1, end: b });
          continue;
        }
      }
      out.push(a === seg.start ? seg : { start: a, end: b });
    }
    return out;
  }

  /* The query as groups of alternatives of units ({groups, units, extras,
     weight}); `loose`: every character on its own, for the closest results
     when no segment is found anywhere. */
  function analyze(query, data, loose) {
    var readings = loose ? [] : readingsOf(data);
    var units = [];
    var unitIndex = Object.create(null);
    function unit(key, word) {
      var u = unitIndex[key];
      if (u === undefined) {
        u = unitIndex[key] = units.length;
        units.push({ key: key, word: word });
      }
      return u;
    }
    function alternative(keys) {
      var list = [];
      for (var k = 0; k < keys.length; k++) {
        var u = unit(keys[k], !isJapanese(keys[k].codePointAt(0)));
        if (list.indexOf(u) < 0) list.push(u);
      }
      return list;
    }
    var groups = [];
    var extras = [];
    // What to mark in the results: the segments and labels, as characters, and words.
    var phrases = [];
    var words = [];
    function label(text) {
      scan(text, function (run) { phrases.push(run.slice()); }, function (word) { words.push(word); });
      return alternative(unitsOf(text));
    }
    scan(query, function (chars, scripts) {
      if (loose) {
        for (var c = 0; c < chars.length; c++) {
          if (scripts[c] !== HIRAGANA || chars.length === 1) {
            groups.push({ weight: 1, alts: [alternative([chars[c]])] });
            phrases.push([chars[c]]);
          }
        }
        return;
      }
      var segments = segment(chars, scripts, readings);
      for (var s = 0; s < segments.length; s++) {
        var seg = segments[s];
        var length = seg.end - seg.start;
        if (s > 0) extras.push(unit(chars[seg.start - 1] + chars[seg.start], false));
        if (length === 1 && segments.length > 1 && scripts[seg.start] === HIRAGANA && !seg.labels) continue;
        var keys = [];
        if (length === 1) keys.push(chars[seg.start]);
        for (var k = seg.start; k + 1 < seg.end; k++) keys.push(chars[k] + chars[k + 1]);
        var alts = [alternative(keys)];
        phrases.push(chars.slice(seg.start, seg.end));
        if (seg.labels) {
          for (var l = 0; l < seg.labels.length; l++) alts.push(label(seg.labels[l]));
        }
        groups.push({ weight: length, alts: alts });
      }
    }, function (word) {
      groups.push({ weight: Math.min(word.length, 4), alts: [alternative([word])] });
      words.push(word);
    });
    var weight = 0;
    for (var g = 0; g < groups.length; g++) weight += groups[g].weight;
    return { groups: groups, units: units, extras: extras, weight: weight, phrases: phrases, words: words };
  }

  /* ------------------------------------------------------------------ */
  /* Evaluation over the packed elasticlunr index                        */
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

  /* Scratch state of one field of one unit: the best score per doc and the
     docs touched (their number is returned). */
  function scorePostings(fieldIndex, key, factor, n, lengthRoots, s, count) {
    if (!hasOwn.call(fieldIndex, key)) return count;
    var m = unpack(String(fieldIndex[key]), s);
    var idf = factor * (1 + Math.log(n / (m + 1)));
    var best = s.best, stamp = s.stamp, touched = s.touched, visit = s.visit;
    var refs = s.refs, counts = s.counts;
    for (var i = 0; i < m; i++) {
      var ref = refs[i];
      if (ref >= n) break;
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

  /* Every doc that holds some unit of the plan: [{ref, coverage, full, score}]. */
  function evaluate(plan, data) {
    var fields = data.fields || Object.keys(data.index);
    var boosts = data.boosts || {};
    var n = data.docs.length;
    var nf = fields.length;
    var units = plan.units;
    var nu = units.length;
    // A slot is one alternative of one group; per doc, slot and field: how many
    // of the slot's units the field holds.
    var slotUnits = [];
    var unitSlots = units.map(function () { return []; });
    plan.groups.forEach(function (group) {
      group.slots = group.alts.map(function (alt) {
        var slot = slotUnits.length;
        slotUnits.push(alt.length);
        alt.forEach(function (u) { unitSlots[u].push(slot); });
        return slot;
      });
    });
    var ns = slotUnits.length;
    var held = new Uint8Array(n * ns * nf);
    var sums = new Float64Array(n * nf);
    var hits = new Int32Array(n * nf);
    var seen = new Uint8Array(n);
    var touchedDocs = [];
    var s = {
      best: new Float64Array(n), stamp: new Int32Array(n), touched: new Int32Array(n), visit: 0,
      refs: new Int32Array(n), counts: new Int32Array(n)
    };
    var roots = [];
    for (var u = 0; u < nu; u++) {
      var key = units[u].key;
      var slots = unitSlots[u];
      for (var fi = 0; fi < nf; fi++) {
        var fieldIndex = data.index[fields[fi]];
        if (!fieldIndex) continue;
        s.visit++;
        var lengthRoots = roots[fi] || (roots[fi] = fieldRoots(data.lengths, fi, n));
        var count = scorePostings(fieldIndex, key, 1, n, lengthRoots, s, 0);
        if (units[u].word) {
          var keys = wordKeys(fieldIndex);
          for (var k = 0; k < keys.length; k++) {
            if (keys[k].length > key.length && keys[k].lastIndexOf(key, 0) === 0) {
              count = scorePostings(fieldIndex, keys[k], PREFIX_FACTOR, n, lengthRoots, s, count);
            }
          }
        }
        for (var j = 0; j < count; j++) {
          var ref = s.touched[j];
          sums[ref * nf + fi] += s.best[ref];
          hits[ref * nf + fi]++;
          for (var q = 0; q < slots.length; q++) held[(ref * ns + slots[q]) * nf + fi]++;
          if (!seen[ref]) {
            seen[ref] = 1;
            touchedDocs.push(ref);
          }
        }
      }
    }

    var weights = fields.map(function (f) {
      return typeof boosts[f] === 'number' ? boosts[f] : 1;
    });
    var out = [];
    for (var t = 0; t < touchedDocs.length; t++) {
      var r = touchedDocs[t];
      var covered = 0;
      var full = true;
      for (var g = 0; g < plan.groups.length; g++) {
        var group = plan.groups[g];
        var best = 0;
        for (var a = 0; a < group.slots.length; a++) {
          var slot = group.slots[a];
          var base = (r * ns + slot) * nf;
          for (var f = 0; f < nf; f++) {
            var share = held[base + f] / slotUnits[slot];
            if (share > best) best = share;
          }
        }
        // A segment counts when it is all there: one bigram of a word is no evidence.
        if (best < 1) full = false;
        else covered += group.weight;
      }
      var score = 0;
      for (var f2 = 0; f2 < nf; f2++) {
        var sum = sums[r * nf + f2];
        if (sum) score += weights[f2] * sum * (hits[r * nf + f2] / nu);
      }
      out.push({ ref: r, coverage: plan.weight ? covered / plan.weight : 0, full: full && plan.groups.length > 0, score: score });
    }
    return out;
  }

  function result(data, hit) {
    var doc = data.docs[hit.ref];
    return {
      ref: hit.ref,
      score: hit.score,
      coverage: hit.coverage,
      url: doc.url,
      title: doc.title,
      kind: doc.kind,
      phases: doc.phases,
      snippet: doc.snippet,
      kind_id: doc.kind_id,
      phase_ids: doc.phase_ids,
      municipality: doc.municipality,
      phone: doc.phone,
      tel: doc.tel,
      availability: doc.availability || '',
      free: !!doc.free
    };
  }

  /* What to mark in titles and snippets: where a segment of the query, or a
     label it was read as, or a word, occurs whole (not the bigrams across a
     cut: みどりの|おうしん would mark の + お in 「方のお宅」; nor a bigram of a
     label: ほうもん… would mark 看護 alone). */
  function marksOf(plan) {
    return { phrases: plan.phrases || [], words: plan.words || [] };
  }

  /**
   * Search the index (default: the global ZAITAKU_SEARCH). Returns
   * {results, closest, marks}: the documents that hold every segment of the
   * query, best first; or, when none does, the CLOSEST_MAX that hold most of
   * it (closest: true), by coverage, then score. Each result is
   * {ref, score, coverage, url, title, kind, phases, snippet, kind_id,
   * phase_ids, municipality, phone, tel, availability, free}.
   *
   * Each page load runs this once cold (interpreted), so the per-posting
   * work is kept to typed-array reads and writes: no Map, no closures.
   */
  function query(text, data) {
    data = data || root.ZAITAKU_SEARCH;
    var none = { results: [], closest: false, marks: marksOf({}) };
    if (!data || data.format !== 2 || !data.index || !data.docs) return none;
    var plan = analyze(text, data, false);
    if (plan.groups.length === 0) return none;
    var hits = evaluate(plan, data);
    var full = hits.filter(function (h) { return h.full; });
    var closest = full.length === 0;
    if (closest && hits.length === 0 && plan.weight <= LOOSE_MAX) {
      // A short query of which not one bigram is anywhere (腰痛 where only 腰 is
      // written): by characters. A longer one found that way is noise.
      var loose = analyze(text, data, true);
      if (loose.groups.length) {
        plan = loose;
        hits = evaluate(loose, data);
      }
    }
    var chosen = closest ? hits.filter(function (h) { return h.coverage >= CLOSEST_MIN; }) : full;
    chosen.sort(function (a, b) {
      return (closest ? b.coverage - a.coverage : 0) || b.score - a.score || a.ref - b.ref;
    });
    if (closest) chosen = chosen.slice(0, CLOSEST_MAX);
    return {
      results: chosen.map(function (h) { return result(data, h); }),
      closest: closest && chosen.length > 0,
      marks: marksOf(plan)
    };
  }

  /* The results of query(), for callers that need only them. */
  function search(text, data) {
    return query(text, data).results;
  }

  /* A character of a word run: what scan() puts into words (kanji are
     alphabetic too, but scan() takes them as Japanese first). */
  function isWordChar(cp) {
    return !isJapanese(cp) && cp !== CHOON && isAlnum(cp);
  }

  /* What may stand between the characters of a phrase in text NFKC leaves as it is:
     ー, a stray voiced mark, a variation selector (葛󠄀). Spelt out rather than \p{M}:
     a Unicode property class costs milliseconds to compile in a fresh page. */
  var JOINER = '(?:[\\u30FC\\u3099\\u309A\\uFE00-\\uFE0F]|\\uDB40[\\uDD00-\\uDDEF])';

  /* Characters whose NFKC form may be part of a phrase or word: half-width katakana,
     full-width Latin and digits, voiced marks (か+゛ is が), combining marks, CJK
     compatibility and radical forms, squared, circled and enclosed forms (㌔, ①, ㈱),
     Roman numerals, super- and subscripts, ligatures. A text with one of them is
     marked character by character (markByCharacter); missing one here can only miss
     a mark, never make a wrong one. Ranges, not a Unicode property: those cost
     milliseconds to compile in a fresh page. */
  var NFKC_MATCHES = /[\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u0300-\u036F\u2070-\u209F\u2150-\u218F\u2460-\u24FF\u2E80-\u2FDF\u3099-\u309C\u3131-\u318E\u3192-\u319F\u31C0-\u31E3\u3200-\u33FF\uF900-\uFAFF\uFB00-\uFB06\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFF9F]|\uD87E/;

  /* One pattern for all the phrases of `marks`, over text as written but lower-cased
     (made once per query): each phrase with each hiragana also as its katakana (か also
     as ヵ, け as ヶ) and joiners between and after its characters. So a title or snippet
     is marked by one native search, with no folding: folding each text in JavaScript
     cost more than the search itself on a page's first (cold) run. Words are found
     apart (markWords), without a lookbehind, which Safari before 16.4 cannot compile. */
  function markPattern(marks) {
    if (marks.pattern === undefined) {
      var escape = function (c) { return c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'); };
      // Longest first: at one place the alternation takes the first that matches.
      var phrases = marks.phrases.slice().sort(function (a, b) { return b.length - a.length; });
      var parts = phrases.map(function (phrase) {
        return phrase.map(function (c) {
          var cp = c.codePointAt(0);
          if (cp >= 0x3041 && cp <= 0x3096 || cp === 0x309D || cp === 0x309E) {
            var kata = String.fromCharCode(cp + 0x60);
            if (c === 'か') kata += 'ヵ';
            if (c === 'け') kata += 'ヶ';
            return '[' + c + kata + ']';
          }
          return escape(c);
        }).join(JOINER + '*') + JOINER + '*';
      });
      marks.pattern = parts.length ? new RegExp(parts.join('|'), 'g') : null;
    }
    return marks.pattern;
  }

  /* `text` cut into [piece, marked] pairs: the places where a phrase of `marks`
     occurs, and the words that begin with one of its words. Characters are compared
     as the tokenizer sees them (NFKC, lower case, kana folded), so a marked piece is
     always a piece of the text as written. */
  function highlight(text, marks) {
    text = String(text || '');
    if (!text) return [];
    var re = markPattern(marks);
    if (!re && !marks.words.length) return [[text, false]];
    // Text without characters that NFKC makes into kana, kanji, letters or digits is
    // searched as it stands, lower-cased: what NFKC changes there (（）：, full-width
    // spaces, in almost every title and snippet) is never inside a match.
    var lower = NFKC_MATCHES.test(text) ? '' : text.toLowerCase();
    var ranges = [];
    if (lower.length === text.length) {
      if (re) {
        re.lastIndex = 0;
        for (var m; (m = re.exec(lower));) {
          if (m[0].length) ranges.push([m.index, m.index + m[0].length]);
          // From the next character, not the match's end: phrases may overlap
          // (訪問看 and 看護 in 訪問看護 are one mark).
          re.lastIndex = m.index + 1;
        }
      }
      if (marks.words.length && markWords(lower, marks.words, ranges)) {
        ranges.sort(function (a, b) { return a[0] - b[0]; });
      }
    } else {
      ranges = markByCharacter(text, marks);
    }
    if (!ranges.length) return [[text, false]];
    var pieces = [];
    var at = 0;
    for (var r = 0; r < ranges.length; r++) {
      var a = Math.max(ranges[r][0], at), b = ranges[r][1];
      // Touching ranges are one mark.
      while (r + 1 < ranges.length && ranges[r + 1][0] <= b) b = Math.max(b, ranges[++r][1]);
      if (b <= a) continue;
      if (a > at) pieces.push([text.slice(at, a), false]);
      pieces.push([text.slice(a, b), true]);
      at = b;
    }
    if (at < text.length) pieces.push([text.slice(at), false]);
    return pieces;
  }

  /* Adds to `ranges` each word of `lower` (text NFKC leaves as it is, lower-cased)
     that begins with one of `words`, whole (the tokenizer's words: no kanji or kana);
     says whether it added any. */
  function markWords(lower, words, ranges) {
    var added = false;
    for (var w = 0; w < words.length; w++) {
      var word = words[w];
      for (var at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
        if (at > 0 && isWordChar(lower.codePointAt(at - 1))) continue;
        var stop = at;
        while (stop < lower.length && isWordChar(lower.codePointAt(stop))) stop += lower.codePointAt(stop) > 0xFFFF ? 2 : 1;
        ranges.push([at, stop]);
        added = true;
      }
    }
    return added;
  }

  /* The same for text that NFKC changes (half-width katakana, full-width Latin, ㌔…):
     each character folded on its own, so that a mark still covers characters as
     written (slower; such titles are few). */
  function markByCharacter(text, marks) {
    var chars = Array.from(text);
    var keys = chars.map(function (c) {
      var k = c.normalize('NFKC').toLowerCase();
      var cp = k.codePointAt(0);
      return k.length === (cp > 0xFFFF ? 2 : 1) ? String.fromCodePoint(foldKana(cp)) : '';
    });
    var onChar = new Uint8Array(chars.length);
    var any = false;
    var i = 0;
    while (i < chars.length) {
      var key = keys[i];
      var cp = key ? key.codePointAt(0) : 0;
      if (key && isJapanese(cp)) {
        // A run of Japanese characters (ー and combining marks inside it skipped).
        var members = [];
        var runStart = i;
        while (i < chars.length) {
          var k2 = keys[i];
          var c2 = k2 ? k2.codePointAt(0) : 0;
          if (k2 && isJapanese(c2)) members.push(i);
          else if (!(c2 === CHOON || (k2 && isMark(c2)))) break;
          i++;
        }
        for (var ph = 0; ph < marks.phrases.length; ph++) {
          var phrase = marks.phrases[ph];
          for (var m = 0; m + phrase.length <= members.length; m++) {
            var k = 0;
            while (k < phrase.length && keys[members[m + k]] === phrase[k]) k++;
            if (k < phrase.length) continue;
            // The phrase, with the ー or marks between its characters.
            for (var x0 = members[m]; x0 <= members[m + phrase.length - 1]; x0++) onChar[x0] = 1;
            any = true;
          }
        }
        // A ー or mark after a marked character belongs to it (ケアマネジャー).
        for (var x1 = runStart + 1; x1 < i; x1++) {
          if (!onChar[x1] && onChar[x1 - 1] && members.indexOf(x1) < 0) onChar[x1] = 1;
        }
      } else if (key && isWordChar(cp)) {
        var from = i, word = '';
        while (i < chars.length && keys[i] && isWordChar(keys[i].codePointAt(0))) word += keys[i++];
        for (var w = 0; w < marks.words.length; w++) {
          if (word.lastIndexOf(marks.words[w], 0) === 0) {
            for (var x = from; x < i; x++) onChar[x] = 1;
            any = true;
            break;
          }
        }
      } else {
        i++;
      }
    }
    var ranges = [];
    if (!any) return ranges;
    // Per character → UTF-16 ranges of the text.
    for (var c = 0, u = 0; c < chars.length; u += chars[c].length, c++) {
      if (onChar[c]) ranges.push([u, u + chars[c].length]);
    }
    return ranges;
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { tokenize: tokenize, search: search, query: query, analyze: analyze, highlight: highlight };
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

  /* A tel: URI as the index gives it: tel: then digits (or %23 and digits). */
  function safeTel(uri) {
    uri = String(uri || '');
    return /^tel:(%23)?[0-9]+$/.test(uri) ? uri : '';
  }

  var PAGE = 50;
  /* The filters: URL parameter → what a result holds. The last is a checkbox
     outside the disclosure, 空きあり (search.html has it when the region publishes
     vacancy figures): only results with fresh free places. */
  var FILTERS = [
    {
      param: 'phase', id: 'filter-phase',
      has: function (r, v) { return (' ' + (r.phase_ids || '') + ' ').indexOf(' ' + v + ' ') >= 0; },
      keys: function (r) { return r.phase_ids ? r.phase_ids.split(' ') : []; }
    },
    { param: 'kind', id: 'filter-kind', has: function (r, v) { return r.kind_id === v; }, keys: function (r) { return [r.kind_id]; } },
    { param: 'm', id: 'filter-m', has: function (r, v) { return r.municipality === v; }, keys: function (r) { return r.municipality ? [r.municipality] : []; } },
    { param: 'free', id: 'availability-filter', check: true, has: function (r) { return r.free; }, keys: function () { return []; } }
  ];

  /* A filter's value: a select's, or '1' for a ticked checkbox. */
  function valueOf(control) {
    if (!control) return '';
    return control.type === 'checkbox' ? (control.checked ? '1' : '') : control.value;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Appends text to node with the pieces that match the query in <mark>. */
  function marked(node, text, marks) {
    var pieces = highlight(text, marks);
    for (var i = 0; i < pieces.length; i++) {
      if (pieces[i][1]) node.appendChild(el('mark', '', pieces[i][0]));
      else node.appendChild(document.createTextNode(pieces[i][0]));
    }
    return node;
  }

  function attr(node, name, fallback) {
    var value = node && node.getAttribute ? node.getAttribute(name) : null;
    return value === null || value === undefined ? fallback : value;
  }

  function init() {
    var input = document.getElementById('search-q');
    var list = document.getElementById('search-results');
    var empty = document.getElementById('search-empty');
    var status = document.getElementById('search-status');
    var more = document.getElementById('search-more');
    var filterBox = document.getElementById('search-filters');
    if (!input || !list || !root.ZAITAKU_SEARCH) return;
    var data = root.ZAITAKU_SEARCH;

    // The words come from the theme's catalogue, through the page.
    var words = {
      found: attr(list, 'data-found', '{n}件見つかりました'),
      shown: attr(list, 'data-shown', '{n}件見つかりました。絞り込んで{m}件を表示しています'),
      closest: attr(list, 'data-closest', 'すべてに当てはまるものはありませんでした。近いものを{n}件表示しています'),
      call: attr(list, 'data-call', 'に電話する'),
      phases: attr(list, 'data-phases', '対応する場面')
    };

    var composing = false;
    var lastQuery = null;
    var found = null;
    var urlTimer = null;

    var params = null;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) { /* very old browser: no URLSearchParams */ }
    var initial = params ? params.get('q') || '' : '';
    if (initial) input.value = initial;

    // Filters only when the index says what each result is.
    var first = data.docs && data.docs[0];
    var filtering = !!(filterBox && first && first.kind_id !== undefined);
    var selects = FILTERS.map(function (f) {
      var select = filtering || f.check ? document.getElementById(f.id) : null;
      if (!select) return null;
      if (f.check) {
        // Shown only where it works (its paragraph is hidden without this script).
        for (var wrap = select.parentNode; wrap && wrap !== document.body; wrap = wrap.parentNode) {
          if (wrap.className === 'availability-filter') wrap.hidden = false;
        }
        select.checked = !!params && params.get(f.param) === '1';
      } else if (params && params.get(f.param)) {
        select.value = params.get(f.param);
      }
      return select;
    });
    function anyFilter() {
      return selects.some(function (select) { return !!valueOf(select); });
    }
    // A link that came with filters opens them (the checkbox is outside them).
    if (filtering && FILTERS.some(function (f, i) { return !f.check && valueOf(selects[i]); })) filterBox.open = true;

    /* Keep ?q= (and the filters) in the address bar, for reload, back and
       sharing, without adding history entries; debounced because browsers
       rate-limit it. */
    function updateUrl() {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        var parts = [];
        var q = input.value.trim();
        if (q) parts.push('q=' + encodeURIComponent(q));
        FILTERS.forEach(function (f, i) {
          if (valueOf(selects[i])) parts.push(f.param + '=' + encodeURIComponent(valueOf(selects[i])));
        });
        var wanted = parts.length ? '?' + parts.join('&') : '';
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

    /* <li><div box><a title> kind phases phone snippet</div></li>: the box,
       not the <li>, skips layout while off screen (style.css), so the list
       keeps its numbers and markers. */
    function item(r, marks) {
      var li = el('li', 'search-result');
      var box = el('div', 'search-result-box');
      var link = marked(el('a', 'search-result-title'), r.title, marks);
      link.href = safeHref(r.url);
      box.appendChild(link);
      if (r.kind) {
        var meta = el('p', 'search-result-meta');
        meta.appendChild(el('span', 'search-result-kind', r.kind));
        if (r.municipality) meta.appendChild(el('span', 'search-result-place', r.municipality));
        box.appendChild(meta);
      }
      if (r.phases) {
        var phases = el('p', 'search-result-phases');
        phases.appendChild(el('span', 'visually-hidden', words.phases + '：'));
        var labels = String(r.phases).split(' ');
        var ids = String(r.phase_ids || '').split(' ');
        for (var i = 0; i < labels.length; i++) {
          var id = /^[a-z_]+$/.test(ids[i] || '') ? ids[i] : '';
          phases.appendChild(el('span', id ? 'chip chip-' + id : 'chip', labels[i]));
        }
        box.appendChild(phases);
      }
      // Fresh vacancy figures (availability.csv), as the institution's page shows them.
      if (r.availability) box.appendChild(el('p', 'search-result-availability', r.availability));
      var tel = safeTel(r.tel);
      if (tel && r.phone) {
        var call = el('a', 'tel');
        call.href = tel;
        var number = el('span', 'tel-number');
        String(r.phone).split('-').forEach(function (part, k) {
          if (k > 0) {
            number.appendChild(document.createTextNode('-'));
            number.appendChild(el('wbr'));
          }
          number.appendChild(document.createTextNode(part));
        });
        call.appendChild(number);
        call.appendChild(el('span', 'visually-hidden', '（' + r.title + words.call + '）'));
        var p = el('p', 'search-result-tel');
        p.appendChild(call);
        box.appendChild(p);
      }
      if (r.snippet) box.appendChild(marked(el('p', 'search-result-snippet'), r.snippet, marks));
      li.appendChild(box);
      return li;
    }

    /* Append the next PAGE results; returns the first new link. */
    function showMore() {
      var end = Math.min(shown.length, shownCount + PAGE);
      var fragment = document.createDocumentFragment();
      var firstLink = null;
      for (var i = shownCount; i < end; i++) {
        var li = item(shown[i], found.marks);
        if (!firstLink) firstLink = li.firstChild.firstChild;
        fragment.appendChild(li);
      }
      list.appendChild(fragment);
      shownCount = end;
      if (more) {
        var rest = shown.length - shownCount;
        more.hidden = rest <= 0;
        if (rest > 0) more.textContent = attr(more, 'data-label', 'もっと見る（残り{n}件）').replace('{n}', String(rest));
      }
      return firstLink;
    }

    /* Each filter's options say how many of the results (as the other filters
       leave them) they would show: one pass over the results. */
    function countOptions(results) {
      var counts = FILTERS.map(function () { return Object.create(null); });
      var values = selects.map(valueOf);
      var pass = [];
      for (var r = 0; r < results.length; r++) {
        for (var f0 = 0; f0 < FILTERS.length; f0++) pass[f0] = !values[f0] || FILTERS[f0].has(results[r], values[f0]);
        for (var i = 0; i < FILTERS.length; i++) {
          var others = true;
          for (var j = 0; j < FILTERS.length; j++) if (j !== i && !pass[j]) others = false;
          if (!others) continue;
          var keys = FILTERS[i].keys(results[r]);
          for (var k = 0; k < keys.length; k++) counts[i][keys[k]] = (counts[i][keys[k]] || 0) + 1;
        }
      }
      FILTERS.forEach(function (f, i) {
        var select = selects[i];
        if (!select || !select.options) return;
        for (var k = 0; k < select.options.length; k++) {
          var option = select.options[k];
          var label = attr(option, 'data-label', null);
          if (label === null) {
            label = option.textContent;
            option.setAttribute('data-label', label);
          }
          if (option.value) option.textContent = label + '（' + (counts[i][option.value] || 0) + '）';
        }
      });
    }

    function render(q) {
      var blank = q.trim() === '';
      var results = blank ? [] : found.results;
      var visible = results.filter(function (r) {
        return FILTERS.every(function (f, i) { return !valueOf(selects[i]) || f.has(r, valueOf(selects[i])); });
      });
      list.textContent = '';
      shown = visible;
      shownCount = 0;
      showMore();
      if (filtering) {
        // The counts are for someone who opens the filters: not on the way to the
        // first results.
        if (filterBox.open) countOptions(results);
        filterBox.hidden = results.length === 0 && !anyFilter();
      }

      if (empty) empty.hidden = blank || results.length > 0;
      if (status) {
        var text = '';
        if (blank) text = '';
        else if (results.length === 0) text = empty ? attr(empty, 'data-status', empty.textContent.trim()) : '';
        else if (found.closest) text = words.closest.replace('{n}', String(visible.length));
        else if (visible.length !== results.length) text = words.shown.replace('{n}', String(results.length)).replace('{m}', String(visible.length));
        else text = words.found.replace('{n}', String(results.length));
        status.textContent = text;
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
        var firstLink = showMore();
        // Keyboard and screen reader users continue at the first new result.
        if (firstLink && firstLink.focus) firstLink.focus();
      });
    }

    function run() {
      var q = input.value;
      if (q === lastQuery) return;
      lastQuery = q;
      found = q.trim() === '' ? { results: [], closest: false, marks: null } : query(q, data);
      render(q);
      updateUrl();
    }

    if (filtering) {
      filterBox.addEventListener('toggle', function () {
        if (filterBox.open && found) countOptions(found.results);
      });
    }
    selects.forEach(function (select) {
      if (!select) return;
      select.addEventListener('change', function () {
        if (found) render(input.value);
        updateUrl();
      });
    });
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
