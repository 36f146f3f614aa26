"""core.control_lines.siting: hard constraints on hand-built squares with exactly known areas, weights, scores
by hand, ranking and the reason text, and the raster helpers on tiny GeoTIFFs.

Coordinates: CGCS2000 / 3-degree Gauss-Krüger zone 39 (EPSG:4527), around (X0, Y0).
"""
import math

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from openpyxl import load_workbook
from shapely import box

from factories import geodesic_area, reproject
from rasters import write_raster

from multiplan.core.areas import polygon_areas
from multiplan.core.control_lines import site_ranking as rk
from multiplan.core.control_lines import siting as st
from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0 = 39_500_000.0, 3_500_000.0
CRS = "EPSG:4527"


def geodesic(geometry):
    """Ellipsoidal area by GeographicLib, independent of core."""
    return geodesic_area([geometry], CRS)


def square(x, y, side):
    return box(X0 + x, Y0 + y, X0 + x + side, Y0 + y + side)


def same_shape(a, b, tolerance=1e-6):
    return shapely.area(shapely.symmetric_difference(a, b)) < tolerance


# --------------------------------------------------------------------------- hard constraints

def test_a_candidate_half_inside_the_red_line_keeps_exactly_the_other_half():
    candidate = square(0, 0, 100)
    red_line = box(X0 - 50, Y0 - 50, X0 + 50, Y0 + 150)
    cut = st.cut_candidates([candidate], CRS, [st.Constraint(st.REDLINE, st.exclusion_areas([red_line]))])
    half = box(X0 + 50, Y0, X0 + 100, Y0 + 100)
    assert len(cut.geometries) == 1 and same_shape(cut.geometries[0], half)
    assert cut.area_m2[0] == pytest.approx(geodesic(half), rel=1e-7)
    assert cut.area_m2[0] == pytest.approx(polygon_areas([half], CRS)[0], rel=1e-12)
    assert cut.candidate_area_m2[0] == pytest.approx(geodesic(candidate), rel=1e-7)
    assert cut.removed_m2[st.REDLINE] == pytest.approx(geodesic(box(X0, Y0, X0 + 50, Y0 + 100)), rel=1e-7)
    assert list(cut.candidate) == [0] and list(cut.part) == [0]


def test_constraints_apply_in_order_and_each_drop_is_counted_once():
    inside_both = square(0, 0, 50)
    on_farmland = square(200, 0, 50)
    clear = square(400, 0, 50)
    red_line = square(-10, -10, 70)
    farmland = [square(-10, -10, 70), square(190, -10, 70)]
    cut = st.cut_candidates([inside_both, on_farmland, clear, None], CRS, [
        st.Constraint(st.REDLINE, st.exclusion_areas([red_line])),
        st.Constraint(st.FARMLAND, st.exclusion_areas(farmland))])
    assert list(cut.candidate) == [2]
    assert list(cut.dropped_reason) == [st.REDLINE, st.FARMLAND, None, st.NO_GEOMETRY]
    drops = cut.drops.set_index("reason")
    assert drops.loc[st.REDLINE, "count"] == 1 and drops.loc[st.FARMLAND, "count"] == 1
    assert drops.loc[st.NO_GEOMETRY, "count"] == 1
    assert drops.loc[st.FARMLAND, "area_m2"] == pytest.approx(geodesic(on_farmland), rel=1e-7)
    # farmland removes only what the red line left: the second candidate
    assert cut.removed_m2[st.FARMLAND] == pytest.approx(geodesic(on_farmland), rel=1e-7)


