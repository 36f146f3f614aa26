"""Multi-criteria evaluation on arrays (双评价 单项评价 → 集成评价 → 分级).

The steps of a suitability evaluation, each a vectorised numpy function on one array (a whole
raster or one block of it, see :mod:`core.suitability.raster_blocks`):

1. score every factor: :func:`reclassify` by range tables (slope ≤ 2° → 5, 2-6° → 4, ...),
   :func:`standardise_linear` (min-max) or :func:`fuzzy_membership`;
2. combine the scores: :func:`weighted_sum` (weighted linear combination, weights from
   :mod:`core.suitability.ahp`);
3. 一票否决: :func:`apply_veto` sets cells in a constraint (red line, water body) to unsuitable;
4. grade: :func:`grade_by_breaks` with given breaks or :func:`jenks_breaks` (natural breaks);
5. measure: :class:`AreaTally` sums the area of each grade, per zone if wanted.

Nodata is NaN. Scores are float32 arrays in which NaN marks nodata, so the mask travels with the
values (``np.isnan`` is the mask) and propagates through arithmetic by itself: a cell where any
factor is nodata is nodata in the weighted sum. :mod:`core.suitability.raster_blocks` turns a band's nodata
value (or mask band) into NaN on reading and back on writing. Grades are uint8 with 0 = nodata.

Ranges are "(]" by default, ``minimum < value ≤ maximum``: QGIS's "Reclassify by table"
default, ArcGIS's reclassification and the way the 双评价 tables read ("≤ 2°, 2-6°" puts 2° in
the first class). Breaks follow the same rule: a value equal to a break is in the lower class.

All functions are independent of the block they see, except the ones that look at the whole
distribution (min-max bounds, Jenks): for block processing, compute those first over the whole
raster (:func:`core.suitability.raster_blocks.raster_min_max`, :func:`core.suitability.raster_blocks.sample_raster`)
and pass them in.
"""
import math

import numpy as np
import pandas as pd

from ..units import to_hectares, to_mu

SCORE_DTYPE = np.float32
GRADE_DTYPE = np.uint8
GRADE_NODATA = 0  # grades run 1..k
BOUNDS = ("(]", "[)", "[]", "()")  # minimum excluded/included, maximum included/excluded
JENKS_SAMPLE_SIZE = 10_000
"""Values Jenks is run on at most. Fisher-Jenks is O(k·n²): 10,000 distinct values take about half
a second per class. Samples of this size put the breaks within about 2 % of a class width of
the exact ones (30,000 bimodal values, 5 classes, three seeds)."""


# --------------------------------------------------------------------------- scoring

def reclassify(values, table, bounds="(]", default=None):
    """Scores from a range table: rows ``(minimum, maximum, score)``; float32, NaN = nodata.

    ``None`` as minimum or maximum is an open end (−∞ / +∞). ``bounds`` says which ends belong to
    a range: ``"(]"`` (default) ``minimum < value ≤ maximum``, ``"[)"``, ``"[]"`` or ``"()"``.
    Where ranges overlap the first row wins. Values in no range get ``default``, or nodata when
    it is None; nodata stays nodata.
    """
    if bounds not in BOUNDS:
        raise ValueError(f"unknown bounds {bounds!r}; use one of {BOUNDS}")
    rows = _range_rows(table)
    values = np.asarray(values)
    out = np.full(values.shape, np.nan if default is None else default, dtype=SCORE_DTYPE)
    todo = np.ones(values.shape, dtype=bool)
    if values.dtype.kind == "f":
        todo = ~np.isnan(values)
        out[~todo] = np.nan
    bound = _bound_type(values)
    above = np.greater if bounds[0] == "(" else np.greater_equal
    below = np.less_equal if bounds[1] == "]" else np.less
    for low, high, score in rows:
        hit = todo.copy()
        if low is not None:
            hit &= above(values, bound(low))
        if high is not None:
            hit &= below(values, bound(high))
        out[hit] = score
        todo &= ~hit
    return out


def _bound_type(values):
    """Bounds in the values' own float type: a float32 raster's 0.2 equals a typed break 0.2
    (float64 0.2 is slightly less than float32 0.2, which would move 0.2 to the class above)."""
    return values.dtype.type if values.dtype.kind == "f" else float


def _range_rows(table):
    rows = []
    for k, row in enumerate(table):
        if len(row) != 3:
            raise ValueError(f"range {k + 1} is {row!r}: give (minimum, maximum, score)")
        low, high, score = (None if v is None else float(v) for v in row)
        if score is None or not math.isfinite(score):
            raise ValueError(f"range {k + 1} has no score")
        if low is not None and high is not None and low > high:
            raise ValueError(f"range {k + 1}: minimum {low:g} is above maximum {high:g}")
        rows.append((low, high, score))
    if not rows:
        raise ValueError("the range table is empty")
    return rows


