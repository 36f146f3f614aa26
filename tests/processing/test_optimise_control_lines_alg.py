"""控制线优化建议 through Processing on hand-built lines: proposals (all 是 by default) with the
areas of every rule, proposed lines that pass the check without error; then one proposal
rejected by its field and applied, the rejected change left out."""
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters)


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


@pytest.fixture
def lines(make_layer):
    def layer(geometries, name, fields=None, attributes=None):
        return make_layer(geometries, fields=fields, attributes=attributes, gpkg_name=f"{name}.gpkg", name=name).source()

    return {"ECOLOGICAL_REDLINE": layer([box(0, 0, 100, 100)], "STBHHX"),
            "FARMLAND": layer([box(50, 0, 150, 100)], "YJJBNT"),
            "URBAN_BOUNDARY": layer([box(80, 0, 300, 100)], "CZKFBJ", {"BJMC": str}, [{"BJMC": "县城"}]),
            "BASE_CONSTRUCTION": layer([box(200, 0, 280, 100)], "CZJSYD"),
            "PROJECTS": layer([box(300, 0, 320, 100)], "XMHX")}


def features(path):
    return list(QgsVectorLayer(path, "x", "ogr").getFeatures())


def test_propose_check_reject_apply(lines, tmp_path):
    result = run("optimise_control_lines", {**lines, "PROPOSALS": str(tmp_path / "建议.gpkg"),
                                            "OUT_ECOLOGICAL_REDLINE": str(tmp_path / "HX.gpkg"),
                                            "OUT_FARMLAND": str(tmp_path / "NT.gpkg"),
                                            "OUT_URBAN_BOUNDARY": str(tmp_path / "KB.gpkg"),
                                            "REPORT": str(tmp_path / "平衡.xlsx")})
    assert result["EXPANSION_BEFORE"] == pytest.approx(2.75, abs=1e-3) and result["EXPANSION_AFTER"] <= 1.3
    proposals = features(result["PROPOSALS"])
    rules = {f["GZDM"] for f in proposals}
    assert rules == {"NT_NO_HX", "KB_NO_HX", "KB_NO_NT", "KB_PROJECTS", "KB_EXPANSION"}
    assert all(f["CN"] in ("是", "yes") for f in proposals)
    project = next(f for f in proposals if f["GZDM"] == "KB_PROJECTS")
    assert project["AREA_M2"] == pytest.approx(float(polygon_areas([box(300, 0, 320, 100)], "EPSG:4527")[0]), abs=0.01)
    urban = features(result["OUT_URBAN_BOUNDARY"])
    assert [f["BJMC"] for f in urban].count("县城") == 1  # the original feature keeps its attributes
    checked = run("check_control_lines", {"ECOLOGICAL_REDLINE": result["OUT_ECOLOGICAL_REDLINE"],
                                          "FARMLAND": result["OUT_FARMLAND"],
                                          "URBAN_BOUNDARY": result["OUT_URBAN_BOUNDARY"],
                                          "BASE_CONSTRUCTION": lines["BASE_CONSTRUCTION"],
                                          "OUTPUT": str(tmp_path / "检查.gpkg"), "REPORT": str(tmp_path / "检查.xlsx")})
    assert checked["ERROR_COUNT"] == 0
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames[0] in ("面积平衡", "Area balance")
    # the balance in 公顷 and 亩: before − removed + added = after, and 亩 = 公顷 × 15
    for row in workbook.worksheets[0].iter_rows(min_row=4, values_only=True):
        if row[0] and isinstance(row[3], float):
            before, removed, added, after, before_mu, removed_mu, added_mu, after_mu = row[3:11]
            assert before - removed + added == pytest.approx(after, abs=1e-3)
            assert (before_mu, after_mu) == (pytest.approx(before * 15, abs=0.01), pytest.approx(after * 15, abs=0.01))
    # the expansion limit: the boundary shrinks to exactly 1.3 × today's urban construction land
    base = float(polygon_areas([box(200, 0, 280, 100)], "EPSG:4527")[0])
    kept = sum(float(polygon_areas([shapely.from_wkb(bytes(f.geometry().asWkb()))], "EPSG:4527")[0]) for f in urban)
    assert kept == pytest.approx(1.3 * base, rel=1e-6)
    # reject the project's addition, apply
    layer = QgsVectorLayer(result["PROPOSALS"], "p", "ogr")
    layer.startEditing()
    for feature in layer.getFeatures():
        if feature["GZDM"] == "KB_PROJECTS":
            layer.changeAttributeValue(feature.id(), layer.fields().indexOf("CN"), "否")
    assert layer.commitChanges()
    del layer
    applied = run("apply_line_proposals", {"PROPOSALS": result["PROPOSALS"], "URBAN_BOUNDARY": lines["URBAN_BOUNDARY"],
                                           "OUT_URBAN_BOUNDARY": str(tmp_path / "KB2.gpkg")})
    assert applied["REJECTED_COUNT"] == 1
    union = shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in features(applied["OUT_URBAN_BOUNDARY"])])
    assert union.intersection(box(300, 0, 320, 100)).area == pytest.approx(0, abs=1e-6)


