"""实施评估: how the plan is carried out, year by year (规划实施监测评估与预警).

The blueprint (a version of the store, or any 用地用海 layer), the control lines and one or
more later land-use surveys (年度变更调查, each with its year; optionally the base-year survey)
are overlaid once (:func:`core.overlay.union_overlay`), inside the blueprint. Every survey is a
state of the land; each is compared with the state before it (the base survey, or the previous
year). Per year and per township (乡镇) this gives:

* **new construction land** (新增建设用地): ground that is construction land in the year and was
  not the year before, split by the urban development boundary (inside/outside), with the part
  on permanent basic farmland, inside the ecological red line and where the blueprint plans no
  construction;
* **farmland lost and gained** (耕地减少/增加), with the part the blueprint keeps as farmland;
* the **planning indicators** measured on the survey (耕地保有量, 建设用地总规模, 城镇建设用地规模,
  林地, 湿地, 陆地水域): the value, its target, the share achieved (or used, for upper limits)
  and the change since the year before;
* a **预警 level** (green/yellow/red) per indicator and township from an editable threshold table
  (``resources/monitoring/warning_thresholds.csv``, defaults UNVERIFIED, see its README).

Targets: the county's come from the planning indicator target table when it has a row for the
indicator (:func:`core.statistics.targets.read_targets`), else from the blueprint itself (its
耕地, 建设用地 … areas are the plan's figures); a township's target is always the blueprint's
figure inside the township. Codes of every standard are harmonised to 用地用海 2023 and counted
with the indicator code table (:mod:`core.statistics.indicators`), so "construction land" and
"farmland" mean the same in the blueprint and in the surveys.

Ground whose code is unknown (or empty) in either year cannot be judged: it is counted in no
class, and its area is reported (never silently taken as "no change"). Areas are ellipsoidal on
CGCS2000. Nothing here imports QGIS.
"""
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .. import RESOURCES
from ..areas import polygon_areas
from ..crs import as_pyproj_crs
from ..geometry import as_array, present
from ..intake import landuse
from ..overlay import union_overlay
from ..progress import report, scaled
from ..report import Text
from ..statistics import targets as tg
from ..statistics.indicators import code_membership, load_indicator_codes
from ..units import to_hectares
from ..wording import Term, text

THRESHOLDS_FILE = RESOURCES / "monitoring" / "warning_thresholds.csv"
THRESHOLD_COLUMNS = ("indicator", "name", "direction", "measure", "yellow", "red", "note")
RATIO, HECTARES = "ratio", "ha"

#: The planning indicators measured on every survey (keys of :data:`core.statistics.targets.INDICATORS`).
MONITORED = ("cultivated_land", "construction_land", "urban_construction_land", "forest_land", "wetland", "water")
#: Yearly violations, measured in 公顷 on the year's changes.
VIOLATIONS = {
    "new_construction_outside_boundary": Term("城镇开发边界外新增城镇建设用地",
                                              "New urban construction outside the urban boundary"),
    "new_construction_on_farmland": Term("新增建设占用永久基本农田", "New construction on permanent basic farmland"),
    "new_construction_in_redline": Term("新增建设占用生态保护红线", "New construction inside the ecological red line"),
    "planned_farmland_lost": Term("规划耕地减少", "Farmland lost where the blueprint keeps farmland"),
}
#: The control line each violation needs (None: needs none).
VIOLATION_LINE = {"new_construction_outside_boundary": "urban", "new_construction_on_farmland": "farmland",
                  "new_construction_in_redline": "red_line", "planned_farmland_lost": None}
NAMES = {**{key: Term(tg.BY_KEY[key].zh, tg.BY_KEY[key].en) for key in MONITORED}, **VIOLATIONS}

GREEN, YELLOW, RED, NO_LEVEL = "green", "yellow", "red", "none"
LEVELS = {GREEN: Term("绿色", "green"), YELLOW: Term("黄色", "yellow"), RED: Term("红色", "red"),
          NO_LEVEL: Term("—", "—")}
LEVEL_ORDER = {NO_LEVEL: 0, GREEN: 1, YELLOW: 2, RED: 3}

