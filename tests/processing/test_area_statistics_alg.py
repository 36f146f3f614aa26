"""multiplan:area_statistics end to end: hand-built parcels and townships on EPSG:4527.

x, y in metres from X0, Y0; every parcel 100 m tall (y 0-100) unless stated.

    DLTB:   0-100 0101 水田 | 100-300 0102 水浇地 | 300-400 0303 红树林地 | 400-450 9999 (DLMC 其他)
            and 0-100 × y 100-150 with an empty code
    XZQ_XZ: 甲镇 002 x 0-200, 乙镇 001 x 200-450 (y -10-160)
    2023:   0-200 0101 | 200-450 0702 农村宅基地 (the 三调 codes of a later year)

Expected areas are geodesic areas (pyproj.Geod, GRS80) of the expected pieces, independent of core.
"""
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from factories import geodesic_area, reproject
from recording import RecordingFeedback

from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0 = 39_420_000.0, 3_500_000.0  # 80 km west of the central meridian: plane ≠ ellipsoid
CRS = "EPSG:4527"
REL = 1e-7
DLTB = [((0, 0, 100, 100), "0101", "水田"), ((100, 0, 300, 100), "0102", "水浇地"),
        ((300, 0, 400, 100), "0303", "红树林地"), ((400, 0, 450, 100), "9999", "其他"), ((0, 100, 100, 150), None, None)]
LATER = [((0, 0, 200, 100), "0101"), ((200, 0, 450, 100), "0702")]
TOWNS = [((0, -10, 200, 160), "002", "甲镇"), ((200, -10, 450, 160), "001", "乙镇")]
CSV_CODE, CSV_ADMIN, CSV_M2 = "地类代码 Class code", "行政区代码 Admin code", "面积（平方米） Area (m²)"


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def geodesic(*boxes):
    return geodesic_area([box(*corners) for corners in boxes], CRS)


def approx(value):
    return pytest.approx(value, rel=REL)


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:area_statistics", parameters, feedback=feedback or RecordingFeedback())


@pytest.fixture
def layers(make_layer):
    """GeoPackage sources (strings: a run that raises must not hold layer objects)."""
    dltb = make_layer([box(*c) for c, _, _ in DLTB], fields={"DLBM": str, "DLMC": str},
                      attributes=[{"DLBM": code, "DLMC": name} for _, code, name in DLTB], gpkg_name="DLTB.gpkg",
                      name="DLTB")
    towns = make_layer([box(*c) for c, _, _ in TOWNS], fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": code, "XZQMC": name} for _, code, name in TOWNS], gpkg_name="XZQ.gpkg",
                       name="XZQ_XZ")
    later = make_layer([box(*c) for c, _ in LATER], fields={"DLBM": str},
                       attributes=[{"DLBM": code} for _, code in LATER], gpkg_name="DLTB_2023.gpkg", name="DLTB_2023")
    return {"dltb": dltb.source(), "towns": towns.source(), "later": later.source()}


def sheet(path, name):
    """(headers, rows) of a report sheet: headers in row 3, data from row 4."""
    worksheet = load_workbook(path)[name]
    return [c.value for c in worksheet[3]], [[c.value for c in row] for row in worksheet.iter_rows(min_row=4)]


def read_csv(path):
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str).assign(
        **{CSV_M2: lambda t: t[CSV_M2].astype(float)})


