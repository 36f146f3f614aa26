"""Union overlay of polygon layers (叠加分析): the pieces every difference analysis starts from.

:func:`union_overlay` cuts several layers (plans, control lines, admin units) into pieces such
that each piece lies in exactly one feature or in no feature of every layer, and the pieces
together cover the union of the layers exactly once. ``sources[i, k]`` is the position of the
feature of layer ``k`` that piece ``i`` lies in, or -1.

Why not a plain ``intersection`` + ``difference`` chain (what QGIS users run): the two
differences (A minus B, B minus A) subtract a union of neighbours from *every* feature, although
plans of one county cover nearly the same ground and most features have nothing left over. Here
the pairwise intersections are computed once, in parallel threads, and a feature needs its
remainder computed only when the areas of its intersections fall short of its own area. A
large feature that wholly contains small ones (a township around parcels) is not intersected at
all: the small one is the piece.

Overlaps *within* a layer (a plan drawn with overlapping parcels) would make pieces overlap and
areas count twice, so each layer is first made disjoint: where features overlap, the feature
that comes first keeps the overlap. The count and area of these resolved overlaps are returned
so callers can report them (a quality-check matter, see :mod:`core.intake.quality`).

All layers must be in one projected CRS (metres); areas here are planimetric and only used to
decide what to compute. Invalid geometries are repaired on copies (inputs are not modified).
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from .geometry import as_array, in_threads, polygonal, present, query_in_threads, valid_polygonal
from .progress import report

DEFAULT_TOLERANCE = 1e-4
SNAP_GRID = 1e-6  # m: the grid of the snap-rounded overlay used where GEOS's plain overlay fails
"""m²: a feature whose intersections fall short of its area by less than this (plus 1e-9 of its
area, for floating-point noise) has no remainder. Far below any reported figure (1e-5 亩 is
6.7e-3 m²)."""


@dataclass
class LayerRepairs:
    """What had to be done to a layer before it could be overlaid."""

    repaired: int = 0  # invalid geometries made valid
    overlap_pairs: int = 0  # pairs of its own features whose interiors overlapped
    overlap_area: float = 0.0  # m² (planimetric) taken from later features
    overlapping: list = field(default_factory=list)  # positions of features that lost area


@dataclass
class Overlay:
    geometries: np.ndarray  # (n,) disjoint polygonal pieces
    sources: np.ndarray  # (n, layers) int64 feature positions, -1 = no feature of that layer
    repairs: list  # LayerRepairs per layer
    inputs: list = field(default_factory=list)  # each layer as overlaid: valid, disjoint, None = skipped

    @property
    def areas(self):
        return shapely.area(self.geometries)


def _tolerance(areas, tolerance):
    return tolerance + 1e-9 * areas


def interiors_overlap(first, second):
    """Whether two polygons share interior, robust to GEOS relate's TopologyExceptions."""
    try:
        return bool(shapely.relate_pattern(first, second, "2********"))
    except shapely.errors.GEOSException:
        return bool(robust(shapely.intersection, first, second).area > 0)


def robust(operation, *geometries):
    """A shapely overlay operation, retried snap-rounded to :data:`SNAP_GRID` if GEOS fails."""
    try:
        return operation(*geometries)
    except shapely.errors.GEOSException:
        return operation(*geometries, grid_size=SNAP_GRID)


def resolve_self_overlaps(geoms):
    """Make a layer's features disjoint: a feature loses what earlier features already cover.

    Returns ``(geometries, pairs, area, changed_positions)``. Neighbours that only touch are
    found with one STRtree query and rejected by a DE-9IM test of their interiors, which is far
    cheaper than intersecting them.
    """
    geoms = as_array(geoms)
    tree = shapely.STRtree(geoms)
    a, b = query_in_threads(tree, geoms, "intersects")
    earlier = a < b
    a, b = a[earlier], b[earlier]
    try:
        overlapping = in_threads(lambda x, y: shapely.relate_pattern(x, y, "2********"), geoms[a], geoms[b])
    except shapely.errors.GEOSException:
        # GEOS < 3.13 relate can raise "side location conflict" on valid pieces with nearly
        # coincident edges; decide those pairs one by one.
        overlapping = np.array([interiors_overlap(x, y) for x, y in zip(geoms[a], geoms[b])], dtype=bool)
    a, b = a[overlapping], b[overlapping]
    if not len(a):
        return geoms, 0, 0.0, np.empty(0, dtype=np.int64)
    out = geoms.copy()
    order = np.argsort(b, kind="stable")
    a, b = a[order], b[order]
    later, starts = np.unique(b, return_index=True)
    stops = np.append(starts[1:], len(b))
    for position, start, stop in zip(later, starts, stops):
        earlier_union = robust(lambda parts, grid_size=None: shapely.union_all(parts, grid_size=grid_size),
                               geoms[a[start:stop]])
        out[position] = robust(shapely.difference, geoms[position], earlier_union)
    out[later] = polygonal(out[later])
    lost = shapely.area(geoms[later]) - shapely.area(out[later])
    return out, int(len(a)), float(lost.sum()), later


