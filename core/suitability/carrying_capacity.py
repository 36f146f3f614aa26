"""承载规模 (以人定地): the largest urban construction land, population and cultivated land the
suitable land of a 双评价 can carry, from per-capita standards.

Inputs are the class rasters of the 双评价 (uint8, 0 = nodata): 1 = 适宜 suitable, 2 = 一般适宜
generally suitable, 3 = 不适宜 unsuitable, for urban construction (城镇建设) and for agriculture
(农业生产). Optionally the ecological importance classes (1 = 极重要): the 2020 guideline evaluates
agriculture and urban construction outside the 生态保护极重要区, so those cells are left out.

1. :func:`tally_classes` sums the area of each class block by block
   (:func:`core.suitability.raster_blocks.run_blocks`, bounded memory), per admin unit when a zone-id raster
   is given; the exclusion and zone rasters are aligned to the class raster on the fly.
2. :func:`carrying_capacity` turns the areas into the indicator table, a pure function:

   * 城镇建设用地最大规模 = (适宜 + 一般适宜 × urban_general_share) × urban_usable_share;
     可承载城镇人口 = that scale ÷ construction_per_capita_m2;
   * 耕地最大规模 = (适宜 + 一般适宜 × agri_general_share) × cultivated_share;
     粮食生产能力 = 耕地（亩）× grain_yield_kg_per_mu; 粮食可承载人口 = 产能 ÷ grain_per_capita_kg;
   * given current figures, 承载状态 = current ÷ capacity: 超载 above 1, 临界超载 from
     ``critical_ratio`` to 1, 不超载 below (the terms of 资源环境承载能力监测预警).

3. :func:`capacity_by_zone` gives the same figures per admin unit, :func:`write_report` the workbook.

Areas are the cells' areas on the ellipsoid (:meth:`core.suitability.raster_blocks.Window.cell_area_m2`).
Every figure is linear in the areas, so the per-unit figures add up to the totals.
"""
import math
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from ..report import (AREA_HA, AREA_M2, AREA_MU, INTEGER, ZH, Column, Sheet, Text, current_language, pick, render,
                      write_workbook)
from ..units import SQUARE_METRES_PER_HECTARE, to_hectares, to_mu
from ..wording import Term, csv_header, english_name_header, name_columns, sheet_name
from .mce import GRADE_NODATA, AreaTally
from .raster_blocks import DEFAULT_BLOCK_SIZE, RasterInput, run_blocks

SUITABLE, GENERAL, UNSUITABLE = 1, 2, 3
CLASS_CODES = (SUITABLE, GENERAL, UNSUITABLE)
ECOLOGY_EXTREME = 1  # 生态保护极重要 in the ecological importance classes
OUTSIDE_ZONE = 0  # zone id of cells in no admin unit

OVERLOADED = Term("超载", "overloaded")
CRITICAL = Term("临界超载", "critical")
WITHIN = Term("不超载", "within capacity")
SHEET_NAMES = ("承载规模 Capacity", "分区 By admin unit", "说明 Notes")
_SHEET_WORDS = (("承载规模", "Capacity"), ("分区", "By admin unit"), ("说明", "Notes"))
TOTAL = Text("合计", "Total")
TONNES = "#,##0.00"
UNASSIGNED = Term("（未落入行政区）", "(outside every admin unit)")
CELL_AREA_METHOD = Text(
    "像元椭球面积：地理坐标格网按各行纬度在该坐标系椭球面上精确计算；投影坐标格网为平面像元面积乘以所在数据块在 "
    "CGCS2000 椭球面上的面积与平面面积之比",
    "Cell areas on the ellipsoid: exact per row on a geographic grid (its own ellipsoid); on a projected grid the "
    "planar cell area times its block's CGCS2000 ellipsoidal / planar area ratio")