def test_area_by_class_and_township(layers, tmp_path):
    feedback = RecordingFeedback()
    result = run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "NAME_FIELD": "DLMC", "ADMIN": layers["towns"],
                  "OUTPUT_XLSX": str(tmp_path / "面积.xlsx"), "OUTPUT_CSV": str(tmp_path / "面积.csv")}, feedback)
    everything = geodesic(*(c for c, _, _ in DLTB))
    assert result["TOTAL_M2"] == approx(everything)
    assert result["TOTAL_HA"] == approx(everything / 10_000)
    assert result["TOTAL_MU"] == approx(everything / SQUARE_METRES_PER_MU)
    assert result["CLASS_COUNT"] == 5 and result["CHANGED_M2"] is None

    table = read_csv(result["OUTPUT_CSV"])
    cells = {(row[CSV_ADMIN], row[CSV_CODE] if isinstance(row[CSV_CODE], str) else ""): row[CSV_M2]
             for _, row in table.iterrows()}
    expected = {("002", "0101"): geodesic((0, 0, 100, 100)), ("002", "0102"): geodesic((100, 0, 200, 100)),
                ("001", "0102"): geodesic((200, 0, 300, 100)), ("001", "0303"): geodesic((300, 0, 400, 100)),
                ("001", "9999"): geodesic((400, 0, 450, 100)), ("002", ""): geodesic((0, 100, 100, 150))}
    assert set(cells) == set(expected)
    for key, value in expected.items():
        assert cells[key] == approx(value), key
    row = table[table[CSV_CODE] == "9999"].iloc[0]
    assert row["地类名称 Class name"] == "其他"  # not in the table: named from DLMC
    assert row["行政区名称 Admin name"] == "乙镇"
    assert float(row["面积（亩） Area (mu)"]) == approx(geodesic((400, 0, 450, 100)) / SQUARE_METRES_PER_MU)

    assert load_workbook(result["OUTPUT_XLSX"]).sheetnames == ["分类面积", "分类面积（亩）", "分类面积（平方米）",
                                                               "分类明细", "说明"]
    headers, rows = sheet(result["OUTPUT_XLSX"], "分类面积")
    assert headers[3:] == ["乙镇（公顷）\n001", "甲镇（公顷）\n002", "合计（公顷）\nTotal (ha)", "占比\nShare"]
    by_label = {row[0]: row for row in rows}
    farmland = by_label["01 耕地 小计"]
    assert farmland[3] == approx(geodesic((200, 0, 300, 100)) / 10_000)
    assert farmland[4] == approx(geodesic((0, 0, 200, 100)) / 10_000)
    assert farmland[5] == approx(geodesic((0, 0, 300, 100)) / 10_000)
    assert by_label["合计 Total"][5] == approx(everything / 10_000)
    assert [row[0] for row in rows].count("01 耕地") == 2  # 0101 and 0102 under 01 耕地
    _, mu = sheet(result["OUTPUT_XLSX"], "分类面积（亩）")
    assert mu[-1][5] == approx(everything / SQUARE_METRES_PER_MU)
    assert any("code 9999 → 9999: 1 features" in w for w in feedback.warnings)
    assert any("empty code" in w for w in feedback.warnings)


def test_level_one_without_admin_units(layers, tmp_path):
    result = run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "LEVEL": 1, "OUTPUT_XLSX": str(tmp_path / "a.xlsx"),
                  "OUTPUT_CSV": str(tmp_path / "a.csv")})
    table = read_csv(result["OUTPUT_CSV"]).fillna({CSV_CODE: ""})
    assert table[CSV_CODE].tolist() == ["00", "01", "99", ""]  # 三调 order: 00 湿地 first; unknown, then empty last
    assert table.set_index(CSV_CODE).loc["01", CSV_M2] == approx(geodesic((0, 0, 300, 100)))
    assert table[CSV_ADMIN].isna().all()
    headers, rows = sheet(result["OUTPUT_XLSX"], "分类面积")
    assert headers == ["地类代码\nClass code", "地类名称\nClass name", "合计（公顷）\nTotal (ha)", "占比\nShare"]
    assert [row[1] for row in rows] == ["湿地", "耕地", None, "（空代码）", None]
    assert result["CLASS_COUNT"] == 4


