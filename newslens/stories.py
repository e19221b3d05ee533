"""Reports of the same event across outlets (``nl.stories``) and comparisons within them (``nl.compare``).

Comparing outlets over whatever each happened to cover mixes *how* they report with *what*
they report: an outlet that covered more disasters looks more negative.  ``stories()`` groups
the articles that report the same event (across outlets, within a time window), and
``compare(..., within="story")`` then compares two outlets only on the stories both covered.

How articles are matched
------------------------
Each article becomes a weighted word vector: its title counts ``TITLE_WEIGHT`` times, its
first ``LEAD_PARAGRAPHS`` paragraphs ``LEAD_WEIGHT`` times, the rest once; function words
(``lexicons/stopwords_en.txt``) and words no other article uses are left out; weights are
``(1 + log tf) * idf`` (idf over the articles given) and only the ``TOP_TERMS`` heaviest words
are kept (the article's key words).  Two articles published at most ``window`` apart
(calendar days, UTC) are *linked* when

1. the cosine similarity of their key-word vectors is at least ``threshold``, or
2. one is the other's most similar article in the window and they are at least
   ``NEAREST_FLOOR`` similar (reports of one event in different words);

a story is a connected group of linked articles, so it can last longer than ``window``
through the reports in between.  Then stories within the window of each other whose word
profiles (the normalised sum of their articles' vectors) are at least ``STORY_THRESHOLD``
similar, and each the other's most similar story, are joined: an event and its follow-ups.
Finally, an article still alone whose most similar article is below ``NEAREST_FLOOR`` joins
that article's story when the match is clear: at least ``WEAK_FLOOR`` similar and at least
``RIVAL_RATIO`` times as similar as the most similar article of any other story (among its
``RIVALS`` most similar articles).  A comment or analysis piece names the event's people and
places but argues in its own words, so little of its weight is on words the reports weigh:
its similarity to them is low in absolute terms yet far above its similarity to anything else
in the window (the ratio test: a weak match is trusted only when there is no close rival).
An article without a date is compared on its text with every article.

Candidate pairs come from an inverted index of the key words inside each time window (never
all pairs): two articles are a candidate pair when they share a key word that is among the
``CANDIDATE_TERMS`` heaviest of either article and that at most ``SOLO_POSTING`` articles in
reach have among their key words, or two such heavy words however common; their similarity is
then computed over all ``TOP_TERMS`` key words.  The work grows with the number of articles
times the articles that share heavy key words with each in the same window.  A key word shared
by more than ``MAX_POSTING`` articles in one window is too common to tell events apart: it pairs
each article only with the next ``CROWDED_NEXT`` articles that weigh it (so the thousands of
copies of one wire story in a week, which share nothing rarer, still form one story).  The
follow-up step compares only stories that have two articles at least ``NEAREST_FLOOR`` similar.
Near-duplicates (the same wire copy republished) are found with :func:`newslens.duplicates`
among the closely similar pairs and stay marked.

The constants below were chosen on BASIL's events of 2010–2014 (``benchmarks/stories.py``
says which rows are development data and which are held out); ``SOLO_POSTING`` bounds the work
on dense corpora (chosen for speed on the generated corpus of the speed benchmark; BASIL and the
bundled corpus give the same stories with it at 5, 10 or unbounded, Emergent nearly the same).
"""
from __future__ import annotations

import re
import string
import unicodedata
import warnings
import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import ColumnError, NewsLensError, NewsLensWarning, OptionError, missing_columns
from .files import read_lexicon
from .schema import _outside_newslens
from .summarize import _find, _union, duplicates

__all__ = ["stories", "compare", "stop_words", "TITLE_WEIGHT", "LEAD_WEIGHT", "LEAD_PARAGRAPHS", "TOP_TERMS",
           "CANDIDATE_TERMS", "THRESHOLD", "NEAREST_FLOOR", "STORY_THRESHOLD", "WINDOW", "MAX_POSTING", "CROWDED_NEXT",
           "SOLO_POSTING", "RIVALS", "WEAK_FLOOR", "RIVAL_RATIO"]

#: weight of a title word, of a word of the lead paragraphs, of any other word
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
#: paragraphs (blank-line separated) that form the lead
LEAD_PARAGRAPHS = 2
#: key words kept per article
TOP_TERMS = 40
#: the heaviest key words through which candidate pairs are found (their similarity uses all TOP_TERMS);
#: the smallest value that finds every pair at least NEAREST_FLOOR similar on BASIL 2010–2014
CANDIDATE_TERMS = 12
#: cosine similarity from which two articles count as the same story
THRESHOLD = 0.3
#: an article is also linked to its most similar article in the window when they are at least this similar
NEAREST_FLOOR = 0.1
#: how many of its most similar articles an article is linked to (when above NEAREST_FLOOR)
NEIGHBOURS = 1
#: two stories within the window of each other whose mean word vectors are this similar are one
STORY_THRESHOLD = 0.4
#: default time window: a week of news (an event and its follow-ups)
WINDOW = "7D"
#: a key word shared by more articles than this inside one window pairs each article only with the next
#: CROWDED_NEXT that lead with it (by date, then input order): one wire story run by thousands of papers in a
#: week shares every key word with thousands, and such a chain joins its copies in linear time, while two
#: unrelated articles next to each other need a second such word in common to be compared at all
MAX_POSTING = 2000
CROWDED_NEXT = 4
#: a key word shared by more articles than this inside one window proposes a pair only with a second shared key word
SOLO_POSTING = 10
#: pairs at least this similar are checked for near-duplicate text
_DUPLICATE_CANDIDATE = 0.6
#: an article alone joins the story of its most similar article below NEAREST_FLOOR when that is at least
#: WEAK_FLOOR similar and RIVAL_RATIO times as similar as any other story's article among its RIVALS most
#: similar (RIVALS = 0: never).  Chosen on BASIL 2010–2014 with each outlet's articles replaced in turn by
#: their last half or quarter of paragraphs without title (a piece about the event without its news lead;
#: benchmarks/stories.py, "commentary views"): the setting that joins most of them to their event while the
#: BASIL stories and those of the generated corpus stay exactly as they were (ratios 1.5 and 2, with floors
#: 0.03 to 0.07, join a few more but also join unrelated generated articles)
RIVALS = 4
WEAK_FLOOR = 0.05
RIVAL_RATIO = 3.0
_BUCKETS = 1 << 22
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in string.punctuation + "".join(map(chr, range(0x2000, 0x2070)))
                                 + "«»‹›¿¡§¶·•−×"})
_UNDATED = np.iinfo(np.int64).min
_BLOCK = 4000


