"""core.statistics.indicators: indicator areas of a hand-built blueprint, derived figures, the code table,
target tables and the pass/fail rule.

The blueprint is a row of 100 m × 100 m boxes (one per code) 60 km east of the central meridian
of CGCS2000 / 3-degree GK zone 39 (EPSG:4527), where the Gauss-Krüger scale makes a box's plane
area differ from its ellipsoidal area by about 1e-4: the expected areas are geodesic areas on
the CGCS2000 ellipsoid computed here with pyproj (densified edges), independently of core.
"""
import math

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from openpyxl import load_workbook

from factories import bowtie, densify_edges

from multiplan.core.statistics import indicators as ind
from multiplan.core.statistics import targets as tg
from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0, SIDE = 39_560_000.0, 3_500_000.0, 100.0
CRS = "EPSG:4527"
REL = 1e-8
_GEOD = pyproj.Geod(a=6378137.0, rf=298.257222101)  # the CGCS2000 ellipsoid
_TO_LONLAT = pyproj.Transformer.from_crs(CRS, "EPSG:4490", always_xy=True)


def box(column, row=0, width=SIDE, height=SIDE):
    x, y = X0 + column * SIDE, Y0 + row * SIDE
    return shapely.box(x, y, x + width, y + height)


def geodesic(*geometries):
    """Geodesic m² of the union of ``geometries`` (edges densified to 1 m), independent of core."""
    total = 0.0
    for part in shapely.get_parts(shapely.union_all(list(geometries))):
        dense = densify_edges(part, 1.0)
        lonlat = shapely.transform(dense, lambda xy: np.column_stack(_TO_LONLAT.transform(xy[:, 0], xy[:, 1])))
        total += abs(_GEOD.geometry_area_perimeter(lonlat)[0])
    return total


# One box per code, in this order along the row (column = position).
CODES = ["0101", "0103", "0301", "0507", "1701", "070101", "0703", "1202", "0601", "ZZ99", None, "101"]
BOXES = [box(k) for k in range(len(CODES))]


def boxes(*positions):
    return [BOXES[k] for k in positions]


@pytest.fixture(scope="module")
def result():
    lines = {"basic_farmland": [box(0, 2), box(0, 2, width=150)],  # overlapping: 150 m × 100 m once
             "eco_redline": [box(3, 2)],
             "urban_boundary": [box(5, 2, width=130)],
             "base_construction": [box(5, 2)]}
    return ind.compute_indicators(BOXES, CODES, CRS, lines=lines, population=40, urban_population=25)


def values(result):
    return result.table.set_index("key")


def test_geodesic_reference_differs_from_the_plane_area():
    # guards the test itself: planimetric areas here would fail every REL comparison below
    assert abs(geodesic(BOXES[0]) / SIDE ** 2 - 1) > 1e-5


def test_land_use_indicators_are_the_ellipsoidal_areas_of_their_codes(result):
    table = values(result)
    expected = {"cultivated_land": geodesic(*boxes(0, 1, 11)),  # 0101, 0103 and "101" (lost leading zero)
                "forest_land": geodesic(BOXES[2]), "wetland": geodesic(BOXES[3]),  # 0507 红树林地 is 湿地
                "water": geodesic(BOXES[4]),
                "construction_land": geodesic(*boxes(5, 6, 7)),  # 06 is left out by default
                "urban_construction_land": geodesic(BOXES[5]),  # 0703 rural, 1202 regional road
                "total_area": geodesic(*BOXES)}
    for key, area in expected.items():
        assert table.at[key, "area_m2"] == pytest.approx(area, rel=REL), key
        assert table.at[key, "area_ha"] == pytest.approx(area / 10_000, rel=REL)
        assert table.at[key, "area_mu"] == pytest.approx(area / SQUARE_METRES_PER_MU, rel=REL)
        assert table.at[key, "unit"] == "公顷" and table.at[key, "value"] == pytest.approx(area / 10_000, rel=REL)


def test_line_layers_count_their_overlaps_once(result):
    table = values(result)
    assert table.at["basic_farmland", "area_m2"] == pytest.approx(geodesic(box(0, 2, width=150)), rel=REL)
    assert result.lines["basic_farmland"].overlap_pairs == 1
    assert result.lines["basic_farmland"].features == 2
    assert table.at["eco_redline", "area_m2"] == pytest.approx(geodesic(box(3, 2)), rel=REL)


