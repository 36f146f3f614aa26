"""core.statistics.area_statistics: classes at any level, areas by admin unit and class, transfer matrices.

Hand-built parcels on EPSG:4527 (x, y in metres from X0, Y0). Expected areas are the geodesic
areas of the expected pieces (pyproj.Geod on GRS80 = the CGCS2000 ellipsoid, via an independent
pyproj reprojection), not core's own measurement.

    y 150 +---------------------------+----+----+
          |          P3 0301          | P4 |    |
      100 +---------+-----------------+0303+----+
          | P1 0101 |    P2 0102      |    | P7 (empty code) 50-100
        0 +---------+--------+--------+----+ P6 9999 0-50
          0        100      200      300  350  400
    admin 甲 (code 002): x 0-200; 乙 (001): x 200-380; x 380-400 lies in no unit.
    P5 (code 0101) has no geometry.
"""
import numpy as np
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook

from factories import geodesic_area, reproject
from multiplan.core.control_lines.checks import AdminUnits
from multiplan.core.progress import Cancelled
from multiplan.core.statistics import area_statistics as st
from multiplan.core.statistics import transfer as tr
from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0 = 39_420_000.0, 3_500_000.0  # 80 km west of the central meridian: plane ≠ ellipsoid
CRS = "EPSG:4527"
REL = 1e-7


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def geodesic(*geometries):
    """Sum of geodesic areas (m²), computed without core."""
    return geodesic_area(geometries, CRS)


PARCELS = [box(0, 0, 100, 100), box(100, 0, 300, 100), box(0, 100, 300, 150), box(300, 0, 350, 150), None,
           box(350, 0, 400, 50), box(350, 50, 400, 100)]
CODES = ["0101", "0102", "0301", "0303", "0101", "9999", None]
ADMIN = AdminUnits([box(0, 0, 200, 150), box(200, 0, 380, 150)], ["002", "001"], ["甲镇", "乙镇"])
JIA, YI = "unit:002", "unit:001"


def approx(value):
    return pytest.approx(value, rel=REL)


def areas_of(result):
    """{(admin key, class code): m²}."""
    return {(row.admin_key, row.class_code): row.area_m2 for row in result.areas.itertuples()}


# --------------------------------------------------------------------------- classes

def test_levels_follow_the_classification_table_not_the_prefix():
    codes = ["0101", "0303", "05H1", "0201K", "1106"]
    level1 = st.classify_codes(codes, "sandiao", 1).frame
    assert level1["class_code"].tolist() == ["01", "00", "05", "02", "00"]  # 红树林地 and 内陆滩涂 are 湿地 in 三调
    assert level1["class_name"].tolist() == ["耕地", "湿地", "商业服务业用地", "种植园用地", "湿地"]
    level2 = st.classify_codes(codes, "sandiao", 2).frame
    assert level2["class_code"].tolist() == ["0101", "0303", "05H1", "0201", "1106"]
    assert level2["class_name"].tolist() == ["水田", "红树林地", "商业服务业设施用地", "果园", "内陆滩涂"]
    assert level2["level1_code"].tolist() == ["01", "00", "05", "02", "00"]
    as_is = st.classify_codes(codes, "sandiao", 0).frame
    assert as_is["class_code"].tolist() == codes  # the suffix is kept at level 0 …
    assert as_is["class_name"].tolist()[3] == "果园"  # … and named after the class it belongs to
    assert set(as_is["method"]) == {st.TABLE}


def test_three_levels_of_the_2023_classification():
    frame = st.classify_codes(["070101", "0701", "07"], "ydyh2023", 3).frame
    assert frame["class_code"].tolist() == ["070101", "0701", "07"]
    assert frame["method"].tolist() == [st.TABLE, st.COARSER, st.COARSER]
    frame = st.classify_codes(["070101", "0703"], "ydyh2023", 2).frame
    assert frame["class_code"].tolist() == ["0701", "0703"]
    assert frame["class_name"].tolist() == ["城镇住宅用地", "农村宅基地"]
    assert frame["level1_name"].tolist() == ["居住用地", "居住用地"]


