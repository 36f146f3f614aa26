"""项目辅助选址: candidate sites for a project, cut by the hard constraints and ranked by weighted
soft factors, each score with the reason it was given.

1. **Candidates** are polygons: given parcels, free land (unused parcels of a land-use survey,
   touching ones merged by :func:`merge_touching`) or patches of a suitability raster above a
   threshold (:func:`raster_patches`).
2. **Hard constraints** (:func:`cut_candidates`), applied in order: the parts inside the
   ecological red line (生态保护红线), permanent basic farmland (永久基本农田) and the river and
   road buffers (:func:`exclusion_areas`) are removed; for urban construction the candidate is
   clipped to the urban development boundary (城镇开发边界). What is left of a candidate may
   fall apart into pieces: each contiguous piece is a site of its own (``split``), since a
   project needs one piece of ground. A site whose ellipsoidal area is outside the required
   range is dropped; every drop is counted with its reason.
3. **Soft factors** per site, each normalised to 0–100 (100 = best) by :class:`core.control_lines.site_ranking.ScoringRules`:

   ============  =====================================  ===============================================
   suitability   mean of the suitability raster         linear between the raster's min and max (or
                 over the site (:func:`zonal_means`)    given bounds); reversed when lower is better
   road          nearest distance to a road (m)         100 × (1 − d / road limit), 0 beyond the limit
   town          nearest distance to a town (m)         100 × (1 − d / town limit), 0 beyond
   slope         mean slope of the DEM (°, Horn)        100 × (1 − slope / slope limit), 0 beyond
   compactness   4πA / P² (1 = circle, 0.785 square)    100 × compactness
   ============  =====================================  ===============================================

   The total is the weighted sum of the scores with weights normalised to sum 1 over the
   factors that can be computed; a weighted factor without a value for a site (nodata) scores 0
   there. Sites are ranked by total, then area (larger first), then id, each score with its
   reason: weights, scores, ranking and the workbook are :mod:`core.control_lines.site_ranking`.

Distances and compactness are measured in the (projected) working CRS; areas are ellipsoidal on
CGCS2000 (:func:`core.areas.polygon_areas`). Nothing here imports QGIS; rasters are read with
GDAL block by block (:mod:`core.suitability.raster_blocks`).
"""
import math
import uuid
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyproj
import shapely
from osgeo import gdal, ogr

from ..areas import polygon_areas
from ..crs import as_pyproj_crs, reproject_geometries
from ..geometry import as_array, polygonal, present, valid_polygonal
from ..progress import report, scaled
from ..suitability.raster_blocks import (Grid, RasterInput, RasterOutput, _gdal_errors, open_raster, raster_min_max,
                                         remove_vsimem, run_blocks)
from ..suitability.rasterise import rasterise
from ..suitability.terrain import horn_slope
from ..units import SQUARE_METRES_PER_MU
from ..wording import Term

# --------------------------------------------------------------------------- names

SUITABILITY, ROAD, TOWN, SLOPE, COMPACTNESS = "suitability", "road", "town", "slope", "compactness"
FACTORS = (SUITABILITY, ROAD, TOWN, SLOPE, COMPACTNESS)
FACTOR_NAMES = {SUITABILITY: ("适宜性", "suitability"), ROAD: ("距道路", "road"), TOWN: ("距城镇", "town"),
                SLOPE: ("坡度", "slope"), COMPACTNESS: ("紧凑度", "compactness")}
#: Output field stems (value; score = stem + "_DF").
FACTOR_FIELDS = {SUITABILITY: "SYX", ROAD: "DLJL", TOWN: "CZJL", SLOPE: "PD", COMPACTNESS: "JCD"}