def test_shares_per_capita_and_expansion_multiple(result):
    table = values(result)
    total = geodesic(*BOXES)
    assert table.at["forest_share", "value"] == pytest.approx(100 * geodesic(BOXES[2]) / total, rel=REL)
    assert table.at["forest_share", "unit"] == "%"
    assert table.at["water_share", "base_value"] == pytest.approx(geodesic(BOXES[4]) / total, rel=REL)
    assert table.at["construction_per_capita", "value"] == pytest.approx(geodesic(*boxes(5, 6, 7)) / 40, rel=REL)
    assert table.at["urban_construction_per_capita", "value"] == pytest.approx(geodesic(BOXES[5]) / 25, rel=REL)
    multiple = geodesic(box(5, 2, width=130)) / geodesic(box(5, 2))
    assert table.at["expansion_multiple", "value"] == pytest.approx(multiple, rel=REL)
    assert multiple != pytest.approx(1.3, abs=1e-9)  # ellipsoidal, not the plane ratio 130/100
    # no target table: the expansion multiple gets the default limit 1.3 (as shown, 1.3000 ≤ 1.3)
    assert table.at["expansion_multiple", "comparison"] == "≤" and table.at["expansion_multiple", "target"] == 1.3
    assert table.at["expansion_multiple", "result_code"] == tg.PASS
    assert table.at["cultivated_land", "result_code"] == tg.NO_TARGET


def test_unknown_and_empty_codes_count_only_in_the_total(result):
    unknown = result.unknown.set_index("code")
    assert set(unknown.index) == {"ZZ99", ind.EMPTY_CODE}
    assert unknown.at["ZZ99", "area_m2"] == pytest.approx(geodesic(BOXES[9]), rel=REL)
    structure = result.structure.set_index("code")
    assert structure.at["01", "area_m2"] == pytest.approx(geodesic(*boxes(0, 1, 11)), rel=REL)
    assert structure.at["—", "count"] == 2
    assert structure["share"].sum() == pytest.approx(1.0)


def test_missing_inputs_make_indicators_not_available():
    table = values(ind.compute_indicators(BOXES[:2], CODES[:2], CRS))
    for key in ("basic_farmland", "eco_redline", "urban_boundary", "expansion_multiple", "construction_per_capita"):
        assert math.isnan(table.at[key, "value"]), key
    assert table.at["expansion_multiple", "result_code"] == tg.NOT_AVAILABLE  # default limit, no value
    assert table.at["basic_farmland", "result_code"] == tg.NOT_AVAILABLE  # no target either
    assert table.at["cultivated_land", "result_code"] == tg.NO_TARGET
    assert "未提供永久基本农田图层" in table.at["basic_farmland", "note"].zh
    assert "no planned population given" in table.at["construction_per_capita", "note"].en


def test_empty_base_layer_gives_no_multiple():
    table = values(ind.compute_indicators(BOXES[:1], CODES[:1], CRS,
                                          lines={"urban_boundary": [box(0)], "base_construction": []}))
    assert table.at["base_construction", "value"] == 0.0
    assert math.isnan(table.at["expansion_multiple", "value"])
    assert "现状城镇建设用地面积为 0" in str(table.at["expansion_multiple", "note"])


def test_sandiao_codes_are_harmonised_first():
    # 三调 0303 红树林地 → 0507 湿地; 1101 河流水面 → 1701; 0702 农村宅基地 → 0703
    table = values(ind.compute_indicators(BOXES[:3], ["0303", "1101", "0702"], CRS, standard="sandiao"))
    assert table.at["wetland", "area_m2"] == pytest.approx(geodesic(BOXES[0]), rel=REL)
    assert table.at["water", "area_m2"] == pytest.approx(geodesic(BOXES[1]), rel=REL)
    assert table.at["construction_land", "area_m2"] == pytest.approx(geodesic(BOXES[2]), rel=REL)
    assert table.at["urban_construction_land", "area_m2"] == 0.0


