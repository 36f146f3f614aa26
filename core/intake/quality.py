"""Data-quality checks of polygon layers: validity, duplicates, overlaps, gaps, slivers.

Plain functions on numpy arrays of shapely geometries, all in one projected CRS (metres).
Each check returns a pandas DataFrame with one row per problem; positions (``index``,
``index_a``/``index_b``) are positions in the input array, so callers map them back to
feature ids. Every function accepts ``progress`` (see :mod:`core.progress`): a callable taking a
fraction that may raise :class:`~core.progress.Cancelled`, which is left to propagate.

Why vectorised: county layers (三调 地类图斑) hold 10⁵–10⁶ polygons and the per-feature
loops of desktop checkers are what users complain about (QGIS #45498: 766 s for 81k
polygons; domain notes §5). Work is done with shapely array functions on whole chunks, and the
only Python loops run over tiles or chunks, never over features.

Invalid inputs are never modified: checks that need valid geometries repair a copy.
"""
import re
from types import MappingProxyType

import numpy as np
import pandas as pd
import shapely

from ..geometry import (MULTIPOLYGON, POLYGON, as_array, in_threads, map_in_threads, polygonal, present,
                        query_in_threads, valid_polygonal)
from ..progress import chunks, report, scaled

_VALID = "Valid Geometry"
EMPTY_GEOMETRY = "empty geometry"
# GEOS reasons end with the location of the problem: "Self-intersection[39500050 3500050]".
_REASON_WITH_LOCATION = r"^(?P<reason>.*?)\s*\[(?P<x>[^\s\]]+)\s+(?P<y>[^\s\]]+)\]\s*$"

#: GEOS's validity reasons (``is_valid_reason`` without its location; GEOS TopologyValidationError)
#: in Chinese, so a Chinese report never quotes GEOS's English (see :func:`reason_text`).
INVALID_REASONS = MappingProxyType({
    "Self-intersection": "自相交",
    "Ring Self-intersection": "环自相交",
    "Too few points in geometry component": "几何部件的点数过少",
    "Too few distinct points in geometry component": "几何部件的不同点数过少",
    "Hole lies outside shell": "内环位于外环之外",
    "Holes are nested": "内环相互嵌套",
    "Interior is disconnected": "面的内部不连通",
    "Nested shells": "外环相互嵌套",
    "Duplicate Rings": "环重复",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "环未闭合",
    "Repeated Point": "点重复",
    "Topology Validation Error": "拓扑错误",
    EMPTY_GEOMETRY: "空几何",
})

SANDIAO_MIN_MAPPING_AREA = MappingProxyType({
    # level-1 classes of the 三调 工作分类 (by code prefix)
    "01": 400.0,  # 耕地
    "02": 400.0,  # 种植园用地
    "03": 400.0,  # 林地
    "04": 400.0,  # 草地
    "05": 200.0,  # 商业服务业用地 (建设类)
    "06": 200.0,  # 工矿用地 (建设类)
    "07": 200.0,  # 住宅用地 (建设类)
    "08": 200.0,  # 公共管理与公共服务用地 (建设类)
    "09": 200.0,  # 特殊用地 (建设类)
    "10": 200.0,  # 交通运输用地 (建设类)
    "11": 600.0,  # 水域及水利设施用地 (河湖, 滩涂)
    "12": 600.0,  # 其他土地 (未利用地)
    # level-2 exceptions named by the same source; the longest matching prefix wins
    "0404": 600.0,  # 其他草地
    "1006": 400.0,  # 农村道路
    "1104": 400.0,  # 坑塘水面
    "1107": 400.0,  # 沟渠
    "1109": 200.0,  # 水工建筑用地 (建设类)
    "1202": 400.0,  # 设施农用地
})
"""三调 零星地物 minimum mapping areas (上图面积, m²) by 三调 code prefix.

Domain notes §0 and §3.4: 200 m² for 建设类, 400 m² for 耕地/园地/林地/草地, 农村道路,
设施农用地, 坑塘 and 沟渠, 600 m² for 其他草地, 河湖, 滩涂 and 未利用地 (苍穹数码 三调 software
configuration, a vendor source rather than the 技术规程 itself). Keys are code prefixes: the
longest prefix of a code that is a key gives its threshold. No national minimum exists for
差异图斑, so this is a default, not a rule: pass ``{**SANDIAO_MIN_MAPPING_AREA, "0404": 500}``
or any other dict to :func:`find_slivers` to configure it (举证图斑 use 400/800/1200 m²).
"""