def test_transfer_matrix_of_two_years(layers, tmp_path):
    feedback = RecordingFeedback()
    result = run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "ADMIN": layers["towns"], "COMPARE": layers["later"],
                  "MATRIX_UNIT": 1, "OUTPUT_XLSX": str(tmp_path / "对比.xlsx"),
                  "OUTPUT_MATRIX_CSV": str(tmp_path / "矩阵.csv")}, feedback)
    # 0102 on x 100-200 stayed 耕地 but changed class (0102 → 0101); x 200-450 became 0702.
    changed = geodesic((100, 0, 450, 100))
    assert result["CHANGED_M2"] == approx(changed)
    matrix = pd.read_csv(result["OUTPUT_MATRIX_CSV"], encoding="utf-8-sig", dtype={"DLTB 地类代码 Class code": str})
    assert list(matrix.columns) == ["DLTB 地类代码 Class code", "DLTB 地类名称 Class name", "DLTB_2023 0101 水田",
                                    "DLTB_2023 0702 农村宅基地", "合计（亩） Total (mu)"]
    matrix = matrix.set_index("DLTB 地类代码 Class code")
    assert matrix.index.tolist() == ["0303", "0101", "0102", "9999", "合计 Total"]
    mu = SQUARE_METRES_PER_MU
    assert matrix.loc["0102", "DLTB_2023 0101 水田"] == approx(geodesic((100, 0, 200, 100)) / mu)
    assert matrix.loc["0102", "DLTB_2023 0702 农村宅基地"] == approx(geodesic((200, 0, 300, 100)) / mu)
    assert matrix.loc["0303", "DLTB_2023 0101 水田"] == 0.0
    # Row sums: A's areas where both cover the ground (the empty-code parcel at y 100-150 has no 2023 parcel).
    assert matrix.loc["0102", "合计（亩） Total (mu)"] == approx(geodesic((100, 0, 300, 100)) / mu)
    assert matrix.loc["合计 Total", "合计（亩） Total (mu)"] == approx(geodesic((0, 0, 450, 100)) / mu)
    only_a = f"only “DLTB” {geodesic((0, 100, 100, 150)) / 10_000:,.4f} 公顷, only “DLTB_2023” 0.0000 公顷"
    assert any(only_a in info for info in feedback.infos)

    assert load_workbook(result["OUTPUT_XLSX"]).sheetnames[4:] == ["转移矩阵", "转移矩阵（亩）", "面积变化", "说明"]
    headers, rows = sheet(result["OUTPUT_XLSX"], "转移矩阵")
    assert headers == ["DLTB 地类代码\nDLTB class code (rows)", "DLTB 地类名称\nClass name", "水田\nDLTB_2023 0101",
                       "农村宅基地\nDLTB_2023 0702", "合计（公顷）\nTotal (ha)"]
    diagonal = {row[0]: row for row in rows}
    assert diagonal["0101"][2] == approx(geodesic((0, 0, 100, 100)) / 10_000)
    assert diagonal["合计 Total"][4] == approx(geodesic((0, 0, 450, 100)) / 10_000)
    _, changes = sheet(result["OUTPUT_XLSX"], "面积变化")
    by_code = {row[0]: row for row in changes}
    assert by_code["0702"][4] == approx(geodesic((200, 0, 450, 100)) / 10_000)  # 2023 (ha)
    assert by_code["0101"][6] == approx((geodesic((0, 0, 200, 100)) - geodesic((0, 0, 100, 100))) / 10_000)


def test_compare_in_another_crs_with_another_standard_and_level(layers, make_layer, tmp_path):
    tugui = make_layer([reproject(box(0, 0, 450, 100), CRS, "EPSG:4490")], crs="EPSG:4490",
                       fields={"GHDLDM": str}, attributes=[{"GHDLDM": "111"}], gpkg_name="TGYT.gpkg",
                       name="TGYT").source()
    feedback = RecordingFeedback()
    result = run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "LEVEL": 1, "COMPARE": tugui,
                  "COMPARE_CODE_FIELD": "GHDLDM", "COMPARE_STANDARD": 3, "COMPARE_LEVEL": 2,
                  "OUTPUT_XLSX": str(tmp_path / "x.xlsx"), "OUTPUT_MATRIX_CSV": str(tmp_path / "m.csv")}, feedback)
    assert any(info.startswith("Reprojecting “TGYT”") for info in feedback.infos)
    assert result["CHANGED_M2"] is None  # 三调 level 1 against 土规 level 1: a cross-tabulation
    matrix = pd.read_csv(result["OUTPUT_MATRIX_CSV"], encoding="utf-8-sig", dtype={"DLTB 地类代码 Class code": str})
    assert list(matrix.columns)[2] == "TGYT 1 农用地"
    matrix = matrix.set_index("DLTB 地类代码 Class code")
    assert matrix.loc["01", "TGYT 1 农用地"] == pytest.approx(geodesic((0, 0, 300, 100)) / 10_000, rel=1e-6)