# Values as shown in the workbook: decimals per unit (the DataFrames keep the exact figures).
_DECIMALS = {"平方米": 2, "公顷": 4, "亩": 2, "人": 0, "吨": 2, "": 4}
#: Units as reports write them (the table keeps the Chinese spelling).
UNIT_TERMS = {"平方米": Term("平方米", "m²"), "公顷": Term("公顷", "ha"), "亩": Term("亩", "mu"),
              "人": Term("人", "persons"), "吨": Term("吨", "t"), "": ""}


def decimals(unit):
    """Decimals a figure in ``unit`` is shown with (logs and the workbook alike)."""
    return _DECIMALS.get(unit, 4)


def sheet_names():
    """The three sheets' names in the report language."""
    return [sheet_name(zh, en, bilingual) for (zh, en), bilingual in zip(_SHEET_WORDS, SHEET_NAMES)]


@dataclass
class CapacitySettings:
    """The standards of the calculation. Every default is UNVERIFIED: a common figure to start
    from, to be replaced by the province's or the plan's own before the results are used."""

    urban_general_share: float = 0.5
    """Share of 一般适宜 land counted as land for urban construction (适宜 counts in full)."""
    urban_usable_share: float = 1.0
    """Share of that land usable as urban construction land (e.g. 0.8 to leave out water, slopes)."""
    construction_per_capita_m2: float = 100.0
    """人均城镇建设用地 m²/person; GB 50137-2011 allows 65–115 m²/人 by climate zone and base."""
    agri_general_share: float = 0.5
    """Share of 一般适宜 land counted as land for cultivation (适宜 counts in full)."""
    cultivated_share: float = 1.0
    """Share of that land that can be cultivated (耕地), e.g. less field roads and ditches."""
    grain_yield_kg_per_mu: float = 400.0
    """Grain produced per 亩 of cultivated land per year (all seasons together), kg."""
    grain_per_capita_kg: float = 400.0
    """人均粮食 kg/person/year: the 400 kg food-security line."""
    critical_ratio: float = 0.9
    """Current ÷ capacity from this up to 1 is 临界超载 (critical); above 1 is 超载."""

    def validate(self):
        """ValueError naming the first setting out of range."""
        for name in ("urban_general_share", "urban_usable_share", "agri_general_share", "cultivated_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} is a share between 0 and 1, not {value:g}")
        for name in ("construction_per_capita_m2", "grain_per_capita_kg"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name):g}")
        if not self.grain_yield_kg_per_mu >= 0:
            raise ValueError(f"grain_yield_kg_per_mu cannot be negative: {self.grain_yield_kg_per_mu:g}")
        if not 0.0 < self.critical_ratio <= 1.0:
            raise ValueError(f"critical_ratio must be in (0, 1], not {self.critical_ratio:g}")
        return self


#: Settings as the workbook's note sheet names them: (中文, English).
SETTING_LABELS = {
    "urban_general_share": ("一般适宜区计入城镇建设的比例", "Share of generally suitable land counted (urban)"),
    "urban_usable_share": ("城镇建设可利用比例", "Usable share for urban construction land"),
    "construction_per_capita_m2": ("人均城镇建设用地（平方米/人）", "Urban construction land per capita (m²)"),
    "agri_general_share": ("一般适宜区计入农业生产的比例", "Share of generally suitable land counted (agriculture)"),
    "cultivated_share": ("可开垦为耕地的比例", "Share that can be cultivated"),
    "grain_yield_kg_per_mu": ("耕地粮食单产（千克/亩·年）", "Grain yield (kg per mu per year)"),
    "grain_per_capita_kg": ("人均粮食需求（千克/人·年）", "Grain per capita (kg per year)"),
    "critical_ratio": ("临界超载下限（现状/承载规模）", "Critical from ratio (current / capacity)"),
}


# --------------------------------------------------------------------------- tallying class rasters

@dataclass
class ClassAreas:
    """m² of each class of one class raster (or one admin unit of it)."""

    suitable_m2: float = 0.0
    general_m2: float = 0.0
    unsuitable_m2: float = 0.0
    excluded_m2: float = None
    """Suitable and generally suitable land inside 生态保护极重要区, left out of the two above;
    None when no ecological importance was given."""


_AREA_COLUMNS = ("suitable_m2", "general_m2", "unsuitable_m2", "excluded_m2")