REDLINE, FARMLAND, RIVER, ROAD_BUFFER, BOUNDARY = "redline", "farmland", "river", "road_buffer", "boundary"
NO_GEOMETRY, TOO_SMALL, TOO_LARGE = "no_geometry", "too_small", "too_large"
#: Why a candidate (or, for the area range, a piece) was dropped: (中文, English).
DROP_NAMES = {
    NO_GEOMETRY: ("无几何图形", "no geometry"),
    REDLINE: ("全部位于生态保护红线内", "wholly inside the ecological red line"),
    FARMLAND: ("全部位于永久基本农田内", "wholly on permanent basic farmland"),
    RIVER: ("全部位于河流缓冲区内", "wholly inside the river buffer"),
    ROAD_BUFFER: ("全部位于道路缓冲区内", "wholly inside the road buffer"),
    BOUNDARY: ("全部位于城镇开发边界外", "wholly outside the urban development boundary"),
    TOO_SMALL: ("可用面积小于下限", "usable area below the minimum"),
    TOO_LARGE: ("可用面积大于上限", "usable area above the maximum"),
}
#: What a constraint removes from the candidates, for the log and the notes: (中文, English).
CONSTRAINT_NAMES = {REDLINE: ("生态保护红线", "ecological red line"), FARMLAND: ("永久基本农田", "permanent basic farmland"),
                    RIVER: ("河流缓冲区", "river buffer"), ROAD_BUFFER: ("道路缓冲区", "road buffer"),
                    BOUNDARY: ("城镇开发边界外", "outside the urban development boundary")}


def term(names):
    """A (中文, English) pair of :data:`FACTOR_NAMES`, :data:`DROP_NAMES` or :data:`CONSTRAINT_NAMES`
    as a :class:`core.wording.Term` (written in the report language)."""
    return Term(*names)


#: m²: pieces this small are floating-point crumbs of the overlay, not ground (1e-5 亩, the
#: tolerance the other MultiPlan tools use); they are neither sites nor counted as dropped.
SLIVER_M2 = 1e-5 * SQUARE_METRES_PER_MU


# --------------------------------------------------------------------------- candidates

def merge_touching(geometries):
    """Touching or overlapping polygons merged into contiguous patches.

    Returns ``(patches, members)``: the patches and, per patch, the positions of the input
    polygons in it (by each polygon's point on surface). Missing geometries are skipped.
    """
    geometries = valid_polygonal(as_array(geometries))
    keep = np.flatnonzero(present(geometries))
    if not len(keep):
        return np.empty(0, dtype=object), []
    patches = shapely.get_parts(shapely.union_all(geometries[keep]))
    patches = patches[shapely.get_type_id(patches) == 3]
    points = shapely.point_on_surface(geometries[keep])
    found_point, found_patch = shapely.STRtree(patches).query(points, predicate="intersects")
    members = [[] for _ in patches]
    seen = set()
    for point, patch in zip(found_point, found_patch):
        if point not in seen:  # a point on a shared edge belongs to one patch
            seen.add(point)
            members[patch].append(int(keep[point]))
    return patches, members


def raster_patches(raster, threshold, higher_is_better=True, band=1, progress=None):
    """Contiguous patches (4-connected cells) of a raster at or above ``threshold`` (at or below
    it when lower values are better) as shapely polygons in the raster's CRS; returns
    ``(polygons, crs_wkt, cells)`` with the number of qualifying cells."""
    mask_path = f"/vsimem/multiplan_siting_mask_{uuid.uuid4().hex}.tif"
    counted = [0]

    def qualify(arrays, window):
        values = arrays["raster"]
        with np.errstate(invalid="ignore"):
            good = values >= threshold if higher_is_better else values <= threshold
        good &= ~np.isnan(values)
        counted[0] += int(good.sum())
        return {"mask": good.astype(np.uint8)}

    try:
        run = run_blocks({"raster": RasterInput(str(raster), band, "near", "float64")}, qualify,
                         {"mask": RasterOutput(mask_path, "uint8", 0)}, scaled(progress, 0.0, 0.6))
        with _gdal_errors():
            dataset = gdal.Open(mask_path)
            mask = dataset.GetRasterBand(1)
            source = ogr.GetDriverByName("Memory").CreateDataSource("patches")
            layer = source.CreateLayer("patches", dataset.GetSpatialRef(), ogr.wkbPolygon)
            layer.CreateField(ogr.FieldDefn("value", ogr.OFTInteger))
            if gdal.Polygonize(mask, mask.GetMaskBand(), layer, 0, []) != 0:
                raise ValueError(f"cannot polygonise {raster}: {gdal.GetLastErrorMsg()}")
            wkbs = [bytes(feature.GetGeometryRef().ExportToWkb()) for feature in layer]
            del layer, source, mask, dataset
    finally:
        remove_vsimem(mask_path)
    report(progress, 1.0)
    polygons = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.empty(0, dtype=object)
    return polygons, run.grid.crs_wkt, counted[0]


