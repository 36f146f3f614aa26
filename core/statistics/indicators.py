"""Planning indicators of a blueprint checked against target values (规划指标核算与达标判定).

The core indicators of a county plan are measured on the coordinated land-use layer (一张蓝图)
and the three control lines, then compared with the targets a user table sets:

====  ================================  =======================================================
 no.  indicator (key)                   how
====  ================================  =======================================================
 01   耕地保有量 cultivated_land         blueprint land whose 用地用海 code the code table counts
 02   永久基本农田保护面积 basic_farmland  area of the basic-farmland layer (overlaps counted once)
 03   生态保护红线面积 eco_redline         area of the red-line layer
 04   城镇开发边界面积 urban_boundary      area of the urban-boundary layer
 05   现状城镇建设用地 base_construction   area of the base-year urban construction land layer
 06   扩展倍数 expansion_multiple         04 ÷ 05
 07   建设用地总规模 construction_land     blueprint land by code (07-16 by default)
 08   城镇建设用地规模                    blueprint land by code (the urban classes of 07-16)
 09   人均建设用地                        07 ÷ planned population (m²/人)
 10   人均城镇建设用地                    08 ÷ planned urban population (m²/人)
 11   林地面积, 12 林地占比               blueprint land by code (03), share of 17
 13   湿地面积, 14 湿地占比               (05)
 15   陆地水域面积, 16 陆地水域占比         (17)
 17   规划范围总面积 total_area           all blueprint land
====  ================================  =======================================================

Which 用地用海 codes count for the land-use indicators is data, not code: the editable table
``resources/indicators/indicator_codes.csv`` (:func:`load_indicator_codes`) lists, per
indicator, code prefixes with ``include`` 1 or 0; the longest listed prefix of a code decides,
so ``07`` = 1 with ``0703`` = 0 counts 居住用地 without 农村宅基地. Codes of other standards
(三调, 城规, 土规) are first harmonised to 用地用海 2023 (:func:`core.intake.landuse.harmonise`).

The catalogue of indicators, their units, the target table and the pass/fail rule are
:mod:`core.statistics.targets`; :func:`indicator_table` judges the measured values with them.
The expansion multiple gets ``<= expansion_limit`` (default 1.3, UNVERIFIED, domain notes §3.1)
when the table sets no target for it.

Areas are ellipsoidal on CGCS2000 (:func:`core.areas.polygon_areas`). A layer's own overlaps
are counted once (the earlier feature keeps them, as :func:`core.overlay.resolve_self_overlaps`
does; floating-point slivers below 1e-4 m² are ignored) and invalid geometries are measured
after repair, on copies. Nothing here imports QGIS.
"""
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..crs import as_pyproj_crs
from ..geometry import in_threads, polygonal, present, query_in_threads, valid_polygonal
from ..intake import landuse
from ..overlay import DEFAULT_TOLERANCE, interiors_overlap as _interiors_overlap, robust as _robust
from ..progress import report
from ..report import (AREA_HA, AREA_M2, AREA_MU, INTEGER, PERCENT, ZH, Column, Sheet, Text, current_language, pick,
                      render, write_workbook)
from ..units import to_hectares, to_mu
from ..wording import Term, csv_header, english_name_header, joined, name_columns, sheet_name, text
from .targets import (AREA, BY_KEY, COMPARISON_SYMBOLS, DEFAULT_UNITS, INDICATORS, INDICATORS_DIR, RESULT_LABELS,
                      UNIT_TERMS, _FIRST_DATA_ROW, _missing, _raise_if_errors, decimals_of, in_unit, judge,
                      parse_targets)

CODES_FILE = "indicator_codes.csv"

DEFAULT_EXPANSION_LIMIT = 1.3  # UNVERIFIED (domain notes §3.1): a parameter, never hard-coded
EMPTY_CODE = Term("（空）", "(empty)")  # how empty codes are listed