NEW_CONSTRUCTION, FARMLAND_LOST, FARMLAND_GAINED = "new_construction", "farmland_lost", "farmland_gained"
PATCH_TYPES = {NEW_CONSTRUCTION: Term("新增建设用地", "new construction"),
               FARMLAND_LOST: Term("耕地减少", "farmland lost"), FARMLAND_GAINED: Term("耕地增加", "farmland gained")}
INSIDE, OUTSIDE, NO_BOUNDARY = "inside", "outside", "none"
BOUNDARY_TERMS = {INSIDE: Term("边界内", "inside"), OUTSIDE: Term("边界外", "outside"),
                  NO_BOUNDARY: Term("未提供边界", "no boundary given")}

COUNTY = Term("全县", "County")
COUNTY_CODE = ""
WHOLE_AREA = Term("规划范围", "Plan area")  # the only unit when no townships are given
WHOLE = "*"  # its key inside the assessment
NO_UNIT = Term("（不在乡镇内）", "(in no township)")

INDICATOR_COLUMNS = ["year", "unit_code", "unit_name", "key", "name", "kind", "direction", "measure_unit", "value_m2",
                     "target_m2", "target_source", "measure", "change_m2", "level"]
PATCH_COLUMNS = ["year", "previous_year", "type", "unit_code", "unit_name", "code_before", "code_after", "id_before",
                 "id_after", "boundary", "area_m2", "farmland_m2", "redline_m2", "unplanned_m2", "urban_construction"]
SUMMARY_COLUMNS = ["year", "unit_code", "unit_name", "new_construction_m2", "inside_m2", "outside_m2",
                   "outside_urban_m2", "farmland_m2", "redline_m2", "unplanned_m2", "farmland_lost_m2", "farmland_gained_m2", "planned_farmland_lost_m2",
                   "undetermined_m2"]
ROUNDING = 1e-4  # measures are judged as reports show them: ratios to 0.01 %, 公顷 to 4 decimals
AREA_NOISE = 0.01  # m²: pieces of a change smaller than this are the noise of edges the surveys share


class AssessmentError(ValueError):
    """Input the assessment cannot use; ``text`` says why in both languages."""

    def __init__(self, message):
        self.text = message
        super().__init__(message.en)


@dataclass
class LandUse:
    """One state of the land: the blueprint or a survey."""

    geometries: np.ndarray
    codes: list
    standard: str = landuse.TARGET  # a key of core.intake.landuse.STANDARDS
    year: int = None  # surveys only
    ids: list = None  # the features' identifiers (BSM …), None: their numbers
    name: str = ""


@dataclass
class Units:
    """Townships (乡镇) or other units the figures are given for."""

    geometries: np.ndarray
    codes: list
    names: list


@dataclass
class Lines:
    urban: np.ndarray = None  # 城镇开发边界
    farmland: np.ndarray = None  # 永久基本农田
    red_line: np.ndarray = None  # 生态保护红线


@dataclass
class Assessment:
    years: list  # the survey years assessed (the base year not included)
    base_year: object  # the base survey's year, None when the first survey is the base
    units: pd.DataFrame  # unit_code, unit_name (county first)
    indicators: pd.DataFrame  # INDICATOR_COLUMNS: per state year × unit × indicator/violation
    summary: pd.DataFrame  # SUMMARY_COLUMNS: per year × unit (county rows included)
    patches: pd.DataFrame  # PATCH_COLUMNS: the monitoring patches
    patch_geometries: np.ndarray
    thresholds: pd.DataFrame  # indexed by indicator key
    plan: pd.DataFrame  # the blueprint's figures: unit_code, key, value_m2
    notes: list = field(default_factory=list)  # Text

    def county(self, key, year=None):
        """The county's row(s) of ``key``: one row (a Series) for a year, else all years."""
        rows = self.indicators[(self.indicators["unit_code"] == COUNTY_CODE) & (self.indicators["key"] == key)]
        return rows if year is None else rows[rows["year"] == year].iloc[0]

    def worst_level(self, year):
        levels = self.indicators.loc[self.indicators["year"] == year, "level"]
        return max(levels, key=LEVEL_ORDER.get, default=NO_LEVEL)


# --------------------------------------------------------------------------- thresholds

