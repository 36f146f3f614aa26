"""core.control_lines.checks: 三区三线 rules on hand-built squares with exactly known areas.

Squares lie near the central meridian of EPSG:4527 (zone 39), where the ellipsoidal area equals
the plane area to far better than 1e-6, so plane areas are the expected figures.
"""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from multiplan.core.areas import polygon_areas
from multiplan.core.control_lines.checks import (DEFAULT_MIN_AREA, ERROR, RULE_ORDER, RULES, SEVERITY, WARNING,
                                                 AdminUnits, ControlLineSettings, LineLayer, check_control_lines)
from multiplan.core.report import Text

CRS = "EPSG:4527"
X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def layer(*boxes, ids=None, name=None, classes=None):
    return LineLayer(np.array([box(*b) for b in boxes], dtype=object), ids, name, classes)


def rows(result, rule):
    return result.violations[result.violations["rule"] == rule].reset_index(drop=True)


def areas(result, rule):
    return sorted(rows(result, rule)["area_m2"].tolist())


def skipped_rules(result):
    return {rule for rule, _ in result.skipped}


# --------------------------------------------------------------------------- the three lines

def test_red_line_on_farmland_is_error_with_both_ids_and_area():
    red = layer((0, 0, 100, 100), ids=["R1"], name="红线")
    farm = layer((80, 0, 180, 50), (100, 50, 200, 100), ids=["F1", "F2"], name="基本农田")
    result = check_control_lines(CRS, ecological=red, farmland=farm)
    found = rows(result, "HX_NT")
    assert len(found) == 1  # F2 only shares the edge x = 100 with the red line
    row = found.iloc[0]
    assert row["area_m2"] == pytest.approx(20 * 50, rel=REL)
    assert (row["layer"], row["feature_ids"]) == ("红线", "R1")
    assert (row["other_layer"], row["other_ids"]) == ("基本农田", "F1")
    assert row["severity"] == ERROR and row["name_zh"] == RULES["HX_NT"][0]
    assert shapely.contains(row["geometry"], shapely.Point(row["x"], row["y"]))
    assert not result.passed


def test_touching_polygons_give_no_overlap():
    red = layer((0, 0, 100, 100))
    farm = layer((100, 0, 200, 100), (0, 100, 100, 200))  # shares an edge, and a corner-adjacent square
    udb = layer((-100, -100, 0, 0))  # touches the red line in one point
    result = check_control_lines(CRS, ecological=red, farmland=farm, urban_boundary=udb)
    assert result.violations[result.violations["rule"].isin(["HX_NT", "KB_HX", "KB_NT"])].empty
    summary = result.summary.set_index("rule")
    assert summary.loc["HX_NT", "checked"] and summary.loc["HX_NT", "count"] == 0


def test_farmland_wholly_inside_red_line_is_taken_whole():
    red = layer((0, 0, 1000, 1000))
    farm = layer(*[(x, y, x + 100, y + 100) for x in range(0, 1000, 100) for y in range(0, 900, 100)],
                 (950, 900, 1050, 1000))  # 90 patches inside, one straddling the edge
    result = check_control_lines(CRS, ecological=red, farmland=farm)
    assert len(rows(result, "HX_NT")) == 91
    assert rows(result, "HX_NT")["area_m2"].sum() == pytest.approx(900_000 + 50 * 100, rel=REL)


def test_urban_boundary_over_red_line_and_farmland():
    red = layer((0, 0, 100, 100), ids=["R1"])
    farm = layer((200, 0, 300, 100), ids=["F1"])
    udb = layer((-50, 0, 10, 100), (250, 0, 260, 40), ids=["K1", "K2"])
    result = check_control_lines(CRS, ecological=red, farmland=farm, urban_boundary=udb)
    kb_hx, kb_nt = rows(result, "KB_HX"), rows(result, "KB_NT")
    assert kb_hx["area_m2"].tolist() == pytest.approx([10 * 100], rel=REL)
    assert (kb_hx.loc[0, "feature_ids"], kb_hx.loc[0, "other_ids"]) == ("K1", "R1")
    assert kb_nt["area_m2"].tolist() == pytest.approx([10 * 40], rel=REL)
    assert (kb_nt.loc[0, "feature_ids"], kb_nt.loc[0, "other_ids"], kb_nt.loc[0, "severity"]) == ("K2", "F1", WARNING)
    assert rows(result, "HX_NT").empty