@dataclass
class ClassTally:
    """Areas of a class raster: ``zones`` has one row per zone id (``zone`` 0 = in no admin unit,
    the only row without zones) and the columns of :class:`ClassAreas` in m²."""

    zones: pd.DataFrame
    excluding: bool  # an exclusion raster was applied
    invalid_cells: int = 0  # values other than 0 (nodata), 1, 2, 3: left out
    log: list = field(default_factory=list)  # one line per input aligned to the class raster

    def total(self):
        return self._areas(self.zones)

    def zone(self, zone_id):
        return self._areas(self.zones[self.zones["zone"] == zone_id])

    def _areas(self, rows):
        sums = {name: float(rows[name].sum()) for name in _AREA_COLUMNS}
        if not self.excluding:
            sums["excluded_m2"] = None
        return ClassAreas(**sums)


class _ClassPass:
    """The block function of :func:`tally_classes`: kept and excluded areas per zone and class."""

    def __init__(self, zoned, excluding):
        self.zoned, self.excluding = zoned, excluding
        self.kept, self.excluded = AreaTally(), AreaTally()
        self.invalid = 0

    def __call__(self, arrays, window):
        values = arrays["classes"]
        known = np.isin(values, CLASS_CODES)  # NaN (nodata) is never in
        classes = np.where(known, values, GRADE_NODATA).astype(np.uint8)
        self.invalid += int(np.count_nonzero(~known & ~np.isnan(values) & (values != GRADE_NODATA)))
        zones = np.nan_to_num(arrays["zones"], nan=OUTSIDE_ZONE) if self.zoned else None
        area = window.cell_area_m2()
        if self.excluding:
            excluded = arrays["exclusion"] == ECOLOGY_EXTREME
            self.excluded.add(np.where(excluded & (classes != UNSUITABLE), classes, GRADE_NODATA), area, zones)
            classes = np.where(excluded & (classes != UNSUITABLE), GRADE_NODATA, classes)
        self.kept.add(classes, area, zones)

    def frame(self):
        """One row per zone: the area of each class, and the excluded area."""
        kept = _by_zone(self.kept.table()).reindex(columns=list(CLASS_CODES))
        excluded = _by_zone(self.excluded.table()).sum(axis=1)
        index = kept.index.union(excluded.index)
        if index.empty:  # nothing but nodata: still one zone, with nothing in it
            index = pd.Index([OUTSIDE_ZONE])
        frame = pd.DataFrame({"suitable_m2": kept[SUITABLE], "general_m2": kept[GENERAL],
                              "unsuitable_m2": kept[UNSUITABLE], "excluded_m2": excluded}, index=index)
        frame = frame.fillna(0.0).rename_axis("zone").reset_index()
        return frame.astype({"zone": np.int64})


def _by_zone(table):
    """An AreaTally table as zone × class (m²); zone 0 when it was tallied without zones."""
    if "zone" not in table:
        table = table.assign(zone=OUTSIDE_ZONE)
    return table.pivot_table(index="zone", columns="grade", values="area_m2", aggfunc="sum")


def tally_classes(classes, exclusion=None, zones=None, progress=None, block_size=DEFAULT_BLOCK_SIZE):
    """The area of each class of a class raster (path or RasterInput), block by block.

    ``exclusion``: ecological importance raster; its 极重要 cells (1) take suitable and
    generally suitable land out of the count (tallied as ``excluded_m2``; unsuitable land stays
    unsuitable). ``zones``: admin unit ids (integers, 0 or nodata = none). Both are aligned to
    the class raster's grid on the fly by nearest neighbour. Returns a :class:`ClassTally`.
    """
    inputs = {"classes": _categorical(classes)}
    if exclusion is not None:
        inputs["exclusion"] = _categorical(exclusion)
    if zones is not None:
        inputs["zones"] = _categorical(zones, exact=True)
    tally = _ClassPass(zones is not None, exclusion is not None)
    run = run_blocks(inputs, tally, progress=progress, block_size=block_size)
    return ClassTally(tally.frame(), exclusion is not None, tally.invalid, list(run.log))


