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
3. **Soft factors** per site, each normalised to 0–100 (100 = best) by :class:`ScoringRules`:

   ============  =====================================  ===============================================
   suitability   mean of the suitability raster         linear between the raster's min and max (or
                 over the site (:func:`zonal_means`)    given bounds); reversed when lower is better
   road          nearest distance to a road (m)         100 × (1 − d / road limit), 0 beyond the limit
   town          nearest distance to a town (m)         100 × (1 − d / town limit), 0 beyond
   slope         mean slope of the DEM (°, Horn)        100 × (1 − slope / slope limit), 0 beyond
   compactness   4πA / P² (1 = circle, 0.785 square)    100 × compactness
   ============  =====================================  ===============================================

   The total is the weighted sum of the scores with weights normalised to sum 1 over the
   factors that can be computed (:func:`resolve_weights`); a weighted factor without a value
   for a site (nodata) scores 0 there. Sites are ranked by total, then area (larger first),
   then id; :func:`rank_sites` writes the reason for every score.

Distances and compactness are measured in the (projected) working CRS; areas are ellipsoidal on
CGCS2000 (:func:`core.areas.polygon_areas`). Nothing here imports QGIS; rasters are read with
GDAL block by block (:mod:`core.raster_blocks`).
"""
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyproj
import shapely
from osgeo import gdal, ogr

from .ahp import normalise_weights
from .areas import polygon_areas
from .crs import as_pyproj_crs, reproject_geometries
from .geometry import as_array, polygonal, present, valid_polygonal
from .progress import report, scaled
from .raster_blocks import (Grid, RasterInput, RasterOutput, _gdal_errors, horn_slope, open_raster, raster_min_max,
                            run_blocks)
from .rasterise import rasterise
from .report import (AREA_HA, AREA_M2, AREA_MU, EN, INTEGER, ZH, Column, Sheet, Text, current_language, pick,
                     render, write_workbook)
from .units import SQUARE_METRES_PER_MU, to_hectares, to_mu
from .wording import Term, sheet_name

# --------------------------------------------------------------------------- names

SUITABILITY, ROAD, TOWN, SLOPE, COMPACTNESS = "suitability", "road", "town", "slope", "compactness"
FACTORS = (SUITABILITY, ROAD, TOWN, SLOPE, COMPACTNESS)
FACTOR_NAMES = {SUITABILITY: ("适宜性", "suitability"), ROAD: ("距道路", "road"), TOWN: ("距城镇", "town"),
                SLOPE: ("坡度", "slope"), COMPACTNESS: ("紧凑度", "compactness")}
#: Output field stems (value; score = stem + "_DF").
FACTOR_FIELDS = {SUITABILITY: "SYX", ROAD: "DLJL", TOWN: "CZJL", SLOPE: "PD", COMPACTNESS: "JCD"}
_ALIASES = {SUITABILITY: SUITABILITY, "适宜性": SUITABILITY, "适宜": SUITABILITY, "syx": SUITABILITY,
            ROAD: ROAD, "roads": ROAD, "道路": ROAD, "距道路": ROAD, "dljl": ROAD,
            TOWN: TOWN, "towns": TOWN, "城镇": TOWN, "距城镇": TOWN, "czjl": TOWN,
            SLOPE: SLOPE, "坡度": SLOPE, "pd": SLOPE,
            COMPACTNESS: COMPACTNESS, "紧凑度": COMPACTNESS, "jcd": COMPACTNESS}
DEFAULT_WEIGHTS = "suitability=0.4;road=0.2;town=0.2;slope=0.1;compactness=0.1"

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


# --------------------------------------------------------------------------- weights

def parse_weights(text):
    """``"suitability=0.4;road=0.2"`` → ``{"suitability": 0.4, "road": 0.2}`` (ValueError says why not).

    Items are separated by ``;`` or ``,`` (full-width too), each ``factor=weight`` or
    ``factor:weight``; factors by English key or Chinese name (适宜性, 道路, 城镇, 坡度, 紧凑度).
    Factors left out weigh 0. Weights must be numbers ≥ 0, not all 0.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        raise ValueError("no weights given: write e.g. " + DEFAULT_WEIGHTS)
    weights = {}
    for item in (part.strip() for part in re.split(r"[;,\n]", text)):
        if not item:
            continue
        match = re.fullmatch(r"([^=:]+?)\s*[=:]\s*(\S+)", item)
        if not match:
            raise ValueError(f"“{item}” is not factor=weight")
        name, value = match.group(1).strip(), match.group(2)
        factor = _ALIASES.get(name.lower())
        if factor is None:
            raise ValueError(f"unknown factor “{name}”: use {', '.join(FACTORS)}")
        if factor in weights:
            raise ValueError(f"factor “{factor}” is given twice")
        try:
            weight = float(value)
        except ValueError:
            raise ValueError(f"the weight of “{name}” is “{value}”, not a number") from None
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"the weight of “{name}” is {value}: weights must be finite and not negative")
        weights[factor] = weight
    if not weights:
        raise ValueError("no weights given: write e.g. " + DEFAULT_WEIGHTS)
    if sum(weights.values()) <= 0:
        raise ValueError("all weights are 0: at least one factor must count")
    return weights


