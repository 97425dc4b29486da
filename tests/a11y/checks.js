/*
 * Design checks that axe-core does not make, run inside the page (injected by
 * browser.mjs with addScriptTag). Every function returns a list of problems,
 * each { check, what, detail }; an empty list means the check passed. The
 * thresholds are the theme's promises (docs/ACCESSIBILITY.md), some stricter
 * than WCAG AA because our readers are elderly.
 */
(function () {
  'use strict';

  var MIN_BASE_PX = 16;        // base font size (the theme uses 18 px)
  var MIN_TEXT_PX = 14;        // no visible text smaller than this
  var MIN_LINE_HEIGHT = 1.5;   // body text (WCAG 1.4.8, AAA)
  var MIN_CONTRAST = 7;        // all visible text (WCAG 1.4.6, AAA)
  var MIN_UI_CONTRAST = 3;     // focus indicators (WCAG 1.4.11 / 2.4.13)
  var MIN_TARGET = 44;         // CSS px (WCAG 2.5.5, AAA)
  var GENERIC_LINK_TEXTS = [
    'こちら', 'ここ', 'こちらから', 'こちらをクリック', 'ここをクリック', 'クリック',
    '詳しくはこちら', 'くわしくはこちら', '詳細はこちら', '詳細', 'もっと見る', '続きを読む',
    'リンク', 'click here', 'here', 'more', 'read more', 'link', 'this'
  ];

  /* ---------------------------------------------------------------- */
  /* Helpers                                                           */
  /* ---------------------------------------------------------------- */

  function describe(el) {
    if (!el || el.nodeType !== 1) return String(el);
    var parts = [];
    for (var e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      var s = e.localName;
      if (e.id) { parts.unshift(s + '#' + e.id); break; }
      if (e.classList.length) s += '.' + Array.prototype.join.call(e.classList, '.');
      parts.unshift(s);
    }
    var text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 30);
    return parts.join(' > ') + (text ? ' 「' + text + '」' : '');
  }

  function parseColor(s) {
    var m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(s || '');
    if (!m) {
      if (s === 'transparent') return [0, 0, 0, 0];
      return null;
    }
    var a = m[4] === undefined ? 1 : (m[4].slice(-1) === '%' ? parseFloat(m[4]) / 100 : parseFloat(m[4]));
    return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), a];
  }

  /* Source-over compositing of `top` on an opaque `bottom`. */
  function over(top, bottom) {
    var a = top[3];
    return [
      top[0] * a + bottom[0] * (1 - a),
      top[1] * a + bottom[1] * (1 - a),
      top[2] * a + bottom[2] * (1 - a),
      1
    ];
  }

  function luminance(c) {
    var v = [c[0], c[1], c[2]].map(function (x) {
      x /= 255;
      return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function hex(c) {
    return '#' + [c[0], c[1], c[2]].map(function (x) {
      return ('0' + Math.round(x).toString(16)).slice(-2);
    }).join('');
  }

  /* The opaque colour behind an element: its own and its ancestors'
     backgrounds composited over the white canvas. `image` is set when a
     background image makes the answer unknowable. */
  function background(el) {
    var layers = [];
    var image = false;
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') image = true;
      var c = parseColor(cs.backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    var bg = [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return { color: bg, image: image };
  }

  function opacity(el) {
    var o = 1;
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      o *= parseFloat(getComputedStyle(e).opacity);
    }
    return o;
  }

  /* Rendered and not merely there for screen readers (.visually-hidden is
     a 1×1 clipped box). */
  function rendered(el) {
    // Inside a closed <details> (content-visibility in the browser's own shadow tree).
    if (el.checkVisibility && !el.checkVisibility()) return false;
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse') return false;
      if (cs.clipPath && cs.clipPath !== 'none' && cs.clipPath.indexOf('inset(50%') === 0) return false;
      if (e.hidden) return false;
    }
    var r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  }

  /* Elements that directly hold visible text (one entry per element). */
  function textElements(root) {
    var seen = new Set();
    var out = [];
    var walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.nodeValue.trim()) continue;
      var el = n.parentElement;
      if (!el || seen.has(el)) continue;
      seen.add(el);
      if (/^(script|style|noscript|template|title)$/.test(el.localName)) continue;
      if (!rendered(el)) continue;
      out.push(el);
    }
    return out;
  }

  function focusables() {
    return Array.prototype.filter.call(
      document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'),
      function (el) { return !el.disabled && rendered(el); }
    );
  }

  /* The accessible name of a link, near enough for text checks: aria-label,
     else the text (including visually hidden text and CSS ::before/::after
     content) and image alts. */
  function linkName(a) {
    if (a.getAttribute('aria-label')) return a.getAttribute('aria-label').trim();
    var before = getComputedStyle(a, '::before').content;
    var after = getComputedStyle(a, '::after').content;
    var text = '';
    (function walk(node) {
      node.childNodes.forEach(function (c) {
        if (c.nodeType === 3) text += c.nodeValue;
        else if (c.nodeType === 1) {
          if (c.getAttribute('aria-hidden') === 'true') return;
          if (c.localName === 'img') text += c.getAttribute('alt') || '';
          else walk(c);
        }
      });
    })(a);
    // Generated content counts, unless given empty alternative text: content: "☎" / "".
    function gen(c) {
      if (!c || c === 'none' || c === 'normal') return '';
      var alt = /\/\s*"([^"]*)"\s*$/.exec(c);
      return alt ? alt[1] : c.replace(/^"|"$/g, '');
    }
    return (gen(before) + text + gen(after)).replace(/\s+/g, ' ').trim();
  }

  function px(v) { return parseFloat(v) || 0; }

  /* ---------------------------------------------------------------- */
  /* Checks                                                            */
  /* ---------------------------------------------------------------- */

  var checks = {};

  /* Base font ≥ 16 px; no visible text below 14 px; line height ≥ 1.5 in
     running text (headings may be tighter). */
  checks.typography = function () {
    var problems = [];
    var base = px(getComputedStyle(document.documentElement).fontSize);
    var body = px(getComputedStyle(document.body).fontSize);
    if (base < MIN_BASE_PX) problems.push({ check: 'base-font', what: 'html', detail: base + 'px < ' + MIN_BASE_PX + 'px' });
    if (body < MIN_BASE_PX) problems.push({ check: 'base-font', what: 'body', detail: body + 'px < ' + MIN_BASE_PX + 'px' });
    textElements().forEach(function (el) {
      var cs = getComputedStyle(el);
      var size = px(cs.fontSize);
      if (size < MIN_TEXT_PX) problems.push({ check: 'small-text', what: describe(el), detail: size + 'px < ' + MIN_TEXT_PX + 'px' });
      if (el.closest('h1, h2, h3, h4, h5, h6, button, input, select, textarea')) return;
      // Line height of the block the text flows in: an inline element (a link,
      // <strong>, <sup>) cannot make its lines tighter than the block's.
      var block = el;
      while (block.parentElement && getComputedStyle(block).display === 'inline') block = block.parentElement;
      var bcs = getComputedStyle(block);
      var lh = bcs.lineHeight === 'normal' ? 1.2 : px(bcs.lineHeight) / px(bcs.fontSize);
      if (lh < MIN_LINE_HEIGHT - 0.01) {
        problems.push({ check: 'line-height', what: describe(block), detail: 'line-height ' + lh.toFixed(2) + ' < ' + MIN_LINE_HEIGHT });
      }
    });
    return dedupe(problems);
  };

  /* Every visible text at ≥ 7:1 against what is behind it; the input
     placeholder too. Visited-link colour is read from the custom
     properties, since getComputedStyle never reveals :visited. */
  checks.contrast = function () {
    var problems = [];
    var measured = 0;
    var lowest = Infinity;
    function test(el, colorString, label) {
      var fg = parseColor(colorString);
      var bg = background(el);
      if (!fg) { problems.push({ check: 'contrast', what: label, detail: 'unparsed colour ' + colorString }); return; }
      if (bg.image) { problems.push({ check: 'contrast', what: label, detail: 'text over a background image: cannot be measured' }); return; }
      var o = opacity(el);
      fg = over([fg[0], fg[1], fg[2], fg[3] * o], bg.color);
      var r = contrast(fg, bg.color);
      measured++;
      lowest = Math.min(lowest, r);
      if (r < MIN_CONTRAST) {
        problems.push({ check: 'contrast', what: label, detail: hex(fg) + ' on ' + hex(bg.color) + ' = ' + r.toFixed(2) + ':1 < ' + MIN_CONTRAST + ':1' });
      }
    }
    textElements().forEach(function (el) { test(el, getComputedStyle(el).color, describe(el)); });
    Array.prototype.forEach.call(document.querySelectorAll('input[placeholder]'), function (el) {
      if (rendered(el)) test(el, getComputedStyle(el, '::placeholder').color, describe(el) + '::placeholder');
    });
    var root = getComputedStyle(document.documentElement);
    var visited = root.getPropertyValue('--link-visited').trim();
    if (visited) {
      var probe = document.createElement('span');
      probe.style.color = visited;
      document.body.appendChild(probe);
      test(document.body, getComputedStyle(probe).color, 'a:visited (--link-visited)');
      probe.remove();
    }
    return { problems: dedupe(problems), measured: measured, lowest: lowest };
  };

  /* Targets ≥ 44×44 CSS px: phone links, the phase links, chips, buttons,
     inputs, and every link that stands alone in its paragraph, list item or
     table cell. Links inside running text (article bodies, notes) are the
     inline exception of WCAG 2.5.5/2.5.8. */
  checks.targets = function () {
    var problems = [];
    var strict = 'a[href^="tel:"], nav.phase-nav a, .phase-link, a.chip, .region-link, button, input:not([type=hidden]), .search-result-title';
    var candidates = new Set(document.querySelectorAll(strict));
    Array.prototype.forEach.call(document.querySelectorAll('a[href]'), function (a) {
      if (a.closest('.article-body, .note, .description')) return;
      var parent = a.parentElement;
      if (!parent || !/^(p|li|td|th|dd|h[1-6])$/.test(parent.localName)) return;
      var others = Array.prototype.some.call(parent.childNodes, function (c) {
        if (c === a) return false;
        if (c.nodeType === 3) return /[^\s・、（）()|｜]/.test(c.nodeValue);
        if (c.nodeType === 1 && c.localName === 'a') return false;
        return c.nodeType === 1 && rendered(c) && !c.classList.contains('summary') && !c.classList.contains('badge');
      });
      if (!others) candidates.add(a);
    });
    var count = 0;
    candidates.forEach(function (el) {
      if (!rendered(el) || el.classList.contains('skip-link')) return;
      count++;
      var r = el.getBoundingClientRect();
      if (r.width < MIN_TARGET - 0.5 || r.height < MIN_TARGET - 0.5) {
        problems.push({ check: 'target-size', what: describe(el), detail: r.width.toFixed(1) + '×' + r.height.toFixed(1) + ' < ' + MIN_TARGET + '×' + MIN_TARGET });
      }
    });
    return { problems: problems, measured: count };
  };

  /* One h1, first; no skipped levels going down. */
  checks.headings = function () {
    var problems = [];
    var hs = Array.prototype.filter.call(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), function (h) {
      return !h.closest('[hidden], [aria-hidden="true"]') && getComputedStyle(h).display !== 'none';
    });
    var h1s = hs.filter(function (h) { return h.localName === 'h1'; });
    if (h1s.length !== 1) problems.push({ check: 'headings', what: 'h1', detail: h1s.length + ' h1 elements (want exactly 1)' });
    if (hs.length && hs[0].localName !== 'h1') problems.push({ check: 'headings', what: describe(hs[0]), detail: 'the first heading is not h1' });
    var prev = 0;
    hs.forEach(function (h) {
      var level = +h.localName.slice(1);
      if (prev && level > prev + 1) problems.push({ check: 'headings', what: describe(h), detail: 'h' + prev + ' → h' + level + ' skips a level' });
      if (!h.textContent.trim()) problems.push({ check: 'headings', what: describe(h), detail: 'empty heading' });
      prev = level;
    });
    return { problems: problems, outline: hs.map(function (h) { return h.localName; }).join(' ') };
  };

  /* Every table has header cells; a header row's cells say scope=col. */
  checks.tables = function () {
    var problems = [];
    var tables = document.querySelectorAll('table');
    Array.prototype.forEach.call(tables, function (t) {
      if (!t.querySelector('th')) problems.push({ check: 'tables', what: describe(t), detail: 'table without th' });
      var first = t.rows[0];
      if (first && first.cells.length > 1 && Array.prototype.every.call(first.cells, function (c) { return c.localName === 'th'; })) {
        Array.prototype.forEach.call(first.cells, function (c) {
          if (c.getAttribute('scope') !== 'col' && !t.tHead) {
            problems.push({ check: 'tables', what: describe(c), detail: 'header row cell without scope=col outside thead' });
          }
        });
      }
    });
    return { problems: problems, count: tables.length };
  };

  /* Link text says where it goes: not generic, not empty, and the same text
     does not lead to two different places (WCAG 2.4.4, 2.4.9). */
  checks.linkText = function () {
    var problems = [];
    var byName = new Map();
    var links = document.querySelectorAll('a[href]');
    Array.prototype.forEach.call(links, function (a) {
      var name = linkName(a);
      var bare = name.replace(/[\s。、！!？?「」（）()☎]/g, '').toLowerCase();
      if (!bare) problems.push({ check: 'link-text', what: describe(a), detail: 'link without text' });
      if (GENERIC_LINK_TEXTS.indexOf(bare) >= 0 || GENERIC_LINK_TEXTS.indexOf(name.toLowerCase()) >= 0) {
        problems.push({ check: 'link-text', what: describe(a), detail: 'generic link text 「' + name + '」' });
      }
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name).add(a.href);
    });
    byName.forEach(function (targets, name) {
      if (targets.size > 1) {
        problems.push({ check: 'link-text', what: '「' + name + '」', detail: 'same link text, ' + targets.size + ' destinations: ' + Array.from(targets).map(function (t) { return t.replace(/^.*\//, ''); }).join(', ') });
      }
    });
    return { problems: problems, count: links.length };
  };

  /* Landmarks, and the four phases as navigation on every region page. */
  checks.structure = function (kind) {
    var problems = [];
    function one(sel, what) {
      var n = document.querySelectorAll(sel).length;
      if (n !== 1) problems.push({ check: 'landmarks', what: what, detail: n + ' found (want 1)' });
    }
    one('main#main', 'main#main');
    one('body > header, [role=banner]', 'banner (body > header)');
    one('body > footer, [role=contentinfo]', 'contentinfo (body > footer)');
    if (!document.documentElement.lang) problems.push({ check: 'landmarks', what: 'html', detail: 'no lang' });
    // Nothing visible outside the landmarks except the skip link.
    Array.prototype.forEach.call(document.body.children, function (c) {
      if (/^(header|nav|main|footer|script|noscript)$/.test(c.localName) || c.classList.contains('skip-link')) return;
      if (rendered(c)) problems.push({ check: 'landmarks', what: describe(c), detail: 'content outside every landmark' });
    });
    var navs = document.querySelectorAll('nav');
    Array.prototype.forEach.call(navs, function (n) {
      if (navs.length > 1 && !n.getAttribute('aria-label') && !n.getAttribute('aria-labelledby')) {
        problems.push({ check: 'landmarks', what: describe(n), detail: 'one of several nav elements without a name' });
      }
    });
    if (kind !== 'portal') {
      var nav = document.querySelector('nav.phase-nav');
      if (!nav) {
        problems.push({ check: 'phase-nav', what: 'nav.phase-nav', detail: 'missing' });
      } else {
        var hrefs = Array.prototype.map.call(nav.querySelectorAll('a[href]'), function (a) { return a.getAttribute('href').replace(/^.*\//, ''); });
        var want = ['discharge.html', 'daily.html', 'acute.html', 'end-of-life.html'];
        if (hrefs.join() !== want.join()) problems.push({ check: 'phase-nav', what: 'nav.phase-nav', detail: 'links ' + hrefs.join() + ' (want ' + want.join() + ')' });
        if (!nav.getAttribute('aria-label') && !nav.getAttribute('aria-labelledby')) problems.push({ check: 'phase-nav', what: 'nav.phase-nav', detail: 'no accessible name' });
        var main = document.getElementById('main');
        if (main && nav.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_PRECEDING) problems.push({ check: 'phase-nav', what: 'nav.phase-nav', detail: 'comes after main' });
        var here = location.pathname.replace(/^.*\/phases\//, '');
        Array.prototype.forEach.call(nav.querySelectorAll('a'), function (a) {
          var current = /\/phases\//.test(location.pathname) && a.getAttribute('href').replace(/^.*\//, '') === here;
          if (current !== (a.getAttribute('aria-current') === 'page')) problems.push({ check: 'phase-nav', what: describe(a), detail: current ? 'current phase lacks aria-current=page' : 'aria-current on another page' });
        });
      }
      Array.prototype.forEach.call(document.querySelectorAll('.phase-link'), function (a) {
        if (!a.closest('nav')) problems.push({ check: 'phase-nav', what: describe(a), detail: 'phase link outside nav' });
      });
    }
    return problems;
  };

  /* Emergency numbers first and large on the region top page. */
  checks.emergencyFirst = function () {
    var problems = [];
    var main = document.getElementById('main');
    if (!main) return [{ check: 'emergency-first', what: 'main#main', detail: 'missing' }];
    var section = main.querySelector('section');
    if (!section || !section.classList.contains('emergency')) problems.push({ check: 'emergency-first', what: describe(section), detail: 'the first section of main is not .emergency' });
    var tel = document.querySelector('.emergency .number-tel a[href^="tel:"]');
    if (!tel) return problems.concat({ check: 'emergency-first', what: '.emergency', detail: 'no phone link' });
    var size = px(getComputedStyle(tel).fontSize);
    if (size < 24) problems.push({ check: 'emergency-first', what: describe(tel), detail: 'emergency number at ' + size + 'px (want ≥ 24px)' });
    var firstTel = document.querySelector('a[href^="tel:"]');
    if (firstTel !== tel) problems.push({ check: 'emergency-first', what: describe(firstTel), detail: 'another phone link comes before the emergency numbers' });
    return problems;
  };

  /* The first emergency number is whole on the first screen (run at 375×667):
     someone in a hurry on a phone must not have to scroll for it. */
  checks.emergencyOnFirstScreen = function () {
    window.scrollTo(0, 0);
    var tel = document.querySelector('a[href^="tel:"]');
    if (!tel) return [{ check: 'emergency-on-first-screen', what: 'a[href^="tel:"]', detail: 'no phone link' }];
    var bottom = tel.getBoundingClientRect().bottom;
    if (bottom > window.innerHeight) {
      return [{ check: 'emergency-on-first-screen', what: describe(tel), detail: 'ends ' + Math.round(bottom) + 'px down, below the first ' + window.innerHeight + 'px' }];
    }
    return [];
  };

  /* Content that no longer fits: a horizontally scrolling page, text cut
     off by an overflow:hidden/clip box, text beyond the viewport.
     Scrolling data tables are allowed (WCAG 1.4.10 exception). */
  checks.reflow = function (label) {
    var problems = [];
    var de = document.documentElement;
    if (de.scrollWidth > de.clientWidth + 1) {
      var widest = null, w = 0;
      Array.prototype.forEach.call(document.body.querySelectorAll('*'), function (el) {
        var r = el.getBoundingClientRect();
        if (r.right > w && rendered(el) && !el.closest('table')) { w = r.right; widest = el; }
      });
      problems.push({ check: 'reflow', what: label, detail: 'page scrolls sideways: ' + de.scrollWidth + 'px > ' + de.clientWidth + 'px (widest: ' + describe(widest) + ')' });
    }
    Array.prototype.forEach.call(document.body.querySelectorAll('*'), function (el) {
      if (!rendered(el) || el.closest('table')) return;
      var cs = getComputedStyle(el);
      var clipsX = /hidden|clip|auto|scroll/.test(cs.overflowX);
      var clipsY = /hidden|clip|auto|scroll/.test(cs.overflowY);
      if (clipsX && el.scrollWidth > el.clientWidth + 1) problems.push({ check: 'reflow', what: label + ' ' + describe(el), detail: 'content clipped horizontally (' + el.scrollWidth + ' > ' + el.clientWidth + ')' });
      if (clipsY && el.scrollHeight > el.clientHeight + 1) problems.push({ check: 'reflow', what: label + ' ' + describe(el), detail: 'content clipped vertically (' + el.scrollHeight + ' > ' + el.clientHeight + ')' });
      if (cs.textOverflow === 'ellipsis') problems.push({ check: 'reflow', what: label + ' ' + describe(el), detail: 'text-overflow: ellipsis' });
    });
    // Tables may not scroll the page either, and no column may be squeezed to
    // a character or two (a name written one letter per line).
    Array.prototype.forEach.call(document.querySelectorAll('table'), function (t) {
      if (!rendered(t)) return;
      var box = t.parentElement.getBoundingClientRect();
      var r = t.getBoundingClientRect();
      if (r.right > Math.min(box.right, de.clientWidth) + 1) problems.push({ check: 'reflow', what: label + ' ' + describe(t), detail: 'table wider than its column (' + Math.round(r.width) + 'px)' });
      Array.prototype.forEach.call(t.querySelectorAll('th, td'), function (c) {
        var cs = getComputedStyle(c);
        var inner = c.clientWidth - px(cs.paddingLeft) - px(cs.paddingRight);
        if (c.textContent.trim().length > 2 && inner < 2.5 * px(cs.fontSize)) problems.push({ check: 'reflow', what: label + ' ' + describe(c), detail: 'table cell squeezed to ' + Math.round(inner) + 'px' });
      });
    });
    textElements().forEach(function (el) {
      if (el.closest('table')) return;
      el.childNodes.forEach(function (n) {
        if (n.nodeType !== 3 || !n.nodeValue.trim()) return;
        var range = document.createRange();
        range.selectNodeContents(n);
        var r = range.getBoundingClientRect();
        if (r.right > de.clientWidth + 1 || r.left < -1) problems.push({ check: 'reflow', what: label + ' ' + describe(el), detail: 'text outside the viewport (' + Math.round(r.left) + '…' + Math.round(r.right) + ' of ' + de.clientWidth + ')' });
      });
    });
    return dedupe(problems);
  };

  /* Scale every font as a reader's 200% text setting would. */
  checks.scaleText = function (factor) {
    var de = document.documentElement;
    var base = px(getComputedStyle(de).fontSize);
    de.style.fontSize = (base * factor) + 'px';
    return base * factor;
  };

  /* WCAG 1.4.12 text spacing overrides. */
  checks.textSpacing = function () {
    var s = document.createElement('style');
    s.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
    document.head.appendChild(s);
  };

  /* Under prefers-reduced-motion: reduce, nothing moves. */
  checks.motion = function () {
    var problems = [];
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) problems.push({ check: 'reduced-motion', what: 'page', detail: 'media query not emulated' });
    Array.prototype.forEach.call(document.querySelectorAll('*'), function (el) {
      [null, '::before', '::after'].forEach(function (pseudo) {
        var cs = getComputedStyle(el, pseudo);
        var dur = function (v) { return v.split(',').some(function (d) { return parseFloat(d) > 0; }); };
        if (cs.animationName !== 'none' && dur(cs.animationDuration)) problems.push({ check: 'reduced-motion', what: describe(el) + (pseudo || ''), detail: 'animation ' + cs.animationName });
        if (dur(cs.transitionDuration) && cs.transitionProperty !== 'none') problems.push({ check: 'reduced-motion', what: describe(el) + (pseudo || ''), detail: 'transition ' + cs.transitionProperty + ' ' + cs.transitionDuration });
      });
    });
    if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') problems.push({ check: 'reduced-motion', what: 'html', detail: 'smooth scrolling' });
    var running = document.getAnimations ? document.getAnimations().length : 0;
    if (running) problems.push({ check: 'reduced-motion', what: 'document', detail: running + ' running animations' });
    return problems;
  };

  /* Under print media: navigation and forms gone, black text, still ≥ 16 px
     (12 pt), phone numbers printed. */
  checks.print = function (kind) {
    var problems = [];
    if (!matchMedia('print').matches) return [{ check: 'print', what: 'page', detail: 'print media not emulated' }];
    ['.skip-link', 'nav.phase-nav', 'form[role=search]', 'nav.views'].forEach(function (sel) {
      Array.prototype.forEach.call(document.querySelectorAll(sel), function (el) {
        if (rendered(el) && !el.classList.contains('search-page-form')) problems.push({ check: 'print', what: describe(el), detail: 'printed (should be hidden on paper)' });
      });
    });
    var size = px(getComputedStyle(document.body).fontSize);
    if (size < 16) problems.push({ check: 'print', what: 'body', detail: 'printed at ' + size + 'px' });
    textElements(document.getElementById('main') || document.body).forEach(function (el) {
      var fg = parseColor(getComputedStyle(el).color);
      var bg = background(el).color;
      if (fg && contrast(fg, bg) < MIN_CONTRAST) problems.push({ check: 'print', what: describe(el), detail: 'printed at ' + contrast(fg, bg).toFixed(2) + ':1' });
    });
    Array.prototype.forEach.call(document.querySelectorAll('main .tel-number'), function (el) {
      // A card the reader narrowed away is hidden on screen too.
      if (el.closest('[hidden]')) return;
      if (!rendered(el)) problems.push({ check: 'print', what: describe(el), detail: 'phone number not printed' });
    });
    return dedupe(problems);
  };

  /* Focus bookkeeping for the keyboard walk: styles before any focus. */
  var FOCUS_PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow', 'backgroundColor', 'color', 'borderTopColor', 'borderTopWidth', 'textDecorationLine', 'textDecorationThickness'];
  var unfocused = new Map();
  checks.recordUnfocused = function () {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    focusables().forEach(function (el) {
      var cs = getComputedStyle(el);
      var s = {};
      FOCUS_PROPS.forEach(function (p) { s[p] = cs[p]; });
      unfocused.set(el, s);
    });
    return unfocused.size;
  };

  /* The element that has focus now: visible, not covered, and with an
     indicator ≥ 2 px thick that changed on focus and contrasts ≥ 3:1 with
     what is behind it. Returns { id, problems }. */
  checks.focused = function () {
    var el = document.activeElement;
    if (!el || el === document.body) return { id: null, problems: [] };
    var problems = [];
    var what = describe(el);
    var cs = getComputedStyle(el);
    var before = unfocused.get(el);
    var r = el.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    if (r.bottom <= 0 || r.top >= vh || r.right <= 0 || r.left >= vw) problems.push({ check: 'focus-visible', what: what, detail: 'focused element outside the viewport' });
    else {
      var x = Math.min(Math.max(r.left + Math.min(r.width / 2, 10), 0), vw - 1);
      var y = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
      var hit = document.elementFromPoint(x, y);
      if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) problems.push({ check: 'focus-obscured', what: what, detail: 'covered by ' + describe(hit) });
    }
    var outline = cs.outlineStyle !== 'none' && px(cs.outlineWidth) >= 2;
    var shadow = cs.boxShadow && cs.boxShadow !== 'none';
    var changed = !before || FOCUS_PROPS.some(function (p) { return before[p] !== cs[p]; });
    if (!outline && !shadow) problems.push({ check: 'focus-visible', what: what, detail: 'no outline ≥ 2px and no box-shadow when focused' });
    else if (!changed) problems.push({ check: 'focus-visible', what: what, detail: 'focus does not change the look' });
    else {
      var behind = background(el.parentElement || el).color;
      var colours = [];
      if (outline) colours.push(parseColor(cs.outlineColor));
      if (shadow) (cs.boxShadow.match(/rgba?\([^)]*\)/g) || []).forEach(function (c) { colours.push(parseColor(c)); });
      var best = 0;
      colours.forEach(function (c) { if (c) best = Math.max(best, contrast(over(c, behind), behind)); });
      if (best < MIN_UI_CONTRAST) problems.push({ check: 'focus-visible', what: what, detail: 'indicator contrast ' + best.toFixed(2) + ':1 < 3:1 against ' + hex(behind) });
    }
    if (!el.__a11yId) el.__a11yId = Math.random().toString(36).slice(2);
    return { id: el.__a11yId, tag: el.localName, cls: el.className, href: el.getAttribute('href'), problems: problems };
  };

  checks.focusableCount = function () { return focusables().length; };

  function dedupe(problems) {
    var seen = new Set();
    return problems.filter(function (p) {
      var k = p.check + '|' + p.what + '|' + p.detail;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  window.__a11y = checks;
})();
