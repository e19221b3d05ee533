"""Small neural models run offline: a BERT WordPiece tokenizer in pure Python and an ONNX session.

The shipped stance model (``lexicons/stance_neural.onnx``, model card ``stance_neural.md``) is
a fine-tuned MiniLM-L6 encoder exported to ONNX and quantised to int8; the sentence model
(``lexicons/sentence_model.onnx``, see :mod:`newslens.sentence_model`) reads the same
vocabulary.  Running them needs only ``numpy`` and ``onnxruntime``; nothing is downloaded.
The tokenizer here reproduces the ids of the BERT *uncased* tokenizer the models were
trained with (lower-casing, accent stripping, punctuation splitting, greedy longest-match
WordPiece with ``##`` continuations), and it reports the character span of every piece so
that scores can point back to words of the article.

Examples
--------
>>> from newslens.neural import wordpiece
>>> [t for t, _, _ in wordpiece("Unbelievable, Chief Blake!")]
['unbelievable', ',', 'chief', 'blake', '!']
"""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

from .errors import missing_dependency
from .files import lexicon, read_lexicon
from .textnorm import PLAIN_QUOTES

__all__ = ["vocab", "wordpiece", "encode_sentence", "encode_mention", "session", "MARK_OPEN", "MARK_CLOSE", "CLS", "SEP", "PAD", "UNK"]

PAD, UNK, CLS, SEP = "[PAD]", "[UNK]", "[CLS]", "[SEP]"
MARK_OPEN, MARK_CLOSE = "[unused0]", "[unused1]"  # put around the target mention
_MAX_WORD = 100


@lru_cache(maxsize=4)
def vocab(name: str = "stance_neural_vocab.txt") -> dict[str, int]:
    """The WordPiece vocabulary shipped in ``newslens/lexicons`` (token → id), loaded once."""
    text = read_lexicon(name)
    return {tok: i for i, tok in enumerate(text.split("\n")) if tok or i == 0}


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


@lru_cache(maxsize=65536)
def _norm_char(ch: str) -> str:
    """Lower-case and strip accents of one character ('' for characters BERT drops, ' ' for spaces);
    typographic apostrophes and quotation marks become the plain ones (``textnorm.PLAIN_QUOTES``), so
    that a sentence scores the same whichever an outlet prints ("didn’t", "didn't")."""
    ch = PLAIN_QUOTES.get(ch, ch)
    cp = ord(ch)
    if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
        return " "
    if cp == 0 or cp == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf"):
        return ""
    out = unicodedata.normalize("NFD", ch.lower())
    return "".join(c for c in out if unicodedata.category(c) != "Mn")


def _basic_reference(text: str) -> list[tuple[str, int, int]]:
    """BERT's basic tokenizer with character offsets, one character at a time (the reference)."""
    words: list[tuple[str, int, int]] = []
    buf: list[str] = []
    start = end = -1
    for i, ch in enumerate(text):
        n = _norm_char(ch)
        if n == " ":
            if buf:
                words.append(("".join(buf), start, end))
                buf = []
            continue
        for c in n:
            if _is_punct(c) or _is_cjk(ord(c)):
                if buf:
                    words.append(("".join(buf), start, end))
                    buf = []
                words.append((c, i, i + 1))
                continue
            if not buf:
                start = i
            buf.append(c)
            end = i + 1
    if buf:
        words.append(("".join(buf), start, end))
    return _typed_marks(text, words)


# a dash typed as two or three hyphens, an ellipsis typed as three full stops (not longer runs: rules)
_TYPED_RUN = re.compile(r"(?<!-)-{2,3}+(?!-)|(?<!\.)\.\.\.(?!\.)")