def test_overlaps_inside_a_line_are_not_counted_twice():
    red = layer((0, 0, 100, 100), (50, 0, 150, 100), ids=["R1", "R2"])  # the red line drawn twice over x 50-100
    farm = layer((0, 0, 200, 100), ids=["F1"])
    result = check_control_lines(CRS, ecological=red, farmland=farm)
    found = rows(result, "HX_NT")
    assert found["area_m2"].sum() == pytest.approx(150 * 100, rel=REL)
    assert sorted(found["feature_ids"]) == ["R1", "R2"]
    totals = result.line_totals.set_index("line")
    assert totals.loc["ecological", "area_m2"] == pytest.approx(15_000, rel=REL)
    assert totals.loc["ecological", "count"] == 2
    assert result.self_overlaps[totals.loc["ecological", "layer"]][0] == 1


# --------------------------------------------------------------------------- zones

COUNTY = box(0, 0, 300, 100)


def zoning():
    # ecological 0-100, agricultural 90-200 (overlap 10 × 100), gap 200-220, urban 220-320 (20 × 100 outside)
    return layer((0, 0, 100, 100), (90, 0, 200, 100), (220, 0, 320, 100), ids=["Z1", "Z2", "Z3"],
                 classes=["ecological", "农业空间", "urban"])


def test_zones_gap_overlap_and_outside_county():
    result = check_control_lines(CRS, zones=zoning(), county=COUNTY)
    assert areas(result, "SQ_GAP") == pytest.approx([20 * 100], rel=REL)
    overlap = rows(result, "SQ_OVERLAP")
    assert overlap["area_m2"].tolist() == pytest.approx([10 * 100], rel=REL)
    assert overlap.loc[0, "feature_ids"] == "Z1,Z2"
    outside = rows(result, "SQ_OUTSIDE")
    assert outside["area_m2"].tolist() == pytest.approx([20 * 100], rel=REL)
    assert outside.loc[0, "feature_ids"] == "Z3" and outside.loc[0, "severity"] == WARNING
    totals = result.line_totals.set_index("line")
    assert totals.loc["zones:urban", "area_m2"] == pytest.approx(10_000, rel=REL)
    assert totals.loc["zones:agricultural", "area_m2"] == pytest.approx(11_000, rel=REL)
    assert totals.loc["zones", "area_m2"] == pytest.approx(30_000, rel=REL)  # union: the overlap once
    assert list(totals.index[1:]) == ["zones:urban", "zones:agricultural", "zones:ecological"]


def test_lines_outside_their_space():
    red = layer((50, 0, 150, 50), ids=["R1"])  # x 100-150 lies outside ecological space
    farm = layer((150, 50, 250, 100), ids=["F1"])  # x 200-250 lies in the gap and in urban space
    udb = layer((230, 0, 260, 100), ids=["K1"])  # inside urban space
    result = check_control_lines(CRS, ecological=red, farmland=farm, urban_boundary=udb, zones=zoning())
    assert areas(result, "HX_ZONE") == pytest.approx([50 * 50], rel=REL)
    assert rows(result, "HX_ZONE").loc[0, "feature_ids"] == "R1"
    assert areas(result, "NT_ZONE") == pytest.approx([50 * 50], rel=REL)
    assert rows(result, "KB_ZONE").empty
    assert {"HX_ZONE", "NT_ZONE", "KB_ZONE"}.isdisjoint(skipped_rules(result))
    assert dict(result.skipped)["SQ_GAP"] == Text("无县域边界", "no county boundary")
    assert "SQ_OUTSIDE" in skipped_rules(result)


def test_zone_rules_need_classes():
    zones = layer((0, 0, 100, 100))
    result = check_control_lines(CRS, ecological=layer((0, 0, 10, 10)), zones=zones)
    assert dict(result.skipped)["HX_ZONE"].en == "zones have no classes"
    assert "SQ_OVERLAP" not in skipped_rules(result)


