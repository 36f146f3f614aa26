"""core.control_lines.compliance: project pre-review against hand-built control lines with exactly known overlaps.

Squares near the central meridian of EPSG:4527 (zone 39), where the ellipsoidal area equals the
plane area to about 1e-8, so plane areas are the expected figures (rel=1e-6).
"""
import numpy as np
import pytest
import shapely

from multiplan.core.control_lines.compliance import (ATTENTION, CLEAR, FAIL, MIN_OVERLAP_AREA, NEAR, OVERLAP_COLUMNS,
                                                     OVERLAPS, PASS, PROJECT_COLUMNS, RELATION_COLUMNS, TOUCHES,
                                                     VERDICT_COLUMNS, ComplianceSettings, ReviewLayer, check_projects)
from multiplan.core.units import to_mu

CRS = "EPSG:4527"
X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def geoms(*boxes):
    return np.array([box(*b) for b in boxes], dtype=object)


def layer(name, kind, *boxes, classes=None, feature_ids=None):
    return ReviewLayer(name, kind, geoms(*boxes), classes=classes, feature_ids=feature_ids)


def red_line(*boxes, **kw):
    return layer("生态保护红线", "ecological", *boxes, **kw)


def check(project_boxes, layers, **kw):
    return check_projects(geoms(*project_boxes), CRS, layers, **kw)


def verdict(result, project_id, rule):
    rows = result.verdicts[(result.verdicts["project_id"] == project_id) & (result.verdicts["rule"] == rule)]
    assert len(rows) == 1
    return rows.iloc[0]


def relation(result, project_id, layer_name):
    rows = result.relations[(result.relations["project_id"] == project_id) & (result.relations["layer"] == layer_name)]
    assert len(rows) == 1
    return rows.iloc[0]


# -- ecological red line (HX) ------------------------------------------------------------------

def test_project_crossing_the_red_line_fails_with_exact_area_and_share():
    # Project 0..100 × 0..100; red line from x = 70: overlap 30 × 100.
    result = check([(0, 0, 100, 100)], [red_line((70, 0, 300, 100), feature_ids=["HX01"])])
    row = result.overlaps.iloc[0]
    assert list(result.overlaps.columns) == OVERLAP_COLUMNS
    assert len(result.overlaps) == 1
    assert row["area_m2"] == pytest.approx(3000.0, rel=REL)
    assert row["area_mu"] == pytest.approx(to_mu(3000.0), rel=REL)
    assert row["share"] == pytest.approx(0.3, rel=REL)
    assert row["feature_ids"] == "HX01" and row["kind"] == "ecological" and row["class"] is None
    assert row["geometry"].equals(box(70, 0, 100, 100))
    rel = relation(result, 0, "生态保护红线")
    assert rel["relation"] == OVERLAPS and rel["distance"] == 0.0
    assert rel["overlap_m2"] == pytest.approx(3000.0, rel=REL)
    hx = verdict(result, 0, "HX")
    assert hx["status"] == FAIL
    assert "3000.00 m²" in hx["reason_zh"] and "4.50 亩" in hx["reason_zh"] and "30.00%" in hx["reason_zh"]
    assert "3000.00 m²" in hx["reason_en"]
    assert result.projects.iloc[0]["status"] == FAIL
    assert result.projects.iloc[0]["area_m2"] == pytest.approx(10_000.0, rel=REL)


def test_project_sharing_an_edge_with_the_red_line_touches_and_needs_attention_not_fail():
    result = check([(0, 0, 100, 100)], [red_line((100, 0, 200, 100))])
    rel = relation(result, 0, "生态保护红线")
    assert rel["relation"] == TOUCHES
    assert rel["overlap_m2"] == 0.0 and rel["distance"] == 0.0
    assert len(result.overlaps) == 0
    hx = verdict(result, 0, "HX")
    assert hx["status"] == ATTENTION
    assert "zero overlap area" in hx["reason_en"] and "重叠面积为 0" in hx["reason_zh"]
    assert result.projects.iloc[0]["status"] == ATTENTION