_DIRECTIONS = {">=": ">=", "≥": ">=", "下限": ">=", "不低于": ">=", "<=": "<=", "≤": "<=", "上限": "<=", "不高于": "<="}
_MEASURES = {"ratio": RATIO, "比例": RATIO, "达成率": RATIO, "ha": HECTARES, "公顷": HECTARES}


def load_thresholds(path=None):
    """The 预警 thresholds, indexed by indicator key: name, direction, measure, yellow, red, note.

    ``path``: an edited table (CSV, UTF-8 or GBK) whose rows replace the shipped defaults
    (:data:`THRESHOLDS_FILE`) for the indicators it lists. Raises :class:`AssessmentError` naming
    every bad row.
    """
    defaults = _read_thresholds(THRESHOLDS_FILE)
    if not path:
        return defaults
    edited = _read_thresholds(Path(path))
    return pd.concat([defaults.drop(index=edited.index, errors="ignore"), edited]).loc[
        [key for key in defaults.index if key in edited.index or key in defaults.index]]


def _read_thresholds(path):
    name = Path(path).name
    if not Path(path).is_file():
        raise AssessmentError(text("找不到预警阈值表 {}", "threshold table not found: {}", name))
    frame = landuse.read_text_table(path)
    missing = [column for column in THRESHOLD_COLUMNS[:6] if column not in frame.columns]
    if missing:
        raise AssessmentError(text("{}：缺少列 {}（表头应为 {}）", "{}: missing column(s) {}; the header must be {}", name,
                                   ", ".join(missing), ",".join(THRESHOLD_COLUMNS)))
    rows, errors = [], []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        key = str(record.get("indicator") or "").strip()
        if not key:
            continue
        problems = []
        if key not in NAMES:
            problems.append(text("指标“{}”不在监测之列，可用：{}", "indicator {!r} is not monitored; use one of {}", key,
                                 ", ".join(NAMES)))
        direction = _DIRECTIONS.get(str(record.get("direction") or "").strip())
        measure = _MEASURES.get(str(record.get("measure") or "").strip().lower())
        if direction is None:
            problems.append(Text("direction 须为 >=（下限）或 <=（上限）",
                                 "direction must be >= (a lower limit) or <= (an upper limit)"))
        if measure is None:
            problems.append(Text("measure 须为 ratio（现状 ÷ 目标）或 ha（公顷）",
                                 "measure must be ratio (value ÷ target) or ha (公顷)"))
        bounds = []
        for column in ("yellow", "red"):
            try:
                bounds.append(float(str(record.get(column)).strip()))
            except ValueError:
                problems.append(text("{} 须为数字，而不是“{}”", "{} must be a number, not {!r}", column, record.get(column)))
        if len(bounds) == 2 and direction and not problems:
            yellow, red = bounds
            if (direction == ">=" and red > yellow) or (direction == "<=" and red < yellow):
                problems.append(text("红色阈值 {:g} 须比黄色阈值 {:g} 更严（{}）",
                                     "red {:g} must lie beyond yellow {:g} ({})", red, yellow, direction))
        if problems:
            errors += [text("第 {} 行：{}", "row {}: {}", number, problem) for problem in problems]
            continue
        rows.append({"key": key, "name": str(record.get("name") or "").strip() or NAMES[key].zh,
                     "direction": direction, "measure": measure, "yellow": bounds[0], "red": bounds[1],
                     "note": str(record.get("note") or "").strip()})
    if errors:
        raise AssessmentError(Text(f"{name}：" + "；".join(e.zh for e in errors[:20]),
                                   f"{name}: " + "; ".join(e.en for e in errors[:20])))
    return pd.DataFrame(rows, columns=["key", "name", "direction", "measure", "yellow", "red", "note"]).set_index("key")


def warning_level(measure, direction, yellow, red):
    """green / yellow / red for a measure (rounded as shown), :data:`NO_LEVEL` when there is none."""
    if measure is None or (isinstance(measure, float) and math.isnan(measure)):
        return NO_LEVEL
    value = round(float(measure), 4) if math.isfinite(measure) else measure
    if direction == ">=":
        return GREEN if value >= yellow else YELLOW if value >= red else RED
    return GREEN if value <= yellow else YELLOW if value <= red else RED


