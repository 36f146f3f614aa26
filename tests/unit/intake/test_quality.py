"""core.intake.quality: validity, duplicates, overlaps, gaps and slivers on hand-built parcels.

Coordinates are EPSG:4527 metres (factories' origin), so every area below is exact.
"""
import numpy as np
import pytest
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, bowtie, square
from multiplan.core.intake.quality import (EMPTY_GEOMETRY, INVALID_REASONS, SANDIAO_MIN_MAPPING_AREA, find_duplicates,
                                           find_gaps, find_invalid, find_overlaps, find_slivers, merge_slivers,
                                           reason_text, repair_geometries)
from multiplan.core.progress import Cancelled
from multiplan.core.report import Text


def at(dx, dy, side=100):
    """A square of ``side`` metres, ``dx, dy`` metres from the factories' origin."""
    return square(side, X0 + dx, Y0 + dy)


def rect(dx0, dy0, dx1, dy1):
    return shapely.box(X0 + dx0, Y0 + dy0, X0 + dx1, Y0 + dy1)


def array(*geoms):
    return np.array(geoms, dtype=object)


def grid_3x3(without_centre=True):
    cells = [at(100 * i, 100 * j) for j in range(3) for i in range(3)]
    if without_centre:
        del cells[4]
    return np.array(cells, dtype=object)


def jittered_coverage(nx, ny, seed, side=50.0, jitter=0.3):
    """A true coverage: quadrilaterals between the nodes of a randomly jittered grid.

    Neighbours share their nodes exactly, so there are no gaps or overlaps; a jitter under half
    the spacing keeps every quadrilateral simple.
    """
    rng = np.random.default_rng(seed)
    xs, ys = np.meshgrid(np.arange(nx + 1) * side, np.arange(ny + 1) * side)
    xs = X0 + xs + rng.uniform(-jitter, jitter, xs.shape) * side
    ys = Y0 + ys + rng.uniform(-jitter, jitter, ys.shape) * side
    i, j = (a.ravel() for a in np.meshgrid(np.arange(nx), np.arange(ny)))
    ring_i = np.stack([i, i + 1, i + 1, i, i], axis=1)
    ring_j = np.stack([j, j, j + 1, j + 1, j], axis=1)
    return shapely.polygons(np.stack([xs[ring_j, ring_i], ys[ring_j, ring_i]], axis=2))


# --------------------------------------------------------------------------- overlaps

def test_squares_overlapping_by_10_m_overlap_by_exactly_1000_m2():
    overlaps = find_overlaps(array(at(0, 0), at(90, 0)))
    assert overlaps[["index_a", "index_b"]].values.tolist() == [[0, 1]]
    assert overlaps["area"].tolist() == [1000.0]
    assert overlaps["geometry"][0].equals(rect(90, 0, 100, 100))


def test_touching_squares_do_not_overlap():
    assert find_overlaps(array(at(0, 0), at(100, 0), at(0, 100), at(100, 100))).empty


def test_min_area_keeps_only_larger_overlaps():
    geoms = array(at(0, 0), at(90, 0), at(0, 300), at(0, 399.99))  # overlaps of 1000 m² and 1 m²
    assert find_overlaps(geoms)["area"].tolist() == pytest.approx([1000.0, 1.0])
    assert find_overlaps(geoms, min_area=2.0)["area"].tolist() == [1000.0]
    assert find_overlaps(geoms, min_area=1000.0).empty  # strictly greater


def test_polygon_inside_another_is_an_overlap():
    overlaps = find_overlaps(array(at(0, 0), at(25, 25, side=50)))
    assert overlaps["area"].tolist() == [2500.0]


def test_invalid_input_is_repaired_on_a_copy_before_overlaying():
    geoms = array(bowtie(100), at(0, 0))
    overlaps = find_overlaps(geoms)
    assert overlaps["area"].tolist() == [5000.0]  # the two triangles of the bow-tie
    assert not geoms[0].is_valid  # the caller's geometry is untouched


# --------------------------------------------------------------------------- gaps

