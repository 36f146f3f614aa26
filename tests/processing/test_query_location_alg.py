"""一张图查询 through Processing: project red-lines queried against plan layers (the areas met equal
the ellipsoidal intersection areas), and points against a layer and a graded raster."""
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters):
    import processing

    return processing.run("multiplan:query_location", parameters)


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def test_projects_against_plans(make_layer, tmp_path):
    projects = make_layer([box(80, 0, 180, 100)], fields={"XMBH": str}, attributes=[{"XMBH": "XM2026-001"}],
                          gpkg_name="项目.gpkg", name="XMHX").source()
    plan = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100)], fields={"BSM": str, "YDDM": str},
                      attributes=[{"BSM": "A", "YDDM": "R2"}, {"BSM": "B", "YDDM": "G1"}], gpkg_name="城规.gpkg",
                      name="CGYD").source()
    result = run({"LOCATIONS": projects, "LAYERS": [plan], "REPORT": str(tmp_path / "查询.xlsx")})
    assert result["ROW_COUNT"] == 2
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["全部位置", "XM2026-001"]
    sheet = workbook.worksheets[1]
    rows = {sheet.cell(row=r, column=2).value: sheet.cell(row=r, column=3).value for r in (4, 5)}
    expected = float(polygon_areas([box(100, 0, 180, 100)], "EPSG:4527")[0]) / 10_000
    assert rows["B"] == pytest.approx(expected, abs=1e-4)
    with pytest.raises(QgsProcessingException, match="layer|图层"):
        run({"LOCATIONS": projects, "LAYERS": [], "REPORT": str(tmp_path / "x.xlsx")})
    assert not (tmp_path / "x.xlsx").exists()


def test_points_against_a_layer_and_a_raster(make_layer, tmp_path):
    """A point query: the feature the point lies in, and the raster's value under it (the grade of
    the cell), row by row in the sheet of all locations."""
    import numpy as np
    from rasters import write_raster

    from factories import write_ogr_layer

    points = write_ogr_layer(tmp_path / "查询点.gpkg", "DW", [f"POINT ({X0 + 50} {Y0 + 50})", f"POINT ({X0 + 150} {Y0 + 50})"],
                             ["BH"], [{"BH": "P1"}, {"BH": "P2"}])
    plan = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100)], fields={"BSM": str, "YDDM": str},
                      attributes=[{"BSM": "A", "YDDM": "R2"}, {"BSM": "B", "YDDM": "G1"}], gpkg_name="城规.gpkg",
                      name="CGYD").source()
    grades = np.array([[1, 3]], dtype=np.uint8)  # two cells of 100 m: west grade 1, east grade 3
    raster = write_raster(tmp_path / "适宜性.tif", grades, (X0, 100.0, 0.0, Y0 + 100, 0.0, -100.0))
    result = run({"LOCATIONS": points, "ID_FIELD": "BH", "LAYERS": [plan], "RASTERS": [raster],
                  "REPORT": str(tmp_path / "点查询.xlsx")})
    sheet = load_workbook(result["REPORT"]).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    by_point = {}
    for row in values:
        if row[0] in ("P1", "P2"):
            by_point.setdefault(row[0], []).append([value for value in row[1:] if value not in (None, "")])
    assert set(by_point) == {"P1", "P2"}
    met = {point: {(row[0], row[1]) for row in rows} for point, rows in by_point.items()}
    assert ("CGYD", "A") in met["P1"] and ("CGYD", "B") not in met["P1"] and ("CGYD", "B") in met["P2"]
    grade = {point: next(row[1] for row in rows if row[0] == "适宜性") for point, rows in by_point.items()}
    assert "=1" in grade["P1"] and "=3" in grade["P2"]  # the cell each point lies in