#: Indicators measured on the blueprint by land-use code (rows of indicator_codes.csv).
CODE_INDICATORS = ("cultivated_land", "construction_land", "urban_construction_land", "forest_land", "wetland",
                   "water")
#: Indicators measured as the area of a control-line layer.
LINE_INDICATORS = ("basic_farmland", "eco_redline", "urban_boundary", "base_construction")
SHARES = {"forest_share": "forest_land", "wetland_share": "wetland", "water_share": "water"}
PER_CAPITA_OF = {"construction_per_capita": "construction_land",
                 "urban_construction_per_capita": "urban_construction_land"}
LINE_NAMES = {"basic_farmland": "永久基本农田", "eco_redline": "生态保护红线", "urban_boundary": "城镇开发边界",
              "base_construction": "现状城镇建设用地"}
LINE_NAMES_EN = {"basic_farmland": "permanent basic farmland", "eco_redline": "ecological protection red line",
                 "urban_boundary": "urban development boundary",
                 "base_construction": "base-year urban construction land"}
LINE_TERMS = {key: Term(LINE_NAMES[key], LINE_NAMES_EN[key]) for key in LINE_NAMES}

CODE_COLUMNS = ("indicator", "code", "include", "name", "note")


# --------------------------------------------------------------------------- the code table