def test_grid_without_centre_has_one_gap_of_exactly_one_hectare():
    gaps = find_gaps(grid_3x3(), boundary=rect(0, 0, 300, 300))
    assert gaps["area"].tolist() == [10_000.0]
    assert gaps["geometry"][0].equals(at(100, 100))


def test_without_boundary_gaps_are_the_holes_of_the_union():
    assert find_gaps(grid_3x3())["area"].tolist() == [10_000.0]
    assert find_gaps(grid_3x3(without_centre=False)).empty  # the outside is not a gap


def test_boundary_parts_outside_every_polygon_are_gaps():
    gaps = find_gaps(grid_3x3(without_centre=False), boundary=rect(0, 0, 300, 400))
    assert gaps["area"].tolist() == [30_000.0]


def test_gap_cut_by_tile_borders_is_merged_into_one_gap():
    # 70 m tiles cut the 100 m hole into several pieces in several tiles.
    for boundary in (rect(0, 0, 300, 300), None):
        gaps = find_gaps(grid_3x3(), boundary=boundary, tile_size=70.0)
        assert gaps["area"].tolist() == [10_000.0]
        assert shapely.equals(gaps["geometry"][0], at(100, 100))


def test_min_area_filters_gaps():
    cells = grid_3x3()
    cells[0] = rect(0, 0, 99, 100)  # a 1 m wide gap of 100 m² beside the hole of 10,000 m²
    assert sorted(find_gaps(cells, boundary=rect(0, 0, 300, 300))["area"]) == [100.0, 10_000.0]
    assert find_gaps(cells, boundary=rect(0, 0, 300, 300), min_area=100.0)["area"].tolist() == [10_000.0]


# --------------------------------------------------------------------------- validity

def test_bow_tie_is_invalid_with_self_intersection_at_its_crossing():
    invalid = find_invalid(array(at(0, 0), bowtie(100)))
    assert invalid["index"].tolist() == [1]
    assert invalid["reason"].tolist() == ["Self-intersection"]
    assert (invalid["x"][0], invalid["y"][0]) == (X0 + 50, Y0 + 50)


def test_every_geos_reason_has_chinese_words_without_english():
    """A Chinese report quotes no GEOS English: every reason GEOS gives has a Chinese wording."""
    from deliverables import english_sentences, english_words

    reasons = [shapely.is_valid_reason(g) for g in (
        bowtie(10), shapely.Polygon([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2), (1, 1), (0, 0)]),
        shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 1)], [[(2, 2), (3, 2), (3, 3), (2, 3)]]),
        shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(0, 5), (5, 0), (10, 5), (5, 10)]]),
        shapely.from_wkt("POLYGON((0 0, 1 1, 0 0))"))] + list(INVALID_REASONS)
    for reason in reasons:
        text = reason_text(reason)
        assert english_sentences(text.zh) == [] and english_words(text.zh) == [], (reason, text.zh)
        assert "[" not in text.en and text.en == reason.split("[")[0]
    assert reason_text("Self-intersection[39500050 3500050]") == Text("自相交", "Self-intersection")


def test_null_and_empty_geometries_are_reported_as_empty():
    invalid = find_invalid(array(None, at(0, 0), shapely.Polygon()))
    assert invalid["index"].tolist() == [0, 2]
    assert invalid["reason"].tolist() == [EMPTY_GEOMETRY, EMPTY_GEOMETRY]
    assert invalid["x"].isna().all()


def test_repair_keeps_polygonal_parts_and_flags_changes():
    geoms = array(at(0, 0), bowtie(100), None)
    repaired, changed = repair_geometries(geoms)
    assert changed.tolist() == [False, True, False]
    assert repaired[0] is geoms[0] and repaired[2] is None
    assert repaired[1].geom_type == "MultiPolygon" and repaired[1].area == 5000.0
    assert not geoms[1].is_valid


def test_repair_drops_lines_from_collections():
    collection = shapely.GeometryCollection([at(0, 0), shapely.LineString([(X0, Y0), (X0 - 50, Y0)])])
    repaired, changed = repair_geometries(array(collection))
    assert changed.tolist() == [True]
    assert repaired[0].geom_type == "MultiPolygon" and repaired[0].area == 10_000.0