# --------------------------------------------------------------------------- helpers

_array = as_array
_present = present
_polygonal = polygonal
_valid_polygonal = valid_polygonal


def _pairs_frame(a, b, **columns):
    frame = pd.DataFrame({"index_a": np.asarray(a, dtype=np.int64),
                          "index_b": np.asarray(b, dtype=np.int64), **columns})
    return frame.sort_values(["index_a", "index_b"], ignore_index=True)


# --------------------------------------------------------------------------- checks

def repair_geometries(geoms, progress=None):
    """Valid copies of the geometries, keeping only polygonal parts.

    Returns ``(repaired, changed_mask)``. Valid polygons are returned as the same objects;
    invalid ones go through ``shapely.make_valid`` (the "linework" method, as QGIS's Fix
    geometries) and lose the lines/points it may leave where a ring crossed itself. Nulls stay
    null and are not counted as changed. The input array is not modified.
    """
    geoms = _array(geoms)
    report(progress, 0.0)
    types = shapely.get_type_id(geoms)
    not_polygonal = (types != POLYGON) & (types != MULTIPOLYGON)
    changed = _present(geoms) & (~shapely.is_valid(geoms) | not_polygonal)
    repaired = _valid_polygonal(geoms)
    report(progress, 1.0)
    return repaired, changed


def find_invalid(geoms, progress=None, chunk_size=50_000):
    """Invalid, null and empty geometries: columns ``index, reason, x, y``.

    ``reason`` is GEOS's explanation without its location (e.g. ``"Self-intersection"``),
    ``x, y`` the location GEOS gives, or a representative point when it gives none.
    Null or empty geometries are their own problem: ``reason = "empty geometry"``, no location.
    """
    geoms = _array(geoms)
    reasons = np.empty(len(geoms), dtype=object)
    spans = chunks(len(geoms), chunk_size)
    for done, (start, stop) in enumerate(spans):
        reasons[start:stop] = shapely.is_valid_reason(geoms[start:stop])
        report(progress, (done + 1) / len(spans))
    missing = ~_present(geoms)
    reasons[missing] = EMPTY_GEOMETRY
    rows = np.flatnonzero(reasons != _VALID)
    parsed = pd.Series(reasons[rows], dtype=object).str.extract(_REASON_WITH_LOCATION)
    frame = pd.DataFrame({
        "index": rows.astype(np.int64),
        "reason": np.where(parsed["reason"].isna(), reasons[rows], parsed["reason"]).astype(object),
        "x": pd.to_numeric(parsed["x"], errors="coerce").to_numpy(dtype=float),
        "y": pd.to_numeric(parsed["y"], errors="coerce").to_numpy(dtype=float),
    })
    unlocated = np.isnan(frame["x"].to_numpy()) & ~missing[rows]
    if unlocated.any():
        points = _representative_points(geoms[rows[unlocated]])
        frame.loc[unlocated, "x"] = shapely.get_x(points)
        frame.loc[unlocated, "y"] = shapely.get_y(points)
    return frame


def reason_text(reason):
    """A GEOS validity reason (with or without its ``[x y]`` location) in both languages, as a
    :class:`core.report.Text`: ``Text("自相交", "Self-intersection")``. A reason GEOS may add in a
    later version keeps its English wording in both (quoted as GEOS's own words)."""
    from ..report import Text

    text = "" if reason is None else re.sub(_REASON_WITH_LOCATION, r"\g<reason>", str(reason)).strip()
    zh = INVALID_REASONS.get(text)
    if zh is None:
        zh = next((value for key, value in INVALID_REASONS.items() if key.lower() == text.lower()), None)
    return Text(zh or f"GEOS：{text}", text)


def _representative_points(geoms):
    """point_on_surface, falling back to the envelope centre where GEOS refuses the geometry."""
    try:
        return shapely.point_on_surface(geoms)
    except shapely.errors.GEOSException:
        # Few rows (invalid geometries without a GEOS location); a loop over them is fine.
        return np.array([_safe_point(g) for g in geoms], dtype=object)


def _safe_point(geometry):
    try:
        return shapely.point_on_surface(geometry)
    except shapely.errors.GEOSException:
        return shapely.centroid(shapely.envelope(geometry))