# --------------------------------------------------------------------------- years

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def year_in(name):
    """The survey year a layer or file name carries (``DLTB_2025``, ``2025年度变更调查``), or None."""
    found = _YEAR.findall(str(name or ""))
    return int(found[-1]) if found else None


def parse_years(text_value, count):
    """``count`` years from a comma/space separated text (empty: None, read from the names)."""
    parts = [part for part in re.split(r"[\s,，;；、]+", str(text_value or "").strip()) if part]
    if not parts:
        return None
    if len(parts) != count or not all(re.fullmatch(r"(19|20)\d\d", part) for part in parts):
        raise AssessmentError(text("年份“{}”应为 {} 个四位数年份（与调查图层一一对应）",
                                   "the years “{}” must be {} four-digit years, one per survey layer",
                                   text_value, count))
    return [int(part) for part in parts]


# --------------------------------------------------------------------------- the assessment

def assess(blueprint, surveys, crs, base=None, lines=None, units=None, targets=None, thresholds=None,
           code_table=None, tables_dir=None, progress=None):
    """Assess the surveys against the blueprint (see the module docstring); returns :class:`Assessment`.

    ``blueprint`` and ``surveys`` (list) and ``base`` are :class:`LandUse`; ``lines``
    :class:`Lines`; ``units`` :class:`Units` or None (the plan area as one unit); ``targets`` a
    :func:`core.statistics.targets.parse_targets` frame or None; ``thresholds`` as
    :func:`load_thresholds` gives (default: the shipped table). ``crs``: the projected CRS of
    every geometry. Raises :class:`AssessmentError` for input it cannot use.
    """
    if as_pyproj_crs(crs).is_geographic:
        raise AssessmentError(Text("图层须为投影坐标系（米），不能是地理坐标系",
                                   "the layers must be in a projected CRS (metres), not a geographic one"))
    states = _states(surveys, base)
    lines = lines or Lines()
    thresholds = load_thresholds() if thresholds is None else thresholds
    code_table = load_indicator_codes(tables_dir=tables_dir) if code_table is None else code_table
    if not present(as_array(blueprint.geometries)).any():
        raise AssessmentError(Text("一张蓝图没有任何图斑", "the blueprint has no polygon"))
    unit_codes, unit_names = _unit_labels(units)
    line_layers = [lines.urban, lines.farmland, lines.red_line]
    layers = ([as_array(blueprint.geometries), as_array(units.geometries if units else [])]
              + [as_array([] if layer is None else layer) for layer in line_layers]
              + [as_array(state.geometries) for state in states])
    overlay = union_overlay(layers, progress=scaled(progress, 0.0, 0.6))
    inside = overlay.sources[:, 0] >= 0
    geoms, sources = overlay.geometries[inside], overlay.sources[inside]
    areas = polygon_areas(geoms, crs)
    report(progress, 0.7)

    notes = _repair_notes(overlay.repairs, [blueprint.name or "一张蓝图", "", "", "", ""]
                          + [state.name for state in states])
    plan = _classes(blueprint, code_table, tables_dir)
    classes = [_classes(state, code_table, tables_dir) for state in states]
    if units is not None:
        unit = np.where(sources[:, 1] >= 0, np.asarray(unit_codes, dtype=object)[np.maximum(sources[:, 1], 0)], None)
        outside = areas[sources[:, 1] < 0].sum()
        if outside > AREA_NOISE:
            notes.append(text("一张蓝图有 {:.4f} 公顷不在任何乡镇内：只计入全县。",
                              "{:.4f} ha of the blueprint lie in no township: counted for the county only.",
                              to_hectares(outside)))
    else:
        unit = np.full(len(geoms), WHOLE, dtype=object)
    given = {"urban": lines.urban is not None, "farmland": lines.farmland is not None,
             "red_line": lines.red_line is not None}
    on = {"urban": sources[:, 2] >= 0, "farmland": sources[:, 3] >= 0, "red_line": sources[:, 4] >= 0}
    planned = {key: _take(plan[key], sources[:, 0]) for key in (*MONITORED, "known")}

    unit_table = _unit_table(units, unit_codes, unit_names)
    plan_values = _values(planned, areas, unit, unit_table)
    per_state = []
    for number, (state, flags) in enumerate(zip(states, classes)):
        column = 5 + number
        covered = sources[:, column] >= 0
        state_flags = {key: _take(flags[key], sources[:, column]) for key in (*MONITORED, "known")}
        uncovered = areas[~covered].sum()
        if uncovered > AREA_NOISE:
            notes.append(text("{}（{} 年）未覆盖一张蓝图的 {:.4f} 公顷：这部分不计入该年的指标。",
                              "{} ({}) does not cover {:.4f} ha of the blueprint: that ground counts in no indicator "
                              "of the year.", state.name, state.year, to_hectares(uncovered)))
        unknown = covered & ~state_flags["known"]
        if areas[unknown].sum() > AREA_NOISE:
            notes.append(text("{}（{} 年）有 {:.4f} 公顷的地类代码未知或为空：不计入任何地类，也不判定其变化。",
                              "{} ({}): {:.4f} ha have an unknown or empty land-use code: counted in no class and "
                              "their change is not judged.", state.name, state.year, to_hectares(areas[unknown].sum())))
        per_state.append((state, column, covered, state_flags))
        report(progress, 0.7 + 0.1 * (number + 1) / len(states))

    indicator_rows, summary_rows, patch_rows, patch_geoms = [], [], [], []
    previous_values = None
    for number, (state, column, covered, flags) in enumerate(per_state):
        values = _values(flags, areas, unit, unit_table)
        is_base = number == 0
        indicator_rows += _indicator_rows(state.year, values, previous_values, plan_values, unit_table, targets,
                                          thresholds)
        if not is_base:
            before_state, before_column, before_covered, before = per_state[number - 1]
            changes = _changes(flags, before, covered & before_covered & (areas > AREA_NOISE), planned, on)
            summary_rows += _summary_rows(state.year, changes, areas, unit, unit_table, given)
            indicator_rows += _violation_rows(state.year, changes, areas, unit, unit_table, given, thresholds)
            rows, pieces = _patches(state, before_state, column, before_column, changes, geoms, sources, areas, unit,
                                    unit_table, on, given, planned, flags)
            patch_rows += rows
            patch_geoms += pieces
        previous_values = values
        report(progress, 0.8 + 0.2 * (number + 1) / len(per_state))
    indicators = pd.DataFrame(indicator_rows, columns=INDICATOR_COLUMNS)
    summary = pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS)
    patches = pd.DataFrame(patch_rows, columns=PATCH_COLUMNS)
    years = [state.year for state in states[1:]]
    base_year = states[0].year if base is not None else None
    if base is None:
        notes.append(text("未提供基期调查：以最早的调查（{} 年）为基期，该年只给出指标，不计变化。",
                          "No base survey given: the earliest survey ({}) is the base; it gives the indicators only, "
                          "no change.", states[0].year))
    report(progress, 1.0)
    return Assessment(years, base_year, unit_table, indicators, summary, patches,
                      np.asarray(patch_geoms, dtype=object), thresholds, plan_values, notes)


