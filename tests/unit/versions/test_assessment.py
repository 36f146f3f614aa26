"""实施评估 on a hand-built county of 1 km × 1 km: a base survey and two later years with known
changes; every area is checked against the ellipsoidal area of the box that changed."""
import math

import numpy as np
import pandas as pd
import pytest
import shapely

import monitoring_county as mc
from multiplan.core.areas import polygon_areas
from monitoring_county import BASE, CRS, RED_LINE, SOUTH_EAST, URBAN, WEST, Y2024, Y2025, box, boxes, m2
from multiplan.core.statistics.targets import parse_targets
from multiplan.core.versions import assessment as am

BLUEPRINT = am.LandUse(boxes(mc.BLUEPRINT), [c for _, c in mc.BLUEPRINT], name="一张蓝图")
LINES = am.Lines(urban=boxes([(b,) for b in URBAN]), farmland=boxes([(b,) for b in mc.FARMLAND]),
                 red_line=boxes([(b,) for b in RED_LINE]))
UNITS = am.Units(boxes(mc.TOWNSHIPS), [c for _, c, _ in mc.TOWNSHIPS], [n for _, _, n in mc.TOWNSHIPS])


def survey(parts, year, name=None):
    return am.LandUse(np.array([box(*b) for b, _ in parts], dtype=object), [c for _, c in parts], "sandiao", year,
                      ids=[f"{year}{n:03d}" for n in range(1, len(parts) + 1)], name=name or f"DLTB_{year}")


@pytest.fixture(scope="module")
def result():
    return am.assess(BLUEPRINT, [survey(Y2025, 2025), survey(Y2024, 2024)], CRS, base=survey(BASE, 2023),
                     lines=LINES, units=UNITS)


def row(result, year, key, unit=""):
    frame = result.indicators
    return frame[(frame["year"] == year) & (frame["key"] == key) & (frame["unit_code"] == unit)].iloc[0]


def test_years_sorted_and_units(result):
    assert result.years == [2024, 2025] and result.base_year == 2023
    assert list(result.units["unit_code"]) == ["", "001", "002"]


def test_new_construction_split_by_boundary_farmland_and_red_line(result):
    summary = result.summary.set_index(["year", "unit_code"])
    first = summary.loc[(2024, "")]
    assert first["new_construction_m2"] == pytest.approx(m2((0, 0, 100, 100)) + m2((500, 0, 1000, 250)), abs=1e-3)
    assert first["inside_m2"] == pytest.approx(m2((500, 0, 1000, 250)), abs=1e-3)
    assert first["outside_m2"] == pytest.approx(m2((0, 0, 100, 100)), abs=1e-3)
    assert first["farmland_m2"] == pytest.approx(m2((0, 0, 100, 100)), abs=1e-3)
    assert first["redline_m2"] == pytest.approx(0.0, abs=1e-6)
    assert first["unplanned_m2"] == pytest.approx(m2((0, 0, 100, 100)), abs=1e-3)
    assert summary.loc[(2024, "001"), "outside_m2"] == pytest.approx(m2((0, 0, 100, 100)), abs=1e-3)
    assert summary.loc[(2024, "002"), "outside_m2"] == pytest.approx(0.0, abs=1e-6)
    second = summary.loc[(2025, "")]
    assert second["new_construction_m2"] == pytest.approx(m2((600, 900, 700, 1000)), abs=1e-3)
    assert second["redline_m2"] == pytest.approx(m2((600, 900, 700, 1000)), abs=1e-3)
    assert second["outside_m2"] == pytest.approx(m2((600, 900, 700, 1000)), abs=1e-3)
    assert second["farmland_lost_m2"] == pytest.approx(m2((400, 900, 500, 1000)), abs=1e-3)
    assert second["planned_farmland_lost_m2"] == pytest.approx(m2((400, 900, 500, 1000)), abs=1e-3)


def test_farmland_lost_to_construction_and_the_base_survey(result):
    summary = result.summary.set_index(["year", "unit_code"])
    # 2024: 2.5 ha (south-east) + 1 ha (north-west corner) of 旱地 lost, none gained
    assert summary.loc[(2024, ""), "farmland_lost_m2"] == pytest.approx(
        m2((500, 0, 1000, 250)) + m2((0, 0, 100, 100)), abs=1e-3)
    assert summary.loc[(2024, ""), "farmland_gained_m2"] == pytest.approx(0.0, abs=1e-6)
    # only the 1 ha in the west was farmland in the blueprint
    assert summary.loc[(2024, ""), "planned_farmland_lost_m2"] == pytest.approx(m2((0, 0, 100, 100)), abs=1e-3)


