"""The FastAPI application: the JSON API and the web page over one index folder.

Reads are open; writes need ``Authorization: Bearer KEY`` (401 without, 403 with
a wrong key or when the server has no key). Bodies over ``max_bytes`` get 413.
Answers reuse the report's JSON (``report.to_json``) and, on the page, the HTML
report (``html_report.render_html``) for a story or a pair.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from newslineage import report
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import NewslineageError
from newslineage.index import AddReport, Indexer, QueryResult, Store, query
from newslineage.models import Article, Lineage, ScanResult
from newslineage.service import pages
from newslineage.service.gate import Gate, SerialEncoder


class ArticleIn(BaseModel):
    """One article sent to the service."""

    id: str = Field(min_length=1, max_length=500, description="the article's id in the index")
    text: str = Field(min_length=1, description="the article's text")
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = Field(default=None, description="ISO date, e.g. 2026-05-14")

    def article(self) -> Article:
        return Article(self.id, self.text, self.title, self.url, self.site, self.published)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


class QueryIn(BaseModel):
    text: str = Field(min_length=1)
    title: str | None = None
    id: str = "query"


class Service:
    """The index and its indexer. Queries run side by side; writes one at a time, alone (``gate``)."""

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder, create=True)
        self.indexer = Indexer(self.store, encoder=SerialEncoder(UniversalSentenceEncoder()))
        self.gate = Gate()
        self.indexer.settle()

    def ask(self, article: Article) -> QueryResult:
        with self.gate.reading():
            return query(self.indexer, article)

    def add(self, articles: list[Article]) -> AddReport:
        with self.gate.writing():
            done = self.indexer.add(articles)
            self.indexer.settle()
            return done

    def story_result(self, story: str) -> ScanResult:
        ids = sorted(self.store.members([story]))
        if not ids:
            raise HTTPException(404, f"no story {story!r} in the index")
        return self.result(ids, [story])

    def result(self, ids: list[str], stories: list[str]) -> ScanResult:
        docs = self.store.documents(ids)
        nodes, edges = self.store.lineage_of(stories)
        keep = set(ids)
        with self.store.connection() as db:
            rows = db.execute(
                f"SELECT id, title FROM stories WHERE id IN ({','.join('?' * len(stories))})", stories
            ).fetchall()
        from newslineage.models import Story

        return ScanResult(
            config=self.indexer.config,
            documents=tuple(docs[i].document for i in sorted(docs)),
            rejected=(),
            relations=tuple(r for r, _ in self.store.relations_of(keep, within=True)),
            stories=tuple(Story(r[0], tuple(sorted(self.store.members([r[0]]) & keep)), r[1]) for r in rows),
            lineage=Lineage(
                tuple(n for n in nodes if n.document is None or n.document in keep),
                tuple(e for e in edges if e.child in keep),
            ),
            findings=tuple(f for f in self.store.findings_of(keep)),
        )


def build(folder: Path, *, api_key: str | None, max_bytes: int) -> FastAPI:
    app = FastAPI(
        title="newslineage",
        description="Which news articles tell the same story, who copied whom and how.",
        version="1",
    )
    service = Service(folder)

    @app.middleware("http")
    async def limit_size(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_bytes:
            return JSONResponse({"detail": f"request body over {max_bytes} bytes"}, status_code=413)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", pages.CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(NewslineageError)
    async def library_error(request: Request, exc: NewslineageError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    def writer(request: Request) -> None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            raise HTTPException(
                401, "writes need 'Authorization: Bearer KEY'", {"WWW-Authenticate": "Bearer"}
            )
        if api_key is None:
            raise HTTPException(403, "this server has no API key: set NEWSLINEAGE_API_KEY or --api-key-file")
        if not hmac.compare_digest(header[7:].strip().encode(), api_key.encode()):
            raise HTTPException(403, "wrong API key")

    @app.post("/articles", dependencies=[Depends(writer)])
    def add_articles(body: ArticlesIn | ArticleIn) -> dict[str, Any]:
        """Add or update one article or many (``{"articles": [...]}``)."""
        items = body.articles if isinstance(body, ArticlesIn) else [body]
        done = service.add([a.article() for a in items])
        return {
            "added": list(done.added),
            "updated": list(done.updated),
            "unchanged": list(done.unchanged),
            "remarked": list(done.remarked),
            "relations": done.relations,
        }

    @app.get("/articles/{doc_id:path}/lineage")
    def article_lineage(doc_id: str) -> dict[str, Any]:
        story = _story_of(service, doc_id)
        data = report.to_json(service.story_result(story))
        return {"id": doc_id, "story": story, "lineage": data["lineage"]}

    @app.get("/articles/{doc_id:path}")
    def get_article(doc_id: str) -> dict[str, Any]:
        story = _story_of(service, doc_id)
        data = report.to_json(
            service.result([doc_id, *_partners(service, doc_id)], [story]), include_text=True
        )
        me = next(d for d in data["documents"] if d["id"] == doc_id)
        rels = [r for r in data["relations"] if doc_id in (r["a"], r["b"])]
        return {
            "article": me,
            "story": story,
            "sources": [r for r in rels if _source(r) not in (None, doc_id)],
            "copies": [r for r in rels if _source(r) == doc_id],
            "related": [r for r in rels if _source(r) is None],
            "findings": [f for f in data["findings"] if f["document"] == doc_id],
        }

    @app.get("/stories")
    def list_stories(q: str = "", days: int = 0, limit: int = 50) -> dict[str, Any]:
        return {"stories": pages.stories(service.store, q, days, min(max(limit, 1), 500))}

    @app.get("/stories/{story}")
    def get_story(story: str) -> dict[str, Any]:
        data = report.to_json(service.story_result(story))
        return {k: data[k] for k in ("documents", "relations", "stories", "lineage", "findings")}

    @app.post("/query")
    def post_query(body: QueryIn) -> dict[str, Any]:
        """Relate one article to the index without adding it."""
        found = service.ask(Article(body.id, body.text, body.title))
        data = report.to_json(found.result)
        data["query"] = found.id
        return data

    @app.get("/pairs/{a}/{b}")
    def get_pair(a: str, b: str) -> dict[str, Any]:
        data = report.to_json(_pair(service, a, b), include_text=True)
        return {"documents": data["documents"], "relations": data["relations"]}

    pages.install(app, service, _pair, _story_of)
    return app


def _source(rel: dict[str, Any]) -> str | None:
    return rel["a"] if rel["direction"] == "a->b" else rel["b"] if rel["direction"] == "b->a" else None


def _story_of(service: Service, doc_id: str) -> str:
    stories = service.store.stories_of([doc_id])
    if not stories:
        raise HTTPException(404, f"no article {doc_id!r} in the index")
    return next(iter(stories))


def _partners(service: Service, doc_id: str) -> list[str]:
    return sorted({x for r, _ in service.store.relations_of([doc_id]) for x in (r.a, r.b)} - {doc_id})


def _pair(service: Service, a: str, b: str) -> ScanResult:
    a, b = sorted((a, b))
    docs = service.store.documents([a, b])
    for doc_id in (a, b):
        if doc_id not in docs:
            raise HTTPException(404, f"no article {doc_id!r} in the index")
    rels = [r for r, _ in service.store.relations_of([a, b], within=True)]
    if not rels:
        raise HTTPException(404, f"{a!r} and {b!r} are not related in the index")
    return ScanResult(
        config=service.indexer.config,
        documents=(docs[a].document, docs[b].document),
        rejected=(),
        relations=tuple(rels),
        stories=(),
    )