def test_construction_flag_counts_land_without_a_class_in_construction_only():
    result = ind.compute_indicators(BOXES[:3], ["211", "111", "ZZ"], CRS, standard="tugui",
                                    construction_flags=[1, 0, "1"])  # 211 城镇用地 is unmapped
    table = values(result)
    assert table.at["construction_land", "area_m2"] == pytest.approx(geodesic(BOXES[0], BOXES[2]), rel=REL)
    assert result.fallback_construction_m2 == pytest.approx(geodesic(BOXES[0], BOXES[2]), rel=REL)
    assert table.at["urban_construction_land", "area_m2"] == 0.0
    assert table.at["cultivated_land", "area_m2"] == pytest.approx(geodesic(BOXES[1]), rel=REL)


def test_invalid_geometries_are_measured_after_repair():
    tie = shapely.transform(bowtie(100.0), lambda xy: xy + [X0 - 39_500_000.0, 0.0])
    result = ind.compute_indicators([tie], ["0101"], CRS)
    assert result.blueprint.repaired == 1
    # diagonal edges: straight in the equal-area plane vs in GK, 2e-8 apart (README: better than 1e-7)
    assert values(result).at["cultivated_land", "area_m2"] == pytest.approx(geodesic(shapely.make_valid(tie)), rel=1e-7)


# Two valid pieces of the sample county's blueprint that only touch, on which GEOS 3.11's relate
# raises "TopologyException: side location conflict".
TOUCHING = [shapely.from_wkb(
    "01060000000100000001030000000100000007000000E3B082D261D68241E0FE3EDCE9B44A41C520B08C5FD68241FCA9F112E8B44A41"
    "448B6C1F5DD68241D34D6250E2B44A41000000F85CD6824165AC61B2E1B44A41000000F85CD68241A01A2FBDF2B44A416DE7FB0D60D6"
    "8241EC51B8EE05B54A41E3B082D261D68241E0FE3EDCE9B44A41"), shapely.from_wkb(
    "010600000001000000010300000001000000080000005F41B34262D682416B1C3F34E8B44A41643BDFDE61D68241B29DEF17E9B44A41"
    "6DE7FB0D60D68241EC51B8EE05B54A41E3B082D261D68241E0FE3EDCE9B44A410000000062D6824100000000EAB44A4150A4AE4D62D6"
    "8241A174F1C2E9B44A419A99992365D6824152B81EB550B54A415F41B34262D682416B1C3F34E8B44A41")]


def test_pieces_that_trip_geos_relate_are_measured():
    result = ind.compute_indicators(TOUCHING, ["0101", "0301"], CRS)
    assert result.blueprint.overlap_pairs == 0
    # long diagonal edges: straight in the equal-area plane vs in GK (test_areas allows 1e-6 for parcels)
    assert values(result).at["cultivated_land", "area_m2"] == pytest.approx(geodesic(TOUCHING[0]), rel=1e-6)
    total = geodesic(TOUCHING[0]) + geodesic(TOUCHING[1])
    assert values(result).at["total_area", "area_m2"] == pytest.approx(total, rel=1e-6)


def test_floating_point_overlaps_are_neither_counted_nor_cut():
    noise = shapely.box(X0 + SIDE - 1e-7, Y0, X0 + 2 * SIDE, Y0 + SIDE)  # 1e-5 m² over box(0)
    area = ind.layer_area([box(0), noise, box(0, width=150), None], CRS)
    assert (area.features, area.overlap_pairs) == (3, 2)  # box(0) and noise each overlap the 150 m box
    assert area.area_m2 == pytest.approx(geodesic(box(0, width=200)), rel=REL)
    assert ind.layer_area([box(0), noise], CRS).overlap_pairs == 0


def test_blueprint_without_polygons_is_refused():
    with pytest.raises(ValueError, match="no polygon"):
        ind.compute_indicators([None, shapely.Polygon()], ["0101", "0101"], CRS)


def test_geographic_crs_is_refused():
    with pytest.raises(ValueError, match="projected CRS"):
        ind.compute_indicators([shapely.box(117.0, 31.6, 117.001, 31.601)], ["0101"], "EPSG:4490")


