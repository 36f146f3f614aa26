"""边界整合 through Processing: a plan 1 m off the survey's line snapped to it (the same numbers in
GeoPackage and shapefile), a feature left for review, the report's figures per feature. The sample
county's slivers are checked by the chain's e2e test (tests/e2e/test_batch_chain.py)."""
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, algorithm="integrate_boundaries"):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters)


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


@pytest.mark.parametrize("suffix", ["gpkg", "shp"])
def test_a_plan_snapped_to_the_survey(make_layer, tmp_path, suffix):
    plan = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 202, 100)],
                      fields={"BSM": str, "YDDM": str}, attributes=[{"BSM": "A", "YDDM": "R2"},
                                                                    {"BSM": "B", "YDDM": "B1"},
                                                                    {"BSM": "C", "YDDM": "G1"}],
                      gpkg_name="城规.gpkg", name="CGYD").source()
    survey = make_layer([box(0, 0, 101, 100), box(101, 0, 203.5, 100)], gpkg_name="三调.gpkg", name="DLTB").source()
    result = run({"INPUT": plan, "REFERENCE": survey, "MAX_AREA_CHANGE": 5, "OUTPUT": str(tmp_path / f"整合.{suffix}"),
                  "REPORT": str(tmp_path / f"整合_{suffix}.xlsx")})
    assert (result["INTEGRATED_COUNT"], result["FLAGGED_COUNT"], result["REFUSED_COUNT"]) == (2, 1, 0)
    layer = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    features = {f["BSM"]: f for f in layer.getFeatures()}
    assert features["A"].geometry().area() == pytest.approx(101 * 100, abs=1e-6)
    assert features["B"].geometry().area() == pytest.approx(99 * 100, abs=1e-6)  # C holds their shared edge at 200
    assert features["C"].geometry().area() == pytest.approx(2 * 100, abs=1e-6)
    assert features["C"]["ZHZT"].startswith(("需复核", "to review")) and features["A"]["YDDM"] == "R2"
    sheet = load_workbook(result["REPORT"]).worksheets[0]
    assert sheet.cell(row=4, column=1).value == "C"  # features to review first
    # per feature: vertices moved, largest shift, ellipsoidal areas before and after, the change in m² and 亩
    from multiplan.core.areas import polygon_areas

    def m2(*corners):
        return float(polygon_areas([box(*corners)], "EPSG:4527")[0])

    rows = {sheet.cell(row=r, column=1).value: [sheet.cell(row=r, column=c).value for c in range(1, 11)]
            for r in range(4, 7)}
    _, _, _, moved, inserted, shift, before, after, change, change_mu = rows["A"]
    assert (moved, inserted, shift) == (2, 0, pytest.approx(1.0))
    assert (before, after) == (pytest.approx(m2(0, 0, 100, 100), abs=0.01), pytest.approx(m2(0, 0, 101, 100), abs=0.01))
    assert change == pytest.approx(m2(100, 0, 101, 100), abs=0.01) and change_mu == pytest.approx(change * 3 / 2000, abs=0.01)
    assert rows["B"][8] == pytest.approx(-m2(100, 0, 101, 100), abs=0.01)
    assert rows["C"][3] == 0 and rows["C"][8] == 0  # held for review: nothing changed


def test_tolerance_zero_is_a_copy_and_errors(make_layer, tmp_path):
    plan = make_layer([box(0, 0, 100, 100)], gpkg_name="p.gpkg", name="p").source()
    survey = make_layer([box(0, 0, 101, 100)], gpkg_name="s.gpkg", name="s").source()
    copy = run({"INPUT": plan, "REFERENCE": survey, "TOLERANCE": 0, "OUTPUT": str(tmp_path / "c.gpkg")})
    assert copy["INTEGRATED_COUNT"] == 0
    empty = make_layer([], gpkg_name="e.gpkg", name="e").source()
    with pytest.raises(QgsProcessingException, match="no features|没有"):
        run({"INPUT": plan, "REFERENCE": empty, "OUTPUT": str(tmp_path / "x.gpkg")})
    assert not (tmp_path / "x.gpkg").exists()
