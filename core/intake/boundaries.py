"""边界整合: the boundaries of a plan or control-line layer snapped to a reference (三调 parcels,
admin boundaries, the county outline or another plan), so the edges two plans share become
identical before they are compared and the difference analysis is not flooded with slivers.

Within the tolerance (metres, default 2 m, UNVERIFIED: a drafting tolerance, set your own):

1. every vertex moves to the nearest reference vertex, else to the nearest point of a reference
   edge. Where reference vertices crowd (another lies within twice the distance to the nearest),
   the nearest can be the wrong one: a plan drawn on another base map is off by a shift that
   varies slowly along its lines, so such a vertex goes to the reference vertex at its position
   plus the shift of its nearby ring neighbours whose choice is sure (weighed by closeness), if one lies there, much
   nearer than the next reference vertex (each round makes more choices sure, from the ends of a
   crowded run inwards);
   otherwise it keeps the nearest;
2. every reference vertex lying near an input edge (and not at its ends) is inserted into it,
   so an edge that runs along a reference edge takes the reference's shape.

The layer stays a clean coverage because the work is done on its *distinct* coordinates and
edges: a vertex two neighbours share moves once, for both; a reference vertex inserted into a
shared edge goes into both sides. What would still break it is refused: a feature that would
become invalid, overlap a neighbour, open a gap between neighbours, or change its ellipsoidal
area by more than a threshold (percent, default 1 %, UNVERIFIED) is left as it was — its
coordinates are held fixed for every feature that shares them, and the layer is computed again
(a few rounds at most; one that would turn invalid is held first, before its neighbours are
judged, so they are not refused for overlapping a shape it will not have). Those features are
reported (``flagged``: area; ``refused``: topology) for a person to look at. The reference is only read.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..areas import polygon_areas
from ..geometry import as_array, present
from ..overlay import robust
from ..progress import report
from .quality import find_overlaps

DEFAULT_TOLERANCE = 2.0  # m, UNVERIFIED
DEFAULT_MAX_CHANGE = 1.0  # % of a feature's area, UNVERIFIED
AREA_NOISE = 0.01  # m²: overlaps and gaps below this are the floating-point dust of shared edges
ON_LINE = 1e-3  # m: a vertex or edge this close to the reference's lines already lies on them
ON_ALONG = 0.05  # m: a piece of an edge whose middle is this close to the reference's lines runs along them
UNCHANGED, INTEGRATED, FLAGGED, REFUSED, INVALID = "unchanged", "integrated", "flagged", "refused", "invalid"


@dataclass
class Integration:
    geometries: np.ndarray  # the integrated copies (features left as they were where not integrated)
    status: np.ndarray  # per feature: UNCHANGED, INTEGRATED, FLAGGED, REFUSED, INVALID (input)
    moved: np.ndarray  # vertices moved
    inserted: np.ndarray  # reference vertices inserted
    max_shift: np.ndarray  # m, the largest move of one of its vertices
    area_before: np.ndarray  # m², ellipsoidal
    area_after: np.ndarray
    reasons: list = field(default_factory=list)  # per feature: why flagged or refused ("" otherwise)
    rounds: int = 1
    attempted: dict = field(default_factory=dict)  # flagged feature → the area change it was spared (m²)

    @property
    def area_change(self):
        return self.area_after - self.area_before


def reference_linework(reference):
    """(vertices (n, 2), segments as LineStrings) of the reference's boundaries (polygons or lines)."""
    reference = as_array(reference)
    reference = reference[present(reference)]
    lines = np.where(shapely.get_dimensions(reference) == 2, shapely.boundary(reference), reference)
    parts = shapely.get_parts(lines)
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    if not len(coords):
        return np.empty((0, 2)), np.empty(0, dtype=object)
    same = owner[1:] == owner[:-1]
    starts, ends = coords[:-1][same], coords[1:][same]
    keep = np.any(starts != ends, axis=1)
    segments = shapely.linestrings(np.stack([starts[keep], ends[keep]], axis=1))
    return np.unique(coords, axis=0), segments