@dataclass
class Weights:
    weights: dict  # factor: weight (> 0), normalised to sum 1, in FACTORS order
    unavailable: list  # weighted factors left out because their data was not given
    normalised: bool  # the remaining weights did not sum to 1 and were scaled


def resolve_weights(given, available):
    """The weights of the factors that can be computed, normalised to sum 1.

    ``given``: from :func:`parse_weights`; ``available``: factors whose data is there.
    ValueError when no weighted factor is left.
    """
    unavailable = [f for f in FACTORS if given.get(f, 0) > 0 and f not in available]
    kept = [f for f in FACTORS if given.get(f, 0) > 0 and f in available]
    if not kept:
        raise ValueError("none of the weighted factors can be computed: "
                         + ", ".join(f"{f} needs its data" for f in unavailable))
    values, changed = normalise_weights([given[f] for f in kept])
    return Weights(dict(zip(kept, (float(v) for v in values))), unavailable, bool(changed))


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
        gdal.Unlink(mask_path)
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
            gdal.Unlink(path)
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


# --------------------------------------------------------------------------- scores and ranking

@dataclass
class ScoringRules:
    """How raw factor values become scores 0–100 (100 best); see the module docstring."""

    suitability_low: float = None  # raster value scoring 0 ...
    suitability_high: float = None  # ... and 100 (high < low: lower values are better)
    road_limit_m: float = 3000.0
    town_limit_m: float = 10000.0
    slope_limit_deg: float = 25.0

    def validate(self):
        for name in ("road_limit_m", "town_limit_m", "slope_limit_deg"):
            value = getattr(self, name)
            if not (value and value > 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be positive, not {value}")
        return self

    def describe(self):
        """One :class:`core.report.Text` per factor: how it is scored (for the log and the notes)."""
        low, high = self.suitability_low, self.suitability_high
        lower = _lower_better(low, high)
        road, town, slope = self.road_limit_m, self.town_limit_m, self.slope_limit_deg
        lines = {SUITABILITY: Text(f"适宜性：栅格均值，{_g(low)} → 0 … {_g(high)} → 100，线性" + ("（值越小越好）" if lower else ""),
                                   f"suitability: mean raster value, {_g(low)} → 0 … {_g(high)} → 100, linear"
                                   + (" (lower is better)" if lower else "")),
                 ROAD: Text(f"距道路：100 × (1 − d / {road:g} 米)，{road:g} 米及以上为 0",
                            f"road: 100 × (1 − d / {road:g} m), 0 from {road:g} m"),
                 TOWN: Text(f"距城镇：100 × (1 − d / {town:g} 米)，{town:g} 米及以上为 0",
                            f"town: 100 × (1 − d / {town:g} m), 0 from {town:g} m"),
                 SLOPE: Text(f"坡度：100 × (1 − 坡度 / {slope:g}°)，{slope:g}° 及以上为 0",
                             f"slope: 100 × (1 − slope / {slope:g}°), 0 from {slope:g}°"),
                 COMPACTNESS: Text("紧凑度：100 × 4πA/P²（圆为 100，正方形为 78.5）",
                                   "compactness: 100 × 4πA/P² (circle 100, square 78.5)")}
        return lines


def _g(value):
    return "?" if value is None else f"{value:g}"


def _lower_better(low, high):
    return low is not None and high is not None and high < low


def factor_scores(values, rules):
    """Scores 0–100 of the raw values ({factor: array}); NaN stays NaN."""
    scores = {}
    for factor, raw in values.items():
        raw = np.asarray(raw, dtype=float)
        if factor == SUITABILITY:
            low, high = rules.suitability_low, rules.suitability_high
            if low is None or high is None:
                raise ValueError("the suitability score needs its bounds (the raster's min and max)")
            if low == high:
                score = np.where(np.isnan(raw), np.nan, 100.0)
            else:
                score = 100.0 * (raw - low) / (high - low)
        elif factor == ROAD:
            score = 100.0 * (1 - raw / rules.road_limit_m)
        elif factor == TOWN:
            score = 100.0 * (1 - raw / rules.town_limit_m)
        elif factor == SLOPE:
            score = 100.0 * (1 - raw / rules.slope_limit_deg)
        elif factor == COMPACTNESS:
            score = 100.0 * raw
        else:
            raise ValueError(f"unknown factor {factor!r}")
        scores[factor] = np.clip(score, 0.0, 100.0)
    return scores


def rank_sites(table, values, weights, rules):
    """Scores, total, rank and reason of every site.

    ``table``: one row per site with at least ``id`` and ``area_m2``; ``values``: {factor: raw
    values aligned with the rows} for the factors computed; ``weights``: :class:`Weights`.
    Returns a copy sorted by rank with ``<factor>_value``, ``<factor>_score``, ``total``,
    ``rank``, ``reason`` (中文) and ``reason_en``; ``position`` is the row's place in ``table``.
    """
    out = table.reset_index(drop=True).copy()
    out["position"] = np.arange(len(out))
    scores = factor_scores(values, rules)
    total = np.zeros(len(out))
    for factor in FACTORS:
        out[f"{factor}_value"] = values[factor] if factor in values else np.nan
        out[f"{factor}_score"] = scores[factor] if factor in scores else np.nan
    for factor, weight in weights.weights.items():
        total += weight * np.nan_to_num(scores[factor], nan=0.0)
    out["total"] = total
    out["reason"] = [_reason(out, k, weights.weights, zh=True) for k in range(len(out))]
    out["reason_en"] = [_reason(out, k, weights.weights, zh=False) for k in range(len(out))]
    out["_id"] = out["id"].astype(str)
    out = out.sort_values(["total", "area_m2", "_id"], ascending=[False, False, True], kind="stable")
    out = out.drop(columns="_id").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def _reason(frame, row, weights, zh=True):
    parts = []
    for factor, weight in weights.items():
        value, score = frame.at[row, f"{factor}_value"], frame.at[row, f"{factor}_score"]
        name = FACTOR_NAMES[factor][0 if zh else 1]
        if value is None or pd.isna(value):
            parts.append(f"{name} {'无数据' if zh else 'no data'} → 0 ({weight:.2f})")
        else:
            parts.append(f"{name} {format_value(factor, value)} → {score:.0f} ({weight:.2f})")
    total = frame.at[row, "total"]
    return " · ".join(parts) + (f"；综合 {total:.1f}" if zh else f"; total {total:.1f}")


def format_value(factor, value):
    """A raw factor value as the reason text shows it: 120 m, 2.35 km, 4.2°, 0.71, 0.823."""
    if factor in (ROAD, TOWN):
        return f"{value:.0f} m" if value < 1000 else f"{value / 1000:.2f} km"
    if factor == SLOPE:
        return f"{value:.1f}°"
    if factor == COMPACTNESS:
        return f"{value:.2f}"
    return f"{value:.3g}"


# --------------------------------------------------------------------------- the workbook

SHEET_NAMES = ("选址排序", "剔除统计", "说明")
SHEET_NAMES_EN = ("Ranked sites", "Dropped", "Notes")


def _languages():
    """Which of the Chinese and English wordings a report carries: ("zh",), ("en",) or both."""
    return {ZH: ("zh",), EN: ("en",)}.get(current_language(), ("zh", "en"))


def site_columns(factors):
    """Columns of the ranked-sites table for the computed ``factors`` (the reason in the report
    language; both reasons in a bilingual report)."""
    units = {SUITABILITY: ("", ""), ROAD: ("（米）", " (m)"), TOWN: ("（米）", " (m)"), SLOPE: ("（度）", " (°)"),
             COMPACTNESS: ("", "")}
    formats = {SUITABILITY: "0.0000", ROAD: "#,##0.0", TOWN: "#,##0.0", SLOPE: "0.00", COMPACTNESS: "0.0000"}
    columns = [Column("rank", "排名", "Rank", INTEGER), Column("id", "选址编号", "Site id"),
               Column("source", "来源", "Source"), Column("source_ids", "来源编号", "Source ids"),
               Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
               Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
               Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True),
               Column("candidate_area_m2", "候选地块原面积（平方米）", "Candidate area before constraints (m²)", AREA_M2)]
    for factor in FACTORS:
        if factor not in factors:
            continue
        zh, en = FACTOR_NAMES[factor]
        unit_zh, unit_en = units[factor]
        columns.append(Column(f"{factor}_value", f"{zh}{unit_zh}", f"{en.capitalize()}{unit_en}", formats[factor]))
        columns.append(Column(f"{factor}_score", f"{zh}得分", f"{en.capitalize()} score", "0.00"))
    columns.append(Column("total", "综合得分", "Total score", "0.00"))
    languages = _languages()
    if "zh" in languages:
        columns.append(Column("reason", "得分理由", "Reason", width=90))
    if "en" in languages:
        columns.append(Column("reason_en", "英文理由", "Reason" if languages == ("en",) else "Reason (English)",
                              width=90))
    return columns


