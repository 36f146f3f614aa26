"""core.suitability.scoring, core.suitability.rasterise and core.suitability.weighted on hand-built rasters with known answers.

Grid: EPSG:4527 on its central meridian, 10 m cells; the expected areas use the grid's own
ellipsoidal cell area (core.suitability.raster_blocks.cell_areas of the one window), so they are exact.
"""
import numpy as np
import pytest
import shapely
from osgeo import gdal, osr
from rasters import read_raster, write_raster

from multiplan.core.suitability.raster_blocks import Grid, cell_areas
from multiplan.core.suitability.rasterise import distance_raster, grid_for_bounds, rasterise
from multiplan.core.suitability.scoring import parse_scoring
from multiplan.core.suitability.weighted import Factor, ParcelRasters, evaluate_weighted, grade_parcels, style_grades

X0, Y0, CELL = 39_500_000.0, 3_500_000.0, 10.0
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)


def wkt():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    return srs.ExportToWkt()


def grid(width=4, height=4):
    return Grid(width, height, TRANSFORM, wkt())


def cell_area(width=4, height=4):
    return cell_areas(grid(width, height), np.arange(height)[:, None], (0, width))


# --------------------------------------------------------------------------- scoring

@pytest.mark.parametrize("text, values, expected", [
    ("ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1", [0, 2, 2.5, 6, 15.1, 30], [5, 5, 4, 4, 2, 1]),
    ("ranges: -10..0:1; 0..10:2", [-5, 0, 5, 11], [1, 1, 2, np.nan]),
    ("classes: 1:5; 3:1", [1, 2, 3], [5, np.nan, 1]),
    ("linear 0 10", [0, 5, 10, 20], [0, 0.5, 1, 1]),
    ("linear 10 0", [0, 5, 10], [1, 0.5, 0]),
    ("fuzzy-linear 0 10", [0, 2.5, 10], [0, 0.25, 1]),
    ("fuzzy - - 0 10", [0, 5, 10], [1, 0.5, 0]),
    ("values", [1.5, np.nan], [1.5, np.nan]),
    ("", [3.0], [3.0]),
])
def test_scoring_texts(text, values, expected):
    scores = parse_scoring(text).score(np.array(values, dtype=np.float32))
    np.testing.assert_allclose(scores, np.array(expected, dtype=np.float32), rtol=1e-6)


def test_linear_without_bounds_uses_the_whole_rasters_min_max():
    scoring = parse_scoring("linear desc")
    assert scoring.needs_min_max
    np.testing.assert_allclose(scoring.score(np.array([2.0, 4.0, 6.0]), 2.0, 6.0), [1.0, 0.5, 0.0])


def test_vector_prefixes():
    assert parse_scoring("ranges: ..500:5; 500..:1", vector=True).source == "distance"
    field = parse_scoring("field TRLX classes: 1:5; 2:1", vector=True)
    assert (field.source, field.field, field.method) == ("field", "TRLX", "classes")
    assert parse_scoring("field SCORE", vector=True).method == "values"


@pytest.mark.parametrize("text, message", [
    ("reclass: 1:2", "unknown scoring"),
    ("ranges: 1-2:5", "is not a range"),
    ("ranges:", "give the ranges"),
    ("ranges: 5..2:1", "above maximum"),
    ("linear a b", "linear MIN MAX"),
    ("fuzzy 1", "control points"),
    ("fuzzy 5 1", "increase"),
    ("distance ranges: ..1:1", "vector factors only"),
])
def test_scoring_errors_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_scoring(text)


# --------------------------------------------------------------------------- rasterise

def test_grid_for_bounds_snaps_to_the_cell_size():
    g = grid_for_bounds((105.0, 203.0, 131.0, 241.0), 10.0, wkt())
    assert (g.transform[0], g.transform[3], g.width, g.height) == (100.0, 250.0, 4, 5)
    with pytest.raises(ValueError, match="empty extent"):
        grid_for_bounds((0.0, 0.0, 0.0, 5.0), 10.0, wkt())


def test_rasterise_burns_values_by_cell_centre(tmp_path):
    g = grid()
    left = shapely.box(X0, Y0 - 40, X0 + 16, Y0)  # covers the centres of columns 0 and 1
    corner = shapely.box(X0 + 30, Y0 - 10, X0 + 40, Y0)
    burned = rasterise([left, corner, None], g, tmp_path / "ids.tif", values=[1, 2, 3], dtype="int32")
    assert burned.count == 2
    np.testing.assert_array_equal(read_raster(tmp_path / "ids.tif"),
                                  [[1, 1, np.nan, 2], [1, 1, np.nan, np.nan], [1, 1, np.nan, np.nan],
                                   [1, 1, np.nan, np.nan]])


def test_distance_raster_is_metres_between_cell_centres(tmp_path):
    g = grid(5, 1)
    line = shapely.LineString([(X0 + 1, Y0 - 5), (X0 + 2, Y0 - 5)])  # in column 0
    distance_raster([line], g, tmp_path / "d.tif")
    np.testing.assert_allclose(read_raster(tmp_path / "d.tif"), [[0, 10, 20, 30, 40]])
    distance_raster([], g, tmp_path / "none.tif")
    assert np.isnan(read_raster(tmp_path / "none.tif")).all()