def integrate(geometries, reference, crs, tolerance=DEFAULT_TOLERANCE, max_change_percent=DEFAULT_MAX_CHANGE,
              progress=None):
    """Snap ``geometries`` (polygons, projected ``crs`` in metres) to ``reference``; see the module doc."""
    geometries = as_array(geometries)
    count = len(geometries)
    valid_input = present(geometries) & shapely.is_valid(geometries)
    area_before = np.zeros(count)
    area_before[valid_input] = polygon_areas(geometries[valid_input], crs) if valid_input.any() else []
    ref_vertices, ref_segments = reference_linework(reference)
    report(progress, 0.1)
    rings = _Rings(geometries, valid_input)
    fixed = np.zeros(len(rings.unique), dtype=bool)
    reasons = [""] * count
    status = np.full(count, UNCHANGED, dtype=object)
    status[~valid_input & present(geometries)] = INVALID
    rounds = 0
    attempted = {}
    while True:  # ends: a feature with a problem is held whole, so it cannot change (or fail) again
        rounds += 1
        moved_to = _snapped(rings, ref_vertices, ref_segments, tolerance, fixed)
        inserts = _inserts(rings, moved_to, ref_vertices, ref_segments, tolerance, fixed)
        result, inserted = rings.rebuild(moved_to, inserts)
        changed = rings.changed_features(moved_to, inserted)
        changes = {}
        problems = _problems(geometries, result, changed, valid_input, area_before, crs, max_change_percent, changes)
        report(progress, min(0.95, 0.2 + 0.1 * rounds))
        if not problems:
            break
        for feature, (kind, why) in problems.items():
            if kind == FLAGGED and feature in changes:
                attempted[feature] = changes[feature]
            status[feature] = kind
            reasons[feature] = why
            fixed[rings.coordinates_of(feature)] = True
    moved = rings.moved_per_feature(moved_to)
    shifts = rings.max_shift_per_feature(moved_to)
    keep = np.isin(status, [FLAGGED, REFUSED, INVALID])
    result[keep] = geometries[keep]
    moved[keep], inserted[keep], shifts[keep] = 0, 0, 0.0
    status[~keep & ((moved > 0) | (inserted > 0))] = INTEGRATED
    area_after = area_before.copy()
    done = status == INTEGRATED
    if done.any():
        area_after[done] = polygon_areas(result[done], crs)
    report(progress, 1.0)
    return Integration(result, status, moved, inserted, shifts, area_before, area_after, reasons, rounds,
                       attempted)