def test_a_road_buffer_splits_a_candidate_into_two_sites():
    candidate = square(0, 0, 100)
    road = shapely.LineString([(X0 + 50, Y0 - 100), (X0 + 50, Y0 + 200)])
    buffer = st.exclusion_areas([road], 10.0)
    cut = st.cut_candidates([candidate], CRS, [st.Constraint(st.ROAD_BUFFER, buffer)])
    west, east = box(X0, Y0, X0 + 40, Y0 + 100), box(X0 + 60, Y0, X0 + 100, Y0 + 100)
    assert len(cut.geometries) == 2 and sorted(cut.part) == [1, 2]
    assert {tuple(np.round(g.bounds, 6)) for g in cut.geometries} == {west.bounds, east.bounds}
    for geometry, area in zip(cut.geometries, cut.area_m2):
        assert area == pytest.approx(geodesic(geometry), rel=1e-7)
    whole = st.cut_candidates([candidate], CRS, [st.Constraint(st.ROAD_BUFFER, buffer)], split=False)
    assert len(whole.geometries) == 1 and list(whole.part) == [0]
    assert whole.area_m2[0] == pytest.approx(geodesic(west) + geodesic(east), rel=1e-7)


def test_lines_without_buffer_exclude_nothing_and_polygons_without_buffer_exclude_themselves():
    line = shapely.LineString([(X0, Y0), (X0 + 100, Y0 + 100)])
    assert len(st.exclusion_areas([line], 0.0)) == 0
    pond = square(0, 0, 10)
    assert [g.area for g in st.exclusion_areas([pond, None], 0.0)] == [100.0]
    buffered = st.exclusion_areas([shapely.Point(X0, Y0)], 10.0)
    assert buffered[0].area == pytest.approx(math.pi * 100, rel=2e-3)


def test_urban_sites_are_clipped_to_the_boundary():
    half_in = square(0, 0, 100)
    outside = square(500, 0, 100)
    boundary = box(X0 - 100, Y0 + 30, X0 + 200, Y0 + 300)
    cut = st.cut_candidates([half_in, outside], CRS, [st.Constraint(st.BOUNDARY, [boundary], keep_inside=True)])
    assert len(cut.geometries) == 1 and same_shape(cut.geometries[0], box(X0, Y0 + 30, X0 + 100, Y0 + 100))
    assert list(cut.dropped_reason) == [None, st.BOUNDARY]
    assert cut.removed_m2[st.BOUNDARY] == pytest.approx(
        geodesic(box(X0, Y0, X0 + 100, Y0 + 30)) + geodesic(outside), rel=1e-7)


def test_sites_outside_the_area_range_are_dropped_with_their_reason():
    small, fits, large = square(0, 0, 20), square(100, 0, 40), square(300, 0, 100)  # 0.6, 2.4, 15 亩
    cut = st.cut_candidates([small, fits, large], CRS, [], min_area_m2=1 * SQUARE_METRES_PER_MU,
                            max_area_m2=10 * SQUARE_METRES_PER_MU)
    assert list(cut.candidate) == [1]
    assert list(cut.dropped_reason) == [st.TOO_SMALL, None, st.TOO_LARGE]
    drops = cut.drops.set_index("reason")
    assert drops.loc[st.TOO_SMALL, "count"] == 1 and drops.loc[st.TOO_LARGE, "count"] == 1
    assert drops.loc[st.TOO_SMALL, "area_m2"] == pytest.approx(geodesic(small), rel=1e-7)
    assert drops.loc[st.TOO_LARGE, "area_m2"] == pytest.approx(geodesic(large), rel=1e-7)
    assert st.NO_GEOMETRY not in drops.index


def test_the_pieces_of_a_candidate_are_judged_one_by_one():
    candidate = square(0, 0, 100)
    road = shapely.LineString([(X0 + 80, Y0 - 10), (X0 + 80, Y0 + 110)])
    cut = st.cut_candidates([candidate], CRS, [st.Constraint(st.ROAD_BUFFER, st.exclusion_areas([road], 5.0))],
                            min_area_m2=5 * SQUARE_METRES_PER_MU)  # 75 × 100 m kept, 15 × 100 m (2.25 亩) dropped
    assert len(cut.geometries) == 1 and list(cut.part) == [1]
    assert same_shape(cut.geometries[0], box(X0, Y0, X0 + 75, Y0 + 100))
    assert cut.drops.set_index("reason").loc[st.TOO_SMALL, "count"] == 1


