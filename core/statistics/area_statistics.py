"""Land-use area statistics (地类面积统计): area by class and admin unit, and its workbook.

* :func:`classify_codes` puts every feature's code into the class it is counted under at the
  chosen level of a classification (:mod:`core.intake.landuse` tables): level 0 keeps the codes as they
  are, levels 1, 2, 3 take the table's ancestor at that level (一级类, 二级类, 三级类), so a 三调
  0303 红树林地 counts under 00 湿地 as the table says, not under its prefix 03. Codes the table
  does not know fall back to their prefix (2, 4, 6 characters for 用地用海 and 三调 codes, 1, 2,
  3 for 城规 and 土规) when they are digits or their level-1 prefix is a table class, and are
  listed (:meth:`Classification.fallbacks`); without a table, codes of digits are grouped by
  their prefix. A value that is no code of the standard (a name the table does not know, a label) is
  never cut: it is its own class at every level, so distinct values stay distinct. Class names
  (水田, 城镇住宅用地 …) and an office's labels are recognised first (:func:`core.intake.landuse.harmonise`).
  Class names come from the table, else from an optional name field (the name most features with
  that code carry).
* :func:`class_areas` cuts the parcels by the admin units (:func:`core.overlay.union_overlay`, so
  a parcel crossing two townships is split) and sums the ellipsoidal area of the pieces per unit
  and class. Overlaps inside the parcel layer are counted once (for the feature that comes
  first) and reported; the part of a parcel outside every unit is its own column.
* :func:`pivot_table`, :func:`report_sheets` / :func:`write_report`, :func:`long_table` /
  :func:`write_csv` lay the figures out for people: pivots by admin unit with 小计 per level-1
  class and 合计, in 公顷, 亩 and m²; with a comparison of two versions
  (:mod:`core.statistics.transfer`) the workbook adds the transfer matrix and the change per class.

Geometries are in one projected working CRS (metres; the overlay needs it); areas are measured
on the CGCS2000 ellipsoid (:func:`core.areas.polygon_areas`). Nothing here imports QGIS.
"""
import numbers
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..areas import polygon_areas
from ..crs import as_pyproj_crs
from ..geometry import as_array, present
from ..intake import landuse
from ..overlay import union_overlay
from ..progress import chunks, report, scaled
from ..report import AREA_HA, AREA_M2, AREA_MU, PERCENT, Column, Sheet, Text, pick, render, write_workbook
from ..units import SQUARE_METRES_PER_MU, to_hectares, to_mu
from ..wording import Term, sheet_name

# How a feature's class was found (``method`` column of a classification).
TABLE = "table"  # the table's class at the requested level (or the code itself at level 0)
COARSER = "coarser"  # in the table, but its deepest class is above the requested level: kept at its own
UNKNOWN = "unknown"  # not in the table: counted under its prefix (or as it is at level 0)
NO_TABLE = "no_table"  # no classification chosen: prefix (or as it is)
EMPTY = "empty"  # null or empty code

#: Characters per level when a code is grouped by its prefix.
_CODE_LIKE = re.compile(r"[A-Z]?[0-9]+[A-Z0-9]*")
PREFIX_WIDTHS = {"ydyh2023": 2, "sandiao": 2, "chenggui": 1, "tugui": 1, None: 2}
MAX_LEVEL = 3

EMPTY_CODE = ""
EMPTY_NAME = Term("（空代码）", "(empty code)")
UNASSIGNED = Term("（未落入行政区）", "Outside admin units")
TOTAL = Text("合计", "Total")
OUTSIDE_KEY = "outside"
TOTAL_KEY = "total"
SHARE_KEY = "share"
NOISE_AREA = 1e-5 * SQUARE_METRES_PER_MU
"""m²: overlaps inside a layer below this (1e-5 亩) are floating-point noise, not reported."""

M2, HA, MU = "m2", "ha", "mu"
#: unit → (from m², Chinese, English, Excel number format)
UNITS = {M2: (lambda m2: m2, "平方米", "m²", AREA_M2), HA: (to_hectares, "公顷", "ha", AREA_HA),
         MU: (to_mu, "亩", "mu", AREA_MU)}
LEVEL_NAMES = {0: Term("原代码", "codes as they are"), 1: Term("一级类", "level 1"), 2: Term("二级类", "level 2"),
               3: Term("三级类", "level 3")}
