"""动态更新 through Processing: create a store from a blueprint layer, update it with change packages
(accepted, refused by a control line, accepted with the line adjusted), extract an old version,
compare versions; every number checked against hand-built geometry."""
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas

CRS = "EPSG:4527"
CELLS = [shapely.box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100) for i in range(4)]
CODES = ["0101", "0301", "0701", "1701"]


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters)


@pytest.fixture
def store_path(make_layer, tmp_path):
    blueprint = make_layer(CELLS, fields={"YDYHDM": str, "YDYHMC": str, "AREA_HA": float},
                           attributes=[{"YDYHDM": c, "YDYHMC": n, "AREA_HA": 1.0}
                                       for c, n in zip(CODES, ["水田", "乔木林地", "城镇住宅用地", "河流水面"])],
                           gpkg_name="一张蓝图.gpkg", name="一张蓝图")
    path = tmp_path / "一张蓝图版本库.gpkg"
    result = run("create_blueprint_store", {"BLUEPRINT": blueprint, "APPROVAL": "县政府〔2025〕1号",
                                            "DATE": "2025-03-01", "STORE": str(path)})
    assert result["VERSION"] == 1 and result["FEATURE_COUNT"] == 4
    return path


def package(make_layer, name, *boxes, code="0703"):
    return make_layer([shapely.box(*b) for b in boxes], fields={"YDYHDM": str},
                      attributes=[{"YDYHDM": code} for _ in boxes], gpkg_name=f"{name}.gpkg", name=name)


def test_update_extract_and_compare(store_path, make_layer, tmp_path):
    farmland = make_layer([CELLS[0]], gpkg_name="永久基本农田.gpkg", name="YJJBNT")
    onto_farmland = package(make_layer, "变更1", (X0 + 10, Y0 + 10, X0 + 40, Y0 + 40), code="0701")
    with pytest.raises(QgsProcessingException, match="建设用地占用永久基本农田|construction on permanent basic farmland"):
        run("update_blueprint", {"STORE": str(store_path), "CHANGES": onto_farmland, "CODE_FIELD": "YDYHDM",
                                 "APPROVAL": "县政府〔2026〕3号", "FARMLAND": farmland})
    import processing
    from recording import RecordingFeedback

    feedback = RecordingFeedback()
    accepted = processing.run("multiplan:update_blueprint",
                              {"STORE": str(store_path), "CHANGES": onto_farmland, "CODE_FIELD": "YDYHDM",
                               "APPROVAL": "县政府〔2026〕3号", "DATE": "2026-05-01", "FARMLAND": farmland,
                               "ADJUSTS_LINES": True}, feedback=feedback)
    assert any("TZKZX" in line and "永久基本农田 900.00" in line for line in feedback.warnings)
    assert (accepted["VERSION"], accepted["RETIRED_COUNT"], accepted["CREATED_COUNT"]) == (2, 1, 2)
    homestead = package(make_layer, "变更2", (X0 + 150, Y0, X0 + 250, Y0 + 100))
    assert run("update_blueprint", {"STORE": str(store_path), "CHANGES": homestead, "CODE_FIELD": "YDYHDM",
                                    "APPROVAL": "县政府〔2027〕9号", "DATE": "2027-02-01"})["VERSION"] == 3
    # version 1 as a plain layer, by number and by date
    for parameters in ({"VERSION": 1}, {"DATE": "2025-12-31"}):
        extracted = run("extract_blueprint_version", {"STORE": str(store_path), **parameters,
                                                      "OUTPUT": str(tmp_path / f"v1_{len(parameters)}.gpkg")})
        assert extracted["VERSION_USED"] == 1
        layer = QgsVectorLayer(extracted["OUTPUT"], "v1", "ogr")
        assert sorted(f["YDYHDM"] for f in layer.getFeatures()) == sorted(CODES)
    current = QgsVectorLayer(run("extract_blueprint_version", {"STORE": str(store_path),
                                                               "OUTPUT": str(tmp_path / "now.gpkg")})["OUTPUT"], "n", "ogr")
    # v2 retires 1 piece for its remainder and the change; v3 retires 2 for 2 remainders and the change
    assert sum(1 for _ in current.getFeatures()) == 4 - 1 + 2 - 2 + 3
    # compare 1 → 3
    compared = run("compare_blueprints", {"STORE": str(store_path), "VERSION_A": 1, "VERSION_B": 0,
                                          "OUTPUT": str(tmp_path / "变化.gpkg"), "REPORT": str(tmp_path / "对比.xlsx")})
    m2 = lambda *box: float(polygon_areas([shapely.box(*box)], CRS)[0])  # noqa: E731
    expected = m2(X0 + 10, Y0 + 10, X0 + 40, Y0 + 40) + m2(X0 + 150, Y0, X0 + 250, Y0 + 100)
    assert compared["CHANGED_HA"] == pytest.approx(expected / 10_000, rel=1e-9)
    pieces = {(f["YDYHDM_Q"], f["YDYHDM_H"]): f["AREA_M2"]
              for f in QgsVectorLayer(compared["OUTPUT"], "c", "ogr").getFeatures()}
    assert pieces[("0101", "0701")] == pytest.approx(m2(X0 + 10, Y0 + 10, X0 + 40, Y0 + 40), abs=0.01)
    assert pieces[("0301", "0703")] + pieces[("0701", "0703")] == pytest.approx(m2(X0 + 150, Y0, X0 + 250, Y0 + 100),
                                                                                abs=0.02)
    workbook = load_workbook(compared["REPORT"])
    approvals = [row for row in workbook.worksheets[3].iter_rows(values_only=True) if row and row[0] in (2, 3)]
    assert [row[2] for row in approvals] == ["县政府〔2026〕3号", "县政府〔2027〕9号"]


