/* The cite panel: a passage's citation in five formats (plain text, APA, Chicago, BibTeX,
   CSL-JSON), each ready to copy. Fetched by cite.js, with cite-panel.css, when a reader first
   presses "Cite", as most readers never do; it uses cite.js's helpers (window.briefingCite). */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var panelCount = 0;
  var shared = window.briefingCite;  // from cite.js, which loads this script
  var element = shared.element;
  var copy = shared.copy;

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"], meta[property="' + name + '"]');
    return tag ? tag.content : "";
  }

  function linkedData() {
    var script = document.querySelector('script[type="application/ld+json"]');
    try { return script ? JSON.parse(script.textContent) : {}; } catch (e) { return {}; }
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
  function stop(text) { return /\.$/.test(text) ? text : text + "."; }  // "n.d." ends its own sentence
  function isoDate(p) { return p[0] + "-" + String(p[1]).padStart(2, "0") + "-" + String(p[2]).padStart(2, "0"); }
  function bibtex(text) { return String(text).replace(/([{}\\%&#_$])/g, "\\$1").replace(/~/g, "\\textasciitilde{}").replace(/\^/g, "\\textasciicircum{}"); }

  function citations(passage) {
    var address = shared.pageAddress();
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
    var key = "briefing-" + shared.articleSlug() + "-" + passage.permanent;
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
        ["Plain text", author + ", \u201c" + title + "\u201d, " + passage.label + ", " + site + ", " + stop(dayMonthYear(edition)) +
          " " + url + " (accessed " + dayMonthYear(accessed) + "). Annotated edition of: " + origin + "."],
        ["APA", author + ". (" + (edition ? edition[0] + ", " + MONTHS[edition[1] - 1] + " " + edition[2] : "n.d.") + "). " + title +
          " (" + passage.label + ") [Annotated edition]. " + site + ". Retrieved " + longDate(accessed) + ", from " + url +
          " (Original work published by " + origin + ")"],
        ["Chicago", author + ". \u201c" + title + ",\u201d " + passage.label + ". " + site + ", " + stop(longDate(edition)) +
          " Accessed " + longDate(accessed) + ". " + url + ". Annotated edition of " + origin + "."],
        ["BibTeX", "@online{" + key + ",\n  author = {{" + bibtex(author) + "}},\n  title = {" + bibtex(title) + "},\n" +
          "  organization = {" + bibtex(site) + "},\n" + (edition ? "  date = {" + isoDate(edition) + "},\n" : "") +
          "  url = {" + url + "},\n  urldate = {" + isoDate(accessed) + "},\n  note = {" + bibtex(passage.label) +
          ". Annotated edition of: " + bibtex(origin) + "},\n}"],
        ["CSL-JSON", JSON.stringify([csl], null, 2)]
      ]
    };
  }

  function closePanel(panel, opener) {
    panel.remove();
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  }

  /* Open the passage's panel below it, or close it if it is open. */
  window.briefingCitePanel = function (passage, opener) {
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
  };
})();