# --------------------------------------------------------------------------- the area tolerance

def test_edge_mismatches_below_the_tolerance_are_ignored_and_counted_not_listed():
    # The urban boundary was digitised 1 mm into the red line along a 100 m edge (0.1 m²) and
    # really takes 20 m × 100 m of it elsewhere: one violation, one ignored sliver.
    red = layer((0, 0, 100, 100), (200, 0, 300, 100), ids=["R1", "R2"])
    udb = layer((99.999, 0, 150, 100), (280, 0, 350, 100), ids=["K1", "K2"])
    result = check_control_lines(CRS, ecological=red, urban_boundary=udb)
    assert ControlLineSettings().min_area == DEFAULT_MIN_AREA == 1.0
    found = rows(result, "KB_HX")
    assert found["feature_ids"].tolist() == ["K2"] and found["area_m2"].tolist() == pytest.approx([2000], rel=REL)
    (count, area), = [result.ignored["KB_HX"]]
    assert count == 1 and area == pytest.approx(0.1, rel=1e-3)
    assert result.summary.set_index("rule").loc["KB_HX", "count"] == 1
    every = check_control_lines(CRS, ecological=red, urban_boundary=udb, settings=ControlLineSettings(min_area=0))
    assert sorted(rows(every, "KB_HX")["area_m2"]) == pytest.approx([0.1, 2000], rel=1e-3) and not every.ignored


def test_the_tolerance_does_not_hide_a_line_s_own_small_fragment():
    red = LineLayer(np.array([shapely.MultiPolygon([box(0, 0, 100, 100), box(200, 0, 200.5, 1)])], dtype=object),
                    ["R1"])
    found = rows(check_control_lines(CRS, ecological=red), "FRAGMENT")
    assert found["area_m2"].tolist() == pytest.approx([0.5], rel=REL)


# --------------------------------------------------------------------------- fragments, expansion, suitability

def test_tiny_fragment_and_narrow_strip():
    red = LineLayer(np.array([shapely.MultiPolygon([box(0, 0, 100, 100), box(200, 0, 205, 2)]),
                              box(300, 0, 301, 1000)], dtype=object), ["R1", "R2"])
    result = check_control_lines(CRS, ecological=red)
    found = rows(result, "FRAGMENT")
    assert found["feature_ids"].tolist() == ["R2", "R1"]  # north to south
    assert found["area_m2"].tolist() == pytest.approx([1000.0, 10.0], rel=REL)
    notes = dict(zip(found["feature_ids"], found["note"]))
    assert "面积" in notes["R1"].zh and notes["R2"].zh.startswith("宽度") and notes["R2"].en.startswith("width")


@pytest.mark.parametrize("boundary_width, passed", [(150, False), (120, True)])
def test_expansion_multiple(boundary_width, passed):
    base = layer((0, 0, 100, 100))  # 10 000 m²
    # drawn as two overlapping pieces: the union is boundary_width × 100
    udb = layer((0, 0, 100, 100), (50, 0, boundary_width, 100))
    result = check_control_lines(CRS, urban_boundary=udb, base_construction=base)
    expansion = result.expansion
    assert expansion["base_m2"] == pytest.approx(10_000, rel=REL)
    assert expansion["boundary_m2"] == pytest.approx(boundary_width * 100, rel=REL)
    assert expansion["multiple"] == pytest.approx(boundary_width / 100, rel=REL)
    assert expansion["limit"] == 1.3 and expansion["passed"] is passed
    found = rows(result, "EXPANSION")
    if passed:
        assert found.empty and result.passed
    else:
        row = found.iloc[0]
        assert len(found) == 1 and row["severity"] == ERROR
        assert row["geometry"].equals(box(0, 0, boundary_width, 100))  # the whole boundary, for the map
        assert np.isnan(row["x"]) and row["admin_code"] is None
        assert row["value"] == pytest.approx(1.5, rel=REL) and row["limit"] == 1.3
        assert row["area_m2"] == pytest.approx(15_000 - 13_000, rel=REL)  # above the cap
        assert not result.passed