def test_an_existing_store_is_never_overwritten(store_path, make_layer):
    blueprint = make_layer(CELLS[:1], gpkg_name="另一张.gpkg", name="另一张")
    with pytest.raises(QgsProcessingException, match="never overwritten"):
        run("create_blueprint_store", {"BLUEPRINT": blueprint, "STORE": str(store_path)})


def test_a_package_outside_the_county_is_refused_and_the_store_unchanged(store_path, make_layer):
    outside = package(make_layer, "越界", (X0 + 350, Y0, X0 + 500, Y0 + 50))
    with pytest.raises(QgsProcessingException, match="超出县域|outside the county"):
        run("update_blueprint", {"STORE": str(store_path), "CHANGES": outside, "CODE_FIELD": "YDYHDM",
                                 "APPROVAL": "县政府〔2026〕4号"})
    from multiplan.core.versions import store

    assert list(store.versions(store_path)["BBH"]) == [1]


def test_two_blueprint_layers_compared_without_a_store(make_layer, tmp_path, store_path):
    """Two deliveries of a blueprint (no store): the piece whose code changed, with its exact area;
    a store and layers together, or one layer alone, are refused."""
    fields = {"DM": str}
    before = make_layer(CELLS, fields=fields, attributes=[{"DM": c} for c in CODES], gpkg_name="蓝图2025.gpkg",
                        name="蓝图2025").source()  # sources: a run that raises must hold no layer
    later = CODES[:2] + ["0703"] + CODES[3:]  # the third cell: 城镇住宅 → 农村宅基地
    after = make_layer(CELLS, fields=fields, attributes=[{"DM": c} for c in later], gpkg_name="蓝图2026.gpkg",
                       name="蓝图2026").source()
    compared = run("compare_blueprints", {"LAYER_A": before, "CODE_FIELD_A": "DM", "LAYER_B": after,
                                          "CODE_FIELD_B": "DM", "OUTPUT": str(tmp_path / "变化.gpkg"),
                                          "REPORT": str(tmp_path / "对比.xlsx")})
    cell = float(polygon_areas([CELLS[2]], CRS)[0])
    assert compared["CHANGED_COUNT"] == 1 and compared["CHANGED_HA"] == pytest.approx(cell / 10_000, rel=1e-9)
    (piece,) = QgsVectorLayer(compared["OUTPUT"], "c", "ogr").getFeatures()
    assert (piece["YDYHDM_Q"], piece["YDYHDM_H"]) == ("0701", "0703")
    assert "蓝图2025" in load_workbook(compared["REPORT"]).worksheets[0]["A1"].value
    for wrong in ({"STORE": str(store_path), "LAYER_A": before, "LAYER_B": after}, {"LAYER_A": before}):
        with pytest.raises(QgsProcessingException, match="either a blueprint store or two blueprint layers"):
            run("compare_blueprints", {**wrong, "OUTPUT": str(tmp_path / "x.gpkg"), "REPORT": str(tmp_path / "x.xlsx")})
