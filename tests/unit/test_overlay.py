"""core.overlay: union overlay of polygon layers on hand-built squares and random rectangles."""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from multiplan.core.overlay import resolve_self_overlaps, union_overlay


def box(x0, y0, x1, y1):
    return shapely.box(x0, y0, x1, y1)


def pieces_by_sources(overlay):
    """{tuple of source positions: planimetric area}."""
    result = {}
    for sources, area in zip(map(tuple, overlay.sources.tolist()), overlay.areas):
        result[sources] = result.get(sources, 0.0) + area
    return result


def test_two_overlapping_squares_give_three_pieces_with_exact_areas():
    a = np.array([box(0, 0, 100, 100)])
    b = np.array([box(60, 0, 160, 100)])
    overlay = union_overlay([a, b])
    assert pieces_by_sources(overlay) == pytest.approx({(0, -1): 6000.0, (0, 0): 4000.0, (-1, 0): 6000.0})


def test_coverages_cut_each_other_and_sources_point_at_the_right_features():
    a = np.array([box(0, 0, 50, 100), box(50, 0, 100, 100)])  # two halves, west and east
    b = np.array([box(0, 0, 100, 30), box(0, 30, 100, 100)])  # south strip, north block
    overlay = union_overlay([a, b])
    assert pieces_by_sources(overlay) == pytest.approx({(0, 0): 1500.0, (0, 1): 3500.0, (1, 0): 1500.0, (1, 1): 3500.0})
    assert overlay.areas.sum() == pytest.approx(10_000.0)


def test_small_features_inside_a_big_one_are_kept_whole():
    parcels = np.array([box(x, 0, x + 10, 10) for x in range(0, 100, 10)])
    township = np.array([box(-5, -5, 200, 200)])
    overlay = union_overlay([parcels, township])
    inside = overlay.sources[:, 0] >= 0
    assert set(overlay.sources[inside, 1]) == {0}
    assert all(shapely.equals(overlay.geometries[inside], parcels[overlay.sources[inside, 0]]))
    assert overlay.areas[~inside].sum() == pytest.approx(205 * 205 - 100 * 10)


def test_overlaps_within_a_layer_go_to_the_first_feature_and_are_reported():
    a = np.array([box(0, 0, 100, 100), box(80, 0, 180, 100)])  # 20 m × 100 m overlap
    overlay = union_overlay([a, np.array([box(0, 0, 10, 10)])])
    assert overlay.areas.sum() == pytest.approx(180 * 100)
    assert overlay.repairs[0].overlap_pairs == 1
    assert overlay.repairs[0].overlap_area == pytest.approx(2000.0)
    assert overlay.repairs[0].overlapping == [1]
    assert pieces_by_sources(overlay)[(1, -1)] == pytest.approx(8000.0)


def test_invalid_geometries_are_repaired_and_counted_nulls_skipped():
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])  # two triangles of 25 m²
    overlay = union_overlay([np.array([bowtie, None]), np.array([box(0, 0, 10, 10)])])
    assert overlay.repairs[0].repaired == 1
    assert overlay.areas.sum() == pytest.approx(100.0)
    assert pieces_by_sources(overlay) == pytest.approx({(0, 0): 50.0, (-1, 0): 50.0})


def test_layers_that_do_not_meet_and_empty_layers():
    overlay = union_overlay([np.array([box(0, 0, 1, 1)]), np.array([box(5, 5, 6, 6)]), np.array([], dtype=object)])
    assert pieces_by_sources(overlay) == pytest.approx({(0, -1, -1): 1.0, (-1, 0, -1): 1.0})


def test_resolve_self_overlaps_of_touching_features_changes_nothing():
    geoms = np.array([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    out, pairs, area, changed = resolve_self_overlaps(geoms)
    assert (pairs, area, len(changed)) == (0, 0.0, 0)
    assert out[0] is geoms[0] and out[1] is geoms[1]


rectangles = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(1, 20), st.integers(1, 20)).map(
        lambda r: box(r[0], r[1], r[0] + r[2], r[1] + r[3])), max_size=8).map(lambda g: np.array(g, dtype=object))