def test_float_noise_overlap_counts_as_touching():
    # 1e-5 m of overlap along a 100 m edge: 0.001 m², below the default noise area (1e-5 亩 ≈ 0.0067 m²).
    result = check([(0, 0, 100, 100)], [red_line((100 - 1e-5, 0, 200, 100))])
    assert relation(result, 0, "生态保护红线")["relation"] == TOUCHES
    assert verdict(result, 0, "HX")["status"] == ATTENTION
    assert len(result.overlaps) == 0


def test_a_digitising_sliver_on_the_red_line_needs_attention_with_its_area_not_fail():
    # The red line starts 6 cm inside the project's east edge: a 0.06 × 100 m sliver of 6 m².
    red = red_line((99.94, 0, 200, 100), feature_ids=["HX01"])
    sliver = box(99.94, 0, 100, 100)
    result = check([(0, 0, 100, 100)], [red])
    assert MIN_OVERLAP_AREA == pytest.approx(2000.0 / 3 / 100)  # 0.01 亩
    rel = relation(result, 0, "生态保护红线")
    assert rel["relation"] == OVERLAPS and rel["overlap_m2"] == pytest.approx(sliver.area, rel=REL)
    assert rel["overlap_m2"] == pytest.approx(6.0, rel=1e-6)
    assert result.overlaps.iloc[0]["area_m2"] == pytest.approx(6.0, rel=1e-6)  # still listed, with its area
    hx = verdict(result, 0, "HX")
    assert hx["status"] == ATTENTION
    assert "6.00 m²" in hx["reason_zh"] and "数字化" in hx["reason_zh"] and "HX01" in hx["reason_zh"]
    assert "6.00 m²" in hx["reason_en"] and "sliver" in hx["reason_en"]
    assert result.projects.iloc[0]["status"] == ATTENTION
    # The same on basic farmland.
    farmland = layer("永久基本农田", "farmland", (99.94, 0, 200, 100))
    assert verdict(check([(0, 0, 100, 100)], [farmland]), 0, "NT")["status"] == ATTENTION
    # A smaller minimum, or 0, makes it a fail again.
    for minimum in (5.0, 0.0):
        strict = check([(0, 0, 100, 100)], [red], settings=ComplianceSettings(min_area=minimum))
        assert verdict(strict, 0, "HX")["status"] == FAIL


def test_the_minimum_overlap_area_applies_to_the_project_s_whole_overlap_with_a_layer():
    # Two slivers of 4 m² each (0.04 × 100 m on both sides): 8 m² in all, above 6.67 m².
    red = red_line((-100, 0, 0.04, 100), (99.96, 0, 200, 100))
    result = check([(0, 0, 100, 100)], [red])
    assert relation(result, 0, "生态保护红线")["overlap_m2"] == pytest.approx(8.0, rel=1e-6)
    assert verdict(result, 0, "HX")["status"] == FAIL
    single = check([(0, 0, 100, 100)], [red_line((99.96, 0, 200, 100))])
    assert verdict(single, 0, "HX")["status"] == ATTENTION


def test_feature_ids_are_listed_sorted_whatever_order_the_features_were_read_in():
    red = red_line((50, 0, 60, 100), (0, 0, 10, 100), (20, 0, 30, 100), feature_ids=["10", "9", "HX-2"])
    result = check([(0, 0, 100, 100)], [red])
    assert result.overlaps.iloc[0]["feature_ids"] == "9,10,HX-2"
    assert relation(result, 0, "生态保护红线")["feature_ids"] == "9,10,HX-2"


def test_feature_ids_default_to_feature_numbers_from_1():
    result = check([(0, 0, 100, 100)], [red_line((500, 0, 600, 100), (70, 0, 300, 100))])
    assert result.overlaps.iloc[0]["feature_ids"] == "2"


