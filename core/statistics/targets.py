"""The planning indicators, their units and the target table they are judged by (规划指标目标).

:data:`INDICATORS` is the catalogue (number, key, names, kind: area, share, ratio or per
capita); units and comparisons are read in any usual spelling (``ha`` = 公顷, ``≥`` = ``>=``).
Targets (:func:`read_targets`) come from a CSV or Excel table, one row per indicator, with the
target value, its unit, the comparison (>=, <=, >, <, =, between) and an optional tolerance;
``resources/indicators/targets_template.csv`` is a template. :func:`judge` is the pure
pass/fail rule: the value is compared *as the report shows it* (rounded to the unit's
decimals), widened by the tolerance; ``=`` without a tolerance means equal as shown.
Measuring the indicators on a blueprint is :mod:`core.statistics.indicators`.
"""
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import RESOURCES
from ..intake import landuse
from ..units import SQUARE_METRES_PER_HECTARE, SQUARE_METRES_PER_MU
from ..wording import Term


INDICATORS_DIR = RESOURCES / "indicators"
TEMPLATE_FILE = "targets_template.csv"
AREA, SHARE, RATIO, PER_CAPITA = "area", "share", "ratio", "per_capita"
PASS, FAIL, NO_TARGET, NOT_AVAILABLE = "PASS", "FAIL", "NO_TARGET", "NOT_AVAILABLE"
RESULT_LABELS = {PASS: Term("达标", "pass"), FAIL: Term("未达标", "fail"), NO_TARGET: Term("无目标", "no target"),
                 NOT_AVAILABLE: Term("无法计算", "not available")}


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


# --------------------------------------------------------------------------- the target table

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
