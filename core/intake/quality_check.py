"""The data-quality check of planning layers: every check of :mod:`core.intake.quality` on one layer,
as one table of problems with ellipsoidal areas, plus the repair that never touches the input.

Problems carry a check id and a ``detail`` (GEOS reason, code, threshold) rather than a
sentence; :func:`message` words them in the report language (:mod:`core.report`).

Each problem marks its fault, not the whole feature it was found in: the point GEOS names for an
invalid geometry, the overlap polygon of two features, the gap, the sliver or duplicate itself
(``geometry`` holds the fault's area, None for point faults and attribute faults; ``x, y`` its
location, in the layer's CRS, ``lon, lat`` the same point in CGCS2000 longitude/latitude).
Features are named by the caller's ids (texts) and found by ``position`` (0-based, in the
arrays the check was given), which the repair uses.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..crs import to_lonlat
from ..progress import report
from ..report import Text, pick
from ..units import SQUARE_METRES_PER_MU, to_mu
from ..wording import ELLIPSOIDAL as AREA_METHOD  # noqa: F401 (the name this module's users know)
from . import landuse
from .quality import (EMPTY_GEOMETRY, SANDIAO_MIN_MAPPING_AREA, find_duplicates, find_gaps, find_invalid, find_overlaps,
                      find_slivers, merge_slivers, reason_text, repair_geometries)

#: Check ids: codes (in capitals, the same in every language) that output layers store in CHECK.
INVALID, EMPTY, DUPLICATE, OVERLAP, GAP, SLIVER, UNKNOWN_CODE, NULL_CODE, WRONG_CRS = (
    "INVALID", "EMPTY", "DUPLICATE", "OVERLAP", "GAP", "SLIVER", "UNKNOWN_CODE", "NULL_CODE", "WRONG_CRS")
CHECKS = (INVALID, EMPTY, DUPLICATE, OVERLAP, GAP, SLIVER, UNKNOWN_CODE, NULL_CODE, WRONG_CRS)
ERROR, WARNING = "error", "warning"
SEVERITY = {INVALID: ERROR, EMPTY: WARNING, DUPLICATE: ERROR, OVERLAP: ERROR, GAP: ERROR, SLIVER: WARNING,
            UNKNOWN_CODE: ERROR, NULL_CODE: ERROR, WRONG_CRS: WARNING}
#: Chinese and English names of the checks, for reports.
CHECK_NAMES = {INVALID: ("无效几何", "Invalid geometry"), EMPTY: ("空几何", "Empty geometry"),
               DUPLICATE: ("重复图斑", "Duplicate"), OVERLAP: ("图斑重叠", "Overlap"), GAP: ("图斑缝隙", "Gap"),
               SLIVER: ("碎小图斑", "Sliver"), UNKNOWN_CODE: ("未知地类代码", "Unknown code"),
               NULL_CODE: ("地类代码为空", "Empty code"), WRONG_CRS: ("坐标系不符", "Wrong CRS")}
SEVERITY_NAMES = {ERROR: ("错误", "Error"), WARNING: ("警告", "Warning")}
#: Checks whose fault is an area (its ``geometry``): the overlap, the gap, the sliver, the duplicate.
#: An invalid geometry's fault is a point (where GEOS finds it); a code's fault is an attribute of
#: the feature, located by a point inside it; an empty geometry and a wrong CRS have no place.
AREA_CHECKS = (DUPLICATE, OVERLAP, GAP, SLIVER)
COLUMNS = ("check", "severity", "layer", "feature_id", "other_id", "code", "area_m2", "detail", "threshold", "x", "y",
           "lon", "lat", "position", "other_position", "geometry")
#: CGCS2000 longitude/latitude, in which every problem's location is also given.
LONLAT_CRS = "EPSG:4490"
#: How the reports name the area method.
#: ``detail`` of slivers: which minimum they miss.
SLIVER_AREA, SLIVER_WIDTH, SLIVER_BOTH = "area", "width", "area+width"

#: Overlaps and gaps smaller than 1e-5 亩 (≈ 0.0067 m²) are floating-point noise (domain notes §3.4).
NOISE_AREA = 1e-5 * SQUARE_METRES_PER_MU


@dataclass
class QualitySettings:
    """Thresholds of the check; every one is a user parameter with this default."""

    min_overlap_area: float = NOISE_AREA  # m²
    min_gap_area: float = NOISE_AREA  # m²
    sliver_min_area: float = 200.0  # m², for layers without codes or codes without a 三调 threshold
    use_sandiao_thresholds: bool = True  # 三调 minimum mapping areas by class (200/400/600 m²)
    sliver_min_width: float = 2.0  # m; 0 turns the width test off
    standard: str = None  # code standard to validate against (core.intake.landuse), None = no code check
    tables_dir: str = None


def check_layer(layer, geometries, feature_ids, crs, codes=None, boundary=None, settings=None, progress=None):
    """All checks on one layer. ``geometries`` in ``crs`` (projected, metres), ``feature_ids`` one
    per geometry (how reports name the features, e.g. their BSM; they need not be unique: features
    are told apart by their position), ``codes`` optional (one per geometry), ``boundary`` an
    optional shapely polygon within which gaps are searched (no gap check without it). Returns a
    DataFrame of COLUMNS: ``geometry`` the fault's area for :data:`AREA_CHECKS` (else None),
    ``x, y`` (in ``crs``) and ``lon, lat`` (CGCS2000) where the fault is, ``position`` and
    ``other_position`` the features' positions in ``geometries``."""
    settings = settings or QualitySettings()
    geometries = np.asarray(geometries, dtype=object)
    ids = np.empty(len(feature_ids), dtype=object)
    ids[:] = list(feature_ids)
    codes = None if codes is None else np.asarray(codes, dtype=object)
    steps = [
        lambda p: _invalid(geometries, ids, codes, p),
        lambda p: _duplicates(geometries, ids, codes, p),
        lambda p: _overlaps(geometries, ids, settings, p),
        lambda p: _gaps(geometries, boundary, settings, p),
        lambda p: _slivers(geometries, ids, codes, settings, p),
        lambda p: _codes(geometries, ids, codes, settings),
    ]
    frames = []
    for number, step in enumerate(steps):
        start, stop = number / len(steps), (number + 1) / len(steps)
        frames.append(step(lambda fraction, a=start, b=stop: report(progress, a + (b - a) * fraction)))
    problems = _without_duplicate_overlaps(_concat(frames))
    problems["layer"] = layer
    problems["severity"] = problems["check"].map(SEVERITY)
    problems["area_m2"] = _ellipsoidal_areas(problems["geometry"].to_numpy(), crs)
    for column in ("x", "y", "threshold"):
        problems[column] = pd.to_numeric(problems[column], errors="coerce")
    _locate(problems)
    # Code problems were measured and located with their feature; their fault is an attribute.
    problems.loc[~problems["check"].isin(AREA_CHECKS), "geometry"] = None
    problems["lon"], problems["lat"] = to_lonlat(problems["x"].to_numpy(float), problems["y"].to_numpy(float), crs)
    return problems[list(COLUMNS)]


