/* Material's search downloads its whole index (search/search_index.json, about 5 MB for 1,000
   articles) as every page loads. A reader who never searches should not pay for it: the request is
   held back until the reader turns to search (the search box gets focus or the pointer, or the
   page was opened with a query), then sent as Material made it.
   Loaded before Material's bundle (templates/theme/main.html), as the bundle asks at once. */
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  function isIndex(url) {
    try { return /\/search\/search_index\.json$/.test(new URL(url, location.href).pathname); } catch (e) { return false; }
  }

  function release() {
    if (released) return;
    released = true;
    held.forEach(function (request) { send.apply(request[0], request[1]); });
    held = [];
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.briefingIndex = isIndex(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.briefingIndex && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function nearSearch(event) {
    var target = event.target;
    return target && target.closest && target.closest(".md-search, label[for='__search']");
  }
  document.addEventListener("focusin", function (event) { if (nearSearch(event)) release(); }, true);
  document.addEventListener("pointerover", function (event) { if (nearSearch(event)) release(); }, true);
  document.addEventListener("change", function (event) { if (event.target && event.target.id === "__search") release(); }, true);
  if (/[?&]q=/.test(location.search)) release();
})();
