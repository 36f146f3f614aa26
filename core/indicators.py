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
(三调, 城规, 土规) are first harmonised to 用地用海 2023 (:func:`core.landuse.harmonise`).

Targets (:func:`read_targets`) come from a CSV or Excel table, one row per indicator, with the
target value, its unit (any area unit, %, 倍, 平方米/人), the comparison (>=, <=, >, <, =,
between) and an optional tolerance; ``resources/indicators/targets_template.csv`` is a template.
:func:`judge` is the pure pass/fail rule: the value is compared *as the report shows it*
(rounded to the unit's decimals), widened by the tolerance; ``=`` without a tolerance means
equal as shown. The expansion multiple gets ``<= expansion_limit`` (default 1.3, UNVERIFIED,
domain notes §3.1) when the table sets no target for it.

Areas are ellipsoidal on CGCS2000 (:func:`core.areas.polygon_areas`). A layer's own overlaps
are counted once (the earlier feature keeps them, as :func:`core.overlay.resolve_self_overlaps`
does; floating-point slivers below 1e-4 m² are ignored) and invalid geometries are measured
after repair, on copies. Nothing here imports QGIS.
"""
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from . import landuse
from .areas import polygon_areas
from .crs import as_pyproj_crs
from .geometry import in_threads, polygonal, present, query_in_threads, valid_polygonal
from .overlay import DEFAULT_TOLERANCE, interiors_overlap as _interiors_overlap, robust as _robust
from .progress import report
from .report import (AREA_HA, AREA_M2, AREA_MU, INTEGER, PERCENT, ZH, Column, Sheet, Text,
                     current_language, pick, render, write_workbook)
from .units import SQUARE_METRES_PER_HECTARE, SQUARE_METRES_PER_MU, to_hectares, to_mu
from .wording import Term, csv_header, english_name_header, joined, name_columns, sheet_name, text

INDICATORS_DIR = Path(__file__).resolve().parents[1] / "resources" / "indicators"
CODES_FILE = "indicator_codes.csv"
TEMPLATE_FILE = "targets_template.csv"

AREA, SHARE, RATIO, PER_CAPITA = "area", "share", "ratio", "per_capita"
PASS, FAIL, NO_TARGET, NOT_AVAILABLE = "PASS", "FAIL", "NO_TARGET", "NOT_AVAILABLE"
RESULT_LABELS = {PASS: Term("达标", "pass"), FAIL: Term("未达标", "fail"), NO_TARGET: Term("无目标", "no target"),
                 NOT_AVAILABLE: Term("无法计算", "not available")}
DEFAULT_EXPANSION_LIMIT = 1.3  # UNVERIFIED (domain notes §3.1): a parameter, never hard-coded
EMPTY_CODE = Term("（空）", "(empty)")  # how empty codes are listed


@dataclass(frozen=True)
class Indicator:
    number: str  # stable, zero-padded: what target tables refer to
    key: str
    zh: str
    en: str
    kind: str  # AREA, SHARE, RATIO or PER_CAPITA
    comparison: str  # used when a target row gives none


INDICATORS = (
    Indicator("01", "cultivated_land", "耕地保有量", "Cultivated land", AREA, ">="),
    Indicator("02", "basic_farmland", "永久基本农田保护面积", "Permanent basic farmland", AREA, ">="),
    Indicator("03", "eco_redline", "生态保护红线面积", "Ecological protection red line", AREA, ">="),
    Indicator("04", "urban_boundary", "城镇开发边界面积", "Urban development boundary", AREA, "<="),
    Indicator("05", "base_construction", "现状城镇建设用地面积", "Base-year urban construction land", AREA, "="),
    Indicator("06", "expansion_multiple", "城镇开发边界扩展倍数", "Urban boundary expansion multiple", RATIO, "<="),
    Indicator("07", "construction_land", "建设用地总规模", "Construction land", AREA, "<="),
    Indicator("08", "urban_construction_land", "城镇建设用地规模", "Urban construction land", AREA, "<="),
    Indicator("09", "construction_per_capita", "人均建设用地", "Construction land per capita", PER_CAPITA, "<="),
    Indicator("10", "urban_construction_per_capita", "人均城镇建设用地", "Urban construction land per capita",
              PER_CAPITA, "<="),
    Indicator("11", "forest_land", "林地面积", "Forest land", AREA, ">="),
    Indicator("12", "forest_share", "林地占比", "Forest land share", SHARE, ">="),
    Indicator("13", "wetland", "湿地面积", "Wetland", AREA, ">="),
    Indicator("14", "wetland_share", "湿地占比", "Wetland share", SHARE, ">="),
    Indicator("15", "water", "陆地水域面积", "Land water area", AREA, ">="),
    Indicator("16", "water_share", "陆地水域占比", "Land water share", SHARE, ">="),
    Indicator("17", "total_area", "规划范围总面积", "Total area of the blueprint", AREA, "="),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
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

# unit → (kind, value of one unit in the kind's base unit, decimals shown). Base units: m², a
# fraction, a multiple, m² per person.
UNITS = {
    "平方米": (AREA, 1.0, 2), "公顷": (AREA, SQUARE_METRES_PER_HECTARE, 4), "亩": (AREA, SQUARE_METRES_PER_MU, 2),
    "万亩": (AREA, SQUARE_METRES_PER_MU * 10_000.0, 4), "平方公里": (AREA, 1_000_000.0, 4),
    "%": (SHARE, 0.01, 2), "倍": (RATIO, 1.0, 4), "平方米/人": (PER_CAPITA, 1.0, 2),
}
DEFAULT_UNITS = {AREA: "公顷", SHARE: "%", RATIO: "倍", PER_CAPITA: "平方米/人"}
#: Units as reports write them (the tables keep the canonical Chinese spelling).
UNIT_TERMS = {"平方米": Term("平方米", "m²"), "公顷": Term("公顷", "ha"), "亩": Term("亩", "mu"),
              "万亩": Term("万亩", "10,000 mu"), "平方公里": Term("平方公里", "km²"), "%": Term("%", "%"),
              "倍": Term("倍", "×"), "平方米/人": Term("平方米/人", "m²/person")}
KIND_UNITS = {kind: [unit for unit, (k, _, _) in UNITS.items() if k == kind] for kind in DEFAULT_UNITS}
# Spellings, after NFKC (㎡ → m2, ％ → %), lower case and without spaces.
_UNIT_ALIASES = {
    "平方米": "平方米", "m2": "平方米", "sqm": "平方米", "公顷": "公顷", "ha": "公顷", "hm2": "公顷", "亩": "亩", "mu": "亩",
    "万亩": "万亩", "平方公里": "平方公里", "平方千米": "平方公里", "km2": "平方公里", "%": "%", "百分比": "%",
    "percent": "%", "倍": "倍", "x": "倍", "times": "倍", "平方米/人": "平方米/人", "m2/人": "平方米/人",
    "m2/person": "平方米/人", "m2/capita": "平方米/人",
}
_COMPARISONS = {
    ">=": ">=", "≥": ">=", "=>": ">=", "不小于": ">=", "不低于": ">=", "不少于": ">=",
    "<=": "<=", "≤": "<=", "=<": "<=", "不大于": "<=", "不超过": "<=", "不高于": "<=",
    ">": ">", "大于": ">", "<": "<", "小于": "<", "=": "=", "==": "=", "等于": "=",
    "between": "between", "区间": "between", "介于": "between",
}
COMPARISON_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "between": Term("区间", "between")}
# Target-table headers: English keys or their Chinese names.
_HEADERS = {
    "indicator": "indicator", "指标": "indicator", "指标代码": "indicator", "指标编号": "indicator", "编号": "indicator",
    "target": "target", "目标值": "target", "目标": "target", "target_max": "target_max", "目标上限": "target_max",
    "上限": "target_max", "unit": "unit", "单位": "unit", "comparison": "comparison", "比较": "comparison",
    "比较方式": "comparison", "tolerance": "tolerance", "容差": "tolerance", "note": "note", "备注": "note",
    "说明": "note", "name": "name", "指标名称": "name", "名称": "name",
}
CODE_COLUMNS = ("indicator", "code", "include", "name", "note")
_FIRST_DATA_ROW = 2  # row 1 is the header, in CSV files and worksheets alike
_MAX_ERRORS = 20
_RANGE = re.compile(r"^\s*([-+]?[\d.,]+)\s*(?:~|至|到|–|—|-)\s*([-+]?[\d.,]+)\s*$")


# --------------------------------------------------------------------------- units and comparison

def normalise_unit(text):
    """The canonical spelling of a unit (``"ha"`` → ``"公顷"``), None when empty; ValueError if unknown."""
    return _spelling(text, _UNIT_ALIASES, f"unknown unit {text!r}; use one of {', '.join(UNITS)}")


def normalise_comparison(text):
    """``">="``, ``"<="``, ``">"``, ``"<"``, ``"="`` or ``"between"`` (None when empty); ValueError if unknown."""
    return _spelling(text, _COMPARISONS, f"unknown comparison {text!r}; use >=, <=, >, <, = or between")


def _spelling(text, aliases, error):
    """``aliases[text]`` matched without case, width or spaces; None when empty, ValueError(error) if unknown."""
    if _missing(text):
        return None
    key = "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()
    if not key:
        return None
    if key not in aliases:
        raise ValueError(error)
    return aliases[key]


def in_unit(value, unit):
    """A base value (m², fraction, multiple, m²/人) expressed in ``unit``."""
    return value / UNITS[unit][1]


def decimals_of(unit):
    return UNITS[unit][2]


def judge(value, comparison, target, target_max=None, tolerance=None, decimals=None):
    """PASS, FAIL, NO_TARGET or NOT_AVAILABLE (no value, with or without a target) for one indicator,
    all figures in one unit.

    ``value`` is rounded to ``decimals`` first (the figure the report shows); ``tolerance``
    widens every comparison (``>=``: value ≥ target − tolerance …); ``=`` without a tolerance
    means equal when both are rounded to ``decimals``. ``between`` includes both ends.
    """
    if _missing(value):
        return NOT_AVAILABLE
    if _missing(target) or comparison is None:
        return NO_TARGET
    shown = round(float(value), decimals) if decimals is not None else float(value)
    slack = 0.0 if _missing(tolerance) else float(tolerance)
    if comparison == "=":
        if _missing(tolerance):
            expected = round(float(target), decimals) if decimals is not None else float(target)
            passed = shown == expected
        else:
            passed = abs(shown - target) <= slack
    elif comparison == ">=":
        passed = shown >= target - slack
    elif comparison == ">":
        passed = shown > target - slack
    elif comparison == "<=":
        passed = shown <= target + slack
    elif comparison == "<":
        passed = shown < target + slack
    elif comparison == "between":
        if _missing(target_max):
            raise ValueError("between needs a target and a target_max")
        passed = target - slack <= shown <= target_max + slack
    else:
        raise ValueError(f"unknown comparison {comparison!r}")
    return PASS if passed else FAIL


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


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


# --------------------------------------------------------------------------- targets

def read_targets(path):
    """The target table at ``path`` (.csv, UTF-8 or GBK; .xlsx: the first sheet) parsed by :func:`parse_targets`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl")
        frame.columns = [str(column).strip() for column in frame.columns]
    elif suffix in (".csv", ".txt"):
        frame = landuse.read_text_table(path)
    else:
        raise ValueError(f"{path.name}: the target table must be a .csv or .xlsx file (save .xls files as .xlsx)")
    return parse_targets(frame, path.name)


def parse_targets(frame, source="targets"):
    """Targets by indicator key: DataFrame indexed by key with target, target_max, comparison, unit,
    tolerance, note and row (the spreadsheet row, header = row 1).

    Rows without any value are skipped; a row with an indicator but no target means "no target".
    Indicators are matched by number (``1``, ``01``, ``001``), key or Chinese name. Raises
    ValueError listing every bad row of ``source``.
    """
    frame = frame.rename(columns=_header)
    if "indicator" not in frame.columns or "target" not in frame.columns:
        raise ValueError(f"{source}: the target table needs the columns indicator and target (also unit, "
                         f"comparison, target_max, tolerance, note); found {', '.join(map(str, frame.columns))}")
    frame = frame.loc[:, ~frame.columns.duplicated()]
    errors, rows, seen = [], [], {}
    for index, record in enumerate(frame.to_dict("records")):
        row = index + _FIRST_DATA_ROW
        cells = {key: _cell(record.get(key)) for key in ("indicator", "target", "target_max", "unit", "comparison",
                                                          "tolerance")}
        cells["note"] = _cell(record.get("note"), fold=False)
        if not any(cells[key] for key in ("indicator", "target", "target_max", "comparison", "tolerance")):
            continue
        problems = []
        parsed = _parse_target_row(cells, problems)
        if parsed is not None:
            key = parsed["key"]
            if key in seen:
                problems.append(f"indicator {cells['indicator']!r} is listed twice (first on row {seen[key]})")
            seen.setdefault(key, row)
            parsed["row"] = row
            rows.append(parsed)
        errors += [f"row {row}: {problem}" for problem in problems]
    _raise_if_errors(source, errors)
    columns = ["key", "target", "target_max", "comparison", "unit", "tolerance", "note", "row"]
    return pd.DataFrame(rows, columns=columns).set_index("key")


def _header(column):
    text = str(column).strip()
    return _HEADERS.get(text.lower(), _HEADERS.get(text, text))


def _cell(value, fold=True):
    """A cell as text; ``fold``: full-width characters folded (＞＝ → >=, １ → 1)."""
    if _missing(value):
        return ""
    return (unicodedata.normalize("NFKC", str(value)) if fold else str(value)).strip()


def find_indicator(text):
    """The :class:`Indicator` a target row names (number, key or Chinese name), or None."""
    text = "".join(text.split())
    if text.isdigit():
        return next((i for i in INDICATORS if int(i.number) == int(text)), None)
    lowered = text.lower()
    return next((i for i in INDICATORS if lowered in (i.key, i.zh, i.en.lower())), None)


def _parse_target_row(cells, problems):
    indicator = find_indicator(cells["indicator"]) if cells["indicator"] else None
    if indicator is None:
        problems.append(f"unknown indicator {cells['indicator']!r}; use a number 01-{INDICATORS[-1].number}, a key "
                        f"such as cultivated_land or a name such as 耕地保有量" if cells["indicator"]
                        else "the indicator is empty")
        return None
    try:
        unit = normalise_unit(cells["unit"]) or DEFAULT_UNITS[indicator.kind]
        if UNITS[unit][0] != indicator.kind:
            problems.append(f"unit {cells['unit']!r} does not fit {indicator.zh} "
                            f"(use {', '.join(KIND_UNITS[indicator.kind])})")
    except ValueError as error:
        problems.append(str(error))
        unit = DEFAULT_UNITS[indicator.kind]
    try:
        comparison = normalise_comparison(cells["comparison"])
    except ValueError as error:
        problems.append(str(error))
        comparison = None
    target, target_max = cells["target"], cells["target_max"]
    span = _RANGE.match(target) if comparison in (None, "between") and not target_max else None
    if span:  # "1.0~1.3" in one cell
        target, target_max = span.group(1), span.group(2)
    target, target_max = _number(target, "target", problems), _number(target_max, "target_max", problems)
    tolerance = _number(cells["tolerance"], "tolerance", problems)
    if tolerance is not None and tolerance < 0:
        problems.append(f"tolerance must not be negative, not {cells['tolerance']!r}")
    if comparison is None and target_max is not None:
        comparison = "between"
    if target is None and target_max is None:
        comparison = None  # no target
    elif comparison is None:
        comparison = indicator.comparison
    if comparison == "between":
        if target is None or target_max is None:
            problems.append("between needs both target and target_max (or a range such as 1.0~1.3 in target)")
        elif target > target_max:
            problems.append(f"target {target:g} is larger than target_max {target_max:g}")
    elif target_max is not None:
        problems.append(f"target_max is only used with between, not with {cells['comparison'] or comparison}")
    return {"key": indicator.key, "target": target, "target_max": target_max if comparison == "between" else None,
            "comparison": comparison, "unit": unit, "tolerance": tolerance, "note": cells["note"]}


def _number(text, column, problems):
    if not text:
        return None
    cleaned = text.replace(",", "").replace(" ", "").rstrip("%")
    try:
        value = float(cleaned)
    except ValueError:
        problems.append(f"{column} {text!r} is not a number")
        return None
    if not math.isfinite(value):
        problems.append(f"{column} {text!r} is not a finite number")
        return None
    return value


def _raise_if_errors(source, errors):
    if errors:
        shown = errors[:_MAX_ERRORS]
        more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        raise ValueError(f"bad rows in {source}:\n  " + "\n  ".join(shown) + more)


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
    """Measure every indicator and judge it against ``targets`` (:func:`parse_targets`).

    ``geometries``/``codes``: the blueprint's polygons (in ``crs``, a projected CRS in metres:
    the overlap tolerance is in planar m²) and land-use codes of ``standard`` (a :data:`core.landuse.STANDARDS` key). ``construction_flags``
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
    """One row per indicator (``TABLE_COLUMNS``), judged against ``targets`` (:func:`parse_targets`).

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