def crs_problem(layer, detail):
    """The one-row problem table for a layer whose CRS is not the expected one (``detail``: a
    text or a :class:`~core.report.Text` saying which CRS it is)."""
    row = _rows(WRONG_CRS, [None], [None], [detail])
    row["layer"], row["severity"], row["area_m2"] = layer, SEVERITY[WRONG_CRS], np.nan
    for column in ("x", "y", "lon", "lat"):
        row[column] = np.nan
    return row[list(COLUMNS)]


def message(problem, settings=None):
    """What a problem row (a namedtuple or Series of COLUMNS) means, as a :class:`~core.report.Text`
    (rendered in the report language when written)."""
    settings = settings or QualitySettings()
    check, other = problem.check, id_text(problem.other_id)
    area = 0.0 if _missing(problem.area_m2) else float(problem.area_m2)
    if check == INVALID:
        reason = reason_text(problem.detail)
        if _missing(problem.x) or _missing(problem.y):
            return Text(f"无效几何：{reason.zh}", f"Invalid geometry: {reason.en}")
        where = f"({problem.x:.3f}, {problem.y:.3f})"
        return Text(f"无效几何：{reason.zh}，位置 {where}", f"Invalid geometry: {reason.en} at {where}")
    if check == EMPTY:
        return Text("该要素没有几何", "The feature has no geometry")
    if check == DUPLICATE:
        return Text("与要素 {} 几何相同", "Same geometry as feature {}").format(other)
    if check == OVERLAP:
        return Text("与要素 {} 重叠 {:.2f} 平方米", "Overlaps feature {} on {:.2f} m²").format(other, area)
    if check == GAP:
        return Text("边界内有 {:.2f} 平方米未被任何要素覆盖的缝隙",
                    "Gap of {:.2f} m² inside the boundary covered by no feature").format(area)
    if check == SLIVER:
        if problem.detail == SLIVER_AREA:
            return Text("碎小图斑：{:.2f} 平方米，小于最小上图面积 {:g} 平方米",
                        "Sliver: {:.2f} m² is below the minimum mapping area of {:g} m²").format(
                area, problem.threshold)
        if problem.detail == SLIVER_WIDTH:
            return Text("碎小图斑：宽度小于 {:g} 米", "Sliver: narrower than {:g} m").format(
                settings.sliver_min_width)
        return Text("碎小图斑：{:.2f} 平方米，小于 {:g} 平方米，且宽度小于 {:g} 米",
                    "Sliver: {:.2f} m² is below {:g} m² and narrower than {:g} m").format(
            area, problem.threshold, settings.sliver_min_width)
    if check == UNKNOWN_CODE:
        names = landuse.STANDARD_NAMES.get(problem.detail, {"zh": str(problem.detail), "en": str(problem.detail)})
        return Text(f"代码 {problem.code} 不在{names['zh']}中", f"Code {problem.code} is not in the {names['en']}")
    if check == NULL_CODE:
        return Text("地类代码为空", "The land-use code is empty")
    detail = problem.detail
    if isinstance(detail, Text):
        return Text(f"图层坐标系：{detail.zh}", f"Layer CRS: {detail.en}")
    return Text(f"图层坐标系：{detail}", f"Layer CRS: {detail}")