def load_indicator_codes(path=None, tables_dir=None):
    """The code table (``indicator_codes.csv``) as a DataFrame: indicator, code, include (bool), name, note.

    ``path``: the CSV file or a folder holding ``indicator_codes.csv`` (default: the plugin's).
    Codes must be 用地用海 2023 codes of ``tables_dir``'s ``ydyh_2023.csv``. Raises ValueError
    naming the file and the line of every bad row.
    """
    path = Path(path) if path else INDICATORS_DIR / CODES_FILE
    if path.is_dir():
        path = path / CODES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"indicator code table not found: {path}")
    frame = landuse.read_text_table(path)
    missing = [column for column in CODE_COLUMNS[:3] if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; the header must be {','.join(CODE_COLUMNS)}")
    for column in CODE_COLUMNS:
        frame[column] = frame[column].str.strip() if column in frame.columns else ""
    frame = frame[list(CODE_COLUMNS)].reset_index(drop=True)
    ydyh = set(landuse.load_classification(landuse.TARGET, tables_dir)["code"])
    errors, seen = [], {}
    for index, row in frame.iterrows():
        line = index + _FIRST_DATA_ROW
        if row["indicator"] not in CODE_INDICATORS:
            errors.append(f"line {line}: indicator {row['indicator']!r} is not measured by code; use one of "
                          f"{', '.join(CODE_INDICATORS)}")
        code = row["code"]
        if code.isdigit() and len(code) % 2 == 1:
            errors.append(f"line {line}: code {code!r} looks like a code that lost its leading zero "
                          f"(format the column as text in Excel)")
        elif code not in ydyh:
            errors.append(f"line {line}: code {code!r} is not a 用地用海 2023 code")
        if row["include"] not in ("0", "1"):
            errors.append(f"line {line}: include must be 1 (count) or 0 (leave out), not {row['include']!r}")
        key = (row["indicator"], code)
        if key in seen:
            errors.append(f"line {line}: {row['indicator']} {code} is listed twice (first on line {seen[key]})")
        seen.setdefault(key, line)
    _raise_if_errors(path, errors)
    frame["include"] = frame["include"] == "1"
    return frame


def code_membership(codes, code_table):
    """{indicator key: bool array}: which 用地用海 ``codes`` (None = unknown) each code indicator counts.

    Per indicator the longest listed prefix of a code decides (include 1 or 0); a code no row
    matches is not counted. Each distinct code is resolved once.
    """
    values = pd.Series(list(codes), dtype=object).where(lambda s: s.notna(), "")
    labels, uniques = pd.factorize(values.astype(str))
    membership = {}
    for key in CODE_INDICATORS:
        rows = code_table[code_table["indicator"] == key]
        prefixes = sorted(zip(rows["code"], rows["include"]), key=lambda item: -len(item[0]))
        counted = np.array([_decide(code, prefixes) for code in uniques], dtype=bool)
        membership[key] = counted[labels] if len(labels) else np.zeros(0, dtype=bool)
    return membership


def _decide(code, prefixes):
    if not code:
        return False
    for prefix, include in prefixes:
        if code.startswith(prefix):
            return bool(include)
    return False


def describe_codes(code_table, key):
    """``用地用海 07, 08（不含 0703）``: the codes an indicator counts, as :class:`core.report.Text`."""
    rows = code_table[code_table["indicator"] == key]
    counted = ", ".join(rows.loc[rows["include"], "code"])
    excluded = ", ".join(rows.loc[~rows["include"], "code"])
    words = Text(f"用地用海 {counted}", f"用地用海 codes {counted}") if counted else Text("（无代码）", "(no codes)")
    if excluded:
        return Text(f"{words.zh}（不含 {excluded}）", f"{words.en} (without {excluded})")
    return words


# --------------------------------------------------------------------------- measuring

@dataclass
class LayerArea:
    """The area of one layer, overlaps counted once, and what measuring it took."""

    area_m2: float
    features: int  # with a geometry
    repaired: int = 0  # invalid geometries measured after repair
    overlap_pairs: int = 0  # pairs of its own features that overlap (counted once)


def layer_area(geometries, crs):
    """Ellipsoidal m² covered by a polygon layer (its overlaps counted once)."""
    area, disjoint = _disjoint_areas(geometries, crs)
    return LayerArea(float(area.sum()), *disjoint)


def _disjoint_areas(geometries, crs):
    """(ellipsoidal m² per feature after making the layer disjoint, (features, repaired, overlap pairs))."""
    geometries = np.asarray(geometries, dtype=object)
    given = present(geometries) if len(geometries) else np.zeros(0, dtype=bool)
    repaired = int((given & ~shapely.is_valid(geometries)).sum()) if len(geometries) else 0
    valid = valid_polygonal(geometries)
    valid[~present(valid)] = None
    areas = np.zeros(len(valid))
    pairs = 0
    if given.any():
        disjoint, pairs = _resolve_overlaps(valid)
        measurable = present(disjoint)
        areas[measurable] = polygon_areas(disjoint[measurable], crs)
    return areas, (int(given.sum()), repaired, int(pairs))


def _resolve_overlaps(geoms, chunk_size=10_000):
    """Make a layer disjoint as :func:`core.overlay.resolve_self_overlaps` does (the earlier feature
    keeps an overlap), with two differences that matter for measuring blueprints:

    * overlaps of at most :data:`core.overlay.DEFAULT_TOLERANCE` m² (floating-point noise along
      shared edges of overlay output, typically 1e-7 m²) are neither counted nor cut;
    * where GEOS's relate raises a TopologyException ("side location conflict", GEOS < 3.13, on
      valid pieces with nearly coincident edges), the pair is decided by its intersection, snapped
      to 1 µm if the plain overlay fails too.

    Returns (geometries, number of overlapping pairs).
    """
    a, b = query_in_threads(shapely.STRtree(geoms), geoms, "intersects")
    earlier = a < b
    a, b = a[earlier], b[earlier]
    flagged = np.zeros(len(a), dtype=bool)
    for start in range(0, len(a), chunk_size):
        stop = min(start + chunk_size, len(a))
        first, second = geoms[a[start:stop]], geoms[b[start:stop]]
        try:
            flagged[start:stop] = in_threads(lambda x, y: shapely.relate_pattern(x, y, "2********"), first, second)
        except shapely.errors.GEOSException:
            flagged[start:stop] = [_interiors_overlap(x, y) for x, y in zip(first, second)]
    a, b = a[flagged], b[flagged]
    if len(a):
        try:
            overlap = shapely.area(shapely.intersection(geoms[a], geoms[b]))
        except shapely.errors.GEOSException:
            overlap = np.array([_robust(shapely.intersection, geoms[i], geoms[j]).area for i, j in zip(a, b)])
        real = overlap > DEFAULT_TOLERANCE
        a, b = a[real], b[real]
    out = geoms.copy()
    for later in np.unique(b):
        earlier_union = _robust(lambda parts, grid_size=None: shapely.union_all(parts, grid_size=grid_size),
                                geoms[a[b == later]])
        out[later] = polygonal(np.array([_robust(shapely.difference, geoms[later], earlier_union)], dtype=object))[0]
    return out, int(len(a))


@dataclass
class IndicatorResult:
    table: pd.DataFrame  # one row per indicator: see TABLE_COLUMNS
    structure: pd.DataFrame  # blueprint area per 用地用海 level-1 class
    unknown: pd.DataFrame  # codes without a 用地用海 class: code, count, area_m2
    blueprint: LayerArea
    lines: dict  # key → LayerArea of the control-line layers given
    code_table: pd.DataFrame
    fallback_construction_m2: float = 0.0  # land without a 用地用海 class counted as construction by its flag

    def value(self, key):
        """The indicator's value in its default unit (公顷, %, 倍, 平方米/人), None when not available."""
        row = self.table.set_index("key").loc[key]
        base = row["base_value"]
        return None if _missing(base) else float(in_unit(base, DEFAULT_UNITS[BY_KEY[key].kind]))


TABLE_COLUMNS = ["number", "key", "name_zh", "name_en", "value", "unit", "area_m2", "area_ha", "area_mu", "target",
                 "target_max", "comparison", "result", "result_code", "note", "base_value"]


def compute_indicators(geometries, codes, crs, standard=landuse.TARGET, construction_flags=None, lines=None,
                       population=None, urban_population=None, targets=None,
                       expansion_limit=DEFAULT_EXPANSION_LIMIT, code_table=None, tables_dir=None, progress=None):
    """Measure every indicator and judge it against ``targets`` (:func:`core.statistics.targets.parse_targets`).

    ``geometries``/``codes``: the blueprint's polygons (in ``crs``, a projected CRS in metres:
    the overlap tolerance is in planar m²) and land-use codes of ``standard`` (a :data:`core.intake.landuse.STANDARDS` key). ``construction_flags``
    (optional, 0/1 per feature, e.g. the blueprint's JSYD): land whose code has no 用地用海 class
    counts in 建设用地总规模 when its flag is 1. ``lines``: {key of :data:`LINE_INDICATORS`:
    geometries} for the layers given. ``population``/``urban_population``: planned persons
    (None or ≤ 0 = not given). ``expansion_limit``: the default target of the expansion
    multiple (None or ≤ 0 = none). Raises ValueError when the blueprint has no polygon.
    """
    if as_pyproj_crs(crs).is_geographic:
        raise ValueError("the layers must be in a projected CRS (metres), not a geographic one")
    code_table = load_indicator_codes(tables_dir=tables_dir) if code_table is None else code_table
    geometries = np.asarray(geometries, dtype=object)
    areas, (count, repaired, pairs) = _disjoint_areas(geometries, crs)
    if not count or not areas.sum() > 0:
        raise ValueError("the blueprint has no polygon with an area")
    blueprint = LayerArea(float(areas.sum()), count, repaired, pairs)
    report(progress, 0.4)
    harmonised = landuse.harmonise(list(codes), standard, tables_dir).reset_index(drop=True)
    ydyh = harmonised["ydyh_code"].to_numpy(dtype=object)
    membership = code_membership(ydyh, code_table)
    values = {key: float(areas[mask].sum()) for key, mask in membership.items()}
    fallback = 0.0
    if construction_flags is not None:
        flags = np.array([_flag(value) for value in construction_flags], dtype=bool)
        fallback = float(areas[pd.isna(pd.Series(ydyh, dtype=object)).to_numpy() & flags].sum())
        values["construction_land"] += fallback
    report(progress, 0.5)
    line_areas = {}
    for number, (key, line) in enumerate((lines or {}).items()):
        if key not in LINE_INDICATORS:
            raise ValueError(f"unknown control line {key!r}; use one of {', '.join(LINE_INDICATORS)}")
        line_areas[key] = layer_area(line, crs)
        values[key] = line_areas[key].area_m2
        report(progress, 0.5 + 0.4 * (number + 1) / len(lines))
    values["total_area"] = blueprint.area_m2
    methods = _methods(code_table, fallback > 0)
    reasons = {}
    _derived(values, reasons, population, urban_population)
    for key in LINE_INDICATORS:
        if key not in values:
            reasons[key] = Text(f"未提供{LINE_NAMES[key]}图层", f"no {LINE_NAMES_EN[key]} layer given")
    table = indicator_table(values, targets, expansion_limit, methods, reasons)
    structure = _structure(harmonised, areas, tables_dir)
    unknown = _unknown(harmonised, areas)
    report(progress, 1.0)
    return IndicatorResult(table, structure, unknown, blueprint, line_areas, code_table, fallback)


def _flag(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    text = str(value).strip().lower()
    return text in ("1", "1.0", "true", "是", "y", "yes")


def _derived(values, reasons, population, urban_population):
    """Expansion multiple, per-capita figures and shares from the measured areas (in place)."""
    boundary, base = values.get("urban_boundary"), values.get("base_construction")
    if boundary is not None and base is not None and base > 0:
        values["expansion_multiple"] = boundary / base
    else:
        reasons["expansion_multiple"] = (
            Text("现状城镇建设用地面积为 0", "the base-year urban construction land is 0")
            if base is not None and boundary is not None else
            Text("需城镇开发边界和现状城镇建设用地两个图层",
                 "needs both the urban development boundary and the base-year urban construction land layers"))
    for key, people, label in (("construction_per_capita", population, Text("规划人口", "planned population")),
                               ("urban_construction_per_capita", urban_population,
                                Text("规划城镇人口", "planned urban population"))):
        if people is not None and people > 0:
            values[key] = values[PER_CAPITA_OF[key]] / people
        else:
            reasons[key] = text("未提供{}", "no {} given", label)
    for key, part in SHARES.items():
        values[key] = values[part] / values["total_area"]


def _methods(code_table, with_fallback):
    """How each indicator is measured, as :class:`core.report.Text`."""
    methods = {key: text("蓝图中{} 的面积", "blueprint land with {}", describe_codes(code_table, key))
               for key in CODE_INDICATORS}
    if with_fallback:
        methods["construction_land"] = joined([methods["construction_land"], Text(
            "另加无用地用海代码但建设用地标记为 1 的面积", "plus land without a 用地用海 code whose construction flag is 1")],
            "，", ", ")
    methods.update({key: Text(f"{LINE_NAMES[key]}图层面积（图层内重叠只计一次）",
                              f"area of the {LINE_NAMES_EN[key]} layer (its own overlaps counted once)")
                    for key in LINE_INDICATORS})
    methods["expansion_multiple"] = Text("城镇开发边界面积 ÷ 现状城镇建设用地面积",
                                         "urban development boundary ÷ base-year urban construction land")
    methods["construction_per_capita"] = Text("建设用地总规模 ÷ 规划人口", "construction land ÷ planned population")
    methods["urban_construction_per_capita"] = Text("城镇建设用地规模 ÷ 规划城镇人口",
                                                    "urban construction land ÷ planned urban population")
    methods.update({key: Text(f"{BY_KEY[part].zh} ÷ 规划范围总面积", f"{BY_KEY[part].en} ÷ total area of the blueprint")
                    for key, part in SHARES.items()})
    methods["total_area"] = Text("蓝图全部图斑面积（含未识别代码，重叠只计一次）",
                                 "all blueprint land (unknown codes included, overlaps counted once)")
    return methods


def indicator_table(values, targets=None, expansion_limit=DEFAULT_EXPANSION_LIMIT, methods=None, reasons=None):
    """One row per indicator (``TABLE_COLUMNS``), judged against ``targets`` (:func:`core.statistics.targets.parse_targets`).

    ``values``: {key: base value} (m², fraction, multiple, m²/人); a key that is absent or NaN is
    not available (``reasons`` may say why). ``value`` is given in the target's unit, else the
    default unit; ``area_*`` columns only for area indicators. The expansion multiple without a
    target row gets ``<= expansion_limit`` (not when the limit is None or ≤ 0).
    """
    targets = targets if targets is not None else parse_targets(pd.DataFrame(columns=["indicator", "target"]))
    methods, reasons = methods or {}, reasons or {}
    rows = []
    for indicator in INDICATORS:
        base = values.get(indicator.key)
        base = None if _missing(base) else float(base)
        spec = targets.loc[indicator.key].to_dict() if indicator.key in targets.index else None
        unit = spec["unit"] if spec else DEFAULT_UNITS[indicator.kind]
        if spec is not None and _missing(spec["target"]):
            spec = None  # a row without a target (e.g. the template's): the unit only
        notes = [reasons[indicator.key]] if base is None and indicator.key in reasons else []
        notes += [methods[indicator.key]] if indicator.key in methods else []
        if spec is None and indicator.key == "expansion_multiple" and expansion_limit and expansion_limit > 0:
            spec = {"target": float(expansion_limit), "target_max": None, "comparison": "<=", "unit": "倍",
                    "tolerance": None, "row": None, "note": Text(f"默认上限 {expansion_limit:g}（待核实，可配置）",
                                                                 f"default limit {expansion_limit:g} (unverified, configurable)")}
            unit = "倍"
        if spec and not _missing(spec.get("row")):
            notes.append(Text(f"目标见目标表第 {int(spec['row'])} 行", f"target on row {int(spec['row'])} of the target table"))
        if spec and spec.get("note"):
            notes.append(spec["note"] if isinstance(spec["note"], Text) else str(spec["note"]))
        value = None if base is None else in_unit(base, unit)
        target = spec["target"] if spec else None
        target_max = spec["target_max"] if spec else None
        comparison = spec["comparison"] if spec else None
        code = judge(value, comparison, None if _missing(target) else target,
                     None if _missing(target_max) else target_max,
                     None if spec is None or _missing(spec["tolerance"]) else spec["tolerance"], decimals_of(unit))
        area = base if indicator.kind == AREA else None
        rows.append({
            "number": indicator.number, "key": indicator.key, "name_zh": indicator.zh, "name_en": indicator.en,
            "value": value, "unit": unit, "area_m2": area,
            "area_ha": None if area is None else to_hectares(area), "area_mu": None if area is None else to_mu(area),
            "target": None if _missing(target) else target, "target_max": None if _missing(target_max) else target_max,
            "comparison": COMPARISON_SYMBOLS.get(comparison, "") if comparison else "",
            "result": RESULT_LABELS[code], "result_code": code, "note": joined(notes, term=True), "base_value": base})
    frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    for column in ("value", "area_m2", "area_ha", "area_mu", "target", "target_max", "base_value"):
        frame[column] = frame[column].astype(float)
    return frame


def _structure(harmonised, areas, tables_dir):
    """Area per 用地用海 level-1 class (codes without a class in one last row)."""
    names = landuse.load_classification(landuse.TARGET, tables_dir)
    names = dict(zip(names["code"], names["name"]))
    level1 = harmonised["ydyh_level1"].fillna("").to_numpy(dtype=object)
    frame = pd.DataFrame({"code": level1, "area_m2": areas, "count": 1})
    grouped = frame.groupby("code", sort=True).agg(area_m2=("area_m2", "sum"), count=("count", "sum")).reset_index()
    known = grouped[grouped["code"] != ""].copy()
    known["name"] = [names.get(code, "") for code in known["code"]]
    other = grouped[grouped["code"] == ""].assign(code="—", name=Term("未识别或无对应用地用海分类",
                                                                       "unknown or without a 用地用海 class"))
    result = pd.concat([known, other], ignore_index=True)
    total = float(areas.sum())
    return result.assign(area_ha=to_hectares(result["area_m2"]), area_mu=to_mu(result["area_m2"]),
                         share=result["area_m2"] / total if total > 0 else np.nan)[
        ["code", "name", "count", "area_m2", "area_ha", "area_mu", "share"]]


def _unknown(harmonised, areas):
    """Codes with no 用地用海 class (unknown to the standard, or unmapped aggregates), largest area first."""
    mask = harmonised["ydyh_code"].isna().to_numpy()
    codes = harmonised["source_code"].where(harmonised["source_code"].notna(), EMPTY_CODE).to_numpy(dtype=object)
    frame = pd.DataFrame({"code": codes[mask], "known": harmonised["known"].to_numpy()[mask], "area_m2": areas[mask],
                          "count": 1})
    if frame.empty:
        return pd.DataFrame(columns=["code", "known", "count", "area_m2"])
    grouped = frame.groupby(["code", "known"], sort=False).agg(count=("count", "sum"), area_m2=("area_m2", "sum"))
    return grouped.reset_index().sort_values("area_m2", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the workbook and CSV

SHEET_NAMES = ("指标 Indicators", "用地结构 Land use", "说明 Notes")
_SHEET_WORDS = (("指标", "Indicators"), ("用地结构", "Land use"), ("说明", "Notes"))
CSV_COLUMNS = [column for column in TABLE_COLUMNS if column != "base_value"]
#: Headers of the CSV (written in the report language, both when bilingual).
CSV_HEADERS = {"number": ("序号", "No."), "key": ("代码", "Key"), "name_zh": ("指标", "Indicator"),
               "name_en": ("指标（英文）", "Indicator (en)"), "value": ("数值", "Value"), "unit": ("单位", "Unit"),
               "area_m2": ("面积（平方米）", "Area (m²)"), "area_ha": ("面积（公顷）", "Area (ha)"),
               "area_mu": ("面积（亩）", "Area (mu)"), "target": ("目标值", "Target"),
               "target_max": ("目标上限", "Target max"), "comparison": ("比较", "Comparison"),
               "result": ("判定", "Result"), "result_code": ("判定代码", "Result code"), "note": ("说明", "Note")}


def _sheet_names():
    return [sheet_name(zh, en, bilingual) for (zh, en), bilingual in zip(_SHEET_WORDS, SHEET_NAMES)]


def report_sheets(result, note, notes=()):
    """指标 (indicators judged against the targets), 用地结构 (level-1 classes) and 说明 (method, inputs),
    in the report language; ``notes`` may hold :class:`core.report.Text` lines."""
    return [_indicator_sheet(result.table, note), _structure_sheet(result.structure, note),
            _notes_sheet(result, note, notes)]


def write_report(path, result, note, notes=()):
    return write_workbook(path, report_sheets(result, note, notes))


def _as_written(table):
    """The table with our labels (units, verdicts, notes) rendered in the report language."""
    return table.assign(**{column: [render(value) for value in table[column]]
                           for column in ("unit", "comparison", "result", "note") if column in table})


def write_table(path, table):
    """The indicator table as CSV (UTF-8 with a BOM, so that Excel reads the Chinese), headers and
    labels in the report language: the Chinese name in a Chinese table, the English key and name in
    an English one, both when bilingual; the result code (PASS, FAIL …) always."""
    names = name_columns()
    columns = [column for column in CSV_COLUMNS if column not in ("name_zh", "name_en") or column in names]
    if current_language() == ZH:  # the number identifies the indicator; the English key is not for a Chinese table
        columns.remove("key")
    frame = _as_written(table[columns].assign(unit=[UNIT_TERMS.get(unit, unit) for unit in table["unit"]]))
    frame.columns = [csv_header(CSV_HEADERS, column) for column in columns]
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def shown(value, unit):
    """A figure rounded as the workbook shows it; None when not available."""
    if _missing(value):
        return None
    return round(float(value), decimals_of(unit))


def _indicator_sheet(table, note):
    frame = table.assign(value=[shown(v, u) for v, u in zip(table["value"], table["unit"])],
                         target=[shown(v, u) for v, u in zip(table["target"], table["unit"])],
                         target_max=[shown(v, u) for v, u in zip(table["target_max"], table["unit"])],
                         unit=[UNIT_TERMS.get(unit, unit) for unit in table["unit"]])
    names = {"name_zh": Column("name_zh", "指标", "Indicator", width=24),
             "name_en": Column("name_en", "指标（英文）", english_name_header(), width=34)}
    columns = [Column("number", "序号", "No."), *(names[name] for name in name_columns()),
               Column("value", "数值", "Value", width=16),
               Column("unit", "单位", "Unit"), Column("comparison", "比较", "Comparison"),
               Column("target", "目标值", "Target", width=16), Column("target_max", "目标上限", "Target max", width=14),
               Column("result", "判定", "Result"),
               Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2), Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA),
               Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU), Column("note", "说明", "Note", width=70)]
    return Sheet(_sheet_names()[0], pick("规划指标核算表", "Planning indicators against targets"), columns, frame,
                 note=pick("；", "; ").join([str(render(note)), pick("数值按所示小数位与目标比较",
                                                                     "values are compared as shown")]))