# --------------------------------------------------------------------------- weighted evaluation

def factors(tmp_path):
    slope = np.array([[1, 1, 5, 5], [1, 1, 5, 5], [10, 10, 30, 30], [10, 10, 30, 30]], dtype=np.float32)
    distance = np.array([[0, 100, 200, 300]] * 4, dtype=np.float32)
    return [Factor("slope", write_raster(tmp_path / "slope.tif", slope, TRANSFORM),
                   parse_scoring("ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1")),
            Factor("distance", write_raster(tmp_path / "dist.tif", distance, TRANSFORM),
                   parse_scoring("linear 300 0"))]


def test_weighted_linear_combination_veto_given_breaks_and_areas(tmp_path):
    veto = np.zeros((4, 4), dtype=np.uint8)
    veto[0, 0] = 1
    result = evaluate_weighted(
        factors(tmp_path), [0.75, 0.25], tmp_path / "score.tif", tmp_path / "grade.tif",
        constraints=[write_raster(tmp_path / "veto.tif", veto, TRANSFORM)], breaks=[2.0, 3.5])
    slope_score = np.array([[5, 5, 4, 4], [5, 5, 4, 4], [3, 3, 1, 1], [3, 3, 1, 1]], dtype=np.float64)
    distance_score = np.array([[1, 2 / 3, 1 / 3, 0]] * 4)
    expected = 0.75 * slope_score + 0.25 * distance_score
    expected[0, 0] = 0.0  # vetoed
    np.testing.assert_allclose(read_raster(tmp_path / "score.tif"), expected, rtol=1e-6)
    grades = read_raster(tmp_path / "grade.tif")
    np.testing.assert_array_equal(grades, [[3, 1, 2, 2], [1, 1, 2, 2], [2, 2, 3, 3], [2, 2, 3, 3]])
    table = result.table.set_index("grade")
    area = cell_area()
    assert table.loc[1, "cells"] == 3 and table.loc[3, "cells"] == 5
    assert table.loc[3, "area_m2"] == pytest.approx(5 * area, rel=1e-12)
    assert str(table.loc[1, "name"]) == "适宜" and result.breaks == [2.0, 3.5]
    assert result.vetoed_m2 == pytest.approx(area, rel=1e-12)
    assert result.evaluated_m2 == pytest.approx(16 * area, rel=1e-12)
    assert abs(area - 100.0) < 1e-3  # on the central meridian the plane is nearly true to scale


def test_natural_breaks_and_nodata_propagate(tmp_path):
    fs = factors(tmp_path)
    holes = np.full((4, 4), 1.0, dtype=np.float32)
    holes[3, 3] = -9999.0
    fs.append(Factor("mask", write_raster(tmp_path / "holes.tif", holes, TRANSFORM, nodata=-9999.0),
                     parse_scoring("values")))
    result = evaluate_weighted(fs, [0.5, 0.25, 0.25], tmp_path / "s.tif", tmp_path / "g.tif", grades=3)
    assert np.isnan(read_raster(tmp_path / "s.tif")[3, 3]) and np.isnan(read_raster(tmp_path / "g.tif")[3, 3])
    assert len(result.breaks) == 2 and result.table["cells"].sum() == 15
    scores = read_raster(tmp_path / "s.tif")
    grades = read_raster(tmp_path / "g.tif")
    assert scores[grades == 1].min() > scores[grades == 2].max() > scores[grades == 3].max() - 1e9


def test_misaligned_factor_is_aligned_with_a_log_line(tmp_path):
    fs = factors(tmp_path)
    coarse = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    fs.append(Factor("coarse", write_raster(tmp_path / "coarse.tif", coarse, (X0, 20.0, 0, Y0, 0, -20.0)),
                     parse_scoring("values")))
    result = evaluate_weighted(fs, [0.4, 0.2, 0.4], tmp_path / "s.tif", tmp_path / "g.tif", breaks=[1.0])
    assert len(result.log) == 1 and result.log[0].en.startswith("factor “coarse”: cell 20 × 20 ≠ 10 × 10")
    assert "aligned on the fly to factor “slope”'s grid" in result.log[0].en
    scores = read_raster(tmp_path / "s.tif")
    assert scores[0, 0] == pytest.approx(0.4 * 5 + 0.2 * 1 + 0.4 * 1)  # nearest: coarse cell (0, 0) = 1
    assert scores[3, 3] == pytest.approx(0.4 * 1 + 0.2 * 0 + 0.4 * 4)