def test_codes_without_a_table_and_unit_outside_townships(layers, make_layer, tmp_path):
    towns = make_layer([box(0, -10, 200, 160)], fields={"DM": str}, attributes=[{"DM": "A"}],
                       gpkg_name="one.gpkg", name="XZ").source()
    feedback = RecordingFeedback()
    result = run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "STANDARD": 4, "LEVEL": 1, "ADMIN": towns,
                  "OUTPUT_XLSX": str(tmp_path / "x.xlsx"), "OUTPUT_CSV": str(tmp_path / "x.csv")}, feedback)
    assert any("no classification table" in info for info in feedback.infos)
    assert any("no field “XZQDM”" in w for w in feedback.warnings)  # the fid is used instead
    assert any("lie outside every admin unit" in w for w in feedback.warnings)
    table = read_csv(result["OUTPUT_CSV"]).fillna({CSV_CODE: ""})
    cells = {(row[CSV_ADMIN] if isinstance(row[CSV_ADMIN], str) else None, row[CSV_CODE]): row[CSV_M2]
             for _, row in table.iterrows()}
    assert cells[("1", "01")] == approx(geodesic((0, 0, 200, 100)))
    assert cells[(None, "01")] == approx(geodesic((200, 0, 300, 100)))
    assert cells[(None, "03")] == approx(geodesic((300, 0, 400, 100)))
    headers, _ = sheet(result["OUTPUT_XLSX"], "分类面积")
    assert "（未落入行政区）（公顷）\nOutside admin units" in headers


# --------------------------------------------------------------------------- bad input

def outputs(tmp_path):
    return {"OUTPUT_XLSX": str(tmp_path / "r.xlsx"), "OUTPUT_CSV": str(tmp_path / "r.csv")}


def nothing_written(tmp_path):
    return not (tmp_path / "r.xlsx").exists() and not (tmp_path / "r.csv").exists() and \
        not (tmp_path / "m.csv").exists()


def shapefile_without_crs(folder):
    """A shapefile without .prj, as many exports arrive (a GeoPackage always declares some SRS)."""
    from osgeo import ogr

    path = folder / "无坐标.shp"
    data_source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = data_source.CreateLayer("DLTB", None, ogr.wkbPolygon, options=["ENCODING=UTF-8"])
    layer.CreateField(ogr.FieldDefn("DLBM", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("DLBM", "0101")
    feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(box(0, 0, 10, 10))))
    layer.CreateFeature(feature)
    data_source = None  # noqa: F841 (closing writes the file)
    assert not path.with_suffix(".prj").exists()
    return str(path)


def test_missing_crs_is_a_clear_error(tmp_path):
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system.*EPSG:4527"):
        run({"INPUT": shapefile_without_crs(tmp_path), "CODE_FIELD": "DLBM", **outputs(tmp_path)})
    assert nothing_written(tmp_path)


def test_empty_layer_is_a_clear_error(make_layer, tmp_path):
    layer = make_layer([], fields={"DLBM": str}, gpkg_name="empty.gpkg", name="DLTB").source()
    with pytest.raises(QgsProcessingException, match="has no polygons to measure"):
        run({"INPUT": layer, "CODE_FIELD": "DLBM", **outputs(tmp_path)})
    assert nothing_written(tmp_path)


def test_missing_fields_are_clear_errors(layers, tmp_path):
    with pytest.raises(QgsProcessingException, match="has no field “YDDM” \\(parameter CODE_FIELD\\)"):
        run({"INPUT": layers["dltb"], "CODE_FIELD": "YDDM", **outputs(tmp_path)})
    with pytest.raises(QgsProcessingException, match="has no field “MC” \\(parameter NAME_FIELD\\)"):
        run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "NAME_FIELD": "MC", **outputs(tmp_path)})
    with pytest.raises(QgsProcessingException, match="has no field “GHDLDM” \\(parameter COMPARE_CODE_FIELD\\)"):
        run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "COMPARE": layers["later"],
             "COMPARE_CODE_FIELD": "GHDLDM", **outputs(tmp_path)})
    assert nothing_written(tmp_path)


def test_matrix_without_a_second_version_is_a_clear_error(layers, tmp_path):
    with pytest.raises(QgsProcessingException, match="COMPARE"):
        run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "OUTPUT_MATRIX_CSV": str(tmp_path / "m.csv"),
             **outputs(tmp_path)})
    assert nothing_written(tmp_path)


def test_a_cancelled_run_leaves_no_output(layers, tmp_path):
    class CancelAtHalf(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 50:
                self.cancel()

    with pytest.raises(QgsProcessingException, match="cancelled"):
        run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "ADMIN": layers["towns"], "COMPARE": layers["later"],
             "OUTPUT_MATRIX_CSV": str(tmp_path / "m.csv"), **outputs(tmp_path)}, CancelAtHalf())
    assert nothing_written(tmp_path)
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("failing", ["write_csv", "write_matrix_csv", "write_report"])
def test_one_failing_report_write_leaves_none_of_the_outputs(layers, tmp_path, monkeypatch, failing):
    """Issue 16 §3: a failed report write used to leave the outputs written before it behind."""
    from multiplan.core.statistics import area_statistics, transfer

    def broken(path, *args, **kwargs):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("half")
        raise OSError("disk full")

    monkeypatch.setattr(transfer if failing == "write_matrix_csv" else area_statistics, failing, broken)
    with pytest.raises(QgsProcessingException, match="disk full"):
        run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "COMPARE": layers["later"],
             "OUTPUT_MATRIX_CSV": str(tmp_path / "m.csv"), **outputs(tmp_path)})
    assert nothing_written(tmp_path)
    assert not [path for path in tmp_path.rglob("*") if path.is_file() and path.suffix in (".csv", ".xlsx", ".part")]


