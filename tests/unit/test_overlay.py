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
