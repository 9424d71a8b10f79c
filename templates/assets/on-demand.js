/* Two files Material's bundle asks for as every page loads grow with the briefing, and a reader who
   only reads needs neither: the search index (search/search_index.json, about 5 MB for 1,000
   articles) and the sitemap (sitemap.xml, one entry per page), which instant navigation reads to know
   which links it may load itself. Each request is held back until the reader shows they need it, then
   sent as Material made it:
     the index    when the search box gets focus or the pointer, or the page was opened with ?q=;
     the sitemap  when a link gets the pointer, focus or a touch. A click that comes before the sitemap
                  has arrived opens its page the ordinary way.
   Loaded before Material's bundle (templates/theme/main.html), as the bundle asks at once. */
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  function onDemand(pattern) {
    return { pattern: pattern, held: [], released: false };
  }
  var index = onDemand(/\/search\/search_index\.json$/);
  var sitemap = onDemand(/\/sitemap\.xml$/);
  var kinds = [index, sitemap];

  function kindOf(url) {
    var path;
    try { path = new URL(url, location.href).pathname; } catch (e) { return null; }
    for (var i = 0; i < kinds.length; i++) if (kinds[i].pattern.test(path)) return kinds[i];
    return null;
  }

  function release(kind) {
    if (kind.released) return;
    kind.released = true;
    kind.held.forEach(function (request) { send.apply(request[0], request[1]); });
    kind.held = [];
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.briefingOnDemand = kindOf(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var kind = this.briefingOnDemand;
    if (kind && !kind.released) {
      kind.held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function near(event, selector) {
    var target = event.target;
    return Boolean(target && target.closest && target.closest(selector));
  }
  var SEARCH = ".md-search, label[for='__search']";
  var LINK = "a[href]";
  ["focusin", "pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (type !== "touchstart" && near(event, SEARCH)) release(index);
      if (near(event, LINK)) release(sitemap);
    }, { capture: true, passive: true });
  });
  document.addEventListener("change", function (event) { if (event.target && event.target.id === "__search") release(index); }, true);
  if (/[?&]q=/.test(location.search)) release(index);
})();