def standardise_linear(values, low=None, high=None, increasing=True, out_range=(0.0, 1.0)):
    """Min-max standardisation onto ``out_range`` (default 0..1), clipped outside [low, high].

    ``increasing``: ``low`` maps to the bottom of the range (more is better); otherwise to the
    top (less is better, e.g. distance to a road). ``low``/``high`` default to the array's
    own minimum and maximum, which is only right for a whole raster: a block's own extremes would
    give every block its own scale.
    """
    values = np.asarray(values, dtype=SCORE_DTYPE)
    if low is None or high is None:
        if np.isnan(values).all():
            return values.copy()
        low = float(np.nanmin(values)) if low is None else low
        high = float(np.nanmax(values)) if high is None else high
    if not high > low:
        raise ValueError(f"linear standardisation needs maximum > minimum, got {low:g} and {high:g}")
    t = np.clip((values - SCORE_DTYPE(low)) / SCORE_DTYPE(high - low), 0, 1)
    if not increasing:
        t = 1 - t
    bottom, top = out_range
    return (SCORE_DTYPE(bottom) + t * SCORE_DTYPE(top - bottom)).astype(SCORE_DTYPE)


def fuzzy_membership(values, a=None, b=None, c=None, d=None, shape="sigmoidal"):
    """Fuzzy membership 0..1 with four control points, as IDRISI/TerrSet's FUZZY module.

    * rising (``a``, ``b``): 0 up to ``a``, 1 from ``b`` on (more is better);
    * falling (``c``, ``d``): 1 up to ``c``, 0 from ``d`` on (less is better);
    * symmetric: all four, 0 → 1 between a and b, 1 between b and c, 1 → 0 between c and d.

    Between the points, with t the fraction of the way (0..1): ``"linear"`` μ = t;
    ``"sigmoidal"`` μ = sin²(t·π/2) (IDRISI's cos² form), flat at both ends. Nodata stays NaN.
    """
    if shape not in ("sigmoidal", "linear"):
        raise ValueError(f"unknown fuzzy shape {shape!r}; use 'sigmoidal' or 'linear'")
    if (a is None) != (b is None) or (c is None) != (d is None) or (a is None and c is None):
        raise ValueError("give the rising points (a, b), the falling points (c, d) or all four")
    if (a is not None and not a < b) or (c is not None and not c < d) or (
            a is not None and c is not None and not b <= c):
        raise ValueError(f"control points must increase (a < b ≤ c < d), got {(a, b, c, d)}")
    values = np.asarray(values, dtype=np.float64)
    membership = np.ones(values.shape)
    if a is not None:
        membership = np.minimum(membership, _curve(np.clip((values - a) / (b - a), 0, 1), shape))
    if c is not None:
        membership = np.minimum(membership, _curve(np.clip((d - values) / (d - c), 0, 1), shape))
    membership[np.isnan(values)] = np.nan
    return membership.astype(SCORE_DTYPE)


def _curve(t, shape):
    return t if shape == "linear" else np.sin(t * (np.pi / 2)) ** 2


# --------------------------------------------------------------------------- combining

def weighted_sum(factors, weights):
    """Weighted linear combination Σ wᵢ·fᵢ of equally shaped score arrays; float32.

    A cell that is nodata (NaN) in any factor is nodata in the result, even for a factor with
    weight 0: a missing input is not silently scored. Weights are used as given; normalise them
    first with :func:`core.suitability.ahp.normalise_weights`.
    """
    factors = list(factors)
    weights = [float(w) for w in weights]
    if len(factors) != len(weights) or not factors:
        raise ValueError(f"{len(factors)} factors but {len(weights)} weights")
    out = np.zeros(np.shape(factors[0]), dtype=SCORE_DTYPE)
    term = np.empty_like(out)
    for k, (factor, weight) in enumerate(zip(factors, weights)):
        if np.shape(factor) != out.shape:
            raise ValueError(f"factor {k + 1} has shape {np.shape(factor)}, the first has {out.shape}")
        np.multiply(factor, SCORE_DTYPE(weight), out=term, casting="unsafe")  # 0 · NaN = NaN
        out += term
    return out


def constraint_mask(values):
    """True where a constraint raster holds a non-zero value (nodata counts as no constraint)."""
    values = np.asarray(values)
    return (values != 0) & ~np.isnan(values) if values.dtype.kind == "f" else values != 0