def stop_words() -> frozenset[str]:
    """The English function words shipped with newslens (``lexicons/stopwords_en.txt``).

    Written for newslens from the closed word classes of English (articles, pronouns,
    prepositions, conjunctions, auxiliaries, negation), not counted from any corpus.

    >>> from newslens.stories import stop_words
    >>> {"the", "of", "would"} <= stop_words() and "election" not in stop_words()
    True
    """
    global _STOP
    if _STOP is None:
        _STOP = frozenset(w.strip() for w in read_lexicon("stopwords_en.txt").splitlines()
                          if w.strip() and not w.startswith("#"))
    return _STOP


_STOP: frozenset[str] | None = None


# ---------------------------------------------------------------- article vectors
class _Vocabulary:
    """Word → bucket (a stable CRC-32 hash, so runs and processes agree) and bucket → a word for evidence."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: dict[int, str] = {}
        self.stop = stop_words()

    def bucket(self, word: str) -> int:
        b = self.ids.get(word)
        if b is None:
            if len(self.ids) > 500_000:  # keep the cache bounded on endless streams
                self.ids.clear()
            b = self.ids[word] = zlib.crc32(word.encode("utf-8", "surrogatepass")) & (_BUCKETS - 1)
        return b

    def buckets(self, words) -> tuple[np.ndarray, np.ndarray]:
        """Bucket of each distinct word, and whether it can link articles (not a function word, 2+ characters)."""
        ids = np.fromiter((self.bucket(w) for w in words), dtype=np.int64, count=len(words))
        usable = np.fromiter((len(w) > 1 and w not in self.stop for w in words), dtype=bool, count=len(words))
        for w, b in zip(words, ids.tolist()):
            self.words.setdefault(b, w)
        return ids, usable


def _words(text: str) -> list[str]:
    """Folded words of ``text`` (NFKC, case-folded, split at punctuation and spaces)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT_TO_SPACE).split()