def test_merge_touching_makes_patches_and_remembers_their_parcels():
    a, b, c = square(0, 0, 10), square(10, 0, 10), square(100, 0, 10)
    patches, members = st.merge_touching([a, None, b, c])
    assert len(patches) == 2
    by_area = sorted(zip((p.area for p in patches), members))
    assert by_area == [(100.0, [3]), (200.0, [0, 2])]


# --------------------------------------------------------------------------- weights

def test_weights_are_read_by_english_or_chinese_names():
    assert rk.parse_weights(rk.DEFAULT_WEIGHTS) == {"suitability": 0.4, "road": 0.2, "town": 0.2, "slope": 0.1,
                                                    "compactness": 0.1}
    assert rk.parse_weights("适宜性＝3；道路：1, Slope=0") == {"suitability": 3.0, "road": 1.0, "slope": 0.0}


@pytest.mark.parametrize("text, message", [
    ("", "no weights"), ("beauty=1", "unknown factor"), ("road=high", "not a number"), ("road=-1", "not negative"),
    ("road=1;道路=2", "twice"), ("road=0;town=0", "all weights are 0"), ("road", "not factor=weight")])
def test_bad_weights_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        rk.parse_weights(text)


def test_weights_of_missing_factors_are_left_out_and_the_rest_normalised():
    weights = rk.resolve_weights(rk.parse_weights(rk.DEFAULT_WEIGHTS), {st.ROAD, st.TOWN, st.COMPACTNESS})
    assert weights.weights == pytest.approx({"road": 0.4, "town": 0.4, "compactness": 0.2})
    assert weights.unavailable == [st.SUITABILITY, st.SLOPE] and weights.normalised
    exact = rk.resolve_weights({"road": 0.5, "compactness": 0.5}, {st.ROAD, st.COMPACTNESS})
    assert not exact.normalised
    with pytest.raises(ValueError, match="suitability needs its data"):
        rk.resolve_weights({"suitability": 1.0}, {st.COMPACTNESS})


# --------------------------------------------------------------------------- scores and ranking

RULES = rk.ScoringRules(suitability_low=0.0, suitability_high=1.0, road_limit_m=1000.0, town_limit_m=10000.0,
                        slope_limit_deg=25.0)


def test_factor_scores_follow_their_documented_direction():
    scores = rk.factor_scores({st.SUITABILITY: [0.8, np.nan], st.ROAD: [100, 5000], st.TOWN: [2000, 0],
                               st.SLOPE: [5, 30], st.COMPACTNESS: [math.pi / 4, 1.0]}, RULES)
    assert scores[st.SUITABILITY][0] == pytest.approx(80) and np.isnan(scores[st.SUITABILITY][1])
    assert list(scores[st.ROAD]) == pytest.approx([90, 0])  # beyond the limit: 0, not negative
    assert list(scores[st.TOWN]) == pytest.approx([80, 100])
    assert list(scores[st.SLOPE]) == pytest.approx([80, 0])
    assert list(scores[st.COMPACTNESS]) == pytest.approx([78.5398, 100], rel=1e-5)
    graded = rk.ScoringRules(suitability_low=5.0, suitability_high=1.0)  # grades, 1 = best
    assert list(rk.factor_scores({st.SUITABILITY: [1, 2, 5]}, graded)[st.SUITABILITY]) == pytest.approx([100, 75, 0])