def _states(surveys, base):
    surveys = list(surveys or [])
    if not surveys:
        raise AssessmentError(Text("至少需要一期年度变更调查", "at least one later land-use survey is needed"))
    for state in surveys + ([base] if base is not None else []):
        if state.year is None:
            raise AssessmentError(text("无法确定“{}”的年份：请在图层名中包含年份或填写年份参数",
                                       "the year of “{}” is not known: put it in the layer name or give the years",
                                       state.name))
        if not present(as_array(state.geometries)).any():
            raise AssessmentError(text("“{}”没有任何图斑", "“{}” has no polygon", state.name))
    years = [state.year for state in surveys]
    twice = sorted({year for year in years if years.count(year) > 1})
    if twice:
        raise AssessmentError(text("调查年份重复：{}", "survey years given twice: {}", "、".join(map(str, twice))))
    surveys.sort(key=lambda state: state.year)
    if base is not None:
        if base.year >= surveys[0].year:
            raise AssessmentError(text("基期（{} 年）必须早于最早的调查（{} 年）",
                                       "the base year ({}) must come before the earliest survey ({})",
                                       base.year, surveys[0].year))
        return [base] + surveys
    if len(surveys) < 2:
        raise AssessmentError(Text("只有一期调查且未提供基期调查：无法比较变化",
                                   "one survey and no base survey: there is nothing to compare it with"))
    return surveys