def report_sheets(ranked, drops, factors, note, notes=()):
    """The workbook's sheets in the report language: ranked sites, drops per reason, notes
    (settings, inputs; :class:`core.report.Text` or plain lines)."""
    ranked = ranked.assign(area_ha=to_hectares(ranked["area_m2"]), area_mu=to_mu(ranked["area_m2"]))
    drops = drops.assign(area_ha=to_hectares(drops["area_m2"]), area_mu=to_mu(drops["area_m2"]))
    languages = _languages()
    drop_columns = [Column("name_zh", "剔除原因", "Reason dropped")] if "zh" in languages else []
    if "en" in languages:
        drop_columns.append(Column("name_en", "英文", "English" if len(languages) == 2 else "Reason dropped"))
    drop_columns += [Column("unit", "计数单位", "Counted as"), Column("count", "数量", "Count", INTEGER, summed=True),
                     Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
                     Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
                     Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True)]
    names = [sheet_name(zh, en) for zh, en in zip(SHEET_NAMES, SHEET_NAMES_EN)]
    total = Text("合计", "Total")
    return [Sheet(names[0], pick("项目辅助选址 候选地块排序", "Ranked candidate sites"), site_columns(factors), ranked,
                  note, total_label=total),
            Sheet(names[1], pick("剔除统计", "Candidates dropped"), drop_columns, drops, note, total_label=total),
            Sheet(names[2], pick("说明", "Notes"), [Column("note", "说明", "Note", width=120)],
                  pd.DataFrame({"note": [render(line) for line in notes]}), note)]


def write_report(path, ranked, drops, factors, note, notes=()):
    return write_workbook(path, report_sheets(ranked, drops, factors, note, notes))