def find_duplicates(geoms, progress=None):
    """Pairs ``index_a < index_b`` of equal geometries (same point set): columns ``index_a, index_b``.

    Equal point sets have exactly equal bounds, so only geometries sharing their four bounds are
    compared; in a real layer that is almost only the duplicates themselves, which keeps this
    linear. Pairs with identical normalized WKB (same vertices in any start/orientation) need no
    topology; the rest are confirmed with ``shapely.equals`` (which also catches extra collinear
    vertices) on valid copies. Null and empty geometries are not compared.
    """
    geoms = _array(geoms)
    positions = np.flatnonzero(_present(geoms))
    bounds = pd.DataFrame(shapely.bounds(geoms[positions]), columns=["x0", "y0", "x1", "y1"])
    bounds["position"] = positions
    shared = bounds[bounds.duplicated(["x0", "y0", "x1", "y1"], keep=False)]
    report(progress, 0.3)
    pairs = shared.merge(shared, on=["x0", "y0", "x1", "y1"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["position_a"] < pairs["position_b"]]
    a, b = pairs["position_a"].to_numpy(), pairs["position_b"].to_numpy()
    same = shapely.to_wkb(shapely.normalize(geoms[a])) == shapely.to_wkb(shapely.normalize(geoms[b]))
    report(progress, 0.6)
    if (~same).any():
        valid_a, valid_b = _valid_polygonal(geoms[a[~same]]), _valid_polygonal(geoms[b[~same]])
        same[~same] = shapely.equals(valid_a, valid_b)
    report(progress, 1.0)
    return _pairs_frame(a[same], b[same])


def find_overlaps(geoms, min_area=0.0, progress=None, chunk_size=100_000):
    """Pairs ``index_a < index_b`` whose interiors overlap by more than ``min_area`` m².

    Columns ``index_a, index_b, area, geometry`` (the polygonal intersection). One bulk STRtree
    query gives every pair whose bounding boxes meet; neighbours in a coverage merely touch, so
    a DE-9IM test of the interiors (``relate_pattern "2********"``, cheaper than an overlay)
    keeps the few real overlaps before the intersection is computed. No ``intersects``
    predicate first: on a coverage nearly every box pair does intersect, so it would cost a
    third more and exclude almost nothing. Both run on all cores (shapely releases the GIL).
    Invalid geometries are made valid on a copy first, as GEOS overlays refuse them.
    """
    geoms = _valid_polygonal(geoms)
    present = _present(geoms)
    tree = shapely.STRtree(np.where(present, geoms, None))
    a, b = query_in_threads(tree, np.where(present, geoms, None))
    a, b = a[a < b], b[a < b]
    report(progress, 0.1)
    keep = np.zeros(len(a), dtype=bool)
    spans = chunks(len(a), chunk_size)
    for done, (start, stop) in enumerate(spans):
        keep[start:stop] = in_threads(_interiors_meet, geoms[a[start:stop]], geoms[b[start:stop]])
        report(progress, 0.1 + 0.8 * (done + 1) / len(spans))
    a, b = a[keep], b[keep]
    overlap = _polygonal(shapely.intersection(geoms[a], geoms[b]))
    area = shapely.area(overlap)
    big = area > min_area
    report(progress, 1.0)
    return _pairs_frame(a[big], b[big], area=area[big], geometry=overlap[big])


def _interiors_meet(first, second):
    """Whether the interiors of each pair meet (DE-9IM ``2********``).

    GEOS 3.11's relate can throw "side location conflict" on valid polygons whose edges nearly
    coincide (seen on a real blueprint); those pairs are decided one by one by the area of their
    intersection, which the snapping overlay computes robustly."""
    try:
        return shapely.relate_pattern(first, second, "2********")
    except shapely.errors.GEOSException:
        return np.array([_interiors_meet_one(a, b) for a, b in zip(first, second)], dtype=bool)


def _interiors_meet_one(first, second):
    try:
        return bool(shapely.relate_pattern(first, second, "2********"))
    except shapely.errors.GEOSException:
        try:
            return bool(shapely.area(shapely.intersection(first, second)) > 0)
        except shapely.errors.GEOSException:
            return bool(shapely.area(shapely.intersection(first, second, grid_size=1e-6)) > 0)


def find_gaps(geoms, boundary=None, min_area=0.0, tile_size=None, progress=None):
    """Areas not covered by any geometry: columns ``geometry, area`` (largest first).

    With ``boundary`` (a (Multi)Polygon, e.g. the county), the parts of it covered by no
    geometry; without, the holes of the union (areas enclosed by the geometries).

    Why tiles: ``shapely.coverage_union_all`` would be fastest but assumes a clean coverage
    (edges shared exactly, no overlaps) and silently returns garbage otherwise, which is exactly
    the data a quality check is run on; one ``union_all`` of a whole county is correct but
    builds one huge polygon in memory and cannot report progress or be cancelled. So the
    extent is cut into square tiles (about 2,000 polygons each unless ``tile_size`` in metres
    is given); per tile, the polygons found through one bulk STRtree query are unioned with
    ``union_all`` together with the tile's part outside the boundary, and the gaps are
    tile ∖ union. Polygons are clipped to the tile *grown by a margin*: clipping creates rounded
    vertices, which would leave 1e-9 m² slivers along the tile's edges if they lay on them;
    outside the tile they do no harm. Gap pieces are cut at tile edges, so the pieces touching
    an edge are unioned again (their shared edges are the same tile edges, so they merge
    exactly) and exploded.

    A clean coverage gives no gaps. Where polygons overlap, their crossing points are rounded
    to doubles and GEOS's floating-point union can leave slivers of ~1e-8 m² next to the
    overlap (QGIS's dissolve does the same); a ``min_area`` such as 1e-5 亩 (0.0067 m²) drops
    that noise.
    """
    geoms = _valid_polygonal(geoms)
    geoms = geoms[_present(geoms)]
    if boundary is None and len(geoms) == 0:
        return _gaps_frame(np.empty(0, dtype=object))
    if boundary is None:
        region = _frame_around(geoms)
    else:
        region = _valid_polygonal([boundary])[0]
        if region is None or region.is_empty:
            return _gaps_frame(np.empty(0, dtype=object))
    tiles = _tile_grid(region, len(geoms), tile_size)
    report(progress, 0.05)
    pieces = _tile_gaps(geoms, region, tiles, scaled(progress, 0.05, 0.9))
    gaps = _merge_across_tiles(pieces, tiles)
    if boundary is None:
        # The frame is wider than the data, so the outside is one piece touching the frame.
        gaps = gaps[~shapely.intersects(gaps, region.exterior)]
    gaps = gaps[shapely.area(gaps) > min_area]
    report(progress, 1.0)
    return _gaps_frame(gaps)


def _gaps_frame(gaps):
    area = shapely.area(gaps) if len(gaps) else np.empty(0)
    frame = pd.DataFrame({"geometry": np.asarray(gaps, dtype=object), "area": np.asarray(area, dtype=float)})
    return frame.sort_values("area", ascending=False, kind="stable", ignore_index=True)


def _frame_around(geoms):
    """A box around the data with a margin, so the outside forms one ring-shaped piece."""
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    margin = 0.01 * max(x1 - x0, y1 - y0) + 1.0
    return shapely.box(x0 - margin, y0 - margin, x1 + margin, y1 + margin)


def _tile_grid(region, count, tile_size=None, per_tile=2_000):
    """Square tiles covering ``region``'s bounds (only those touching it), as box polygons."""
    x0, y0, x1, y1 = shapely.bounds(region)
    width, height = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    if tile_size is None:
        tile_size = np.sqrt(width * height * per_tile / max(count, 1))
    nx, ny = int(np.ceil(width / tile_size)), int(np.ceil(height / tile_size))
    # Edges from one array, so neighbouring tiles share bit-identical edge coordinates.
    xs, ys = x0 + tile_size * np.arange(nx + 1), y0 + tile_size * np.arange(ny + 1)
    ix, iy = np.meshgrid(np.arange(nx), np.arange(ny))
    ix, iy = ix.ravel(), iy.ravel()
    tiles = shapely.box(xs[ix], ys[iy], xs[ix + 1], ys[iy + 1])
    return tiles[shapely.intersects(tiles, region)]


def _tile_gaps(geoms, region, tiles, progress):
    """Per tile: tile ∖ (union of the nearby polygons and of everything outside ``region``).

    Only the tile's own box is differenced: the union reaches beyond it, so the result's edges
    are original polygon or boundary edges (GEOS's floating overlay can return wrong slivers
    when it must compare near-coincident edges with different vertices, as two separately
    clipped copies of one edge would be).
    """
    size = shapely.bounds(tiles[:1])[0, 2] - shapely.bounds(tiles[:1])[0, 0]
    grown = shapely.buffer(tiles, 0.01 * size, join_style="mitre")
    tile_of, member = shapely.STRtree(geoms).query(grown, predicate="intersects")
    pieces = _clip_to_tiles(geoms[member], grown[tile_of])
    order = np.argsort(tile_of, kind="stable")
    starts = np.searchsorted(tile_of[order], np.arange(len(tiles) + 1))
    outside = shapely.difference(grown, region)

    def gap(k):
        covered = shapely.union_all(np.append(pieces[order[starts[k]:starts[k + 1]]], outside[k]))
        return shapely.difference(tiles[k], covered)

    # A loop over tiles (~100 for a county), not over features, on all cores.
    return _polygonal(as_array(map_in_threads(gap, range(len(tiles)), progress)))


def _clip_to_tiles(pieces, boxes):
    """Polygons cut to their (grown) tile; those already inside are left as they are."""
    pb, tb = shapely.bounds(pieces), shapely.bounds(boxes)
    inside = (pb[:, 0] >= tb[:, 0]) & (pb[:, 1] >= tb[:, 1]) & (pb[:, 2] <= tb[:, 2]) & (pb[:, 3] <= tb[:, 3])
    pieces = pieces.copy()
    pieces[~inside] = shapely.intersection(pieces[~inside], boxes[~inside])
    return pieces


def _merge_across_tiles(tile_gaps, tiles):
    """Single-part gaps, with the pieces cut by tile edges joined again."""
    parts, tile = shapely.get_parts(tile_gaps, return_index=True)
    keep = ~shapely.is_empty(parts)
    parts, tile = parts[keep], tile[keep]
    # Only pieces reaching their tile's edge can continue in the next tile; the others are whole.
    pb, tb = shapely.bounds(parts), shapely.bounds(tiles[tile])
    on_edge = (pb[:, 0] <= tb[:, 0]) | (pb[:, 1] <= tb[:, 1]) | (pb[:, 2] >= tb[:, 2]) | (pb[:, 3] >= tb[:, 3])
    if not on_edge.any():
        return parts
    joined = shapely.get_parts(shapely.union_all(parts[on_edge]))
    return np.concatenate([parts[~on_edge], joined])


# --------------------------------------------------------------------------- slivers

def find_slivers(geoms, codes=None, min_area_by_code=None, default_min_area=400.0, min_width=2.0,
                 crs=None, progress=None, chunk_size=50_000):
    """Polygons below the minimum mapping area of their class, or narrower than ``min_width``.

    Columns ``index, code, area, width_ok, threshold, reason``. ``codes`` (one per geometry,
    strings such as 三调 DLBM ``"0101"``) select the threshold in ``min_area_by_code`` by
    longest matching prefix (e.g. :data:`SANDIAO_MIN_MAPPING_AREA`); other codes, or no codes,
    use ``default_min_area`` (m²). A polygon is too narrow when the negative buffer by
    ``min_width / 2`` is empty, i.e. no disc of that width fits inside it (三调 removes linear
    features narrower than 2 m); ``min_width=None`` or 0 skips that test.

    Areas are planimetric (the projected plane); pass ``crs`` to measure them with
    :func:`core.areas.polygon_areas` on the ellipsoid as 三调 tables do (the difference is far
    below these thresholds, so the plane is the fast default). Null/empty geometries are left
    to :func:`find_invalid`.
    """
    geoms = _valid_polygonal(geoms)
    codes = np.full(len(geoms), None, dtype=object) if codes is None else np.asarray(codes, dtype=object)
    if len(codes) != len(geoms):
        raise ValueError(f"{len(codes)} codes for {len(geoms)} geometries")
    threshold = _thresholds(codes, min_area_by_code, default_min_area)
    area = _areas(geoms, crs)
    report(progress, 0.1)
    width_ok = _width_ok(geoms, min_width, scaled(progress, 0.1, 1.0), chunk_size)
    present = _present(geoms)
    small, narrow = present & (area < threshold), present & ~width_ok
    rows = np.flatnonzero(small | narrow)
    reason = np.where(small[rows] & narrow[rows], "area < threshold; width < min_width",
                      np.where(small[rows], "area < threshold", "width < min_width"))
    report(progress, 1.0)
    return pd.DataFrame({"index": rows.astype(np.int64), "code": codes[rows], "area": area[rows],
                         "width_ok": width_ok[rows], "threshold": threshold[rows], "reason": reason})


def _areas(geoms, crs):
    if crs is None:
        return shapely.area(geoms)
    from ..areas import polygon_areas  # pyproj is only needed for the ellipsoidal option

    return polygon_areas(geoms, crs)


def _thresholds(codes, min_area_by_code, default):
    """Threshold per geometry: longest key of ``min_area_by_code`` prefixing its code."""
    thresholds = np.full(len(codes), float(default))
    if not min_area_by_code:
        return thresholds
    labels, uniques = pd.factorize(pd.Series(codes, dtype=object))
    keys = sorted(min_area_by_code, key=lambda key: len(str(key)), reverse=True)
    # A loop over the distinct codes (dozens), not over polygons.
    per_code = np.array([_lookup(str(code), keys, min_area_by_code, default) for code in uniques], dtype=float)
    known = labels >= 0
    thresholds[known] = per_code[labels[known]]
    return thresholds


def _lookup(code, keys, table, default):
    for key in keys:
        if code.startswith(str(key)):
            return float(table[key])
    return float(default)


def _width_ok(geoms, min_width, progress, chunk_size):
    ok = np.ones(len(geoms), dtype=bool)
    if not min_width:
        return ok
    spans = chunks(len(geoms), chunk_size)
    for done, (start, stop) in enumerate(spans):
        # quad_segs=2: only emptiness matters, and coarse arcs make the buffer several times faster.
        core = shapely.buffer(geoms[start:stop], -min_width / 2.0, quad_segs=2)
        ok[start:stop] = ~shapely.is_empty(core) | shapely.is_missing(geoms[start:stop])
        report(progress, (done + 1) / len(spans))
    return ok


def merge_slivers(geoms, sliver_indices, progress=None):
    """Union each sliver into the neighbour with which it shares the longest edge.

    Returns ``(new_geoms, mapping)``. ``new_geoms`` has the input's length, so positions still
    match the attribute table: a merged sliver's entry becomes ``None`` and its target holds the
    union (several slivers may join one target). ``mapping`` has one row per sliver: columns
    ``sliver_index, target_index`` (nullable ``Int64``, ``<NA>`` when not merged),
    ``shared_length`` (m) and ``merged``. Only non-sliver polygons are targets (as ArcGIS
    Eliminate does), so a sliver touching nothing else, or only other slivers or a single point,
    stays as it is and is reported with ``merged = False``. The input is not modified.
    """
    geoms = _array(geoms)
    slivers = np.unique(np.asarray(sliver_indices, dtype=np.int64))
    valid = _valid_polygonal(geoms)
    best = _best_neighbours(valid, slivers)
    report(progress, 0.5)
    new = geoms.copy()
    targets, slot = np.unique(best["target"].to_numpy(), return_inverse=True)
    merged = valid[targets].copy()
    rank = best.groupby("target").cumcount().to_numpy()
    # Round k adds every target's k-th sliver: vectorised unions, as many rounds as the most
    # slivers any one target receives (usually one or two).
    for k in range(int(rank.max()) + 1 if len(rank) else 0):
        now = rank == k
        merged[slot[now]] = shapely.union(merged[slot[now]], valid[best["sliver"].to_numpy()[now]])
    new[targets] = merged
    new[best["sliver"].to_numpy()] = None
    report(progress, 1.0)
    mapping = pd.DataFrame({"sliver_index": slivers})
    mapping = mapping.merge(best.rename(columns={"sliver": "sliver_index", "target": "target_index"}),
                            on="sliver_index", how="left")
    mapping["target_index"] = mapping["target_index"].astype("Int64")
    mapping["shared_length"] = mapping["shared_length"].fillna(0.0)
    mapping["merged"] = mapping["target_index"].notna().to_numpy()
    return new, mapping


def _best_neighbours(valid, slivers):
    """For each sliver, the non-sliver neighbour sharing the longest boundary (ties: lowest index)."""
    candidates = valid.copy()
    candidates[slivers] = None  # slivers are not targets; STRtree skips None
    sliver_at, target = shapely.STRtree(candidates).query(valid[slivers], predicate="intersects")
    sliver = slivers[sliver_at]
    shared = shapely.length(shapely.intersection(shapely.boundary(valid[sliver]), shapely.boundary(valid[target])))
    frame = pd.DataFrame({"sliver": sliver, "target": target, "shared_length": shared})
    frame = frame[frame["shared_length"] > 0]
    frame = frame.sort_values(["sliver", "shared_length", "target"], ascending=[True, False, True])
    return frame.drop_duplicates("sliver").sort_values(["target", "sliver"], ignore_index=True)
