"""core.suitability.rules and core.suitability.guideline on planes of known slope and level rasters of known values."""
import math

import numpy as np
import pytest
from rasters import read_raster, write_raster

from multiplan.core.suitability import guideline, rules
from multiplan.core.suitability.raster_blocks import Grid, cell_areas

X0, Y0, CELL, N = 39_500_000.0, 3_500_000.0, 10.0, 20
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)


def plane(degrees, n=N):
    """A DEM rising eastwards at ``degrees``: Horn's slope of a plane is exact."""
    x = (np.arange(n) + 0.5) * CELL
    return np.tile(100.0 + x * math.tan(math.radians(degrees)), (n, 1)).astype(np.float64)


def dem_file(tmp_path, degrees, name="dem.tif"):
    return write_raster(tmp_path / name, plane(degrees), TRANSFORM)


def levels_file(tmp_path, name, value, n=N):
    return write_raster(tmp_path / name, np.full((n, n), value, dtype=np.uint8), TRANSFORM)


def cell_area():
    srs_grid = Grid(N, N, TRANSFORM, _wkt())
    return cell_areas(srs_grid, np.arange(N)[:, None], (0, N))


def _wkt():
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    return srs.ExportToWkt()


# --------------------------------------------------------------------------- rules

def test_default_matrices_read_as_in_the_guideline_tables():
    agricultural = rules.matrix_table("agricultural_land_water.csv")
    urban = rules.matrix_table("urban_land_water.csv")
    assert agricultural[1, 3] == 3 and agricultural[0, 4] == 5 and urban[0, 4] == 3 and urban[3, 0] == 3
    np.testing.assert_array_equal(rules.lookup(agricultural, np.array([2, 0, 5]), np.array([4, 1, 1])), [3, 0, 5])


def test_grouped_rules_first_match_wins_and_actions():
    rule_list = rules.read_rules("urban_rules.csv")
    levels = np.array([1, 1, 1, 3, 2, 5, 0], dtype=np.uint8)
    arrays = {"air": np.array([5, 5, 1, 1, 1, 1, 5], dtype=np.float32),
              "water_env": np.array([5, 1, 1, 1, 1, 1, 5], dtype=np.float32),
              "location": np.array([3, 3, 1, 1, 1, 1, 1], dtype=np.float32)}
    out = rules.apply_rules(levels, rule_list, arrays)
    # both at 5: −2 (not −3); either: −1; location 1 lifts levels 2-4 only; nodata stays 0
    assert out.tolist() == [3, 2, 1, 2, 1, 5, 0]


def test_at_least_and_set():
    hit = np.array([True, True, True, False])
    levels = np.array([1, 3, 0, 1], dtype=np.uint8)
    assert rules.apply_action(levels, hit, "at_least", 2).tolist() == [2, 3, 0, 1]
    assert rules.apply_action(levels, hit, "set", 5).tolist() == [5, 5, 0, 1]
    assert rules.apply_action(levels, hit, "downgrade", 4).tolist() == [5, 5, 0, 1]


def test_bad_tables_name_the_line(tmp_path):
    (tmp_path / "urban_rules.csv").write_text("group,condition,action,value,applies_to,note\n,hazard = 1,set,5,,x\n",
                                              encoding="utf-8")
    with pytest.raises(ValueError, match="urban_rules.csv line 2: “hazard = 1” is not a comparison"):
        rules.read_rules("urban_rules.csv", tmp_path)
    (tmp_path / "urban_land_water.csv").write_text("land,1,2,3,4,5\n1,1,1,1,1,1\n", encoding="gbk")
    with pytest.raises(ValueError, match=r"rows for levels \[2, 3, 4, 5\] are missing"):
        rules.matrix_table("urban_land_water.csv", tmp_path)
    assert rules.table_path("urban_slope.csv", tmp_path) == (rules.DEFAULT_FOLDER / "urban_slope.csv", True)


def test_relief_window_follows_the_cell_size():
    assert [guideline.relief_window(c) for c in (10, 30, 49, 99, 250)] == [15, 12, 12, 9, 3]


# --------------------------------------------------------------------------- suitability

