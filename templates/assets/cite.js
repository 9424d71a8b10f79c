/* Citing passages, and resolving every address the article ever published.
   - Each section heading and paragraph gets "Copy link" and "Cite" buttons, shown on hover
     and keyboard focus. "Cite" opens a panel with five formats, each ready to copy
     (cite-panel.js, fetched when a reader first asks for it).
   - Links use the permanent address (#para-7, #sec-2), which survives edits.
   - An old readable address (#s2-p3) whose passage moved or was removed is resolved through
     assets/briefing/addresses.json, with a short notice; a static site cannot redirect fragments. */
(function () {
  "use strict";

  var siteBase = window.briefingSiteBase;  // from briefing.js, loaded first

  /* The page's own address: the canonical URL when mkdocs.yml has a site_url, else where it is read. */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical) return { url: canonical.href.split("#")[0], published: true };
    return { url: location.href.split("#")[0], published: false };
  }

  /* Every passage: its label (§2 ¶3), readable and permanent ids, and the element to decorate. */
  function passages() {
    var found = [];
    document.querySelectorAll(".md-typeset h2 > .briefing-permanent").forEach(function (span) {
      var heading = span.parentElement;
      found.push({ element: heading, label: "§" + heading.id.slice(1), readable: heading.id, permanent: span.id });
    });
    document.querySelectorAll(".md-typeset p.briefing-paragraph > .briefing-anchor").forEach(function (anchor) {
      var paragraph = anchor.parentElement;
      found.push({ element: paragraph, label: anchor.getAttribute("data-label"), readable: paragraph.id, permanent: anchor.id });
    });
    return found;
  }

  /* Copy through the clipboard API when there is one; otherwise select the text for Ctrl+C. */
  function copy(text, field, status) {
    function fallback() {
      field.hidden = false;
      field.focus();
      field.select();
      status.textContent = "Selected: press Ctrl+C (\u2318C on a Mac) to copy.";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = "Copied."; }, fallback);
    } else {
      fallback();
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* The cite panel's script and stylesheet, fetched once, when the panel is first asked for; it opens
     once both have come, so it never shows unstyled. */
  var panel = null;
  function fetched(element, attribute, path) {
    return new Promise(function (resolve, reject) {
      element[attribute] = new URL(path, siteBase()).href;
      element.onload = resolve;
      element.onerror = function () { reject(new Error(path + " did not load")); };
      document.head.appendChild(element);
    });
  }
  function citePanel() {
    if (!panel) {
      var stylesheet = document.createElement("link");
      stylesheet.rel = "stylesheet";
      panel = Promise.all([
        fetched(stylesheet, "href", "assets/briefing/cite-panel.css"),
        fetched(document.createElement("script"), "src", "assets/briefing/cite-panel.js"),
      ]).then(function () { return window.briefingCitePanel; }, function (error) { panel = null; throw error; });
    }
    return panel;
  }

  function addTools(passage) {
    if (passage.element.querySelector(".briefing-tools")) return;
    var tools = element("span", "briefing-tools");
    var copyLink = element("button", "briefing-tool", "Copy link");
    copyLink.type = "button";
    copyLink.setAttribute("aria-label", "Copy the permanent link to " + passage.label);
    var status = element("span", "briefing-tools__status");
    status.setAttribute("role", "status");
    var field = element("input", "briefing-tools__field");
    field.readOnly = true;
    field.hidden = true;
    field.setAttribute("aria-label", "Permanent link to " + passage.label);
    copyLink.addEventListener("click", function () {
      var url = pageAddress().url + "#" + passage.permanent;
      field.value = url;
      copy(url, field, status);
    });
    var cite = element("button", "briefing-tool", "Cite");
    cite.type = "button";
    cite.setAttribute("aria-label", "Cite " + passage.label);
    cite.setAttribute("aria-expanded", "false");
    cite.addEventListener("click", function () { citePanel().then(function (open) { open(passage, cite); }); });
    tools.appendChild(copyLink);
    tools.appendChild(cite);
    tools.appendChild(field);
    tools.appendChild(status);
    // At the start of a paragraph (after its address), so it floats to the passage's top right.
    var anchor = passage.element.querySelector(":scope > .briefing-anchor");
    passage.element.insertBefore(tools, anchor ? anchor.nextSibling : null);
  }

  /* --- old addresses -------------------------------------------------------------- */

  function label(readable) {
    var m = /^s(\d+)(?:-p(\d+))?$/.exec(readable || "");
    return m ? "\u00a7" + m[1] + (m[2] ? " \u00b6" + m[2] : "") : readable;
  }

  function announce(target, message) {
    document.querySelectorAll(".briefing-notice").forEach(function (old) { old.remove(); });
    document.querySelectorAll(".briefing-arrived").forEach(function (old) { old.classList.remove("briefing-arrived"); });
    if (!target) return;
    var notice = element("div", "briefing-notice");
    notice.setAttribute("role", "status");
    notice.appendChild(element("span", "", message));
    var dismiss = element("button", "briefing-notice__dismiss", "Dismiss");
    dismiss.type = "button";
    dismiss.addEventListener("click", function () { notice.remove(); });
    notice.appendChild(dismiss);
    target.insertAdjacentElement("beforebegin", notice);
    target.classList.add("briefing-arrived");
    notice.scrollIntoView({ block: "start" });
  }

  function resolve(map, wanted) {
    var current = map.current[wanted];
    var record = map.permanent[wanted];
    if (record) {
      if (!record.removed) return;  // a live permanent address: the browser is already there
      var section = document.getElementById(record.section) || document.querySelector("h2[id^=s]");
      announce(section, "The passage this address named (" + wanted + ") was removed from the article. " +
        (record.section ? "This is the section it was in, " + label(record.section) + "." : ""));
      return;
    }
    var named = map.history[wanted] || [];
    var others = named.filter(function (id) { return id !== current; });
    if (!others.length) return;  // the address has only ever named this passage
    var moved = others.map(function (id) { return map.permanent[id]; }).filter(function (r) { return r && !r.removed; });
    var here = document.getElementById(wanted);
    if (!here && moved.length) {
      var now = document.getElementById(moved[moved.length - 1].now);
      announce(now, label(wanted) + " has moved since this link was made: it is now " + label(moved[moved.length - 1].now) + ".");
    } else if (!here) {
      var gone = map.permanent[others[others.length - 1]] || {};
      announce(document.getElementById(gone.section) || document.querySelector("h2[id^=s]"),
        "The passage at " + label(wanted) + " was removed from the article" + (gone.section ? "; this is its section." : "."));
    } else {
      var text = label(wanted) + " is this passage now; in an earlier version of the article the address named another passage" +
        (moved.length ? ", now at " + moved.map(function (r) { return label(r.now); }).join(", ") : ", since removed") +
        ". Permanent links (Copy link) do not change.";
      announce(here, text);
    }
  }

  /* The article's slug, from its address on the web (articles/<slug>/) or in the offline copy (articles/<slug>.html). */
  function articleSlug() {
    return (/\/articles\/([^/]+?)(?:\/|\/index\.html|\.html)?$/.exec(location.pathname) || [])[1];
  }

  function checkAddress() {
    var wanted = decodeURIComponent(location.hash.slice(1));
    var slug = articleSlug();
    if (!wanted || !slug) { announce(null); return; }
    window.briefingSiteData("addresses")  // from briefing.js: offline data or addresses.json
      .then(function (all) { if (all[slug]) resolve(all[slug], wanted); })
      .catch(function () { /* the plain anchor still works */ });
  }

  window.briefingCite = { element: element, copy: copy, pageAddress: pageAddress, articleSlug: articleSlug };

  function start() {
    passages().forEach(addTools);
    checkAddress();
  }

  window.addEventListener("hashchange", checkAddress);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else start();
})();