# --------------------------------------------------------------------------- hard constraints

@dataclass
class Constraint:
    """Polygons a site may not use (``keep_inside`` False) or must lie in (True)."""

    key: str  # one of CONSTRAINT_NAMES
    geometries: np.ndarray
    keep_inside: bool = False


def exclusion_areas(geometries, distance=0.0):
    """The ground a layer excludes: its features buffered by ``distance`` (m, working CRS);
    with distance 0 only polygons exclude anything (a line has no area)."""
    geometries = as_array(geometries)
    geometries = geometries[present(geometries)] if len(geometries) else geometries
    if distance and distance > 0:
        out = shapely.buffer(geometries, distance, quad_segs=16)
    else:
        out = valid_polygonal(geometries)
    out = out[present(out)] if len(out) else out
    return out


@dataclass
class SiteCut:
    """The usable sites left of the candidates, and what was dropped."""

    geometries: np.ndarray  # one per site (polygon; multipolygon only when split is off)
    candidate: np.ndarray  # position of the candidate each site comes from
    part: np.ndarray  # 1.. by area within the candidate (0 when the candidate is one piece)
    area_m2: np.ndarray  # ellipsoidal
    candidate_area_m2: np.ndarray  # per candidate, before the constraints (NaN: no geometry)
    removed_m2: dict  # constraint key: ellipsoidal m² it removed (after the earlier ones)
    drops: pd.DataFrame  # reason, name_zh, name_en, unit, unit_en, count, area_m2
    dropped_reason: np.ndarray = field(default=None)  # per candidate: reason when nothing was kept, else None


def cut_candidates(candidates, crs, constraints, min_area_m2=0.0, max_area_m2=None, split=True, progress=None):
    """Apply the hard constraints in order, split into contiguous pieces, keep the area range.

    ``candidates``: shapely polygons in the projected working CRS ``crs`` (invalid ones are
    repaired on a copy); ``constraints``: :class:`Constraint` list in that CRS; areas in m²
    (ellipsoidal), ``max_area_m2`` None or 0 = no maximum.
    """
    geoms = valid_polygonal(as_array(candidates))
    count = len(geoms)
    alive = present(geoms)
    reason = np.full(count, None, dtype=object)
    reason[~alive] = NO_GEOMETRY
    original = np.full(count, np.nan)
    if alive.any():
        original[alive] = polygon_areas(geoms[alive], crs)
    current = geoms.copy()
    areas = original.copy()
    removed = {}
    drops = {NO_GEOMETRY: [int((~alive).sum()), 0.0]}
    for number, constraint in enumerate(constraints):
        positions = np.flatnonzero(alive)
        if len(positions) and len(constraint.geometries):
            cut = _clip(current[positions], constraint.geometries) if constraint.keep_inside else \
                _subtract(current[positions], constraint.geometries)
            current[positions] = cut
            after = np.zeros(len(positions))
            has = present(cut)
            if has.any():
                after[has] = polygon_areas(cut[has], crs)
            removed[constraint.key] = removed.get(constraint.key, 0.0) + float(np.sum(areas[positions] - after))
            areas[positions] = after
            emptied = positions[after <= SLIVER_M2]
            reason[emptied] = constraint.key
            alive[emptied] = False
            drops[constraint.key] = [len(emptied), float(np.nansum(original[emptied]))]
        else:
            removed.setdefault(constraint.key, 0.0)
            drops.setdefault(constraint.key, [0, 0.0])
        report(progress, 0.8 * (number + 1) / max(len(constraints), 1))
    positions = np.flatnonzero(alive)
    if split:
        pieces, owner = shapely.get_parts(current[positions], return_index=True)
        owner = positions[owner]
    else:
        pieces, owner = current[positions], positions
    piece_areas = polygon_areas(pieces, crs) if len(pieces) else np.zeros(0)
    real = piece_areas > SLIVER_M2
    pieces, owner, piece_areas = pieces[real], owner[real], piece_areas[real]
    part = _part_numbers(owner, piece_areas) if split else np.zeros(len(pieces), dtype=int)
    small = piece_areas < (min_area_m2 or 0.0)
    large = piece_areas > max_area_m2 if max_area_m2 else np.zeros(len(pieces), dtype=bool)
    drops[TOO_SMALL] = [int(small.sum()), float(piece_areas[small].sum())]
    drops[TOO_LARGE] = [int(large.sum()), float(piece_areas[large].sum())]
    keep = ~small & ~large
    kept_owner = set(owner[keep].tolist())
    for position in positions:
        if position not in kept_owner:
            mine = owner == position
            reason[position] = TOO_LARGE if (mine & large).any() and not (mine & small).any() else TOO_SMALL
    report(progress, 1.0)
    return SiteCut(pieces[keep], owner[keep], part[keep], piece_areas[keep], original, removed,
                   _drop_table(drops, split), reason)


