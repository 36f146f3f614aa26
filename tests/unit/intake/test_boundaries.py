"""边界整合 on hand-built coverages: shared edges move once for both neighbours (no gap, no overlap),
reference vertices are inserted into edges running along the reference, nothing beyond the
tolerance moves, an area change beyond the threshold or a collapse is refused and reported, the
reference is never touched."""
import numpy as np
import pytest
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas
from multiplan.core.intake import boundaries as bd

CRS = "EPSG:4527"


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def m2(*geometries):
    return polygon_areas(list(geometries), CRS)


def run(layer, reference, **kwargs):
    return bd.integrate(np.array(layer, dtype=object), np.array(reference, dtype=object), CRS, **kwargs)


def assert_clean_coverage(geometries, expected_union):
    geometries = [g for g in geometries if g is not None]
    assert all(shapely.is_valid(geometries))
    union = shapely.union_all(geometries)
    assert sum(g.area for g in geometries) == pytest.approx(union.area, abs=1e-6)  # no overlap
    assert union.symmetric_difference(expected_union).area == pytest.approx(0, abs=1e-6)  # no gap


def test_a_shared_edge_moves_once_for_both_neighbours():
    layer = [box(0, 0, 100, 100), box(100, 0, 200, 100)]
    reference = [box(0, 0, 101, 100), box(101, 0, 200, 100)]  # the survey's line is 1 m east
    result = run(layer, reference, max_change_percent=5)
    assert list(result.status) == [bd.INTEGRATED, bd.INTEGRATED]
    assert shapely.equals(result.geometries[0], box(0, 0, 101, 100))
    assert shapely.equals(result.geometries[1], box(101, 0, 200, 100))
    assert list(result.moved) == [2, 2] and list(result.max_shift) == pytest.approx([1.0, 1.0])
    assert result.area_change == pytest.approx([m2(box(100, 0, 101, 100))[0], -m2(box(100, 0, 101, 100))[0]], abs=1e-6)
    assert_clean_coverage(result.geometries, box(0, 0, 200, 100))


def test_reference_vertices_are_inserted_into_both_sides_of_a_shared_edge():
    layer = [box(0, 0, 100, 100), box(100, 0, 200, 100)]
    kink = shapely.Polygon([(X0, Y0), (X0 + 100, Y0), (X0 + 101.5, Y0 + 50), (X0 + 100, Y0 + 100), (X0, Y0 + 100)])
    rest = shapely.Polygon([(X0 + 100, Y0), (X0 + 200, Y0), (X0 + 200, Y0 + 100), (X0 + 100, Y0 + 100),
                            (X0 + 101.5, Y0 + 50)])
    result = run(layer, [kink, rest])
    assert list(result.inserted) == [1, 1] and list(result.moved) == [0, 0]
    assert shapely.equals(result.geometries[0], kink) and shapely.equals(result.geometries[1], rest)
    assert_clean_coverage(result.geometries, box(0, 0, 200, 100))


def test_a_t_junction_stays_closed():
    # B and C meet A's edge at (100, 50) where A has no vertex; the reference puts that point at x=101.5
    layer = [box(0, 0, 100, 100), box(100, 0, 200, 50), box(100, 50, 200, 100)]
    reference = [shapely.Polygon([(X0 + 100, Y0), (X0 + 200, Y0), (X0 + 200, Y0 + 50), (X0 + 101.5, Y0 + 50)]),
                 shapely.Polygon([(X0 + 101.5, Y0 + 50), (X0 + 200, Y0 + 50), (X0 + 200, Y0 + 100),
                                  (X0 + 100, Y0 + 100)])]
    result = run(layer, reference)
    assert_clean_coverage(result.geometries, box(0, 0, 200, 100))
    assert result.inserted[0] == 1 and result.moved[1] == 1 and result.moved[2] == 1
    # where the reference follows only half the edge, A cannot follow it: B and C stay too (no gap)
    half = run(layer, reference[:1])
    assert_clean_coverage(half.geometries, box(0, 0, 200, 100))
    assert list(half.status) == [bd.UNCHANGED, bd.REFUSED, bd.REFUSED] and half.reasons[1] == "gap"