def union_overlay(layers, tolerance=DEFAULT_TOLERANCE, progress=None):
    """Overlay any number of polygon layers (arrays of shapely geometries) into disjoint pieces."""
    layers = [as_array(layer) for layer in layers]
    count = len(layers)
    repairs = []
    cleaned = []
    for layer in layers:
        fixed = present(layer) & ~shapely.is_valid(layer)
        geoms = valid_polygonal(layer)
        geoms[~present(geoms)] = None
        geoms, pairs, area, changed = resolve_self_overlaps(geoms)
        repairs.append(LayerRepairs(int(fixed.sum()), pairs, area, list(map(int, changed))))
        cleaned.append(geoms)
    report(progress, 0.1)
    pieces = np.empty(0, dtype=object)
    sources = np.empty((0, count), dtype=np.int64)
    for k, layer in enumerate(cleaned):
        pieces, sources = _overlay_step(pieces, sources, layer, k, tolerance)
        report(progress, 0.1 + 0.9 * (k + 1) / count)
    return Overlay(pieces, sources, repairs, cleaned)


def _overlay_step(pieces, sources, layer, column, tolerance):
    """Cut the disjoint ``pieces`` by a disjoint ``layer``; returns the new pieces and sources."""
    positions = np.flatnonzero(present(layer))
    features = layer[positions]
    if not len(pieces):
        new_sources = np.full((len(features), sources.shape[1]), -1, dtype=np.int64)
        new_sources[:, column] = positions
        return features, new_sources
    if not len(features):
        return pieces, sources
    ip, il, shared = _intersections(pieces, features)
    shared_area = shapely.area(shared)
    keep = shared_area > 0
    ip, il, shared, shared_area = ip[keep], il[keep], shared[keep], shared_area[keep]

    piece_rest = _remainders(pieces, features, ip, il, shared_area, tolerance)
    feature_rest = _remainders(features, pieces, il, ip, shared_area, tolerance)

    rest_p = np.flatnonzero(present(piece_rest))
    rest_f = np.flatnonzero(present(feature_rest))
    out_sources = np.concatenate([
        sources[ip],
        sources[rest_p],
        np.full((len(rest_f), sources.shape[1]), -1, dtype=np.int64),
    ])
    out_sources[:len(ip), column] = positions[il]
    out_sources[len(ip) + len(rest_p):, column] = positions[rest_f]
    out = np.concatenate([shared, piece_rest[rest_p], feature_rest[rest_f]])
    return out, out_sources


def _intersections(pieces, features):
    """Pairs (piece, feature) whose interiors may meet, and their polygonal intersection."""
    tree = shapely.STRtree(features)
    ip, il = query_in_threads(tree, pieces, "intersects")
    shared = np.empty(len(ip), dtype=object)
    whole = np.zeros(len(ip), dtype=bool)
    # A few big features over many small pieces (townships, red-line areas): test containment
    # with each big feature prepared once instead of intersecting every piece with it.
    if len(features) * 8 < len(pieces):
        cl, cp = shapely.STRtree(pieces).query(features, predicate="contains_properly")
        whole = np.isin(ip * len(features) + il, cp * len(features) + cl)
        shared[whole] = pieces[ip[whole]]
    elif len(pieces) * 8 < len(features):
        cp, cl = tree.query(pieces, predicate="contains_properly")
        whole = np.isin(ip * len(features) + il, cp * len(features) + cl)
        shared[whole] = features[il[whole]]
    cut = ~whole
    if cut.any():
        shared[cut] = polygonal(in_threads(shapely.intersection, pieces[ip[cut]], features[il[cut]]))
    return ip, il, shared


def _remainders(geoms, others, own, other, shared_area, tolerance):
    """Each geometry minus the others it meets, computed only where some area is left.

    Returns an array aligned with ``geoms`` holding the remainder or None (nothing left).
    """
    covered = np.bincount(own, weights=shared_area, minlength=len(geoms))
    areas = shapely.area(geoms)
    short = np.flatnonzero(areas - covered > _tolerance(areas, tolerance))
    out = np.full(len(geoms), None, dtype=object)
    untouched = short[covered[short] == 0]
    out[untouched] = geoms[untouched]
    partly = short[covered[short] > 0]
    if len(partly):
        order = np.argsort(own, kind="stable")
        own_sorted, other_sorted = own[order], other[order]
        starts = np.searchsorted(own_sorted, partly, side="left")
        stops = np.searchsorted(own_sorted, partly, side="right")
        unions = [shapely.union_all(others[other_sorted[start:stop]]) for start, stop in zip(starts, stops)]
        rest = polygonal(in_threads(shapely.difference, geoms[partly], np.array(unions, dtype=object)))
        rest[shapely.area(rest) <= 0] = None
        out[partly] = rest
    return out