def _part_numbers(owner, areas):
    """1, 2, … by area (largest first) within each candidate; 0 for a candidate of one piece."""
    part = np.zeros(len(owner), dtype=int)
    order = np.lexsort((-areas, owner))
    previous, number = None, 0
    for k in order:
        number = number + 1 if owner[k] == previous else 1
        previous = owner[k]
        part[k] = number
    singles = np.bincount(owner, minlength=int(owner.max()) + 1)[owner] == 1 if len(owner) else np.zeros(0, bool)
    part[singles] = 0
    return part


def _drop_table(drops, split):
    rows = []
    for key, (count, area) in drops.items():
        if key == NO_GEOMETRY and not count:
            continue
        pieces = split and key in (TOO_SMALL, TOO_LARGE)
        unit_zh, unit_en = ("地块", "pieces") if pieces else ("候选地块", "candidates")
        rows.append({"reason": key, "name_zh": DROP_NAMES[key][0], "name_en": DROP_NAMES[key][1],
                     "unit": Term(unit_zh, unit_en), "unit_en": unit_en, "count": int(count), "area_m2": float(area)})
    return pd.DataFrame(rows, columns=["reason", "name_zh", "name_en", "unit", "unit_en", "count", "area_m2"])


def _pairs(geoms, others):
    """(geometry position, other position) pairs whose interiors may meet."""
    tree = shapely.STRtree(others)
    return tree.query(geoms, predicate="intersects")


def _grouped_unions(geoms, others, predicate_pairs):
    """Per geometry the union of the others it meets (None when none)."""
    own, other = predicate_pairs
    unions = np.full(len(geoms), None, dtype=object)
    if not len(own):
        return unions
    order = np.argsort(own, kind="stable")
    own, other = own[order], other[order]
    starts = np.flatnonzero(np.r_[True, own[1:] != own[:-1]])
    stops = np.r_[starts[1:], len(own)]
    for start, stop in zip(starts, stops):
        unions[own[start]] = shapely.union_all(others[other[start:stop]])
    return unions


def _subtract(geoms, others):
    others = valid_polygonal(others)
    unions = _grouped_unions(geoms, others, _pairs(geoms, others))
    out = geoms.copy()
    hit = np.flatnonzero(~shapely.is_missing(unions))
    if len(hit):
        out[hit] = polygonal(shapely.difference(geoms[hit], unions[hit]))
    return out


def _clip(geoms, inside):
    inside = valid_polygonal(inside)
    unions = _grouped_unions(geoms, inside, _pairs(geoms, inside))
    out = np.array([shapely.Polygon()] * len(geoms), dtype=object)
    hit = np.flatnonzero(~shapely.is_missing(unions))
    if len(hit):
        out[hit] = polygonal(shapely.intersection(geoms[hit], unions[hit]))
    return out


# --------------------------------------------------------------------------- soft factors

def nearest_distances(sites, features):
    """Distance (m, working CRS) from each site to the nearest feature; NaN without features."""
    sites, features = as_array(sites), as_array(features)
    features = features[present(features)] if len(features) else features
    distances = np.full(len(sites), np.nan)
    if not len(features) or not len(sites):
        return distances
    (found, _), values = shapely.STRtree(features).query_nearest(sites, return_distance=True, all_matches=False)
    distances[found] = values
    return distances


def compactness(sites):
    """Polsby-Popper 4πA / P² (1 = circle, π/4 = square; planimetric, working CRS)."""
    sites = as_array(sites)
    perimeter = shapely.length(sites)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(perimeter > 0, 4 * np.pi * shapely.area(sites) / perimeter ** 2, np.nan)


