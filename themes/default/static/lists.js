/*
 * zaitaku institution lists: narrowing and sorting by distance, over the plain
 * HTML list (which is complete without this file).
 *
 * - Narrowing by kind, municipality, phase, 24時間対応 and 空きあり (the checkbox
 *   of regions that publish vacancy figures) hides the cards that do not match, and
 *   the groups left empty; the state is in the URL (?kind=clinic&m=…&phase=acute
 *   &h24=1&free=1), so a link shows the same list, and back/reload keep it.
 * - 「近い順に並べる」 asks the browser for the position once, on the button press,
 *   and sorts the cards by straight-line distance, those without a location last.
 *   The position never leaves the page: nothing is sent, stored or put in the URL.
 *   Without permission (or on a plain-http page, where browsers refuse) the list
 *   stays as it is and the status line says why.
 *
 * Cards carry what is needed as data-*: data-kind, data-m, data-phases,
 * data-h24, data-lat, data-lon, data-free (themes/default/templates/macros.html;
 * availability.js, which runs first, takes data-free off a figure past its time).
 */
(function () {
  'use strict';

  var FILTERS = [
    { param: 'kind', id: 'filter-kind', has: function (card, v) { return card.getAttribute('data-kind') === v; } },
    { param: 'm', id: 'filter-m', has: function (card, v) { return card.getAttribute('data-m') === v; } },
    { param: 'phase', id: 'filter-phase', has: function (card, v) { return (' ' + (card.getAttribute('data-phases') || '') + ' ').indexOf(' ' + v + ' ') >= 0; } }
  ];

  /* Great-circle distance in km (haversine, mean Earth radius). */
  function distanceKm(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  /* 0.83 → "0.8", 12.4 → "12": one decimal below 10 km (and never "0.0"). */
  function formatKm(km) {
    return km < 10 ? Math.max(0.1, Math.round(km * 10) / 10).toFixed(1) : String(Math.round(km));
  }

  function init() {
    var tools = document.getElementById('list-tools');
    if (!tools) return;
    var main = document.getElementById('main');
    var cards = Array.prototype.slice.call(main.querySelectorAll('section.group .cards > li.card'));
    if (!cards.length) return;
    var words = function (name) { return tools.getAttribute('data-' + name) || ''; };
    var status = document.getElementById('list-status');
    var details = document.getElementById('list-filters');
    var form = details && details.querySelector('form');
    var nearButton = document.getElementById('near-sort');
    var selects = FILTERS.map(function (f) { return document.getElementById(f.id); });
    var h24 = document.getElementById('filter-h24');
    var free = document.getElementById('availability-filter');
    var freeCount = document.getElementById('availability-count');
    var groups = Array.prototype.slice.call(main.querySelectorAll('section.group'));
    var toc = main.querySelector('.toc');
    var near = null;   // the list sorted by distance: {section, list}, while shown
    var sorted = false;

    // Where each card came from, to put it back.
    var homes = cards.map(function (card) { return card.parentNode; });

    // State from the URL.
    var params = null;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) { /* no URLSearchParams: start unfiltered */ }
    FILTERS.forEach(function (f, i) {
      var v = params && params.get(f.param);
      if (selects[i] && v) {
        selects[i].value = v;
        if (selects[i].value !== v) selects[i].value = ''; // not an option here
      }
    });
    if (h24 && params && params.get('h24') === '1') h24.checked = true;
    if (free && params && params.get('free') === '1') free.checked = true;

    function matches(card, except) {
      for (var i = 0; i < FILTERS.length; i++) {
        if (i === except || !selects[i] || !selects[i].value) continue;
        if (!FILTERS[i].has(card, selects[i].value)) return false;
      }
      if (except !== 'h24' && h24 && h24.checked && card.getAttribute('data-h24') !== '1') return false;
      if (except !== 'free' && free && free.checked && !card.hasAttribute('data-free')) return false;
      return true;
    }

    function active() {
      return selects.some(function (s) { return s && s.value; }) || !!(h24 && h24.checked) || !!(free && free.checked);
    }

    /* Each option says how many cards it would leave, given the other filters. */
    function countOptions() {
      FILTERS.forEach(function (f, i) {
        var select = selects[i];
        if (!select) return;
        var others = cards.filter(function (card) { return matches(card, i); });
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.hasAttribute('data-label')) option.setAttribute('data-label', option.textContent);
          if (!option.value) return;
          var n = others.filter(function (card) { return f.has(card, option.value); }).length;
          option.textContent = option.getAttribute('data-label') + '（' + n + words('unit') + '）';
        });
      });
    }

    function updateUrl() {
      var parts = [];
      FILTERS.forEach(function (f, i) {
        if (selects[i] && selects[i].value) parts.push(f.param + '=' + encodeURIComponent(selects[i].value));
      });
      if (h24 && h24.checked) parts.push('h24=1');
      if (free && free.checked) parts.push('free=1');
      var wanted = parts.length ? '?' + parts.join('&') : '';
      if (wanted === window.location.search) return;
      try {
        window.history.replaceState(window.history.state, '', window.location.pathname + wanted + window.location.hash);
      } catch (e) { /* file:// in some browsers */ }
    }

    var announced = '';
    /* Shows what the filters leave; `message` (a sentence, or '') goes before the
       count in the status line; `quiet`: leave the status line alone. */
    function apply(message, quiet) {
      var shown = 0;
      cards.forEach(function (card) {
        var ok = matches(card, -1);
        card.hidden = !ok;
        if (ok) shown++;
      });
      // A group (or the near list) with nothing left is hidden, and so is its
      // entry in the contents, whose count follows.
      groups.concat(near ? [near.section] : []).forEach(function (section) {
        var visible = section.querySelectorAll('.cards > li.card:not([hidden])').length;
        section.hidden = visible === 0 || (sorted && section !== near.section);
        if (toc && section.id !== 'near') {
          var h = section.querySelector('h2');
          var link = h && toc.querySelector('a[href="#' + h.id + '"]');
          if (link) {
            link.textContent = link.getAttribute('data-heading') + '（' + visible + words('unit') + '）';
            link.parentNode.hidden = visible === 0;
          }
        }
      });
      if (toc) toc.hidden = sorted;
      countOptions();
      if (freeCount) freeCount.textContent = free && free.checked ? (freeCount.getAttribute('data-label') || '{n}').replace('{n}', String(shown)) : '';
      var text = active()
        ? words('some').replace('{n}', String(cards.length)).replace('{m}', String(shown))
        : words('all').replace('{n}', String(cards.length));
      if (message) text = message + ' ' + text;
      // Announce only what changed (aria-live reads every change).
      if (status && !quiet && text !== announced) {
        status.textContent = text;
        announced = text;
      }
    }

    /* ---- Sorting by distance ------------------------------------------------ */

    var located = cards.filter(function (card) { return card.hasAttribute('data-lat') && card.hasAttribute('data-lon'); });

    function nearList() {
      if (near) return near;
      var section = document.createElement('section');
      section.className = 'group near-group';
      section.id = 'near';
      section.setAttribute('aria-labelledby', 'near-h');
      var h = document.createElement('h2');
      h.id = 'near-h';
      h.textContent = words('heading');
      var list = document.createElement('ol');
      list.className = 'cards near-list';
      section.appendChild(h);
      section.appendChild(list);
      var first = groups[0];
      first.parentNode.insertBefore(section, toc && toc.parentNode === first.parentNode ? toc : first);
      near = { section: section, list: list };
      return near;
    }

    function distanceLine(card, text) {
      var p = card.querySelector('.card-distance');
      if (!p) {
        // Under the name and kind, where the eye looks first.
        p = document.createElement('p');
        p.className = 'card-distance';
        var meta = card.querySelector('.card-meta');
        card.insertBefore(p, meta ? meta.nextSibling : null);
      }
      p.textContent = text;
    }

    function sortBy(lat, lon) {
      var keyed = cards.map(function (card, index) {
        var clat = parseFloat(card.getAttribute('data-lat'));
        var clon = parseFloat(card.getAttribute('data-lon'));
        var km = isFinite(clat) && isFinite(clon) ? distanceKm(lat, lon, clat, clon) : Infinity;
        distanceLine(card, km === Infinity ? words('unknown') : words('distance').replace('{km}', formatKm(km)));
        return { card: card, km: km, index: index };
      });
      keyed.sort(function (a, b) { return a.km - b.km || a.index - b.index; });
      var n = nearList();
      keyed.forEach(function (k) { n.list.appendChild(k.card); });
      sorted = true;
      nearButton.textContent = words('restore');
      nearButton.setAttribute('aria-pressed', 'true');
      apply(words('done'));
    }

    function restore() {
      cards.forEach(function (card, i) { homes[i].appendChild(card); });
      if (near) {
        near.section.parentNode.removeChild(near.section);
        near = null;
      }
      sorted = false;
      nearButton.textContent = words('sort');
      nearButton.setAttribute('aria-pressed', 'false');
      apply(words('restored'));
    }

    function refuse(message) {
      apply(message);
    }

    if (nearButton && located.length) {
      nearButton.hidden = false;
      nearButton.setAttribute('aria-pressed', 'false');
      nearButton.addEventListener('click', function () {
        if (sorted) return restore();
        // Browsers give the position only to https pages (and localhost, file://).
        if (window.isSecureContext === false) return refuse(words('insecure'));
        if (!navigator.geolocation) return refuse(words('unsupported'));
        if (status) status.textContent = announced = words('working');
        navigator.geolocation.getCurrentPosition(function (position) {
          sortBy(position.coords.latitude, position.coords.longitude);
        }, function (error) {
          refuse(error && error.code === 1 ? words('denied') : words('unavailable'));
        }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 300000 });
      });
    } else if (nearButton && nearButton.parentNode) {
      // No card has a location: nothing to sort by, and nothing to promise.
      nearButton.parentNode.hidden = true;
    }

    /* ---- Narrowing ------------------------------------------------------------ */

    function changed() {
      apply('');
      updateUrl();
    }
    selects.forEach(function (s) { if (s) s.addEventListener('change', changed); });
    if (h24) h24.addEventListener('change', changed);
    if (free) {
      free.addEventListener('change', changed);
      // Its paragraph (outside the disclosure) is hidden until it works.
      for (var wrap = free.parentNode; wrap && wrap !== main; wrap = wrap.parentNode) {
        if (wrap.className === 'availability-filter') wrap.hidden = false;
      }
    }
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        changed();
      });
    }
    if (details && (selects.some(function (s) { return s && s.value; }) || (h24 && h24.checked))) details.open = true;

    tools.hidden = false;
    // Said aloud on load only when a link came with filters.
    apply('', !active());
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