def test_undecided_proposals_are_refused(lines, tmp_path):
    result = run("optimise_control_lines", {**lines, "PROPOSALS": str(tmp_path / "p.gpkg"),
                                            "REPORT": str(tmp_path / "r.xlsx")})
    layer = QgsVectorLayer(result["PROPOSALS"], "p", "ogr")
    layer.startEditing()
    first = next(layer.getFeatures())
    layer.changeAttributeValue(first.id(), layer.fields().indexOf("CN"), None)
    assert layer.commitChanges()
    del layer
    with pytest.raises(QgsProcessingException, match="CN"):
        run("apply_line_proposals", {"PROPOSALS": result["PROPOSALS"], "URBAN_BOUNDARY": lines["URBAN_BOUNDARY"],
                                     "OUT_URBAN_BOUNDARY": str(tmp_path / "x.gpkg")})
    assert not (tmp_path / "x.gpkg").exists()


def m2(*corners):
    return float(polygon_areas([box(*corners)], "EPSG:4527")[0])


def proposed(result, rule):
    """{action: total ellipsoidal m²} and the union of the pieces of ``rule``."""
    pieces = [f for f in features(result["PROPOSALS"]) if f["GZDM"] == rule]
    totals = {}
    for f in pieces:
        totals[f["TZ"]] = totals.get(f["TZ"], 0.0) + f["AREA_M2"]
    union = shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in pieces]) if pieces else None
    return totals, union


def test_the_county_and_the_reviewed_patches_shape_the_urban_boundary(make_layer, tmp_path):
    """The boundary leaves the county at x 280–300: removed (IN_COUNTY). Patches reviewed as urban
    construction (DM:0701, or GH2 whose code is 0701) are taken in (KB_DECISIONS); a patch decided
    for farmland, or not reviewed yet, is not."""
    from multiplan.core.conflicts import detection as cf

    urban = make_layer([box(0, 0, 300, 100)], gpkg_name="CZKFBJ.gpkg", name="CZKFBJ").source()
    county = make_layer([box(-500, -500, 280, 500)], gpkg_name="XZQ.gpkg", name="XZQ").source()
    decisions = [("DM:0701", cf.STATUS_REVIEWED, None), ("GH1", cf.STATUS_REVIEWED, None),
                 ("DM:0701", cf.STATUS_PENDING, None), ("GH2", cf.STATUS_REVIEWED, "0701")]
    patches = make_layer([box(-100 - 100 * k, 0, -50 - 100 * k, 100) for k in range(4)],
                         fields={cf.PATCH_ID: str, cf.DECISION: str, cf.STATUS: str, "GH1YDYH": str, "GH2YDYH": str},
                         attributes=[{cf.PATCH_ID: f"CY{k + 1}", cf.DECISION: d, cf.STATUS: s, "GH1YDYH": "0101",
                                      "GH2YDYH": c} for k, (d, s, c) in enumerate(decisions)],
                         gpkg_name="差异图斑.gpkg", name="差异图斑").source()
    result = run("optimise_control_lines", {"URBAN_BOUNDARY": urban, "COUNTY": county, "PATCHES": patches,
                                            "PROPOSALS": str(tmp_path / "建议.gpkg"), "REPORT": str(tmp_path / "平衡.xlsx")})
    outside, removed = proposed(result, "IN_COUNTY")
    assert outside == {"减少": pytest.approx(m2(280, 0, 300, 100), abs=0.01)}
    taken, union = proposed(result, "KB_DECISIONS")
    assert taken == {"增加": pytest.approx(m2(-100, 0, -50, 100) + m2(-400, 0, -350, 100), abs=0.01)}
    assert union.equals(shapely.union(box(-100, 0, -50, 100), box(-400, 0, -350, 100)))


def test_a_suitability_raster_gives_the_unsuitable_land_removed_first(make_layer, tmp_path):
    """Boundary 0–300, today's construction 0–100: 1.3 × 1 ha may stay. The raster's class 3
    (不适宜) on 100–200 goes first, though it is nearer today's construction than 200–300."""
    import numpy as np
    from rasters import write_raster

    urban = make_layer([box(0, 0, 300, 100)], gpkg_name="CZKFBJ.gpkg", name="CZKFBJ").source()
    base = make_layer([box(0, 0, 100, 100)], gpkg_name="CZJSYD.gpkg", name="CZJSYD").source()
    classes = write_raster(tmp_path / "城镇建设适宜性.tif", np.array([[1, 3, 1]], dtype=np.uint8),
                           (X0, 100.0, 0.0, Y0 + 100, 0.0, -100.0))
    result = run("optimise_control_lines", {"URBAN_BOUNDARY": urban, "BASE_CONSTRUCTION": base,
                                            "SUITABILITY": classes, "PROPOSALS": str(tmp_path / "建议.gpkg"),
                                            "OUT_URBAN_BOUNDARY": str(tmp_path / "KB.gpkg"),
                                            "REPORT": str(tmp_path / "平衡.xlsx")})
    totals, removed = proposed(result, "KB_EXPANSION")
    assert totals == {"减少": pytest.approx(m2(0, 0, 300, 100) - 1.3 * m2(0, 0, 100, 100), rel=1e-6)}
    assert removed.intersection(box(100, 0, 200, 100)).area == pytest.approx(100 * 100, abs=1e-3)
    assert result["EXPANSION_AFTER"] == pytest.approx(1.3, rel=1e-6)