def _categorical(raster, exact=False):
    """Classes and ids are categories: aligned by nearest neighbour; ids read in float64 so ids
    above 2²⁴ stay exact."""
    path = raster.path if isinstance(raster, RasterInput) else str(raster)
    band = raster.band if isinstance(raster, RasterInput) else 1
    return RasterInput(path, band, "near", "float64" if exact else "float32")


# --------------------------------------------------------------------------- the figures

def max_construction_m2(suitable_m2, general_m2, settings):
    """城镇建设用地最大规模 (m²); numbers or arrays."""
    return (suitable_m2 + general_m2 * settings.urban_general_share) * settings.urban_usable_share


def max_cultivated_m2(suitable_m2, general_m2, settings):
    """耕地最大规模 (m²); numbers or arrays."""
    return (suitable_m2 + general_m2 * settings.agri_general_share) * settings.cultivated_share


def grain_tonnes(cultivated_m2, settings):
    """粮食生产能力 (t/year) of cultivated land."""
    return to_mu(cultivated_m2) * settings.grain_yield_kg_per_mu / 1000.0


def capacity_status(current, capacity, settings):
    """(ratio, status) of a current figure against a capacity; ratio NaN when the capacity is 0."""
    if capacity > 0:
        ratio = current / capacity
    else:  # nothing can be carried: any current figure is too much
        return math.nan, (OVERLOADED if current > 0 else "")
    if ratio > 1.0:
        return ratio, OVERLOADED
    return ratio, (CRITICAL if ratio >= settings.critical_ratio else WITHIN)


@dataclass
class CapacityAreas:
    """What :func:`carrying_capacity` works from: the class areas of either evaluation."""

    urban: ClassAreas = None
    agricultural: ClassAreas = None


@dataclass
class CurrentFigures:
    """Optional current figures to compare with the capacity (None = not given)."""

    population: float = None  # 常住人口, persons
    cultivated_mu: float = None  # 现状耕地, 亩


INDICATOR_COLUMNS = ["key", "name_zh", "name_en", "value", "unit", "formula", "status"]


def carrying_capacity(areas, settings=None, current=None):
    """The indicator table: one row per figure with ``INDICATOR_COLUMNS`` (key, Chinese and
    English name, value, unit, formula with the settings used, 承载状态 on ratio rows).

    ``areas``: a :class:`CapacityAreas` (either side may be None, not both); ``current``: a
    :class:`CurrentFigures` giving the ratio rows.
    """
    settings = (settings or CapacitySettings()).validate()
    current = current or CurrentFigures()
    if areas.urban is None and areas.agricultural is None:
        raise ValueError("give the urban or the agricultural suitability areas (or both)")
    rows = []
    if areas.urban is not None:
        rows += _urban_rows(areas.urban, settings)
    if areas.agricultural is not None:
        rows += _agricultural_rows(areas.agricultural, settings)
    rows += _current_rows(areas, settings, current)
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def _row(key, zh, en, value, unit, formula, status=""):
    return {"key": key, "name_zh": zh, "name_en": en, "value": float(value), "unit": unit, "formula": formula,
            "status": status}


def _class_rows(prefix, zh, en, areas):
    excluded = areas.excluded_m2 is not None
    source = Text("像元面积之和" + ("（已扣除生态保护极重要区）" if excluded else ""),
                  "sum of the cell areas" + (" (extremely important ecological areas taken out)" if excluded else ""))
    rows = [_row(f"{prefix}_suitable_ha", f"{zh}适宜区面积", f"{en}: suitable area", to_hectares(areas.suitable_m2),
                 "公顷", Text(f"适宜（{SUITABLE}）{source.zh}", f"suitable ({SUITABLE}): {source.en}")),
            _row(f"{prefix}_general_ha", f"{zh}一般适宜区面积", f"{en}: generally suitable area",
                 to_hectares(areas.general_m2), "公顷",
                 Text(f"一般适宜（{GENERAL}）{source.zh}", f"generally suitable ({GENERAL}): {source.en}"))]
    if excluded:
        rows.append(_row(f"{prefix}_excluded_ha", f"生态保护极重要区内的{zh}适宜、一般适宜面积（未计入）",
                         f"{en}: suitable land inside extremely important ecological areas (not counted)",
                         to_hectares(areas.excluded_m2), "公顷",
                         Text(f"生态保护重要性为极重要（{ECOLOGY_EXTREME}）的像元",
                              f"cells of ecological importance extremely important ({ECOLOGY_EXTREME})")))
    return rows