CLASS_COLUMNS = ["source_code", "class_code", "class_name", "level1_code", "level1_name", "method",
                 "class_rank", "level1_rank"]
AREA_COLUMNS = ["admin_key", "admin_code", "admin_name", "level1_code", "level1_name", "class_code", "class_name",
                "area_m2"]
SHEET_NAMES = {"pivot_ha": "分类面积", "pivot_mu": "分类面积（亩）", "pivot_m2": "分类面积（平方米）",
               "detail": "分类明细", "matrix_ha": "转移矩阵", "matrix_mu": "转移矩阵（亩）", "change": "面积变化",
               "notes": "说明"}
#: The same sheets in an English report.
SHEET_NAMES_EN = {"pivot_ha": "Area by class (ha)", "pivot_mu": "Area by class (mu)", "pivot_m2": "Area by class (m²)",
                  "detail": "Detail", "matrix_ha": "Transfer matrix (ha)", "matrix_mu": "Transfer matrix (mu)",
                  "change": "Area change", "notes": "Notes"}


def _sheet(key):
    return sheet_name(SHEET_NAMES[key], SHEET_NAMES_EN[key])


def convert(square_metres, unit):
    """m² → ``unit`` (:data:`M2`, :data:`HA` or :data:`MU`); floats and arrays."""
    if unit not in UNITS:
        raise ValueError(f"unknown area unit {unit!r}; use one of {sorted(UNITS)}")
    return UNITS[unit][0](square_metres)


# --------------------------------------------------------------------------- classes

@dataclass
class Classification:
    """The class each feature is counted under (``frame``, aligned with the codes given)."""

    frame: pd.DataFrame  # CLASS_COLUMNS
    standard: str  # a core.intake.landuse standard id, or None (codes as they are)
    level: int  # 0 = the codes as they are, 1-3 the table's levels

    def __len__(self):
        return len(self.frame)

    def fallbacks(self):
        """``{code: (class code, features)}`` of codes the table does not know (most frequent first)."""
        return self._counted(self.frame["method"] == UNKNOWN)

    def coarser(self):
        """``{code: (class code, features)}`` of known codes whose deepest class is above the level."""
        return self._counted(self.frame["method"] == COARSER)

    def empty_count(self):
        return int((self.frame["method"] == EMPTY).sum())

    def same_scheme(self, other):
        """Whether class codes of both mean the same (same table and level), so a diagonal is 'unchanged'."""
        return self.standard == other.standard and self.level == other.level

    def _counted(self, mask):
        rows = self.frame.loc[mask, ["source_code", "class_code"]]
        counts = rows.value_counts(sort=True)
        return {source: (target, int(count)) for (source, target), count in counts.items()}


def classify_codes(codes, standard=None, level=2, tables_dir=None, names=None):
    """The class of every code at ``level`` of ``standard``'s table (see the module docstring).

    ``standard`` is a :data:`core.intake.landuse.STANDARDS` id or None (no table: codes as they are,
    grouped by prefix); ``names`` (optional, one per code) are the data's own class names, used
    where the table has none. Raises ``ValueError`` for a bad level, standard or table.
    """
    if not isinstance(level, numbers.Integral) or not 0 <= level <= MAX_LEVEL:
        raise ValueError(f"classification level must be 0 (codes as they are) to {MAX_LEVEL}, not {level!r}")
    values = pd.Series(list(codes), dtype=object)
    width = PREFIX_WIDTHS[standard] if standard is None or standard in PREFIX_WIDTHS else None
    if standard is not None:
        table = landuse.load_classification(standard, tables_dir)
        harmonised = landuse.harmonise(values, standard, tables_dir).reset_index(drop=True)
        source = harmonised["source_code"].to_numpy(dtype=object)
        matched = harmonised["matched_code"].to_numpy(dtype=object)
    else:
        table = pd.DataFrame(columns=["code", "name", "level", "parent"])
        source = np.array([_plain_code(value) for value in values], dtype=object)
        matched = np.full(len(values), None, dtype=object)
    lookup = _TableLookup(table, width or 2)
    data_names = _data_names(source, names)
    # Each distinct (code, table code) pair is classed once.
    keys = pd.Series([f"{s}\x00{m}" for s, m in zip(source, matched)], dtype=object)
    labels, uniques = pd.factorize(keys)
    first = np.unique(labels, return_index=True)[1]
    rows = [lookup.classify(source[i], matched[i], level, standard is None, data_names) for i in first]
    frame = pd.DataFrame(rows, columns=CLASS_COLUMNS[:6]).iloc[labels].reset_index(drop=True)
    frame["class_rank"] = _ranks(frame["class_code"], lookup)
    frame["level1_rank"] = _ranks(frame["level1_code"], lookup)
    return Classification(frame, standard, int(level))