def test_sites_are_ranked_by_hand_computed_totals_with_reasons():
    table = pd.DataFrame({"id": ["A", "B", "C", "D"], "area_m2": [1000.0, 2000.0, 3000.0, 500.0]})
    values = {st.SUITABILITY: np.array([0.8, 0.5, 0.9, np.nan]), st.ROAD: np.array([100.0, 0.0, 2500.0, 0.0]),
              st.TOWN: np.array([2000.0, 5000.0, 1000.0, 0.0]), st.SLOPE: np.array([5.0, 0.0, 10.0, 0.0]),
              st.COMPACTNESS: np.array([math.pi / 4, 0.5, 0.6, 1.0])}
    weights = rk.resolve_weights(rk.parse_weights(rk.DEFAULT_WEIGHTS), set(st.FACTORS))
    ranked = rk.rank_sites(table, values, weights, RULES)
    expected = {"A": 0.4 * 80 + 0.2 * 90 + 0.2 * 80 + 0.1 * 80 + 0.1 * 100 * math.pi / 4,  # 81.854
                "B": 0.4 * 50 + 0.2 * 100 + 0.2 * 50 + 0.1 * 100 + 0.1 * 50,  # 65
                "C": 0.4 * 90 + 0.2 * 0 + 0.2 * 90 + 0.1 * 60 + 0.1 * 60,  # 66
                "D": 0.4 * 0 + 0.2 * 100 + 0.2 * 100 + 0.1 * 100 + 0.1 * 100}  # 60: no suitability value scores 0
    assert list(ranked["id"]) == ["A", "C", "B", "D"]
    assert list(ranked["rank"]) == [1, 2, 3, 4]
    assert dict(zip(ranked["id"], ranked["total"])) == pytest.approx(expected)
    assert list(ranked["position"]) == [0, 2, 1, 3]
    reason = ranked.loc[0, "reason"]
    for part in ("适宜性 0.8 → 80 (0.40)", "距道路 100 m → 90 (0.20)", "距城镇 2.00 km → 80 (0.20)",
                 "坡度 5.0° → 80 (0.10)", "紧凑度 0.79 → 79 (0.10)", "综合 81.9"):
        assert part in reason
    assert "适宜性 无数据 → 0 (0.40)" in ranked.loc[3, "reason"]
    assert ranked.loc[0, "reason_en"].startswith("suitability 0.8 → 80 (0.40) · road 100 m → 90 (0.20)")


def test_equal_totals_rank_the_larger_site_first_and_unweighted_factors_stay_out_of_the_reason():
    table = pd.DataFrame({"id": ["small", "large"], "area_m2": [100.0, 900.0]})
    values = {st.ROAD: np.array([200.0, 200.0]), st.COMPACTNESS: np.array([0.5, 0.9])}
    weights = rk.resolve_weights({"road": 1.0}, {st.ROAD, st.COMPACTNESS})
    ranked = rk.rank_sites(table, values, weights, RULES)
    assert list(ranked["id"]) == ["large", "small"] and list(ranked["total"]) == pytest.approx([80, 80])
    assert "紧凑度" not in ranked.loc[0, "reason"] and ranked.loc[0, "compactness_score"] == pytest.approx(90)


def test_nearest_distances_and_compactness():
    sites = [square(0, 0, 10), square(100, 0, 10)]
    towns = [shapely.Point(X0 + 5, Y0 + 40), shapely.Point(X0 + 200, Y0 + 5)]
    assert list(st.nearest_distances(sites, towns)) == pytest.approx([30.0, 90.0])
    assert np.isnan(st.nearest_distances(sites, [])).all()
    assert st.compactness([square(0, 0, 10)])[0] == pytest.approx(math.pi / 4)
    assert st.compactness([shapely.Point(X0, Y0).buffer(100, quad_segs=256)])[0] == pytest.approx(1.0, abs=1e-4)


# --------------------------------------------------------------------------- rasters

CELL = 10.0
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)


