/* Hover and focus cards for marked mentions (no external scripts, no framework).
   A card opens after a short delay on hover, at once on keyboard focus, and on
   tap on touch screens; Escape, moving away or tapping elsewhere closes it.
   Card data come from assets/briefing/entities.json, fetched on first use. */
(function () {
  "use strict";

  var HOVER_DELAY = 300;
  var HIDE_DELAY = 200;
  var cards = null;
  var loading = null;
  var card = null;
  var current = null;
  var showTimer = 0;
  var hideTimer = 0;
  var lastPointer = "mouse";

  // The site's root URL, from Material's page configuration (cite.js uses it too). Read once, on
  // the page first loaded: with instant navigation the configuration stays that page's, whose
  // relative base would be wrong from the next page on.
  var root = (function () {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  })();
  function siteBase() { return new URL(root.href); }
  window.briefingSiteBase = siteBase;

  // The site's data files (entities.json, addresses.json): in the offline copy a script has set
  // them (assets/briefing/offline-data.js), as a browser fetches no file from file://; the web site
  // fetches them. cite.js reads the addresses through it too.
  function siteData(key) {
    var offline = window.briefingOfflineData;
    if (offline && offline[key]) return Promise.resolve(offline[key]);
    return fetch(new URL("assets/briefing/" + key + ".json", siteBase()))
      .then(function (response) { return response.ok ? response.json() : {}; });
  }
  window.briefingSiteData = siteData;

  function load() {
    if (!loading) {
      loading = siteData("entities")
        .catch(function () { return {}; })
        .then(function (data) { cards = data; });
    }
    return loading;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ensureCard() {
    if (card && document.body.contains(card)) return card;
    card = element("div", "entity-card");
    card.id = "entity-card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", function () { hide(HIDE_DELAY); });
    // Inside the main landmark, so assistive technology finds it with the text it explains.
    (document.querySelector("main") || document.body).appendChild(card);
    return card;
  }

  function fill(mention) {
    var data = cards && cards[mention.getAttribute("data-entity")];
    if (!data) return false;
    var box = ensureCard();
    box.textContent = "";
    var title = element("div", "entity-card__title");
    title.appendChild(element("span", "entity-card__name", data.name));
    title.appendChild(element("span", "entity-card__type", data.type));
    box.appendChild(title);
    box.appendChild(element("p", "entity-card__summary", data.summary));
    var link = element("a", "entity-card__link", "Open the glossary page");
    link.href = new URL(data.url, siteBase()).href;
    box.appendChild(link);
    return true;
  }

  function place(mention) {
    var rect = mention.getBoundingClientRect();
    var origin = (card.offsetParent || document.body).getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(rect.left, width - card.offsetWidth - 8));
    card.style.left = left - origin.left + "px";
    // Below the name, or above it when the screen has no room for the card below and has above.
    var below = rect.bottom + 6 + card.offsetHeight <= document.documentElement.clientHeight;
    var above = rect.top - 6 - card.offsetHeight >= 0;
    var top = below || !above ? rect.bottom + 6 : rect.top - 6 - card.offsetHeight;
    card.style.top = top - origin.top + "px";
  }

  function show(mention, delay) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(function () {
      load().then(function () {
        if (!fill(mention)) return;
        if (current && current !== mention) current.removeAttribute("aria-describedby");
        current = mention;
        card.hidden = false;
        place(mention);
        mention.setAttribute("aria-describedby", card.id);
      });
    }, delay);
  }

  function hide(delay) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (card) card.hidden = true;
      if (current) current.removeAttribute("aria-describedby");
      current = null;
    }, delay);
  }

  function mentionOf(target) {
    return target && target.closest ? target.closest(".md-typeset .entity") : null;
  }

  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);

  document.addEventListener("mouseover", function (event) {
    if (lastPointer !== "mouse") return;
    var mention = mentionOf(event.target);
    if (mention && mention !== current) show(mention, HOVER_DELAY);
    else if (mention) clearTimeout(hideTimer);
  });

  document.addEventListener("mouseout", function (event) {
    if (lastPointer !== "mouse" || !mentionOf(event.target)) return;
    var to = event.relatedTarget;
    if (to && (mentionOf(to) === mentionOf(event.target) || (card && card.contains(to)))) return;
    hide(HIDE_DELAY);
  });

  document.addEventListener("focusin", function (event) {
    var mention = mentionOf(event.target);
    if (mention) show(mention, 0);
  });

  document.addEventListener("focusout", function (event) {
    if (mentionOf(event.target) && !mentionOf(event.relatedTarget)) hide(HIDE_DELAY);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      hide(0);
    } else if (event.key === "Enter" && event.target.matches && event.target.matches(".entity[tabindex]")) {
      var data = cards && cards[event.target.getAttribute("data-entity")];
      if (data) location.href = new URL(data.url, siteBase()).href;
    }
  });

  // On a touch screen the first tap on a mention shows its card; a tap on the card's
  // link (or a second tap on a linked mention) follows it; a tap elsewhere closes it. Heard before
  // the page's body, where Material's instant navigation follows links without asking whether a
  // click was already handled: the first tap stops there.
  document.addEventListener("click", function (event) {
    if (lastPointer === "mouse") return;
    var mention = mentionOf(event.target);
    if (mention && mention !== current) {
      event.preventDefault();
      event.stopPropagation();
      show(mention, 0);
    } else if (!mention && current && !(card && card.contains(event.target))) {
      hide(0);
    }
  }, true);

  // Search: Material's search matches every typed word as a prefix, so "Iran" can rank
  // "Iranophobia" above "Iran". When the query is exactly a glossary entry's name or
  // alias, move that entry's result to the top of the list.
  function promoteExactMatch(list) {
    var input = document.querySelector(".md-search__input");
    var query = input ? input.value.trim() : "";
    if (!query || !cards) return;
    var wanted = null;
    var folded = query.toLowerCase();
    Object.keys(cards).forEach(function (id) {
      cards[id].terms.forEach(function (term) {
        if (term === query || (!wanted && term.toLowerCase() === folded)) wanted = cards[id].url;
      });
    });
    if (!wanted) return;
    var path = new URL(wanted, siteBase()).pathname;
    var items = list.querySelectorAll(":scope > .md-search-result__item");
    for (var i = 1; i < items.length; i++) {
      var link = items[i].querySelector("a");
      if (link && new URL(link.href).pathname === path) {
        list.insertBefore(items[i], items[0]);
        return;
      }
    }
  }

  function watchSearch() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!list || !input) return;
    input.addEventListener("focus", load);
    new MutationObserver(function () { promoteExactMatch(list); }).observe(list, { childList: true });
  }
  watchSearch();

  // The page loads this script once it is painted: a mention that took the keyboard's focus before
  // shows its card now, and so does one the pointer already rests on (its mouseover came before
  // this listener, and no other comes while the pointer stays).
  var focused = mentionOf(document.activeElement);
  var hovered = mentionOf(document.querySelector(".md-typeset .entity:hover"));
  if (focused) show(focused, 0);
  else if (hovered) show(hovered, HOVER_DELAY);

  // Material's instant navigation replaces the page body; start from a closed card.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { current = null; if (card) card.hidden = true; });
  }
})();
