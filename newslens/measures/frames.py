"""Framing: how much of a text speaks in each frame of a scheme, with the cues as evidence.

``frames(data, scheme=..., level=...)`` counts the cues of a frame dictionary in each unit
(sentence, paragraph or article) and returns one row per unit × frame — frames without a cue
included, so shares are computable.  Schemes:

* ``"generic"`` — the five generic news frames of Semetko & Valkenburg (2000):
  conflict, human_interest, economic, morality, responsibility;
* ``"policy"`` — the 15 dimensions of the Policy Frames Codebook (Boydstun et al. 2014);
* ``"gvfc"`` — an example of a custom, issue-specific scheme: the nine frames of the Gun
  Violence Frame Corpus codebook, written from the codebook's definitions;
* a user dictionary ``{frame: [cue, ...]}``, or the path of a YAML/JSON file holding one.

Matching is case-insensitive (except cues written in capitals, such as ``UN``, which match
only capitals, so "Kim Jong Un" is not the UN) and compares nltk Snowball stems, so ``"economy"`` matches
"economies"; a cue of several words matches consecutive words ("two sides"); ``*`` is a
wildcard on the lower-cased surface word (``"econom*"`` matches "economic", "economists").
Negation is ignored on purpose: "there is no conflict" still shows the conflict frame,
because framing is about what a text talks about, not what it asserts.

``score`` is the cue density per 1,000 words at paragraph and article level and the number
of cues at sentence level; ``present`` applies the scheme's documented threshold (``score >=
min_score`` and at least ``min_cues`` distinct cues; at sentence level only ``min_cues``).

Methods (``method=``, a registry lookup):

* ``"dictionary"`` (the default) — the transparent cue counts described above, any scheme;
* ``"model"`` — generic scheme, article level only: a per-frame logistic regression over the
  article's word stems (tf-idf) and the dictionary's cue densities, shipped as
  ``lexicons/frames_generic_model.json`` (card: ``frames_generic_model.md``) and run with
  numpy.  ``score`` is the probability of the frame, ``present`` is ``score >= threshold``
  (thresholds in the model file), and ``cues`` holds the dictionary cues that fired plus the
  words whose weight × value moved the frame most, each with its ``weight``.  It learned from
  428 climate-change articles (Frermann et al. 2023); on other topics prefer the dictionary.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import numbers
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import OptionError, SourceError, invalid_choice
from ..files import read_lexicon, read_lexicon_json
from ..registry import Registry
from ..tokens import WORD, word_starts
from . import register
from ._base import as_texts, check_level, input_kind, keys_of, provenance, units

__all__ = ["frames", "schemes", "methods", "load_scheme", "Scheme", "match_cues", "load_model", "model_terms"]

LEVEL_ORDER = {"sentence": 0, "paragraph": 1, "article": 2}
_NATIVE = {"sentences": "sentence", "paragraphs": "paragraph", "articles": "article"}
_APOS = re.compile(r"[’‘`´]")
_WILD = "*"

schemes = Registry("scheme")
"""Registered frame schemes: name -> zero-argument loader returning a :class:`Scheme`."""

methods = Registry("method")
"""Registered scoring methods: name -> function building the long score table."""
MODEL_FILE = "frames_generic_model.json"


# ---------------------------------------------------------------- schemes
@dataclass(frozen=True, eq=False)
class Scheme:
    """A frame dictionary: frame ids, their descriptions and cues, and the ``present`` rule.

    ``thresholds`` maps each frame to ``(min_score, min_cues)``.
    """

    name: str
    version: str
    frames: dict  # frame -> tuple of cue strings
    descriptions: dict = field(default_factory=dict)
    thresholds: dict = field(default_factory=dict)
    source: str = ""
    licence: str = ""

    @property
    def frame_ids(self) -> list[str]:
        return list(self.frames)

    def threshold(self, frame: str) -> tuple[float, int]:
        return self.thresholds.get(frame, (0.0, 1))


def _lexicon_loader(filename: str):
    def load() -> Scheme:
        return _scheme_from_file_text(read_lexicon(filename), filename)

    return load


schemes.register("generic", _lexicon_loader("frames_generic.yaml"))
schemes.register("policy", _lexicon_loader("frames_policy.yaml"))
schemes.register("gvfc", _lexicon_loader("frames_gvfc.yaml"))


@lru_cache(maxsize=16)
def _registered(name: str) -> Scheme:
    return schemes.get(name)()


def _scheme_from_file_text(text: str, where: str) -> Scheme:
    import yaml

    try:
        raw = json.loads(text) if where.lower().endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise SourceError(f"The frame scheme file {where} cannot be parsed ({exc}). Fix its YAML/JSON syntax.") from None
    return _scheme_from_mapping(raw, default_name=Path(where).stem, where=where)


def _scheme_from_mapping(raw, *, default_name: str = "custom", where: str = "the `scheme` dictionary") -> Scheme:
    """Build a :class:`Scheme` from ``{frame: [cues]}`` or the full ``{name, version, frames: …}`` form."""
    if not isinstance(raw, dict) or not raw:
        raise OptionError(
            f"{where} must map frame names to lists of cues, e.g. {{'conflict': ['clash', 'two sides']}}; "
            f"got {type(raw).__name__}."
        )
    full = "frames" in raw and isinstance(raw["frames"], dict)
    body = raw["frames"] if full else raw
    cues, desc, thr = {}, {}, {}
    present = raw.get("present", {}) if full else {}
    default = present.get("default", {}) if isinstance(present, dict) else {}
    for frame, spec in body.items():
        if isinstance(spec, dict):
            items = spec.get("cues", [])
            desc[str(frame)] = str(spec.get("description", "")).strip()
        else:
            items = spec
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, (list, tuple)) or not all(isinstance(c, str) for c in items):
            raise OptionError(
                f"The cues of frame {frame!r} in {where} must be a list of strings (words, phrases, * wildcards); "
                f"got {items!r}."
            )
        cues[str(frame)] = tuple(c.strip() for c in items if c.strip())
        rule = {**default, **(present.get(frame, {}) if isinstance(present, dict) else {})}
        thr[str(frame)] = (float(rule.get("min_score", 0.0)), int(rule.get("min_cues", 1)))
    if full:
        name, version = str(raw.get("name", default_name)), str(raw.get("version", ""))
    else:
        name = default_name
        version = "sha1:" + hashlib.sha1(json.dumps(cues, sort_keys=True).encode()).hexdigest()[:10]
    return Scheme(
        name=name,
        version=version,
        frames=cues,
        descriptions=desc,
        thresholds=thr,
        source=str(raw.get("source", "")).strip() if full else "user dictionary",
        licence=str(raw.get("licence", "")).strip() if full else "",
    )


def load_scheme(scheme) -> Scheme:
    """Return the :class:`Scheme` for a registered name, a dictionary, or a YAML/JSON path.

    >>> s = load_scheme("generic")
    >>> s.frame_ids
    ['conflict', 'human_interest', 'economic', 'morality', 'responsibility']
    >>> load_scheme({"weather": ["rain", "storm*"]}).frames["weather"]
    ('rain', 'storm*')
    """
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, dict):
        return _scheme_from_mapping(scheme)
    if isinstance(scheme, str) and scheme in schemes:
        return _registered(scheme)
    if isinstance(scheme, (str, Path)):
        p = Path(scheme)
        if p.suffix.lower() in {".yaml", ".yml", ".json"}:
            if not p.is_file():
                raise SourceError(f"The frame scheme file {str(p)!r} does not exist. Check the path, or pass a registered name ({', '.join(map(repr, schemes.names()))}).")
            return _scheme_from_file_text(p.read_text("utf-8"), str(p))
    raise invalid_choice(
        "scheme", scheme, schemes.names(),
        fix="Or pass a dictionary {frame: [cue, ...]} or the path of a .yaml/.json file holding one.",
    )


# ---------------------------------------------------------------- matching
@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball stem of a lower-cased word (curly apostrophes made straight)."""
    return _stemmer().stem(_APOS.sub("'", word.lower()))