def _missing(value):
    """None, NaN or NA (pd.isna of a non-scalar raises: such a value is not missing)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain_code(value):
    """A code as text without surrounding or inner whitespace (101.0 → "101"), None when empty."""
    if _missing(value):
        return None
    if isinstance(value, numbers.Integral):
        text = str(int(value))
    elif isinstance(value, numbers.Real):
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = str(value)
    text = "".join(unicodedata.normalize("NFKC", text).split())
    return text or None


def _data_names(source, names):
    """``{code: the name most features with that code carry}`` from the data's own name field."""
    if names is None:
        return {}
    names = list(names)
    if len(names) != len(source):
        raise ValueError("class names need one value per code")
    counts = {}
    for code, name in zip(source, names):
        name = _plain_name(name)
        if code is not None and name:
            counts.setdefault(code, Counter())[name] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in counts.items()}


def _plain_name(value):
    if _missing(value):
        return None
    return str(value).strip() or None


class _TableLookup:
    """Parents, levels, names and positions of one classification table."""

    def __init__(self, table, width):
        self.parents = dict(zip(table["code"], table["parent"]))
        self.levels = dict(zip(table["code"], table["level"].astype(int)))
        self.names = dict(zip(table["code"], table["name"]))
        self.positions = {code: position for position, code in enumerate(table["code"])}
        self.width = width

    def ancestor(self, code, level):
        """The code's class at ``level`` (itself when it is at or above that level)."""
        seen = set()
        while self.levels.get(code, 0) > level and self.parents.get(code) and code not in seen:
            seen.add(code)
            code = self.parents[code]
        return code

    def code_like(self, value, no_table):
        """Whether an unknown value reads as a code: digits after at most one letter (9999 under
        99, X12 under X1); names and labels (WATER, 水面) do not."""
        return bool(_CODE_LIKE.fullmatch(value))

    def prefix(self, code, level):
        return code[:self.width * level] if len(code) > self.width * level else code

    def classify(self, source, matched, level, no_table, data_names):
        if source is None:
            return (None, EMPTY_CODE, EMPTY_NAME, EMPTY_CODE, EMPTY_NAME, EMPTY)
        if matched is not None and matched in self.levels:
            level1 = self.ancestor(matched, 1)
            if level == 0:  # the code as it is, named after the table class it stands for (0201K: 果园)
                code, method, named = source, TABLE, matched
            else:
                code = self.ancestor(matched, level)
                method, named = COARSER if self.levels[code] < level else TABLE, code
            name = self.names.get(named) or data_names.get(code)
            return (source, code, name, level1, self.names.get(level1), method)
        if self.code_like(source, no_table):
            code = source if level == 0 else self.prefix(source, level)
            level1 = self.prefix(source, 1)
        else:  # a name or label nothing recognised: never cut (WATER and WATERSIDE stay apart)
            code = level1 = source
        name = self.names.get(code) or data_names.get(code)
        return (source, code, name, level1, self.names.get(level1) or data_names.get(level1),
                NO_TABLE if no_table else UNKNOWN)


def _ranks(codes, lookup):
    """Sort rank of each class code: table order first, then other codes in text order, empty last."""
    def key(code):
        if code == EMPTY_CODE:
            return (2, 0, "")
        if code in lookup.positions:
            return (0, lookup.positions[code], code)
        return (1, 0, code)

    distinct = sorted(set(codes), key=key)
    rank = {code: number for number, code in enumerate(distinct)}
    return codes.map(rank).astype(np.int64)


# --------------------------------------------------------------------------- areas by class and admin unit

@dataclass
class ClassAreas:
    """Areas by admin unit and class (see :func:`class_areas`)."""

    areas: pd.DataFrame  # AREA_COLUMNS, one row per admin unit and class with area, in report order
    classes: pd.DataFrame  # the classes present, in report order: level1_code, level1_name, class_code, class_name
    units: pd.DataFrame  # the admin units (columns of the pivot): key, code, name; empty without admin units
    total_m2: float
    feature_count: int
    missing: int  # features without geometry (not counted)
    repaired: int  # invalid geometries repaired on a copy
    overlaps: tuple  # (pairs, m² planimetric) of the layer's own overlapping features, counted once
    admin_overlaps: tuple = (0, 0.0)
    outside_m2: float = 0.0  # parcel area outside every admin unit
    with_admin: bool = False

    @property
    def class_count(self):
        return len(self.classes)