def _scale_rows(key, zh, en, m2, formula):
    """One scale in m², 公顷 and 亩."""
    return [_row(f"{key}_m2", zh, f"{en} (m²)", m2, "平方米", formula),
            _row(f"{key}_ha", zh, f"{en} (ha)", to_hectares(m2), "公顷",
                 Text(f"{zh}（平方米）÷ {SQUARE_METRES_PER_HECTARE:g}", f"{en} (m²) ÷ {SQUARE_METRES_PER_HECTARE:g}")),
            _row(f"{key}_mu", zh, f"{en} (mu)", to_mu(m2), "亩", Text(f"{zh}（平方米）÷ 2000/3", f"{en} (m²) ÷ 2000/3"))]


def urban_capacity(areas, settings):
    """(城镇建设用地最大规模 m², 可承载城镇人口) of :class:`ClassAreas`."""
    scale = max_construction_m2(areas.suitable_m2, areas.general_m2, settings)
    return scale, scale / settings.construction_per_capita_m2


def agricultural_capacity(areas, settings):
    """(耕地最大规模 m², 粮食生产能力 t, 粮食可承载人口) of :class:`ClassAreas`."""
    cultivated = max_cultivated_m2(areas.suitable_m2, areas.general_m2, settings)
    grain = grain_tonnes(cultivated, settings)
    return cultivated, grain, grain * 1000.0 / settings.grain_per_capita_kg


def _urban_rows(areas, s):
    scale, population = urban_capacity(areas, s)
    return [*_class_rows("urban", "城镇建设", "Urban construction", areas),
            *_scale_rows("max_construction", "城镇建设用地最大规模", "Maximum urban construction land", scale,
                         Text(f"（适宜面积 + 一般适宜面积 × {s.urban_general_share:g}）× 可利用比例 "
                              f"{s.urban_usable_share:g}",
                              f"(suitable + generally suitable × {s.urban_general_share:g}) × usable share "
                              f"{s.urban_usable_share:g}")),
            _row("max_urban_population", "可承载城镇人口规模", "Maximum urban population", population, "人",
                 Text(f"城镇建设用地最大规模（平方米）÷ 人均 {s.construction_per_capita_m2:g} 平方米/人",
                      f"maximum urban construction land (m²) ÷ {s.construction_per_capita_m2:g} m² per person"))]


def _agricultural_rows(areas, s):
    cultivated, grain, population = agricultural_capacity(areas, s)
    formula = Text(f"（适宜面积 + 一般适宜面积 × {s.agri_general_share:g}）× 可开垦比例 {s.cultivated_share:g}",
                   f"(suitable + generally suitable × {s.agri_general_share:g}) × cultivable share "
                   f"{s.cultivated_share:g}")
    return [*_class_rows("agri", "农业生产", "Agriculture", areas),
            _row("max_cultivated_mu", "耕地最大规模", "Maximum cultivated land (mu)", to_mu(cultivated), "亩",
                 Text(f"{formula.zh} ÷ 2000/3", f"{formula.en} ÷ 2000/3")),
            _row("max_cultivated_ha", "耕地最大规模", "Maximum cultivated land (ha)", to_hectares(cultivated), "公顷",
                 Text(f"{formula.zh} ÷ {SQUARE_METRES_PER_HECTARE:g}", f"{formula.en} ÷ {SQUARE_METRES_PER_HECTARE:g}")),
            _row("grain_capacity_t", "粮食生产能力", "Grain production capacity", grain, "吨",
                 Text(f"耕地最大规模（亩）× {s.grain_yield_kg_per_mu:g} 千克/亩 ÷ 1000",
                      f"maximum cultivated land (mu) × {s.grain_yield_kg_per_mu:g} kg/mu ÷ 1000")),
            _row("grain_population", "粮食可承载人口规模", "Population supported by the grain", population, "人",
                 Text(f"粮食生产能力（吨）× 1000 ÷ 人均 {s.grain_per_capita_kg:g} 千克/人",
                      f"grain production capacity (t) × 1000 ÷ {s.grain_per_capita_kg:g} kg per person"))]