def _unit_labels(units):
    if units is None:
        return [WHOLE], [WHOLE_AREA]
    codes = ["" if code is None else str(code).strip() for code in units.codes]
    names = ["" if name is None else str(name).strip() for name in units.names]
    return [code or name or str(n + 1) for n, (code, name) in enumerate(zip(codes, names))], names


def _unit_table(units, codes, names):
    rows = [(COUNTY_CODE, COUNTY)]
    if units is not None:
        seen = set()
        for code, name in zip(codes, names):
            if code not in seen:
                seen.add(code)
                rows.append((code, name or code))
        rows[1:] = sorted(rows[1:], key=lambda row: row[0])
    return pd.DataFrame(rows, columns=["unit_code", "unit_name"])


def _repair_notes(repairs, names):
    notes = []
    for repair, name in zip(repairs, names):
        if not name:
            continue
        if repair.repaired:
            notes.append(text("“{}”：{} 个无效几何已在副本上修复后参与分析。",
                              "“{}”: {} invalid geometries were repaired on a copy before the analysis.",
                              name, repair.repaired))
        if repair.overlap_pairs:
            rounding = repair.overlap_area < 1.0
            notes.append(text("“{}”：{} 对要素相互重叠，共 {:.2f} 平方米{}，重叠部分只计一次（先出现的要素保留）。",
                              "“{}”: {} pairs of features overlap, {:.2f} m² in all{}; the overlaps count once (the "
                              "earlier feature keeps them).", name, repair.overlap_pairs, repair.overlap_area,
                              Text("（舍入误差量级）" if rounding else "", " (rounding)" if rounding else "")))
    return notes


def _classes(state, code_table, tables_dir):
    """Per feature: a bool array per monitored class, and ``known`` (the code has a 用地用海 class)."""
    codes = [None if code is None or (isinstance(code, float) and math.isnan(code)) else str(code).strip() or None
             for code in state.codes]
    harmonised = landuse.harmonise(codes, state.standard, tables_dir)
    ydyh = harmonised["ydyh_code"].to_numpy(dtype=object)
    membership = code_membership(ydyh, code_table)
    flags = {key: np.asarray(membership[key], dtype=bool) for key in MONITORED}
    flags["known"] = ~pd.isna(pd.Series(ydyh, dtype=object)).to_numpy()
    flags["codes"] = np.asarray(codes, dtype=object)
    return flags


def _take(values, positions):
    values = np.asarray(values)
    out = values[np.maximum(positions, 0)] if len(values) else np.zeros(len(positions), dtype=values.dtype)
    if values.dtype == bool:
        return out & (positions >= 0)
    return np.where(positions >= 0, out, None)


def _values(flags, areas, unit, unit_table):
    """value_m2 per unit (county first) and monitored indicator."""
    rows = []
    frame = pd.DataFrame({"unit": unit, "area": areas})
    for key in MONITORED:
        by_unit = frame.assign(area=np.where(flags[key], areas, 0.0)).groupby("unit", dropna=True)["area"].sum()
        county = float(np.where(flags[key], areas, 0.0).sum())
        for code in unit_table["unit_code"]:
            value = _clean(county if code == COUNTY_CODE else by_unit.get(code, 0.0))
            rows.append((code, key, value))
    return pd.DataFrame(rows, columns=["unit_code", "key", "value_m2"])


def _target(key, unit_code, plan_values, targets):
    """(target m², source, comparison) of an indicator for a unit."""
    planned = float(plan_values.loc[(plan_values["unit_code"] == unit_code) & (plan_values["key"] == key),
                                    "value_m2"].iloc[0])
    if unit_code == COUNTY_CODE and targets is not None and key in targets.index:
        spec = targets.loc[key]
        if not tg._missing(spec["target"]) and spec["unit"] in tg.UNITS:
            kind, factor, _ = tg.UNITS[spec["unit"]]
            if kind == tg.AREA:
                return float(spec["target"]) * factor, Term("目标表", "target table"), spec["comparison"]
    return planned, Term("一张蓝图", "blueprint"), tg.BY_KEY[key].comparison