class _Rings:
    """The layer's rings as sequences of ids into its distinct coordinates."""

    def __init__(self, geometries, usable):
        self.count = len(geometries)
        polygons, self.polygon_owner = shapely.get_parts(np.where(usable, geometries, None), return_index=True)
        rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
        coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
        self.ring_polygon = ring_polygon
        self.ring_owner = self.polygon_owner[ring_polygon]
        self.is_shell = np.r_[True, ring_polygon[1:] != ring_polygon[:-1]] if len(rings) else np.zeros(0, bool)
        # drop each ring's closing coordinate: rings are cycles of distinct-coordinate ids
        last = np.r_[coord_ring[1:] != coord_ring[:-1], True] if len(coords) else np.zeros(0, bool)
        coords, coord_ring = coords[~last], coord_ring[~last]
        self.unique, self.ids = np.unique(coords, axis=0, return_inverse=True)
        self.ids = self.ids.reshape(-1)
        self.coord_ring = coord_ring
        self.ring_start = np.searchsorted(coord_ring, np.arange(len(rings)))
        self.ring_stop = np.searchsorted(coord_ring, np.arange(len(rings)), side="right")
        self.coord_owner = self.ring_owner[coord_ring] if len(coord_ring) else np.zeros(0, dtype=np.int64)
        nxt = np.arange(len(self.ids)) + 1
        wrap = np.r_[coord_ring[1:] != coord_ring[:-1], True] if len(coord_ring) else np.zeros(0, bool)
        nxt[wrap] = self.ring_start[coord_ring[wrap]]
        self.next_ids = self.ids[nxt] if len(self.ids) else self.ids

    def coordinates_of(self, feature):
        return np.unique(self.ids[self.coord_owner == feature])

    def segments(self):
        """Distinct undirected edges (a < b) and, per coordinate, the edge it starts."""
        a, b = np.minimum(self.ids, self.next_ids), np.maximum(self.ids, self.next_ids)
        pairs, edge_of = np.unique(np.stack([a, b], axis=1), axis=0, return_inverse=True)
        return pairs, edge_of.reshape(-1)

    def rebuild(self, moved_to, inserts):
        """The polygons with the moved coordinates and the inserted points; (geometries, inserted per feature)."""
        pairs, edge_of = self.segments()
        result = np.full(self.count, None, dtype=object)
        inserted = np.zeros(self.count, dtype=np.int64)
        ring_coords, ring_valid = [], []
        for ring in range(len(self.ring_start)):
            start, stop = self.ring_start[ring], self.ring_stop[ring]
            points = []
            for k in range(start, stop):
                points.append(moved_to[self.ids[k]])
                edge = edge_of[k]
                extra = inserts.get(int(edge))
                if extra is not None:
                    forward = self.ids[k] == pairs[edge, 0]
                    points.extend(extra if forward else extra[::-1])
                    inserted[self.ring_owner[ring]] += len(extra)
            points = np.asarray(points)
            if len(points) > 1:
                keep = np.r_[True, np.any(points[1:] != points[:-1], axis=1)]
                points = points[keep]
                if len(points) > 1 and np.all(points[0] == points[-1]):
                    points = points[:-1]
            ring_valid.append(len(points) >= 3)
            ring_coords.append(np.vstack([points, points[:1]]) if len(points) else points)
        polygons = {}
        for ring, points in enumerate(ring_coords):
            polygon = self.ring_polygon[ring]
            if self.is_shell[ring]:
                polygons[polygon] = [points if ring_valid[ring] else None, []]
            elif ring_valid[ring] and polygons[polygon][0] is not None:
                polygons[polygon][1].append(points)
        by_owner = {}
        for polygon, (shell, holes) in polygons.items():
            if shell is not None:
                by_owner.setdefault(int(self.polygon_owner[polygon]), []).append(shapely.Polygon(shell, holes))
        for owner, parts in by_owner.items():
            result[owner] = shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
        return result, inserted

    def changed_features(self, moved_to, inserted):
        moved = np.any(moved_to[self.ids] != self.unique[self.ids], axis=1)
        features = np.zeros(self.count, dtype=bool)
        features[np.unique(self.coord_owner[moved])] = True
        features[inserted > 0] = True
        return features

    def moved_per_feature(self, moved_to):
        moved = np.any(moved_to[self.ids] != self.unique[self.ids], axis=1)
        return np.bincount(self.coord_owner[moved], minlength=self.count).astype(np.int64)

    def max_shift_per_feature(self, moved_to):
        shift = np.hypot(*(moved_to[self.ids] - self.unique[self.ids]).T) if len(self.ids) else np.zeros(0)
        result = np.zeros(self.count)
        np.maximum.at(result, self.coord_owner, shift)
        return result


def _snapped(rings, ref_vertices, ref_segments, tolerance, fixed):
    """New positions of the distinct coordinates: the nearest reference vertex (or, where they
    crowd, the one the neighbours' shift points at: :func:`_coherent_targets`), else the nearest
    point of a reference edge, within ``tolerance`` — and a point put on an edge that then lies
    within the tolerance of a reference vertex goes on to that vertex, so integrating again moves
    nothing. ``fixed`` ones stay."""
    unique = rings.unique
    moved_to = unique.copy()
    if tolerance <= 0 or not len(unique) or not len(ref_vertices):
        return moved_to
    points = shapely.points(unique)
    free = np.flatnonzero(~fixed)
    vertex_tree = shapely.STRtree(shapely.points(ref_vertices))
    hit, target = vertex_tree.query_nearest(points[free], max_distance=tolerance, all_matches=False)
    moved_to[free[hit]] = ref_vertices[target]
    done = np.zeros(len(unique), dtype=bool)
    done[free[hit]] = True
    _coherent_targets(rings, moved_to, done & ~fixed, vertex_tree, ref_vertices, tolerance)
    rest = free[~done[free]]
    if len(rest) and len(ref_segments):
        segment_tree = shapely.STRtree(ref_segments)
        hit, segment = segment_tree.query_nearest(points[rest], max_distance=tolerance, all_matches=False)
        if len(hit):
            lines = ref_segments[segment]
            at = shapely.line_interpolate_point(lines, shapely.line_locate_point(lines, points[rest[hit]]))
            moved_to[rest[hit]] = shapely.get_coordinates(at)
            again, target = vertex_tree.query_nearest(at, max_distance=tolerance, all_matches=False)
            moved_to[rest[hit[again]]] = ref_vertices[target]
    dust = np.hypot(*(moved_to - unique).T) <= ON_LINE  # already there, but for floating-point dust
    moved_to[dust] = unique[dust]
    return moved_to


