"""The inline style sheet and script of the HTML report (no network, no CDN).

The script only ever puts article text on the page through ``textContent``.
"""

from __future__ import annotations

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}small,.meta{color:#666}
.role{background:#eef;border-radius:4px;padding:0 .4em;font-size:.85em}
svg.lineage{display:block;margin:.5em 0;overflow:visible}
svg .node rect{fill:#fff;stroke:#567;stroke-width:1.5}
svg .node.origin rect{fill:#e3f2e1;stroke:#2e7d32;stroke-width:2.5}
svg .node.copy rect{fill:#fdf3e1;stroke:#b26a00}
svg .node.independent rect{fill:#e8f0fe;stroke:#1a57b0}
svg .node.inferred rect{fill:#f4f4f4;stroke:#777;stroke-dasharray:6 4}
svg text{font:12px system-ui,sans-serif}svg text.sub{fill:#666;font-size:11px}
svg text.edge{fill:#444;font-size:11px}svg line{stroke:#555;stroke-width:1.5}
details{margin:.3em 0}summary{cursor:pointer}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:1em;margin:.5em 0}
.side{white-space:pre-wrap;border:1px solid #ddd;padding:.6em;max-height:32em;overflow:auto;font-size:14px}
.side h4{margin:0 0 .4em 0;white-space:normal}
mark{cursor:pointer;border-radius:2px;padding:0}
.k-verbatim{background:#c8e6c9}.k-light_edit{background:#dcedc8}.k-spun{background:#ffe0b2}
.k-paraphrase{background:#bbdefb}.k-translated{background:#e1bee7}
.chg{text-decoration:underline wavy #c62828;font-weight:600}
.finding{outline:2px solid #c62828;outline-offset:1px}
.flash{animation:flash 1.2s}@keyframes flash{0%{box-shadow:0 0 0 4px #ff0}100%{box-shadow:none}}
table.rejected td,table.rejected th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.findings li{color:#b71c1c}
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("nl-data").textContent);
  function side(pair, which, other) {
    var id = pair[which], text = data.texts[id] || "";
    var box = document.createElement("div");
    box.className = "side";
    box.dataset.side = which;
    var head = document.createElement("h4");
    head.textContent = id;
    box.appendChild(head);
    pair.segments[which].forEach(function (seg) {
      var piece = text.slice(seg[0], seg[1]);
      var kind = seg[2], link = seg[3], changed = seg[4], finding = seg[5];
      if (!kind && finding < 0) { box.appendChild(document.createTextNode(piece)); return; }
      var el = document.createElement(kind ? "mark" : "span");
      el.textContent = piece;
      var classes = [];
      if (kind) { classes.push("k-" + kind); }
      if (changed) { classes.push("chg"); }
      if (finding >= 0) { classes.push("finding"); el.title = pair.findings[finding]; }
      el.className = classes.join(" ");
      if (link >= 0) {
        el.dataset.link = String(link);
        el.addEventListener("click", function () { jump(box.parentNode, other, link); });
      }
      box.appendChild(el);
    });
    return box;
  }
  function jump(grid, which, link) {
    var target = grid.querySelector(".side[data-side='" + which + "'] [data-link='" + link + "']");
    if (!target) { return; }
    target.scrollIntoView({block: "center"});
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
  }
  function open(details) {
    var grid = details.querySelector(".side-by-side");
    if (grid.childNodes.length) { return; }
    var pair = data.pairs[Number(details.dataset.pair)];
    grid.appendChild(side(pair, "a", "b"));
    grid.appendChild(side(pair, "b", "a"));
    if (pair.findings.length) {
      var list = document.createElement("ul");
      list.className = "findings";
      pair.findings.forEach(function (f) {
        var li = document.createElement("li");
        li.textContent = f;
        list.appendChild(li);
      });
      details.insertBefore(list, grid);
    }
  }
  document.querySelectorAll("details.pair").forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { open(d); } });
  });
})();
"""