def check_name(check):
    """The check's name in the report language."""
    return pick(*CHECK_NAMES[check])


def severity_name(check):
    """The check's severity in the report language (错误 / 警告)."""
    return pick(*SEVERITY_NAMES[SEVERITY[check]])


def _missing(value):
    return value is None or (isinstance(value, (float, np.floating)) and np.isnan(value))


def id_text(value):
    """An id as reports show it: text, '' when there is none (1.0 → '1')."""
    if _missing(value):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(value)


def summarise(problems, layers):
    """Count and area (m²) of each check for each layer, every layer listed even without problems."""
    counts = problems.groupby(["layer", "check"]).agg(count=("check", "size"), area_m2=("area_m2", "sum"))
    index = pd.MultiIndex.from_product([list(layers), list(CHECKS)], names=["layer", "check"])
    return counts.reindex(index, fill_value=0).reset_index()


def repair_layer(geometries, sliver_positions):
    """Repaired copy: invalid geometries made valid, slivers merged into the neighbour with the
    longest shared edge (merged slivers become None; so do null geometries, which stay null:
    tell them apart by ``merges``). ``sliver_positions`` are positions in ``geometries`` (the
    ``position`` column of the problems). Returns ``(geometries, repaired_mask, merges)`` where
    ``merges`` is the DataFrame of :func:`core.intake.quality.merge_slivers`."""
    repaired, changed = repair_geometries(geometries)
    if len(sliver_positions):
        repaired, merges = merge_slivers(repaired, sliver_positions)
    else:
        merges = pd.DataFrame(columns=["sliver_index", "target_index", "shared_length", "merged"])
    return repaired, changed, merges


# -- one function per check, each returning rows of COLUMNS (layer/severity/area filled later) ----

def _empty():
    return pd.DataFrame(columns=list(COLUMNS), dtype=object)


