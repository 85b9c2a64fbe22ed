"""The characters stage's per-doc token lists agree with spaCy's own `Token` attributes."""

from __future__ import annotations

import pytest

from ficlens.nlp import get_nlp, parse_texts
from ficlens.stages.characters import _mostly_latin, _Tokens

TEXT = (
    "“Obi-Wan!” cried Mrs. Rachel Lynde.\n\nOld Cotter — the late John Jacob Astor's friend — "
    "walked to Kellynch Hall  at 9 a.m. HELEN smiled; Agnes (didn't) SAY a word.\t 'Yes,' said Turkey."
)


def test_tokens_match_spacy_tokens() -> None:
    doc = next(parse_texts([TEXT]))
    tk = _Tokens(doc)
    assert len(tk) == len(doc)
    assert tk.chars() == doc.text
    for i, token in enumerate(doc):
        assert tk.text[i] == token.text
        assert tk.lower[i] == token.lower_
        assert tk.idx[i] == token.idx
        assert bool(tk.ws[i]) == bool(token.whitespace_)
        assert (bool(tk.alpha[i]), bool(tk.punct[i]), bool(tk.space[i])) == (
            token.is_alpha,
            token.is_punct,
            token.is_space,
        )
    for start, end in [(0, 1), (3, 7), (len(doc) - 2, len(doc))]:
        span = doc[start:end]
        assert tk.char_range(start, end) == (span.start_char, span.end_char)
    assert tk.find(lambda t: t[:1].isupper()) == [t.i for t in doc if t.text[:1].isupper()]
    assert tk.find({"said", "cried"}.__contains__, lower=True) == [
        t.i for t in doc if t.lower_ in {"said", "cried"}
    ]


def test_tokens_of_empty_doc() -> None:
    tk = _Tokens(get_nlp()(""))
    assert len(tk) == 0
    assert tk.chars() == ""
    assert tk.find(str.isupper) == []


def _letters_rule(text: str) -> bool:
    """The rule `_mostly_latin` implements, character by character."""
    letters = [c for c in text[:20000] if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c < "\u0250") >= 0.6 * len(letters)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123 — “…”",
        "Plain English prose.",
        "Привет, мир",
        "日本語のテキスト and a few English words",
        "ÆØÅ ɐɑɒ ʃ",
        "ab" * 3 + "жж" * 2,  # 60% Latin exactly
        "ab" * 2 + "жж" * 2,
        "x" * 20000 + "日" * 50,  # only the first 20,000 characters count
        "² ½ _ ١٢ Ⅻ",  # digits and numerals are no letters
    ],
)
def test_mostly_latin(text: str) -> None:
    assert _mostly_latin(text) == _letters_rule(text)


def test_ner_runs_on_numpy_blas() -> None:
    from thinc.api import NumpyOps

    ner = get_nlp().get_pipe("ner")
    ops = [node.ops for node in ner.model.walk()]
    assert ops and all(isinstance(o, NumpyOps) and not o.use_blis for o in ops)