def test_codes_deeper_than_the_table_are_kept_at_their_own_level():
    classes = st.classify_codes(["0101", "0102", "0101"], "sandiao", 3)
    assert classes.frame["class_code"].tolist() == ["0101", "0102", "0101"]
    assert classes.coarser() == {"0101": ("0101", 2), "0102": ("0102", 1)}


def test_unknown_codes_fall_back_to_their_prefix_and_are_listed():
    classes = st.classify_codes(["9999", "0199", "9999", "0101"], "sandiao", 1)
    assert classes.frame["class_code"].tolist() == ["99", "01", "99", "01"]
    assert classes.frame["class_name"].tolist() == [None, "耕地", None, "耕地"]
    assert classes.fallbacks() == {"9999": ("99", 2), "0199": ("01", 1)}
    # 城规 and 土规 codes grow one character per level.
    assert st.classify_codes(["X12"], "chenggui", 2).frame["class_code"].tolist() == ["X1"]
    assert st.classify_codes(["41"], "tugui", 1).frame["class_code"].tolist() == ["4"]
    # A 土规 code with an unknown last digit resolves to its known level-2 parent (as harmonise does).
    tugui = st.classify_codes(["219"], "tugui", 3)
    assert tugui.frame["class_code"].tolist() == ["21"] and tugui.coarser() == {"219": ("21", 1)}


def test_without_a_table_codes_are_grouped_by_prefix_and_named_from_the_data():
    codes = ["0101", "0102", "01", "0201", 101.0]
    names = ["水田", "水浇地", "耕地", None, "x"]
    level1 = st.classify_codes(codes, None, 1, names=names).frame
    assert level1["class_code"].tolist() == ["01", "01", "01", "02", "10"]
    assert level1["class_name"].tolist() == ["耕地", "耕地", "耕地", None, None]
    assert set(level1["method"]) == {st.NO_TABLE}
    as_is = st.classify_codes(codes, None, 0, names=names).frame
    assert as_is["class_code"].tolist() == ["0101", "0102", "01", "0201", "101"]  # a number read as text
    assert as_is["class_name"].tolist() == ["水田", "水浇地", "耕地", None, "x"]


def test_numbers_read_from_a_shapefile_get_their_leading_zero_back():
    frame = st.classify_codes([101, 301.0, "  0102 "], "sandiao", 2).frame
    assert frame["class_code"].tolist() == ["0101", "0301", "0102"]


def test_empty_codes_have_their_own_class_at_the_end():
    classes = st.classify_codes([None, "", "0101", float("nan")], "sandiao", 2)
    frame = classes.frame
    assert frame["class_code"].tolist() == [st.EMPTY_CODE, st.EMPTY_CODE, "0101", st.EMPTY_CODE]
    assert frame["class_name"].tolist()[0] == st.EMPTY_NAME
    assert classes.empty_count() == 3
    assert frame["class_rank"].tolist() == [1, 1, 0, 1]


def test_bad_level_or_standard_is_an_error():
    with pytest.raises(ValueError, match="level"):
        st.classify_codes(["0101"], "sandiao", 4)
    with pytest.raises(ValueError, match="unknown land-use standard"):
        st.classify_codes(["0101"], "gb2017", 1)
    with pytest.raises(ValueError, match="one value per code"):
        st.classify_codes(["0101"], "sandiao", 2, names=["a", "b"])


# --------------------------------------------------------------------------- areas

@pytest.fixture(scope="module")
def by_admin():
    return st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 2), CRS, ADMIN)