def _rows(check, position, geometry, detail=None, other_position=None, ids=None, code=None, x=None, y=None,
          threshold=None):
    """Problem rows; arguments are sequences (one value per row) or a scalar shared by all rows.
    ``position``/``other_position``: the features' positions, named in ``feature_id``/``other_id``
    by ``ids`` (one per feature of the layer)."""
    count = len(position)
    feature_id = None if ids is None else [None if p is None else ids[p] for p in position]
    other_id = None
    if other_position is not None and ids is not None:
        other_id = [None if p is None else ids[p] for p in other_position]
    values = {"feature_id": feature_id, "other_id": other_id, "code": code, "detail": detail,
              "threshold": threshold, "x": x, "y": y, "position": position, "other_position": other_position,
              "geometry": geometry}
    data = {name: list(value) if isinstance(value, (list, tuple, np.ndarray, pd.Series)) else [value] * count
            for name, value in values.items()}
    return pd.DataFrame({"check": [check] * count, **data}, dtype=object)  # one dtype: clean concatenation


def combine(frames):
    """One problem table from several (e.g. one per layer)."""
    return _concat(frames)


def _concat(frames):
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else _empty()


def _locate(problems):
    """Problems without a GEOS location get a point inside their geometry, to find them on the map."""
    missing = problems["x"].isna().to_numpy() & ~shapely.is_missing(problems["geometry"].to_numpy())
    if missing.any():
        points = shapely.point_on_surface(shapely.make_valid(problems["geometry"].to_numpy()[missing]))
        problems.loc[missing, "x"] = shapely.get_x(points)
        problems.loc[missing, "y"] = shapely.get_y(points)


def _without_duplicate_overlaps(problems):
    """A duplicate pair also overlaps completely; report it once, as a duplicate."""
    duplicates = problems["check"] == DUPLICATE
    if not duplicates.any():
        return problems
    pairs = {frozenset(pair)
             for pair in problems.loc[duplicates, ["position", "other_position"]].itertuples(index=False)}
    overlap_pairs = problems.loc[problems["check"] == OVERLAP, ["position", "other_position"]].itertuples()
    drop = [index for index, a, b in overlap_pairs if frozenset((a, b)) in pairs]
    return problems.drop(index=drop).reset_index(drop=True)


def _code_at(codes, positions):
    return None if codes is None else codes[positions]


def _invalid(geometries, ids, codes, progress):
    found = find_invalid(geometries, progress)
    if not len(found):
        return _empty()
    positions = found["index"].to_numpy()
    empty = (found["reason"] == EMPTY_GEOMETRY).to_numpy()
    # The fault is the point GEOS names, not the polygon (which may be a whole township).
    return _concat([
        _rows(INVALID, positions[~empty], [None] * int((~empty).sum()), found["reason"].to_numpy()[~empty], ids=ids,
              code=_code_at(codes, positions[~empty]), x=found["x"].to_numpy()[~empty], y=found["y"].to_numpy()[~empty]),
        _rows(EMPTY, positions[empty], [None] * int(empty.sum()), ids=ids, code=_code_at(codes, positions[empty])),
    ])


def _duplicates(geometries, ids, codes, progress):
    found = find_duplicates(geometries, progress)
    if not len(found):
        return _empty()
    a, b = found["index_a"].to_numpy(), found["index_b"].to_numpy()
    return _rows(DUPLICATE, b, geometries[b], other_position=a, ids=ids, code=_code_at(codes, b))


def _overlaps(geometries, ids, settings, progress):
    found = find_overlaps(geometries, settings.min_overlap_area, progress)
    if not len(found):
        return _empty()
    a, b = found["index_a"].to_numpy(), found["index_b"].to_numpy()
    return _rows(OVERLAP, a, found["geometry"].to_numpy(), other_position=b, ids=ids)


def _gaps(geometries, boundary, settings, progress):
    if boundary is None:
        return _empty()
    found = find_gaps(geometries, boundary, settings.min_gap_area, progress=progress)
    if not len(found):
        return _empty()
    return _rows(GAP, [None] * len(found), found["geometry"].to_numpy())