def class_areas(geometries, classification, crs, admin=None, progress=None):
    """Ellipsoidal area (m²) of the parcels by admin unit and class.

    ``geometries`` are shapely polygons in the projected working CRS ``crs``, ``classification``
    from :func:`classify_codes` on their codes (same order), ``admin`` an
    :class:`core.control_lines.checks.AdminUnits` (optional; units with the same code are one unit).
    ``progress`` receives fractions and may raise :class:`core.progress.Cancelled`.
    """
    geometries = as_array(geometries)
    _check(geometries, classification, crs)
    layers = [geometries]
    if admin is not None:
        admin_geoms = as_array(admin.geometries)
        names = admin.names if admin.names is not None else admin.codes
        if not len(admin.codes) == len(names) == len(admin_geoms):
            raise ValueError("admin units need one code and name per geometry")
        layers.append(admin_geoms)
    overlay = union_overlay(layers, progress=scaled(progress, 0.0, 0.7))
    keep = np.flatnonzero(overlay.sources[:, 0] >= 0)
    feature = overlay.sources[keep, 0]
    areas = _measure(overlay.geometries[keep], crs, scaled(progress, 0.7, 0.95))
    units, unit_keys = _units(admin)
    if admin is not None:
        position = overlay.sources[keep, 1]
        key = np.where(position >= 0, unit_keys[np.maximum(position, 0)] if len(unit_keys) else OUTSIDE_KEY,
                       OUTSIDE_KEY)
    else:
        key = np.full(len(keep), TOTAL_KEY, dtype=object)
    frame = classification.frame.iloc[feature].reset_index(drop=True)
    frame["admin_key"] = key
    frame["area_m2"] = areas
    grouped = (frame.groupby(["admin_key", "class_code"], sort=False, dropna=False)
               .agg(area_m2=("area_m2", "sum"), level1_code=("level1_code", "first"),
                    level1_name=("level1_name", "first"), class_name=("class_name", "first"),
                    class_rank=("class_rank", "first"), level1_rank=("level1_rank", "first"))
               .reset_index())
    outside_m2 = float(grouped.loc[grouped["admin_key"] == OUTSIDE_KEY, "area_m2"].sum()) if admin is not None else 0.0
    if admin is not None and outside_m2 > 0:
        units = pd.concat([units, pd.DataFrame([{"key": OUTSIDE_KEY, "code": None, "name": UNASSIGNED}])],
                          ignore_index=True)
    unit_order = {key: number for number, key in enumerate(units["key"])}
    grouped["_unit"] = grouped["admin_key"].map(unit_order).fillna(-1)
    grouped = grouped.sort_values(["_unit", "level1_rank", "class_rank"], kind="stable").reset_index(drop=True)
    lookup = units.set_index("key") if len(units) else None
    grouped["admin_code"] = [lookup.at[k, "code"] if lookup is not None and k in lookup.index else None
                             for k in grouped["admin_key"]]
    grouped["admin_name"] = [lookup.at[k, "name"] if lookup is not None and k in lookup.index else None
                             for k in grouped["admin_key"]]
    classes = (grouped.sort_values(["level1_rank", "class_rank"], kind="stable")
               .drop_duplicates("class_code")[["level1_code", "level1_name", "class_code", "class_name",
                                               "level1_rank", "class_rank"]].reset_index(drop=True))
    repairs = overlay.repairs[0]
    report(progress, 1.0)
    return ClassAreas(
        areas=grouped[AREA_COLUMNS].copy(), classes=classes, units=units, total_m2=float(areas.sum()),
        feature_count=len(geometries), missing=int((~present(geometries)).sum()), repaired=repairs.repaired,
        overlaps=_overlaps(repairs), admin_overlaps=_overlaps(overlay.repairs[1]) if admin is not None else (0, 0.0),
        outside_m2=outside_m2, with_admin=admin is not None)


def _check(geometries, classification, crs):
    if len(classification) != len(geometries):
        raise ValueError("the classification needs one code per geometry")
    if as_pyproj_crs(crs).is_geographic:
        raise ValueError("area statistics overlay in a projected CRS (metres), not a geographic one")