def _current_rows(areas, s, current):
    rows = []
    band = Text(f"> 1 超载，{s.critical_ratio:g}–1 临界超载，< {s.critical_ratio:g} 不超载",
                f"> 1 overloaded, {s.critical_ratio:g}–1 critical, < {s.critical_ratio:g} within capacity")
    given = Text("输入", "given")

    def ratio_row(key, zh, en, value, capacity):
        ratio, status = capacity_status(value, capacity, s)
        rows.append(_row(key, zh, en, ratio, "", band, status))

    if current.population is not None:
        rows.append(_row("current_population", "现状人口", "Current population", current.population, "人", given))
        if areas.urban is not None:
            ratio_row("urban_population_ratio", "现状人口 / 可承载城镇人口规模",
                      "Current population / maximum urban population", current.population,
                      urban_capacity(areas.urban, s)[1])
        if areas.agricultural is not None:
            ratio_row("grain_population_ratio", "现状人口 / 粮食可承载人口规模",
                      "Current population / population supported by the grain", current.population,
                      agricultural_capacity(areas.agricultural, s)[2])
    if current.cultivated_mu is not None:
        rows.append(_row("current_cultivated_mu", "现状耕地面积", "Current cultivated land", current.cultivated_mu,
                         "亩", given))
        if areas.agricultural is not None:
            ratio_row("cultivated_ratio", "现状耕地 / 耕地最大规模", "Current cultivated land / maximum cultivated land",
                      current.cultivated_mu, to_mu(agricultural_capacity(areas.agricultural, s)[0]))
    return rows


def indicator(table, key):
    """The value of one indicator row of :func:`carrying_capacity`, None when it is not there."""
    values = table.loc[table["key"] == key, "value"]
    return float(values.iloc[0]) if len(values) else None


# --------------------------------------------------------------------------- per admin unit

ZONE_COLUMNS = ["zone", "code", "name", "urban_suitable_ha", "urban_general_ha", "max_construction_m2",
                "max_construction_ha", "max_construction_mu", "max_urban_population", "agri_suitable_ha",
                "agri_general_ha", "max_cultivated_ha", "max_cultivated_mu", "grain_capacity_t", "grain_population"]


def capacity_by_zone(urban=None, agricultural=None, settings=None, units=None):
    """One row per admin unit (``ZONE_COLUMNS``) from the :class:`ClassTally` of either side.

    ``units``: {zone id: (code, name)} of every admin unit, so units too small to hold a cell are
    listed with 0; suitable land in no unit forms a last row (zone 0). The columns of a side
    not given are NaN. Figures are linear in the areas, so the rows add up to the totals.
    """
    settings = (settings or CapacitySettings()).validate()
    units = dict(units or {})
    tallies = {"urban": urban, "agri": agricultural}
    ids = set(units)
    for tally in tallies.values():
        if tally is not None:
            ids |= set(tally.zones["zone"].tolist())
    frame = pd.DataFrame({"zone": sorted(ids - {OUTSIDE_ZONE}) + ([OUTSIDE_ZONE] if OUTSIDE_ZONE in ids else [])})
    for prefix, tally in tallies.items():
        areas = (tally.zones.set_index("zone").reindex(frame["zone"]).fillna(0.0) if tally is not None
                 else pd.DataFrame(np.nan, index=frame["zone"], columns=list(_AREA_COLUMNS)))
        frame[f"{prefix}_suitable_m2"] = areas["suitable_m2"].to_numpy()
        frame[f"{prefix}_general_m2"] = areas["general_m2"].to_numpy()
    frame["code"] = [units.get(zone, (None, None))[0] for zone in frame["zone"]]
    frame["name"] = [UNASSIGNED if zone == OUTSIDE_ZONE else units.get(zone, (None, None))[1] for zone in frame["zone"]]
    frame = _zone_figures(frame, settings)
    if OUTSIDE_ZONE in ids:  # cells in no unit: a row only when they hold land that counts
        outside = frame["zone"] == OUTSIDE_ZONE
        land = frame.loc[outside, ["urban_suitable_m2", "urban_general_m2", "agri_suitable_m2", "agri_general_m2"]]
        if not (land.fillna(0.0).to_numpy() > 0).any():
            frame = frame[~outside]
    return frame[ZONE_COLUMNS].reset_index(drop=True)