def test_integrating_again_changes_nothing_and_aligned_edges_stay():
    layer = [box(0, 0, 100, 100), box(100, 0, 200, 100)]
    reference = [box(0, 0, 101, 100), box(101, 0, 200, 100)]
    first = run(layer, reference, max_change_percent=5)
    again = run(list(first.geometries), reference, max_change_percent=5)
    assert list(again.status) == [bd.UNCHANGED, bd.UNCHANGED]
    # a layer already on the reference, beside a reference line 1.9 m away: nothing moves
    road = [box(0, 0, 100, 100), box(100, 0, 101.9, 100), box(101.9, 0, 200, 100)]
    aligned = run([box(0, 0, 100, 100), box(100, 0, 200, 100)], road)
    assert list(aligned.status) == [bd.UNCHANGED, bd.UNCHANGED]


def test_nothing_beyond_the_tolerance_moves_and_zero_switches_it_off():
    layer = [box(0, 0, 100, 100), box(100, 0, 200, 100)]
    result = run(layer, [box(-50, -50, 103, 150)])  # its line at x=103: 3 m from the edge at x=100
    assert list(result.status) == [bd.UNCHANGED, bd.UNCHANGED]
    assert all(shapely.equals(a, b) for a, b in zip(result.geometries, layer))
    off = run(layer, [box(0, 0, 101, 100)], tolerance=0)
    assert list(off.status) == [bd.UNCHANGED, bd.UNCHANGED]


def test_a_large_area_change_is_flagged_and_left_as_it_was_without_a_gap():
    # a 2 m wide strip whose edge would move by 1.5 m (75 %) next to a big parcel
    layer = [box(0, 0, 2, 100), box(2, 0, 200, 100)]
    reference = [box(0, 0, 3.5, 100)]
    result = run(layer, reference)
    assert result.status[0] == bd.FLAGGED and result.reasons[0] == "area"
    assert shapely.equals(result.geometries[0], layer[0])
    assert result.status[1] == bd.UNCHANGED  # the shared edge is held for both
    assert_clean_coverage(result.geometries, box(0, 0, 200, 100))
    generous = run(layer, reference, max_change_percent=100)
    assert list(generous.status) == [bd.INTEGRATED, bd.INTEGRATED]


def test_a_feature_that_would_collapse_is_refused():
    layer = [box(0, 0, 100, 1), box(0, 1, 100, 100)]
    reference = [shapely.Polygon([(X0, Y0 + 0.5), (X0 + 100, Y0 + 0.5), (X0 + 100, Y0 - 50), (X0, Y0 - 50)])]
    result = run(layer, reference, max_change_percent=100)
    assert (result.status[0], result.reasons[0]) == (bd.REFUSED, "collapsed")
    assert result.geometries[0].equals(layer[0])
    assert_clean_coverage(result.geometries, box(0, 0, 100, 100))


def test_invalid_input_is_left_alone_and_reported():
    bow_tie = shapely.Polygon([(X0, Y0), (X0 + 10, Y0 + 10), (X0 + 10, Y0), (X0, Y0 + 10)])
    result = run([bow_tie, box(20, 0, 30, 10)], [box(20, 0, 31, 10)], max_change_percent=20)
    assert list(result.status) == [bd.INVALID, bd.INTEGRATED]
    assert result.geometries[0] is bow_tie


def test_the_reference_is_only_read():
    reference = np.array([box(0, 0, 101, 100)], dtype=object)
    before = shapely.to_wkb(reference[0])
    bd.integrate(np.array([box(0, 0, 100, 100)], dtype=object), reference, CRS)
    assert shapely.to_wkb(reference[0]) == before