def apply_veto(values, constraints, unsuitable=0.0):
    """一票否决: cells inside any constraint mask get ``unsuitable``; returns a float32 copy.

    ``constraints`` is one boolean mask or a list of them (True = vetoed, e.g. 生态保护红线).
    Nodata cells stay nodata: the evaluation area is where the factors have data.
    """
    out = np.array(values, dtype=SCORE_DTYPE)
    if isinstance(constraints, np.ndarray) and constraints.dtype == bool:
        constraints = [constraints]
    vetoed = np.zeros(out.shape, dtype=bool)
    for mask in constraints:
        vetoed |= np.asarray(mask, dtype=bool)
    out[vetoed & ~np.isnan(out)] = unsuitable
    return out


# --------------------------------------------------------------------------- grading

def grade_by_breaks(values, breaks, highest_first=True):
    """Grades 1..k (uint8, 0 = nodata) from k − 1 increasing breaks.

    A value equal to a break falls in the lower class. ``highest_first`` (default): grade 1 holds
    the highest values, as 双评价 levels run from 1 = most suitable / most important.
    """
    values = np.asarray(values)
    breaks = np.asarray(breaks, dtype=np.float64).ravel()
    if len(breaks) and not np.all(np.diff(breaks.astype(_bound_type(values))) > 0):
        raise ValueError(f"breaks must increase strictly, got {breaks.tolist()}")
    if len(breaks) >= 255:
        raise ValueError("at most 255 grades")
    breaks = breaks.astype(_bound_type(values))
    rank = np.searchsorted(breaks, values, side="left")  # breaks[rank-1] < v ≤ breaks[rank]
    grades = (len(breaks) + 1 - rank) if highest_first else (rank + 1)
    grades = grades.astype(GRADE_DTYPE)
    if values.dtype.kind == "f":
        grades[np.isnan(values)] = GRADE_NODATA
    return grades


class ValueSample:
    """A uniform random sample of at most ``size`` valid (non-NaN) values, fed array by array.

    Bottom-k sampling: every value gets a random key and the ``size`` smallest keys are kept, so
    the sample is uniform over everything added, never holds more than ``size`` values plus one
    block, and is the same for the same seed and the same order of blocks.
    """

    def __init__(self, size=JENKS_SAMPLE_SIZE, seed=0):
        if size < 1:
            raise ValueError(f"sample size must be positive, not {size}")
        self.size = int(size)
        self._rng = np.random.default_rng(seed)
        self._keys = np.empty(0)
        self._values = np.empty(0)

    def add(self, values):
        values = np.asarray(values, dtype=np.float64).ravel()
        values = values[~np.isnan(values)]
        keys = np.concatenate([self._keys, self._rng.random(len(values))])
        values = np.concatenate([self._values, values])
        if len(keys) > self.size:
            keep = np.argpartition(keys, self.size - 1)[:self.size]
            keys, values = keys[keep], values[keep]
        self._keys, self._values = keys, values
        return self

    @property
    def values(self):
        return self._values.copy()


def sample_values(values, size=JENKS_SAMPLE_SIZE, seed=0):
    """At most ``size`` valid values of an array, a seeded uniform sample (:class:`ValueSample`)."""
    return ValueSample(size, seed).add(values).values


def jenks_breaks(values, classes, sample_size=JENKS_SAMPLE_SIZE, seed=0):
    """Jenks natural breaks: the k − 1 breaks minimising the within-class sum of squares.

    Fisher's exact dynamic programme on (a sample of at most ``sample_size``) valid values, each
    break being the largest value of its class (so it suits :func:`grade_by_breaks`). Repeated
    values are merged with their counts first, which keeps rasters of few distinct scores fast.
    Fewer distinct values than classes give one class per value.
    """
    if classes < 1:
        raise ValueError(f"need at least 1 class, not {classes}")
    distinct, counts = np.unique(sample_values(values, sample_size, seed), return_counts=True)
    if not len(distinct):
        raise ValueError("no valid values to compute Jenks breaks from")
    if len(distinct) <= classes:
        return distinct[:-1].tolist()
    starts = _fisher_jenks(distinct, counts.astype(np.float64), classes)
    return [float(distinct[start - 1]) for start in starts[1:]]


