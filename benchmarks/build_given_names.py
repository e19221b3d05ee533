"""Build ``newslens/lexicons/given_names_census.json``: the usual gender of common given names.

Source: the 1990 US Census first-name frequency lists (public domain), as shipped in the PyPI
package ``names`` 0.3.0 (MIT; files ``dist.male.first`` and ``dist.female.first``: the share of
men and of women who bear each name).  Only :func:`newslens.entities.name_gender` reads the
result, for he/she resolution: it says which gender a person's given name usually has when the
curated list in ``entities_names.json`` does not know it ("Harvey Weinstein").  It never decides
whether a capitalised word is a name.

Rule: a name gets a gender when at least ``SHARE`` of its bearers in the two lists have that sex
(the two lists' percentages, each of one sex's population, compared directly) and at least
``MIN_PERCENT`` per cent of that sex bear it.  Names held by both sexes more evenly ("Jordan",
"Jessie") get none; so do the rarest names, whose counts in the Census sample are a few dozen people
and whose gender there is noise ("Chan" and "Han", 0.001 % of women and no men: read on the
development articles, the first version made a man named Chan Han Choi female).

    /work/trainenv/bin/pip install names==0.3.0
    /work/trainenv/bin/python -m benchmarks.build_given_names
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "newslens" / "lexicons" / "given_names_census.json"
SHARE = 0.95
MIN_PERCENT = 0.004


def read(path: Path) -> dict[str, float]:
    """``NAME  percent  cumulative  rank`` lines → {Name: percent}."""
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            out[parts[0].capitalize()] = float(parts[1])
    return out


def build(folder: Path) -> dict:
    male, female = read(folder / "dist.male.first"), read(folder / "dist.female.first")
    gender = {}
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if max(m, f) >= MIN_PERCENT and max(m, f) / (m + f) >= SHARE:
            gender[name] = "m" if m > f else "f"
    return {"_meta": {"name": "given_names_census", "version": "1.0",
                      "source": "1990 US Census first-name frequencies (dist.male.first, dist.female.first), as shipped in "
                                "the PyPI package names 0.3.0; built by benchmarks/build_given_names.py",
                      "licence": "MIT (newslens); derived from public-domain US Census data",
                      "rule": f"a name's gender when at least {SHARE} of its bearers in the two lists have that sex "
                              f"and at least {MIN_PERCENT} per cent of that sex bear it",
                      "n_male_list": len(male), "n_female_list": len(female)},
            "gender": gender}


def main() -> None:
    import names

    data = build(Path(names.__file__).parent)
    OUT.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    g = data["gender"]
    print(f"wrote {OUT}: {sum(v == 'm' for v in g.values())} male, {sum(v == 'f' for v in g.values())} female", file=sys.stderr)


if __name__ == "__main__":
    main()
