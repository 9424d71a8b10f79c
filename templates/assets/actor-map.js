/* An article's compact actor map and its table are not part of its page: they are a third of
   its weight, below the text, and most readers come for the text. The page holds a stand-in of
   the same size (build_tools/actor_map.py, ActorMap.stand_in) naming the document whose body
   replaces it, assets/briefing/maps/<slug>.html, fetched when the reader nears it (about a screen away),
   before the page is printed, or at once where the browser cannot tell. The offline copy has the
   map in its pages already (build_tools/offline.py), as a browser fetches no file from file://. */
(function () {
  "use strict";

  var SELECTOR = "[data-actor-map]";

  function load(frame) {
    var source = frame.getAttribute("data-actor-map");
    if (!source || frame.briefingMapLoading) return Promise.resolve();
    frame.briefingMapLoading = true;
    return fetch(new URL(source, window.briefingSiteBase()))  // from briefing.js, loaded first
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fetched = new DOMParser().parseFromString(html, "text/html");
        frame.replaceChildren.apply(frame, Array.from(fetched.body.childNodes));
        frame.removeAttribute("data-actor-map");
      })
      .catch(function () { frame.briefingMapLoading = false; });  // the stand-in stays; a later approach tries again
  }

  var observer = "IntersectionObserver" in window
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          load(entry.target).then(function () {
            if (!entry.target.hasAttribute("data-actor-map")) observer.unobserve(entry.target);
          });
        });
      }, { rootMargin: "0px 0px 100% 0px" })
    : null;

  function start() {
    document.querySelectorAll(SELECTOR).forEach(function (frame) {
      if (observer) observer.observe(frame);
      else load(frame);
    });
  }

  // On a narrow screen the map scrolls sideways, and Chromium brings a node the keyboard reaches
  // only partly into sight, its label cut off by the edge: bring all of it.
  document.addEventListener("focusin", function (event) {
    var node = event.target.closest && event.target.closest(".actor-map__canvas a");
    if (node) node.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  window.addEventListener("beforeprint", function () { document.querySelectorAll(SELECTOR).forEach(load); });
  // Material's instant navigation replaces the page's content: watch the new page's stand-ins.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else start();
})();