def _structure_sheet(structure, note):
    columns = [Column("code", "用地用海一级类代码", "Level-1 code"), Column("name", "名称", "Class", width=26),
               Column("count", "图斑数", "Features", INTEGER, summed=True),
               Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
               Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
               Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True),
               Column("share", "占比", "Share", PERCENT, summed=True)]
    return Sheet(_sheet_names()[1], pick("用地结构表", "Land use by level-1 class"), columns, structure, note=note,
                 total_label=Text("合计", "Total"))


def _notes_sheet(result, note, notes):
    rows = [{"item": Text("面积计算方法", "Area method"), "value": note}]
    blueprint = result.blueprint
    rows.append({"item": Text("蓝图", "Blueprint"), "value": Text(
        f"{blueprint.features} 个图斑，{to_hectares(blueprint.area_m2):.4f} 公顷",
        f"{blueprint.features} features, {to_hectares(blueprint.area_m2):.4f} ha")})
    for key in CODE_INDICATORS:
        rows.append({"item": Text(f"{BY_KEY[key].zh} 计入代码", f"{BY_KEY[key].en}: codes counted"),
                     "value": describe_codes(result.code_table, key)})
    if result.fallback_construction_m2 > 0:
        area = to_hectares(result.fallback_construction_m2)
        rows.append({"item": Text("按建设用地标记计入", "Counted by the construction flag"),
                     "value": Text(f"{area:.4f} 公顷，无用地用海代码", f"{area:.4f} ha without a 用地用海 code")})
    for row in result.unknown.itertuples(index=False):
        kind = (Text("空代码", "empty") if row.code == EMPTY_CODE else
                Text("无对应用地用海分类", "no 用地用海 class") if row.known else Text("未识别代码", "unknown code"))
        rows.append({"item": text("{}：{}", "{}: {}", kind, row.code),
                     "value": Text(f"{row.count} 个图斑，{to_hectares(row.area_m2):.4f} 公顷",
                                   f"{row.count} features, {to_hectares(row.area_m2):.4f} ha")})
    rows += [{"item": Text("说明", "Note"), "value": line} for line in notes]
    columns = [Column("item", "项目", "Item", width=44), Column("value", "内容", "Value", width=100)]
    return Sheet(_sheet_names()[2], pick("核算说明", "Method and inputs"), columns, pd.DataFrame(rows), note=note)