def test_parcels_are_split_by_admin_units_with_exact_areas(by_admin):
    found = areas_of(by_admin)
    expected = {
        (JIA, "0101"): geodesic(box(0, 0, 100, 100)),
        (JIA, "0102"): geodesic(box(100, 0, 200, 100)),
        (YI, "0102"): geodesic(box(200, 0, 300, 100)),
        (JIA, "0301"): geodesic(box(0, 100, 200, 150)),
        (YI, "0301"): geodesic(box(200, 100, 300, 150)),
        (YI, "0303"): geodesic(box(300, 0, 350, 150)),
        (YI, "9999"): geodesic(box(350, 0, 380, 50)),
        (st.OUTSIDE_KEY, "9999"): geodesic(box(380, 0, 400, 50)),
        (YI, st.EMPTY_CODE): geodesic(box(350, 50, 380, 100)),
        (st.OUTSIDE_KEY, st.EMPTY_CODE): geodesic(box(380, 50, 400, 100)),
    }
    assert set(found) == set(expected)
    for key, value in expected.items():
        assert found[key] == approx(value), key
    assert by_admin.total_m2 == approx(geodesic(*[g for g in PARCELS if g is not None]))
    assert by_admin.outside_m2 == approx(geodesic(box(380, 0, 400, 100)))
    assert by_admin.missing == 1 and by_admin.feature_count == 7
    assert by_admin.overlaps == (0, 0.0) and by_admin.repaired == 0


def test_units_are_sorted_by_code_with_the_outside_last(by_admin):
    assert by_admin.units["key"].tolist() == [YI, JIA, st.OUTSIDE_KEY]
    assert by_admin.units["name"].tolist() == ["乙镇", "甲镇", st.UNASSIGNED]
    assert by_admin.areas["admin_name"].iloc[0] == "乙镇"
    # 三调 order: 00 湿地 comes first in the table, unknown codes after the known ones, empty last.
    assert by_admin.classes["class_code"].tolist() == ["0303", "0101", "0102", "0301", "9999", st.EMPTY_CODE]
    assert by_admin.classes["level1_code"].tolist() == ["00", "01", "01", "03", "99", st.EMPTY_CODE]


def test_pivot_rows_and_columns_add_up(by_admin):
    pivot = st.pivot_table(by_admin, st.M2).set_index("class_code")
    units = [YI, JIA, st.OUTSIDE_KEY]
    assert pivot[units].sum(axis=1).to_numpy() == pytest.approx(pivot[st.TOTAL_KEY].to_numpy(), rel=1e-12)
    assert pivot[st.TOTAL_KEY].sum() == approx(by_admin.total_m2)
    assert pivot.loc["0102", JIA] == approx(geodesic(box(100, 0, 200, 100)))
    assert pivot.loc["0102", st.TOTAL_KEY] == approx(geodesic(box(100, 0, 300, 100)))
    assert pivot.loc["0101", YI] == 0.0
    assert pivot[JIA].sum() == approx(geodesic(box(0, 0, 200, 150)))
    assert pivot[st.SHARE_KEY].sum() == pytest.approx(1.0, abs=1e-12)
    hectares = st.pivot_table(by_admin, st.HA).set_index("class_code")
    mu = st.pivot_table(by_admin, st.MU).set_index("class_code")
    assert hectares.loc["0301", st.TOTAL_KEY] == approx(pivot.loc["0301", st.TOTAL_KEY] / 10_000)
    assert mu.loc["0301", st.TOTAL_KEY] == approx(pivot.loc["0301", st.TOTAL_KEY] / SQUARE_METRES_PER_MU)


def test_level_one_aggregates_the_second_level_classes():
    result = st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 1), CRS, ADMIN)
    found = areas_of(result)
    assert found[(JIA, "01")] == approx(geodesic(box(0, 0, 200, 100)))  # 0101 and 0102
    assert found[(YI, "01")] == approx(geodesic(box(200, 0, 300, 100)))
    assert found[(YI, "00")] == approx(geodesic(box(300, 0, 350, 150)))
    assert found[(YI, "99")] == approx(geodesic(box(350, 0, 380, 50)))
    assert not st.has_subtotals(result)


def test_without_admin_units_one_total_column():
    result = st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 2), CRS)
    assert len(result.units) == 0 and not result.with_admin
    pivot = st.pivot_table(result, st.M2).set_index("class_code")
    assert list(pivot.columns) == ["level1_code", "level1_name", "class_name", st.TOTAL_KEY, st.SHARE_KEY]
    assert pivot.loc["0102", st.TOTAL_KEY] == approx(geodesic(box(100, 0, 300, 100)))
    assert set(result.areas["admin_key"]) == {st.TOTAL_KEY}


