/* Vacancy figures (空き情報) on the pages that show them, after the page was built.
 *
 * 1. A figure is shown until its data-until time (its time + the site's
 *    availability_fresh_hours). A page read later than that, because nobody rebuilt
 *    the site, must not show it as a fact: its text becomes data-stale
 *    (「最新の空き状況はお問い合わせください」), and its card no longer counts as free.
 *    On the vacancy page, such a card moves to the group its other figures say
 *    (free, ask, none, else unknown), and each group's count follows.
 * 2. The 空きあり filter of the lists (#availability-filter): shows only the cards
 *    with data-free, hides the sections left empty, and says how many are shown;
 *    `?free=1` in the address turns it on.
 *
 * Without JavaScript the figures stay as built (each with its time) and the filter
 * stays hidden; the vacancy page lists free places first anyway. */
(function () {
  'use strict';

  function expire(now) {
    var lines = document.querySelectorAll('[data-until]');
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var until = Date.parse(line.getAttribute('data-until'));
      if (isNaN(until) || now <= until) continue;
      var text = line.querySelector('.availability-text');
      if (text) text.textContent = line.getAttribute('data-stale') || '';
      line.className = 'availability-line availability-unknown';
      line.removeAttribute('data-until');
      var card = line.parentNode;
      while (card && !(card.hasAttribute && card.hasAttribute('data-free'))) card = card.parentNode;
      if (!card) continue;
      var service = line.getAttribute('data-service');
      var left = card.getAttribute('data-free').split(' ').filter(function (s) { return s && s !== service; });
      if (left.length) card.setAttribute('data-free', left.join(' '));
      else card.removeAttribute('data-free');
    }
  }

  var ORDER = ['free', 'ask', 'none', 'unknown'];

  // The vacancy page: each card in the group of the best status its lines still say.
  function regroup() {
    var groups = {};
    var sections = document.querySelectorAll('section[data-group]');
    if (!sections.length) return;
    for (var i = 0; i < sections.length; i++) groups[sections[i].getAttribute('data-group')] = sections[i];
    var cards = document.querySelectorAll('section[data-group] .cards > li');
    for (var j = 0; j < cards.length; j++) {
      var best = 'unknown';
      var lines = cards[j].querySelectorAll('.availability-line');
      for (var k = 0; k < lines.length; k++) {
        var status = (lines[k].className.match(/availability-(free|ask|none|unknown)/) || [])[1] || 'unknown';
        if (ORDER.indexOf(status) < ORDER.indexOf(best)) best = status;
      }
      var target = groups[best] && groups[best].querySelector('.cards');
      if (target && cards[j].parentNode !== target) target.appendChild(cards[j]);
    }
    for (var g in groups) {
      var n = groups[g].querySelectorAll('.cards > li').length;
      var count = groups[g].querySelector('.group-count');
      if (count) count.textContent = String(n);
      groups[g].hidden = n === 0;
    }
  }

  function filter() {
    var box = document.getElementById('availability-filter');
    // The search page's filter is search.js's, the lists' is lists.js's (with the others).
    if (!box || document.getElementById('search-results') || document.getElementById('list-tools')) return;
    var wrap = box.parentNode;
    while (wrap && wrap.className !== 'availability-filter') wrap = wrap.parentNode;
    var count = document.getElementById('availability-count');
    var main = document.getElementById('main') || document.body;
    function apply() {
      var only = box.checked;
      var shown = 0;
      var cards = main.querySelectorAll('.cards > li');
      for (var i = 0; i < cards.length; i++) {
        var free = cards[i].hasAttribute('data-free');
        cards[i].hidden = only && !free;
        if (free) shown++;
      }
      var sections = main.querySelectorAll('section');
      for (var j = 0; j < sections.length; j++) {
        var list = sections[j].querySelector('.cards');
        if (!list) continue;
        sections[j].hidden = only && !list.querySelector('li[data-free]');
      }
      if (count) count.textContent = only ? (count.getAttribute('data-label') || '{n}').replace('{n}', String(shown)) : '';
    }
    box.addEventListener('change', apply);
    if (wrap) wrap.hidden = false;
    // ?free=1 opens the list filtered (a link can ask for it).
    if (/[?&]free=1(&|$)/.test(window.location.search)) box.checked = true;
    apply();
  }

  function start() {
    expire(Date.now());
    regroup();
    filter();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