def test_zonal_means_of_a_raster_and_of_its_slope(tmp_path):
    values = np.arange(36, dtype=np.float32).reshape(6, 6)
    values[5, 5] = -9999.0
    path = write_raster(tmp_path / "s.tif", values, TRANSFORM, nodata=-9999.0)
    top_left = box(X0, Y0 - 20, X0 + 20, Y0)  # cells 0, 1, 6, 7
    tiny = box(X0 + 41, Y0 - 9, X0 + 44, Y0 - 1)  # inside cell (0, 4): takes the cell it touches
    bottom_right = box(X0 + 40, Y0 - 60, X0 + 60, Y0 - 40)  # cells 28, 29, 34 and nodata
    outside = box(X0 + 1000, Y0, X0 + 1020, Y0 + 20)
    means = st.zonal_means([top_left, tiny, bottom_right, outside], CRS, path)
    assert means[:3] == pytest.approx([3.5, 4.0, (28 + 29 + 34) / 3])
    assert np.isnan(means[3])
    plane = (np.arange(6, dtype=np.float32)[None, :] * 2.0).repeat(6, axis=0)  # rises 2 m per 10 m eastwards
    dem = write_raster(tmp_path / "dem.tif", plane, TRANSFORM)
    slopes = st.zonal_means([top_left, bottom_right], CRS, dem, slope=True)
    assert slopes == pytest.approx([math.degrees(math.atan(0.2))] * 2, rel=1e-6)


def test_zonal_means_reproject_the_sites_to_the_raster(tmp_path):
    values = np.arange(36, dtype=np.float32).reshape(6, 6)
    path = write_raster(tmp_path / "s.tif", values, TRANSFORM)
    site = box(X0 + 1, Y0 - 19, X0 + 19, Y0 - 1)
    lonlat = reproject(site, CRS, "EPSG:4490")
    assert st.zonal_means([lonlat], "EPSG:4490", path)[0] == pytest.approx(3.5)


def test_raster_patches_are_the_contiguous_cells_above_the_threshold(tmp_path):
    grid = np.array([[5, 5, 0, 0], [5, 0, 0, 4], [0, 0, 4, 0], [9, 0, 0, 3]], dtype=np.float32)
    path = write_raster(tmp_path / "suit.tif", grid, TRANSFORM)
    polygons, crs_wkt, cells = st.raster_patches(path, 4.0)  # the diagonal 4s are two patches
    assert cells == 6 and sorted(p.area for p in polygons) == [100.0, 100.0, 100.0, 300.0]
    assert pyproj.CRS.from_wkt(crs_wkt).to_epsg() == 4527
    low, _, cells = st.raster_patches(path, 0.0, higher_is_better=False)
    assert cells == 9 and sorted(p.area for p in low) == [100.0, 800.0]


def test_report_has_ranked_dropped_and_notes_sheets(tmp_path):
    table = pd.DataFrame({"id": ["A"], "area_m2": [2000.0], "source": ["空闲地"], "source_ids": ["1,2"],
                          "candidate_area_m2": [2500.0]})
    weights = rk.resolve_weights({"road": 1.0}, {st.ROAD, st.COMPACTNESS})
    ranked = rk.rank_sites(table, {st.ROAD: np.array([300.0]), st.COMPACTNESS: np.array([0.7])}, weights, RULES)
    cut = st.cut_candidates([square(0, 0, 10)], CRS, [], min_area_m2=1000.0)
    path = rk.write_report(tmp_path / "选址.xlsx", ranked, cut.drops, [st.ROAD, st.COMPACTNESS], "note", ["a line"])
    workbook = load_workbook(path)
    assert workbook.sheetnames == list(rk.SHEET_NAMES)
    sheet = workbook["选址排序"]
    headers = [sheet.cell(3, column).value for column in range(1, sheet.max_column + 1)]
    assert "距道路（米）\nRoad (m)" in headers and "适宜性\nSuitability" not in headers
    assert sheet.cell(4, 1).value == 1 and sheet.cell(4, 2).value == "A"
    assert sheet.cell(4, 7).value == pytest.approx(3.0)  # 2000 m² = 3 亩
    dropped = workbook["剔除统计"]
    assert dropped.cell(4, 1).value == "可用面积小于下限" and dropped.cell(4, 4).value == 1