def _indicator_rows(year, values, previous, plan_values, unit_table, targets, thresholds):
    rows = []
    for key in MONITORED:
        threshold = thresholds.loc[key] if key in thresholds.index else None
        for code, name in unit_table.itertuples(index=False):
            value = float(values.loc[(values["unit_code"] == code) & (values["key"] == key), "value_m2"].iloc[0])
            target, source, comparison = _target(key, code, plan_values, targets)
            direction = threshold["direction"] if threshold is not None else (
                ">=" if comparison in (">=", ">") else "<=")
            measure = _ratio(value, target, direction)
            change = None
            if previous is not None:
                change = _clean(value - float(previous.loc[(previous["unit_code"] == code) & (previous["key"] == key),
                                                           "value_m2"].iloc[0]))
            level = NO_LEVEL if threshold is None or threshold["measure"] != RATIO else warning_level(
                measure, direction, threshold["yellow"], threshold["red"])
            rows.append((year, code, name, key, NAMES[key], "indicator", direction, RATIO, value, target, source,
                         measure, change, level))
    return rows


def _ratio(value, target, direction):
    if target > AREA_NOISE:
        return value / target
    if direction == "<=":  # nothing planned: any of it is beyond the plan
        return 0.0 if value <= AREA_NOISE else math.inf
    return math.nan  # a lower limit of nothing: no target


def _changes(flags, before, both, planned, on):
    """Masks of the pieces that changed between ``before`` and ``flags`` (both covering the ground)."""
    known = both & flags["known"] & before["known"]
    new = known & flags["construction_land"] & ~before["construction_land"]
    lost = known & before["cultivated_land"] & ~flags["cultivated_land"]
    gained = known & ~before["cultivated_land"] & flags["cultivated_land"]
    return {NEW_CONSTRUCTION: new, FARMLAND_LOST: lost, FARMLAND_GAINED: gained,
            "undetermined": both & ~(flags["known"] & before["known"]),
            "outside": new & ~on["urban"], "inside": new & on["urban"], "farmland": new & on["farmland"],
            # the rule is about urban construction: villages and linear works may lie outside the boundary
            "outside_urban": new & flags["urban_construction_land"] & ~on["urban"],
            "red_line": new & on["red_line"], "unplanned": new & ~planned["construction_land"],
            "planned_farmland_lost": lost & planned["cultivated_land"]}


def _sums(mask, areas, unit, unit_table):
    """{unit code: m²} of the masked pieces, the county included."""
    by_unit = pd.Series(np.where(mask, areas, 0.0)).groupby(pd.Series(unit, dtype=object)).sum()
    sums = {code: _clean(by_unit.get(code, 0.0)) for code in unit_table["unit_code"]}
    sums[COUNTY_CODE] = _clean(np.where(mask, areas, 0.0).sum())
    return sums


def _clean(value):
    """m² as reported: the floating-point dust of shared edges (below :data:`AREA_NOISE`) is 0."""
    value = float(value)
    return 0.0 if abs(value) < AREA_NOISE else value


def _summary_rows(year, changes, areas, unit, unit_table, given):
    keys = [("new_construction_m2", NEW_CONSTRUCTION), ("inside_m2", "inside"), ("outside_m2", "outside"),
            ("outside_urban_m2", "outside_urban"),
            ("farmland_m2", "farmland"), ("redline_m2", "red_line"), ("unplanned_m2", "unplanned"),
            ("farmland_lost_m2", FARMLAND_LOST), ("farmland_gained_m2", FARMLAND_GAINED),
            ("planned_farmland_lost_m2", "planned_farmland_lost"), ("undetermined_m2", "undetermined")]
    needs = {"inside": "urban", "outside": "urban", "outside_urban": "urban", "farmland": "farmland",
             "red_line": "red_line"}
    sums = {column: _sums(changes[mask], areas, unit, unit_table) for column, mask in keys}
    rows = []
    for code, name in unit_table.itertuples(index=False):
        rows.append([year, code, name] + [
            None if mask in needs and not given[needs[mask]] else sums[column][code] for column, mask in keys])
    return rows