def _overlaps(repairs):
    if repairs.overlap_pairs and repairs.overlap_area >= NOISE_AREA:
        return (repairs.overlap_pairs, repairs.overlap_area)
    return (0, 0.0)


def _measure(geometries, crs, progress, chunk_size=20_000):
    """Ellipsoidal areas chunk by chunk, so that progress moves and cancelling is heard."""
    areas = np.zeros(len(geometries))
    spans = chunks(len(geometries), chunk_size)
    for done, (start, stop) in enumerate(spans):
        areas[start:stop] = polygon_areas(geometries[start:stop], crs)
        report(progress, (done + 1) / len(spans))
    return np.nan_to_num(areas)


def _units(admin):
    """The admin units as pivot columns (one per distinct code, sorted by code) and each feature's key."""
    columns = ["key", "code", "name"]
    if admin is None:
        return pd.DataFrame(columns=columns), np.empty(0, dtype=object)
    codes = [None if code is None else str(code) for code in admin.codes]
    names = list(admin.names) if admin.names is not None else [None] * len(codes)
    keys, rows = [], {}
    for position, (code, name) in enumerate(zip(codes, names)):
        key = f"unit:{code}" if code is not None else f"unit:#{position}"
        keys.append(key)
        if key not in rows:
            rows[key] = {"key": key, "code": code, "name": name}
        elif rows[key]["name"] is None:
            rows[key]["name"] = name
    units = pd.DataFrame(list(rows.values()), columns=columns)
    units = units.assign(_code=units["code"].fillna("\uffff")).sort_values("_code", kind="stable")
    return units.drop(columns="_code").reset_index(drop=True), np.array(keys, dtype=object)


def pivot_table(result, unit=HA):
    """Classes × admin units in ``unit``: one row per class (report order) with its level-1 class,
    a column per unit (keys of ``result.units``), ``total`` and ``share`` (of the grand total)."""
    columns = ["level1_code", "level1_name", "class_code", "class_name"]
    table = result.classes[columns].copy()
    values = result.areas.pivot_table(index="class_code", columns="admin_key", values="area_m2", aggfunc="sum",
                                      fill_value=0.0, dropna=False) if len(result.areas) else pd.DataFrame()
    for key in result.units["key"]:
        table[key] = convert(_column(values, key, table["class_code"]), unit)
    total_m2 = _column(values, None, table["class_code"])
    table[TOTAL_KEY] = convert(total_m2, unit)
    table[SHARE_KEY] = total_m2 / result.total_m2 if result.total_m2 > 0 else 0.0
    return table


def _column(values, key, codes):
    if not len(values):
        return np.zeros(len(codes))
    series = values.sum(axis=1) if key is None else (values[key] if key in values else pd.Series(dtype=float))
    return series.reindex(codes).fillna(0.0).to_numpy(dtype=float)


# --------------------------------------------------------------------------- tables and reports

def _label(code, name):
    if code == EMPTY_CODE:
        return str(EMPTY_NAME)
    return f"{code} {render(name)}" if name else str(code)


def _class_names(codes, names):
    """Class names as written: （空代码） for the empty code, the report language's wording of ours."""
    return [str(EMPTY_NAME) if code == EMPTY_CODE else (None if name is None else render(name))
            for code, name in zip(codes, names)]


def long_table(result):
    """One row per admin unit and class, headers in the report language (both when bilingual), for
    the CSV export."""
    areas = result.areas
    m2 = areas["area_m2"].to_numpy(dtype=float)
    return pd.DataFrame({
        pick("行政区代码", "Admin code"): areas["admin_code"].to_numpy(dtype=object),
        pick("行政区名称", "Admin name"): [None if name is None else render(name) for name in areas["admin_name"]],
        pick("一级类代码", "Level-1 code"): areas["level1_code"].to_numpy(dtype=object),
        pick("一级类名称", "Level-1 name"): [None if name is None else render(name) for name in areas["level1_name"]],
        pick("地类代码", "Class code"): areas["class_code"].to_numpy(dtype=object),
        pick("地类名称", "Class name"): _class_names(areas["class_code"], areas["class_name"]),
        pick("面积（平方米）", "Area (m²)"): m2, pick("面积（公顷）", "Area (ha)"): to_hectares(m2),
        pick("面积（亩）", "Area (mu)"): to_mu(m2)})