def _zone_figures(frame, s):
    urban = ClassAreas(frame["urban_suitable_m2"], frame["urban_general_m2"])
    agricultural = ClassAreas(frame["agri_suitable_m2"], frame["agri_general_m2"])
    construction, population = urban_capacity(urban, s)
    cultivated, grain, grain_population = agricultural_capacity(agricultural, s)
    return frame.assign(
        urban_suitable_ha=to_hectares(urban.suitable_m2), urban_general_ha=to_hectares(urban.general_m2),
        max_construction_m2=construction, max_construction_ha=to_hectares(construction),
        max_construction_mu=to_mu(construction), max_urban_population=population,
        agri_suitable_ha=to_hectares(agricultural.suitable_m2), agri_general_ha=to_hectares(agricultural.general_m2),
        max_cultivated_ha=to_hectares(cultivated), max_cultivated_mu=to_mu(cultivated), grain_capacity_t=grain,
        grain_population=grain_population)


# --------------------------------------------------------------------------- the workbook and CSV

#: Headers of the indicator CSV (report language, both when bilingual).
CSV_HEADERS = {"key": ("代码", "Key"), "name_zh": ("指标", "Indicator"), "name_en": ("指标（英文）", "Indicator (en)"),
               "value": ("数值", "Value"), "unit": ("单位", "Unit"), "formula": ("计算方法", "Formula"),
               "status": ("承载状态", "Status")}


def report_sheets(indicators, note, settings=None, zones=None, notes=()):
    """承载规模, 分区 (when ``zones``, a :func:`capacity_by_zone` frame, is given) and 说明, in the
    report language.

    ``note``: the note line of every sheet (:func:`core.report.area_note`); ``notes``: further
    lines for 说明 (inputs, alignment, warnings; :class:`core.report.Text` or plain text).
    """
    settings = settings or CapacitySettings()
    sheets = [_indicator_sheet(indicators, note)]
    if zones is not None:
        sheets.append(_zone_sheet(zones, note))
    sheets.append(_notes_sheet(settings, note, notes))
    return sheets


def write_report(path, indicators, note, settings=None, zones=None, notes=()):
    """Write the workbook of :func:`report_sheets` to ``path`` (.xlsx)."""
    return write_workbook(path, report_sheets(indicators, note, settings, zones, notes))


