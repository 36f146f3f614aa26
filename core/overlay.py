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
areas count twice, so such a layer is made disjoint: where features overlap, the feature that
comes first keeps the overlap. The count and area of these resolved overlaps are returned so
callers can report them (a quality-check matter, see :mod:`core.intake.quality`).

Testing every pair of neighbours for overlapping interiors costs about as much as the overlay
itself, and the layers offices overlay are almost always clean coverages. So a layer is tested
by the overlay it takes part in, from figures the overlay computes anyway
(:func:`_covered_twice`, :func:`_rests_overlap`): where the other side covers a feature's ground,
the areas of the feature's intersections with this layer add up to more than the ground the
layer covers in it exactly when the layer covers some of it twice; where it does not, the
remainders of this layer's features are tested pairwise. A layer found to overlap itself (by
more than :data:`OVERLAP_NOISE`) is made disjoint as above and the step is computed again, so
the pieces are the same as if every layer had been tested first. A single layer, with nothing to
be overlaid with, is tested pair by pair.

All layers must be in one projected CRS (metres); areas here are planimetric and only used to
decide what to compute. Invalid geometries are repaired on copies (inputs are not modified).
"""
import functools
from dataclasses import dataclass, field

import numpy as np
import shapely

from .geometry import POLYGON, as_array, in_threads, polygonal, present, query_in_threads, valid_polygonal
from .progress import report, stage

DEFAULT_TOLERANCE = 1e-4
SNAP_GRID = 1e-6  # m: the grid of the snap-rounded overlay used where GEOS's plain overlay fails
"""m²: a feature whose intersections fall short of its area by less than this (plus 1e-9 of its
area, for floating-point noise) has no remainder. Far below any reported figure (1e-5 亩 is
6.7e-3 m²)."""
OVERLAP_NOISE = 1e-5
"""m² (plus 1e-10 of the feature's area): ground a layer covers twice by less than this is the
floating-point noise of edges shared by two features (about 1e-6 m² for 1 ha parcels at
Gauss-Krüger coordinates), not an overlap."""


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
    a, b = _overlapping_pairs(geoms)
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


def _overlapping_pairs(geoms):
    """Positions (a < b) of the geometries whose interiors overlap. Neighbours that only touch
    are found with one STRtree query and rejected by a DE-9IM test of their interiors."""
    a, b = query_in_threads(shapely.STRtree(geoms), geoms, "intersects")
    earlier = a < b
    a, b = a[earlier], b[earlier]
    try:
        overlapping = in_threads(lambda x, y: shapely.relate_pattern(x, y, "2********"), geoms[a], geoms[b])
    except shapely.errors.GEOSException:
        # GEOS < 3.13 relate can raise "side location conflict" on valid pieces with nearly
        # coincident edges; decide those pairs one by one.
        overlapping = np.array([interiors_overlap(x, y) for x, y in zip(geoms[a], geoms[b])], dtype=bool)
    return a[overlapping], b[overlapping]


def union_overlay(layers, tolerance=DEFAULT_TOLERANCE, progress=None):
    """Overlay any number of polygon layers (arrays of shapely geometries) into disjoint pieces."""
    layers = [as_array(layer) for layer in layers]
    count = len(layers)
    fixed, cleaned = [], []
    for number, layer in enumerate(layers):
        with stage(f"validity of layer {number + 1}"):
            valid = in_threads(shapely.is_valid, layer)  # once, on both cores
            fixed.append(int((present(layer) & ~valid).sum()))
            geoms = valid_polygonal(layer, valid)
            geoms[~present(geoms)] = None
        cleaned.append(geoms)
    resolved = [None] * count  # per layer, once it is known to be disjoint: (pairs, area, positions)

    def make_disjoint(k):
        with stage(f"self-overlaps of layer {k + 1}"):
            cleaned[k], pairs, area, changed = resolve_self_overlaps(cleaned[k])
        resolved[k] = (pairs, area, list(map(int, changed)))

    for k in range(count):
        if not present(cleaned[k]).any():
            resolved[k] = (0, 0.0, [])  # nothing in it can overlap
    if count == 1:
        make_disjoint(0)
    report(progress, 0.1)
    empty = np.empty(0, dtype=object), np.empty((0, count), dtype=np.int64)

    def alone(k):  # a layer's features as the pieces, before any other layer cuts them
        return _overlay_step(*empty, cleaned[k], k, tolerance).result

    pieces, sources = empty
    first, mixed = None, False  # the layer whose features the pieces are, until a second one cuts them
    for k in range(count):
        with stage(f"overlay with layer {k + 1}"):
            while True:
                # Ground one side covers twice can hide the other side's remainders, so after
                # making one side disjoint the step is computed again with the other still tested.
                check_pieces = first is not None and not mixed and resolved[first] is None
                step = _overlay_step(pieces, sources, cleaned[k], k, tolerance,
                                     first is not None and resolved[k] is None, check_pieces)
                if not (step.layer_overlaps or step.piece_overlaps):
                    break
                if step.layer_overlaps:
                    make_disjoint(k)
                if step.piece_overlaps:
                    make_disjoint(first)
                    pieces, sources = alone(first)
            pieces, sources = step.result
        if step.checked:  # both sides had features: the pieces now mix two layers or more
            for j in ((first, k) if check_pieces else (k,)):
                if resolved[j] is None:
                    resolved[j] = (0, 0.0, [])  # tested by this step: no overlap
            mixed = True
        elif first is None and len(pieces):
            first = k
        report(progress, 0.1 + 0.9 * (k + 1) / count)
    if first is not None and resolved[first] is None:  # no other layer had features to test it by
        make_disjoint(first)
        pieces, sources = alone(first)
    repairs = [LayerRepairs(fixed[k], *resolved[k]) for k in range(count)]
    return Overlay(pieces, sources, repairs, cleaned)


@dataclass
class _Step:
    result: tuple  # (pieces, sources)
    layer_overlaps: bool = False  # the layer overlaid covers some ground twice
    piece_overlaps: bool = False  # the pieces it was overlaid with do
    checked: bool = False  # whether the step tested what it was asked to


def _overlay_step(pieces, sources, layer, column, tolerance, check_layer=False, check_pieces=False):
    """Cut the ``pieces`` by the features of ``layer``; the new pieces and sources, and whether
    the layer (``check_layer``) or the pieces (``check_pieces``) were found to cover some ground
    twice (then the result is not to be used)."""
    positions = np.flatnonzero(present(layer))
    features = layer[positions]
    if not len(pieces):
        new_sources = np.full((len(features), sources.shape[1]), -1, dtype=np.int64)
        new_sources[:, column] = positions
        return _Step((features, new_sources))
    if not len(features):
        return _Step((pieces, sources))
    ip, il, shared = _intersections(pieces, features)
    shared_area = shapely.area(shared)
    keep = shared_area > 0
    ip, il, shared, shared_area = ip[keep], il[keep], shared[keep], shared_area[keep]

    piece_rest = _remainders(pieces, features, ip, il, shared_area, tolerance)
    feature_rest = _remainders(features, pieces, il, ip, shared_area, tolerance)
    step = _Step(None, checked=True)
    if check_layer or check_pieces:
        corners = shapely.bounds(shared)[:, :2]
        moments = functools.cache(lambda: _moments(shared, corners))  # computed once, if needed
        if check_layer:
            step.layer_overlaps = (_covered_twice(ip, moments, corners, shared_area, pieces, piece_rest, tolerance)
                                   or _rests_overlap(feature_rest))
        if check_pieces:
            step.piece_overlaps = (_covered_twice(il, moments, corners, shared_area, features, feature_rest,
                                                  tolerance)
                                   or _rests_overlap(piece_rest))
    if step.layer_overlaps or step.piece_overlaps:
        return step

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
    step.result = (out, out_sources)
    return step


def _covered_twice(own, shared_moments, shared_corners, shared_area, geoms, rest, tolerance):
    """Whether the other side of an overlay step covers some ground of ``geoms`` twice.

    ``own``/``shared_area``: for every intersection, the geometry of ``geoms`` it lies in and its
    area (``shared_moments()`` its moments about its corner, ``shared_corners``); ``rest``: each geometry's remainder (None: nothing left, or too little to
    compute). The intersections in one geometry add up to the ground the other side covers in
    it (its area minus its remainder) exactly when no ground is covered twice. Where no remainder
    was computed because the intersections add up to the whole area, ground covered twice could
    hide an equal area left uncovered; it cannot also match where that area lies, so there the
    first and second moments of the intersections are compared with the geometry's as well (to
    within what a remainder too small to compute, ``tolerance``, can change them).
    """
    count = len(geoms)
    sums = np.bincount(own, weights=shared_area, minlength=count)
    areas = shapely.area(geoms)
    computed = present(rest)
    covered = areas - np.where(computed, shapely.area(rest), 0.0)
    noise = OVERLAP_NOISE + 1e-10 * areas
    excess = sums - covered - noise
    if count and np.nanmax(excess) > 0:
        return True
    several = np.bincount(own, minlength=count) >= 2  # ground covered twice needs two features
    check = several & ~computed
    if not check.any():
        return False
    take = check[own]
    owners = own[take]
    bounds = shapely.bounds(geoms)
    corners = bounds[:, :2]
    # every moment about the corner of the geometry it lies in: small coordinates, no lost digits
    parts = _shifted(shared_moments()[take], corners[owners] - shared_corners[take])
    summed = np.stack([np.bincount(owners, weights=column, minlength=count) for column in parts.T], axis=1)
    difference = summed[check] - _moments(geoms[check], corners[check])
    bounds = bounds[check]
    size = np.hypot(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
    scale = np.stack([np.ones(len(size)), size, size, size ** 2, size ** 2, size ** 2], axis=1)
    slack = (noise + _tolerance(areas, tolerance))[check]
    return bool((np.abs(difference) > slack[:, None] * scale).any())


def _shifted(moments, corner):
    """Moments (as :func:`_moments` gives them) taken about ``corner`` instead, each row's corner
    given relative to the point its moments were taken about."""
    a, sx, sy, sxx, sxy, syy = moments.T
    x, y = corner.T
    return np.stack([a, sx - x * a, sy - y * a, sxx - 2 * x * sx + x * x * a, sxy - x * sy - y * sx + x * y * a,
                     syy - 2 * y * sy + y * y * a], axis=1)


def _moments(geoms, origins, chunk=20_000):
    """Area, first moments (∫x, ∫y) and second moments (∫x², ∫xy, ∫y²) of each polygonal
    geometry, its coordinates taken relative to its row (x, y) of ``origins``, as an (n, 6) array.
    By chunks: the rings and coordinates of a million pieces would take a gigabyte at once."""
    if len(geoms) > chunk:  # chunks in parallel threads: shapely and numpy release the GIL
        return in_threads(lambda part, at: _moments(part, at, chunk), geoms, origins,
                          pieces=-(-len(geoms) // chunk))
    count = len(geoms)
    out = np.zeros((count, 6))
    # Most pieces are polygons of one ring: their coordinates are read straight from them, each
    # its own ring (splitting a million pieces into parts and rings costs more than the sums).
    simple = (shapely.get_type_id(geoms) == POLYGON) & (shapely.get_num_interior_rings(geoms) == 0)
    if simple.any():
        rows = np.flatnonzero(simple)
        xy, ring = shapely.get_coordinates(geoms[rows], return_index=True)
        _ring_moments(xy - origins[rows[ring]], ring, np.ones(len(rows), dtype=bool), rows[ring], out)
    other = np.flatnonzero(~simple)
    if len(other):
        parts, part_of = shapely.get_parts(geoms[other], return_index=True)
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        exterior = np.r_[True, ring_part[1:] != ring_part[:-1]]  # get_rings lists each exterior first
        xy, ring_of = shapely.get_coordinates(rings, return_index=True)
        owner = other[part_of[ring_part]]  # the row each ring belongs to
        _ring_moments(xy - origins[owner[ring_of]], ring_of, exterior, owner[ring_of], out)
    return out


def _ring_moments(xy, ring_of, exterior, row_of, out):
    """Add to ``out`` (rows × 6) the moments of closed rings given by their coordinates ``xy``
    (each vertex's ring ``ring_of``, consecutive), exterior rings positive and holes negative
    whatever way each ring runs; ``row_of``: each vertex's row of ``out``."""
    edge = ring_of[1:] == ring_of[:-1]  # consecutive vertices of one (closed) ring
    x0, y0 = xy[:-1][edge].T
    x1, y1 = xy[1:][edge].T
    ring = ring_of[:-1][edge]
    cross = x0 * y1 - x1 * y0
    turn = np.bincount(ring, weights=cross, minlength=len(exterior))
    sign = np.where(exterior, 1.0, -1.0) * np.where(turn < 0, -1.0, 1.0)
    weight = cross * sign[ring]
    which = row_of[:-1][edge]
    terms = (weight / 2, (x0 + x1) * weight / 6, (y0 + y1) * weight / 6,
             (x0 * x0 + x0 * x1 + x1 * x1) * weight / 12,
             (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * weight / 24,
             (y0 * y0 + y0 * y1 + y1 * y1) * weight / 12)
    for column, term in enumerate(terms):
        out[:, column] += np.bincount(which, weights=term, minlength=len(out))


def _rests_overlap(rest):
    """Whether two remainders (ground of one side the other side does not cover) overlap."""
    geoms = rest[present(rest)]
    a, b = _overlapping_pairs(geoms)
    if not len(a):
        return False
    shared = shapely.area(robust(shapely.intersection, geoms[a], geoms[b]))
    return bool((shared > OVERLAP_NOISE + 1e-10 * shapely.area(geoms[a])).any())


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