def test_agricultural_slope_matrix_and_collapse(tmp_path):
    result = guideline.evaluate_suitability(
        "agricultural", dem_file(tmp_path, 4.0), tmp_path / "l.tif", tmp_path / "c.tif",
        factors={"water": levels_file(tmp_path, "water.tif", 4)}, contiguity=False)
    # slope 4° → land level 2; land 2 × water 4 → 3 → 一般适宜
    assert (read_raster(tmp_path / "l.tif") == 3).all() and (read_raster(tmp_path / "c.tif") == 2).all()
    table = result.class_table.set_index("grade")
    assert table.loc[2, "cells"] == N * N
    assert table.loc[2, "area_m2"] == pytest.approx(N * N * cell_area(), rel=1e-12)
    step, area = result.steps[0]
    assert (step.zh, step.en) == ("土地资源 × 水资源判断矩阵", "land × water resources matrix")
    assert area == pytest.approx(N * N * cell_area())
    assert any(line.en.startswith("land × climate matrix: no climate raster") for line in result.skipped)


def test_contiguity_downgrades_small_patches(tmp_path):
    # 20 × 20 cells of 100 m² = 4 ha = 60 亩 < 150 亩: down 2 levels (2 → 4 → still 一般适宜)
    result = guideline.evaluate_suitability("agricultural", dem_file(tmp_path, 4.0), tmp_path / "l.tif",
                                            tmp_path / "c.tif")
    assert (read_raster(tmp_path / "l.tif") == 4).all()
    assert result.patches == {"低": 1}


def test_urban_relief_hazard_and_ecology_exclusion(tmp_path):
    hazard = np.full((N, N), 4, dtype=np.uint8)
    hazard[:, :5] = 1  # west strip: hazard 1 → lowest level
    ecology = np.full((N, N), 3, dtype=np.uint8)
    ecology[:5, 5:] = 1  # north strip outside the hazard: 极重要 → excluded
    result = guideline.evaluate_suitability(
        "urban", dem_file(tmp_path, 2.0), tmp_path / "l.tif", tmp_path / "c.tif",
        factors={"hazard": write_raster(tmp_path / "h.tif", hazard, TRANSFORM)},
        ecology=write_raster(tmp_path / "e.tif", ecology, TRANSFORM), contiguity=False)
    levels = read_raster(tmp_path / "l.tif")
    assert (levels[:, :5] == 5).all() and (levels[:5, 5:] == 5).all() and (levels[5:, 5:] == 1).all()
    assert result.class_table.set_index("grade").loc[1, "cells"] == 15 * 15
    # relief over 15 cells of a 2° plane: 14 cells × 10 m × tan 2° ≈ 4.9 m: no downgrade
    steps = {step.zh: area for step, area in result.steps}
    assert steps["规则：地形起伏度 100–200 m：降 1 级"] == 0.0
    assert "rule: relief > 100: down 1 level(s)" in [step.en for step, _ in result.steps]