def write_table(path, indicators):
    """The indicator table as CSV in UTF-8 with a BOM, so that Excel reads the Chinese; headers,
    units, formulas and statuses in the report language (a Chinese table without the English key
    and name, an English one without the Chinese name)."""
    columns = [column for column in INDICATOR_COLUMNS
               if column not in ("name_zh", "name_en") or column in name_columns()]
    if current_language() == ZH:
        columns.remove("key")
    frame = indicators[columns].assign(unit=[render(UNIT_TERMS.get(unit, unit)) for unit in indicators["unit"]],
                                       formula=[render(value) for value in indicators["formula"]],
                                       status=[render(value) for value in indicators["status"]])
    frame.columns = [csv_header(CSV_HEADERS, column) for column in columns]
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _indicator_sheet(indicators, note):
    shown = indicators.assign(value=[_shown(value, unit)
                                     for value, unit in zip(indicators["value"], indicators["unit"])],
                              unit=[UNIT_TERMS.get(unit, unit) for unit in indicators["unit"]])
    names = {"name_zh": Column("name_zh", "指标", "Indicator", width=36),
             "name_en": Column("name_en", "指标（英文）", english_name_header(), width=48)}
    columns = [*(names[name] for name in name_columns()), Column("value", "数值", "Value", width=18),
               Column("unit", "单位", "Unit"), Column("formula", "计算方法", "Formula", width=60),
               Column("status", "承载状态", "Status"), Column("key", "代码", "Key", width=26)]
    return Sheet(sheet_names()[0], pick("承载规模测算表（以人定地）", "Carrying capacity"), columns, shown,
                 note=pick("；", "; ").join([str(render(note)), pick("参数均为可配置的默认值，待核实",
                                                                     "settings are configurable defaults, unverified")]))


def _shown(value, unit):
    """A figure rounded as the workbook shows it (General format: no trailing zeros)."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), decimals(unit))


def _zone_sheet(zones, note):
    def area(key, zh, en, number_format, summed=True):
        return Column(key, zh, en, number_format, summed=summed)

    columns = [Column("code", "行政区代码", "Admin code"), Column("name", "行政区名称", "Admin unit", width=20),
               area("urban_suitable_ha", "城镇建设适宜区（公顷）", "Urban suitable (ha)", AREA_HA),
               area("urban_general_ha", "城镇建设一般适宜区（公顷）", "Urban generally suitable (ha)", AREA_HA),
               area("max_construction_m2", "城镇建设用地最大规模（平方米）", "Max. urban construction land (m²)", AREA_M2),
               area("max_construction_ha", "城镇建设用地最大规模（公顷）", "Max. urban construction land (ha)", AREA_HA),
               area("max_construction_mu", "城镇建设用地最大规模（亩）", "Max. urban construction land (mu)", AREA_MU),
               area("max_urban_population", "可承载城镇人口（人）", "Max. urban population", INTEGER),
               area("agri_suitable_ha", "农业生产适宜区（公顷）", "Agriculture suitable (ha)", AREA_HA),
               area("agri_general_ha", "农业生产一般适宜区（公顷）", "Agriculture generally suitable (ha)", AREA_HA),
               area("max_cultivated_ha", "耕地最大规模（公顷）", "Max. cultivated land (ha)", AREA_HA),
               area("max_cultivated_mu", "耕地最大规模（亩）", "Max. cultivated land (mu)", AREA_MU),
               area("grain_capacity_t", "粮食生产能力（吨）", "Grain capacity (t)", TONNES),
               area("grain_population", "粮食可承载人口（人）", "Population supported by grain", INTEGER)]
    given = [c for c in columns if c.key in ("code", "name") or zones[c.key].notna().any()]
    return Sheet(sheet_names()[1], pick("承载规模测算表（分行政区）", "Carrying capacity by admin unit"), given, zones,
                 note=pick("；", "; ").join([str(render(note)), pick("行政区按像元中心落入的范围划分",
                                                                     "cells belong to the unit holding their centre")]),
                 total_label=TOTAL)


def _notes_sheet(settings, note, notes):
    rows = [{"item": Text("面积计算方法", "Area method"), "value": CELL_AREA_METHOD, "description": ""}]
    for item in fields(settings):
        zh, en = SETTING_LABELS[item.name]
        rows.append({"item": Text(zh, en), "value": f"{getattr(settings, item.name):g}",
                     "description": Text(f"{item.name}（默认 {item.default:g}，待核实）",
                                         f"{item.name} (default {item.default:g}, unverified)")})
    rows += [{"item": Text("说明", "Note"), "value": line, "description": ""} for line in notes]
    columns = [Column("item", "项目", "Item", width=48), Column("value", "值", "Value", width=60),
               Column("description", "说明", "Description", width=44)]
    return Sheet(sheet_names()[2], pick("测算说明", "Method and settings"), columns, pd.DataFrame(rows), note=note)