_ACRONYM = "="  # key prefix of case-sensitive acronym cues


class _Matcher:
    """A scheme's cues compiled into dictionary lookups (built once per scheme, cached).

    Each distinct text word is looked up once: its keys (stem, acronym, wildcard cues) and the
    cues that can start at it are remembered, so a text costs one regex pass, one dictionary
    lookup per word and work only at the words that start a cue.
    """

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.index: dict[str, list] = {}  # first-token key -> [(rest keys, frame, cue, n)]
        self.prefixes: set[str] = set()  # wildcard prefixes "econom" for "econom*"
        self.prefix_lens: list[int] = []
        self.patterns: list[tuple[str, re.Pattern]] = []  # other wildcards: key, regex
        self._cache: dict[str, tuple] = {}  # word -> (keys, entries)
        for frame, cues in scheme.frames.items():
            for cue in cues:
                toks = [self._token_key(t) for t in _cue_tokens(cue)]
                if not toks:
                    continue
                self.index.setdefault(toks[0], []).append((tuple(toks[1:]), frame, cue, len(toks)))
        # longest cues first so the longest match at a position wins within a frame
        for lst in self.index.values():
            lst.sort(key=lambda e: -e[3])
        self.prefix_lens = sorted({len(p) for p in self.prefixes}, reverse=True)

    def _token_key(self, tok: str) -> str:
        if len(tok) > 1 and tok.isupper():  # an acronym cue ("UN", "EPA") matches only capitals
            return _ACRONYM + tok
        low = _APOS.sub("'", tok.lower())
        if _WILD not in low:
            return _stem(low)
        if low.endswith(_WILD) and _WILD not in low[:-1]:
            self.prefixes.add(low[:-1])
            return low
        self.patterns.append((low, re.compile(fnmatch.translate(low))))
        return low

    def keys(self, word: str) -> tuple[str, ...]:
        """All lookup keys of a text word: its stem plus the wildcard cues it matches."""
        return self._pairs([word])[0][0]

    def _compute(self, word: str) -> tuple:
        low = _APOS.sub("'", word.lower())
        out = [_stem(low)]
        if len(word) > 1 and word.isupper():
            out.append(_ACRONYM + word)
        n = len(low)
        for L in self.prefix_lens:
            if L <= n and low[:L] in self.prefixes:
                out.append(low[:L] + _WILD)
        for key, rx in self.patterns:
            if rx.match(low):
                out.append(key)
        index = self.index
        if len(out) == 1:
            entries = index.get(out[0], ())
        else:
            entries = [e for k in out for e in index.get(k, ())]
            entries.sort(key=_longest_first)
        return tuple(out), tuple(entries)

    def _pairs(self, words: list[str]) -> list[tuple]:
        """``(keys, entries)`` of every word (distinct new words computed once): its lookup
        keys and the cues starting with it.

        ``entries`` merges the index entries of all keys, longest cue first (stable), and is
        ``()`` for a word that starts no cue.
        """
        cache = self._cache
        missing = set(words).difference(cache)
        if missing:
            local = {w: self._compute(w) for w in missing}
            if len(cache) + len(local) <= _CACHE_MAX:
                cache.update(local)
            else:
                return [local[w] if w in local else cache[w] for w in words]
        return list(map(cache.__getitem__, words))

    def scan(self, text: str, offset: int = 0):
        """``(n_words, cues, words, pairs, starts)``: :meth:`match` plus the words, their
        lookups and their start offsets in ``text`` (None when no cue matched; see :func:`word_starts`)."""
        words = WORD.findall(text)
        n = len(words)
        if not n:
            return 0, [], words, [], None
        pairs = self._pairs(words)
        found = []
        starts = None
        taken: dict[str, int] = {}  # frame -> first token index not yet covered by a match
        for i in compress(range(n), map(_SECOND, pairs)):
            for rest, frame, cue, length in pairs[i][1]:
                if taken.get(frame, 0) > i or i + length > n:
                    continue
                if rest and (rest[0] not in pairs[i + 1][0] or (
                        length > 2 and not all(rest[j] in pairs[i + 1 + j][0] for j in range(1, len(rest))))):
                    continue
                taken[frame] = i + length
                if starts is None:
                    starts = word_starts(text, words)
                k = i + length - 1
                s, e = starts[i], starts[k] + len(words[k])
                found.append({"text": text[s:e], "start": offset + s, "end": offset + e, "frame": frame, "cue": cue})
        return n, found, words, pairs, starts

    def match(self, text: str, offset: int = 0) -> tuple[int, list[dict]]:
        """``(n_words, cues)`` for ``text``; cue offsets are shifted by ``offset``."""
        n, found, _, _, _ = self.scan(text, offset)
        return n, found


