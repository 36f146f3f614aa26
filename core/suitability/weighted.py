"""Weighted suitability evaluation (加权适宜性评价) of factor rasters, block by block.

Two passes over the evaluation grid (:func:`core.suitability.raster_blocks.run_blocks`, bounded memory):

1. score: every factor is scored by its :class:`core.suitability.scoring.Scoring`, the scores combined by
   weighted linear combination, cells inside a constraint (一票否决) set to :data:`VETO_SCORE`;
   the score raster is written, a sample of the non-vetoed scores kept for natural breaks and,
   in vector mode, each parcel's area-weighted sums accumulated;
2. grade: the score raster is graded (given breaks or Jenks natural breaks of the sample; grade
   1 = the highest scores), vetoed cells get the lowest grade, and the area of every grade is
   tallied, per admin unit when a zone raster is given.

Areas are cell areas on the ellipsoid (:meth:`core.suitability.raster_blocks.Window.cell_area_m2`).
"""
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
from osgeo import gdal

from ..progress import report, scaled
from ..report import Text
from ..wording import Term
from . import mce
from .raster_blocks import DEFAULT_BLOCK_SIZE, RasterInput, RasterOutput, open_or_none, raster_min_max, run_blocks

VETO_SCORE = 0.0
QUOTE = {'"': "&quot;"}
GRADE_NAMES = {
    3: ("适宜", "一般适宜", "不适宜"),
    5: ("高", "较高", "中等", "较低", "低"),
}
ENGLISH_NAMES = {"适宜": "suitable", "一般适宜": "generally suitable", "不适宜": "unsuitable", "高": "high",
                 "较高": "fairly high", "中等": "medium", "较低": "fairly low", "低": "low",
                 "极重要": "extremely important", "重要": "important", "一般": "ordinary",
                 "一般重要": "ordinary", "高度重要": "highly important", "中度重要": "moderately important",
                 "较低重要": "less important"}


def grade_term(name):
    """A grade or class name as a :class:`core.wording.Term` (its English from :data:`ENGLISH_NAMES`);
    names given by the user, without an English one, stay as they are in both languages."""
    if isinstance(name, Text):
        return name
    name = str(name)
    return Term(name, ENGLISH_NAMES.get(name, name))
#: Grade colours, best first: green to red, as 双评价 maps are usually drawn.
GRADE_COLOURS = {
    3: ((56, 168, 0), (255, 235, 120), (230, 76, 0)),
    5: ((26, 150, 65), (166, 217, 106), (255, 255, 191), (253, 174, 97), (215, 25, 28)),
}


@dataclass
class Factor:
    name: str
    raster: object  # path or RasterInput
    scoring: object  # core.suitability.scoring.Scoring


@dataclass
class ParcelRasters:
    """Parcel ids burned on the grid (1..n, 0 = none): ``ids`` by cell centre, ``small`` for the
    parcels smaller than a cell, burned where they touch (so every parcel gets some cells)."""

    ids: str
    small: str = None
    count: int = 0


@dataclass
class WeightedResult:
    weights: dict
    breaks: list
    grade_names: dict
    log: list
    table: pd.DataFrame  # per grade
    zone_table: pd.DataFrame = None  # per zone and grade
    parcels: pd.DataFrame = None  # per parcel (vector mode)
    evaluated_m2: float = 0.0
    vetoed_m2: float = 0.0
    min_max: dict = field(default_factory=dict)


def default_grade_names(count):
    """{grade: name} for ``count`` grades, best first: 高 … 低 (5), 适宜 … 不适宜 (3), else 1级, 2级 …
    (:class:`core.wording.Term`: written in the report language)."""
    names = GRADE_NAMES.get(count)
    if names:
        return {k: grade_term(name) for k, name in enumerate(names, 1)}
    return {k: Term(f"{k}级", f"grade {k}") for k in range(1, count + 1)}