def test_overlapping_parcels_are_counted_once_and_reported():
    parcels = [box(0, 0, 100, 100), box(50, 0, 150, 100)]
    result = st.class_areas(parcels, st.classify_codes(["0101", "0102"], "sandiao", 2), CRS)
    found = areas_of(result)
    assert found[(st.TOTAL_KEY, "0101")] == approx(geodesic(box(0, 0, 100, 100)))  # the first keeps the overlap
    assert found[(st.TOTAL_KEY, "0102")] == approx(geodesic(box(100, 0, 150, 100)))
    assert result.overlaps[0] == 1 and result.overlaps[1] == pytest.approx(5_000.0)


def test_invalid_parcels_are_repaired_on_a_copy():
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    result = st.class_areas([bowtie], st.classify_codes(["0101"], "sandiao", 2), CRS)
    assert result.repaired == 1
    assert result.total_m2 == approx(geodesic(box(0, 0, 100, 100)) / 2)
    assert not bowtie.is_valid  # the input is untouched


def test_admin_features_sharing_a_code_are_one_unit():
    admin = AdminUnits([box(0, 0, 100, 150), box(100, 0, 400, 150)], ["001", "001"], [None, "甲镇"])
    result = st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 1), CRS, admin)
    assert result.units["key"].tolist() == ["unit:001"] and result.units["name"].tolist() == ["甲镇"]
    assert result.outside_m2 == 0.0
    assert areas_of(result)[("unit:001", "01")] == approx(geodesic(box(0, 0, 300, 100)))


def test_geographic_crs_and_misaligned_codes_are_errors():
    classes = st.classify_codes(["0101"], "sandiao", 2)
    with pytest.raises(ValueError, match="projected"):
        st.class_areas([reproject(box(0, 0, 10, 10), CRS, "EPSG:4490")], classes, "EPSG:4490")
    with pytest.raises(ValueError, match="one code per geometry"):
        st.class_areas([box(0, 0, 1, 1), box(2, 2, 3, 3)], classes, CRS)


def test_cancelling_stops_the_computation():
    def cancel(fraction):
        if fraction > 0.5:
            raise Cancelled()

    with pytest.raises(Cancelled):
        st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 2), CRS, ADMIN, progress=cancel)
    with pytest.raises(Cancelled):
        tr.compare_versions(PARCELS, st.classify_codes(CODES, "sandiao", 2), PARCELS,
                            st.classify_codes(CODES, "sandiao", 2), CRS, progress=cancel)


def test_progress_reaches_the_end():
    seen = []
    st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 2), CRS, ADMIN, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


# --------------------------------------------------------------------------- report

def sheet_rows(path, name):
    """Rows below the header (row 3) as lists."""
    sheet = load_workbook(path)[name]
    headers = [cell.value for cell in sheet[3]]
    return headers, [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]


def test_pivot_sheet_has_subtotals_per_level_one_class_and_a_total(by_admin, tmp_path):
    path = st.write_report(tmp_path / "r.xlsx", by_admin, "note", notes=["a note"])
    assert load_workbook(path).sheetnames == ["分类面积", "分类面积（亩）", "分类面积（平方米）", "分类明细", "说明"]
    headers, rows = sheet_rows(path, "分类面积（平方米）")
    assert headers == ["一级类\nLevel-1 class", "地类代码\nClass code", "地类名称\nClass name",
                       "乙镇（平方米）\n001", "甲镇（平方米）\n002", "（未落入行政区）（平方米）\nOutside admin units",
                       "合计（平方米）\nTotal (m²)", "占比\nShare"]
    labels = [row[0] for row in rows]
    assert labels == ["00 湿地", "00 湿地 小计", "01 耕地", "01 耕地", "01 耕地 小计", "03 林地", "03 林地 小计",
                      "99", "99 小计", str(st.EMPTY_NAME), f"{st.EMPTY_NAME} 小计", str(st.TOTAL)]
    farmland = rows[labels.index("01 耕地 小计")]
    assert farmland[4] == approx(geodesic(box(0, 0, 200, 100)))  # 甲镇: 0101 and half of 0102
    assert farmland[3] == approx(geodesic(box(200, 0, 300, 100)))
    assert farmland[6] == approx(geodesic(box(0, 0, 300, 100)))
    total = rows[-1]
    assert total[6] == approx(by_admin.total_m2)
    data = [row for row in rows[:-1] if not row[0].endswith("小计")]
    assert len(data) == 6
    assert total[3] == approx(sum(row[3] for row in data))  # the 合计 row sums data rows, not 小计 rows
    assert total[7] == pytest.approx(1.0)
    _, hectares = sheet_rows(path, "分类面积")
    assert hectares[-1][6] == approx(by_admin.total_m2 / 10_000)