def write_csv(path, result):
    """:func:`long_table` as CSV in UTF-8 with a BOM, so that Excel reads the Chinese; codes stay text."""
    long_table(result).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def report_sheets(result, note, comparison=None, labels=("A", "B"), notes=(), title=""):
    """The workbook: pivots in 公顷, 亩 and m² (小计 per level-1 class, 合计), the detail table, and
    with a comparison the transfer matrix in 公顷 and 亩 and the change per class; then 说明.

    Every title, header and note is in the report language (:func:`core.report.report_language`);
    ``notes`` may hold :class:`core.report.Text` lines."""
    sheets = [_pivot_sheet(result, unit, note, title) for unit in (HA, MU, M2)]
    sheets.append(_detail_sheet(result, note, title))
    if comparison is not None:
        from .transfer import comparison_sheets  # transfer builds on this module's classes and measures
        sheets += comparison_sheets(comparison, note, labels)
    sheets.append(_notes_sheet(notes))
    return sheets


def write_report(path, result, note, comparison=None, labels=("A", "B"), notes=(), title=""):
    """Write :func:`report_sheets` to ``path`` (.xlsx)."""
    return write_workbook(path, report_sheets(result, note, comparison, labels, notes, title))


def has_subtotals(result):
    """Whether some class lies below its level-1 class, so that 小计 rows say something."""
    classes = result.classes
    return bool((classes["class_code"] != classes["level1_code"]).any())


def _pivot_sheet(result, unit, note, title):
    _, zh, en, number_format = UNITS[unit]
    table = pivot_table(result, unit)
    table["level1"] = [_label(code, name) for code, name in zip(table["level1_code"], table["level1_name"])]
    table["class_name"] = _class_names(table["class_code"], table["class_name"])
    subtotals = has_subtotals(result)
    columns = [Column("level1", "一级类", "Level-1 class", width=24)] if subtotals else []
    columns += [Column("class_code", "地类代码", "Class code"), Column("class_name", "地类名称", "Class name", width=22)]
    for row in result.units.itertuples(index=False):
        name = row.name or row.code or ""
        zh_name = name.zh if isinstance(name, Text) else name
        en_label = UNASSIGNED.en if row.key == OUTSIDE_KEY else str(row.code or "")
        columns.append(Column(row.key, f"{zh_name}（{zh}）", en_label, number_format, summed=True))
    columns += [Column(TOTAL_KEY, f"合计（{zh}）", f"Total ({en})", number_format, summed=True),
                Column(SHARE_KEY, "占比", "Share", PERCENT, summed=True)]
    key = f"pivot_{unit}"
    zh_title, en_title = ("分行政区地类面积汇总表", "Area by class and admin unit") if result.with_admin else \
        ("地类面积汇总表", "Area by class")
    return Sheet(_sheet(key), f"{title}{pick(f'{zh_title}（{zh}）', f'{en_title} ({en})')}",
                 columns, table, note=note, total_label=TOTAL, subtotal_by="level1" if subtotals else None)


def _detail_sheet(result, note, title):
    areas = result.areas.copy()
    m2 = areas["area_m2"].to_numpy(dtype=float)
    areas["area_ha"], areas["area_mu"] = to_hectares(m2), to_mu(m2)
    areas["class_name"] = _class_names(areas["class_code"], areas["class_name"])
    columns = []
    if result.with_admin:
        areas["admin"] = [str(UNASSIGNED) if key == OUTSIDE_KEY else _label(code, name)
                          for key, code, name in zip(areas["admin_key"], areas["admin_code"], areas["admin_name"])]
        columns.append(Column("admin", "行政区", "Admin unit", width=24))
    columns += [Column("level1_code", "一级类代码", "Level-1 code"), Column("level1_name", "一级类名称", "Level-1 name"),
                Column("class_code", "地类代码", "Class code"), Column("class_name", "地类名称", "Class name", width=22),
                Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
                Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
                Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True)]
    return Sheet(_sheet("detail"), f"{title}{pick('地类面积明细表', 'Area by admin unit and class')}", columns, areas,
                 note=note, total_label=TOTAL, subtotal_by="admin" if result.with_admin else None)


def _notes_sheet(notes):
    rows = pd.DataFrame({"note": [render(line) for line in notes] or ["—"]})
    return Sheet(_sheet("notes"), pick("说明", "Notes"), [Column("note", "说明", "Note", width=120)], rows)