def test_multipolygons_and_holes_survive():
    donut = box(0, 0, 100, 100).difference(box(40, 40, 60, 60))
    pair = shapely.MultiPolygon([box(200, 0, 210, 10), box(220, 0, 230, 10)])
    result = run([donut, pair], [box(0, 0, 101, 100), box(219, 0, 230, 10)], max_change_percent=20)
    assert len(result.geometries[0].interiors) == 1 and result.geometries[0].area == pytest.approx(101 * 100 - 400)
    assert result.geometries[1].geom_type == "MultiPolygon" and len(result.geometries[1].geoms) == 2


def polygon(*xy):
    return shapely.Polygon([(X0 + x, Y0 + y) for x, y in xy])


def test_a_crowded_vertex_follows_its_neighbours_shift_not_the_nearest_vertex():
    """A plan drawn on another base map, off by (+0.5, +0.35): its wedge's tip lands 0.21 m from a
    corner of the next parcel and 0.61 m from its own. The nearest vertex would bend the wedge
    (an area change of 0.7 %, under the threshold: silently wrong); the other two vertices, which
    have one reference vertex in reach, show the shift, and the tip goes back to its own."""
    wedge = polygon((0, 0), (100, -10), (100, 10))
    corner = polygon((0.7, 0.3), (0.7, 5), (-5, 5), (-5, 0.3))
    drawn = shapely.affinity.translate(wedge, 0.5, 0.35)
    result = run([drawn], [wedge, corner])
    assert list(result.status) == [bd.INTEGRATED]
    assert result.geometries[0].normalize().equals_exact(wedge.normalize(), 1e-9)
    assert result.area_after[0] == pytest.approx(m2(wedge)[0], abs=1e-6)


def test_a_dense_run_of_reference_vertices_is_taken_in_order():
    """An arc of reference vertices 5 cm apart (a curve digitised densely), the plan's copy off by
    (0.4, -0.3): every vertex of the run gets its own reference vertex back, in order, from the
    sure corners inwards — the plan ends exactly on the reference, valid, with its area."""
    arc = [(50 + 30 * np.cos(t), 30 * np.sin(t)) for t in np.linspace(np.pi, 0, 1200)]  # ≈ 7.9 cm apart
    parcel = polygon((0, 0), *arc, (100, 0), (100, -50), (0, -50))
    above = polygon(*arc[::-1], (0, 0), (0, 60), (100, 60), (100, 0))
    drawn = [shapely.affinity.translate(g, 0.4, -0.3) for g in (parcel, above)]
    result = run(drawn, [parcel, above])
    assert list(result.status) == [bd.INTEGRATED, bd.INTEGRATED]
    for got, want in zip(result.geometries, (parcel, above)):
        assert shapely.get_coordinates(got).tolist() == shapely.get_coordinates(want).tolist() or \
            got.normalize().equals_exact(want.normalize(), 0)


def test_a_feature_snapped_onto_a_neighbour_held_as_it_was_is_refused_for_the_overlap():
    """A parcel whose edge snaps 1 m east onto a 3.5 m strip that is itself held (its area would
    change by 14 %) would overlap the strip: it is refused for the overlap and kept as it was,
    so the layer gains no overlap."""
    layer = [box(0, 0, 100, 100), box(100.5, 0, 104, 100), box(104, 0, 200, 100)]
    reference = [box(0, 0, 101, 100)]
    result = run(layer, reference)
    assert (result.status[1], result.reasons[1]) == (bd.FLAGGED, "area")
    assert (result.status[0], result.reasons[0]) == (bd.REFUSED, "overlap")
    assert shapely.equals(result.geometries[0], layer[0]) and shapely.equals(result.geometries[1], layer[1])
    kept = [g for g in result.geometries if g is not None]
    assert shapely.union_all(kept).area == pytest.approx(sum(g.area for g in kept), abs=1e-6)  # no new overlap