def test_detail_sheet_has_all_three_units_and_subtotals_per_admin_unit(by_admin, tmp_path):
    path = st.write_report(tmp_path / "r.xlsx", by_admin, "note")
    headers, rows = sheet_rows(path, "分类明细")
    assert headers[-3:] == ["面积（平方米）\nArea (m²)", "面积（公顷）\nArea (ha)", "面积（亩）\nArea (mu)"]
    subtotal = next(row for row in rows if row[0] == "002 甲镇 小计")
    assert subtotal[-3] == approx(geodesic(box(0, 0, 200, 150)))
    assert subtotal[-2] == approx(subtotal[-3] / 10_000)
    assert subtotal[-1] == approx(subtotal[-3] / SQUARE_METRES_PER_MU)
    assert rows[-1][0] == str(st.TOTAL) and rows[-1][-3] == approx(by_admin.total_m2)


def test_level_one_pivot_has_no_subtotals(tmp_path):
    result = st.class_areas(PARCELS, st.classify_codes(CODES, "sandiao", 1), CRS)
    path = st.write_report(tmp_path / "r.xlsx", result, "note")
    headers, rows = sheet_rows(path, "分类面积")
    assert headers[:2] == ["地类代码\nClass code", "地类名称\nClass name"]
    assert [row[0] for row in rows] == ["00", "01", "03", "99", None, str(st.TOTAL)]
    assert not any("小计" in str(row[0]) for row in rows)


def test_long_csv_keeps_codes_as_text(by_admin, tmp_path):
    path = st.write_csv(tmp_path / "a.csv", by_admin)
    table = pd.read_csv(path, encoding="utf-8-sig", dtype={"行政区代码 Admin code": str, "地类代码 Class code": str,
                                                            "一级类代码 Level-1 code": str})
    assert list(table.columns) == ["行政区代码 Admin code", "行政区名称 Admin name", "一级类代码 Level-1 code",
                                   "一级类名称 Level-1 name", "地类代码 Class code", "地类名称 Class name",
                                   "面积（平方米） Area (m²)", "面积（公顷） Area (ha)", "面积（亩） Area (mu)"]
    row = table[(table["行政区代码 Admin code"] == "002") & (table["地类代码 Class code"] == "0102")].iloc[0]
    assert row["面积（平方米） Area (m²)"] == approx(geodesic(box(100, 0, 200, 100)))
    assert row["面积（亩） Area (mu)"] == approx(geodesic(box(100, 0, 200, 100)) / SQUARE_METRES_PER_MU)
    assert row["地类名称 Class name"] == "水浇地"
    assert table["面积（平方米） Area (m²)"].sum() == approx(by_admin.total_m2)


# --------------------------------------------------------------------------- two versions (core.statistics.transfer)

# Version A: 0101 on x 0-200 and y 100-150 (x 0-100), 0301 on x 200-400.
# Version B: 0101 on x 0-100, 0702 on x 100-300, 0301 on x 300-450 (x 400-450 only in B).
A_GEOMS = [box(0, 0, 200, 100), box(200, 0, 400, 100), box(0, 100, 100, 150)]
A_CODES = ["0101", "0301", "0101"]
B_GEOMS = [box(0, 0, 100, 100), box(100, 0, 300, 100), box(300, 0, 450, 100)]
B_CODES = ["0101", "0702", "0301"]