def _typed_marks(text: str, words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A dash typed as hyphens ("it failed -- again") reads as the dash "—" it stands for, and three
    full stops as the ellipsis "…": one word spanning them, as in text that prints the character."""
    if "--" not in text and "..." not in text:
        return words
    runs = {m.start(): m.end() for m in _TYPED_RUN.finditer(text)}
    out: list[tuple[str, int, int]] = []
    skip = -1
    for w in words:
        if w[1] < skip:
            continue
        end = runs.get(w[1])
        if end is not None and w[0] in ("-", "."):
            out.append(("—" if w[0] == "-" else "…", w[1], end))
            skip = end
        else:
            out.append(w)
    return out


# The fast path: every character of the text that normalises to exactly one character (or to a
# space) is translated in C, character classes ('w' word, 'p' split off alone, ' ' space) are
# matched by one regex, and offsets stay those of the original text.  A text with a character
# that BERT drops or expands (control characters, some ligatures) takes the reference path.
_NORM: dict[int, str] = {}
_CLASS: dict[int, str] = {}
_SIMPLE: set[str] = set()
_COMPLEX: set[str] = set()
_RUNS = re.compile(r"w+|p")


def _learn(chars) -> bool:
    """Add ``chars`` to the translation tables; False when one of them needs the reference path."""
    ok = True
    for ch in chars:
        n = _norm_char(ch)
        if n == " ":
            cls = " "
        elif len(n) == 1:
            cls = "p" if _is_punct(n) or _is_cjk(ord(n)) else "w"
        else:
            _COMPLEX.add(ch)
            ok = False
            continue
        _NORM[ord(ch)] = n
        _CLASS[ord(ch)] = cls
        _SIMPLE.add(ch)
    return ok


def _basic(text: str) -> list[tuple[str, int, int]]:
    """BERT's basic tokenizer with character offsets: ``(normalised word, start, end)``.

    Identical to :func:`_basic_reference` (a test compares them), several times faster.
    """
    chars = set(text)
    new = chars - _SIMPLE
    if new and (not _COMPLEX.isdisjoint(new) or not _learn(new)):
        return _basic_reference(text)
    norm = text.translate(_NORM)
    return _typed_marks(text, [(norm[a:b], a, b) for a, b in (m.span() for m in _RUNS.finditer(text.translate(_CLASS)))])


@lru_cache(maxsize=131072)
def _pieces(word: str, vocab_name: str) -> tuple[str, ...]:
    v = vocab(vocab_name)
    if len(word) > _MAX_WORD:
        return (UNK,)
    out = []
    i = 0
    while i < len(word):
        j = len(word)
        cur = None
        while i < j:
            sub = word[i:j] if i == 0 else "##" + word[i:j]
            if sub in v:
                cur = sub
                break
            j -= 1
        if cur is None:
            return (UNK,)
        out.append(cur)
        i = j
    return tuple(out)


def wordpiece(text: str, *, vocab_name: str = "stance_neural_vocab.txt") -> list[tuple[str, int, int]]:
    """Split ``text`` into WordPiece tokens ``(piece, start, end)``; offsets are those of the word.

    Examples
    --------
    >>> wordpiece("Hale's crews")[:3]
    [('hale', 0, 4), ("'", 4, 5), ('s', 5, 6)]
    """
    return [(p, a, b) for w, a, b in _basic(text) for p in _pieces(w, vocab_name)]


_WORD_IDS_MAX = 200_000  # distinct words remembered per vocabulary (then the memory starts afresh)


@lru_cache(maxsize=4)
def _word_ids(vocab_name: str) -> dict[str, tuple[int, ...]]:
    """A cache word → WordPiece ids for one vocabulary (emptied when it reaches ``_WORD_IDS_MAX``)."""
    return {}


def encode_sentence(text: str, *, max_len: int = 128, vocab_name: str = "stance_neural_vocab.txt",
                    max_chars: int = 4000) -> tuple[list[int], list[tuple[int, int] | None]]:
    """Model input for a whole sentence: ``[CLS] pieces [SEP]``, at most ``max_len`` ids.

    Returns the ids and, per id, the character span in ``text`` of the word it came from
    (``None`` for ``[CLS]`` and ``[SEP]``).  Only the first ``max_chars`` characters are read
    (a longer "sentence" is a table or a scrape without punctuation; its first words stand for it),
    so the time is bounded whatever the input.

    Examples
    --------
    >>> ids, spans = encode_sentence("Hale won.")
    >>> len(ids), spans[1], spans[-1]
    (5, (0, 4), None)
    """
    v = vocab(vocab_name)
    cache = _word_ids(vocab_name)
    unk = v[UNK]
    ids = [v[CLS]]
    spans: list[tuple[int, int] | None] = [None]
    room = max_len - 2
    for w, a, b in _basic(text[:max_chars]):
        p = cache.get(w)
        if p is None:
            if len(cache) >= _WORD_IDS_MAX:
                cache.clear()
            p = cache[w] = tuple(v.get(x, unk) for x in _pieces(w, vocab_name))
        if len(p) > room:
            break
        ids.extend(p)
        spans.extend([(a, b)] * len(p))
        room -= len(p)
    ids.append(v[SEP])
    spans.append(None)
    return ids, spans


def encode_mention(text: str, start: int, end: int, *, max_len: int = 128,
                   vocab_name: str = "stance_neural_vocab.txt") -> tuple[list[int], list[tuple[int, int] | None]]:
    """Model input for the mention ``text[start:end]``.

    ``[CLS] left [unused0] mention [unused1] right [SEP] mention [SEP]``: the mention is
    marked in place and repeated as the second segment.  When the sentence is too long, words
    far from the mention are cut on both sides.  Returns the ids and, per id, the character
    span in ``text`` of the word it came from (``None`` for special tokens and the second
    segment).  Token type ids are 0 up to the first ``[SEP]`` and 1 after it.

    Examples
    --------
    >>> ids, spans = encode_mention("Blake won.", 0, 5)
    >>> len(ids) == len(spans) and spans[2] == (0, 5)
    True
    """
    v = vocab(vocab_name)
    left = wordpiece(text[:start], vocab_name=vocab_name)
    ment = [(p, a + start, b + start) for p, a, b in wordpiece(text[start:end], vocab_name=vocab_name)]
    right = [(p, a + end, b + end) for p, a, b in wordpiece(text[end:], vocab_name=vocab_name)]
    ment = ment[:16]
    budget = max_len - 5 - 2 * len(ment)
    if len(left) + len(right) > budget:
        keep_l = min(len(left), max(budget // 2, budget - len(right)))
        keep_r = budget - keep_l
        left = left[len(left) - keep_l:] if keep_l > 0 else []
        right = right[:keep_r]
    toks = [(CLS, None), *((p, (a, b)) for p, a, b in left), (MARK_OPEN, None), *((p, (a, b)) for p, a, b in ment),
            (MARK_CLOSE, None), *((p, (a, b)) for p, a, b in right), (SEP, None), *((p, None) for p, _, _ in ment), (SEP, None)]
    unk = v[UNK]
    return [v.get(p, unk) for p, _ in toks], [s for _, s in toks]


def pad_batch(seqs: list[list[int]], sep_id: int):
    """``(input_ids, attention_mask, token_type_ids)`` int64 arrays for a batch of sequences.

    Sequences are right-padded with 0 to the longest; token types are 1 after the first
    ``[SEP]`` (the mention repeated as the second segment).  Training and the package share it.
    """
    import numpy as np

    n = max(len(x) for x in seqs)
    ids = np.zeros((len(seqs), n), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for r, x in enumerate(seqs):
        ids[r, : len(x)] = x
        mask[r, : len(x)] = 1
        types[r, x.index(sep_id) + 1: len(x)] = 1
    return ids, mask, types


THREADS_ENV = "NEWSLENS_ONNX_THREADS"


def default_threads() -> int:
    """Threads one ONNX session may use: ``$NEWSLENS_ONNX_THREADS``, else 1.

    One thread suits the machines newslens is run on (a laptop or one core per Dask worker):
    the models are small and their batches short, so a second thread gains little and competes
    with the other measures.  Set the variable to 2 for an interactive session on an idle machine.
    """
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=8)
def session(name: str = "stance_neural.onnx", *, threads: int | None = None):
    """An ``onnxruntime.InferenceSession`` for a model shipped in ``newslens/lexicons`` (cached).

    Sequential execution on ``threads`` intra-op threads (``None``: :func:`default_threads`), all
    graph optimisations on.

    Raises
    ------
    MissingDependencyError
        When ``onnxruntime`` is not installed (``pip install onnxruntime``).
    """
    try:
        import onnxruntime as ort
    except ImportError:
        raise missing_dependency("onnxruntime", f"the model {name}") from None
    path = lexicon(name)
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    opts.intra_op_num_threads = threads if threads is not None else default_threads()
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
