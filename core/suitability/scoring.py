"""How one factor's values become scores, written as one line of text.

A weighted suitability evaluation needs, per factor, a rule from raw values (slope in degrees,
distance in metres, soil class) to scores. Users type it in the algorithm's factor table, in the
Toolbox, a model or a ``qgis_process`` call, so the syntax avoids commas (``qgis_process`` splits
table cells on them) and reads like the guideline tables:

=====================================  ===================================================
``ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1``  ranges ``(min, max]`` → score (open ends allowed)
``classes: 1:5; 2:3; 3:1``              exact values → score (categorical rasters)
``linear`` / ``linear desc``            min-max onto 0..1 over the whole raster (desc: less is better)
``linear 0 500``                        min-max with given bounds (``linear 500 0``: less is better)
``fuzzy 0 500`` / ``fuzzy - - 200 2000``  sigmoidal membership, control points a b [c d]; ``-`` = none
``fuzzy-linear 0 500``                  the same with straight ramps
``values``                              the values are already scores
=====================================  ===================================================

For vector factors a prefix says what value the cells get before scoring: ``distance`` (metres
to the nearest feature, the default) or ``field NAME`` (a numeric attribute of the polygons),
e.g. ``distance ranges: ..500:5; 500..2000:3; 2000..:1``.
"""
import re
from dataclasses import dataclass

import numpy as np

from . import mce

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^\s*({_NUMBER})?\s*\.\.\s*({_NUMBER})?\s*[:=]\s*({_NUMBER})\s*$")
_CLASS = re.compile(rf"^\s*({_NUMBER})\s*[:=]\s*({_NUMBER})\s*$")
METHODS = ("ranges", "classes", "linear", "fuzzy", "fuzzy-linear", "values")


@dataclass
class Scoring:
    method: str
    table: tuple = ()  # ranges: (min, max, score); classes: (value, value, score)
    low: float = None  # linear bounds (None = from the raster)
    high: float = None
    increasing: bool = True
    points: tuple = (None, None, None, None)  # fuzzy a, b, c, d
    source: str = "raster"  # vectors: "distance" or "field"
    field: str = ""
    text: str = ""

    @property
    def needs_min_max(self):
        return self.method == "linear" and (self.low is None or self.high is None)

    def score(self, values, low=None, high=None):
        """Scores (float32, NaN = nodata) of an array of values; ``low``/``high`` are the whole
        raster's minimum and maximum when :attr:`needs_min_max`."""
        if self.method == "ranges":
            return mce.reclassify(values, self.table)
        if self.method == "classes":
            return mce.reclassify(values, self.table, bounds="[]")
        if self.method == "linear":
            low = self.low if self.low is not None else low
            high = self.high if self.high is not None else high
            if low == high:  # a constant factor scores the same everywhere
                return np.where(np.isnan(values), np.nan, 1.0).astype(mce.SCORE_DTYPE)
            return mce.standardise_linear(values, low, high, self.increasing)
        if self.method in ("fuzzy", "fuzzy-linear"):
            shape = "linear" if self.method == "fuzzy-linear" else "sigmoidal"
            return mce.fuzzy_membership(values, *self.points, shape=shape)
        return np.asarray(values, dtype=mce.SCORE_DTYPE)


def parse_scoring(text, vector=False):
    """A :class:`Scoring` from its text (see the module docstring); ValueError says what is wrong."""
    original = (text or "").strip()
    rest = original or "values"
    source, field = "raster", ""
    if vector:
        source = "distance"
        match = re.match(r"^(distance|field\s+(\S+))\b\s*(.*)$", rest, re.IGNORECASE | re.DOTALL)
        if match:
            source = "field" if match.group(2) else "distance"
            field, rest = match.group(2) or "", match.group(3).strip() or "values"
    elif re.match(r"^(distance|field)\b", rest, re.IGNORECASE):
        raise ValueError(f"“{original}”: distance and field apply to vector factors only")
    head, _, body = rest.partition(":")
    words = head.split()
    method = words[0].lower() if words else ""
    if method not in METHODS:
        raise ValueError(f"“{original}”: unknown scoring {method!r}; use one of {', '.join(METHODS)}")
    scoring = Scoring(method, source=source, field=field, text=original)
    if method in ("ranges", "classes"):
        scoring.table = _table(body, method, original)
    elif method == "linear":
        _linear(scoring, words[1:], original)
    elif method.startswith("fuzzy"):
        scoring.points = _fuzzy_points(words[1:], original)
        mce.fuzzy_membership(np.zeros(1), *scoring.points)  # validates the points
    elif body.strip() or len(words) > 1:
        raise ValueError(f"“{original}”: “values” takes no arguments")
    return scoring


def _table(body, method, original):
    items = [item for item in re.split(r"[;；\n]", body) if item.strip()]
    if not items:
        raise ValueError(f"“{original}”: give the {method} after a colon, e.g. "
                         + ("“ranges: ..2:5; 2..6:4; 6..:1”" if method == "ranges" else "“classes: 1:5; 2:3”"))
    rows = []
    for item in items:
        if method == "ranges":
            match = _RANGE.match(item)
            if not match:
                raise ValueError(f"“{item.strip()}” is not a range: write min..max:score (an end may be left out)")
            low, high, score = (None if g is None else float(g) for g in match.groups())
        else:
            match = _CLASS.match(item)
            if not match:
                raise ValueError(f"“{item.strip()}” is not a class: write value:score")
            low = high = float(match.group(1))
            score = float(match.group(2))
        rows.append((low, high, score))
    mce.reclassify(np.zeros(1), rows)  # validates min ≤ max
    return tuple(rows)


def _linear(scoring, words, original):
    if words == ["desc"] or words == ["decreasing"]:
        scoring.increasing = False
        return
    if not words:
        return
    try:
        low, high = (float(w) for w in words)
    except ValueError:
        raise ValueError(f"“{original}”: write “linear”, “linear desc” or “linear MIN MAX”") from None
    if low == high:
        raise ValueError(f"“{original}”: the two bounds are equal")
    scoring.low, scoring.high, scoring.increasing = min(low, high), max(low, high), low < high


def _fuzzy_points(words, original):
    if len(words) not in (2, 4):
        raise ValueError(f"“{original}”: give the control points a b (rising) or a b c d (use - for none)")
    try:
        points = [None if w == "-" else float(w) for w in words]
    except ValueError:
        raise ValueError(f"“{original}”: control points must be numbers or -") from None
    return tuple(points + [None] * (4 - len(points)))
