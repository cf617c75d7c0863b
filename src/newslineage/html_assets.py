"""The inline style sheet and script of the HTML report.

They live apart from ``html_report`` only to keep that module readable. Both are
embedded verbatim in every report, and the page's Content-Security-Policy allows
exactly these two texts (by hash), so they must not depend on the report's data.

The script reads article text only from ``<script type="application/json">``
blocks and puts it on the page with ``textContent``; it never parses markup.
"""

from __future__ import annotations

CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--verbatim:#b7e4c7;--light_edit:#d8f3dc;--spun:#ffd8a8;--paraphrase:#c5dcff;--translated:#e5d4ff;
--other:#e9ecef;--bad:#c62828}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg);
margin:0 auto;max-width:1400px;padding:0 1.2em 4em}
header.top{border-bottom:1px solid var(--line);padding:1em 0 .6em}
header.top h1{margin:0;font-size:1.5em}
nav a{margin-right:1em}
h2{margin-top:2em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{margin:.2em 0}
a{color:#0b5cad}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.muted,.count{color:var(--muted);font-weight:normal}
ul.stats{display:flex;flex-wrap:wrap;gap:.6em 1.6em;padding:0;list-style:none}
ul.stats b{font-size:1.3em}
table{border-collapse:collapse}
td,th{border:1px solid var(--line);padding:.25em .6em;text-align:left;vertical-align:top}
th{background:var(--soft)}
.legend{display:flex;flex-wrap:wrap;gap:.4em .8em;align-items:center;font-size:.9em}
.legend .swatch{display:inline-block;width:1.1em;height:1.1em;border-radius:3px;vertical-align:-.2em;
border:1px solid #0002}
section.story{margin:1.2em 0 2em;content-visibility:auto;contain-intrinsic-size:auto 400px}
.graph{overflow-x:auto;border:1px solid var(--line);border-radius:6px;background:#fcfcfd;padding:4px}
svg.lineage{display:block}
svg.lineage text{font:12px system-ui,sans-serif;fill:var(--ink)}
svg.lineage .sub{fill:var(--muted);font-size:11px}
svg.lineage .node rect{stroke-width:1.5}
svg.lineage .origin rect{fill:#e6f4ea;stroke:#1e7b34;stroke-width:3}
svg.lineage .copy rect{fill:#fff4e5;stroke:#b35c00}
svg.lineage .from-inferred rect{fill:#f3e8fd;stroke:#7b3fb0}
svg.lineage .independent rect,svg.lineage .alone rect{fill:#e8f0fe;stroke:#1a57b0}
svg.lineage .inferred rect{fill:#fafafa;stroke:#666;stroke-dasharray:6 4}
svg.lineage .inferred text{font-style:italic}
svg.lineage .edge path{fill:none;stroke:#555}
svg.lineage .edge.from-inferred path{stroke-dasharray:5 4}
svg.lineage .edge text{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
svg.lineage a:hover rect,svg.lineage a:focus rect{filter:brightness(.93)}
svg.lineage a:hover path{stroke:#000;stroke-width:3}
.role{display:inline-block;border-radius:10px;padding:0 .55em;font-size:.85em;border:1px solid}
.role.origin{background:#e6f4ea;border-color:#1e7b34}
.role.copy{background:#fff4e5;border-color:#b35c00}
.role.from-inferred{background:#f3e8fd;border-color:#7b3fb0}
.role.independent,.role.alone{background:#e8f0fe;border-color:#1a57b0}
.role.inferred{background:#fafafa;border-color:#666;border-style:dashed}
article.doc{border-top:1px solid var(--line);padding:.6em 0;content-visibility:auto;
contain-intrinsic-size:auto 140px}
article.doc .meta{color:var(--muted);margin:.1em 0}
article.doc p{margin:.2em 0}
ul.findings{margin:.3em 0;padding-left:1.2em}
.fk{display:inline-block;font-size:.8em;font-weight:600;border-radius:3px;padding:0 .4em;
color:#fff;background:var(--bad)}
.fk.fk-added{background:#6c757d}.fk.fk-spin_suspected{background:#a15c00}
.rel{display:inline-block;font-size:.8em;font-weight:600;border-radius:3px;padding:0 .4em;background:#e9ecef}
.rel.rel-duplicate{background:#b7e4c7}.rel.rel-near_duplicate{background:#d8f3dc}
.rel.rel-derived{background:#ffd8a8}.rel.rel-same_story{background:#dee2e6}
.filter{margin:.5em 0}
.filter input{font:inherit;padding:.2em .5em;width:22em;max-width:100%}
details.pair-group{margin:.6em 0}details.pair-group>summary{cursor:pointer;padding:.2em 0}
.pair-list{margin-left:1.2em}button.more{font:inherit;margin:.4em 0;padding:.2em .8em;cursor:pointer}
details.pair{border:1px solid var(--line);border-radius:6px;margin:.35em 0;
content-visibility:auto;contain-intrinsic-size:auto 2.4em}
details.pair[open]{content-visibility:visible}
details.pair>summary{cursor:pointer;padding:.35em .6em;background:var(--soft);border-radius:6px}
details.pair[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
.pair-body{padding:.6em}
.pair-body ul{margin:.2em 0 .6em;padding-left:1.2em}
.pair-body li.jump{cursor:pointer}
.pair-body li.jump:hover{text-decoration:underline}
.columns,.below{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.below{margin-top:.8em;font-size:.92em}
.column h4{margin:0 0 .3em;font-size:.95em}
.text{position:relative;white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);
border-radius:4px;padding:.6em .8em;max-height:72vh;overflow:auto;font-size:14px;line-height:1.6;
background:#fff}
.seg[data-links]{cursor:pointer;border-radius:2px}
.seg[data-links]:focus{outline:2px solid #0b5cad}
.k-verbatim{background:var(--verbatim)}.k-light_edit{background:var(--light_edit)}
.k-spun{background:var(--spun)}.k-paraphrase{background:var(--paraphrase)}
.k-translated{background:var(--translated)}.k-other{background:var(--other)}
.chg{background-image:linear-gradient(#00000024,#00000024);text-decoration:underline 1px #7a1c16;
text-underline-offset:3px}
.fd{box-shadow:inset 0 -3px 0 var(--bad)}
.fd.fd-added{box-shadow:inset 0 -3px 0 #6c757d}
.fd.fd-spin_suspected{box-shadow:inset 0 -3px 0 #a15c00}
.fd.fd-rel{box-shadow:inset 0 -3px 0 #0b5cad}
.bp{color:#8a939c;font-style:italic}
.hot{background-image:linear-gradient(#0b5cad40,#0b5cad40)}
.flash{animation:flash 1.6s ease-out}
@keyframes flash{0%{background:#ffeb3b;box-shadow:0 0 0 3px #ffeb3b}100%{box-shadow:0 0 0 0 transparent}}
.notes li{color:#7a4d00}
footer{margin-top:3em;color:var(--muted);font-size:.85em}
@media (max-width:800px){.columns,.below{grid-template-columns:1fr}}
"""

# Plain ES2017 so any current browser runs it; wrapped in a function so it adds no globals.
SCRIPT = """
(function () {
  "use strict";
  var PAGE = 200, parsed = {};

  function data(id) {
    if (!Object.prototype.hasOwnProperty.call(parsed, id)) {
      var block = document.getElementById(id);
      parsed[id] = block ? JSON.parse(block.textContent) : null;
    }
    return parsed[id];
  }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined && text !== null) { el.textContent = String(text); }
    return el;
  }

  function words(name) { return String(name).replace(/_/g, " "); }

  // ---- one pair, side by side

  // Cut [0, length) at every span edge; each piece lists the spans covering it.
  function pieces(length, spans) {
    var cuts = [0, length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts.sort(function (x, y) { return x - y; });
    cuts = cuts.filter(function (c, i) { return i === 0 || c !== cuts[i - 1]; });
    spans.sort(function (x, y) { return x.start - y.start || x.end - y.end; });
    var out = [], active = [], next = 0;
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i], to = cuts[i + 1];
      while (next < spans.length && spans[next].start <= from) { active.push(spans[next]); next++; }
      active = active.filter(function (s) { return s.end > from; });
      out.push({start: from, end: to, over: active.slice()});
    }
    return out;
  }

  function sideSpans(pair, doc, side) {
    var spans = [];
    function add(start, end, type, value) {
      start = Math.max(0, Math.min(doc.text.length, start));
      end = Math.max(0, Math.min(doc.text.length, end));
      if (end > start) { spans.push({start: start, end: end, type: type, value: value}); }
    }
    pair.links.forEach(function (l, k) { add(l[2 * side], l[2 * side + 1], "link", k); });
    var chg = pair.changed[side];
    for (var i = 0; i + 1 < chg.length; i += 2) { add(chg[i], chg[i + 1], "chg", 0); }
    pair.marks.forEach(function (m, k) { if (m[0] === side) { add(m[1], m[2], "mark", k); } });
    for (var j = 0; j + 1 < doc.bp.length; j += 2) { add(doc.bp[j], doc.bp[j + 1], "bp", 0); }
    return spans;
  }

  function describe(piece, pair, findings) {
    var cls = ["seg"], tips = [], links = [], kind = null;
    piece.over.forEach(function (s) {
      if (s.type === "link") {
        var l = pair.links[s.value];
        links.push(s.value);
        if (kind === null) { kind = l[4]; }
        tips.push(words(l[4]) + " (similarity " + (l[5] / 100).toFixed(2) + ")");
      } else if (s.type === "chg") {
        cls.push("chg");
      } else if (s.type === "bp") {
        cls.push("bp");
        tips.push("site furniture (boilerplate)");
      } else {
        var m = pair.marks[s.value], f = findings[m[3]];
        cls.push("fd", m[4] ? "fd-rel" : "fd-" + f[0]);
        tips.push((m[4] ? "what this refers to: " : "") + words(f[0]) + ": " + f[1]);
      }
    });
    if (kind !== null) { cls.push("k-" + kind); }
    return {cls: cls, tips: tips, links: links};
  }

  function buildText(pair, doc, side, findings, view) {
    var box = make("div", "text");
    box.lang = doc.lang;
    box.dir = "auto";
    box.dataset.side = String(side);
    pieces(doc.text.length, sideSpans(pair, doc, side)).forEach(function (piece) {
      var text = doc.text.slice(piece.start, piece.end);
      if (!piece.over.length) { box.appendChild(document.createTextNode(text)); return; }
      var d = describe(piece, pair, findings), el = make("span", d.cls.join(" "), text);
      if (d.tips.length) { el.title = d.tips.join("\\n"); }
      if (d.links.length) {
        el.dataset.links = d.links.join(" ");
        el.tabIndex = 0;
        d.links.forEach(function (k) { (view.byLink[side][k] = view.byLink[side][k] || []).push(el); });
      }
      piece.over.forEach(function (s) {
        if (s.type === "mark") { (view.byMark[s.value] = view.byMark[s.value] || []).push(el); }
      });
      box.appendChild(el);
    });
    return box;
  }

  function counterparts(el, view) {
    var side = Number(el.closest(".text").dataset.side), found = [];
    el.dataset.links.split(" ").forEach(function (k) {
      (view.byLink[1 - side][k] || []).forEach(function (c) {
        if (found.indexOf(c) < 0) { found.push(c); }
      });
    });
    return found;
  }

  // Scroll the text box first, and the page only if the target is still off screen,
  // so the passage the reader clicked does not jump away.
  function reveal(targets) {
    if (!targets.length) { return; }
    var first = targets[0], box = first.closest(".text");
    box.scrollTop = first.offsetTop - box.clientHeight / 2 + first.offsetHeight / 2;
    var r = first.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) { first.scrollIntoView({block: "center"}); }
    targets.forEach(function (t) {
      t.classList.remove("flash");
      void t.offsetWidth;
      t.classList.add("flash");
    });
  }

  function findingList(pair, findings, view) {
    var list = make("ul", "pair-findings"), ids = data("nl-doc-ids");
    pair.findings.forEach(function (k) {
      var f = findings[k], li = make("li"), marks = [];
      li.appendChild(make("span", "fk fk-" + f[0], words(f[0])));
      li.appendChild(document.createTextNode(" " + (ids[f[2]] || "") + ": " + f[1]));
      pair.marks.forEach(function (m, j) { if (m[3] === k) { marks = marks.concat(view.byMark[j] || []); } });
      if (marks.length) {
        li.className = "jump";
        li.title = "show it in the texts";
        li.addEventListener("click", function () { reveal(marks); });
      }
      list.appendChild(li);
    });
    return list;
  }

  function lines(title, items) {
    var wrap = make("div");
    if (!items.length) { return wrap; }
    wrap.appendChild(make("b", null, title));
    var ul = make("ul");
    items.forEach(function (t) { ul.appendChild(make("li", null, t)); });
    wrap.appendChild(ul);
    return wrap;
  }

  var LABELS = {
    source: [["origin", "source"], ["copy", "copy"]],
    common: [["from-inferred", "common source"], ["from-inferred", "common source"]],
    independent: [["independent", "independent"], ["independent", "independent"]],
    unknown: [["independent", "direction unknown"], ["independent", "direction unknown"]]
  };

  function column(doc, label, textBox) {
    var col = make("div", "column"), head = make("h4");
    head.appendChild(make("span", "role " + label[0], label[1]));
    head.appendChild(document.createTextNode(" " + (doc.title || doc.id) + " "));
    head.appendChild(make("code", "muted", doc.id));
    col.appendChild(head);
    col.appendChild(textBox);
    return col;
  }

  function share(value) { return typeof value === "number" ? Math.round(value * 100) + "%" : "an unknown share"; }

  function wire(body, view) {
    function act(event) {
      var el = event.target.closest("[data-links]");
      if (el && body.contains(el)) { reveal(counterparts(el, view)); }
    }
    function hover(on) {
      return function (event) {
        var el = event.target.closest("[data-links]");
        if (el && body.contains(el)) {
          counterparts(el, view).forEach(function (c) { c.classList.toggle("hot", on); });
        }
      };
    }
    body.addEventListener("click", act);
    body.addEventListener("keydown", function (event) {
      if ((event.key === "Enter" || event.key === " ") && event.target.closest("[data-links]")) {
        act(event);
        event.preventDefault();
      }
    });
    body.addEventListener("mouseover", hover(true));
    body.addEventListener("mouseout", hover(false));
  }

  function build(details) {
    if (details.dataset.built) { return; }
    details.dataset.built = "1";
    var k = Number(details.dataset.pair), line = data("nl-pairs")[k], pair = data("nl-pair-" + k);
    var findings = data("nl-findings"), labels = LABELS[line[3]] || LABELS.unknown;
    var left = data("nl-doc-" + line[1]), right = data("nl-doc-" + line[2]);
    var view = {byLink: [{}, {}], byMark: {}};
    var body = details.querySelector(".pair-body"), columns = make("div", "columns");
    columns.appendChild(column(left, labels[0], buildText(pair, left, 0, findings, view)));
    columns.appendChild(column(right, labels[1], buildText(pair, right, 1, findings, view)));
    var hint = pair.links.length ? " Click a highlighted passage to bring its counterpart into view." : "";
    body.appendChild(make("p", "muted", "Aligned passages cover " + share(pair.coverage[0]) +
      " of the left text and " + share(pair.coverage[1]) + " of the right text." + hint));
    body.appendChild(columns);
    var below = make("div", "below"), why = make("div");
    if (pair.findings.length) {
      var box = make("div");
      box.appendChild(make("b", null, "Findings"));
      box.appendChild(findingList(pair, findings, view));
      below.appendChild(box);
    }
    why.appendChild(lines("Why related", pair.evidence));
    why.appendChild(lines("Direction evidence", pair.direction_evidence));
    below.appendChild(why);
    body.appendChild(below);
    wire(body, view);
  }

  // ---- the pair list

  function pairElement(k, withId) {
    var line = data("nl-pairs")[k], ids = data("nl-doc-ids");
    var details = make("details", "pair"), summary = make("summary"), notes = [];
    if (withId) { details.id = "pair-" + k; }
    details.dataset.pair = String(k);
    summary.appendChild(make("span", "rel rel-" + line[0], words(line[0])));
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(make("b", null, ids[line[1]]));
    summary.appendChild(document.createTextNode(line[3] === "source" ? " \\u2192 " : " \\u2194 "));
    summary.appendChild(make("b", null, ids[line[2]]));
    if (line[3] === "common") { notes.push("common source"); }
    if (line[3] === "unknown") { notes.push("direction unknown"); }
    if (line[4].length) { notes.push(line[4].map(words).join(", ")); }
    notes.push("confidence " + Number(line[5]).toFixed(2));
    summary.appendChild(make("span", "muted", " \\u00b7 " + notes.join(" \\u00b7 ")));
    details.appendChild(summary);
    details.appendChild(make("div", "pair-body"));
    return details;
  }

  function showMore(group) {
    var list = group.querySelector(".pair-list"), ks = data("nl-pair-groups")[Number(group.dataset.group)];
    var from = Number(list.dataset.shown || 0), to = Math.min(ks.length, from + PAGE);
    var old = list.querySelector("button.more");
    if (old) { old.remove(); }
    for (var i = from; i < to; i++) {
      if (!document.getElementById("pair-" + ks[i])) { list.appendChild(pairElement(ks[i], true)); }
    }
    list.dataset.shown = String(to);
    if (to < ks.length) {
      var more = make("button", "more", "Show " + Math.min(PAGE, ks.length - to) + " more (" +
        (ks.length - to) + " not shown)");
      more.type = "button";
      more.addEventListener("click", function () { showMore(group); });
      list.appendChild(more);
    }
  }

  function fill(group) {
    if (!group.querySelector(".pair-list").dataset.shown) { showMore(group); }
  }

  // A pair reached by a link may sit past the shown page of its group: it is then shown first.
  function pairTarget(k) {
    var found = document.getElementById("pair-" + k), line = data("nl-pairs")[k];
    if (found || !line) { return found; }
    var groups = data("nl-pair-groups"), g = 0;
    while (g < groups.length && groups[g].indexOf(k) < 0) { g++; }
    var group = document.getElementById("pg-" + g);
    if (!group) { return null; }
    group.open = true;
    fill(group);
    found = document.getElementById("pair-" + k);
    if (!found) {
      var list = group.querySelector(".pair-list");
      found = list.insertBefore(pairElement(k, true), list.firstChild);
    }
    return found;
  }

  function follow() {
    var match = /^#pair-(\\d+)$/.exec(location.hash), target = match && pairTarget(Number(match[1]));
    if (!target) { return; }
    target.hidden = false;
    target.open = true;
    build(target);
    target.scrollIntoView({block: "start"});
  }

  var filter = document.getElementById("pair-filter"), results = document.getElementById("pair-results");
  var timer = 0;

  function search() {
    var q = filter.value.trim().toLowerCase(), ids = data("nl-doc-ids"), found = [];
    results.textContent = "";
    document.querySelectorAll("details.pair-group").forEach(function (g) { g.hidden = q !== ""; });
    if (!q) { return; }
    data("nl-pairs").forEach(function (line, k) {
      if (ids[line[1]].toLowerCase().indexOf(q) >= 0 || ids[line[2]].toLowerCase().indexOf(q) >= 0) {
        found.push(k);
      }
    });
    var shown = found.length > PAGE ? ", showing the first " + PAGE : "";
    results.appendChild(make("p", "muted", found.length + " pairs match" + shown));
    found.slice(0, PAGE).forEach(function (k) { results.appendChild(pairElement(k, false)); });
  }

  // "toggle" does not bubble, but a capturing listener on the document still sees it,
  // so any number of pairs costs one listener.
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (!d.classList || !d.open) { return; }
    if (d.classList.contains("pair")) { build(d); }
    if (d.classList.contains("pair-group")) { fill(d); }
  }, true);
  document.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest("a[href]") : null;
    if (!a) { return; }
    if (a.dataset.filter !== undefined && filter) {
      filter.value = a.dataset.filter;
      search();
    } else if (a.getAttribute("href") === location.hash && /^#pair-/.test(location.hash)) {
      event.preventDefault();
      follow();
    }
  });
  if (filter) {
    filter.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
  }
  window.addEventListener("hashchange", follow);
  document.querySelectorAll("details.pair-group[open]").forEach(fill);
  follow();
})();
"""