def test_project_near_the_red_line_depends_on_the_buffer():
    layers = [red_line((120, 0, 200, 100))]  # 20 m east of the project
    near = check([(0, 0, 100, 100)], layers, settings=ComplianceSettings(buffer_distance=50))
    rel = relation(near, 0, "生态保护红线")
    assert rel["relation"] == NEAR and rel["distance"] == pytest.approx(20.0)
    hx = verdict(near, 0, "HX")
    assert hx["status"] == ATTENTION and "20.00 m" in hx["reason_zh"] and "50 m" in hx["reason_en"]

    clear = check([(0, 0, 100, 100)], layers, settings=ComplianceSettings(buffer_distance=10))
    rel = relation(clear, 0, "生态保护红线")
    assert rel["relation"] == CLEAR and rel["distance"] == pytest.approx(20.0)
    assert verdict(clear, 0, "HX")["status"] == PASS

    off = check([(0, 0, 100, 100)], layers)  # buffer 0: clear, distance still reported
    assert relation(off, 0, "生态保护红线")["relation"] == CLEAR
    assert relation(off, 0, "生态保护红线")["distance"] == pytest.approx(20.0)
    assert verdict(off, 0, "HX")["status"] == PASS


def test_project_with_a_hole_over_the_red_line_does_not_overlap_it():
    project = box(0, 0, 100, 100).difference(box(30, 30, 70, 70))
    inside_hole = check_projects(np.array([project], dtype=object), CRS, [red_line((40, 40, 60, 60))])
    rel = relation(inside_hole, 0, "生态保护红线")
    assert rel["relation"] == CLEAR and rel["distance"] == pytest.approx(10.0)
    assert verdict(inside_hole, 0, "HX")["status"] == PASS
    assert inside_hole.projects.iloc[0]["area_m2"] == pytest.approx(8400.0, rel=REL)
    filling_hole = check_projects(np.array([project], dtype=object), CRS, [red_line((30, 30, 70, 70))])
    assert relation(filling_hole, 0, "生态保护红线")["relation"] == TOUCHES
    assert len(filling_hole.overlaps) == 0


# -- permanent basic farmland (NT) -------------------------------------------------------------

def test_farmland_overlap_fails_and_lists_feature_ids():
    farmland = layer("永久基本农田", "farmland", (-50, 0, 20, 50), (-50, 50, 20, 100), (500, 500, 600, 600),
                     feature_ids=["NT7", "NT8", "NT9"])
    result = check([(0, 0, 100, 100)], [farmland])
    assert len(result.overlaps) == 1
    row = result.overlaps.iloc[0]
    assert row["feature_ids"] == "NT7,NT8" and row["feature_count"] == 2
    assert row["area_m2"] == pytest.approx(2000.0, rel=REL)
    assert row["geometry"].area == pytest.approx(2000.0)
    nt = verdict(result, 0, "NT")
    assert nt["status"] == FAIL and "NT7,NT8" in nt["reason_zh"] and "国务院" in nt["reason_zh"]
    assert relation(result, 0, "永久基本农田")["feature_ids"] == "NT7,NT8"


def test_farmland_touching_or_near_needs_attention():
    farmland = layer("永久基本农田", "farmland", (100, 0, 150, 100), (0, 130, 100, 200))
    result = check([(0, 0, 100, 100), (200, 0, 300, 100)], [farmland],
                   settings=ComplianceSettings(buffer_distance=60))
    assert relation(result, 0, "永久基本农田")["relation"] == TOUCHES
    assert verdict(result, 0, "NT")["status"] == ATTENTION
    rel = relation(result, 1, "永久基本农田")
    assert rel["relation"] == NEAR and rel["distance"] == pytest.approx(50.0)
    assert verdict(result, 1, "NT")["status"] == ATTENTION


# -- urban development boundary (KB) -----------------------------------------------------------