def test_indicators_against_blueprint_targets(result):
    farmland = row(result, 2024, "cultivated_land")
    assert farmland["value_m2"] == pytest.approx(m2(WEST) - m2((0, 0, 100, 100)), abs=1e-3)
    assert farmland["target_m2"] == pytest.approx(m2(WEST), abs=1e-3)
    assert farmland["measure"] == pytest.approx(farmland["value_m2"] / farmland["target_m2"])
    assert farmland["level"] == am.RED  # 98 % < 99 %
    base = row(result, 2023, "cultivated_land")
    assert base["value_m2"] == pytest.approx(m2(WEST) + m2((500, 0, 1000, 250)), abs=1e-3)
    assert farmland["change_m2"] == pytest.approx(farmland["value_m2"] - base["value_m2"], abs=1e-6)
    assert math.isnan(base["change_m2"]) or base["change_m2"] is None
    construction = row(result, 2024, "construction_land", "002")
    # 乙镇 plans 25 ha of construction (the south-east) and has built 25 ha: 100 % used → yellow (≤ 100 %)
    assert construction["target_m2"] == pytest.approx(m2(SOUTH_EAST), abs=1e-3)
    assert construction["measure"] == pytest.approx(1.0, abs=1e-9)
    assert construction["level"] == am.YELLOW
    west = row(result, 2024, "construction_land", "001")  # no construction planned in 甲镇, 1 ha built
    assert west["target_m2"] == pytest.approx(0.0, abs=1e-6) and west["measure"] == math.inf and west["level"] == am.RED


def test_violations_levels(result):
    assert row(result, 2024, "new_construction_on_farmland")["level"] == am.RED
    assert row(result, 2024, "new_construction_in_redline")["level"] == am.GREEN
    assert row(result, 2025, "new_construction_in_redline")["level"] == am.RED
    assert row(result, 2025, "new_construction_in_redline", "001")["level"] == am.GREEN
    outside = row(result, 2024, "new_construction_outside_boundary")
    assert outside["measure"] == pytest.approx(m2((0, 0, 100, 100)) / 10_000, abs=1e-6)
    assert round(outside["measure"], 4) == 1.0 and outside["level"] == am.YELLOW  # yellow up to 1 ha
    assert result.worst_level(2024) == am.RED


def test_monitoring_patches_named_by_their_survey_ids(result):
    patches = result.patches
    new_2024 = patches[(patches["year"] == 2024) & (patches["type"] == am.NEW_CONSTRUCTION)]
    assert sorted(new_2024["boundary"]) == [am.INSIDE, am.OUTSIDE]
    outside = new_2024[new_2024["boundary"] == am.OUTSIDE].iloc[0]
    assert (outside["unit_code"], outside["code_before"], outside["code_after"]) == ("001", "0103", "0601")
    assert outside["id_after"] == "2024003" and outside["id_before"] == "2023001"
    assert outside["farmland_m2"] == pytest.approx(outside["area_m2"]) and outside["redline_m2"] == 0
    geometry = result.patch_geometries[new_2024.index[new_2024["boundary"] == am.OUTSIDE][0]]
    assert shapely.equals(shapely.normalize(geometry), shapely.normalize(box(0, 0, 100, 100)))
    # pieces of one change are merged: the south-east's 25 ha is one patch though blueprint and lines cut it
    inside = new_2024[new_2024["boundary"] == am.INSIDE].iloc[0]
    assert inside["area_m2"] == pytest.approx(m2((500, 0, 1000, 250)), abs=1e-3)
    assert polygon_areas(result.patch_geometries, CRS) == pytest.approx(patches["area_m2"].to_numpy(), abs=1e-3)


def test_county_targets_from_the_target_table():
    targets = parse_targets(pd.DataFrame({"indicator": ["耕地保有量"], "target": ["40"], "unit": ["公顷"],
                                          "comparison": [">="]}))
    result = am.assess(BLUEPRINT, [survey(Y2024, 2024)], CRS, base=survey(BASE, 2023), lines=LINES, units=UNITS,
                       targets=targets)
    farmland = row(result, 2024, "cultivated_land")
    assert farmland["target_m2"] == pytest.approx(400_000.0) and str(farmland["target_source"]) == "目标表"
    assert farmland["level"] == am.GREEN  # 49 ha ≥ 40 ha
    assert row(result, 2024, "cultivated_land", "001")["target_m2"] == pytest.approx(m2(WEST), abs=1e-3)


def test_unknown_codes_are_not_judged_and_are_reported():
    base = survey(BASE[:1] + [((500, 0, 1000, 250), "9999")] + BASE[2:], 2023)
    result = am.assess(BLUEPRINT, [survey(Y2024, 2024)], CRS, base=base, lines=LINES, units=UNITS)
    summary = result.summary.set_index(["year", "unit_code"])
    assert summary.loc[(2024, ""), "new_construction_m2"] == pytest.approx(m2((0, 0, 100, 100)), abs=1e-3)
    assert summary.loc[(2024, ""), "undetermined_m2"] == pytest.approx(m2((500, 0, 1000, 250)), abs=1e-3)
    assert any("代码未知或为空" in note.zh for note in result.notes)