def _longest_first(entry: tuple) -> int:
    return -entry[3]


_CACHE_MAX = 500_000  # words remembered per matcher
_SECOND = itemgetter(1)
_FIRST = itemgetter(0)


def _cue_tokens(cue: str) -> list[str]:
    """Words of a cue, keeping ``*`` attached to the word it belongs to."""
    return [t for t in re.split(r"[^\w'’*\-]+", cue) if t.strip("*-'’")]


_MATCHERS: dict = {}


def _matcher_for(scheme: Scheme) -> _Matcher:
    """The compiled matcher of ``scheme`` (built once per name, version and cues)."""
    key = (scheme.name, scheme.version, tuple(scheme.frames.items()))
    m = _MATCHERS.get(key)
    if m is None:
        if len(_MATCHERS) >= 32:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        m = _MATCHERS[key] = _Matcher(scheme)
    return m


def match_cues(text: str, *, scheme="generic") -> list[dict]:
    """The cues of ``scheme`` found in ``text``: dicts ``text, start, end, frame, cue``.

    >>> [(c["text"], c["cue"]) for c in match_cues("Critics clashed over the economies of Europe.")]
    [('Critics', 'critic'), ('clashed', 'clash'), ('economies', 'economy')]
    """
    return _matcher_for(load_scheme(scheme)).match(text)[1]


