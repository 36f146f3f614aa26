"""一张图查询 through Processing: project red-lines queried against the sample county's layers and
its urban suitability raster; the areas met equal the ellipsoidal intersection areas."""
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