def test_progress_reaches_the_end():
    seen = []
    ind.compute_indicators(BOXES[:2], CODES[:2], CRS, lines={"eco_redline": [box(0, 2)]}, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0


# --------------------------------------------------------------------------- the code table

def write_codes(tmp_path, text, encoding="utf-8-sig"):
    path = tmp_path / "indicator_codes.csv"
    path.write_bytes(("indicator,code,include,name,note\n" + text).encode(encoding))
    return path


def test_longest_prefix_decides():
    table = pd.DataFrame({"indicator": ["construction_land"] * 3, "code": ["07", "0703", "070301"],
                          "include": [True, False, True]})
    member = ind.code_membership(["0701", "0703", "070301", "070302", "0801", None], table)["construction_land"]
    assert member.tolist() == [True, False, True, False, False, False]


def test_edited_code_table_counts_agricultural_facilities(tmp_path):
    path = write_codes(tmp_path, "construction_land,07,1,,\nconstruction_land,06,1,,\n")
    table = ind.load_indicator_codes(tmp_path)  # a folder holding the file
    result = ind.compute_indicators(BOXES, CODES, CRS, code_table=table)
    assert values(result).at["construction_land", "area_m2"] == pytest.approx(geodesic(*boxes(5, 6, 8)), rel=REL)
    assert values(result).at["cultivated_land", "area_m2"] == 0.0  # not listed in the edited table
    assert ind.load_indicator_codes(path).equals(table)


def test_default_code_table_rows():
    table = ind.load_indicator_codes()
    counted = table[table["include"]].groupby("indicator")["code"].apply(set)
    assert counted["cultivated_land"] == {"01"} and counted["forest_land"] == {"03"}
    assert counted["wetland"] == {"05"} and counted["water"] == {"17"}
    assert counted["construction_land"] == {f"{n:02d}" for n in range(7, 17)}


def test_bad_code_table_names_the_lines(tmp_path):
    path = write_codes(tmp_path, "forest_land,3,1,,\ncultivated,01,1,,\nwater,17,2,,\nwater,17,1,,\nwater,9999,1,,\n",
                       encoding="gbk")
    with pytest.raises(ValueError) as error:
        ind.load_indicator_codes(path)
    message = str(error.value)
    assert "line 2: code '3' looks like a code that lost its leading zero" in message
    assert "line 3: indicator 'cultivated' is not measured by code" in message
    assert "line 4: include must be 1 (count) or 0 (leave out), not '2'" in message
    assert "line 5: water 17 is listed twice (first on line 4)" in message
    assert "line 6: code '9999' is not a 用地用海 2023 code" in message


# --------------------------------------------------------------------------- the report

def test_report_and_csv(result, tmp_path):
    path = ind.write_report(tmp_path / "指标.xlsx", result, "面积计算方法 test", ["输入 test"])
    workbook = load_workbook(path)
    assert workbook.sheetnames == list(ind.SHEET_NAMES)
    sheet = workbook[ind.SHEET_NAMES[0]]
    headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
    rows = {sheet.cell(r, 1).value: dict(zip(headers, [sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)]))
            for r in range(4, sheet.max_row + 1)}
    assert len(rows) == len(tg.INDICATORS)
    assert rows["01"]["数值\nValue"] == round(geodesic(*boxes(0, 1, 11)) / 10_000, 4)
    assert rows["06"]["判定\nResult"] == "达标" and rows["06"]["目标值\nTarget"] == 1.3
    assert rows["02"]["面积（平方米）\nArea (m²)"] == pytest.approx(geodesic(box(0, 2, width=150)), rel=REL)
    notes = [workbook[ind.SHEET_NAMES[2]].cell(r, 2).value for r in range(4, workbook[ind.SHEET_NAMES[2]].max_row + 1)]
    assert "输入 test" in notes and any("用地用海 07" in (text or "") for text in notes)
    csv = pd.read_csv(ind.write_table(tmp_path / "指标.csv", result.table), encoding="utf-8-sig",
                      dtype={"序号 No.": str})
    assert list(csv.columns) == [" ".join(ind.CSV_HEADERS[column]) for column in ind.CSV_COLUMNS]
    assert csv["序号 No."].tolist()[:2] == ["01", "02"] and csv["判定 Result"].tolist()[0] in ("达标", "无目标")


def test_value_in_the_default_unit(result):
    assert result.value("cultivated_land") == pytest.approx(geodesic(*boxes(0, 1, 11)) / 10_000, rel=REL)
    assert result.value("forest_share") == pytest.approx(100 * geodesic(BOXES[2]) / geodesic(*BOXES), rel=REL)
    assert ind.compute_indicators(BOXES[:1], CODES[:1], CRS).value("basic_farmland") is None