def evaluate_weighted(factors, weights, score_path, graded_path, constraints=(), zones=None, parcels=None,
                      grades=5, breaks=None, grade_names=None, reference=None, area=None, progress=None,
                      block_size=DEFAULT_BLOCK_SIZE):
    """Score, grade and measure; see the module docstring. ``weights`` sum to 1, in factor order.

    ``constraints``: rasters whose non-zero cells are vetoed; ``zones``: raster of admin unit ids
    (0 = none); ``parcels``: :class:`ParcelRasters`; ``reference``: the grid (a
    :class:`core.suitability.raster_blocks.Grid`) or None for the first factor's; ``area``: raster whose
    non-zero cells are the evaluation area (e.g. the county burned), cells outside are nodata.
    """
    if not factors:
        raise ValueError("no factors to evaluate")
    if len(weights) != len(factors):
        raise ValueError(f"{len(weights)} weights for {len(factors)} factors")
    names = [factor.name for factor in factors]
    if len(set(names)) != len(names):
        raise ValueError(f"factor names must differ: {names}")
    if breaks is None and grades < 1:
        raise ValueError(f"need at least one grade, not {grades}")
    min_max = {f.name: raster_min_max(_path(f.raster)) for f in factors if f.scoring.needs_min_max}
    score_pass = _ScorePass(factors, weights, constraints, parcels, min_max, area)
    inputs = score_pass.inputs()
    first = scaled(progress, 0.0, 0.6)
    run = run_blocks(inputs, score_pass, {"score": RasterOutput(score_path, "float32", -9999.0)}, first,
                     block_size, reference or _factor(names[0]))
    log = list(run.log)
    if breaks is None:
        if not len(score_pass.sample.values):
            raise ValueError("no cell has a value in every factor outside the constraints: "
                             "check that the factors overlap and are not all nodata")
        breaks = mce.jenks_breaks(score_pass.sample.values, grades)
    breaks = [float(b) for b in breaks]
    count = len(breaks) + 1
    grade_names = dict(grade_names or default_grade_names(count))
    grade_pass = _GradePass(len(constraints), count, zones is not None)
    inputs = {"score": score_path, **{_constraint(k): _as_class(c) for k, c in enumerate(constraints)}}
    if zones is not None:
        inputs["zones"] = _as_class(zones)
    grade_pass.breaks = breaks
    run_blocks(inputs, grade_pass, {"grade": RasterOutput(graded_path, "uint8", mce.GRADE_NODATA)},
               scaled(progress, 0.6, 1.0), block_size)
    style_grades(graded_path, grade_names)
    style_scores(score_path, value_range=(score_pass.low, score_pass.high))
    table = grade_pass.tally.table(grade_names)
    zone_table = grade_pass.zone_tally.table(grade_names) if zones is not None else None
    report(progress, 1.0)
    return WeightedResult(
        dict(zip(names, (float(w) for w in weights))), breaks, grade_names, log, table, zone_table,
        score_pass.parcel_table(names) if parcels is not None else None,
        float(table["area_m2"].sum()) if len(table) else 0.0, score_pass.vetoed_m2, min_max)


def _factor(name):
    return f"factor “{name}”"  # input names appear in the alignment log


def _constraint(k):
    return f"constraint {k + 1}"


def _path(raster):
    return raster.path if isinstance(raster, RasterInput) else str(raster)


def _as_class(raster):
    """Constraint and id rasters are categories: aligned by nearest neighbour, read exactly."""
    return RasterInput(_path(raster), resampling="near", dtype="float64")