def _fisher_jenks(x, w, classes, chunk=256):
    """First index of each class in the sorted distinct values ``x`` with weights ``w``.

    cost[c][j] = least sum of squares of x[:j] in c classes = min over i of cost[c−1][i] +
    SS(x[i:j]), with SS from cumulative sums (x centred first against cancellation). Rows of j
    are done ``chunk`` at a time so memory stays at chunk × n.
    """
    x = x - np.average(x, weights=w)
    n = len(x)
    W = np.concatenate([[0.0], np.cumsum(w)])
    S = np.concatenate([[0.0], np.cumsum(w * x)])
    Q = np.concatenate([[0.0], np.cumsum(w * x * x)])

    def ss(i, j):  # i: (m,) starts, j: (r, 1) ends, segment x[i:j]
        count = W[j] - W[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            return Q[j] - Q[i] - (S[j] - S[i]) ** 2 / count

    cost = ss(np.array([0]), np.arange(n + 1)[:, None])[:, 0]  # one class: x[:j]
    cost[0] = 0.0
    back = np.zeros((classes + 1, n + 1), dtype=np.int64)
    for c in range(2, classes + 1):
        new = np.full(n + 1, np.inf)
        for j0 in range(c, n + 1, chunk):
            j = np.arange(j0, min(j0 + chunk, n + 1))[:, None]
            i = np.arange(c - 1, j[-1, 0])  # the last class starts at i, holds x[i:j]
            total = cost[i][None, :] + ss(i[None, :], j)
            total[i[None, :] >= j] = np.inf
            best = np.argmin(total, axis=1)
            new[j[:, 0]] = total[np.arange(len(j)), best]
            back[c, j[:, 0]] = i[best]
        cost = new
    starts, end = [], n
    for c in range(classes, 1, -1):
        end = back[c, end]
        starts.append(int(end))
    return [0] + starts[::-1]


# --------------------------------------------------------------------------- areas

class AreaTally:
    """Cells and area per grade (and zone), added block by block or from a whole array.

    ``cell_area`` is m² per cell: a number for a projected grid, or an array broadcastable to
    the block (one value per row, ``(rows, 1)``) for a geographic grid, where cells shrink
    towards the poles (:func:`core.suitability.raster_blocks.cell_areas`). Zone ids are integers (NaN and
    ``zone_nodata`` cells belong to no zone and are left out); grade 0 is nodata.
    """

    def __init__(self):
        self._cells = {}
        self._area = {}
        self.zoned = None

    def add(self, grades, cell_area, zones=None, zone_nodata=None):
        grades = np.asarray(grades)
        valid = grades != GRADE_NODATA
        if zones is not None:
            zones = np.asarray(zones)
            if zones.shape != grades.shape:
                raise ValueError(f"zones have shape {zones.shape}, grades {grades.shape}")
            if zones.dtype.kind == "f":
                valid &= ~np.isnan(zones)
            if zone_nodata is not None:
                valid &= zones != zone_nodata
        if self.zoned is None:
            self.zoned = zones is not None
        elif self.zoned != (zones is not None):
            raise ValueError("add either always or never with zones")
        area = np.broadcast_to(np.asarray(cell_area, dtype=np.float64), grades.shape)[valid]
        grade = grades[valid].astype(np.int64)
        if zones is None:
            zone_ids, zone_index = np.zeros(1, dtype=np.int64), 0
        else:
            zone_ids, zone_index = np.unique(zones[valid].astype(np.int64), return_inverse=True)
        key = zone_index * 256 + grade  # grades are uint8
        cells = np.bincount(key, minlength=256 * len(zone_ids))
        areas = np.bincount(key, weights=area, minlength=256 * len(zone_ids))
        for k in np.flatnonzero(cells).tolist():
            z, g = int(zone_ids[k // 256]), k % 256
            self._cells[z, g] = self._cells.get((z, g), 0) + int(cells[k])
            self._area[z, g] = self._area.get((z, g), 0.0) + float(areas[k])
        return self

    def table(self, grade_names=None):
        """DataFrame: [zone,] grade, [name,] cells, area_m2, area_ha, area_mu, share (of the
        zone's graded area, or of the whole)."""
        keys = sorted(self._cells)
        frame = pd.DataFrame({
            "zone": [z for z, _ in keys], "grade": [g for _, g in keys],
            "cells": [self._cells[k] for k in keys], "area_m2": [self._area[k] for k in keys]})
        frame["area_ha"] = to_hectares(frame["area_m2"])
        frame["area_mu"] = to_mu(frame["area_m2"])
        total = frame.groupby("zone")["area_m2"].transform("sum")
        frame["share"] = np.where(total > 0, frame["area_m2"] / total.where(total > 0, 1.0), 0.0)
        if grade_names is not None:
            frame.insert(2, "name", frame["grade"].map(dict(grade_names)))
        if not self.zoned:
            frame = frame.drop(columns="zone")
        return frame.reset_index(drop=True)


def area_by_grade(grades, cell_area, grade_names=None):
    """Area table per grade of a whole array (see :class:`AreaTally`)."""
    return AreaTally().add(grades, cell_area).table(grade_names)


def area_by_zone(grades, zones, cell_area, zone_nodata=None, grade_names=None):
    """Area table per zone and grade of a whole array (see :class:`AreaTally`)."""
    return AreaTally().add(grades, cell_area, zones, zone_nodata).table(grade_names)