NEIGHBOURS = 4  # ring neighbours on each side whose shifts predict a vertex's own
SURE = 0.1  # m: a reference vertex this close to the predicted position (and nearer to it than
SURE_SHARE = 0.4  # this share of its distance to the next reference vertex) is a sure choice
COHERENT_ROUNDS = 50
FALLBACK_REACH = 100.0  # m: with no sure ring neighbour, the shift of the nearest sure vertex this near


def _coherent_targets(rings, moved_to, snapped, vertex_tree, ref_vertices, tolerance):
    """Second choice of the snapped vertices with more than one reference vertex within
    ``tolerance``, from the shifts of sure vertices (one reference vertex within reach, or a choice
    already made sure): the shifts of the sure ring neighbours weighed by inverse squared distance,
    round after round, then the shift of the nearest sure vertex; taken only where a reference
    vertex lies within ``SURE`` of the predicted position, and nearer to it than to the next
    reference vertex by far (see the module doc). The others keep their nearest."""
    ids, unique = rings.ids, rings.unique
    candidates = np.flatnonzero(snapped)
    if not len(ids) or not len(candidates):
        return
    hits, _ = vertex_tree.query(shapely.points(unique[candidates]), predicate="dwithin", distance=tolerance)
    ambiguous = candidates[np.bincount(hits, minlength=len(candidates)) > 1]
    if not len(ambiguous):
        return
    sure = snapped.copy()
    sure[ambiguous] = False
    if not sure.any():
        return
    shift = np.where(sure[:, None], moved_to - unique, np.nan)

    def settle(coords, predicted, strict=True):
        """Send ``coords`` to the reference vertex nearest to ``predicted``: when ``strict``, only
        where it is sure (very near the prediction); else wherever it lies within the tolerance."""
        hit, target = vertex_tree.query_nearest(shapely.points(predicted), max_distance=SURE if strict else tolerance,
                                                all_matches=False)
        found = ref_vertices[target]
        good = np.hypot(*(found - unique[coords[hit]]).T) <= tolerance
        if strict:
            _, spacing = vertex_tree.query_nearest(shapely.points(found), exclusive=True, all_matches=False,
                                                   return_distance=True)
            good &= np.hypot(*(found - predicted[hit]).T) <= SURE_SHARE * spacing
        chosen, first = np.unique(coords[hit][good], return_index=True)
        moved_to[chosen] = found[good][first]
        sure[chosen] = True
        shift[chosen] = moved_to[chosen] - unique[chosen]
        return len(chosen)

    def ring_estimates(pending):
        """(coordinates, predicted positions) of the pending occurrences with a sure ring neighbour."""
        near = neighbours[pending]
        window = shift[near]
        known = np.isfinite(window[:, :, 0]).any(axis=1)
        coords, near, window = owner[pending][known], near[known], window[known]
        # the shift varies along the lines: the sure neighbours weighed by 1 / distance²
        weight = 1.0 / np.maximum(((unique[near] - unique[coords][:, None, :]) ** 2).sum(axis=2), 1e-6)
        weight = np.where(np.isfinite(window[:, :, 0]), weight, 0.0)
        estimate = (np.nan_to_num(window) * weight[:, :, None]).sum(axis=1) / weight.sum(axis=1)[:, None]
        return coords, unique[coords] + estimate

    occurrence = np.flatnonzero(np.isin(ids, ambiguous))
    ring = rings.coord_ring[occurrence]
    start, length = rings.ring_start[ring], rings.ring_stop[ring] - rings.ring_start[ring]
    position = occurrence - start
    neighbours = np.stack([ids[start + (position + step) % length]
                           for step in range(-NEIGHBOURS, NEIGHBOURS + 1) if step], axis=1)
    owner = ids[occurrence]
    for _ in range(COHERENT_ROUNDS):
        coords, predicted = ring_estimates(~sure[owner])
        if not len(coords) or not settle(coords, predicted):
            break
    # what is still open goes to the reference vertex nearest to its best prediction: from its
    # ring neighbours, else from the nearest sure vertex — where the prediction is this good,
    # it is a better guess than the vertex's own position
    coords, predicted = ring_estimates(~sure[owner])
    if len(coords):
        settle(coords, predicted, strict=False)
    left = ambiguous[~sure[ambiguous]]
    if len(left):
        sources = np.flatnonzero(sure)
        hit, nearest = shapely.STRtree(shapely.points(unique[sources])).query_nearest(
            shapely.points(unique[left]), max_distance=FALLBACK_REACH, all_matches=False)
        if len(hit):
            settle(left[hit], unique[left[hit]] + shift[sources[nearest]], strict=False)