def test_parcels_get_area_weighted_mean_scores(tmp_path):
    fs = factors(tmp_path)
    g = grid()
    top_left = shapely.box(X0, Y0 - 20, X0 + 20, Y0)  # 4 cells of slope score 5, distance 1 and 2/3
    half_vetoed = shapely.box(X0 + 20, Y0 - 40, X0 + 40, Y0 - 20)  # 4 cells, slope 1
    tiny = shapely.box(X0 + 31, Y0 - 9, X0 + 33, Y0 - 7)  # inside one cell, holds no cell centre
    rasterise([top_left, half_vetoed], g, tmp_path / "ids.tif", values=[1, 2], dtype="int32")
    rasterise([tiny], g, tmp_path / "small.tif", values=[3], dtype="int32", all_touched=True)
    veto = np.zeros((4, 4), dtype=np.uint8)
    veto[2:4, 2] = 1
    result = evaluate_weighted(fs, [0.75, 0.25], tmp_path / "s.tif", tmp_path / "g.tif",
                               constraints=[write_raster(tmp_path / "veto.tif", veto, TRANSFORM)],
                               parcels=ParcelRasters(str(tmp_path / "ids.tif"), str(tmp_path / "small.tif"), 3),
                               breaks=[2.0, 3.5])
    parcels = result.parcels.set_index("parcel")
    assert parcels.loc[1, "score"] == pytest.approx(0.75 * 5 + 0.25 * (1 + 2 / 3) / 2, rel=1e-6)
    assert parcels.loc[1, "factor:slope"] == pytest.approx(5.0)
    assert parcels.loc[2, "veto_share"] == pytest.approx(0.5, rel=1e-12)
    assert parcels.loc[2, "score"] == pytest.approx(0.75 * 1 + 0.25 * 0.0, rel=1e-6)  # the non-vetoed column
    assert parcels.loc[3, "grid_area_m2"] == pytest.approx(cell_area(), rel=1e-12)  # the one cell it touches
    assert parcels.loc[3, "score"] == pytest.approx(0.75 * 4 + 0.25 * 0.0, rel=1e-6)
    grades = grade_parcels(parcels["score"], parcels["veto_share"], result.breaks, 3, veto_limit=0.4)
    assert grades.tolist() == [1, 3, 2]


def test_errors(tmp_path):
    fs = factors(tmp_path)
    with pytest.raises(ValueError, match="2 weights for 1 factors"):
        evaluate_weighted(fs[:1], [0.5, 0.5], tmp_path / "s.tif", tmp_path / "g.tif")
    all_vetoed = write_raster(tmp_path / "v.tif", np.ones((4, 4), dtype=np.uint8), TRANSFORM)
    with pytest.raises(ValueError, match="no cell has a value"):
        evaluate_weighted(fs, [0.5, 0.5], tmp_path / "s.tif", tmp_path / "g.tif", constraints=[all_vetoed])


def test_graded_raster_carries_colours_and_names(tmp_path):
    evaluate_weighted(factors(tmp_path), [0.5, 0.5], tmp_path / "s.tif", tmp_path / "g.tif", breaks=[1, 2, 3, 4])
    dataset = gdal.Open(str(tmp_path / "g.tif"))
    assert dataset.GetRasterBand(1).GetRasterColorTable().GetColorEntry(1)[:3] == (26, 150, 65)
    style = (tmp_path / "g.qml").read_text(encoding="utf-8")
    assert 'value="1" color="#1a9641" alpha="255" label="高"' in style and 'label="低"' in style
    assert style_grades(tmp_path / "missing.tif", {1: "a"}) is None


def test_admin_unit_rows_give_shares_of_the_county_and_merge_a_unit_drawn_twice():
    """Issue 19 §4: the 合计 share summed the units' own shares (7.0 for 7 units) and a code on two
    features gave repeated rows with a 小计 share of 2."""
    import pandas as pd

    from multiplan.core.suitability.suitability_report import duplicate_units, unit_rows

    zone_table = pd.DataFrame({"zone": [1, 1, 2, 3], "grade": [1, 2, 1, 1], "name": ["高", "低", "高", "高"],
                               "cells": [1, 3, 2, 2], "area_m2": [100.0, 300.0, 200.0, 200.0],
                               "area_ha": [0.01, 0.03, 0.02, 0.02], "area_mu": [0.15, 0.45, 0.3, 0.3],
                               "share": [0.25, 0.75, 1.0, 1.0]})  # per unit, as the tally gives it
    zones = {1: ("01", "甲镇"), 2: ("02", "乙镇"), 3: ("02", "乙镇")}  # 乙镇 drawn as two features
    rows = unit_rows(zone_table, zones)
    assert rows[["code", "grade", "area_m2"]].values.tolist() == [["01", 1, 100.0], ["01", 2, 300.0],
                                                                  ["02", 1, 400.0]]
    assert rows["share"].tolist() == pytest.approx([0.125, 0.375, 0.5]) and rows["share"].sum() == pytest.approx(1.0)
    assert duplicate_units(zones) == {"02": 2}
    # one code, two spellings of the name: still one unit (as the warning says), named by both
    spelled = unit_rows(zone_table, {1: ("01", "甲镇"), 2: ("02", "乙镇"), 3: ("02", "乙 镇")})
    assert spelled[["code", "unit", "grade", "area_m2"]].values.tolist() == [
        ["01", "甲镇", 1, 100.0], ["01", "甲镇", 2, 300.0], ["02", "乙镇、乙 镇", 1, 400.0]]