def test_urban_relief_downgrades_steep_terrain(tmp_path):
    # a gentle 1° plane with a 150 m cliff between columns 9 and 10: 10 m cells → 15-cell relief window
    dem = plane(1.0)
    dem[:, N // 2:] += 150.0
    path = write_raster(tmp_path / "cliff.tif", dem, TRANSFORM)
    guideline.evaluate_suitability("urban", path, tmp_path / "l.tif", tmp_path / "c.tif", contiguity=False)
    levels = read_raster(tmp_path / "l.tif")
    assert (levels[:, :3] == 1).all()  # the window (7 cells either side) does not reach the cliff
    assert (levels[:, 3:9] == 2).all()  # slope level 1, relief 100-200 m: down 1
    assert (levels[:, 9:11] == 5).all()  # the cliff itself: slope > 25°


def test_area_mask_and_zones(tmp_path):
    area = np.zeros((N, N), dtype=np.uint8)
    area[:, :10] = 1
    zones = np.ones((N, N), dtype=np.int32)
    zones[10:, :] = 2
    result = guideline.evaluate_suitability(
        "agricultural", dem_file(tmp_path, 1.0), tmp_path / "l.tif", tmp_path / "c.tif",
        area=write_raster(tmp_path / "a.tif", area, TRANSFORM), zones=write_raster(tmp_path / "z.tif", zones, TRANSFORM),
        contiguity=False)
    assert np.isnan(read_raster(tmp_path / "c.tif")[:, 10:]).all()
    assert result.zone_table["cells"].tolist() == [100, 100]


# --------------------------------------------------------------------------- ecology

def test_ecology_takes_the_most_important_level_and_its_class(tmp_path):
    water_conservation = np.full((N, N), 3, dtype=np.uint8)
    water_conservation[0, 0] = 1
    soil_keeping = np.full((N, N), 5, dtype=np.uint8)
    soil_keeping[0, 1] = 2
    erosion = np.full((N, N), 5, dtype=np.uint8)
    erosion[0, 2] = 1
    result = guideline.evaluate_ecology(
        [write_raster(tmp_path / "s1.tif", water_conservation, TRANSFORM),
         write_raster(tmp_path / "s2.tif", soil_keeping, TRANSFORM)],
        [write_raster(tmp_path / "e1.tif", erosion, TRANSFORM)], tmp_path / "l.tif", tmp_path / "c.tif")
    levels, classes = read_raster(tmp_path / "l.tif"), read_raster(tmp_path / "c.tif")
    assert levels[0, :4].tolist() == [1, 2, 1, 3]
    # the class follows the level (1, 2 → 极重要; 3, 4 → 重要; 5 → 一般): a cell of service level 1 and
    # sensitivity 5 (a lake) is 极重要 in both rasters, so the other evaluations exclude it (issue 19 §3)
    assert classes[0, :4].tolist() == [1, 1, 1, 2]
    to_class = {1: 1, 2: 1, 3: 2, 4: 2, 5: 3}
    assert all(classes[r, c] == to_class[levels[r, c]] for r in range(N) for c in range(N))
    assert {k: name.zh for k, name in result.class_names.items()} == {1: "极重要", 2: "重要", 3: "一般"}
    assert result.class_names[1].en == "extremely important"


def test_ecology_from_values_by_natural_breaks(tmp_path):
    values = np.tile(np.repeat(np.arange(5, dtype=np.float32) * 100, 4), (N, 1))  # 5 clear groups
    guideline.evaluate_ecology([write_raster(tmp_path / "v.tif", values, TRANSFORM)], [], tmp_path / "l.tif",
                               tmp_path / "c.tif", values_are_levels=False)
    assert read_raster(tmp_path / "l.tif")[0, ::4].tolist() == [5, 4, 3, 2, 1]  # the highest values are level 1
    assert read_raster(tmp_path / "c.tif")[0, ::4].tolist() == [3, 2, 2, 1, 1]


@pytest.mark.parametrize("rows,message", [
    ("1,极重要,3,一般\n2,高度重要,1,极重要\n3,中度重要,2,重要\n4,较低重要,2,重要\n5,一般,3,一般",
     "line 3: level 2 is in class 1"),
    ("1,极重要,1,极重要\n2,高度重要,1,极重要\n3,中度重要,2,重要\n5,一般,3,一般", "no row for level 4"),
    ("1,极重要,1,极重要\n1,高度重要,1,极重要\n3,中度重要,2,重要\n4,较低重要,2,重要\n5,一般,3,一般",
     "line 3: level 1 is already given on line 2"),
    ("1,极重要,1,极重要\n2,高度重要,1,极重要\n3,中度重要,2,重要\n4,较低重要,2,重要\n6,一般,3,一般",
     "line 6: the level must be 1..5"),
])
def test_an_edited_levels_table_that_grades_against_importance_is_refused(tmp_path, rows, message):
    (tmp_path / "ecological_levels.csv").write_text("level,name,class,class_name\n" + rows + "\n", encoding="utf-8")
    services = np.full((N, N), 2, dtype=np.uint8)
    with pytest.raises(ValueError) as error:
        guideline.evaluate_ecology([write_raster(tmp_path / "s.tif", services, TRANSFORM)], [], tmp_path / "l.tif",
                                   tmp_path / "c.tif", folder=tmp_path)
    assert "ecological_levels.csv" in str(error.value) and message in str(error.value)
    assert not (tmp_path / "l.tif").exists()


def test_ecology_needs_an_input(tmp_path):
    with pytest.raises(ValueError, match="at least one"):
        guideline.evaluate_ecology([], [], tmp_path / "l.tif", tmp_path / "c.tif")


def test_an_edited_ecological_matrix_is_reported_as_unused(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "ecological_matrix.csv").write_text("service,1,2,3,4,5\n1,3,3,3,3,3\n", encoding="utf-8")
    service = write_raster(tmp_path / "s.tif", np.full((N, N), 1, dtype=np.uint8), TRANSFORM)
    result = guideline.evaluate_ecology([service], [service], tmp_path / "l.tif", tmp_path / "c.tif", folder=folder)
    assert (read_raster(tmp_path / "c.tif") == 1).all()
    assert any("ecological_matrix.csv" in line.en and "no longer used" in line.en for line in result.skipped)
