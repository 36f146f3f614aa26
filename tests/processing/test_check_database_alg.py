"""multiplan:check_database end to end: the database picked as the user picks it (the GeoPackage,
a file of the FileGDB, a shapefile of the folder), the problems layer, the report, the counts."""
import pytest
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import DATABASE_FORMATS
from planning_database import SCHEMA, build, planted


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


@pytest.fixture
def schema_path(tmp_path):
    path = tmp_path / "标准.csv"
    path.write_text(SCHEMA, encoding="utf-8")
    return path


def run(parameters):
    import processing

    return processing.run("multiplan:check_database", parameters)


def picked(path, kind):
    """What a user picks in the file widget for this kind of database."""
    if kind == "gpkg":
        return path
    if kind == "gdb":
        return next(path.glob("*.gdbtable"))
    return path / "GHYT.shp"


@pytest.mark.parametrize("kind", DATABASE_FORMATS)
def test_a_planted_overlap_is_one_error_point_and_one_report_row(tmp_path, schema_path, kind):
    rows, fields, epsg, _ = planted("overlap")
    database = build(tmp_path, kind, rows, fields, epsg)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in ([database] if database.is_file() else database.iterdir()))
    result = run({"DATABASE": str(picked(database, kind)), "SCHEMA": str(schema_path),
                  "OUTPUT": str(tmp_path / "问题.gpkg"), "REPORT": str(tmp_path / "质检报告.xlsx")})
    assert (result["ERROR_COUNT"], result["WARNING_COUNT"]) == (1, 0)
    points = list(QgsVectorLayer(result["OUTPUT"], "p", "ogr").getFeatures())
    assert [(f["RULE"], f["LAYER"], f["FEATURE"], f["VALUE"]) for f in points] == [("OVERLAP", "CZKFBJ", "1", "2")]
    point = points[0].geometry().asPoint()
    assert 116.9 < point.x() < 117.1 and 31.5 < point.y() < 31.7  # CGCS2000 longitude/latitude
    workbook = load_workbook(result["REPORT"])
    summary = workbook.worksheets[0]
    counted = {row[1]: row[2:5] for row in summary.iter_rows(values_only=True) if row[1] and row[4] is not None}
    assert counted["OVERLAP"] == (1, 0, 1) and counted["AREA"] == (0, 0, 0)
    assert len(workbook.worksheets) == 1 + 18
    after = sorted((p.name, p.stat().st_mtime_ns) for p in ([database] if database.is_file() else database.iterdir()))
    assert after == before  # the database is only read


def test_the_bundled_standard_is_used_by_default_and_names_missing_layers(tmp_path):
    database = build(tmp_path, "gpkg")
    result = run({"DATABASE": str(database), "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
    found = [(f["RULE"], f["LAYER"], f["SEVERITY"]) for f in QgsVectorLayer(result["OUTPUT"], "p", "ogr").getFeatures()]
    # XZQ and GHYT are not the standard's names; its layers are transcribed UNVERIFIED: warnings
    assert {("MISSING_LAYER", "XJXZQ"), ("EXTRA_LAYER", "GHYT")} <= {(rule, layer) for rule, layer, _ in found}
    assert {severity for rule, _, severity in found if rule == "MISSING_LAYER"} <= {"警告", "warning", "警告 Warning"}
    assert result["WARNING_COUNT"] == len(found) - result["ERROR_COUNT"] > 0


def test_a_schema_with_a_bad_row_stops_the_run_naming_file_and_line(tmp_path):
    bad = tmp_path / "坏标准.csv"
    bad.write_text(SCHEMA.replace("GHYT,规划用途,Polygon,2090010100,M,no_overlap;cover_county,MJ,面积,Double",
                                  "GHYT,规划用途,Polygon,2090010100,M,no_overlap;cover_county,MJ,面积,Real"),
                   encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"坏标准\.csv.*(第 9 行|line 9)"):
        run({"DATABASE": str(build(tmp_path, "gpkg")), "SCHEMA": str(bad), "OUTPUT": "TEMPORARY_OUTPUT",
             "REPORT": str(tmp_path / "r.xlsx")})
    assert not (tmp_path / "r.xlsx").exists()


def test_a_folder_that_is_no_database_is_refused(tmp_path, schema_path):
    (tmp_path / "空").mkdir()
    (tmp_path / "空" / "说明.txt").write_text("x", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="GeoPackage"):
        run({"DATABASE": str(tmp_path / "空" / "说明.txt"), "SCHEMA": str(schema_path), "OUTPUT": "TEMPORARY_OUTPUT",
             "REPORT": str(tmp_path / "r.xlsx")})


def test_no_output_may_be_written_into_the_checked_database(tmp_path, schema_path):
    database = build(tmp_path, "gpkg")
    before = database.read_bytes()
    with pytest.raises(QgsProcessingException, match="only read"):
        run({"DATABASE": str(database), "SCHEMA": str(schema_path), "OUTPUT": str(database),
             "REPORT": str(tmp_path / "r.xlsx")})
    folder = build(tmp_path / "shp", "shapefiles")
    with pytest.raises(QgsProcessingException, match="only read"):
        run({"DATABASE": str(folder / "GHYT.shp"), "SCHEMA": str(schema_path), "OUTPUT": str(folder / "问题.shp"),
             "REPORT": str(tmp_path / "r.xlsx")})
    assert database.read_bytes() == before and not (folder / "问题.shp").exists()