@settings(max_examples=150, deadline=None)
@given(st.lists(rectangles, min_size=1, max_size=4))
def test_pieces_partition_the_union_of_the_layers(layers):
    """Integer rectangles overlap, nest and share edges exactly: the hard cases for overlays."""
    overlay = union_overlay(layers)
    everything = np.concatenate(layers)
    union_area = shapely.union_all(everything).area if len(everything) else 0.0
    assert overlay.areas.sum() == pytest.approx(union_area, abs=1e-6)
    # pieces are disjoint, and each lies inside the features it names and outside the others
    tree = shapely.STRtree(overlay.geometries)
    a, b = tree.query(overlay.geometries, predicate="intersects")
    assert not shapely.relate_pattern(overlay.geometries[a[a < b]], overlay.geometries[b[a < b]], "2********").any()
    for k, layer in enumerate(layers):
        inside = overlay.sources[:, k] >= 0
        if inside.any():
            outside_own = shapely.difference(overlay.geometries[inside], layer[overlay.sources[inside, k]])
            assert shapely.area(outside_own).max() < 1e-6
        if (~inside).any() and len(layer):
            assert shapely.area(shapely.intersection(overlay.geometries[~inside], shapely.union_all(layer))).max() < 1e-6


def test_query_in_threads_finds_the_pairs_of_one_query_in_the_same_order():
    from multiplan.core.geometry import query_in_threads

    rng = np.random.default_rng(5)
    corners = rng.uniform(0, 1000, size=(5000, 2))
    boxes = shapely.box(corners[:, 0], corners[:, 1], corners[:, 0] + 20, corners[:, 1] + 20)
    tree = shapely.STRtree(boxes)
    for predicate in ("intersects", None):
        expected = tree.query(boxes, predicate=predicate)
        found = query_in_threads(tree, boxes, predicate, threads=2)
        assert found.shape == expected.shape and len(found[0]) > 5000
        assert (found == expected).all()


def test_map_in_threads_keeps_the_order_reports_progress_and_stops_when_cancelled():
    import threading

    from multiplan.core.geometry import map_in_threads
    from multiplan.core.progress import Cancelled

    fractions = []
    squares = map_in_threads(lambda k: k * k, range(40), fractions.append, threads=2)
    assert squares == [k * k for k in range(40)]
    assert fractions == [(k + 1) / 40 for k in range(40)]

    started, gate = [], threading.Event()

    def slow(k):
        started.append(k)
        gate.wait(0.05)
        return k

    def cancel(fraction):
        if fraction >= 3 / 200:
            raise Cancelled()

    with pytest.raises(Cancelled):
        map_in_threads(slow, range(200), cancel, threads=2)
    assert len(started) < 20  # the items not yet started were dropped, not all run


# -- issue 21: each layer is tested for overlaps by the overlay it takes part in ---------------

def reference_overlay(layers):
    """Every layer made disjoint first, pair by pair, then overlaid: what union_overlay must equal."""
    resolved = [resolve_self_overlaps(np.array(layer, dtype=object)) for layer in layers]
    overlay = union_overlay([geoms for geoms, _, _, _ in resolved])
    repairs = [(pairs, area, list(map(int, changed))) for _, pairs, area, changed in resolved]
    return overlay, repairs


def assert_same_as_reference(layers):
    overlay = union_overlay(layers)
    reference, repairs = reference_overlay(layers)
    assert pieces_by_sources(overlay) == pytest.approx(pieces_by_sources(reference), abs=1e-6)
    for found, (pairs, area, changed) in zip(overlay.repairs, repairs):
        assert (found.overlap_pairs, found.overlapping) == (pairs, changed)
        assert found.overlap_area == pytest.approx(area, abs=1e-6)
    return overlay


def test_a_feature_covered_twice_is_found_where_the_same_area_is_left_uncovered():
    """Hypothesis found it: the second layer covers 1-2 twice and leaves 20-21 uncovered, so
    the intersections add up to the first layer's area although 16 m² are counted twice."""
    a = [box(1, 0, 21, 16)]
    b = [box(0, 0, 1, 1), box(0, 1, 1, 2), box(1, 0, 20, 16), box(1, 0, 2, 16)]
    overlay = assert_same_as_reference([a, b])
    assert overlay.repairs[1].overlap_pairs == 1 and overlay.repairs[1].overlap_area == pytest.approx(16.0)
    assert overlay.areas.sum() == pytest.approx(shapely.union_all(a + b).area)


def test_ground_covered_twice_with_the_centroid_of_the_ground_left_uncovered_is_found():
    """Covered twice on x 2-4, uncovered on x 0-1 and 5-6: same area, same centroid; the second
    moments differ."""
    overlay = assert_same_as_reference([[box(0, 0, 6, 1)], [box(1, 0, 5, 1), box(2, 0, 4, 1)]])
    assert overlay.repairs[1].overlap_pairs == 1
    assert overlay.areas.sum() == pytest.approx(6.0)


