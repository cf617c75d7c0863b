"""The web page: stories newest first with search, a story, an article, a pair, a paste form.

A story and a pair are shown by the HTML report itself (``html_report.render_html``
on that part of the index), so its lineage graph and side-by-side view are the
report's. The other pages are small and written here. Article text is untrusted:
every value goes through ``html.escape``, and the Content-Security-Policy allows
no script on these pages and only the report's own hashed script on the report's.
"""

from __future__ import annotations

import base64
import hashlib
import html
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from newslineage import report
from newslineage.html_assets import CSS as REPORT_CSS
from newslineage.html_assets import SCRIPT as REPORT_SCRIPT
from newslineage.html_report import render_html
from newslineage.index import QueryResult, Store
from newslineage.models import Article

if TYPE_CHECKING:
    from newslineage.service.app import Service

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b}
a{color:#0645ad}h1{font-size:1.4rem}form{margin:1rem 0}input,textarea{font:inherit;width:100%}
textarea{height:12rem}li{margin:.3rem 0}.meta{color:#555;font-size:.9rem}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem}
"""


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


#: These pages: no script at all, only this stylesheet, forms post here only.
CSP = (
    f"default-src 'none'; style-src '{_sha(STYLE)}'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
#: The report's pages: its own hashed script and style sheet, nothing else (as its meta tag says).
REPORT_CSP = (
    f"default-src 'none'; style-src '{_sha(REPORT_CSS)}'; script-src '{_sha(REPORT_SCRIPT)}'; "
    "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

e = html.escape


def stories(store: Store, q: str, days: int, limit: int) -> list[dict[str, Any]]:
    """Stories newest first, whose title or an article title contains ``q``, within ``days`` days."""
    sql = "SELECT id, title, size, latest FROM stories WHERE 1=1"
    args: list[Any] = []
    if q:
        sql += " AND (title LIKE ? ESCAPE '\\' OR id IN (SELECT story FROM documents WHERE id LIKE ? ESCAPE '\\'))"
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        args += [like, like]
    if days > 0:
        sql += " AND latest >= ?"
        args.append(time.strftime("%Y-%m-%d", time.gmtime(time.time() - days * 86400)))
    sql += " ORDER BY latest DESC, id LIMIT ?"
    args.append(limit)
    with store.connection() as db:
        rows = db.execute(sql, args).fetchall()
    return [{"id": r[0], "title": r[1], "articles": r[2], "latest": r[3]} for r in rows]


def _page(title: str, body: str) -> HTMLResponse:
    doc = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
        f'<body><p class="meta"><a href="/">stories</a> · <a href="/page/query">paste an article</a> · '
        f'<a href="/docs">API</a></p>{body}</body></html>'
    )
    return HTMLResponse(doc, headers={"Content-Security-Policy": CSP})


def _report(data: dict[str, Any], texts: dict[str, str]) -> HTMLResponse:
    return HTMLResponse(render_html(data, texts), headers={"Content-Security-Policy": REPORT_CSP})


def _article_link(doc_id: str) -> str:
    return f'<a href="/page/articles/{e(quote(doc_id, safe=""))}">{e(doc_id)}</a>'


def _pair_link(a: str, b: str, label: str) -> str:
    # The pair's report holds this one pair; its fragment has the report's script open it.
    return f'<a href="/page/pairs/{e(quote(a, safe=""))}/{e(quote(b, safe=""))}#pair-0">{e(label)}</a>'


def install(
    app: FastAPI,
    service: Service,
    pair: Callable[[Service, str, str], Any],
    story_of: Callable[[Service, str], str],
) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(q: str = "", days: int = 0) -> HTMLResponse:
        found = stories(service.store, q, days, 200)
        items = "".join(
            f'<li><a href="/page/stories/{e(s["id"])}">{e(s["title"])}</a> '
            f'<span class="meta">{s["articles"]} article{"" if s["articles"] == 1 else "s"} · {e(s["latest"])}</span></li>'
            for s in found
        )
        body = (
            '<h1>Stories, newest first</h1><form method="get" action="/">'
            f'<input name="q" value="{e(q)}" placeholder="search titles and article ids" aria-label="search">'
            f"</form><ul>{items or '<li>no story matches</li>'}</ul>"
        )
        return _page("newslineage: stories", body)

    @app.get("/page/stories/{story}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story: str) -> HTMLResponse:
        result = service.story_result(story)
        return _report(report.to_json(result), {d.id: d.text for d in result.documents})

    @app.get("/page/pairs/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def pair_page(a: str, b: str) -> HTMLResponse:
        result = pair(service, a, b)
        return _report(report.to_json(result), {d.id: d.text for d in result.documents})

    @app.get("/page/articles/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(doc_id: str) -> HTMLResponse:
        story = story_of(service, doc_id)
        doc = service.store.documents([doc_id])[doc_id].document
        rels = [r for r, _ in service.store.relations_of([doc_id])]
        rows = "".join(
            f"<li>{_role(r, doc_id)} {_article_link(r.b if r.a == doc_id else r.a)}: "
            f"{_relation(r)} · "
            f"{_pair_link(r.a, r.b, 'side by side')}</li>"
            for r in sorted(rels, key=lambda r: -r.confidence)
        )
        findings = "".join(
            f"<li>{e(f.kind)}: {e(f.detail)}</li>" for f in service.store.findings_of([doc_id])
        )
        body = (
            f"<h1>{e(doc.article.title or doc_id)}</h1><p class=meta>{e(doc_id)} · "
            f'<a href="/page/stories/{e(story)}">its story and lineage</a></p>'
            f"<h2>Sources, copies and related articles</h2><ul>{rows or '<li>none</li>'}</ul>"
            f"<h2>Findings</h2><ul>{findings or '<li>none</li>'}</ul><h2>Text</h2><pre>{e(doc.text)}</pre>"
        )
        return _page(doc.article.title or doc_id, body)

    @app.get("/page/query", response_class=HTMLResponse, include_in_schema=False)
    def query_form() -> HTMLResponse:
        return _page("newslineage: where did this come from?", _form(""))

    @app.post("/page/query", response_class=HTMLResponse, include_in_schema=False)
    async def query_page(request: Request) -> HTMLResponse:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        text = (form.get("text") or [""])[0]
        if len(text.strip()) < 40:
            return _page(
                "newslineage: query", _form(text) + "<p>Paste an article of at least 40 characters.</p>"
            )
        # In the thread pool, as the API's sync routes run: a query must not hold up the event loop.
        found = await run_in_threadpool(_ask, service, text)
        rels = sorted(found.result.relations, key=lambda r: -r.confidence)
        rows = "".join(
            f"<li>{_role(r, found.id)} {_article_link(r.b if r.a == found.id else r.a)}: {_relation(r)}</li>"
            for r in rels
        )
        findings = "".join(f"<li>{e(f.kind)}: {e(f.detail)}</li>" for f in found.result.findings)
        body = (
            _form(text)
            + f"<h2>Where it came from</h2><ul id=answer>{rows or '<li>nothing related in the index</li>'}</ul>"
        )
        return _page("newslineage: query", body + f"<h2>Findings</h2><ul>{findings or '<li>none</li>'}</ul>")


def _ask(service: Service, text: str) -> QueryResult:
    return service.ask(Article("pasted article", text))


def _relation(rel: Any) -> str:
    """'derived (spun, paraphrase) 0.97'; a relation without transforms shows none."""
    how = f" ({e(', '.join(rel.transforms))})" if rel.transforms else ""
    return f"{e(rel.relation)}{how} {rel.confidence:.2f}"


def _role(rel: Any, me: str) -> str:
    if rel.direction == "common_source":
        return "sibling of"
    if rel.direction in ("a->b", "b->a"):
        source = rel.a if rel.direction == "a->b" else rel.b
        return "copied by" if source == me else "source:"
    return "related:"


def _form(text: str) -> str:
    return (
        '<h1>Where did this article come from?</h1><form method="post" action="/page/query">'
        f'<textarea name="text" aria-label="article text">{e(text)}</textarea>'
        '<p><button type="submit">Find its sources</button></p></form>'
    )
