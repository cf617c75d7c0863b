"""Adding, removing and querying articles: the scan's stages, run on what a batch touches.

A batch goes through the text stage (with furniture learned across the whole
index), embedding and signatures; its candidate pairs come from the index
(``lookup``); the scan's own ``relate_pairs`` and ``add_composed`` relate them.
Then the stories the batch touched, and the stories one relation away from them,
are regrouped, and the lineage and findings of those that can have changed rebuilt
by the scan's functions.
Everything else in the index stays as it was.

Beside this module: ``relating`` (a batch's or a query's candidates, related and
composed), ``regroup`` (stories, lineage and findings of what a batch touched),
``ready`` (what an older index lacks, filled on opening); ``lookup`` and ``bounds``
(candidates and the cap), ``reach`` (embedding neighbours), ``compose`` (which
composed pairs to compose), ``counts`` (word pairs, furniture lines), ``write`` (the
derived rows).
"""

from __future__ import annotations

import gc
import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np
from threadpoolctl import ThreadpoolController

from newslineage import spin, text
from newslineage.align import SideView
from newslineage.candidates import find_candidates
from newslineage.config import ScanConfig
from newslineage.embed import Encoder, UniversalSentenceEncoder
from newslineage.index import bounds, counts, reach, ready, records, write
from newslineage.index.counts import WordPairs, learned_furniture
from newslineage.index.known import KnownVectors
from newslineage.index.lookup import NewArticle, band_buckets, band_split, stored_signatures
from newslineage.index.regroup import derive, regroup
from newslineage.index.relating import compose, relate
from newslineage.index.rows import sentence_rows
from newslineage.index.store import Store
from newslineage.index.write import Neighbourhood, Related, story_id
from newslineage.models import COPY_RELATIONS, Article, Document
from newslineage.pipeline import Progress, add_composed, content_text, embed_documents, relate_pairs
from newslineage.signatures import sign_many
from newslineage.synonyms import Synonyms, load_synonyms
from newslineage.topics import topics_of

__all__ = ["AddReport", "Indexer", "Neighbourhood", "WordPairs", "article_hash", "story_id"]


class _Silent:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