def test_urban_boundary_inside_partly_outside_and_outside():
    udb = layer("城镇开发边界", "urban_boundary", (0, 0, 500, 100), (500, 0, 1000, 100))
    result = check([(10, 10, 90, 90), (450, 10, 550, 90), (900, 50, 1100, 90), (0, 300, 100, 400)], [udb])
    assert verdict(result, 0, "KB")["status"] == PASS
    # Spans both boundary features: still entirely inside.
    assert verdict(result, 1, "KB")["status"] == PASS
    assert relation(result, 1, "城镇开发边界")["share"] == pytest.approx(1.0, rel=1e-9)
    partly = verdict(result, 2, "KB")
    assert partly["status"] == ATTENTION
    assert "4000.00 m²" in partly["reason_zh"] and "50.00%" in partly["reason_en"]  # 100 × 40 outside
    outside = verdict(result, 3, "KB")
    assert outside["status"] == ATTENTION and "outside" in outside["reason_en"]
    assert relation(result, 3, "城镇开发边界")["relation"] == CLEAR
    assert relation(result, 3, "城镇开发边界")["distance"] == pytest.approx(200.0)


# -- classes: survey (GD), suitability (SYX), zones ---------------------------------------------

def test_survey_farmland_classes_need_attention_with_area_per_class():
    survey = layer("三调", "survey", (0, 0, 40, 100), (40, 0, 60, 100), (60, 0, 100, 50), (60, 50, 100, 100),
                   classes=["0101", "0103", "0101", "0702"], feature_ids=[11, 12, 13, 14])
    result = check([(0, 0, 100, 100)], [survey])
    rows = result.overlaps.set_index("class")
    assert list(result.overlaps["class"]) == ["0101", "0103", "0702"]
    assert rows.loc["0101", "area_m2"] == pytest.approx(6000.0, rel=REL)
    assert rows.loc["0101", "feature_ids"] == "11,13"
    assert rows.loc["0103", "area_m2"] == pytest.approx(2000.0, rel=REL)
    assert rows.loc["0702", "share"] == pytest.approx(0.2, rel=REL)
    assert rows.loc["0101", "geometry"].area == pytest.approx(6000.0)
    gd = verdict(result, 0, "GD")
    assert gd["status"] == ATTENTION
    assert "8000.00 m²" in gd["reason_zh"] and "0101 6000.00 m²" in gd["reason_zh"]
    assert "0103 2000.00" in gd["reason_en"]
    assert "80.00%" in gd["reason_en"]


def test_plan_without_farmland_passes_gd_and_custom_prefixes_apply():
    plan = layer("国土空间规划", "plan", (0, 0, 100, 100), classes=["0701"])
    result = check([(0, 0, 50, 50)], [plan])
    assert verdict(result, 0, "GD")["status"] == PASS
    strict = check([(0, 0, 50, 50)], [plan], settings=ComplianceSettings(farmland_classes=("07",)))
    assert verdict(strict, 0, "GD")["status"] == ATTENTION


def test_unsuitable_land_needs_attention():
    suitability = layer("城镇建设适宜性", "suitability", (0, 0, 50, 100), (50, 0, 100, 100),
                        classes=["适宜", "不适宜"])
    result = check([(0, 0, 100, 100), (0, 0, 40, 40)], [suitability])
    syx = verdict(result, 0, "SYX")
    assert syx["status"] == ATTENTION and "5000.00 m²" in syx["reason_zh"]
    # A project lies in (位于) a suitability class; it does not occupy it.
    assert syx["reason_zh"].startswith("部分位于不适宜区") and "占用" not in syx["reason_zh"]
    assert syx["reason_en"].startswith("lies in unsuitable land")
    assert verdict(result, 1, "SYX")["status"] == PASS