def _inserts(rings, moved_to, ref_vertices, ref_segments, tolerance, fixed):
    """{edge: points (k, 2) to insert, ordered from its lower-id end}: reference vertices within
    ``tolerance`` of the moved edge, away from its two ends (none into an edge held fixed), kept
    only while the pieces of the edge they make run along the reference's lines (the middle of
    each piece on them): an edge is bent onto the reference path it follows, never zig-zagged
    between two reference lines, and an edge already on the reference stays as it is."""
    if tolerance <= 0 or not len(ref_vertices) or not len(rings.ids):
        return {}
    pairs, _ = rings.segments()
    starts, ends = moved_to[pairs[:, 0]], moved_to[pairs[:, 1]]
    real = np.any(starts != ends, axis=1) & ~(fixed[pairs[:, 0]] & fixed[pairs[:, 1]])
    edges = np.flatnonzero(real)
    lines = shapely.linestrings(np.stack([starts[edges], ends[edges]], axis=1))
    tree = shapely.STRtree(shapely.points(ref_vertices))
    edge_hit, vertex = tree.query(lines, predicate="dwithin", distance=tolerance)
    inserts = {}
    if not len(edge_hit):
        return inserts
    candidates = ref_vertices[vertex]
    a, b = starts[edges[edge_hit]], ends[edges[edge_hit]]
    far = (np.hypot(*(candidates - a).T) > tolerance) & (np.hypot(*(candidates - b).T) > tolerance)
    edge_hit, candidates = edge_hit[far], candidates[far]
    along = shapely.line_locate_point(lines[edge_hit], shapely.points(candidates))
    order = np.lexsort((along, edge_hit))
    grouped = {}
    for k in order:
        grouped.setdefault(int(edge_hit[k]), []).append(candidates[k])
    segment_tree = shapely.STRtree(ref_segments)
    snug = min(ON_ALONG, tolerance)

    def along_reference(first, second):
        middle = shapely.points(((np.asarray(first) + np.asarray(second)) / 2)[np.newaxis])
        return segment_tree.query_nearest(middle, max_distance=snug, all_matches=False).shape[1] > 0

    for position, points in grouped.items():
        edge = int(edges[position])
        start, end = starts[edge], ends[edge]
        kept = [start]
        for point in points:
            if along_reference(kept[-1], point):
                kept.append(point)
        while len(kept) > 1 and not along_reference(kept[-1], end):
            kept.pop()
        if len(kept) > 1:
            inserts[edge] = np.asarray(kept[1:])
    return inserts


