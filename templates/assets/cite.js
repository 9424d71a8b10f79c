/* Citing passages, and resolving every address the article ever published.
   - Each section heading and paragraph gets "Copy link" and "Cite" buttons, shown on hover
     and keyboard focus. "Cite" opens a panel with five formats, each ready to copy.
   - Links use the permanent address (#para-7, #sec-2), which survives edits.
   - An old readable address (#s2-p3) whose passage moved or was removed is resolved through
     assets/briefing/addresses.json, with a short notice; a static site cannot redirect fragments. */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var panelCount = 0;

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"], meta[property="' + name + '"]');
    return tag ? tag.content : "";
  }

  function linkedData() {
    var script = document.querySelector('script[type="application/ld+json"]');
    try { return script ? JSON.parse(script.textContent) : {}; } catch (e) { return {}; }
  }

  var siteBase = window.briefingSiteBase;  // from briefing.js, loaded first

  /* The page's own address: the canonical URL when mkdocs.yml has a site_url, else where it is read. */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical) return { url: canonical.href.split("#")[0], published: true };
    return { url: location.href.split("#")[0], published: false };
  }

  function parts(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }
  function today() {
    var d = new Date();
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  }
  function longDate(p) { return p ? MONTHS[p[1] - 1] + " " + p[2] + ", " + p[0] : "n.d."; }
  function dayMonthYear(p) { return p ? p[2] + " " + MONTHS[p[1] - 1] + " " + p[0] : "n.d."; }
  function isoDate(p) { return p[0] + "-" + String(p[1]).padStart(2, "0") + "-" + String(p[2]).padStart(2, "0"); }
  function bibtex(text) { return String(text).replace(/([{}\\%&#_$])/g, "\\$1").replace(/~/g, "\\textasciitilde{}").replace(/\^/g, "\\textasciicircum{}"); }

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

  function citations(passage) {
    var address = pageAddress();
    var url = address.url + "#" + passage.permanent;
    var title = meta("citation_title");
    var site = meta("og:site_name");
    var author = meta("citation_author") || site;
    var edition = parts(meta("DC.date"));
    var accessed = today();
    var source = linkedData().isBasedOn || {};
    var sourceName = (source.publisher && source.publisher.name) || "";
    var sourceDate = parts(source.datePublished);
    var origin = sourceName + (sourceDate ? ", " + dayMonthYear(sourceDate) : "") + (source.url ? ", " + source.url : "");
    var key = "briefing-" + articleSlug() + "-" + passage.permanent;
    var csl = {
      id: key,
      type: "webpage",
      title: title,
      "container-title": site,
      publisher: site,
      author: [{ literal: author }],
      URL: url,
      locator: passage.label,
      accessed: { "date-parts": [accessed] },
      note: "Annotated edition of: " + origin
    };
    if (edition) csl.issued = { "date-parts": [edition] };
    return {
      url: url,
      published: address.published,
      formats: [
        ["Plain text", author + ", \u201c" + title + "\u201d, " + passage.label + ", " + site + ", " + dayMonthYear(edition) +
          ". " + url + " (accessed " + dayMonthYear(accessed) + "). Annotated edition of: " + origin + "."],
        ["APA", author + ". (" + (edition ? edition[0] + ", " + MONTHS[edition[1] - 1] + " " + edition[2] : "n.d.") + "). " + title +
          " (" + passage.label + ") [Annotated edition]. " + site + ". Retrieved " + longDate(accessed) + ", from " + url +
          " (Original work published by " + origin + ")"],
        ["Chicago", author + ". \u201c" + title + ",\u201d " + passage.label + ". " + site + ", " + longDate(edition) +
          ". Accessed " + longDate(accessed) + ". " + url + ". Annotated edition of " + origin + "."],
        ["BibTeX", "@online{" + key + ",\n  author = {{" + bibtex(author) + "}},\n  title = {" + bibtex(title) + "},\n" +
          "  organization = {" + bibtex(site) + "},\n" + (edition ? "  date = {" + isoDate(edition) + "},\n" : "") +
          "  url = {" + url + "},\n  urldate = {" + isoDate(accessed) + "},\n  note = {" + bibtex(passage.label) +
          ". Annotated edition of: " + bibtex(origin) + "},\n}"],
        ["CSL-JSON", JSON.stringify([csl], null, 2)]
      ]
    };
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

  function closePanel(panel, opener) {
    panel.remove();
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  }

  function openPanel(passage, opener) {
    var open = passage.element.nextElementSibling;
    if (open && open.classList.contains("briefing-cite")) { closePanel(open, opener); return; }
    var cited = citations(passage);
    var id = "briefing-cite-" + (++panelCount);
    var panel = element("div", "briefing-cite");
    panel.id = id;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", id + "-title");
    var head = element("div", "briefing-cite__head");
    var title = element("p", "briefing-cite__title", "Cite " + passage.label);
    title.id = id + "-title";
    var close = element("button", "briefing-cite__close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { closePanel(panel, opener); });
    head.appendChild(title);
    head.appendChild(close);
    panel.appendChild(head);
    var note = element("p", "briefing-cite__note", cited.published
      ? "Permanent address: it stays with this passage when the article is edited."
      : "This copy of the site was built without a site_url, so links are relative to where you are reading it: " +
        "check the address before you cite it.");
    panel.appendChild(note);
    cited.formats.forEach(function (format, index) {
      var row = element("div", "briefing-cite__format");
      var label = element("label", "", format[0]);
      var field = element("textarea", "briefing-cite__text");
      field.readOnly = true;
      field.id = id + "-" + index;
      field.rows = format[1].split("\n").length > 1 ? Math.min(format[1].split("\n").length, 8) : 3;
      field.value = format[1];
      label.htmlFor = field.id;
      var button = element("button", "briefing-cite__copy", "Copy");
      button.type = "button";
      button.setAttribute("aria-label", "Copy the " + format[0] + " citation");
      var status = element("span", "briefing-cite__status");
      status.setAttribute("role", "status");
      button.addEventListener("click", function () { copy(format[1], field, status); });
      row.appendChild(label);
      row.appendChild(field);
      row.appendChild(button);
      row.appendChild(status);
      panel.appendChild(row);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); closePanel(panel, opener); }
    });
    passage.element.insertAdjacentElement("afterend", panel);
    opener.setAttribute("aria-expanded", "true");
    panel.querySelector(".briefing-cite__copy").focus();
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
      var url = citations(passage).url;
      field.value = url;
      copy(url, field, status);
    });
    var cite = element("button", "briefing-tool", "Cite");
    cite.type = "button";
    cite.setAttribute("aria-label", "Cite " + passage.label);
    cite.setAttribute("aria-expanded", "false");
    cite.addEventListener("click", function () { openPanel(passage, cite); });
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

  function start() {
    passages().forEach(addTools);
    checkAddress();
  }

  window.addEventListener("hashchange", checkAddress);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else start();
})();