@pytest.fixture(scope="module")
def comparison():
    return tr.compare_versions(A_GEOMS, st.classify_codes(A_CODES, "sandiao", 2), B_GEOMS,
                               st.classify_codes(B_CODES, "sandiao", 2), CRS)


def test_transfer_matrix_cells_are_exact(comparison):
    cells = {(row.class_a, row.class_b): row.area_m2 for row in comparison.pairs.itertuples()}
    expected = {("0101", "0101"): geodesic(box(0, 0, 100, 100)), ("0101", "0702"): geodesic(box(100, 0, 200, 100)),
                ("0301", "0702"): geodesic(box(200, 0, 300, 100)), ("0301", "0301"): geodesic(box(300, 0, 400, 100))}
    assert set(cells) == set(expected)
    for key, value in expected.items():
        assert cells[key] == approx(value), key
    assert comparison.changed_m2 == approx(geodesic(box(100, 0, 300, 100)))
    assert comparison.only_a_m2 == approx(geodesic(box(0, 100, 100, 150)))
    assert comparison.only_b_m2 == approx(geodesic(box(400, 0, 450, 100)))
    assert comparison.overlap_m2 == approx(geodesic(box(0, 0, 400, 100)))


def test_matrix_rows_add_up_to_version_a_within_the_overlap(comparison):
    matrix = tr.transfer_matrix(comparison, st.M2).set_index("class_code")
    assert matrix.index.tolist() == ["0101", "0301", st.TOTAL]
    keys = [tr.matrix_key(code) for code in ("0101", "0301", "0702")]
    assert list(matrix.columns) == ["class_name", *keys, st.TOTAL_KEY]
    assert matrix.loc["0101", st.TOTAL_KEY] == approx(geodesic(box(0, 0, 200, 100)))  # A's 0101 where B covers it
    assert matrix.loc["0301", st.TOTAL_KEY] == approx(geodesic(box(200, 0, 400, 100)))
    assert matrix.loc["0101", tr.matrix_key("0301")] == 0.0
    assert matrix.loc[st.TOTAL, tr.matrix_key("0702")] == approx(geodesic(box(100, 0, 300, 100)))
    assert matrix.loc[st.TOTAL, st.TOTAL_KEY] == approx(comparison.overlap_m2)
    for code in ("0101", "0301"):
        assert matrix.loc[code, keys].sum() == pytest.approx(matrix.loc[code, st.TOTAL_KEY], rel=1e-12)
    hectares = tr.transfer_matrix(comparison, st.HA, totals=False).set_index("class_code")
    assert st.TOTAL not in hectares.index
    assert hectares.loc["0101", tr.matrix_key("0101")] == approx(geodesic(box(0, 0, 100, 100)) / 10_000)


def test_change_table_covers_each_whole_version(comparison):
    changes = comparison.changes.set_index("class_code")
    assert changes.index.tolist() == ["0101", "0301", "0702"]
    assert changes.loc["0101", "a_m2"] == approx(geodesic(box(0, 0, 200, 100), box(0, 100, 100, 150)))
    assert changes.loc["0101", "b_m2"] == approx(geodesic(box(0, 0, 100, 100)))
    assert changes.loc["0702", "a_m2"] == 0.0
    assert changes.loc["0702", "change_m2"] == approx(geodesic(box(100, 0, 300, 100)))
    assert changes.loc["0301", "change_m2"] == pytest.approx(geodesic(box(300, 0, 450, 100))
                                                             - geodesic(box(200, 0, 400, 100)), rel=1e-6)
    assert changes.loc["0702", "class_name"] == "农村宅基地"


def test_versions_in_different_standards_are_a_cross_tabulation():
    result = tr.compare_versions(A_GEOMS, st.classify_codes(A_CODES, "sandiao", 1), B_GEOMS,
                                 st.classify_codes(["111", "212", "113"], "tugui", 3), CRS)
    assert result.changed_m2 is None
    cells = {(row.class_a, row.class_b): row.area_m2 for row in result.pairs.itertuples()}
    assert cells[("01", "212")] == approx(geodesic(box(100, 0, 200, 100)))
    assert result.columns["class_name"].tolist() == ["耕地", "林地", "农村居民点用地"]