def _problems(original, result, changed, valid_input, area_before, crs, max_change_percent, area_changes):
    """{feature: (FLAGGED | REFUSED, reason)} of the changed features the result must not keep."""
    problems = {}
    candidates = np.flatnonzero(changed & valid_input)
    if not len(candidates):
        return problems
    geoms = result[candidates]
    missing = shapely.is_missing(geoms)
    invalid = ~missing & ~shapely.is_valid(np.where(missing, None, geoms))
    for feature in candidates[missing]:
        problems[int(feature)] = (REFUSED, "collapsed")
    for feature in candidates[invalid]:
        problems[int(feature)] = (REFUSED, "invalid")
    ok = candidates[~missing & ~invalid]
    if len(ok):
        after = polygon_areas(result[ok], crs)
        change = np.abs(after - area_before[ok])
        too_much = change > np.maximum(area_before[ok] * max_change_percent / 100.0, AREA_NOISE)
        for feature, difference in zip(ok[too_much], (after - area_before[ok])[too_much]):
            problems[int(feature)] = (FLAGGED, "area")
            area_changes[int(feature)] = float(difference)
    # a broken feature is held as it was in the next round, with the coordinates it shares: its
    # neighbours would overlap it or gap from it only now, so they are judged in that round
    if any(kind == REFUSED for kind, _ in problems.values()):
        return problems
    # new overlaps among the features (the input's own overlaps are not ours to report)
    usable = valid_input & ~shapely.is_missing(result)
    positions = np.flatnonzero(usable)
    if len(positions):
        after_pairs = find_overlaps(result[positions], min_area=AREA_NOISE)
        if len(after_pairs):
            a = positions[after_pairs["index_a"].to_numpy()]
            b = positions[after_pairs["index_b"].to_numpy()]
            before = shapely.area(shapely.intersection(original[a], original[b]))
            new = shapely.area(after_pairs["geometry"].to_numpy()) > before + AREA_NOISE
            for x, y in zip(a[new], b[new]):
                for feature in (x, y):
                    if changed[feature]:
                        problems.setdefault(int(feature), (REFUSED, "overlap"))
    # new gaps: holes of the layer's union that were not there before
    problems.update({feature: (REFUSED, "gap") for feature in _gap_features(original, result, changed, usable)
                     if feature not in problems})
    return problems


def _coverage_union(geometries):
    """The union of a layer: GEOS's coverage union (fast: it only drops shared edges) when the
    layer is a clean coverage — checked by its area, which then equals the sum of the parts' —
    else the general union (snap-rounded where GEOS's plain overlay fails)."""
    try:
        union = shapely.coverage_union_all(geometries)
        if shapely.is_valid(union) and abs(union.area - shapely.area(geometries).sum()) <= AREA_NOISE + 1e-9 * union.area:
            return union
    except shapely.errors.GEOSException:
        pass
    return robust(lambda parts, grid_size=None: shapely.union_all(parts, grid_size=grid_size), geometries)


def _gap_features(original, result, changed, usable):
    """Changed features bordering a gap the result opened inside the layer (only the changed
    features and their neighbours are unioned)."""
    around = np.flatnonzero(usable & changed)
    if not len(around):
        return []
    tree = shapely.STRtree(np.where(usable, original, None))
    _, neighbours = tree.query(original[around], predicate="intersects")
    positions = np.union1d(around, neighbours)
    before = _coverage_union(original[positions])
    after = _coverage_union(result[positions])
    opened = robust(shapely.difference, before, after)
    pieces = [piece for piece in shapely.get_parts(opened) if piece.area > AREA_NOISE]
    if not pieces:
        return []
    # a gap is ground the layer lost that the layer still surrounds (a strip along its outer edge,
    # given up to follow the reference, is not): its whole outline lies on the result's edges
    edges = shapely.buffer(shapely.boundary(after), 10 * ON_LINE)
    # (pieces thinner than a centimetre are the dust of two unions of one coverage, not gaps)
    inner = [piece for piece in pieces if 2 * piece.area / piece.length > 10 * ON_LINE
             and shapely.length(robust(shapely.difference, shapely.boundary(piece), edges)) < 10 * ON_LINE]
    if not inner:
        return []
    tree = shapely.STRtree(result[positions])
    features = set()
    for piece in inner:
        for hit in tree.query(piece, predicate="intersects"):
            feature = int(positions[hit])
            if changed[feature]:
                features.add(feature)
    return sorted(features)