def _slivers(geometries, ids, codes, settings, progress):
    thresholds = SANDIAO_MIN_MAPPING_AREA if settings.use_sandiao_thresholds and codes is not None else None
    width = settings.sliver_min_width or None
    found = find_slivers(geometries, codes, thresholds, settings.sliver_min_area, width, progress=progress)
    if not len(found):
        return _empty()
    positions = found["index"].to_numpy()
    small, narrow = found["area"] < found["threshold"], ~found["width_ok"].astype(bool)
    detail = np.where(small & narrow, SLIVER_BOTH, np.where(small, SLIVER_AREA, SLIVER_WIDTH))
    return _rows(SLIVER, positions, geometries[positions], detail, ids=ids, code=_code_at(codes, positions),
                 threshold=found["threshold"].to_numpy())


def _codes(geometries, ids, codes, settings):
    if codes is None or settings.standard is None:
        return _empty()
    table = landuse.harmonise(codes, settings.standard, settings.tables_dir)
    unknown = ~table["known"].to_numpy()
    missing = table["source_code"].isna().to_numpy()
    # Measured and located with their feature (the geometry is dropped once that is done).
    positions = np.arange(len(geometries))
    return _concat([
        _rows(UNKNOWN_CODE, positions[unknown & ~missing], geometries[unknown & ~missing], ids=ids,
              detail=settings.standard, code=codes[unknown & ~missing]),
        _rows(NULL_CODE, positions[missing], geometries[missing], ids=ids, detail=settings.standard),
    ])


def _ellipsoidal_areas(geometries, crs):
    areas = np.full(len(geometries), np.nan)
    polygonal = np.isin(shapely.get_type_id(geometries), (3, 6, 7)) & ~shapely.is_empty(geometries)
    if polygonal.any():
        areas[polygonal] = polygon_areas(shapely.make_valid(geometries[polygonal]), crs)
    return areas


# -- Excel report ---------------------------------------------------------------------------------

def report_sheets(problems, summary, note):
    """Sheets of the quality report: a summary, then one sheet per check (headers even when empty),
    every title, name and header in the report language (:mod:`core.report`).

    ``problems`` needs a ``message`` column (e.g. :func:`message` of each row).
    """
    from ..report import AREA_HA, AREA_M2, AREA_MU, INTEGER, Column, Sheet
    from ..units import to_hectares

    def with_units(frame):
        return frame.assign(area_ha=to_hectares(frame["area_m2"].astype(float)),
                            area_mu=to_mu(frame["area_m2"].astype(float)))

    def area_columns(summed):
        return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=summed),
                Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=summed),
                Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=summed)]

    summary = with_units(summary).assign(check_name=lambda f: f["check"].map(check_name),
                                         severity=lambda f: f["check"].map(severity_name))
    sheets = [Sheet(pick("汇总", "Summary"), Text("数据质量检查汇总表", "Data quality summary"), [
        Column("layer", "图层", "Layer"), Column("check_name", "检查项", "Check", width=26),
        Column("severity", "严重程度", "Severity"), Column("count", "数量", "Count", INTEGER, summed=True),
        # areas of different checks overlap and differ in kind: only counts are subtotalled
        *area_columns(summed=False)],
        summary, note=note, subtotal_by="layer")]
    detail_columns = [Column("layer", "图层", "Layer"), Column("feature_id", "要素编号", "Feature id"),
                      Column("other_id", "相关要素", "Other feature"), Column("code", "地类代码", "Code"),
                      *area_columns(summed=True), Column("message", "说明", "Message", width=60),
                      Column("x", "X 坐标", "X", "0.000"), Column("y", "Y 坐标", "Y", "0.000"),
                      Column("lon", "经度", "Longitude", "0.0000000"),
                      Column("lat", "纬度", "Latitude", "0.0000000")]
    for check in CHECKS:
        zh, en = CHECK_NAMES[check]
        rows = with_units(problems[problems["check"] == check])
        sheets.append(Sheet(pick(zh, en)[:31], Text(f"{zh}清单", f"{en} list"), detail_columns, rows, note=note,
                            total_label=Text("合计", "Total")))
    return sheets