# --------------------------------------------------------------------------- language and identity

def run_everything(layers, tmp_path, feedback=None):
    return run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "NAME_FIELD": "DLMC", "ADMIN": layers["towns"],
                "COMPARE": layers["later"], "OUTPUT_XLSX": str(tmp_path / "面积.xlsx"),
                "OUTPUT_CSV": str(tmp_path / "面积.csv"), "OUTPUT_MATRIX_CSV": str(tmp_path / "矩阵.csv")}, feedback)


def csv_texts(path):
    return [(path.name, str(cell)) for line in path.read_text(encoding="utf-8-sig").splitlines()
            for cell in line.split(",")]


def test_chinese_deliverables_have_no_english_and_no_paths(layers, tmp_path, monkeypatch):
    """Issue 16 §4: under a Chinese locale the workbook, both CSVs and the log are Chinese."""
    from deliverables import problems_in, workbook_texts
    from log_lines import own_log_lines
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run_everything(layers, tmp_path, feedback)
    texts = workbook_texts(result["OUTPUT_XLSX"]) + csv_texts(tmp_path / "面积.csv") + csv_texts(tmp_path / "矩阵.csv")
    texts += own_log_lines(feedback)
    assert problems_in(texts, words=True) == []
    headers = (tmp_path / "面积.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert headers == ["行政区代码", "行政区名称", "一级类代码", "一级类名称", "地类代码", "地类名称", "面积（平方米）",
                       "面积（公顷）", "面积（亩）"]
    assert load_workbook(result["OUTPUT_XLSX"]).sheetnames == [
        "分类面积", "分类面积（亩）", "分类面积（平方米）", "分类明细", "转移矩阵", "转移矩阵（亩）", "面积变化", "说明"]


def test_english_deliverables(layers, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run_everything(layers, tmp_path)
    headers = (tmp_path / "面积.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert headers == ["Admin code", "Admin name", "Level-1 code", "Level-1 name", "Class code", "Class name",
                       "Area (m²)", "Area (ha)", "Area (mu)"]
    workbook = load_workbook(result["OUTPUT_XLSX"])
    assert workbook.sheetnames[0] == "Area by class (ha)" and workbook.sheetnames[-1] == "Notes"
    notes = [row[0] for row in sheet(result["OUTPUT_XLSX"], "Notes")[1]]
    assert any(note.startswith("“DLTB”: 5 features, standard Third national land survey") for note in notes)
    assert not [note for note in notes if any("\u4e00" <= char <= "\u9fff" for char in note.replace("“DLTB", ""))
                and "standard" not in note]


@pytest.mark.parametrize("extension", [".gpkg", ".shp", ".geojson"])
def test_admin_units_without_a_code_are_numbered_from_1_in_every_format(layers, tmp_path, extension):
    """Issue 16 §4: the fid counts from 0 in shapefiles and GeoJSON, from 1 in GeoPackages."""
    from qgis.core import QgsVectorLayer

    from layer_formats import copy_layer

    towns = copy_layer(QgsVectorLayer(layers["towns"], "XZQ_XZ", "ogr"), tmp_path / f"towns{extension}")
    feedback = RecordingFeedback()
    result = run({"INPUT": layers["dltb"], "CODE_FIELD": "DLBM", "ADMIN": towns, "ADMIN_CODE_FIELD": "",
                  "ADMIN_NAME_FIELD": "", **outputs(tmp_path)}, feedback)
    table = read_csv(result["OUTPUT_CSV"])
    assert sorted(set(table[CSV_ADMIN])) == ["1", "2"]
    assert table[table[CSV_ADMIN] == "1"][CSV_M2].sum() == approx(geodesic((0, 0, 200, 100), (0, 100, 100, 150)))
    assert any("identified by their number in the layer" in info for info in feedback.infos)