class _ScorePass:
    def __init__(self, factors, weights, constraints, parcels, min_max, area=None):
        self.factors, self.weights, self.constraints = factors, [float(w) for w in weights], list(constraints)
        self.area = area
        self.parcels, self.min_max = parcels, min_max
        self.sample = mce.ValueSample()
        self.vetoed_m2 = 0.0
        self.low, self.high = np.inf, -np.inf
        n = (parcels.count + 1) if parcels is not None else 0
        self.sums = {"area": np.zeros(n), "scored": np.zeros(n), "score": np.zeros(n), "vetoed": np.zeros(n)}
        self.factor_sums = [np.zeros(n) for _ in factors]
        self.factor_area = [np.zeros(n) for _ in factors]

    def inputs(self):
        inputs = {_factor(f.name): f.raster for f in self.factors}
        inputs.update({_constraint(k): _as_class(c) for k, c in enumerate(self.constraints)})
        if self.area is not None:
            inputs["evaluation area"] = _as_class(self.area)
        if self.parcels is not None:
            inputs["parcels"] = _as_class(self.parcels.ids)
            if self.parcels.small:
                inputs["small parcels"] = _as_class(self.parcels.small)
        return inputs

    def __call__(self, arrays, window):
        scores = [factor.scoring.score(arrays[_factor(factor.name)], *self.min_max.get(factor.name, (None, None)))
                  for factor in self.factors]
        score = mce.weighted_sum(scores, self.weights)
        if "evaluation area" in arrays:
            score[~mce.constraint_mask(arrays["evaluation area"])] = np.nan
        vetoed = np.zeros(score.shape, dtype=bool)
        for k in range(len(self.constraints)):
            vetoed |= mce.constraint_mask(arrays[_constraint(k)])
        valid = ~np.isnan(score)
        vetoed &= valid
        score[vetoed] = VETO_SCORE
        self.sample.add(score[valid & ~vetoed])
        if valid.any():  # the score raster's range, for its style (no second pass over it)
            self.low = min(self.low, float(score[valid].min()))
            self.high = max(self.high, float(score[valid].max()))
        cell_area = np.broadcast_to(np.asarray(window.cell_area_m2(), dtype=np.float64), score.shape)
        self.vetoed_m2 += float(cell_area[vetoed].sum())
        if self.parcels is not None:
            for name in ("parcels", "small parcels"):
                if name in arrays:
                    self._accumulate(arrays[name], scores, score, valid, vetoed, cell_area)
        return {"score": score}

    def _accumulate(self, ids, scores, score, valid, vetoed, cell_area):
        ids = np.nan_to_num(ids, nan=0).astype(np.int64)
        inside = ids > 0
        n = len(self.sums["area"])

        def add(key, mask, values=None):
            weights = cell_area[mask] if values is None else cell_area[mask] * values[mask]
            self.sums[key] += np.bincount(ids[mask], weights=weights, minlength=n)

        add("area", inside)
        scored = inside & valid & ~vetoed
        add("scored", scored)
        add("score", scored, score)
        add("vetoed", inside & vetoed)
        for k, factor_score in enumerate(scores):
            has = inside & ~np.isnan(factor_score)
            self.factor_sums[k] += np.bincount(ids[has], weights=cell_area[has] * factor_score[has], minlength=n)
            self.factor_area[k] += np.bincount(ids[has], weights=cell_area[has], minlength=n)

    def parcel_table(self, names):
        """One row per parcel id 1..n: mean scores (area-weighted, outside the constraints for
        the combined score), vetoed share and the area the parcel covered on the grid."""
        with np.errstate(invalid="ignore", divide="ignore"):
            area = self.sums["area"][1:]
            frame = pd.DataFrame({
                "parcel": np.arange(1, len(area) + 1),
                "grid_area_m2": area,
                "score": self.sums["score"][1:] / self.sums["scored"][1:],
                "veto_share": np.where(area > 0, self.sums["vetoed"][1:] / np.where(area > 0, area, 1), np.nan),
            })
            for k, name in enumerate(names):
                frame[f"factor:{name}"] = self.factor_sums[k][1:] / self.factor_area[k][1:]
        return frame


class _GradePass:
    def __init__(self, constraint_count, grade_count, zoned):
        self.constraint_count, self.grade_count = constraint_count, grade_count
        self.breaks = []
        self.tally, self.zone_tally = mce.AreaTally(), mce.AreaTally() if zoned else None

    def __call__(self, arrays, window):
        grades = mce.grade_by_breaks(arrays["score"], self.breaks)
        for k in range(self.constraint_count):
            grades[mce.constraint_mask(arrays[_constraint(k)]) & (grades != mce.GRADE_NODATA)] = self.grade_count
        cell_area = window.cell_area_m2()
        self.tally.add(grades, cell_area)
        if self.zone_tally is not None:
            zones = np.nan_to_num(arrays["zones"], nan=0)
            self.zone_tally.add(grades, cell_area, zones, zone_nodata=0)
        return {"grade": grades}


