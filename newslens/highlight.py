"""The evidence behind a measure, marked in the article text as safe HTML.

``nl.highlight(article, by="sentiment")`` runs one measure on one article and returns a
:class:`Highlight`: in Jupyter it shows the article with the words, mentions, cues, quotes or
paragraph labels that produced the scores marked, a legend, and the title/outlet/date
header. Hover over a mark to see why it is there.

The HTML is inert. Every piece of article text and metadata passes through
``html.escape(quote=True)`` (hover titles too), links are emitted only for ``http``/``https``
URLs, no event handler attribute and no ``<script>`` is ever written, and the one ``<style>``
block is scoped to a class unique to this output, so it looks the same in JupyterLab and in
nbconvert HTML.

The core is :func:`render`, a pure function from text and character spans to HTML that
splits overlapping spans into non-overlapping segments.

>>> from newslens.highlight import render
>>> html = render("Good news <b>today</b>.", [(0, 4, "nl-pos", "good: +1.9")])
>>> "&lt;b&gt;today&lt;/b&gt;" in html and 'title="good: +1.9"' in html
True
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

import pandas as pd

from .errors import ColumnError, OptionError, missing_columns
from .registry import Registry

__all__ = ["Highlight", "highlight", "render", "Span", "adapters", "safe_url"]

_CLASS_OK = re.compile(r"[^A-Za-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")

# Okabe–Ito colours; each frame gets a colour *and* an underline style so print and
# colour-blind readers can still tell them apart.
_FRAME_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
_FRAME_LINES = ("solid", "dashed", "dotted", "double", "solid", "dashed", "dotted", "double")

_BASE_CSS = """
{w} {{ font-family: Georgia, 'Times New Roman', serif; font-size: 15px; line-height: 1.6; color: #1a1a1a;
      background: #ffffff; padding: 14px 18px; border: 1px solid #dddddd; border-radius: 4px; max-width: 860px; }}
{w} .nl-head {{ margin-bottom: 10px; border-bottom: 1px solid #e5e5e5; padding-bottom: 6px; }}
{w} .nl-title {{ font-size: 19px; line-height: 1.3; }}
{w} .nl-meta {{ color: #555555; font-family: Helvetica, Arial, sans-serif; }}
{w} .nl-meta a {{ color: #0b5394; }}
{w} p.nl-p {{ margin: 0 0 0.8em 0; white-space: pre-wrap; }}
{w} p.nl-nonbody {{ color: #8a8a8a; font-size: 13px; font-style: italic; }}
{w} .nl-badge {{ font-family: Helvetica, Arial, sans-serif; font-size: 10.5px; font-style: normal; color: #333333;
      background: #eeeeee; border-radius: 3px; padding: 0 4px; margin: 0 4px; white-space: nowrap; }}
{w} .nl-legend {{ font-family: Helvetica, Arial, sans-serif; font-size: 12px; color: #333333; margin: 4px 0 12px 0; }}
{w} .nl-legend span.nl-key {{ margin-right: 14px; display: inline-block; }}
{w} .nl-note {{ margin-bottom: 10px; color: #666666; font-family: Helvetica, Arial, sans-serif; font-size: 11.5px; }}
{w} .nl-pos {{ background: #d6e9f8; border-bottom: 2px solid #0072B2; }}
{w} .nl-neg {{ background: #fbe0cc; border-bottom: 2px dashed #D55E00; }}
{w} .nl-cue {{ border-bottom: 2px dotted #777777; }}
{w} .nl-ev-pos {{ border-bottom: 2px solid #0072B2; }}
{w} .nl-ev-neg {{ border-bottom: 2px dashed #D55E00; }}
{w} .nl-mention-positive {{ background: #d6e9f8; outline: 1.5px solid #0072B2; border-radius: 2px; }}
{w} .nl-mention-negative {{ background: #fbe0cc; outline: 1.5px dashed #D55E00; border-radius: 2px; }}
{w} .nl-mention-neutral {{ background: #ececec; outline: 1.5px dotted #666666; border-radius: 2px; }}
{w} .nl-quote {{ background: #fff4d6; }}
{w} .nl-reported {{ background: #eef6ec; border-bottom: 1px dashed #009E73; }}
{w} .nl-speaker {{ font-weight: bold; border-bottom: 2px solid #009E73; }}
{w} .nl-speech {{ border-bottom: 2px dotted #009E73; }}
{w} .nl-src-attributed {{ border-left: 5px solid #0072B2; padding-left: 8px; }}
{w} .nl-src-reported {{ border-left: 5px dotted #56B4E9; padding-left: 8px; }}
{w} .nl-src-commentary {{ border-left: 5px double #E69F00; padding-left: 8px; background: #fff8ea; }}
{w} .nl-src-cue {{ border-bottom: 2px solid #0072B2; }}
{w} .nl-srccue-reported {{ border-bottom: 1.5px dotted #56B4E9; }}
{w} .nl-srccue-commentary {{ border-bottom: 2px dotted #E69F00; background: #fff1d6; }}
"""


@dataclass(frozen=True)
class Span:
    """A marked stretch of the article: ``text[start:end]`` gets ``css`` and a hover ``title``.

    ``badge`` is a short label shown right after the span (e.g. a quote's speaker).
    """

    start: int
    end: int
    css: str
    hover: str = ""
    badge: str | None = None


def _as_span(s) -> Span:
    if isinstance(s, Span):
        return s
    if isinstance(s, Mapping):
        return Span(int(s["start"]), int(s["end"]), str(s.get("css", s.get("class", ""))), str(s.get("hover", "") or ""), s.get("badge"))
    t = tuple(s)
    return Span(int(t[0]), int(t[1]), str(t[2]) if len(t) > 2 else "", str(t[3] or "") if len(t) > 3 else "", t[4] if len(t) > 4 else None)


def _css_class(name: str) -> str:
    return " ".join(p for p in (_CLASS_OK.sub("-", part) for part in str(name).split()) if p)


def _attr(value) -> str:
    return escape(str(value), quote=True)


def safe_url(url) -> str | None:
    """Return ``url`` when it is an absolute http(s) URL, else None (no javascript:, data:, …)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u or _CONTROL.search(u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return u


# ------------------------------------------------------------------ pure rendering
def _segments(text: str, spans: list[Span], lo: int, hi: int) -> str:
    """HTML for ``text[lo:hi]`` with the spans split into non-overlapping segments.

    The text is cut at every span edge; each piece gets the classes and hover texts of all
    spans covering it, in the order the spans were given. Linear in text plus span coverage.
    """
    inside = [s for s in spans if s.end > lo and s.start < hi]
    if not inside:
        return escape(text[lo:hi], quote=True)
    cuts = sorted({lo, hi, *(max(lo, s.start) for s in inside), *(min(hi, s.end) for s in inside)})
    index = {c: i for i, c in enumerate(cuts)}
    cover: list[list[Span]] = [[] for _ in range(len(cuts) - 1)]
    badges: dict[int, list[str]] = {}
    for s in inside:
        a, b = index[max(lo, s.start)], index[min(hi, s.end)]
        for k in range(a, b):
            cover[k].append(s)
        if s.badge and s.end <= hi:
            badges.setdefault(b - 1, []).append(str(s.badge))
    out = []
    for k in range(len(cuts) - 1):
        chunk = escape(text[cuts[k]:cuts[k + 1]], quote=True)
        active = cover[k]
        if active:
            classes = " ".join(dict.fromkeys(c for s in active for c in _css_class(s.css).split()))
            hover = " · ".join(dict.fromkeys(s.hover for s in active if s.hover))
            attrs = f' class="{_attr(classes)}"' if classes else ""
            if hover:
                attrs += f' title="{_attr(hover)}"'
            out.append(f"<span{attrs}>{chunk}</span>")
        else:
            out.append(chunk)
        for badge in badges.get(k, ()):
            out.append(f'<small class="nl-badge">{escape(badge, quote=True)}</small>')
    return "".join(out)


def _bucket(spans: list[Span], rows: list[dict]) -> list[list[Span]]:
    """Spans overlapping each paragraph (rows sorted by start)."""
    from bisect import bisect_right

    starts = [int(r["start"]) for r in rows]
    buckets: list[list[Span]] = [[] for _ in rows]
    for s in spans:
        j = max(bisect_right(starts, s.start) - 1, 0)
        while j < len(rows) and starts[j] < s.end:
            if int(rows[j]["end"]) > s.start:
                buckets[j].append(s)
            j += 1
    return buckets


def _paragraph_rows(text: str, paragraphs) -> list[dict]:
    if paragraphs is None:
        from .segment import _split_paragraphs

        return [{"start": s, "end": e, "kind": "body"} for s, e in _split_paragraphs(text)]
    if isinstance(paragraphs, pd.DataFrame):
        rows = paragraphs.to_dict("records")
    else:
        rows = [dict(r) for r in paragraphs]
    for r in rows:
        if "start" not in r or "end" not in r:
            raise ColumnError("Each paragraph needs `start` and `end` offsets into the article text; pass the output of nl.paragraphs(articles).")
    return sorted(rows, key=lambda r: int(r["start"]))


def _header_html(header) -> str:
    if not header:
        return ""
    h = {k: v for k, v in dict(header).items() if v is not None and not (isinstance(v, float) and v != v)}
    parts = []
    title = h.get("title")
    url = safe_url(h.get("url"))
    if title:
        t = f"<b>{escape(str(title), quote=True)}</b>"
        parts.append(f'<div class="nl-title">{t}</div>')
    meta = []
    for key in ("outlet", "published", "author"):
        v = h.get(key)
        if v is None or (hasattr(pd, "isna") and _isna(v)) or str(v).strip() == "":
            continue
        if key == "published" and isinstance(v, pd.Timestamp):
            v = v.strftime("%Y-%m-%d %H:%M %Z").strip()
        meta.append(escape(str(v), quote=True))
    if url:
        meta.append(f'<a href="{_attr(url)}" target="_blank" rel="noopener noreferrer nofollow">source</a>')
    elif h.get("url"):
        meta.append(f"link not shown (not an http/https URL): {escape(str(h.get('url'))[:80], quote=True)}")
    if meta:
        parts.append(f'<div class="nl-meta"><small>{" · ".join(meta)}</small></div>')
    return f'<div class="nl-head">{"".join(parts)}</div>' if parts else ""


def _isna(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _legend_html(legend) -> str:
    if not legend:
        return ""
    keys = []
    for item in legend:
        css, label = item[0], item[1]
        note = item[2] if len(item) > 2 else ""
        t = f' title="{_attr(note)}"' if note else ""
        keys.append(f'<span class="nl-key"{t}><span class="{_attr(_css_class(css))}">{escape(str(label), quote=True)}</span></span>')
    return f'<div class="nl-legend"><b>Key:</b> {"".join(keys)}</div>'


def render(text, spans=(), *, paragraphs=None, legend=None, header=None, note=None, extra_css="") -> str:
    """Render ``text`` as escaped HTML with ``spans`` marked, paragraph by paragraph.

    Parameters
    ----------
    text : str
        The article text; all offsets point into it.
    spans : iterable
        :class:`Span` objects, ``(start, end, css, hover[, badge])`` tuples or dicts with those
        keys. Spans may overlap or nest: the text is cut at every span edge and each piece gets
        the classes and hover texts of all spans covering it.
    paragraphs : DataFrame or list of dict, optional
        Rows with ``start``, ``end`` and optionally ``kind`` (non-body kinds are greyed and
        labelled), ``duplicate``, ``label`` (a paragraph-level label such as a sourcing label,
        shown as a badge and as class ``nl-src-<label>``) and ``hover``. Default: split on blank lines.
    legend : list of tuple, optional
        ``(css, label[, explanation])`` entries for the key above the text.
    header : dict, optional
        ``title``, ``outlet``, ``published``, ``author``, ``url`` (links only for http/https).
    note : str, optional
        A line under the legend (e.g. the measure and its method).
    extra_css : str
        CSS rules using ``{w}`` for the wrapper selector (written by newslens, never from data).

    Returns
    -------
    str
        A ``<div>`` with one scoped ``<style>`` block; no scripts, no event handlers.

    Examples
    --------
    >>> html = render("A good day. A bad night.", [(2, 6, "nl-pos", "good"), (0, 11, "nl-cue", "sentence 1")])
    >>> html.count("<span")
    3
    """
    text = "" if not isinstance(text, str) else text
    spans = [_as_span(s) for s in spans]
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    body = []
    rows = _paragraph_rows(text, paragraphs)
    for row, own in zip(rows, _bucket(spans, rows)):
        lo, hi = max(0, int(row["start"])), min(len(text), int(row["end"]))
        if hi <= lo:
            continue
        kind = str(row.get("kind") or "body")
        dup = bool(row.get("duplicate")) if not _isna(row.get("duplicate")) else False
        classes = ["nl-p"]
        badges = []
        if kind != "body" or dup:
            classes.append("nl-nonbody")
            classes.append(f"nl-kind-{kind}")
            badges.append(kind if kind != "body" else "duplicate")
            if dup and kind != "body":
                badges.append("duplicate")
        label = row.get("label")
        if isinstance(label, str) and label:
            classes.append(f"nl-src-{label}")
            badges.insert(0, label)
        hover = row.get("hover")
        t = f' title="{_attr(hover)}"' if isinstance(hover, str) and hover else ""
        badge_html = "".join(f'<small class="nl-badge">{escape(str(b), quote=True)}</small>' for b in badges)
        body.append(f'<p class="{_attr(_css_class(" ".join(classes)))}"{t}>{badge_html}{_segments(text, own, lo, hi)}</p>')
    inner = _header_html(header) + _legend_html(legend)
    if note:
        inner += f'<div class="nl-note">{escape(str(note), quote=True)}</div>'
    inner += "".join(body) or '<p class="nl-p nl-nonbody">(no text)</p>'
    uid = "newslens-hl-" + hashlib.sha1(inner.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    css = (_BASE_CSS + extra_css).replace("{w}", f"div.{uid}").replace("{{", "{").replace("}}", "}")
    css = css.replace("</", "<\\/")  # a style block can never be closed early
    return f'<div class="{uid}"><style>{css}</style>{inner}</div>'


# ------------------------------------------------------------------ the Highlight object
@dataclass
class Highlight:
    """An article with a measure's evidence marked; displays itself in Jupyter.

    Attributes
    ----------
    html : str
        The escaped, script-free HTML.
    scores : DataFrame
        The measure's output for this article (what the marks come from).
    by : str
        The measure.
    """

    html: str
    scores: pd.DataFrame = field(repr=False)
    by: str = "sentiment"

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<Highlight by={self.by!r}: {len(self.scores)} score rows; display in Jupyter or use .html>"

    def save(self, path) -> None:
        """Write a standalone HTML page to ``path``."""
        from pathlib import Path

        page = f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>newslens highlight</title></head><body>{self.html}</body></html>'
        Path(path).write_text(page, encoding="utf-8")


# ------------------------------------------------------------------ adapters: scores → spans
adapters = Registry("by")


@dataclass
class _Marks:
    spans: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)      # paragraph number -> label
    label_hover: dict = field(default_factory=dict)
    legend: list = field(default_factory=list)
    css: str = ""
    note: str = ""


def _records(df: pd.DataFrame, cols) -> list[tuple]:
    present = [c for c in cols if c in df.columns]
    values = [df[c].tolist() for c in present]
    out = []
    for row in zip(*values) if values else []:
        d = dict(zip(present, row))
        out.append(tuple(d.get(c) for c in cols))
    return out


def _evidence_items(ev) -> list[dict]:
    if ev is None or (isinstance(ev, float) and ev != ev):
        return []
    if hasattr(ev, "tolist"):
        ev = ev.tolist()
    if isinstance(ev, Mapping):
        ev = [ev]
    return [dict(e) for e in ev if isinstance(e, Mapping) and _ok_offset(e.get("start")) and _ok_offset(e.get("end"))]


def _ok_offset(v) -> bool:
    return v is not None and not _isna(v)


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


@adapters.register("sentiment")
def _sentiment_marks(scores: pd.DataFrame) -> _Marks:
    m = _Marks(legend=[("nl-pos", "positive word", "solid blue underline"),
                       ("nl-neg", "negative word", "dashed orange underline")])
    for start, end, s, label, ev in _records(scores, ["start", "end", "sentiment", "label", "evidence"]):
        sv = _num(s)
        if _ok_offset(start) and _ok_offset(end) and sv is not None:
            m.spans.append(Span(int(start), int(end), "", f"sentence: {sv:+.2f} ({label or 'unlabelled'})"))
        for e in _evidence_items(ev):
            val = _num(e.get("valence"))
            css = "nl-pos" if val is not None and val > 0 else "nl-neg" if val is not None and val < 0 else "nl-cue"
            extra = "".join(f", {k}: {e[k]}" for k in ("negated", "modifier", "note") if e.get(k) not in (None, False, ""))
            hover = f"{e.get('text', '')}: valence {val:+.2f}{extra}" if val is not None else str(e.get("text", ""))
            m.spans.append(Span(int(e["start"]), int(e["end"]), css, hover))
    m.note = "Words that moved the sentence score are marked; hover for the word's valence and the sentence score."
    return m


@adapters.register("stance")
def _stance_marks(scores: pd.DataFrame) -> _Marks:
    m = _Marks(legend=[("nl-mention-positive", "target, positive context"),
                       ("nl-mention-negative", "target, negative context"),
                       ("nl-mention-neutral", "target, neutral context"),
                       ("nl-ev-pos", "evidence pushing positive"), ("nl-ev-neg", "evidence pushing negative")])
    for target, mention, start, end, stance, label, ev in _records(
            scores, ["target", "mention", "start", "end", "stance", "label", "evidence"]):
        lab = label if label in ("positive", "negative", "neutral") else "neutral"
        sv = _num(stance)
        score = f"{sv:+.2f}" if sv is not None else "n/a"
        for e in _evidence_items(ev):
            kind = e.get("kind") or e.get("role")
            if kind in ("mention", "target"):
                m.spans.append(Span(int(e["start"]), int(e["end"]), f"nl-mention-{lab}", f"target: {target} · stance {score} ({lab})"))
            else:
                val = _num(e.get("valence"))
                vt = f": weight {val:+.2f}" if val is not None else ""
                css = "nl-ev-pos" if val is not None and val > 0 else "nl-ev-neg" if val is not None and val < 0 else "nl-cue"
                role = f", {e['role']}" if e.get("role") else ""
                m.spans.append(Span(int(e["start"]), int(e["end"]), css, f"'{e.get('text', '')}' → stance toward {target}{vt}{role}"))
        if isinstance(mention, str) and _ok_offset(start) and _ok_offset(end) and int(end) - int(start) <= max(len(mention) + 2, 80):
            m.spans.append(Span(int(start), int(end), f"nl-mention-{lab}", f"target: {target} · stance {score} ({lab})"))
    m.note = "Mentions of each target are boxed by the stance of their context; hover for target and score."
    return m


@adapters.register("frames")
def _frames_marks(scores: pd.DataFrame) -> _Marks:
    col = "cues" if "cues" in scores.columns else "evidence"
    names = list(dict.fromkeys(scores["frame"].astype(str))) if "frame" in scores.columns else []
    seen = set()
    m = _Marks()
    index = {n: i for i, n in enumerate(names)}
    used = set()
    if col in scores.columns:
        for frame, cues in zip(scores["frame"].astype(str) if "frame" in scores.columns else [""] * len(scores), scores[col]):
            for e in _evidence_items(cues):
                f = str(e.get("frame") or frame)
                key = (int(e["start"]), int(e["end"]), f)
                if key in seen:
                    continue
                seen.add(key)
                i = index.setdefault(f, len(index))
                used.add(f)
                cue = e.get("cue")
                hover = f"frame: {f.replace('_', ' ')}" + (f" (cue: {cue})" if cue else "")
                m.spans.append(Span(key[0], key[1], f"nl-frame-{i}", hover))
    css = []
    for i in index.values():
        k = i % len(_FRAME_COLOURS)
        css.append(f"{{w}} .nl-frame-{i} {{{{ border-bottom: 3px {_FRAME_LINES[k]} {_FRAME_COLOURS[k]}; }}}}\n")
    m.css = "".join(css)
    m.legend = [(f"nl-frame-{i}", f.replace("_", " ")) for f, i in index.items() if f in used]
    m.note = "Frame cue words are underlined in the colour and line style of their frame; hover for the frame and cue."
    if not used:
        m.note = "No frame cues were found in this article."
    return m


@adapters.register("quotes")
def _quotes_marks(scores: pd.DataFrame) -> _Marks:
    m = _Marks(legend=[("nl-quote", "quoted words"), ("nl-reported", "reported speech (no quotation marks)"),
                       ("nl-speaker", "speaker"), ("nl-speech", "speech verb")])
    for start, end, written, name, kind, cue, ev in _records(
            scores, ["start", "end", "speaker", "speaker_name", "kind", "cue", "evidence"]):
        who = _speaker_label(name, written)
        if _ok_offset(start) and _ok_offset(end):
            css = "nl-reported" if kind in ("indirect", "mixed") else "nl-quote"
            what = f"{kind} quote" if isinstance(kind, str) else "quote"
            hover = f"{what}; speaker: {who}" + (f"; cue: {cue}" if isinstance(cue, str) and cue else "")
            m.spans.append(Span(int(start), int(end), css, hover, badge=f"— {who}"))
        for e in _evidence_items(ev):
            role = e.get("role")
            css = {"speaker": "nl-speaker", "cue": "nl-speech"}.get(role)
            if css and _ok_offset(e.get("start")) and _ok_offset(e.get("end")):
                m.spans.append(Span(int(e["start"]), int(e["end"]), css, f"{role}: {e.get('text', '')}"))
    m.note = ("Quotes are shaded (reported speech with a dashed line), with the person or organisation they are "
              "credited to after them, and the words that name them in the text in brackets when those differ "
              "('Marian Hale (she)'), or 'unknown speaker'.")
    return m


def _speaker_label(name, written) -> str:
    """The resolved speaker, with the mention as written when it is not part of the name:
    "Marian Hale (she)", "Marian Hale (the governor)", but "Omar Vance" for "Vance"."""
    name = name if isinstance(name, str) and name else None
    written = written if isinstance(written, str) and written else None
    if name is None:
        return written or "unknown speaker"
    if written is None or f" {written.casefold()} " in f" {name.casefold()} ":
        return name  # "Vance" for "Omar Vance" adds nothing
    return f"{name} ({written})"


@adapters.register("sourcing")
def _sourcing_marks(scores: pd.DataFrame) -> _Marks:
    m = _Marks(legend=[("nl-src-attributed", "attributed: a source says it"), ("nl-src-reported", "reported: the reporter states it"),
                       ("nl-src-commentary", "commentary: unsourced opinion or analysis"), ("nl-src-cue", "attribution cue")])
    for par, label, ev in _records(scores, ["paragraph", "label", "evidence"]):
        if par is None or _isna(par):
            continue
        m.labels[int(par)] = str(label) if isinstance(label, str) else None
        cues = []
        for e in _evidence_items(ev):
            elabel = e.get("label") or label
            css = "nl-src-cue" if elabel == "attributed" else f"nl-srccue-{elabel}"
            what = f" ({e['cue_type']})" if e.get("cue_type") else ""
            m.spans.append(Span(int(e["start"]), int(e["end"]), css, f"{elabel} cue{what}: {e.get('text', '')}"))
            cues.append(str(e.get("text", "")))
        m.label_hover[int(par)] = f"{label}" + (f" — cues: {', '.join(cues)}" if cues else "")
    m.note = "Each body paragraph is labelled on its left edge: solid blue attributed, dotted light blue reported, double orange commentary."
    return m


# ------------------------------------------------------------------ nl.highlight
def _one_article(article) -> pd.DataFrame:
    if isinstance(article, str):
        return pd.DataFrame({"article_id": ["0"], "text": [article]})
    if isinstance(article, pd.Series):
        article = article.to_frame().T.reset_index(drop=True)
    if not isinstance(article, pd.DataFrame):
        raise ColumnError(
            f"`article` must be a string, an article row (Series) or a one-row DataFrame; got a {type(article).__name__}."
        )
    if len(article) != 1:
        raise OptionError(
            f"`article` must hold exactly one article; got {len(article)} rows. Pick one, e.g. articles.iloc[[0]] "
            "or articles[articles.article_id == '…']."
        )
    if "text" not in article.columns:
        raise missing_columns("article", ["text"], list(article.columns), fix="Pass a row of nl.load() output or a string.")
    out = article.reset_index(drop=True).copy()
    if "article_id" not in out.columns:
        out.insert(0, "article_id", "0")
    out["article_id"] = out["article_id"].astype(str)
    if not isinstance(out.at[0, "text"], str):
        out.at[0, "text"] = ""
    return out


_DEFAULTS = {"sentiment": {"level": "sentence"}, "stance": {"level": "sentence"}, "frames": {"level": "sentence"}}


def highlight(article, *, by="sentiment", **measure_options) -> Highlight:
    """Show one article with the evidence of a measure marked in its text.

    Parameters
    ----------
    article : str, Series or one-row DataFrame
        An article row of ``nl.load()`` output (title, outlet, published, author and url are
        shown in the header when present) or a plain string.
    by : {"sentiment", "stance", "frames", "quotes", "sourcing"}
        The measure whose evidence is marked.
    **measure_options
        Passed to the measure, e.g. ``targets=["Putin"]`` for stance or ``scheme="policy"``
        for frames.

    Returns
    -------
    Highlight
        ``.html`` (escaped, script-free), ``.scores`` (the measure's rows for this article);
        it displays itself in Jupyter.

    Examples
    --------
    >>> import newslens as nl
    >>> h = nl.highlight("Officials said the talks were a great success.", by="sentiment")
    >>> "<script" in h.html
    False
    """
    adapt = adapters.get(by)
    from .measures import get as get_measure

    measure = get_measure(by)
    df = _one_article(article)
    options = {**_DEFAULTS.get(by, {}), **measure_options}
    scores = measure(df, **options)
    text = df.at[0, "text"]

    from .segment import paragraphs as _paragraphs

    paras = _paragraphs(df) if text else pd.DataFrame(columns=["paragraph", "kind", "duplicate", "start", "end"])
    marks = adapt(scores)
    rows = paras.to_dict("records")
    for r in rows:
        p = int(r["paragraph"])
        if p in marks.labels:
            r["label"] = marks.labels[p]
            r["hover"] = marks.label_hover.get(p, "")
    header = {k: df.at[0, k] for k in ("title", "outlet", "published", "author", "url") if k in df.columns}
    method = scores.attrs.get("newslens", {}).get("method") if hasattr(scores, "attrs") else None
    note = marks.note + (f" Measure: {by}" + (f" ({method})." if method else ".")) + " Grey paragraphs (captions, credits, bylines, boilerplate, repeats) are not scored."
    html = render(text, marks.spans, paragraphs=rows, legend=marks.legend, header=header, note=note, extra_css=marks.css)
    return Highlight(html=html, scores=scores, by=by)