def zonal_means(sites, crs, raster, slope=False, band=1, progress=None):
    """Mean of a raster (or of its slope in degrees, Horn, when ``slope``) over each site,
    weighted by the cells' ellipsoidal areas; NaN where a site has no valid cell.

    A cell counts for a site when its centre lies in the site; sites smaller than two cells
    take the cells they touch. Only the part of the raster around the sites is read (with two
    cells more on every side, so slopes at the sites do not depend on that cut).
    """
    sites = as_array(sites)
    means = np.full(len(sites), np.nan)
    if not len(sites):
        return means
    grid = Grid.of(open_raster(raster), str(raster))
    if not grid.crs_wkt:
        raise ValueError(f"{raster} has no CRS; assign one")
    raster_crs = pyproj.CRS.from_wkt(grid.crs_wkt)
    if as_pyproj_crs(crs) != raster_crs:
        sites = reproject_geometries(sites, crs, raster_crs)
    window = _window_grid(grid, shapely.total_bounds(sites), margin=2)
    if window is None:
        return means
    cell = window.cell_size[0] * window.cell_size[1]
    ids = np.arange(1, len(sites) + 1)
    small = shapely.area(sites) < 2 * cell
    tag = uuid.uuid4().hex
    paths = {"ids": f"/vsimem/multiplan_siting_ids_{tag}.tif", "small": f"/vsimem/multiplan_siting_small_{tag}.tif"}
    sums, weights = np.zeros(len(sites) + 1), np.zeros(len(sites) + 1)
    halo = 1 if slope else 0

    def accumulate(arrays, block):
        values = arrays["raster"]
        if slope:
            dx, dy = block.cell_size_m()
            values = horn_slope(values, dx, dy).astype(np.float64)
        area = np.broadcast_to(np.asarray(block.cell_area_m2(), dtype=np.float64), values.shape)
        valid = ~np.isnan(values)
        for name in ("ids", "small"):
            zone = arrays[name]
            if halo:
                zone = zone[halo:-halo, halo:-halo]
            zone = np.nan_to_num(zone, nan=0).astype(np.int64)
            use = (zone > 0) & valid
            sums[:] += np.bincount(zone[use], weights=area[use] * values[use], minlength=len(sums))
            weights[:] += np.bincount(zone[use], weights=area[use], minlength=len(weights))

    try:
        rasterise(sites[~small], window, paths["ids"], values=ids[~small], dtype="int32")
        rasterise(sites[small], window, paths["small"], values=ids[small], dtype="int32", all_touched=True)
        inputs = {"raster": RasterInput(str(raster), band, "near", "float64"),
                  "ids": RasterInput(paths["ids"], 1, "near", "float64"),
                  "small": RasterInput(paths["small"], 1, "near", "float64")}
        run_blocks(inputs, accumulate, progress=progress, reference=window, halo=halo)
    finally:
        for path in paths.values():
            remove_vsimem(path)
    with np.errstate(invalid="ignore", divide="ignore"):
        means[:] = np.where(weights[1:] > 0, sums[1:] / np.where(weights[1:] > 0, weights[1:], 1), np.nan)
    return means


def _window_grid(grid, bounds, margin):
    """The part of ``grid`` over ``bounds`` plus ``margin`` cells, on the grid's own cells;
    None when the bounds miss the raster."""
    x0, dx, _, y0, _, dy = grid.transform
    xmin, ymin, xmax, ymax = bounds
    columns = (math.floor((xmin - x0) / dx) - margin, math.ceil((xmax - x0) / dx) + margin)
    rows = sorted(((ymax - y0) / dy, (ymin - y0) / dy))
    rows = (math.floor(rows[0]) - margin, math.ceil(rows[1]) + margin)
    c0, c1 = max(columns[0], 0), min(columns[1], grid.width)
    r0, r1 = max(rows[0], 0), min(rows[1], grid.height)
    if c1 <= c0 or r1 <= r0:
        return None
    return Grid(c1 - c0, r1 - r0, (x0 + c0 * dx, dx, 0.0, y0 + r0 * dy, 0.0, dy), grid.crs_wkt)


def raster_range(raster, band=1):
    """(min, max) of a raster band, the default bounds of the suitability score."""
    return raster_min_max(str(raster), band)