def grade_parcels(scores, veto_share, breaks, grade_count, veto_limit=0.5):
    """Grades of parcel mean scores with the raster's breaks; a parcel more than ``veto_limit``
    vetoed gets the lowest grade (一票否决 applies to the parcel as a whole)."""
    grades = mce.grade_by_breaks(np.asarray(scores, dtype=np.float64), breaks).astype(int)
    vetoed = np.nan_to_num(np.asarray(veto_share, dtype=np.float64), nan=0.0) > veto_limit
    grades[vetoed] = grade_count
    return grades


def style_grades(path, grade_names, colours=None):
    """A colour table in the graded GeoTIFF and a QGIS style beside it (``grade.qml``, which QGIS
    loads with the raster), so it is drawn as named classes, green = best, without any styling.
    The legend labels are the names in the report language (:class:`core.wording.Term` names)."""
    count = max(grade_names) if grade_names else 0
    colours = colours or GRADE_COLOURS.get(count) or _ramp(count)
    dataset = open_or_none(path, update=True)
    if dataset is None:
        return None
    band = dataset.GetRasterBand(1)
    table = gdal.ColorTable()
    table.SetColorEntry(0, (0, 0, 0, 0))
    for grade, colour in enumerate(colours, 1):
        table.SetColorEntry(grade, (*colour, 255))
    band.SetRasterColorTable(table)
    band.SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
    dataset.FlushCache()
    dataset = band = None
    return write_paletted_qml(Path(str(path)).with_suffix(".qml"),
                              [(k, colours[k - 1], str(grade_names.get(k, k))) for k in range(1, count + 1)])


def style_scores(path, low_colour=(215, 25, 28), high_colour=(26, 150, 65), value_range=None):
    """A QGIS style beside a score raster (``score.qml``): a continuous ramp from red (lowest score)
    to green (highest) over the raster's exact range (``value_range`` when the caller measured it
    while writing, else read), so it is drawn readably when loaded."""
    try:
        low, high = value_range if value_range is not None else raster_min_max(path)
    except ValueError:
        return None
    if not (np.isfinite(low) and np.isfinite(high)):
        return None
    if high <= low:
        high = low + 1.0
    middle = (low + high) / 2.0
    yellow = (255, 255, 191)
    items = "\n".join(
        f'              <item value="{value:.10g}" color="#{r:02x}{g:02x}{b:02x}" alpha="255" label="{value:.4g}"/>'
        for value, (r, g, b) in ((low, low_colour), (middle, yellow), (high, high_colour)))
    return _write_raster_qml(Path(str(path)).with_suffix(".qml"), f"""\
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1" classificationMin="{low:.10g}"
                    classificationMax="{high:.10g}" nodataColor="">
      <rasterTransparency/>
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" minimumValue="{low:.10g}"
                         maximumValue="{high:.10g}">
{items}
        </colorrampshader>
      </rastershader>
    </rasterrenderer>""")


def write_paletted_qml(path, entries):
    """A QGIS paletted-renderer style: ``entries`` are (value, (r, g, b), label)."""
    palette = "\n".join(
        f'        <paletteEntry value="{value}" color="#{r:02x}{g:02x}{b:02x}" alpha="255" label="{escape(label, QUOTE)}"/>'
        for value, (r, g, b), label in entries)
    return _write_raster_qml(path, f"""\
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <colorPalette>
{palette}
      </colorPalette>
    </rasterrenderer>""")


def _write_raster_qml(path, renderer):
    """A QGIS raster style file around ``renderer`` (the <rasterrenderer> element)."""
    Path(path).write_text(f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
{renderer}
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" colorizeOn="0" grayscaleMode="0" invertColors="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
""", encoding="utf-8")
    return str(path)


def _ramp(count):
    """Green to red in ``count`` steps, for grade counts without a fixed palette."""
    green, red = np.array((26, 150, 65)), np.array((215, 25, 28))
    return [tuple(int(v) for v in green + (red - green) * k / max(count - 1, 1)) for k in range(count)]