def test_without_townships_or_lines():
    result = am.assess(BLUEPRINT, [survey(Y2024, 2024), survey(Y2025, 2025)], CRS)
    assert result.base_year is None and result.years == [2025]
    assert list(result.units["unit_code"]) == [""]
    outside = row(result, 2025, "new_construction_outside_boundary")
    assert pd.isna(outside["value_m2"]) and outside["level"] == am.NO_LEVEL
    patches = result.patches
    assert set(patches["boundary"]) == {am.NO_BOUNDARY} and set(patches["unit_code"]) == {""}
    assert any("未提供基期调查" in note.zh for note in result.notes)


@pytest.mark.parametrize("surveys, base, message", [
    ([], None, "至少需要一期"),
    ([(Y2024, 2024)], None, "只有一期调查"),
    ([(Y2024, 2024), (Y2025, 2024)], None, "调查年份重复：2024"),
    ([(Y2024, 2024)], (BASE, 2024), "基期（2024 年）必须早于"),
    ([(Y2024, None)], (BASE, 2023), "无法确定“DLTB_None”的年份"),
])
def test_impossible_inputs(surveys, base, message):
    with pytest.raises(am.AssessmentError) as error:
        am.assess(BLUEPRINT, [survey(parts, year) for parts, year in surveys], CRS,
                  base=survey(*base) if base else None)
    assert message in error.value.text.zh


def test_geographic_crs_refused():
    with pytest.raises(am.AssessmentError, match="projected"):
        am.assess(BLUEPRINT, [survey(Y2024, 2024)], "EPSG:4490", base=survey(BASE, 2023))


@pytest.mark.parametrize("name, year", [("DLTB_2025", 2025), ("2024年度变更调查", 2024), ("DLTB", None),
                                        ("三调20191231", None), ("x2031y", 2031)])
def test_year_in_names(name, year):
    assert am.year_in(name) == year


def test_parse_years():
    assert am.parse_years("2024, 2025", 2) == [2024, 2025] and am.parse_years("", 2) is None
    with pytest.raises(am.AssessmentError):
        am.parse_years("2024", 2)


def test_thresholds_edited_rows_replace_defaults(tmp_path):
    path = tmp_path / "阈值.csv"
    path.write_text("indicator,name,direction,measure,yellow,red\ncultivated_land,耕地,下限,达成率,1.02,1.0\n",
                    encoding="gbk")
    table = am.load_thresholds(path)
    assert table.loc["cultivated_land", "yellow"] == 1.02 and table.loc["forest_land", "red"] == 0.98
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,name,direction,measure,yellow,red\nfoo,x,>=,ratio,1,0.9\n"
                   "water,水域,>=,ratio,0.9,1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2.*foo.*row 3.*red 1 must lie beyond yellow 0.9"):
        am.load_thresholds(bad)


@pytest.mark.parametrize("measure, direction, expected", [
    (1.0, ">=", am.GREEN), (0.995, ">=", am.YELLOW), (0.98, ">=", am.RED), (0.8, "<=", am.GREEN),
    (0.95, "<=", am.YELLOW), (1.00001, "<=", am.YELLOW), (1.01, "<=", am.RED),
    (math.nan, "<=", am.NO_LEVEL)])
def test_warning_level(measure, direction, expected):
    yellow, red = (1.0, 0.99) if direction == ">=" else (0.9, 1.0)
    assert am.warning_level(measure, direction, yellow, red) == expected


def test_only_urban_construction_outside_the_boundary_is_a_violation():
    """A rural homestead (0702) outside the urban boundary is new construction, not a breach: the
    rule is about urban construction; farmland gained is never "against the plan"."""
    homestead = [((100, 0, 500, 100), "0103"), ((0, 100, 500, 900), "0103"), ((0, 900, 100, 1000), "0702"),
                 ((100, 900, 500, 1000), "0103"), ((0, 0, 100, 100), "0103"), ((500, 0, 1000, 250), "0103"),
                 ((500, 250, 1000, 500), "0701"), (mc.NORTH_EAST, "0301")]
    result = am.assess(BLUEPRINT, [survey(homestead, 2024)], CRS, base=survey(BASE, 2023), lines=LINES, units=UNITS)
    summary = result.summary.set_index(["year", "unit_code"]).loc[(2024, "")]
    assert summary["new_construction_m2"] == pytest.approx(m2((0, 900, 100, 1000)), abs=1e-3)
    assert summary["outside_m2"] == pytest.approx(m2((0, 900, 100, 1000)), abs=1e-3)
    assert summary["outside_urban_m2"] == 0.0
    assert row(result, 2024, "new_construction_outside_boundary")["level"] == am.GREEN
    patch = result.patches[result.patches["type"] == am.NEW_CONSTRUCTION].iloc[0]
    assert not patch["urban_construction"] and patch["boundary"] == am.OUTSIDE


def test_farmland_gained_is_never_against_the_plan_and_dust_is_zero(result):
    gained = result.patches[result.patches["type"] == am.FARMLAND_GAINED]
    assert gained.empty or gained["unplanned_m2"].isna().all()
    values = result.indicators["value_m2"].dropna()
    assert ((values == 0) | (values.abs() >= am.AREA_NOISE)).all()
