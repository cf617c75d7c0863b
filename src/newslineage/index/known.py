"""An encoder that answers the sentences the index already holds from their stored vectors.

Reprints repeat most of their sentences verbatim, and the index keeps every
document's sentence vectors (so that alignment never re-embeds): a query of a
reprint needs the model only for the sentences no indexed article has. The
vectors found are the ones that article's own embedding stored; a re-embedding
would differ from them only in the last bits (a vector's last bits depend on the
batch it was computed in, see ``embed.embed_unique``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newslineage.embed import Encoder, Matrix
from newslineage.index.rows import sentence_key
from newslineage.index.store import Store


class KnownVectors:
    """``Encoder`` over ``encoder``: stored vectors first, the model for the rest.

    ``reused`` and ``embedded`` count the sentences answered each way (for the bench).
    """

    def __init__(self, store: Store, encoder: Encoder) -> None:
        self.store = store
        self.encoder = encoder
        self.dim = encoder.dim
        self.reused = 0
        self.embedded = 0

    def encode(self, texts: Sequence[str]) -> Matrix:
        keys = [sentence_key(t) for t in texts]
        stored = self.store.sentence_vectors(keys)
        missing = [i for i, k in enumerate(keys) if k not in stored]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if missing:
            out[missing] = self.encoder.encode([texts[i] for i in missing])
        for i, k in enumerate(keys):
            if k in stored:
                out[i] = stored[k]
        self.reused += len(texts) - len(missing)
        self.embedded += len(missing)
        return out