def test_expansion_limit_is_a_parameter():
    result = check_control_lines(CRS, urban_boundary=layer((0, 0, 150, 100)), base_construction=layer((0, 0, 100, 100)),
                                 settings=ControlLineSettings(expansion_limit=1.6))
    assert result.expansion["passed"] and rows(result, "EXPANSION").empty


def test_expansion_without_base_area_is_skipped():
    result = check_control_lines(CRS, urban_boundary=layer((0, 0, 150, 100)), base_construction=layer())
    assert dict(result.skipped)["EXPANSION"].en == "base construction land has no area"
    assert result.expansion is None


def test_farmland_and_boundary_on_unsuitable_land():
    suitability = layer((0, 0, 100, 100), (100, 0, 200, 100), ids=["S1", "S2"], classes=["不适宜", "适宜"])
    farm = layer((50, 0, 150, 100), ids=["F1"])
    udb = layer((150, 0, 250, 100), ids=["K1"])  # only on suitable land
    result = check_control_lines(CRS, farmland=farm, urban_boundary=udb, suitability=suitability)
    found = rows(result, "NT_UNSUITABLE")
    assert found["area_m2"].tolist() == pytest.approx([50 * 100], rel=REL)
    assert (found.loc[0, "feature_ids"], found.loc[0, "other_ids"]) == ("F1", "S1")
    assert rows(result, "KB_UNSUITABLE").empty and "KB_UNSUITABLE" not in skipped_rules(result)


# --------------------------------------------------------------------------- admin units, ordering

def admin_units():
    return AdminUnits(np.array([box(100, 0, 200, 100), box(0, 0, 100, 100)], dtype=object),
                      ["320102", "320101"], ["乙镇", "甲镇"])


def test_admin_split_gives_one_row_per_unit_adding_up():
    red = layer((0, 0, 200, 100), ids=["R1"])
    farm = layer((50, 0, 150, 100), ids=["F1"])
    without = check_control_lines(CRS, ecological=red, farmland=farm)
    result = check_control_lines(CRS, ecological=red, farmland=farm, admin=admin_units())
    found = rows(result, "HX_NT")
    assert found["admin_code"].tolist() == ["320101", "320102"]  # sorted by admin code
    assert found["admin_name"].tolist() == ["甲镇", "乙镇"]
    assert found["area_m2"].tolist() == pytest.approx([5000, 5000], rel=REL)
    assert found["area_m2"].sum() == pytest.approx(rows(without, "HX_NT")["area_m2"].sum(), rel=REL)
    by_admin = result.line_totals_by_admin
    farm_rows = by_admin[by_admin["line"] == "farmland"]
    assert farm_rows["admin_code"].tolist() == ["320101", "320102"]
    assert farm_rows["area_m2"].tolist() == pytest.approx([5000, 5000], rel=REL)
    red_rows = by_admin[by_admin["line"] == "ecological"]
    assert red_rows["area_m2"].sum() == pytest.approx(20_000, rel=REL)


def test_part_outside_every_admin_unit_has_no_code():
    result = check_control_lines(CRS, ecological=layer((150, 0, 250, 100)), farmland=layer((0, 0, 300, 100)),
                                 admin=admin_units())
    found = rows(result, "HX_NT")
    assert found["admin_code"].tolist() == ["320102", None]  # outside every unit: last
    assert found["area_m2"].tolist() == pytest.approx([5000, 5000], rel=REL)


def test_violations_are_sorted_by_rule_then_north_to_south_and_west_to_east():
    red = layer((0, 0, 100, 100))
    farm = layer((0, 0, 10, 10), (50, 90, 60, 100), (0, 90, 10, 100), ids=["south", "north_east", "north_west"])
    udb = layer((90, 90, 100, 100))
    result = check_control_lines(CRS, ecological=red, farmland=farm, urban_boundary=udb)
    assert rows(result, "HX_NT")["other_ids"].tolist() == ["north_west", "north_east", "south"]
    ranks = [RULE_ORDER.index(rule) for rule in result.violations["rule"]]
    assert ranks == sorted(ranks)
    again = check_control_lines(CRS, ecological=red, farmland=farm, urban_boundary=udb)
    assert again.violations.drop(columns="geometry").equals(result.violations.drop(columns="geometry"))