@dataclass(frozen=True, slots=True)
class AddReport:
    """What one ``add`` did: ids added, updated (text changed), unchanged; relations written."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    relations: int
    #: Stories whose lineage and findings were rebuilt.
    stories: int
    #: Stored articles whose lines this add made furniture: they went through the stages again.
    remarked: tuple[str, ...] = ()
    #: Stories regrouped with the members they had, whose lineage and findings stood.
    kept: int = 0


def article_hash(article: Article) -> str:
    """What decides whether an article changed: its text and metadata."""
    return hashlib.sha256(records.dumps([article.text, records.article_meta(article)]).encode()).hexdigest()


class Indexer:
    """The library behind ``newslineage index`` and the service's writes and queries."""

    def __init__(
        self,
        store: Store,
        config: ScanConfig | None = None,
        *,
        encoder: Encoder | None = None,
        synonyms: Synonyms | None = None,
    ) -> None:
        self.store = store
        self.config = config or ScanConfig()
        self.encoder = encoder or UniversalSentenceEncoder()
        self.synonyms = synonyms if synonyms is not None else load_synonyms()
        self.split = band_split(self.config.candidates, self.config.signatures.num_perm)
        self._blas = ThreadpoolController()  # 60 ms: it lists the loaded libraries
        ready.reaches(self.store, self.config)
        ready.verdicts(self.store, self.config)
        with self.store.transaction() as db:
            counts.ready_postings(db, lambda: _stored_articles(db))
        ready.signatures(self.store, self.config)
        ready.minhash_values(self.store)

    def settle(self) -> None:
        """Ready a long-lived process to answer: the model loaded, and what it holds so far
        kept out of the garbage collector's full passes.

        A full pass walks every object the process holds (the model, the web framework,
        the index's memories; 38 ms here for a process that has loaded the model and the
        service alone), and the query it falls in pays for it. Collected once and then
        frozen (``gc.freeze``), those objects are never walked again; reference counting
        still frees them. The service settles once started and after every write.
        """
        self.encoder.encode(["settle"])
        gc.collect()
        gc.freeze()

    def one_blas_thread(self) -> AbstractContextManager[object]:
        """One BLAS thread while a query runs: OpenBLAS runs a product of a few thousand rows
        (the reach rule's) on a thread per core, whose waiting threads then spin; on this
        2-core machine, shared, a query paid 3.8 ms of CPU for a product that takes 0.5 on
        one, and 4 ms a query in all. The answers are the same: the threads split rows."""
        return self._blas.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]

    # Adding ----------------------------------------------------------------------------------

    def add(
        self,
        articles: Sequence[Article],
        *,
        progress: Progress | None = None,
        on_commit: Callable[[Sequence[str]], None] | None = None,
        chunk: int = 256,
    ) -> AddReport:
        """Add or update articles, ``chunk`` per transaction; ``on_commit`` hears each committed chunk."""
        progress = progress or _Silent()
        ordered = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        remarked: list[str] = []
        relations = touched = kept = 0
        if ordered and self.store.empty():
            # Into an empty index, the scan's batch stages over everything, then one write.
            report = self._first(ordered, progress)
            self.store.truncate_log()
            if on_commit is not None:
                on_commit(report.added)
            return report
        for start in range(0, len(ordered), chunk):
            batch = ordered[start : start + chunk]
            known = self.store.hashes([a.id for a in batch])
            fresh = [a for a in batch if known.get(a.id, (0, ""))[1] != article_hash(a)]
            unchanged += [a.id for a in batch if a not in fresh]
            if not fresh:
                continue
            with self.store.transaction() as db:
                sites = self.store.sites()
                redone = self._remarked(db, fresh)
                changed = [a.id for a in fresh if a.id in known] + [a.id for a in redone]
                dropped = self._delete(db, changed)
                news, views = self._insert(db, [*fresh, *redone], progress)
                found, hood = self._relate(db, news, views, dropped, progress, sites)
                write.neighbourhood(db, hood)
            relations += len(found)
            touched += len(hood.stories)
            kept += len(hood.kept)
            updated += [a.id for a in fresh if a.id in known]
            remarked += [a.id for a in redone]
            added += [a.id for a in fresh if a.id not in known]
            if on_commit is not None:
                on_commit([a.id for a in fresh])
            progress.advance(len(batch))
        if added or updated:
            # The log holds a second copy of each batch until SQLite checkpoints it, and then
            # keeps its largest size (80 MB after an add of 1,000 to 2,000 articles).
            self.store.truncate_log()
        return AddReport(
            tuple(added),
            tuple(updated),
            tuple(unchanged),
            relations,
            touched,
            tuple(sorted(set(remarked))),
            kept,
        )

    def _relate(
        self,
        db: sqlite3.Connection,
        news: Sequence[NewArticle],
        views: dict[str, SideView],
        dropped: set[str],
        progress: Progress,
        sites: set[str],
    ) -> tuple[Related, Neighbourhood]:
        """Relate a batch's newcomers (their relations written), then regroup what that touched.

        The regroup rebuilds the lineage only of the stories that hold a newcomer or an end of
        a copy relation written or taken out, or whose members changed (``regroup.derive``);
        of every story it regroups when the batch brings or takes away a site (the sites decide
        which credited sources are outside the collection, for any article).
        """
        gone: dict[tuple[str, str], str] = {}
        found = relate(self, db, news, views, progress, gone)
        write.relations(db, found)
        copied = {x for pair, kind in gone.items() if kind in COPY_RELATIONS for x in pair}
        recomposed = self._recompose(db, copied)
        newcomers = {n.document.id for n in news}
        touched = newcomers | _ends(found) | recomposed | {x for pair in gone for x in pair}
        changed = newcomers | copied | recomposed | _ends(found, copies=True)
        same_sites = self.store.sites() == sites
        return found, regroup(self, db, touched, dropped, views, changed=changed if same_sites else None)

    def _remarked(self, db: sqlite3.Connection, fresh: Sequence[Article]) -> list[Article]:
        """The stored articles (other than ``fresh``) carrying a line ``fresh`` makes furniture.

        A scan learns furniture across its whole collection, so a line that becomes furniture
        with this batch is furniture in the articles already stored too: they go through the
        stages again, as an article whose text changed does (their sentences, vectors,
        signatures and relations follow from which lines are furniture).
        """
        lines = counts.crossing(db, fresh, self.config.text.boilerplate_min_docs)
        ids = counts.carrying(db, lines) - {a.id for a in fresh} if lines else set()
        return [d.article for _, d in sorted(self.store.records(ids).items())]

    def _first(self, articles: Sequence[Article], progress: Progress) -> AddReport:
        """Everything a scan of ``articles`` finds, written to an empty index in one transaction.

        The candidates come from the scan's own ``find_candidates`` over the batch (the
        index's lookups answer one article at a time); the rest is the add's own path.
        """
        workers = self.config.text.processes
        with self.store.transaction() as db:
            news, views = self._insert(db, articles, progress, workers=workers)
            docs = [n.document for n in news]
            ordered = [views[d.id] for d in docs]
            keys = [n.key for n in news]
            vectors = np.stack([n.vector for n in news])
            cands = find_candidates(
                docs, np.stack([n.signature for n in news]), vectors, self.config.candidates, threads=workers
            )
            bounds.first(db, keys, [d.id for d in docs], cands, self.config.candidates.max_per_article)
            direct = relate_pairs(docs, ordered, cands, self.config, progress, workers=workers)
            composed = add_composed(direct, docs, ordered, self.config)
            plain = {id(r) for r in direct}
            found: Related = {(r.a, r.b): (r, id(r) not in plain) for r in composed}
            write.relations(db, found)
            reach.refresh(
                db, self.store.vectors(), keys, self.config.candidates, dict(zip(keys, vectors, strict=True))
            )
            hood = derive(
                self,
                db,
                docs,
                composed,
                frozenset(),
                topics_of(docs, vectors, cands.first, cands.second),
                whole=True,
            )
            write.neighbourhood(db, hood)
        progress.advance(len(articles))
        return AddReport(tuple(a.id for a in articles), (), (), len(found), len(hood.stories))

    def _recompose(self, db: sqlite3.Connection, ends: set[str]) -> set[str]:
        """Compose again the relations composed through copies of ``ends`` that are gone (a copy
        relation evicted, ``index.evict``); returns the ends of those that changed."""
        if not ends:
            return set()
        composed = [r for r, c in self.store.relations_of(ends) if c]
        db.executemany("DELETE FROM relations WHERE a=? AND b=?", [(r.a, r.b) for r in composed])
        found = compose(self, [], {}, hubs={x for r in composed for x in (r.a, r.b)})
        write.relations(db, found)
        return {x for r in composed for x in (r.a, r.b)} | _ends(found)

    def remove(self, ids: Sequence[str]) -> tuple[str, ...]:
        """Remove articles by id; returns the ids that were in the index."""
        present = sorted(self.store.hashes(list(ids)))
        if not present:
            return ()
        with self.store.transaction() as db:
            partners = {x for r, _ in self.store.relations_of(present) for x in (r.a, r.b)} - set(present)
            dropped = self._delete(db, present)
            # Relations composed through a removed text go with it; the remaining hubs compose again.
            composed = [r for r, c in self.store.relations_of(partners, within=True) if c]
            db.executemany("DELETE FROM relations WHERE a=? AND b=?", [(r.a, r.b) for r in composed])
            found = compose(self, [], {}, hubs={x for r in composed for x in (r.a, r.b)})
            write.relations(db, found)
            write.neighbourhood(db, regroup(self, db, partners | _ends(found), dropped))
        return tuple(present)

    def _delete(self, db: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
        """Delete articles and everything derived from them; returns the stories they were in."""
        if not ids:
            return set()
        stories_before = self.store.stories_of(ids)
        docs = self.store.documents(ids)
        for doc_id, stored in docs.items():
            pairs = [(" ".join(pair),) for pair in spin.pair_document_counts([stored.document])]
            db.executemany("UPDATE word_pairs SET docs = docs - 1 WHERE pair=?", pairs)
            # Only the pairs just counted down can have reached 0: no pass over the whole table.
            db.executemany("DELETE FROM word_pairs WHERE pair=? AND docs <= 0", pairs)
            for table in ("lsh", "anchors", "sentence_keys", "line_docs"):
                db.execute(f"DELETE FROM {table} WHERE doc=?", (stored.key,))
            values = stored_signatures(db, [stored.key]).get(stored.key)
            if values is not None:
                counts.minhash_down(db, values)
            db.execute("DELETE FROM signatures WHERE key=?", (stored.key,))
            db.execute("DELETE FROM doc_vectors WHERE key=?", (stored.key,))
            db.execute("DELETE FROM relations WHERE a=? OR b=?", (doc_id, doc_id))
            db.execute("DELETE FROM verdicts WHERE a=? OR b=?", (doc_id, doc_id))
            db.execute("DELETE FROM findings WHERE document=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        bounds.forget(db, [d.key for d in docs.values()], list(docs))
        keys = np.array([d.key for d in docs.values()], dtype=np.int64)
        vectors = np.stack([d.vector for d in docs.values()]) if docs else np.zeros((0, 512), np.float32)
        cfg = self.config.candidates
        lower = reach.leave(db, self.store.vectors(), keys.tolist(), vectors, cfg)
        self.store.stage_vectors(np.zeros(0, dtype=np.int64), np.zeros((0, 512), dtype=np.float32), keys)
        reach.refresh(db, self.store.vectors(), lower, cfg)
        return stories_before

    def prepare(
        self,
        db: sqlite3.Connection,
        articles: Sequence[Article],
        progress: Progress,
        *,
        record: bool,
        encoder: Encoder | None = None,
        workers: int = 1,
    ) -> tuple[list[Document], list[SideView], np.ndarray, np.ndarray]:
        """Text, embedding (with ``encoder``, by default the indexer's) and signature stages for
        new articles (furniture learned index-wide)."""
        learned = learned_furniture(db, articles, self.config.text.boilerplate_min_docs, record=record)
        docs = text.analyze_all(articles, self.config.text, learned)
        views, vectors = embed_documents(docs, encoder or self.encoder, progress, workers=workers)
        sigs = sign_many([content_text(d) for d in docs], self.config.signatures)
        return docs, views, vectors, sigs

    def _insert(
        self, db: sqlite3.Connection, articles: Sequence[Article], progress: Progress, *, workers: int = 1
    ) -> tuple[list[NewArticle], dict[str, SideView]]:
        # Sentences the index holds take their stored vectors, as a query's do: a scan embeds a
        # sentence once for every article that has it, and so the index keeps one vector for it.
        # (Into an empty index, with worker processes, there is nothing to reuse.)
        known = KnownVectors(self.store, self.encoder) if workers == 1 else None
        docs, views, vectors, sigs = self.prepare(
            db, articles, progress, record=True, encoder=known, workers=workers
        )
        news = []
        now = time.time()
        for doc, view, vector, sig in zip(docs, views, vectors, sigs, strict=True):
            art = doc.article
            cur = db.execute(
                "INSERT INTO documents(id, hash, meta, text, language, sentences, anchors, vectors, vector, "
                "site, added) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id,
                    article_hash(art),
                    records.article_meta(art),
                    art.text,
                    doc.language,
                    records.sentences_blob(doc.sentences),
                    records.anchors_json(doc.anchors),
                    self.store.sentence_blob(view.vectors),
                    vector.astype(np.float32).tobytes(),
                    art.site,
                    now,
                ),
            )
            key = int(cur.lastrowid or 0)
            counts.post_lines(db, key, art)
            db.execute(
                "INSERT INTO doc_vectors(key, vector) VALUES (?,?)",
                (key, vector.astype(np.float32).tobytes()),
            )
            news.append(NewArticle(doc, key, vector, sig))
            db.execute(
                "INSERT OR REPLACE INTO signatures VALUES (?,?)", (key, sig.astype(np.uint32).tobytes())
            )
            counts.minhash_up(db, sig)
            db.executemany(
                "INSERT INTO lsh VALUES (?,?,?)",
                [(b, h, key) for b, h in band_buckets(sig, self.split)],
            )
            db.executemany("INSERT INTO anchors VALUES (?,?)", [(a, key) for a in _telling(doc)])
            db.executemany("INSERT OR IGNORE INTO sentence_keys VALUES (?,?,?)", sentence_rows(key, doc))
            db.executemany(
                "INSERT INTO word_pairs VALUES (?, 1) ON CONFLICT(pair) DO UPDATE SET docs = docs + 1",
                [(" ".join(p),) for p in spin.pair_document_counts([doc])],
            )
        self.store.stage_vectors(np.array([n.key for n in news], dtype=np.int64), vectors)
        return news, {v.document.id: v for v in views}


def _stored_articles(db: sqlite3.Connection) -> Iterator[tuple[int, Article]]:
    for key, doc_id, body, meta in db.execute("SELECT key, id, text, meta FROM documents").fetchall():
        yield key, records.article_from(doc_id, body, meta)


def _ends(found: Related, *, copies: bool = False) -> set[str]:
    """The articles at either end of ``found`` (of its copy relations alone with ``copies``)."""
    return {x for pair, (rel, _) in found.items() if rel.is_copy or not copies for x in pair}


def _telling(doc: Document) -> list[str]:
    from newslineage.candidates import telling_anchors

    return sorted(telling_anchors(doc))