def test_matrix_sheets_and_csv(comparison, tmp_path):
    areas = st.class_areas(A_GEOMS, st.classify_codes(A_CODES, "sandiao", 2), CRS)
    path = st.write_report(tmp_path / "r.xlsx", areas, "note", comparison, ("2020年", "2023年"))
    assert load_workbook(path).sheetnames == ["分类面积", "分类面积（亩）", "分类面积（平方米）", "分类明细", "转移矩阵",
                                              "转移矩阵（亩）", "面积变化", "说明"]
    headers, rows = sheet_rows(path, "转移矩阵（亩）")
    assert headers == ["2020年 地类代码\n2020年 class code (rows)", "2020年 地类名称\nClass name", "水田\n2023年 0101",
                       "乔木林地\n2023年 0301", "农村宅基地\n2023年 0702", "合计（亩）\nTotal (mu)"]
    assert rows[0][:2] == ["0101", "水田"]
    assert rows[0][4] == approx(geodesic(box(100, 0, 200, 100)) / SQUARE_METRES_PER_MU)
    assert rows[-1][0] == str(st.TOTAL) and rows[-1][5] == approx(comparison.overlap_m2 / SQUARE_METRES_PER_MU)
    _, hectares = sheet_rows(path, "转移矩阵")
    assert hectares[1][3] == approx(geodesic(box(300, 0, 400, 100)) / 10_000)
    csv = tr.write_matrix_csv(tmp_path / "m.csv", comparison, st.HA, ("2020年", "2023年"))
    table = pd.read_csv(csv, encoding="utf-8-sig", dtype={"2020年 地类代码 Class code": str})
    assert list(table.columns) == ["2020年 地类代码 Class code", "2020年 地类名称 Class name", "2023年 0101 水田",
                                   "2023年 0301 乔木林地", "2023年 0702 农村宅基地", "合计（公顷） Total (ha)"]
    assert table["2020年 地类代码 Class code"].tolist() == ["0101", "0301", str(st.TOTAL)]
    assert table.iloc[-1]["合计（公顷） Total (ha)"] == approx(comparison.overlap_m2 / 10_000)
    assert np.allclose(table.iloc[:2, 2:5].sum(axis=1), table.iloc[:2, 5], rtol=1e-12)


# -- issue 18: names as well as codes, and values never cut ------------------------------------

def test_values_that_are_no_code_are_never_cut_and_stay_distinct():
    """'water' and 'waterside_woodland' both became WATE at 三调 level 2 and merged."""
    for standard in ("sandiao", "chenggui", None):
        for level in (1, 2, 3):
            classes = st.classify_codes(["water", "waterside_woodland", "water"], standard, level)
            # a standard's codes are compared in upper case; without one values stay as written
            expected = ["water", "waterside_woodland", "water"]
            expected = [value.upper() for value in expected] if standard else expected
            assert classes.frame["class_code"].tolist() == expected
            assert classes.frame["level1_code"].tolist() == expected
    # without a table no level-1 class is invented from the first letters of a name
    plain = st.classify_codes(["city", "countryside"], None, 1)
    assert plain.frame["level1_code"].tolist() == ["city", "countryside"]
    listed = st.classify_codes(["water", "water", "waterside_woodland"], "sandiao", 2).fallbacks()
    assert listed == {"WATER": ("WATER", 2), "WATERSIDE_WOODLAND": ("WATERSIDE_WOODLAND", 1)}  # once per value


def test_class_names_and_office_labels_are_recognised_like_codes():
    classes = st.classify_codes(["水田", "旱 地", "０１０３", "有林地", "城镇住宅"], "sandiao", 1)
    assert classes.frame["class_code"].tolist() == ["01", "01", "01", "03", "07"]
    assert classes.fallbacks() == {}