def _tf_table(vocab: _Vocabulary, titles, texts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(doc, term, weighted tf)`` for a block of articles (doc = position in the block): every
    word of the title counts ``TITLE_WEIGHT``, of the lead ``LEAD_WEIGHT``, of the rest 1."""
    flat: list[str] = []
    lens: list[int] = []
    for title, text in zip(titles, texts):
        paras = _PARAGRAPH_BREAK.split(text, maxsplit=LEAD_PARAGRAPHS)
        for part in (title, " ".join(paras[:LEAD_PARAGRAPHS]), " ".join(paras[LEAD_PARAGRAPHS:])):
            words = _words(part)
            flat.extend(words)
            lens.append(len(words))
    if not flat:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    n = len(lens) // 3
    weight = np.repeat(np.tile([TITLE_WEIGHT, LEAD_WEIGHT, 1.0], n), lens)
    doc = np.repeat(np.repeat(np.arange(n, dtype=np.int64), 3), lens)
    codes, uniques = pd.factorize(np.array(flat, dtype=object))
    ids, usable = vocab.buckets(uniques.tolist())
    keep = usable[codes]
    key, inv = np.unique(doc[keep] * len(uniques) + codes[keep], return_inverse=True)
    tf = np.bincount(inv, weights=weight[keep])
    return key // len(uniques), ids[key % len(uniques)], tf


def _by_article_heaviest_first(doc, term, w) -> np.ndarray:
    """The order of ``np.lexsort((term, -w, doc))`` (by article, heaviest first; ties by word,
    whatever the block), from one sort of a combined integer key when it fits in 63 bits."""
    if doc.size == 0:
        return np.empty(0, np.int64)
    values, rank = np.unique(w, return_inverse=True)
    span = values.size * _BUCKETS
    if (int(doc.max()) + 1) * span >= 1 << 62:
        return np.lexsort((term, -w, doc))
    return np.argsort(doc * span + (values.size - 1 - rank) * _BUCKETS + term)


def _rank_in_groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ``keys`` sorted into runs of equal values: ``(first, rank)``, whether each element opens
    its run and its position in the run (0, 1, 2 …)."""
    first = np.r_[True, keys[1:] != keys[:-1]]
    return first, np.arange(keys.size) - np.maximum.accumulate(np.where(first, np.arange(keys.size), 0))


def _key_terms(doc, term, tf, idf: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ``top`` heaviest words of each article, weights L2-normalised per article, and each word's rank (0 = heaviest)."""
    w = (1.0 + np.log(tf)) * idf[term]
    shared = np.isfinite(w)  # words of one article only (idf inf) can link nothing: they only dilute
    doc, term, w = doc[shared], term[shared], w[shared]
    order = _by_article_heaviest_first(doc, term, w)
    doc, term, w = doc[order], term[order], w[order]
    if doc.size:
        _, rank = _rank_in_groups(doc)
        keep = rank < top
        doc, term, w, rank = doc[keep], term[keep], w[keep], rank[keep]
        norm = np.sqrt(np.bincount(doc, weights=w * w, minlength=int(doc.max()) + 1))
        w = w / norm[doc]
        return doc, term, w.astype(np.float64), rank
    return doc, term, w.astype(np.float64), np.empty(0, np.int64)


def _top(a: np.ndarray, sim: np.ndarray, b: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` most similar partners ``b`` of each article ``a`` (ties: the later partner),
    sorted by article, most similar first."""
    if a.size == 0:
        return a, sim, b
    order = np.lexsort((-b, -sim, a))
    _, rank = _rank_in_groups(a[order])
    keep = order[rank < k]
    return a[keep], sim[keep], b[keep]


def _kept(parts: list, k: int, n: int) -> list:
    """``parts`` (a list of ``(article, similarity, other)`` arrays) cut to each article's ``k``
    most similar (:func:`_top`) once they hold more than ``4 k`` per article of ``n``."""
    if sum(x[0].size for x in parts) > 4 * k * n + 100_000:
        return [_best(parts, k)]
    return parts


def _best(parts: list, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each article's ``k`` most similar partners among all of ``parts``."""
    return _top(*(np.concatenate(x) for x in zip(*parts)), k)


# ---------------------------------------------------------------- candidate pairs and their similarity
def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, …`` (``counts[k]`` numbers) for every k, concatenated."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


def _join(doc, term, w, day, new, window: int, lead=None, postings: bool = False, busy: int | None = None) -> tuple:
    """Per-word contributions ``w_i * w_j`` of every pair of articles that share a key word,
    were published at most ``window`` days apart and include at least one ``new`` article.

    ``lead``: the entries that propose pairs (a pair needs at least one; None: every entry);
    where more than ``busy`` articles in reach have the word, only two leading entries pair.
    Returns ``(i, j, term, product)`` with ``i < j`` (article numbers), and (``postings``) how
    many articles have the word within reach of the pair's first entry.
    """
    empty = (np.empty(0, np.int64),) * 3 + (np.empty(0),) + ((np.empty(0, np.int64),) if postings else ())
    if doc.size < 2:
        return empty
    order = np.lexsort((doc, day, term))
    doc, term, w, day, new = doc[order], term[order], w[order], day[order], new[order]
    key = term * (1 << 40) + day  # term < 2**22, days shifted to be non-negative by the caller
    hi = np.searchsorted(key, key + window, side="right")
    lo = np.searchsorted(key, key - window, side="left")
    crowded = (hi - lo) > MAX_POSTING
    idx = np.arange(doc.size)
    count = np.where(crowded, 0, hi - idx - 1)  # every later entry in reach
    if lead is not None:
        lead = lead[order]
        many = (hi - lo) > busy if busy is not None else np.zeros(doc.size, bool)
        count[~lead | many] = 0
    left = np.repeat(idx, count)
    right = _ranges(idx + 1, count)
    if lead is not None:
        # busy words: every later leading entry in reach; crowded ones: the next CROWDED_NEXT of them
        leading, ahead = np.flatnonzero(lead), np.r_[0, np.cumsum(lead)]
        fwd = np.where(~lead | ~many, 0, ahead[hi] - ahead[idx + 1])
        fwd = np.where(crowded, np.minimum(fwd, CROWDED_NEXT), fwd)
        # other words: every earlier entry in reach that does not lead (those that do found the pair)
        follow, before = np.flatnonzero(~lead), np.r_[0, np.cumsum(~lead)]
        back = np.where(crowded | ~lead | many, 0, before[idx] - before[lo])
        left = np.r_[left, np.repeat(idx, fwd), np.repeat(idx, back)]
        right = np.r_[right, leading[_ranges(ahead[idx + 1], fwd)], follow[_ranges(before[lo], back)]]
    if left.size == 0:
        return empty
    keep = new[left] | new[right]
    left, right = left[keep], right[keep]
    a, b = doc[left], doc[right]
    i, j = np.minimum(a, b), np.maximum(a, b)
    if postings:
        return i, j, term[left], w[left] * w[right], (hi - lo)[left]
    return i, j, term[left], w[left] * w[right]


class _Lookup:
    """Key-word vectors ``(doc, term, w)`` sorted by article and word, for scoring pairs of them."""

    def __init__(self, doc, term, w):
        key = doc * _BUCKETS + term
        order = np.argsort(key)
        self.key, self.w = key[order], w[order]

    def size(self, x: np.ndarray) -> np.ndarray:
        """Number of words of each of the articles ``x``."""
        return np.searchsorted(self.key, (x + 1) * _BUCKETS) - np.searchsorted(self.key, x * _BUCKETS)

    def score(self, pi, pj, *, per_word: bool = False, batch: int = 4_000_000):
        """Cosine similarity of each pair ``(pi, pj)`` (pairs sharing no word left out, the
        others in the given order), or (``per_word``) the per-word contributions ``w_i * w_j``.

        Each pair is looked up from the side with fewer words (a story's profile can have
        thousands), about ``batch`` words at a time."""
        key, w = self.key, self.w
        small = self.size(pi) <= self.size(pj)
        src, dst = np.where(small, pi, pj), np.where(small, pj, pi)
        n_src = self.size(src)
        cut = np.searchsorted(np.cumsum(n_src), np.arange(batch, int(n_src.sum()) + batch, batch), side="right")
        out = [], [], [], []
        for lo, hi in zip(np.r_[0, cut[:-1]], cut):
            a, b = src[lo:hi], dst[lo:hi]
            start = np.searchsorted(key, a * _BUCKETS)
            count = n_src[lo:hi]
            pair = np.repeat(np.arange(a.size), count)
            idx = _ranges(start, count)
            t = key[idx] % _BUCKETS
            look = b[pair] * _BUCKETS + t
            pos = np.minimum(np.searchsorted(key, look), key.size - 1)
            hit = key[pos] == look
            prod = w[idx][hit] * w[pos][hit]
            if per_word:
                x, y = a[pair][hit], b[pair][hit]
                parts = (np.minimum(x, y), np.maximum(x, y), t[hit], prod)
            else:
                found = np.bincount(pair[hit], minlength=a.size) > 0
                sim = np.bincount(pair[hit], weights=prod, minlength=a.size)
                parts = (pi[lo:hi][found], pj[lo:hi][found], sim[found])
            for acc, part in zip(out, parts):
                acc.append(part)
        if not out[0]:
            return (np.empty(0, np.int64),) * (3 if per_word else 2) + (np.empty(0),)
        return tuple(np.concatenate(x) for x in out if x)


def _pairs(doc, term, w, day, rank, new, window: int):
    """Candidate pairs (within the window, one of them new) and the cosine similarity of their
    full key-word vectors (and the vectors' lookup, for the shared words of chosen pairs).  Two articles are a candidate pair when they share a key word
    that is among the ``CANDIDATE_TERMS`` heaviest of either and that at most ``SOLO_POSTING``
    articles in reach have among their key words, or two key words (among the heaviest of
    either, or, when more common, of both)."""
    ci, cj, _, _, posting = _join(doc, term, w, day, new, window, lead=rank < CANDIDATE_TERMS, postings=True,
                                  busy=SOLO_POSTING)
    lookup = _Lookup(doc, term, w)
    if ci.size == 0:
        return ci, cj, np.empty(0), lookup
    pairs, inv, shared = np.unique(ci * (1 << 31) + cj, return_inverse=True, return_counts=True)
    pairs = pairs[(shared >= 2) | (np.bincount(inv, weights=posting <= SOLO_POSTING, minlength=pairs.size) > 0)]
    return (*lookup.score(pairs >> 31, pairs & ((1 << 31) - 1)), lookup)


def _no_entries() -> tuple:
    """Empty ``(doc, term, w, rank)`` arrays."""
    return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0, np.int64)


class _Matcher:
    """Links articles block by block in date order, keeping only the articles of the last window."""

    def __init__(self, idf: np.ndarray, window: int, threshold: float, vocab: _Vocabulary):
        self.idf, self.window, self.threshold, self.vocab = idf, window, threshold, vocab
        self.parent: list[int] = []
        self.best_sim = np.empty(0)  # evidence: each article's most similar article found, and their shared words
        self.best_other = np.empty(0, np.int64)
        self.best_terms: list[str] = []
        self.neighbours: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (article, similarity, other), NEIGHBOURS best
        self.candidates: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (article, similarity, other), RIVALS best
        self.text_of: dict[int, tuple[str, str]] = {}  # texts of the articles still in reach
        self.duplicate_pairs: list[tuple[int, int]] = []  # verified near-duplicates (Jaccard of shingles)
        self.active = (np.empty(0, np.int64),) * 3 + (np.empty(0), np.empty(0, np.int64))  # doc, term, day, w, rank
        self.undated = _no_entries()  # doc, term, w, rank
        self.dated_all = None
        self.links: list[tuple[np.ndarray, np.ndarray]] = []  # batch mode: scored pairs of dated articles, for the follow-up merge
        self.doc_day = np.empty(0, np.int64)

    def add(self, titles, texts, days: np.ndarray, *, tf_table=None, keep_all: bool = False) -> None:
        """Vectorise one block of articles (``days``: day numbers, ``_UNDATED`` for none) and link it.

        ``tf_table``: the block's ``_tf_table`` when already computed."""
        base = len(self.parent)
        n = len(days)
        self.parent.extend(range(base, base + n))
        self.doc_day = np.r_[self.doc_day, days]
        self.best_sim = np.r_[self.best_sim, np.full(n, np.nan)]
        self.best_other = np.r_[self.best_other, np.full(n, -1, np.int64)]
        self.best_terms.extend([""] * n)
        self.text_of.update(zip(range(base, base + n), zip(titles, texts)))
        doc, term, tf = tf_table if tf_table is not None else _tf_table(self.vocab, titles, texts)
        doc, term, w, rank = _key_terms(doc, term, tf, self.idf, TOP_TERMS)
        doc = doc + base
        day = days[doc - base]
        dated = day != _UNDATED
        u = self.undated
        self.undated = (np.r_[u[0], doc[~dated]], np.r_[u[1], term[~dated]], np.r_[u[2], w[~dated]], np.r_[u[3], rank[~dated]])
        doc, term, w, day, rank = doc[dated], term[dated], w[dated], day[dated], rank[dated]
        if keep_all:  # batch mode: undated articles are compared with every dated one at the end
            prev = self.dated_all or _no_entries()
            self.dated_all = (np.r_[prev[0], doc], np.r_[prev[1], term], np.r_[prev[2], w], np.r_[prev[3], rank])
        a_doc, a_term, a_day, a_w, a_rank = self.active
        if day.size:
            keep = a_day >= int(day.max()) - self.window
            a_doc, a_term, a_day, a_w, a_rank = a_doc[keep], a_term[keep], a_day[keep], a_w[keep], a_rank[keep]
        all_doc, all_term, all_day = np.r_[a_doc, doc], np.r_[a_term, term], np.r_[a_day, day]
        all_w, all_rank = np.r_[a_w, w], np.r_[a_rank, rank]
        new = np.r_[np.zeros(a_doc.size, bool), np.ones(doc.size, bool)]
        self._link(*_pairs(all_doc, all_term, all_w, all_day, all_rank, new, self.window), record=keep_all)
        self.active = (all_doc, all_term, all_day, all_w, all_rank)
        if not keep_all:  # streaming: forget the texts of articles out of reach
            reach = set(all_doc.tolist()) | set(self.undated[0].tolist())
            self.text_of = {k: v for k, v in self.text_of.items() if k in reach}

    def finish(self) -> None:
        """Compare undated articles on their text with each other and (batch mode) with every dated one."""
        u_doc, u_term, u_w, u_rank = self.undated
        if u_doc.size == 0:
            return
        d_doc, d_term, d_w, d_rank = self.dated_all or _no_entries()
        new = np.r_[np.ones(u_doc.size, bool), np.zeros(d_doc.size, bool)]
        day = np.zeros(u_doc.size + d_doc.size, dtype=np.int64)
        self._link(*_pairs(np.r_[u_doc, d_doc], np.r_[u_term, d_term], np.r_[u_w, d_w], day, np.r_[u_rank, d_rank], new, 0))

    def _link(self, pi, pj, sim, lookup: _Lookup, record: bool = False) -> None:
        """Given the scored candidate pairs, remember each article's nearest articles and evidence,
        join the pairs above the threshold and check the closest ones for duplicate text.
        ``record``: keep the pairs at least ``NEAREST_FLOOR`` similar for the follow-up merge."""
        if pi.size == 0:
            return
        if record:
            near = sim >= NEAREST_FLOOR
            self.links.append((pi[near], pj[near]))
        both, other, s2 = np.r_[pi, pj], np.r_[pj, pi], np.r_[sim, sim]
        order = np.lexsort((-s2, both))  # per article, its most similar partners first
        first, rank = _rank_in_groups(both[order])
        near = order[rank < NEIGHBOURS]  # each article's NEIGHBOURS most similar (ties: the later article)
        self.neighbours = _kept(self.neighbours + [(both[near], s2[near], other[near])], NEIGHBOURS, len(self.parent))
        if RIVALS:
            weak = order[(rank < RIVALS) & (s2[order] < NEAREST_FLOOR)]
            self.candidates = _kept(self.candidates + [(both[weak], s2[weak], other[weak])], RIVALS, len(self.parent))
        top = order[first]
        better = top[~(self.best_sim[both[top]] >= s2[top])]
        self._remember_evidence(both[better], other[better], s2[better], lookup)
        for a, b in zip(pi[sim >= self.threshold].tolist(), pj[sim >= self.threshold].tolist()):
            _union(self.parent, a, b)
        close = sim >= max(_DUPLICATE_CANDIDATE, self.threshold)
        if close.any():
            self._check_duplicates(pi[close], pj[close])

    def _attach_clear_matches(self) -> None:
        """Link an article that nothing links (all its similarities below ``NEAREST_FLOOR``) to the
        story of its most similar article when that is at least ``WEAK_FLOOR`` similar and at least
        ``RIVAL_RATIO`` times as similar as the most similar article of any other story."""
        if not self.candidates:
            return
        a, sim, b = _best(self.candidates, RIVALS)
        root = self._current_roots()
        alone = np.bincount(root, minlength=len(root))[root[a]] == 1
        a, sim, b = a[alone], sim[alone], b[alone]
        if a.size == 0:
            return
        first = np.r_[True, a[1:] != a[:-1]]  # _top: by article, most similar first
        lead = np.maximum.accumulate(np.where(first, np.arange(a.size), 0))
        same = root[b] == root[b[lead]]
        rival = np.where(same, 0.0, sim)
        group = np.cumsum(first) - 1
        best_rival = np.zeros(group[-1] + 1)
        np.maximum.at(best_rival, group, rival)
        # all remembered partners in one story: the rival is at most the last of them
        full = np.bincount(group) >= RIVALS
        last = np.r_[np.flatnonzero(first)[1:], a.size] - 1
        best_rival = np.where(full & (best_rival == 0), sim[last], best_rival)
        lead_k = np.flatnonzero(first)
        ok = (sim[lead_k] >= WEAK_FLOOR) & (sim[lead_k] >= RIVAL_RATIO * best_rival)
        for x, y in zip(a[lead_k][ok].tolist(), b[lead_k][ok].tolist()):
            _union(self.parent, x, y)

    def _remember_evidence(self, a: np.ndarray, b: np.ndarray, sim: np.ndarray, lookup: _Lookup) -> None:
        """For articles whose most similar article changed: it, the similarity, the shared key words."""
        if a.size == 0:
            return
        self.best_sim[a], self.best_other[a] = sim, b
        keys = np.minimum(a, b) * (1 << 31) + np.maximum(a, b)
        wanted = np.unique(keys)
        i, j, term, prod = lookup.score(wanted >> 31, wanted & ((1 << 31) - 1), per_word=True)
        pk = i * (1 << 31) + j
        order = np.lexsort((-term, -prod, pk))  # per pair, the heaviest shared words first
        _, rank = _rank_in_groups(pk[order])
        words: dict[int, list[str]] = {}
        for k, t in zip(pk[order[rank < 6]].tolist(), term[order[rank < 6]].tolist()):
            words.setdefault(k, []).append(self.vocab.words.get(t, "?"))
        for x, k in zip(a.tolist(), keys.tolist()):
            self.best_terms[x] = ", ".join(words.get(k, []))

    def _check_duplicates(self, pi: np.ndarray, pj: np.ndarray) -> None:
        """Run nl.duplicates on the articles of closely similar pairs; keep the pairs it groups."""
        members = np.unique(np.r_[pi, pj]).tolist()
        texts = [self.text_of.get(m, ("", ""))[1] for m in members]
        group = dict(zip(members, duplicates(texts)["group"].tolist()))
        self.duplicate_pairs.extend((a, b) for a, b in zip(pi.tolist(), pj.tolist()) if group[a] == group[b])

    def _merge_follow_ups(self) -> None:
        """Join stories within the window of each other whose word profiles (the normalised sum
        of their articles' vectors) are at least ``STORY_THRESHOLD`` similar and each other's
        most similar story: an event and its follow-ups (hearings, inquiries, reactions a week
        later).

        The pairs of stories compared are those with two articles within the window of each
        other at least ``NEAREST_FLOOR`` similar (found while linking): stories with no such
        pair share too little to be one.  Joining only mutual best matches keeps broad stories
        (whose profiles drift toward common words) from absorbing their neighbours in chains."""
        doc, term, w, _ = self.dated_all
        if doc.size == 0 or not self.links:
            return
        root = self._current_roots()
        story = root[doc]
        uniq, inv = np.unique(story * _BUCKETS + term, return_inverse=True)
        s_story, s_term, s_w = uniq // _BUCKETS, uniq % _BUCKETS, np.bincount(inv, weights=w)
        s_w = s_w / np.sqrt(np.bincount(s_story, weights=s_w * s_w, minlength=len(root)))[s_story]
        la, lb = root[np.concatenate([a for a, _ in self.links])], root[np.concatenate([b for _, b in self.links])]
        pairs = np.unique(np.minimum(la, lb)[la != lb] * (1 << 31) + np.maximum(la, lb)[la != lb])
        pi, pj, sim = _Lookup(s_story, s_term, s_w).score(pairs >> 31, pairs & ((1 << 31) - 1))
        close = sim >= STORY_THRESHOLD
        pi, pj, sim = pi[close], pj[close], sim[close]
        if pi.size == 0:
            return
        # only stories that are each other's most similar join (no chains through broad stories)
        both, other, s2 = np.r_[pi, pj], np.r_[pj, pi], np.r_[sim, sim]
        order = np.lexsort((-s2, both))
        first = order[np.r_[True, both[order][1:] != both[order][:-1]]]
        best = dict(zip(both[first].tolist(), other[first].tolist()))
        for a, b in zip(pi.tolist(), pj.tolist()):
            if best[a] == b and best[b] == a:
                _union(self.parent, a, b)

    def roots(self) -> np.ndarray:
        if self.neighbours:
            a, sim, b = _best(self.neighbours, NEIGHBOURS)
            for x, y in zip(a[sim >= NEAREST_FLOOR].tolist(), b[sim >= NEAREST_FLOOR].tolist()):
                _union(self.parent, x, y)
        if STORY_THRESHOLD < 1 and self.dated_all is not None:
            self._merge_follow_ups()
        if RIVALS:
            self._attach_clear_matches()
        return self._current_roots()

    def _current_roots(self) -> np.ndarray:
        """Each article's story root as the links stand now."""
        return np.array([_find(self.parent, x) for x in range(len(self.parent))], dtype=np.int64)


# ---------------------------------------------------------------- input
def _window_days(window) -> int | None:
    if window is None:
        return None
    try:
        td = pd.Timedelta(window)
    except (ValueError, TypeError):
        raise OptionError(f"`window` must be a time span such as '3D', '7D' or '2W' (or None: text only); got {window!r}.") from None
    if td < pd.Timedelta(0):
        raise OptionError(f"`window` must not be negative; got {window!r}. Use e.g. window='7D'.")
    return int(td // pd.Timedelta("1D"))


class _Dates:
    """Day numbers of each table's ``published`` column, and what could not be read as a date."""

    def __init__(self, use_dates: bool):
        self.use_dates = use_dates
        self.undated = 0
        self.unreadable = 0
        self.first_unreadable: tuple[str, object] | None = None

    def days(self, table: pd.DataFrame) -> np.ndarray:
        """Day numbers (``_UNDATED`` for none) of a table's articles, in its row order."""
        if not self.use_dates or "published" not in table.columns:
            self.undated += len(table)
            return np.full(len(table), _UNDATED, dtype=np.int64)
        published = table["published"]
        if pd.api.types.is_numeric_dtype(published) and not pd.api.types.is_datetime64_any_dtype(published) \
                and published.notna().any():
            k = int(np.flatnonzero(published.notna().to_numpy())[0])
            raise ColumnError(f"`published` holds numbers, not dates (article {table['article_id'].iloc[k]!r}: "
                              f"{str(published.iloc[k])}). Convert them first, e.g. "
                              "df['published'] = pd.to_datetime(df['published'], unit='s', utc=True) for Unix seconds.")
        ts = pd.to_datetime(published, errors="coerce", utc=True) if pd.api.types.is_datetime64_any_dtype(published) \
            else pd.to_datetime(published, errors="coerce", utc=True, format="mixed")  # strings, mixed time zones
        missing = ts.isna().to_numpy()
        given = published.notna().to_numpy() & (published.astype(str).str.strip() != "").to_numpy()
        bad = missing & given
        if bad.any():
            self.unreadable += int(bad.sum())
            if self.first_unreadable is None:
                k = int(np.flatnonzero(bad)[0])
                self.first_unreadable = (str(table["article_id"].iloc[k]), published.iloc[k])
        self.undated += int(missing.sum())
        days = (ts.dt.floor("D") - pd.Timestamp("1970-01-01", tz="UTC")).dt.days
        return days.fillna(_UNDATED).to_numpy(dtype=np.int64) + np.where(missing, 0, 1 << 20)

    def warn(self) -> None:
        if self.unreadable:
            aid, value = self.first_unreadable
            warnings.warn(f"{self.unreadable} article(s) have a `published` value that is not a date (first: article "
                          f"{aid!r}, {value!r}); they are matched on their text alone. Parse the dates first "
                          "(nl.load does, or pd.to_datetime(df['published'], format=...)).",
                          NewsLensWarning, stacklevel=_outside_newslens())


def _table(articles) -> pd.DataFrame:
    """The articles as a table with ``article_id`` and ``text`` (lists of texts numbered from 0); ids must be unique."""
    from .measures._base import as_texts

    if not isinstance(articles, (pd.DataFrame, pd.Series, list, tuple, str)):
        raise ColumnError(f"`articles` must be the articles table from nl.load() (or a list of texts); got "
                          f"{type(articles).__name__}. For a corpus larger than memory, pass chunks= instead.")
    table = as_texts(articles)
    dup = table["article_id"].astype(str).duplicated()
    if dup.any():
        raise ColumnError(f"`article_id` must be unique; {table['article_id'][dup].iloc[0]!r} appears more than once. "
                          "nl.load() makes ids unique; or deduplicate the table first.")
    return table


def _strings(values) -> list[str]:
    return [v if isinstance(v, str) else "" for v in values]


def _idf(df_counts: np.ndarray, n: int) -> np.ndarray:
    """Smoothed idf; infinite for words of a single article (dropped: they cannot link two articles)."""
    with np.errstate(divide="ignore"):
        idf = np.log((1.0 + n) / (1.0 + df_counts)) + 1.0
    idf[df_counts <= 1] = np.inf
    return idf


def _document_frequencies(vocab: _Vocabulary, blocks: Iterable[tuple[list, list]], keep: bool = False):
    """Document frequency of every bucket over ``(titles, texts)`` blocks, the number of articles,
    and (``keep``) each block's tf table, compacted."""
    counts = np.zeros(_BUCKETS, dtype=np.int64)
    n = 0
    tables = []
    for titles, texts in blocks:
        doc, term, tf = _tf_table(vocab, titles, texts)
        counts += np.bincount(term, minlength=_BUCKETS)
        n += len(texts)
        if keep:
            tables.append((doc.astype(np.int32), term.astype(np.int32), tf.astype(np.float32)))
    return counts, n, tables


def _chunk_fields(chunk: pd.DataFrame) -> tuple[list, list]:
    return (_strings(chunk["title"]) if "title" in chunk.columns else [""] * len(chunk)), _strings(chunk["text"])


# ---------------------------------------------------------------- public
def stories(articles=None, *, window=WINDOW, threshold: float = THRESHOLD, chunks=None) -> pd.DataFrame:
    """Group the articles that report the same event, across outlets and within a time window.

    Parameters
    ----------
    articles : DataFrame or list of str
        The articles table from ``nl.load()`` (``article_id``, ``title``, ``text``,
        ``published`` used; ``outlet`` counted when present), or a list of texts.
    window : str or None, default "7D"
        The longest time between two reports linked directly (calendar days in UTC; a story
        lasts longer through the reports in between).  None: text only, dates ignored.
        Articles without a date are matched on their text alone.
    threshold : float, default 0.3
        Cosine similarity of the articles' key-word vectors from which they are linked.
        Higher: tighter stories (more, smaller); lower: broader ones.
    chunks : callable, optional
        For corpora larger than memory: a function that returns a fresh iterator of article
        chunks in date order, e.g. ``lambda: newslens.load.iter_load(path, chunksize=5000)``.
        It is read twice (word frequencies, then matching); only the articles of the last
        ``window`` are kept in memory.  Undated articles are then matched among themselves,
        and stories are not joined to their follow-ups (that step needs the whole table).

    Returns
    -------
    DataFrame
        One row per article, in input order: ``article_id``, ``story`` (numbered from 0 by
        the date of each story's first article; undated ones first), ``story_size``, ``n_outlets`` (when ``outlet``
        is given), ``duplicate`` (True for a near-duplicate of an earlier article of the same
        story: a republished wire copy), ``duplicate_of``; the evidence: ``nearest`` (the
        most similar other article found), ``similarity`` (its cosine similarity) and
        ``shared_terms`` (the key words they share, heaviest first).  An article with no
        word left (empty text) is a story of its own.

    Examples
    --------
    >>> import newslens as nl
    >>> texts = ["Storm floods the harbour town; boats rescue families from flooded homes.",
    ...          "Flooded homes and rescued families: the storm hit the harbour town overnight.",
    ...          "Paper mill to close, cutting 640 jobs, the company said."]
    >>> nl.stories(texts)["story"].tolist()
    [0, 0, 1]
    """
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold <= 1:
        raise OptionError(f"`threshold` must be a number in (0, 1]; got {threshold!r}. Use e.g. threshold={THRESHOLD}.")
    days_window = _window_days(window)
    vocab = _Vocabulary()
    if chunks is not None:
        if articles is not None:
            raise OptionError("Pass either `articles` (a table) or `chunks` (a function returning chunks), not both.")
        if not callable(chunks):
            raise OptionError("`chunks` must be a function returning a fresh iterator of article tables, e.g. "
                              "lambda: newslens.load.iter_load(path, chunksize=5000).")
        return _stream(chunks, window, days_window, float(threshold), vocab)
    table = _table(articles)
    n = len(table)
    titles = _strings(table["title"]) if "title" in table.columns else [""] * n
    texts = _strings(table["text"])
    dates = _Dates(days_window is not None)
    days = dates.days(table)
    order = np.argsort(days, kind="stable")
    blocks = [order[s: s + _BLOCK] for s in range(0, n, _BLOCK)]
    dfc, _, tables = _document_frequencies(vocab, (([titles[k] for k in b], [texts[k] for k in b]) for b in blocks), keep=True)
    matcher = _Matcher(_idf(dfc, n), days_window or 0, float(threshold), vocab)
    for block, (doc, term, tf) in zip(blocks, tables):
        matcher.add([titles[k] for k in block], [texts[k] for k in block], days[block],
                    tf_table=(doc.astype(np.int64), term.astype(np.int64), tf.astype(np.float64)), keep_all=True)
    matcher.finish()
    out = _result(matcher, table["article_id"].astype(str).to_numpy()[order],
                  table["outlet"].to_numpy()[order] if "outlet" in table.columns else None)
    back = np.empty(n, dtype=np.int64)
    back[order] = np.arange(n)
    out = out.iloc[back].reset_index(drop=True)
    out.attrs["newslens"] = _provenance(window, threshold, n, undated=dates.undated)
    dates.warn()
    return out


def _chunk_tables(chunks):
    """The article tables of one pass over ``chunks()``, each checked like a table given at once."""
    try:
        it = iter(chunks())
    except TypeError:
        raise OptionError("`chunks` must be a function returning a fresh iterator of article tables, e.g. "
                          "lambda: newslens.load.iter_load(path, chunksize=5000); it returned something that "
                          "cannot be iterated.") from None
    for number, chunk in enumerate(it):
        try:
            yield _table(chunk)
        except NewsLensError as exc:
            raise type(exc)(f"Chunk {number} (counting from 0) of `chunks`: {exc}") from None


def _stream(chunks, window, days_window, threshold, vocab) -> pd.DataFrame:
    dfc, n, _ = _document_frequencies(vocab, (_chunk_fields(c) for c in _chunk_tables(chunks)))
    matcher = _Matcher(_idf(dfc, n), days_window or 0, threshold, vocab)
    ids, outlets = [], []
    seen: set[str] = set()
    dates = _Dates(days_window is not None)
    last = None
    for chunk in _chunk_tables(chunks):
        chunk_ids = chunk["article_id"].astype(str).tolist()
        again = next((a for a in chunk_ids if a in seen), None)
        if again is not None:
            raise ColumnError(f"`article_id` must be unique across chunks; {again!r} appears in two chunks. "
                              "nl.load's iter_load makes ids unique within a file; deduplicate the corpus first.")
        seen.update(chunk_ids)
        days = dates.days(chunk)
        dated = days != _UNDATED
        if dated.any() and last is not None and int(days[dated].min()) < last - (days_window or 0):
            k = int(np.flatnonzero(dated & (days < last - (days_window or 0)))[0])
            raise OptionError(f"`chunks` must yield articles in date order (each chunk no earlier than the window "
                              f"before the last); article {chunk_ids[k]!r} (published {chunk['published'].iloc[k]}) comes "
                              "after later ones. Sort the corpus by `published` first, or pass one table as `articles`.")
        if dated.any():
            last = max(last or int(days[dated].max()), int(days[dated].max()))
        matcher.add(*_chunk_fields(chunk), days)
        ids.extend(chunk_ids)
        outlets.extend(chunk["outlet"].tolist() if "outlet" in chunk.columns else [None] * len(chunk))
    matcher.finish()
    out = _result(matcher, np.array(ids, dtype=object),
                  np.array(outlets, dtype=object) if any(o is not None for o in outlets) else None)
    out.attrs["newslens"] = _provenance(window, threshold, len(ids), streamed=True, undated=dates.undated)
    dates.warn()
    return out


def _result(matcher: _Matcher, ids: np.ndarray, outlets) -> pd.DataFrame:
    n = len(ids)
    roots = matcher.roots()
    story = pd.factorize(roots)[0] if n else np.empty(0, np.int64)
    size = np.bincount(story)[story] if n else np.empty(0, np.int64)
    out = pd.DataFrame({"article_id": ids, "story": story.astype("int64"), "story_size": size.astype("int64")})
    if outlets is not None:
        out["n_outlets"] = pd.Series(outlets).groupby(story).transform("nunique").to_numpy().astype("int64")
    dup_of = _near_duplicates(matcher.duplicate_pairs, ids)
    out["duplicate"] = [d is not None for d in dup_of]
    out["duplicate_of"] = dup_of
    other = np.asarray(matcher.best_other, dtype=np.int64)
    out["nearest"] = [ids[o] if o >= 0 else None for o in other]
    out["similarity"] = np.asarray(matcher.best_sim, dtype=float).round(4)
    out["shared_terms"] = matcher.best_terms
    return out


def _near_duplicates(pairs: list[tuple[int, int]], ids) -> list:
    """``duplicate_of`` per article: the earliest article of its group of near-duplicates (or None)."""
    parent = list(range(len(ids)))
    for a, b in pairs:
        _union(parent, a, b)  # articles are numbered in date order: the root is the first copy
    members = {x for pair in pairs for x in pair}
    return [ids[_find(parent, x)] if x in members and _find(parent, x) != x else None for x in range(len(ids))]


def _provenance(window, threshold, n, streamed: bool = False, undated: int = 0) -> dict:
    return {
        "measure": "stories", "method": "key-word TF-IDF cosine (title and lead weighted) within a time window; "
        "connected groups of linked articles; near-duplicates by MinHash (nl.duplicates)",
        "window": window, "threshold": float(threshold), "top_terms": TOP_TERMS, "title_weight": TITLE_WEIGHT,
        "lead_weight": LEAD_WEIGHT, "lead_paragraphs": LEAD_PARAGRAPHS, "nearest_floor": NEAREST_FLOOR,
        "weak_floor": WEAK_FLOOR, "rival_ratio": RIVAL_RATIO, "articles": int(n), "streamed": streamed,
        "undated": int(undated),
    }


def _story_of(articles: pd.DataFrame, within: str, story_options: dict) -> pd.DataFrame:
    """``article_id`` → the ``within`` column: from the articles table, or matched with :func:`stories`."""
    if within in articles.columns:
        return articles[["article_id", within]]
    if within != "story":
        raise missing_columns("articles", [within], articles.columns,
                              fix="Pass `within=` a column of the articles table that names each story or event, or within='story' to match stories with nl.stories().")
    found = stories(articles, **story_options)
    return found[["article_id", "story"]]


def _check_groups(art: pd.DataFrame, scored: pd.DataFrame, scores: pd.DataFrame, val: str, by: str) -> None:
    """Raise a clear error when fewer than two groups have a scored article to compare."""
    if scored.empty:
        raise ColumnError(f"compare() found no number in the value column {val!r} of `scores` "
                          + (f"({len(scores)} rows, all missing). " if len(scores) else "(it has no rows). ")
                          + "Pass the output of a measure that scored these articles, or choose `value=`.")
    if art.empty:
        ids = ", ".join(map(repr, scored["article_id"].drop_duplicates().head(3)))
        raise ColumnError(f"None of the scored articles (e.g. {ids}) is in `articles` with a value of {by!r}. "
                          "Pass the articles table the scores were computed from.")
    groups = sorted(art[by].unique(), key=str)
    if len(groups) < 2:
        raise OptionError(f"compare() compares groups of {by!r}, but the scored articles have one value ({groups[0]!r}, "
                          f"{art['article_id'].nunique()} article(s)). Include articles of at least two values of {by!r}, "
                          "or use nl.summarize() to describe one group.")


def compare(scores: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet", within: str = "story",
            value: str | None = None, n_boot: int = 2000, seed: int = 0, **story_options) -> pd.DataFrame:
    """Compare groups (outlets) on the stories they both covered: paired differences with intervals.

    A raw comparison of outlet means mixes *how* outlets report with *what* they report: an
    outlet that covered more disasters looks more negative.  Here every article's score is
    first averaged per (story, group); for each pair of groups, the difference is taken
    story by story over the stories both covered, and averaged.  The 95% interval comes from
    a bootstrap over those shared stories (the story is the unit: articles of one story are
    not independent).

    Parameters
    ----------
    scores : DataFrame
        Any measure's output with ``article_id`` and a value column (``nl.sentiment``,
        ``nl.stance`` …).  Unit scores (sentences, mentions) are averaged per article first.
        Label columns ``target`` (stance) and ``frame`` (frames) are compared separately.
    articles : DataFrame
        The articles table (``nl.load()``), with the ``by`` column and either the ``within``
        column or the texts to match stories from.
    by : str, default "outlet"
        The groups to compare.
    within : str, default "story"
        The column that names each story.  "story" when the articles table has no such
        column: stories are matched with :func:`stories` (``**story_options`` are passed on,
        e.g. ``window="3D"``).  Any other column (e.g. an event id of a labelled data set)
        is used as given.
    value : str, optional
        The value column (default: as ``nl.summarize`` chooses: ``sentiment``, ``stance`` …).
    n_boot : int, default 2000
        Bootstrap resamples of the shared stories.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    DataFrame
        One row per pair of groups (and per target/frame): ``<by>_a``, ``<by>_b``,
        ``difference`` (mean over shared stories of a − b), ``ci_low``, ``ci_high``,
        ``n_stories`` (shared stories), ``n_articles_a``, ``n_articles_b`` (their articles),
        and ``raw_difference`` (a − b over all articles of each group, shared or not: the
        comparison this one corrects).  The interval is NaN with fewer than 2 shared stories.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> arts = pd.DataFrame({"article_id": list("abcdef"), "outlet": list("XYXYXY"),
    ...                      "event": [1, 1, 2, 2, 3, 3], "text": ["..."] * 6})
    >>> scores = pd.DataFrame({"article_id": list("abcdef"), "sentiment": [0.5, 0.1, -0.2, -0.6, 0.0, -0.3]})
    >>> out = nl.compare(scores, arts, by="outlet", within="event")
    >>> out[["outlet_a", "outlet_b", "difference", "n_stories"]].round(3).values.tolist()
    [['X', 'Y', 0.367, 3]]
    """
    from .summarize import GROUP_COLUMNS, _bootstrap, _value_column

    if not isinstance(scores, pd.DataFrame) or "article_id" not in scores.columns:
        raise ColumnError("`scores` must be a measure's output (a DataFrame with `article_id` and a value column), "
                          f"got {type(scores).__name__}" + (f" with columns {list(scores.columns)}" if isinstance(scores, pd.DataFrame) else "") + ".")
    if not isinstance(articles, pd.DataFrame):
        raise ColumnError(f"`articles` must be the articles table from nl.load(); got {type(articles).__name__}.")
    if "article_id" not in articles.columns or by not in articles.columns:
        raise missing_columns("articles", [c for c in ("article_id", by) if c not in articles.columns], articles.columns,
                              fix=f"Pass the articles table from nl.load(), which has `article_id` and `{by}`, or choose `by=` one of its columns.")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise OptionError(f"`n_boot` must be a positive integer; got {n_boot!r}. Use e.g. n_boot=2000.")
    val = _value_column(scores, value)
    if not pd.api.types.is_numeric_dtype(scores[val]) or pd.api.types.is_bool_dtype(scores[val]):
        raise ColumnError(f"compare() needs a numeric value column; {val!r} is {scores[val].dtype}. "
                          "Pass `value=` a numeric column (for labels, make a 0/1 column first).")
    split = [c for c in GROUP_COLUMNS if c in scores.columns and c != val]
    meta = articles.assign(article_id=articles["article_id"].astype(str))
    story = _story_of(meta, within, story_options).rename(columns={within: "_story"})
    meta = meta[["article_id", by]].merge(story, on="article_id", how="left")
    s = scores[["article_id", *split]].assign(article_id=scores["article_id"].astype(str), _v=scores[val].to_numpy(dtype=float))
    s = s[s["_v"].notna()]
    art = s.groupby([*split, "article_id"], sort=False)["_v"].mean().reset_index().merge(meta, on="article_id", how="inner")
    art = art[art[by].notna() & art["_story"].notna()]
    _check_groups(art, s, scores, val, by)
    rng = np.random.default_rng(seed)
    rows = []
    for key, part in (art.groupby(split, sort=True) if split else [((), art)]):
        key = key if isinstance(key, tuple) else (key,)
        cell = part.groupby(["_story", by])["_v"].mean().unstack(by)
        groups = sorted(cell.columns, key=str)
        raw = part.groupby(by)["_v"].mean()
        counts = part.groupby(by)["article_id"].nunique()
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                ga, gb = groups[x], groups[y]
                both = cell[[ga, gb]].dropna()
                d = (both[ga] - both[gb]).to_numpy(dtype=float)
                lo, hi = _bootstrap(d, n_boot=int(n_boot), rng=rng)
                shared = part["_story"].isin(both.index)
                rows.append({**dict(zip(split, key)), f"{by}_a": ga, f"{by}_b": gb,
                             "difference": float(d.mean()) if d.size else float("nan"), "ci_low": lo, "ci_high": hi,
                             "n_stories": int(d.size),
                             "n_articles_a": int(part.loc[shared & (part[by] == ga), "article_id"].nunique()),
                             "n_articles_b": int(part.loc[shared & (part[by] == gb), "article_id"].nunique()),
                             "raw_difference": float(raw[ga] - raw[gb]),
                             "raw_n_a": int(counts[ga]), "raw_n_b": int(counts[gb])})
    cols = [*split, f"{by}_a", f"{by}_b", "difference", "ci_low", "ci_high", "n_stories", "n_articles_a", "n_articles_b",
            "raw_difference", "raw_n_a", "raw_n_b"]
    out = pd.DataFrame(rows, columns=cols)
    src = scores.attrs.get("newslens", {}) if isinstance(scores.attrs.get("newslens"), dict) else {}
    out.attrs["newslens"] = {
        "measure": "compare", "of": src.get("measure"), "source": src, "value": val, "by": by, "within": within,
        "stories": "given" if within in articles.columns else "matched with nl.stories", "split": split,
        "interval": "95% percentile bootstrap over shared stories", "n_boot": int(n_boot), "seed": seed,
    }
    return out