# --------------------------------------------------------------------------- duplicates

def test_exact_duplicate_pair_is_found():
    duplicates = find_duplicates(array(at(0, 0), at(100, 0), at(0, 0), None, None))
    assert duplicates[["index_a", "index_b"]].values.tolist() == [[0, 2]]


def test_duplicates_ignore_vertex_order_and_collinear_vertices():
    original = at(0, 0)
    reversed_start = shapely.Polygon(original.exterior.coords[::-1][1:] + original.exterior.coords[::-1][:1])
    with_extra_vertex = shapely.Polygon([(X0, Y0), (X0 + 50, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100),
                                         (X0, Y0 + 100)])
    duplicates = find_duplicates(array(original, reversed_start, with_extra_vertex, at(0, 0, side=99)))
    assert duplicates[["index_a", "index_b"]].values.tolist() == [[0, 1], [0, 2], [1, 2]]


# --------------------------------------------------------------------------- slivers

def test_10_m_square_is_a_sliver_under_400_m2():
    slivers = find_slivers(array(at(0, 0), at(200, 0, side=10)))
    assert slivers.to_dict("records") == [{"index": 1, "code": None, "area": 100.0, "width_ok": True,
                                          "threshold": 400.0, "reason": "area < threshold"}]


def test_1_m_strip_is_flagged_by_width_though_its_area_is_500_m2():
    slivers = find_slivers(array(rect(0, 0, 500, 1), at(0, 100)))
    assert slivers["index"].tolist() == [0]
    assert slivers["area"].tolist() == [500.0]
    assert slivers["width_ok"].tolist() == [False]
    assert slivers["reason"].tolist() == ["width < min_width"]
    assert find_slivers(array(rect(0, 0, 500, 1)), min_width=None).empty


def test_sandiao_thresholds_follow_the_longest_code_prefix():
    geoms = array(at(0, 0, side=12), at(0, 100, side=18), at(0, 200, side=22), at(0, 300, side=22),
                  at(0, 400, side=22), at(0, 500, side=18))  # 144, 324, 484, 484, 484, 324 m²
    codes = ["0702", "0101", "1101", "1104", "0404", None]
    slivers = find_slivers(geoms, codes, SANDIAO_MIN_MAPPING_AREA, default_min_area=300.0)
    assert slivers["index"].tolist() == [0, 1, 2, 4]
    assert slivers["threshold"].tolist() == [200.0, 400.0, 600.0, 600.0]
    assert SANDIAO_MIN_MAPPING_AREA["1104"] == 400.0  # 坑塘水面 overrides 11 (600 m²)


def test_sliver_thresholds_are_configurable():
    thresholds = {**SANDIAO_MIN_MAPPING_AREA, "0702": 100.0}
    assert find_slivers(array(at(0, 0, side=12)), ["0702"], thresholds).empty


def test_sliver_merges_into_the_neighbour_sharing_the_longer_edge():
    left, right = at(0, 0), at(100, 0)
    sliver = rect(90, 100, 120, 110)  # 10 m shared with ``left``, 20 m with ``right``, 300 m²
    lonely = at(500, 500, side=10)
    geoms = array(left, right, sliver, lonely)
    merged, mapping = merge_slivers(geoms, [2, 3])
    assert merged[0] is geoms[0] and merged[1].area == 10_300.0 and merged[2] is None
    assert merged[1].geom_type == "Polygon"
    assert merged[3] is geoms[3]
    assert mapping["sliver_index"].tolist() == [2, 3]
    assert mapping["target_index"].tolist() == [1, pd_na()]
    assert mapping["shared_length"].tolist() == [20.0, 0.0]
    assert mapping["merged"].tolist() == [True, False]
    assert geoms[2] is sliver and geoms[1] is right  # the input is not modified