# --------------------------------------------------------------------------- missing, empty, invalid

def test_rules_without_inputs_are_skipped_with_reasons():
    result = check_control_lines(CRS, farmland=layer((0, 0, 100, 100)))
    skipped = dict(result.skipped)
    assert set(skipped) == set(RULE_ORDER) - {"FRAGMENT"}
    assert "ecological" in skipped["HX_NT"].en and "zones" in skipped["SQ_GAP"].en
    assert skipped["EXPANSION"] == Text("无城镇开发边界图层", "no urban boundary layer")
    summary = result.summary.set_index("rule")
    assert list(summary.index) == list(RULE_ORDER)
    assert summary.loc["FRAGMENT", "checked"] and not summary.loc["HX_NT", "checked"]
    assert (summary["severity"] == [SEVERITY[rule] for rule in RULE_ORDER]).all()
    assert result.violations.empty and result.passed


def test_nothing_given():
    result = check_control_lines(CRS)
    assert set(skipped_rules(result)) == set(RULE_ORDER)
    assert result.violations.empty and result.line_totals.empty and result.expansion is None


def test_empty_layers_run_and_find_nothing_but_the_uncovered_county():
    empty = layer()
    result = check_control_lines(CRS, ecological=empty, farmland=layer(), urban_boundary=layer(), zones=layer(),
                                 county=COUNTY, base_construction=layer(), suitability=layer(classes=[]),
                                 admin=admin_units())
    assert set(result.violations["rule"]) == {"SQ_GAP"}  # nothing zoned: the whole county is a gap
    assert rows(result, "SQ_GAP")["area_m2"].sum() == pytest.approx(30_000, rel=REL)
    assert (result.line_totals["area_m2"] == 0).all()
    assert skipped_rules(result) == {"EXPANSION", "HX_ZONE", "NT_ZONE", "KB_ZONE"}


def test_null_and_empty_geometries_are_ignored():
    red = LineLayer(np.array([None, shapely.Polygon(), box(0, 0, 100, 100)], dtype=object), ["a", "b", "c"])
    result = check_control_lines(CRS, ecological=red, farmland=layer((50, 0, 150, 100)))
    assert rows(result, "HX_NT")["feature_ids"].tolist() == ["c"]
    assert result.line_totals.set_index("line").loc["ecological", "count"] == 1


def test_bow_tie_is_made_valid_on_a_copy():
    bow_tie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    red = LineLayer(np.array([bow_tie], dtype=object), ["B1"])
    result = check_control_lines(CRS, ecological=red, farmland=layer((0, 0, 100, 100)))
    assert rows(result, "HX_NT")["area_m2"].sum() == pytest.approx(5000, rel=REL)  # two triangles of 2500
    assert result.repaired == {"生态保护红线": 1}
    assert not shapely.is_valid(red.geometries[0])  # the input is untouched


def test_geographic_crs_is_refused():
    with pytest.raises(ValueError, match="projected"):
        check_control_lines("EPSG:4490", ecological=layer((0, 0, 1, 1)))


def test_progress_reaches_one():
    seen = []
    check_control_lines(CRS, ecological=layer((0, 0, 100, 100)), progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


# --------------------------------------------------------------------------- property

rectangles = st.tuples(st.integers(-20, 110), st.integers(-20, 110), st.integers(1, 60), st.integers(1, 60))


@settings(max_examples=25, deadline=None)
@given(st.lists(rectangles, min_size=0, max_size=6))
def test_gaps_plus_zoned_area_is_the_county(rects):
    county = box(0, 0, 100, 100)
    zones = layer(*[(x, y, x + w, y + h) for x, y, w, h in rects])
    result = check_control_lines(CRS, zones=zones, county=county, settings=ControlLineSettings(min_area=0))
    zoned = shapely.intersection(shapely.union_all(zones.geometries), county)
    zoned_area = polygon_areas(np.array([zoned], dtype=object), CRS)[0] if not zoned.is_empty else 0.0
    gap_area = rows(result, "SQ_GAP")["area_m2"].sum()
    assert gap_area + zoned_area == pytest.approx(10_000, rel=REL)