def _violation_rows(year, changes, areas, unit, unit_table, given, thresholds):
    masks = {"new_construction_outside_boundary": "outside_urban", "new_construction_on_farmland": "farmland",
             "new_construction_in_redline": "red_line", "planned_farmland_lost": "planned_farmland_lost"}
    rows = []
    for key, mask in masks.items():
        line = VIOLATION_LINE[key]
        sums = _sums(changes[mask], areas, unit, unit_table)
        threshold = thresholds.loc[key] if key in thresholds.index else None
        for code, name in unit_table.itertuples(index=False):
            value = sums[code] if line is None or given[line] else None
            measure = None if value is None else float(to_hectares(value))
            level = NO_LEVEL if threshold is None or value is None else warning_level(
                measure if threshold["measure"] == HECTARES else math.nan, threshold["direction"],
                threshold["yellow"], threshold["red"])
            direction = threshold["direction"] if threshold is not None else "<="
            rows.append((year, code, name, key, NAMES[key], "violation", direction, HECTARES, value, None, None,
                         measure, None, level))
    return rows


def _patches(state, before_state, column, before_column, changes, geoms, sources, areas, unit, unit_table, on, given,
             planned, flags):
    """The monitoring patches of one year: pieces of a change merged per (type, unit, feature before,
    feature after, inside/outside the boundary)."""
    names = dict(unit_table.itertuples(index=False))
    after_codes, before_codes = _codes_of(state), _codes_of(before_state)
    after_ids, before_ids = _ids_of(state), _ids_of(before_state)
    rows, pieces = [], []
    for kind in (NEW_CONSTRUCTION, FARMLAND_LOST, FARMLAND_GAINED):
        mask = changes[kind] & (areas > AREA_NOISE)
        if not mask.any():
            continue
        boundary = np.where(on["urban"], INSIDE, OUTSIDE) if given["urban"] else np.full(len(areas), NO_BOUNDARY)
        frame = pd.DataFrame({"unit": unit, "after": sources[:, column], "before": sources[:, before_column],
                              "boundary": boundary, "area": areas,
                              "farmland": np.where(on["farmland"], areas, 0.0),
                              "redline": np.where(on["red_line"], areas, 0.0),
                              "unplanned": _against_plan(kind, planned, areas),
                              "urban": flags["urban_construction_land"]})[mask]
        frame["position"] = np.flatnonzero(mask)
        groups = frame.groupby(["unit", "after", "before", "boundary"], sort=True, dropna=False)
        for (code, after, before, where), group in groups:
            positions = group["position"].to_numpy()
            geometry = geoms[positions[0]] if len(positions) == 1 else shapely.union_all(geoms[positions])
            unit_code, unit_name = _patch_unit(code, names)
            rows.append([state.year, before_state.year, kind, unit_code, unit_name,
                         before_codes[before], after_codes[after], before_ids[before], after_ids[after], where,
                         float(group["area"].sum()),
                         _clean(group["farmland"].sum()) if given["farmland"] else None,
                         _clean(group["redline"].sum()) if given["red_line"] else None,
                         None if kind == FARMLAND_GAINED else _clean(group["unplanned"].sum()),
                         bool(group["urban"].any())])
            pieces.append(geometry)
    return rows, pieces


def _against_plan(kind, planned, areas):
    """m² of each piece where the change goes against the blueprint: construction where it plans
    none, farmland lost where it keeps farmland (a gain of farmland never is)."""
    if kind == NEW_CONSTRUCTION:
        return np.where(~planned["construction_land"], areas, 0.0)
    if kind == FARMLAND_LOST:
        return np.where(planned["cultivated_land"], areas, 0.0)
    return np.zeros(len(areas))


def _patch_unit(code, names):
    if code == WHOLE:
        return COUNTY_CODE, WHOLE_AREA
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return COUNTY_CODE, NO_UNIT
    return code, names.get(code, code)


def _codes_of(state):
    return [None if code is None else str(code).strip() for code in state.codes]


def _ids_of(state):
    if state.ids is None:
        return [str(number) for number in range(1, len(state.codes) + 1)]
    return ["" if value is None else str(value) for value in state.ids]