# ---------------------------------------------------------------- the learned model
def model_terms(text: str, offset: int = 0) -> list[tuple[str, str, int, int]]:
    """``(stem, word, start, end)`` of every word of ``text``: the model's vocabulary units.

    Training (``benchmarks/train_frames.py``) and prediction both use this function, so the
    shipped weights see the same features they were fitted on.

    >>> [t[0] for t in model_terms("Farmers were losing crops")]
    ['farmer', 'were', 'lose', 'crop']
    """
    return [(_stem(m.group()), m.group(), offset + m.start(), offset + m.end()) for m in WORD.finditer(text)]


def model_features(counts: dict, densities, model: dict):
    """Feature vector of one article: ``(rows, values, dict_values)``.

    ``counts`` maps stems to their counts; ``rows``/``values`` are the in-vocabulary terms with
    value ``(1 + log count) * idf`` scaled to unit L2 norm; ``dict_values`` is
    ``log1p(cues per 1,000 words) * dict_scale`` per frame (in the model's frame order).
    """
    index, idf = model["index"], model["idf"]
    known = [k for k in counts if k in index]
    rows = np.fromiter(map(index.__getitem__, known), dtype=np.int64, count=len(known))
    if rows.size:
        n = np.fromiter(map(counts.__getitem__, known), dtype=np.float64, count=len(known))
        vals = (1.0 + np.log(n)) * idf[rows]
        vals /= np.sqrt(vals @ vals)
    else:
        vals = np.zeros(0)
    return rows, vals, np.log1p(np.asarray(densities, dtype=np.float64)) * model["dict_scale"]


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped generic-frames model: frames, vocabulary, weights, thresholds and metadata.

    >>> m = load_model()
    >>> m["frames"]
    ['conflict', 'human_interest', 'economic', 'morality', 'responsibility']
    >>> sorted(m["thresholds"]) == sorted(m["frames"])
    True
    """
    raw = read_lexicon_json(MODEL_FILE)
    vocab = raw["vocab"]
    frames_ = list(raw["frames"])
    return {
        "meta": raw["_meta"],
        "frames": frames_,
        "vocab": vocab,
        "index": {w: i for i, w in enumerate(vocab)},
        "idf": np.asarray(raw["idf"], dtype=np.float64),
        "W": np.asarray([raw["weights"][f] for f in frames_], dtype=np.float64).T,  # vocab x frames
        "D": np.asarray([raw["dict_weights"][f] for f in frames_], dtype=np.float64).T,  # density x frames
        "bias": np.asarray([raw["bias"][f] for f in frames_], dtype=np.float64),
        "thresholds": {f: float(raw["thresholds"][f]) for f in frames_},
        "dict_scale": float(raw["dict_scale"]),
        "evidence_top": int(raw.get("evidence_top", 8)),
    }


# ---------------------------------------------------------------- the measure
@register("frames")
def frames(data, *, scheme="generic", method: str = "dictionary", level: str = "article",
           min_score: float | None = None, min_cues: int | None = None) -> pd.DataFrame:
    """Frame cues per unit and frame, in long format, with the cues as evidence.

    Parameters
    ----------
    data : DataFrame, Series, list of str or str
        Articles (``nl.load``), paragraphs or sentences tables, any DataFrame with ``text``,
        or strings.
    scheme : str, dict or path, keyword-only
        ``"generic"``, ``"policy"``, ``"gvfc"``, a dictionary ``{frame: [cue, ...]}`` (cues may
        be phrases and use ``*`` wildcards) or the path of a YAML/JSON file with one.
    method : {"dictionary", "model"}, keyword-only
        ``"dictionary"`` (default): cue counts.  ``"model"``: the shipped logistic regression
        (``scheme="generic"``, ``level="article"`` only); see the module documentation.
    level : {"article", "paragraph", "sentence"}, keyword-only
        Unit of analysis.  Coarser than the input (e.g. ``"article"`` on a sentences table)
        sums the finer units, so cue offsets stay in the article's text.
    min_score, min_cues : optional, keyword-only
        Override the scheme's ``present`` thresholds for every frame.  With
        ``method="model"``, ``min_score`` is the probability threshold and ``min_cues`` is
        not accepted.

    Returns
    -------
    DataFrame
        Keys of the level (``article_id`` [, ``paragraph`` [, ``sentence``]]), ``frame``,
        ``score`` (cues per 1,000 words; at sentence level the number of cues; with
        ``method="model"`` the frame's probability), ``count`` (cue matches), ``n_cues``
        (distinct cues), ``n_words``, ``present`` (bool) and ``cues`` (list of ``{text,
        start, end, frame, cue}``, offsets into the article text; the model adds ``weight``
        and ``kind`` = "cue" or "word").  ``attrs["newslens"]`` records the method, the
        scheme's (or model's) name and version and the thresholds.

    Examples
    --------
    >>> import newslens as nl
    >>> out = nl.frames(["The rivals clashed again; critics accused both sides."])
    >>> int(out.set_index("frame").loc["conflict", "n_cues"])
    5
    >>> sorted(out["frame"])
    ['conflict', 'economic', 'human_interest', 'morality', 'responsibility']
    >>> m = nl.frames(["Protesters clashed with police over the new carbon tax."], method="model")
    >>> bool(m["score"].between(0, 1).all()), sorted(m["cues"].iloc[0][0])
    (True, ['cue', 'end', 'frame', 'kind', 'start', 'text', 'weight'])
    """
    check_level(level)
    build = methods.get(method)
    sch = load_scheme(scheme)
    if min_score is not None and (isinstance(min_score, bool) or not isinstance(min_score, numbers.Real)
                                  or not 0 <= min_score <= (1 if method == "model" else float("inf"))):
        what = "a probability between 0 and 1" if method == "model" else "a number of cues per 1,000 words, 0 or more"
        raise OptionError(f"`min_score` must be {what}; got {min_score!r}. Leave it None for the thresholds of the "
                          f"scheme ({scheme!r}) or model.")
    if min_cues is not None and (isinstance(min_cues, bool) or not isinstance(min_cues, numbers.Integral) or min_cues < 0):
        raise OptionError(f"`min_cues` must be a whole number, 0 or more (distinct cues a unit needs); got {min_cues!r}.")
    return build(data, sch=sch, scheme=scheme, level=level, min_score=min_score, min_cues=min_cues)


def _collect(data, sch: Scheme, level: str, *, terms: bool = False):
    """Match the scheme's cues in every unit, grouped to ``level``.

    Returns ``(keys, group_keys, words, cues, terms)``: key column names, one key tuple per
    group, word counts, per-group per-frame cue lists and (when ``terms``) per group the list
    of its units' ``[stems, words, word starts or None, text, offset]``.
    """
    matcher = _matcher_for(sch)
    texts = as_texts(data)
    native = _NATIVE[input_kind(texts)]
    base = level if LEVEL_ORDER[level] <= LEVEL_ORDER[native] else native
    u = units(texts, base)
    keys = keys_of(u, level)
    nf = len(sch.frame_ids)
    fpos = {f: k for k, f in enumerate(sch.frame_ids)}
    unit_keys = list(zip(*(u[k].tolist() for k in keys))) if keys else [()] * len(u)
    groups: dict[tuple, int] = {}
    g_words: list[int] = []
    g_cues: list[list[list]] = []
    g_terms: list[list] = []
    starts = u["start"].tolist() if "start" in u else [0] * len(u)
    for key, text, start in zip(unit_keys, u["text"].tolist(), starts):
        g = groups.get(key)
        if g is None:
            g = groups[key] = len(g_words)
            g_words.append(0)
            g_cues.append([[] for _ in range(nf)])
            g_terms.append([])
        off = 0 if start is None or start != start else int(start)
        n, found, words, pairs, wstarts = matcher.scan(text, off)
        g_words[g] += n
        if found:
            cues = g_cues[g]
            for c in found:
                cues[fpos[c["frame"]]].append(c)
        if terms and n:
            # a word's stem is the first of its lookup keys: _stem of the lower-cased word, which is
            # model_terms' _stem(word) (lower-casing twice changes nothing)
            g_terms[g].append([list(map(_FIRST, map(_FIRST, pairs))), words, wstarts, text, off])
    return keys, list(groups), g_words, g_cues, g_terms


def _table(keys, group_keys, fids, cols: dict) -> pd.DataFrame:
    """Long table: keys repeated per frame, then ``frame`` and the per-row columns."""
    nf = len(fids)
    keycols = {name: [k[i] for k in group_keys for _ in range(nf)] for i, name in enumerate(keys)}
    return pd.DataFrame({
        **keycols,
        "frame": pd.Series(list(fids) * len(group_keys), dtype="object"),
        "score": pd.Series(cols["score"], dtype="float64"),
        "count": pd.Series(cols["count"], dtype="int64"),
        "n_cues": pd.Series(cols["n_cues"], dtype="int64"),
        "n_words": pd.Series(cols["n_words"], dtype="int64"),
        "present": pd.Series(cols["present"], dtype="bool"),
        "cues": pd.Series(cols["cues"], dtype="object"),
    })


@methods.register("dictionary")
def _by_dictionary(data, *, sch: Scheme, scheme, level: str, min_score, min_cues) -> pd.DataFrame:
    keys, group_keys, g_words, g_cues, _ = _collect(data, sch, level)
    fids = sch.frame_ids
    thr = [sch.threshold(f) for f in fids]
    if min_score is not None or min_cues is not None:
        thr = [(t if min_score is None else float(min_score), k if min_cues is None else int(min_cues)) for t, k in thr]
    per_sentence = level == "sentence"
    cols: dict[str, list] = {c: [] for c in ("score", "count", "n_cues", "n_words", "present", "cues")}
    for g in range(len(group_keys)):
        nw = g_words[g]
        for k in range(len(fids)):
            cl = g_cues[g][k]
            cnt = len(cl)
            distinct = len({c["cue"] for c in cl})
            sc = float(cnt) if per_sentence else (1000.0 * cnt / nw if nw else 0.0)
            t, need = thr[k]
            cols["score"].append(sc)
            cols["count"].append(cnt)
            cols["n_cues"].append(distinct)
            cols["n_words"].append(nw)
            cols["present"].append(bool(cnt) and distinct >= need and (per_sentence or sc >= t))
            cols["cues"].append(cl)
    return provenance(
        _table(keys, group_keys, fids, cols),
        measure="frames",
        method="dictionary",
        level=level,
        resources={"scheme": sch.name, "version": sch.version, "source": sch.source, "licence": sch.licence},
        thresholds={f: {"min_score": t, "min_cues": k} for f, (t, k) in zip(fids, thr)},
        score_unit="cues" if per_sentence else "cues per 1,000 words",
    )


def _first_use(parts: list, stem: str) -> tuple[list, int]:
    """The unit of ``parts`` and the position in it where ``stem`` appears first."""
    for part in parts:
        try:
            return part, part[0].index(stem)
        except ValueError:
            continue
    raise KeyError(stem)  # pragma: no cover - stems come from these parts


@methods.register("model")
def _by_model(data, *, sch: Scheme, scheme, level: str, min_score, min_cues) -> pd.DataFrame:
    if not (isinstance(scheme, str) and scheme == "generic"):
        raise OptionError(
            f"`method='model'` is only available with `scheme='generic'` (the valid combinations are "
            f"method='dictionary' with any scheme, and method='model' with scheme='generic'); got scheme={scheme!r}. "
            "Use method='dictionary' for other schemes."
        )
    if level != "article":
        raise OptionError(
            f"`method='model'` scores whole articles: `level` must be 'article'; got {level!r}. "
            "Use method='dictionary' for sentences and paragraphs."
        )
    if min_cues is not None:
        raise OptionError(
            f"`min_cues` applies to method='dictionary' only; got min_cues={min_cues!r} with method='model'. "
            "Pass min_score= (a probability between 0 and 1) to change the model's threshold."
        )
    model = load_model()
    fids = sch.frame_ids
    if list(model["frames"]) != list(fids):
        raise OptionError(
            f"The frame model was trained for frames {model['frames']} but the generic scheme has {fids}; "
            "retrain it with `python -m benchmarks.train_frames`."
        )
    keys, group_keys, g_words, g_cues, g_terms = _collect(data, sch, level, terms=True)
    W, D, bias, vocab = model["W"], model["D"], model["bias"], model["vocab"]
    thr = [model["thresholds"][f] if min_score is None else float(min_score) for f in fids]
    top = model["evidence_top"]
    nf = len(fids)
    cols: dict[str, list] = {c: [] for c in ("score", "count", "n_cues", "n_words", "present", "cues")}
    for g in range(len(group_keys)):
        nw = g_words[g]
        parts = g_terms[g]
        counts: Counter = Counter()  # stems in order of first appearance, as model_features expects
        for part in parts:
            counts.update(part[0])
        dens = [1000.0 * len(g_cues[g][k]) / nw if nw else 0.0 for k in range(nf)]
        rows, vals, dvals = model_features(counts, dens, model)
        contrib = vals[:, None] * W[rows] if rows.size else np.zeros((0, nf))
        logits = contrib.sum(0) + dvals @ D + bias
        prob = 1.0 / (1.0 + np.exp(-logits))
        if rows.size and nw:
            # per frame, the terms by the size of their contribution (stable: ties keep term order)
            order = np.argsort(-np.abs(contrib), axis=0, kind="stable")[:top]
            top_rows = rows[order].T.tolist()
            top_vals = np.take_along_axis(contrib, order, axis=0).T.tolist()
        else:
            top_rows = top_vals = [[] for _ in range(nf)]
        for k, f in enumerate(fids):
            cl = g_cues[g][k]
            share = round(float(dvals[k] * D[k, k]) / len(cl), 4) if cl else 0.0
            ev = [{**c, "weight": share, "kind": "cue"} for c in cl]
            for r, v in zip(top_rows[k], top_vals[k]):
                if v == 0:
                    continue
                stem = vocab[r]
                part, w = _first_use(parts, stem)
                if part[2] is None:
                    part[2] = word_starts(part[3], part[1])
                word = part[1][w]
                s = part[4] + part[2][w]
                ev.append({"text": word, "start": s, "end": s + len(word), "frame": f, "cue": stem,
                           "weight": round(v, 4), "kind": "word"})
            p = float(prob[k]) if nw else float("nan")  # no words: the model cannot decide
            cols["score"].append(p)
            cols["count"].append(len(cl))
            cols["n_cues"].append(len({c["cue"] for c in cl}))
            cols["n_words"].append(nw)
            cols["present"].append(bool(nw) and p >= thr[k])
            cols["cues"].append(ev)
    meta = model["meta"]
    return provenance(
        _table(keys, group_keys, fids, cols),
        measure="frames",
        method="model",
        level=level,
        resources={"scheme": sch.name, "version": sch.version, "model": meta["name"], "model_version": meta["version"],
                   "training_data": meta["training_data"], "source": meta["source"], "licence": meta["licence"]},
        thresholds={f: {"probability": t} for f, t in zip(fids, thr)},
        score_unit="probability",
    )