def test_zones_and_other_layers_are_reported_without_a_verdict():
    zones = layer("三区", "zones", (0, 0, 100, 100), classes=["城镇空间"])
    other = layer("矿区", "other", (50, 0, 200, 100))
    result = check([(0, 0, 100, 100)], [zones, other])
    assert len(result.verdicts) == 0 and list(result.verdicts.columns) == VERDICT_COLUMNS
    assert list(result.overlaps["layer"]) == ["三区", "矿区"]
    assert result.overlaps.iloc[1]["area_m2"] == pytest.approx(5000.0, rel=REL)
    assert result.projects.iloc[0]["status"] == PASS
    assert "no rule checked" in result.projects.iloc[0]["reason_en"]


def test_layer_without_classes_gets_no_class_verdict():
    result = check([(0, 0, 100, 100)], [layer("三调", "survey", (0, 0, 100, 100))])
    assert len(result.verdicts) == 0
    assert "no_classes:三调" in result.warnings


# -- projects: repair, several, empty ----------------------------------------------------------

def test_bowtie_project_is_repaired_and_listed():
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    projects = np.array([box(0, 0, 10, 10), bowtie], dtype=object)
    result = check_projects(projects, CRS, [red_line((0, 0, 100, 50))], project_ids=["P1", "P2"])
    assert result.repaired == ["P2"]
    assert not bowtie.is_valid  # the caller's geometry is left alone
    project = result.projects.set_index("project_id")
    assert project.loc["P2", "area_m2"] == pytest.approx(5000.0, rel=REL)  # two triangles of 2500
    # Below y = 50 each triangle keeps a right triangle of 50 × 50 / 2 = 1250 m².
    overlap = result.overlaps.set_index("project_id").loc["P2", "area_m2"]
    assert overlap == pytest.approx(2500.0, rel=REL)
    assert verdict(result, "P2", "HX")["status"] == FAIL


def test_several_projects_each_get_their_own_rows_in_input_order():
    layers = [red_line((70, 0, 300, 100)), layer("永久基本农田", "farmland", (1000, 0, 1100, 100)),
              layer("城镇开发边界", "urban_boundary", (0, 0, 2000, 2000))]
    result = check([(0, 0, 100, 100), (1000, 0, 1050, 100), (500, 500, 600, 600)], layers,
                   project_ids=["B", "A", "C"], project_names=["北区", "甲", "丙"])
    assert list(result.projects.columns) == PROJECT_COLUMNS
    assert list(result.projects["project_id"]) == ["B", "A", "C"]
    assert list(result.projects["project_name"]) == ["北区", "甲", "丙"]
    assert list(result.projects["status"]) == [FAIL, FAIL, PASS]
    assert list(result.relations.columns) == RELATION_COLUMNS
    assert list(result.relations["project_id"]) == ["B"] * 3 + ["A"] * 3 + ["C"] * 3
    assert list(result.verdicts["rule"]) == ["HX", "NT", "KB"] * 3
    assert list(result.overlaps["project_id"]) == ["B", "B", "A", "A", "C"]
    assert verdict(result, "A", "NT")["status"] == FAIL and verdict(result, "B", "NT")["status"] == PASS
    assert verdict(result, "B", "HX")["status"] == FAIL and verdict(result, "A", "HX")["status"] == PASS
    # Chinese sentences name the rule, not its id.
    assert result.projects.iloc[0]["reason_zh"].startswith("生态保护红线不通过：占用生态保护红线")
    assert "HX" not in result.projects.iloc[0]["reason_zh"]
    assert result.projects.iloc[0]["reason_en"].startswith("HX Ecological protection red line fail: overlaps")


def test_empty_layers_and_empty_projects():
    empty = ReviewLayer("生态保护红线", "ecological", np.array([], dtype=object))
    nulls = ReviewLayer("永久基本农田", "farmland", np.array([None, shapely.Polygon()], dtype=object))
    projects = np.array([box(0, 0, 100, 100), None, shapely.Polygon()], dtype=object)
    result = check_projects(projects, CRS, [empty, nulls])
    assert "empty_layer:生态保护红线" in result.warnings and "empty_layer:永久基本农田" in result.warnings
    assert "empty_projects:1,2" in result.warnings
    assert list(result.relations["relation"]) == [CLEAR, CLEAR]
    assert np.isnan(result.relations["distance"]).all()
    assert list(result.verdicts["status"]) == [PASS, PASS]
    assert list(result.projects["status"]) == [PASS, ATTENTION, ATTENTION]
    assert np.isnan(result.projects["area_m2"].iloc[1])