def test_overlaps_outside_the_other_layer_are_found_from_the_remainders():
    overlay = assert_same_as_reference([[box(0, 0, 10, 10), box(5, 0, 15, 10)], [box(100, 100, 101, 101)]])
    assert overlay.repairs[0].overlap_pairs == 1 and overlay.repairs[0].overlap_area == pytest.approx(50.0)


def test_clean_coverages_are_not_tested_pair_by_pair():
    from multiplan.core import progress

    a = [box(x, y, x + 10, y + 10) for x in range(0, 100, 10) for y in range(0, 100, 10)]
    b = [box(x + 3, y + 7, x + 13, y + 17) for x in range(0, 100, 10) for y in range(0, 100, 10)]
    progress.start_profile()
    try:
        overlay = assert_same_as_reference([a, b])
        names = [name for _, name, _, _ in progress.stage_times()]
    finally:
        progress._profile = None
    assert not [name for name in names if name.startswith("self-overlaps")], names
    assert [(r.overlap_pairs, r.overlap_area) for r in overlay.repairs] == [(0, 0.0), (0, 0.0)]


@settings(max_examples=150, deadline=None)
@given(st.lists(rectangles, min_size=2, max_size=4))
def test_testing_layers_by_the_overlay_gives_what_testing_them_first_gives(layers):
    assert_same_as_reference(layers)


def test_overlaps_on_both_sides_where_one_hides_the_others_remainder():
    """Hypothesis found it on Debian 13: the second layer's duplicate makes the first layer's
    feature look wholly covered, which hid the first layer's own overlap (x 30-31)."""
    first = [box(11, 0, 31, 1), box(30, 0, 32, 1)]
    second = [box(31, 0, 32, 1), box(31, 0, 32, 1)]
    overlay = assert_same_as_reference([first, second])
    assert overlay.areas.sum() == pytest.approx(21.0)
    assert overlay.repairs[0].overlap_pairs == 1 and overlay.repairs[1].overlap_pairs == 1


def test_an_empty_first_layer_leaves_the_next_one_tested():
    """Hypothesis found it: with layer 1 empty, layer 2's features are the pieces layer 3 is cut
    by; both overlap themselves (x 3-5 and x 23-24), and one hid the other's remainder."""
    layers = [[], [box(0, 0, 5, 1), box(3, 0, 23, 1)], [box(4, 0, 24, 1), box(23, 0, 24, 1)]]
    overlay = assert_same_as_reference([np.array(layer, dtype=object) for layer in layers])
    assert overlay.areas.sum() == pytest.approx(24.0)


def test_moments_of_simple_polygons_holes_and_multipolygons_in_one_array():
    """Single-ring polygons take a shortcut; holes, several parts, empties and nulls do not. Both
    kinds mixed in one array land on their own rows, whatever way the rings run."""
    from multiplan.core.overlay import _moments

    holed = box(0, 0, 10, 10).difference(box(2, 2, 4, 4))
    multi = shapely.MultiPolygon([box(0, 0, 1, 1), box(3, 3, 5, 6)])
    clockwise = shapely.Polygon([(0, 0), (0, 2), (3, 2), (3, 0)])
    geoms = np.array([box(0, 0, 2, 1), holed, None, clockwise, multi, shapely.Polygon(), box(5, 5, 6, 7)],
                     dtype=object)
    origins = np.array([[0, 0], [0, 0], [0, 0], [1, 1], [0, 0], [0, 0], [5, 5]], dtype=float)
    moments = _moments(geoms, origins)
    expected = [
        [2, 2, 1, 8 / 3, 1, 2 / 3],  # box 2 × 1 at the origin
        [96, 488, 488, 3296, 2464, 3296],  # 10 × 10 minus the 2 × 2 hole at (2, 2)
        [0] * 6,
        [6, 3, 0, 6, 0, 2],  # 3 × 2 taken about (1, 1): x from -1 to 2, y from -1 to 1
        [7, 0.5 + 24, 0.5 + 27, 1 / 3 + 98, 1 / 4 + 108, 1 / 3 + 126],  # 1 × 1 and 2 × 3 at (3, 3)
        [0] * 6,
        [2, 1, 2, 2 / 3, 1, 8 / 3],  # 1 × 2 about its corner
    ]
    assert moments == pytest.approx(np.array(expected, dtype=float))
