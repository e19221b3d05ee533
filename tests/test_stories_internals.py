"""nl.stories internals: the fast pair scoring and ordering give exactly what the plain computations give,
and the rule that lets a piece without the news lead join its event's story."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

import newslens as nl

from test_stories import _synthetic

S = importlib.import_module("newslens.stories")


def _vectors(rng, n: int, words: int = 12, vocab: int = 40):
    doc = np.repeat(np.arange(n), words)
    term = np.concatenate([rng.choice(vocab, words, replace=False) for _ in range(n)]) * 7919 % S._BUCKETS
    w = rng.random(doc.size)
    return doc.astype(np.int64), term.astype(np.int64), w


def test_pair_scores_are_the_dot_products_of_the_vectors():
    rng = np.random.default_rng(3)
    doc, term, w = _vectors(rng, 60)
    dense = np.zeros((60, S._BUCKETS >> 10))
    cols = {t: k for k, t in enumerate(np.unique(term).tolist())}
    for d, t, x in zip(doc, term, w):
        dense[d, cols[int(t)]] = x
    dots = dense @ dense.T
    i, j = np.triu_indices(60, 1)
    lookup = S._Lookup(doc, term, w)
    pi, pj, sim = lookup.score(i, j, batch=500)  # several batches
    assert np.allclose(sim, dots[pi, pj]) and (sim > 0).all()
    assert ((dots[i, j] > 0).sum() == pi.size)  # pairs sharing no word are left out, the others kept in order
    assert (np.diff(pi * 1000 + pj) > 0).all()
    wi, wj, wt, prod = lookup.score(pi[:50], pj[:50], per_word=True)
    total = {}
    for a, b, p in zip(wi.tolist(), wj.tolist(), prod.tolist()):
        total[(a, b)] = total.get((a, b), 0.0) + p
    assert all(np.isclose(total[(a, b)], s) for a, b, s in zip(pi[:50].tolist(), pj[:50].tolist(), sim[:50].tolist()))


def test_key_words_are_ordered_like_a_sort_on_article_weight_and_word():
    rng = np.random.default_rng(5)
    doc = np.sort(rng.integers(0, 300, 5000))
    term = rng.integers(0, S._BUCKETS, 5000)
    w = rng.choice([0.5, 1.0, 1.5, 2.25], 5000) * rng.choice([1.0, 3.0], 5000)  # many ties
    expected = np.lexsort((term, -w, doc))
    got = S._by_article_heaviest_first(doc, term, w)
    assert (doc[got] == doc[expected]).all() and (term[got] == term[expected]).all()


def test_most_similar_partners_keep_the_later_article_on_ties():
    a = np.array([0, 0, 0, 1, 1, 2])
    sim = np.array([0.2, 0.5, 0.5, 0.1, 0.3, 0.4])
    b = np.array([5, 3, 4, 6, 7, 8])
    ka, ks, kb = S._top(a, sim, b, 2)
    assert ka.tolist() == [0, 0, 1, 1, 2] and kb.tolist() == [4, 3, 7, 6, 8] and ks.tolist() == [0.5, 0.5, 0.3, 0.1, 0.4]


# ---------------------------------------------------------------- clear matches below the floor
def test_clear_match_rule_changes_nothing_on_a_generated_corpus(monkeypatch):
    # generated events: an article alone has rivals about as similar as its nearest article; none joins
    s = _synthetic(2400, seed=1)
    found = nl.stories(s)
    monkeypatch.setattr(S, "RIVALS", 0)
    assert nl.stories(s)["story"].tolist() == found["story"].tolist()


@pytest.mark.shared
@pytest.mark.filterwarnings("ignore:nl.load made .* repeated article_id")
def test_pieces_without_the_news_lead_join_their_event(shared_data, monkeypatch):
    from benchmarks.stories import commentary_view

    arts = nl.load(shared_data("basil", "articles"))
    part = arts[arts["published"].dt.year >= 2015].reset_index(drop=True)  # the half the rule was not chosen on
    event = part["triplet-uuid"].to_numpy()

    def joined(rivals: int) -> int:
        monkeypatch.setattr(S, "RIVALS", rivals)
        count = 0
        for outlet in ("Fox News", "HuffPost", "New York Times"):
            table, mask = commentary_view(part, outlet, 0.75)
            story = nl.stories(table)["story"].to_numpy()
            count += sum(story[k] in set(story[(event == event[k]) & ~mask]) for k in np.flatnonzero(mask))
        return count

    with_rule, without = joined(S.RIVALS), joined(0)
    assert with_rule > without + 5
    monkeypatch.setattr(S, "RIVALS", 4)
    assert nl.stories(part)["story"].nunique() == 50  # the full reports: one story per event, as before