def test_projects_without_layers_give_only_the_projects_table():
    result = check([(0, 0, 100, 100), (200, 0, 300, 50)], [])
    assert len(result.overlaps) == len(result.relations) == len(result.verdicts) == 0
    assert list(result.projects["area_m2"]) == pytest.approx([10_000.0, 5_000.0], rel=REL)
    assert list(result.projects["status"]) == [PASS, PASS]
    empty = check_projects(np.array([], dtype=object), CRS, [red_line((0, 0, 1, 1))])
    assert len(empty.projects) == 0 and len(empty.verdicts) == 0


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="kind"):
        check([(0, 0, 1, 1)], [layer("x", "forest", (0, 0, 1, 1))])
    with pytest.raises(ValueError, match="differ"):
        check([(0, 0, 1, 1)], [red_line((0, 0, 1, 1)), red_line((0, 0, 1, 1))])
    with pytest.raises(ValueError, match="projected"):
        check_projects(geoms((0, 0, 1, 1)), "EPSG:4490", [])


def test_progress_is_reported():
    seen = []
    check([(0, 0, 100, 100)], [red_line((0, 0, 1, 1)), layer("三调", "survey", (0, 0, 1, 1), classes=["01"])],
          progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0


# -- large layers ------------------------------------------------------------------------------

def test_layer_of_100000_squares_returns_only_nearby_features():
    # A 400 × 250 grid of 10 m squares at 20 m spacing: 100,000 features over 8 km × 5 km.
    i, j = np.meshgrid(np.arange(400), np.arange(250), indexing="ij")
    x, y = X0 + 20.0 * i.ravel(), Y0 + 20.0 * j.ravel()
    squares = shapely.box(x, y, x + 10, y + 10)
    classes = np.where(i.ravel() % 2 == 0, "0101", "0201")
    survey = ReviewLayer("三调", "survey", squares, classes=list(classes), feature_ids=list(range(100_000)))
    farmland = ReviewLayer("永久基本农田", "farmland", squares)
    # Project covering the squares of columns 100-101 and rows 50-51 exactly (40 × 40 m → 4 squares).
    project = box(2000, 1000, 2040, 1040)
    result = check_projects(np.array([project], dtype=object), CRS, [survey, farmland],
                            settings=ComplianceSettings(buffer_distance=5))
    rows = result.overlaps[result.overlaps["layer"] == "三调"].set_index("class")
    assert rows.loc["0101", "feature_ids"] == ",".join(str(250 * 100 + r) for r in (50, 51))
    assert rows.loc["0201", "feature_ids"] == ",".join(str(250 * 101 + r) for r in (50, 51))
    assert rows["area_m2"].tolist() == pytest.approx([200.0, 200.0], rel=REL)
    assert relation(result, 0, "永久基本农田")["relation"] == OVERLAPS
    assert verdict(result, 0, "NT")["status"] == FAIL
    assert verdict(result, 0, "GD")["status"] == ATTENTION


def test_invalid_layer_features_are_repaired_on_a_copy():
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    eco = ReviewLayer("生态保护红线", "ecological", np.array([bowtie], dtype=object), feature_ids=["B"])
    result = check([(0, 0, 100, 50)], [eco])
    assert "repaired_features:生态保护红线:1" in result.warnings
    assert result.overlaps.iloc[0]["area_m2"] == pytest.approx(2500.0, rel=REL)  # the two lower halves
    assert verdict(result, 0, "HX")["status"] == FAIL
    assert not bowtie.is_valid