def test_several_slivers_can_join_one_target():
    geoms = array(at(0, 0), rect(0, 100, 10, 110), rect(50, 100, 60, 110), rect(100, 0, 110, 10))
    merged, mapping = merge_slivers(geoms, [1, 2, 3])
    assert mapping["target_index"].tolist() == [0, 0, 0]
    assert merged[0].area == 10_300.0 and list(merged[1:]) == [None, None, None]


def test_slivers_are_not_targets():
    geoms = array(rect(0, 0, 10, 10), rect(10, 0, 20, 10))
    merged, mapping = merge_slivers(geoms, [0, 1])
    assert not mapping["merged"].any() and list(merged) == list(geoms)


def pd_na():
    import pandas as pd

    return pd.NA


# --------------------------------------------------------------------------- progress

CHECKS = {
    "find_invalid": lambda geoms, progress: find_invalid(geoms, progress=progress, chunk_size=2),
    "find_duplicates": lambda geoms, progress: find_duplicates(geoms, progress=progress),
    "find_overlaps": lambda geoms, progress: find_overlaps(geoms, progress=progress, chunk_size=2),
    "find_gaps": lambda geoms, progress: find_gaps(geoms, progress=progress, tile_size=70.0),
    "find_slivers": lambda geoms, progress: find_slivers(geoms, progress=progress, chunk_size=2),
    "merge_slivers": lambda geoms, progress: merge_slivers(geoms, [0], progress=progress),
    "repair_geometries": lambda geoms, progress: repair_geometries(geoms, progress=progress),
}


@pytest.mark.parametrize("check", CHECKS)
def test_progress_is_reported_up_to_one(check):
    fractions = []
    CHECKS[check](grid_3x3(), fractions.append)
    assert fractions and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and all(0.0 <= f <= 1.0 for f in fractions)


@pytest.mark.parametrize("check", CHECKS)
def test_cancelling_stops_the_check(check):
    def cancel(fraction):
        raise Cancelled()

    with pytest.raises(Cancelled):
        CHECKS[check](grid_3x3(), cancel)


# --------------------------------------------------------------------------- property

@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("tile_size", [None, 180.0])
def test_random_coverage_has_no_gaps_or_overlaps_until_polygons_are_removed(seed, tile_size):
    nx = ny = 20
    coverage = jittered_coverage(nx, ny, seed)
    assert find_overlaps(coverage).empty
    assert find_gaps(coverage, tile_size=tile_size).empty
    boundary = shapely.union_all(coverage)
    assert find_gaps(coverage, boundary=boundary, tile_size=tile_size).empty

    rng = np.random.default_rng(seed)
    rows = rng.choice(np.arange(2, ny - 2), 3, replace=False)  # never neighbours: rows differ by ≥1,
    cols = np.array([3, 9, 15])  # columns by 6, and every cell has coverage all around
    removed = rows * nx + cols
    remaining = np.delete(coverage, removed)
    expected = shapely.area(coverage[removed]).sum()
    for region in (None, boundary):
        gaps = find_gaps(remaining, boundary=region, tile_size=tile_size)
        assert len(gaps) == 3
        assert gaps["area"].sum() == pytest.approx(expected, rel=1e-9)
    assert find_overlaps(remaining).empty


def test_overlaps_of_polygons_on_which_geos_relate_throws_are_still_decided():
    """Two valid polygons of a real blueprint (tests/data, exact WKT) on which GEOS 3.11's relate
    throws "side location conflict": they touch without overlapping, and the check says so
    instead of failing."""
    from pathlib import Path

    from multiplan.core.intake.quality import find_overlaps

    text = (Path(__file__).resolve().parents[2] / "data" / "relate_side_location_conflict.wkt").read_text()
    first, second = (shapely.from_wkt(line) for line in text.splitlines())
    assert shapely.is_valid(first) and shapely.is_valid(second)
    assert find_overlaps(np.array([first, second], dtype=object)).empty
    moved = shapely.affinity.translate(second, xoff=-5.0)  # now they do overlap
    found = find_overlaps(np.array([first, moved], dtype=object))
    assert len(found) == 1 and found["area"].iloc[0] == pytest.approx(shapely.intersection(first, moved).area)
