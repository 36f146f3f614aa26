"""multiplan:project_compliance on hand-built control lines with exactly known overlaps, on TXT input,
on the sample county, and against three 100,000-polygon GeoPackage layers (speed)."""
import base64
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from factories import bowtie, reproject
from recording import RecordingFeedback

X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider



def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:project_compliance", parameters, feedback=feedback or RecordingFeedback())


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def ellipsoidal(geometry, crs="EPSG:4527"):
    from multiplan.core.areas import polygon_areas

    return float(polygon_areas([geometry], crs)[0])


def features(path):
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    return list(layer.getFeatures())


# Red line 200..300 × 0..100; basic farmland 0..100 × 200..300; urban boundary −100..150 square.
RED, FARM, URBAN = box(200, 0, 300, 100), box(0, 200, 100, 300), box(-100, -100, 150, 150)
PROJECTS = {
    "XM-A": ("学校", box(0, 0, 100, 100)),  # inside the urban boundary, 100 m from red line and farmland
    "XM-B": ("厂房", box(250, 0, 350, 100)),  # half in the red line: 250..300 × 0..100
    "XM-C": ("泵站", box(300, 110, 400, 200)),  # 10 m from the red line's corner, outside the urban boundary
    "XM-D": ("污水厂", box(150, -100, 200, 0)),  # meets the red line in one corner point only
}
# Without a survey: XM-A passes, XM-B fails on HX, XM-C and XM-D lie outside the urban boundary.
STATUSES = {"XM-A": "pass", "XM-B": "fail", "XM-C": "attention", "XM-D": "attention"}


@pytest.fixture
def layers(make_layer):
    """Sources (not layer objects, see test_conflict_algs) of the control lines and a survey."""
    red = make_layer([RED], gpkg_name="红线.gpkg", name="STBHHX")
    farm = make_layer([FARM], gpkg_name="农田.gpkg", name="YJJBNTTB")
    urban = make_layer([URBAN], gpkg_name="开发边界.gpkg", name="CZKFBJ")
    survey = make_layer([box(-100, -100, 400, 50), box(-100, 50, 400, 300)], fields={"DLBM": str},
                        attributes=[{"DLBM": "0101"}, {"DLBM": "0601"}], gpkg_name="地类.gpkg", name="DLTB")
    return {"red": red.source(), "farm": farm.source(), "urban": urban.source(), "survey": survey.source()}


def project_layer(make_layer, items, crs="EPSG:4527", name="XMHX.gpkg"):
    geometries = [geometry if crs == "EPSG:4527" else reproject(geometry, "EPSG:4527", crs)
                  for _, geometry in items.values()]
    layer = make_layer(geometries, crs=crs, fields={"XMBH": str, "XMMC": str},
                       attributes=[{"XMBH": pid, "XMMC": title} for pid, (title, _) in items.items()],
                       gpkg_name=name, name="XMHX")
    return layer.source()


def lines(layers):
    return {"ECOLOGICAL_REDLINE": layers["red"], "FARMLAND": layers["farm"], "URBAN_BOUNDARY": layers["urban"]}


def outputs(tmp_path, **extra):
    return {"OUTPUT": str(tmp_path / "占用.gpkg"), "PROJECTS_OUTPUT": str(tmp_path / "项目.gpkg"),
            "REPORT": str(tmp_path / "预审.xlsx"), **extra}


def by_project(path):
    rows = {}
    for feature in features(path):
        rows.setdefault(feature["XMBH"], []).append(feature)
    return rows


STATUS_CODES = {0: "pass", 1: "attention", 2: "fail"}  # ZTDM
KINDS = {"ecological": "生态保护红线", "farmland": "永久基本农田", "urban_boundary": "城镇开发边界", "zones": "分区",
         "plan": "规划", "survey": "国土调查", "suitability": "双评价"}  # TCLX, Chinese unless the reports are English


def statuses(result):
    return {f["XMBH"]: STATUS_CODES[f["ZTDM"]] for f in features(result["PROJECTS_OUTPUT"])}


def verdicts(report):
    sheet = load_workbook(report)["规则判定 Verdicts"]
    return {(sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=3).value.split()[0]):
            sheet.cell(row=r, column=4).value.split()[1] for r in range(4, sheet.max_row + 1)}


def relations(report):
    sheet = load_workbook(report)["空间关系 Relations"]
    return {(sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=3).value):
            (sheet.cell(row=r, column=5).value.split()[1], sheet.cell(row=r, column=6).value)
            for r in range(4, sheet.max_row + 1)}


# -- exact overlaps, touching, buffer ------------------------------------------------------------

def test_overlaps_have_exact_ellipsoidal_areas_and_shares(layers, make_layer, tmp_path):
    result = run({"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers), "SURVEY": layers["survey"],
                  **outputs(tmp_path)})
    rows = by_project(result["OUTPUT"])
    red = [f for f in rows["XM-B"] if f["TCLX"] == KINDS["ecological"]]
    assert len(red) == 1
    expected = ellipsoidal(box(250, 0, 300, 100))
    project = ellipsoidal(PROJECTS["XM-B"][1])
    assert red[0]["MJ"] == pytest.approx(expected, rel=REL)
    assert red[0]["MJGQ"] == pytest.approx(expected / 10_000, rel=REL)
    assert red[0]["MJMU"] == pytest.approx(expected * 3 / 2000, rel=REL)
    assert red[0]["ZB"] == pytest.approx(expected / project, rel=REL)
    assert (red[0]["XMMC"], red[0]["TC"], red[0]["YSSL"]) == ("厂房", "生态保护红线（STBHHX）", 1)
    assert red[0]["MJFF"] == "椭球面积，CGCS2000 椭球"
    assert red[0].geometry().area() == pytest.approx(5000.0, rel=1e-9)
    # Survey classes of XM-A: 0101 below y = 50, 0601 above.
    survey = {f["DL"]: f["MJ"] for f in rows["XM-A"] if f["TCLX"] == KINDS["survey"]}
    assert survey == pytest.approx({"0101": ellipsoidal(box(0, 0, 100, 50)), "0601": ellipsoidal(box(0, 50, 100, 100))},
                                   rel=REL)
    assert statuses(result) == {"XM-A": "attention", "XM-B": "fail", "XM-C": "attention", "XM-D": "attention"}
    assert verdicts(result["REPORT"])[("XM-A", "GD")] == "attention"  # 0101 is 耕地
    assert result["PROJECT_COUNT"] == 4 and result["FAIL_COUNT"] == 1 and result["ATTENTION_COUNT"] == 3
    assert result["PASS_COUNT"] == 0


def test_a_project_touching_the_red_line_only_along_an_edge_is_touching_not_overlapping(layers, make_layer,
                                                                                        tmp_path):
    items = {"XM-E": ("边界相接", box(300, 0, 400, 100)), "XM-A": PROJECTS["XM-A"]}
    result = run({"PROJECTS": project_layer(make_layer, items), **lines(layers), **outputs(tmp_path)})
    assert "XM-E" not in by_project(result["OUTPUT"])  # no overlap row, not even one of zero area
    assert relations(result["REPORT"])[("XM-E", "生态保护红线（STBHHX）")] == ("touches", 0.0)
    assert verdicts(result["REPORT"])[("XM-E", "HX")] == "attention"
    assert statuses(result) == {"XM-E": "attention", "XM-A": "pass"}
    assert result["PASS_COUNT"] == 1 and result["ATTENTION_COUNT"] == 1


def test_the_buffer_distance_flags_a_nearby_project(layers, make_layer, tmp_path):
    items = {"XM-N": ("近红线", box(305, 0, 405, 100))}  # 5 m east of the red line
    source = project_layer(make_layer, items)
    plain = run({"PROJECTS": source, "ECOLOGICAL_REDLINE": layers["red"], **outputs(tmp_path)})
    assert statuses(plain) == {"XM-N": "pass"}
    assert relations(plain["REPORT"])[("XM-N", "生态保护红线（STBHHX）")] == ("clear", pytest.approx(5.0, abs=1e-6))
    (tmp_path / "buffer").mkdir()
    near = run({"PROJECTS": source, "ECOLOGICAL_REDLINE": layers["red"], "BUFFER_DISTANCE": 10,
                **outputs(tmp_path / "buffer")})
    assert statuses(near) == {"XM-N": "attention"}
    assert relations(near["REPORT"])[("XM-N", "生态保护红线（STBHHX）")] == ("near", pytest.approx(5.0, abs=1e-6))


def test_plan_suitability_and_zone_classes_come_from_their_fields(make_layer, tmp_path):
    plan = make_layer([box(-100, -100, 30, 300), box(30, -100, 400, 300)], fields={"YDYHDM": str},
                      attributes=[{"YDYHDM": "0102"}, {"YDYHDM": "0701"}], gpkg_name="规划.gpkg", name="GHYT")
    suitability = make_layer([box(-100, -100, 400, 60), box(-100, 60, 400, 300)], fields={"SYXDJ": str},
                             attributes=[{"SYXDJ": "城镇建设适宜区"}, {"SYXDJ": "城镇建设不适宜区"}],
                             gpkg_name="双评价.gpkg", name="SYX")
    zones = make_layer([box(-100, -100, 400, 300)], fields={"KJLXDM": str, "KJLXMC": str},
                       attributes=[{"KJLXDM": "1", "KJLXMC": "城镇空间"}], gpkg_name="三区.gpkg", name="SQ")
    result = run({"PROJECTS": project_layer(make_layer, {"XM-A": PROJECTS["XM-A"]}), "PLAN": plan.source(),
                  "PLAN_FIELD": "YDYHDM", "SUITABILITY": suitability.source(), "SUITABILITY_FIELD": "SYXDJ",
                  "ZONES": zones.source(), **outputs(tmp_path)})
    rows = {(f["TCLX"], f["DL"]): f["MJ"] for f in features(result["OUTPUT"])}
    assert rows == pytest.approx({
        ("分区", "城镇空间"): ellipsoidal(box(0, 0, 100, 100)),  # KJLXMC chosen without ZONE_FIELD
        ("规划", "0102"): ellipsoidal(box(0, 0, 30, 100)), ("规划", "0701"): ellipsoidal(box(30, 0, 100, 100)),
        ("双评价", "城镇建设适宜区"): ellipsoidal(box(0, 0, 100, 60)),
        ("双评价", "城镇建设不适宜区"): ellipsoidal(box(0, 60, 100, 100))}, rel=REL)
    rules = verdicts(result["REPORT"])
    assert (rules[("XM-A", "GD")], rules[("XM-A", "SYX")]) == ("attention", "attention")
    assert statuses(result) == {"XM-A": "attention"}


def test_the_distance_of_a_far_project_is_to_its_true_nearest_feature(make_layer, tmp_path):
    # XM-F's 500 m window is empty. The red line near XM-A (700 m from XM-F) is read for XM-A; the
    # nearer feature FAR (600 m) is read only when the search widens: the distance must be 600.
    red = make_layer([RED, box(1700, 0, 1800, 100)], gpkg_name="两处红线.gpkg", name="STBHHX").source()
    items = {"XM-A": PROJECTS["XM-A"], "XM-F": ("远处", box(1000, 0, 1100, 100))}
    result = run({"PROJECTS": project_layer(make_layer, items), "ECOLOGICAL_REDLINE": red, **outputs(tmp_path)})
    assert relations(result["REPORT"])[("XM-F", "生态保护红线（STBHHX）")] == ("clear", pytest.approx(600.0, abs=1e-6))
    assert relations(result["REPORT"])[("XM-A", "生态保护红线（STBHHX）")] == ("clear", pytest.approx(100.0, abs=1e-6))


def test_a_self_intersecting_red_line_is_repaired_and_reported(layers, make_layer, tmp_path):
    # The bow-tie 0..100² at x = 1000 becomes two triangles of 2,500 m² each.
    items = {"XM-X": ("扭曲红线", bowtie(100, X0 + 1000, Y0)), "XM-A": PROJECTS["XM-A"]}
    feedback = RecordingFeedback()
    result = run({"PROJECTS": project_layer(make_layer, items), **lines(layers), **outputs(tmp_path)}, feedback)
    warning = [w for w in feedback.warnings if "XM-X" in w]
    assert warning and "not a valid polygon" in warning[0] and "self-intersection" in warning[0]
    project = {f["XMBH"]: f for f in features(result["PROJECTS_OUTPUT"])}["XM-X"]
    assert project["MJ"] == pytest.approx(ellipsoidal(shapely.make_valid(bowtie(100, X0 + 1000, Y0))), rel=REL)
    assert project["MJ"] == pytest.approx(5000.0, rel=1e-6)
    notes = load_workbook(result["REPORT"])["审查提示 Notes"]
    assert "XM-X" in notes.cell(row=4, column=1).value


@pytest.mark.parametrize("reprojected", ["projects", "red line"])
def test_projects_in_another_crs_than_the_layers_give_the_same_areas(layers, make_layer, tmp_path, reprojected):
    feedback = RecordingFeedback()
    if reprojected == "projects":
        projects, red = project_layer(make_layer, PROJECTS, crs="EPSG:4490", name="xm4490.gpkg"), layers["red"]
    else:
        projects = project_layer(make_layer, PROJECTS)
        red = make_layer([reproject(RED, "EPSG:4527", "EPSG:4490")], crs="EPSG:4490", gpkg_name="hx4490.gpkg",
                         name="STBHHX").source()
    result = run({"PROJECTS": projects, **lines(layers), "ECOLOGICAL_REDLINE": red, **outputs(tmp_path)}, feedback)
    red_rows = [f for f in features(result["OUTPUT"]) if f["TCLX"] == KINDS["ecological"]]
    assert [f["XMBH"] for f in red_rows] == ["XM-B"]
    assert red_rows[0]["MJ"] == pytest.approx(ellipsoidal(box(250, 0, 300, 100)), rel=REL)
    assert any("Reproject" in info and "4490" in info for info in feedback.infos)
    assert any("EPSG:4527" in info for info in feedback.infos if info.startswith("Working CRS"))
    assert statuses(result) == STATUSES


def test_a_txt_file_with_swapped_columns_works_and_says_so(layers, make_layer, tmp_path):
    from multiplan.core.intake.coordinate_txt import write_coordinate_txt

    path = tmp_path / "红线坐标.txt"
    write_coordinate_txt(path, [{"geometry": geometry, "number": pid, "name": title, "use": "", "landuse_code": ""}
                                for pid, (title, geometry) in PROJECTS.items()])
    lines_in = path.read_text(encoding="gbk").splitlines()
    swapped = [re.sub(r"^(J\d+,\d+),([\d.]+),([\d.]+)$", r"\1,\3,\2", line) for line in lines_in]
    assert swapped != lines_in
    path.write_text("\n".join(swapped) + "\n", encoding="gbk")
    feedback = RecordingFeedback()
    result = run({"PROJECT_TXT": str(path), **lines(layers), **outputs(tmp_path)}, feedback)
    assert any("swapped" in w for w in feedback.warnings)
    red = [f for f in features(result["OUTPUT"]) if f["TCLX"] == KINDS["ecological"]]
    assert [(f["XMBH"], f["XMMC"]) for f in red] == [("XM-B", "厂房")]
    assert red[0]["MJ"] == pytest.approx(ellipsoidal(box(250, 0, 300, 100)), rel=REL)
    assert statuses(result) == STATUSES
    notes = load_workbook(result["REPORT"])["审查提示 Notes"]
    assert "swapped" in notes.cell(row=4, column=1).value


# -- slivers, wording, feature identity -----------------------------------------------------------

def test_a_6_m2_digitising_sliver_on_the_red_line_needs_attention_with_its_area_not_fail(make_layer, tmp_path):
    # The red line starts 6 cm inside XM-S's east edge: a 0.06 × 100 m sliver of 6 m² (0.009 亩).
    red = make_layer([box(99.94, 0, 300, 100)], gpkg_name="红线.gpkg", name="STBHHX").source()
    projects = project_layer(make_layer, {"XM-S": ("碎片", box(0, 0, 100, 100))})
    sliver = ellipsoidal(box(99.94, 0, 100, 100))
    assert sliver == pytest.approx(6.0, rel=1e-6)
    result = run({"PROJECTS": projects, "ECOLOGICAL_REDLINE": red, **outputs(tmp_path)})  # default MIN_AREA
    assert statuses(result) == {"XM-S": "attention"}
    assert verdicts(result["REPORT"])[("XM-S", "HX")] == "attention"
    overlap = [f for f in features(result["OUTPUT"]) if f["TCLX"] == KINDS["ecological"]]
    assert [(f["XMBH"], f["MJ"], f["MJMU"]) for f in overlap] == [("XM-S", 6.0, 0.01)]  # m² 2, 亩 2 decimals
    assert overlap[0]["MJGQ"] == pytest.approx(0.0006, abs=1e-12)  # 公顷 4 decimals
    reason = {f["XMBH"]: f["YY"] for f in features(result["PROJECTS_OUTPUT"])}["XM-S"]
    assert "6.00 m²" in reason and "数字化" in reason
    assert result["ATTENTION_COUNT"] == 1 and result["FAIL_COUNT"] == 0
    (tmp_path / "strict").mkdir()
    strict = run({"PROJECTS": projects, "ECOLOGICAL_REDLINE": red, "MIN_AREA": 0, **outputs(tmp_path / "strict")})
    assert statuses(strict) == {"XM-S": "fail"}


def test_feature_ids_are_the_features_own_identifiers_in_every_format(make_layer, tmp_path):
    """Projects without XMBH are numbered from 1; red-line features by BSM when filled and unique, the
    farmland (no id field) by its feature number: the same from a GeoPackage, a shapefile or GeoJSON."""
    from osgeo import gdal

    items = {"A": ("学校", box(0, 0, 100, 100)), "B": ("厂房", box(250, 0, 350, 100))}
    projects = make_layer([g for _, g in items.values()], fields={"XMMC": str},
                          attributes=[{"XMMC": title} for title, _ in items.values()], gpkg_name="XM.gpkg",
                          name="XMHX")
    red = make_layer([box(2000, 0, 2100, 100), RED], fields={"BSM": str},
                     attributes=[{"BSM": "HX-9"}, {"BSM": "HX-7"}], gpkg_name="HX.gpkg", name="STBHHX")
    farm = make_layer([box(2000, 0, 2100, 100), box(5000, 0, 5100, 100), box(-50, 50, 20, 150)],
                      gpkg_name="NT.gpkg", name="YJJBNTTB")
    seen = {}
    for suffix, driver in (("gpkg", None), ("shp", "ESRI Shapefile"), ("geojson", "GeoJSON")):
        folder = tmp_path / suffix
        folder.mkdir()
        sources = {}
        for key, layer in (("PROJECTS", projects), ("ECOLOGICAL_REDLINE", red), ("FARMLAND", farm)):
            if driver is None:
                sources[key] = layer.source()
                continue
            path = folder / f"{key}.{suffix}"
            gdal.VectorTranslate(str(path), layer.source().split("|")[0], format=driver,
                                 layers=[layer.source().split("layername=")[1]],
                                 layerCreationOptions=["ENCODING=UTF-8"] if suffix == "shp" else [])
            sources[key] = str(path)
        result = run({**sources, **outputs(folder)})
        seen[suffix] = sorted((f["XMBH"], f["XMMC"], f["TCLX"], f["YSBH"]) for f in features(result["OUTPUT"]))
    assert seen["gpkg"] == [("1", "学校", KINDS["farmland"], "3"), ("2", "厂房", KINDS["ecological"], "HX-7")]
    assert seen["shp"] == seen["gpkg"] and seen["geojson"] == seen["gpkg"]


def test_the_projects_layer_loads_styled_by_its_numeric_status(layers, make_layer, tmp_path):
    result = run({"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers), **outputs(tmp_path)})
    layer = QgsVectorLayer(str(result["PROJECTS_OUTPUT"]), "projects", "ogr")
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "ZTDM"
    values = {str(category.value()) for category in renderer.categories()}  # a stored style keeps text
    assert values == {"0", "1", "2"}
    assert {str(f["ZTDM"]) for f in layer.getFeatures()} == {"0", "1", "2"}  # STATUSES
    from qgis.core import QgsRenderContext

    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    try:
        assert all(renderer.symbolForFeature(f, context) is not None for f in layer.getFeatures())  # all drawn
    finally:
        renderer.stopRender(context)


# -- the location map --------------------------------------------------------------------------------

COUNTY = box(-10_000, -8_000, 10_000, 8_000)
TOWNSHIPS = {"甲镇": box(-10_000, -8_000, 0, 8_000), "乙镇": box(0, -8_000, 10_000, 8_000)}


def png_images(page):
    from qgis.PyQt.QtGui import QImage

    encoded = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page.read_text(encoding="utf-8"))
    return [QImage.fromData(base64.b64decode(item), "PNG") for item in encoded]


def map_widths(page):
    """Widths in m of the maps, from their captions (图幅宽约 21.6 千米 / 图幅宽约 280 米)."""
    widths = []
    for number, unit in re.findall(r"图幅宽约 ([\d,.]+) (千米|米)", page.read_text(encoding="utf-8")):
        widths.append(float(number.replace(",", "")) * (1000 if unit == "千米" else 1))
    return widths


def pixels(image, colour, tolerance=12, columns=None):
    """How many pixels of ``image`` have ``colour`` (r, g, b) within ``columns`` (a range of x)."""
    xs = columns or range(image.width())
    count = 0
    for x in xs:
        for y in range(0, image.height(), 2):
            c = image.pixel(x, y)
            if all(abs(a - b) <= tolerance for a, b in zip(((c >> 16) & 255, (c >> 8) & 255, c & 255), colour)):
                count += 1
    return count


def test_the_location_map_shows_each_project_within_its_county_and_township(layers, make_layer, tmp_path):
    county = make_layer([COUNTY], gpkg_name="县界.gpkg", name="XZQ").source()
    townships = make_layer(list(TOWNSHIPS.values()), fields={"XZQDM": str, "XZQMC": str},
                           attributes=[{"XZQDM": "1", "XZQMC": "甲镇"}, {"XZQDM": "2", "XZQMC": "乙镇"}],
                           gpkg_name="乡镇.gpkg", name="XZQ_XZ").source()
    page = tmp_path / "预审.html"
    run({"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers), "COUNTY": county, "ADMIN": townships,
         **outputs(tmp_path, REPORT_HTML=str(page))})
    text = page.read_text(encoding="utf-8")
    assert text.count("<h3>位置图") == 4 and text.count("<h3>局部图") == 4
    assert text.count("所在乡镇 Township：乙镇") == 4  # every project lies east of x = 0
    widths = map_widths(page)
    assert len(widths) == 8
    location, closeup = widths[0::2], widths[1::2]
    assert all(width >= 20_000 for width in location)  # the whole county, not a close-up
    assert all(width < 1_000 for width in closeup)
    image = png_images(page)[0]  # XM-A's location map
    assert image.width() == 900
    # The county (20 × 16 km) fills the height: 17.28 km over 640 px, so 24.3 km across 900 px; its west
    # edge lies near x = 80 and the township boundary x = 0 in the middle.
    assert pixels(image, (50, 50, 50), 40, range(70, 90)) > 100, "no county outline on the west"
    assert pixels(image, (255, 236, 160), 6, range(460, 880)) > 10_000, "乙镇 not highlighted"
    assert pixels(image, (255, 236, 160), 6, range(20, 440)) == 0, "甲镇 highlighted"
    assert pixels(image, (227, 26, 28), 30, range(440, 480)) > 10, "no marker at the project"


def test_without_boundaries_the_location_map_shows_the_extent_of_the_review_layers(make_layer, tmp_path):
    red = make_layer([RED, box(6_000, 0, 6_100, 100)], gpkg_name="两处红线.gpkg", name="STBHHX").source()
    page = tmp_path / "预审.html"
    feedback = RecordingFeedback()
    run({"PROJECTS": project_layer(make_layer, {"XM-A": PROJECTS["XM-A"]}), "ECOLOGICAL_REDLINE": red,
         **outputs(tmp_path, REPORT_HTML=str(page))}, feedback)
    location, closeup = map_widths(page)
    assert location >= 6_100 * 1.08 and closeup < 1_000
    assert any("COUNTY" in info and "ADMIN" in info for info in feedback.infos)
    assert "审查图层范围" in page.read_text(encoding="utf-8")


# -- the deliverables' language ------------------------------------------------------------------------

def deliverable_texts(result, feedback):
    from deliverables import html_texts, layer_texts, workbook_texts

    layers = []
    for output in (result["OUTPUT"], result["PROJECTS_OUTPUT"]):
        path, _, name = str(output).partition("|layername=")
        layers += layer_texts(path, name or Path(path).stem)  # not the GeoPackage's layer_styles table
    # QGIS's own "Results: {…}" line (processing.run's, not MultiPlan's) lists the outputs' paths.
    log = [line for line in feedback.infos + feedback.warnings if not line.startswith("Results: {")]
    return (workbook_texts(result["REPORT"]) + html_texts(result["REPORT_HTML"]) + layers
            + [("log", line) for line in log])


def language_run(layers, make_layer, tmp_path):
    """Every kind of sentence: a fail, a sliver, touching, near, outside and inside the urban boundary,
    partly on unsuitable land, a repaired red line, a missing class field, maps with townships."""
    suitability = make_layer([box(-100, -100, 400, 60), box(-100, 60, 400, 300)], fields={"SYXDJ": str},
                             attributes=[{"SYXDJ": "适宜区"}, {"SYXDJ": "不适宜区"}], gpkg_name="双评价.gpkg",
                             name="SYX")
    zones = make_layer([box(-100, -100, 400, 300)], fields={"KJLXMC": str}, attributes=[{"KJLXMC": "城镇空间"}],
                       gpkg_name="三区.gpkg", name="SQ")
    townships = make_layer(list(TOWNSHIPS.values()), fields={"XZQMC": str},
                           attributes=[{"XZQMC": "甲镇"}, {"XZQMC": "乙镇"}], gpkg_name="乡镇.gpkg", name="XZQ_XZ")
    items = {**PROJECTS, "XM-S": ("碎片", box(180, 0, 200.06, 100)), "XM-X": ("扭曲", bowtie(100, X0 + 1000, Y0)),
             "XM-N": ("近红线", box(305, -50, 405, -10)), "XM-P": ("半出边界", box(100, 0, 200, 50))}
    feedback = RecordingFeedback()
    result = run({"PROJECTS": project_layer(make_layer, items), **lines(layers), "SURVEY": layers["survey"],
                  "SUITABILITY": suitability.source(), "SUITABILITY_FIELD": "SYXDJ", "ZONES": zones.source(),
                  "PLAN": layers["urban"], "BUFFER_DISTANCE": 10, "ADMIN": townships.source(),
                  "COUNTY": make_layer([COUNTY], gpkg_name="县.gpkg", name="XZQ").source(),
                  **outputs(tmp_path, REPORT_HTML=str(tmp_path / "预审.html"))}, feedback)
    return result, feedback


def test_under_a_chinese_locale_every_deliverable_and_the_log_are_chinese(layers, make_layer, tmp_path,
                                                                       monkeypatch):
    from deliverables import problems_in
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    with chinese_ui():
        result, feedback = language_run(layers, make_layer, tmp_path)
    texts = deliverable_texts(result, feedback)
    problems = problems_in(texts, words=True)
    assert problems == [], "\n".join(map(str, problems))
    assert load_workbook(result["REPORT"]).sheetnames == ["项目汇总", "规则判定", "叠加明细", "空间关系", "审查提示"]
    projects = {f["XMBH"]: f for f in features(result["PROJECTS_OUTPUT"])}
    assert "YYEN" not in [field.name() for field in projects["XM-A"].fields()]
    assert projects["XM-B"]["ZT"] == "不通过" and projects["XM-B"]["YY"].startswith("生态保护红线不通过：占用")
    assert projects["XM-S"]["ZT"] == "需关注"
    relations = {row[0]: row for row in load_workbook(result["REPORT"])["空间关系"].iter_rows(min_row=4, values_only=True)
                 if row[2] == "城镇开发边界（CZKFBJ）"}
    assert relations["XM-A"][4] == "位于其内"  # not 占用
    assert relations["XM-P"][4] == "部分位于其内"
    reasons = " ".join(str(f["YY"]) for f in projects.values())
    assert "占用城镇开发边界" not in reasons and "占用分区" not in reasons
    log = "\n".join(feedback.infos + feedback.warnings)
    assert "XM-B 厂房：不通过" in log and "生态保护红线不通过" in log and "自相交" in log


def test_under_an_english_locale_the_deliverables_are_english(layers, make_layer, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result, feedback = language_run(layers, make_layer, tmp_path)
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["Projects", "Verdicts", "Overlaps", "Relations", "Notes"]
    assert workbook["Projects"].cell(row=3, column=6).value == "Status"
    projects = {f["XMBH"]: f for f in features(result["PROJECTS_OUTPUT"])}
    assert projects["XM-B"]["ZT"] == "fail" and projects["XM-B"]["YY"].startswith("HX Ecological protection red line")
    assert "YYEN" not in [field.name() for field in projects["XM-A"].fields()]
    kinds = {f["TCLX"] for f in features(result["OUTPUT"])}
    assert "ecological red line" in kinds and not any("\u4e00" <= c <= "\u9fff" for k in kinds for c in k)
    page = Path(result["REPORT_HTML"]).read_text(encoding="utf-8")
    assert "Overall status" in page and "审查结论" not in page and "Location map" in page
    assert any(line.startswith("XM-B 厂房: fail") for line in feedback.infos)


# -- bad input ---------------------------------------------------------------------------------

def test_no_projects_or_both_inputs_are_a_clear_error(layers, make_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="either as a polygon layer"):
        run({**lines(layers), **outputs(tmp_path)})
    txt = tmp_path / "x.txt"
    txt.write_text("[属性描述]\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="not both"):
        run({"PROJECTS": project_layer(make_layer, PROJECTS), "PROJECT_TXT": str(txt), **lines(layers),
             **outputs(tmp_path)})
    with pytest.raises(QgsProcessingException, match="at least one layer"):
        run({"PROJECTS": project_layer(make_layer, PROJECTS), **outputs(tmp_path)})
    assert not (tmp_path / "预审.xlsx").exists()


def test_an_empty_review_layer_gives_a_warning(layers, make_layer, tmp_path):
    empty = make_layer([], gpkg_name="空.gpkg", name="STBHHX").source()
    feedback = RecordingFeedback()
    result = run({"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers), "ECOLOGICAL_REDLINE": empty,
                  **outputs(tmp_path)}, feedback)
    assert any("has no features" in w and "STBHHX" in w for w in feedback.warnings)
    assert verdicts(result["REPORT"])[("XM-B", "HX")] == "pass"  # nothing to overlap: the warning is what tells


def test_a_missing_class_field_is_a_clear_error(layers, make_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="no field “CODE”"):
        run({"PROJECTS": project_layer(make_layer, PROJECTS), "SURVEY": layers["survey"], "SURVEY_FIELD": "CODE",
             **outputs(tmp_path)})


def test_a_cancelled_run_leaves_no_output(layers, make_layer, tmp_path):
    class CancelLate(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 85:  # after the layers and the workbook, while the maps are drawn
                self.cancel()

    with pytest.raises(QgsProcessingException, match="cancelled"):
        run({"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers),
             **outputs(tmp_path, REPORT_HTML=str(tmp_path / "预审.html"))}, CancelLate())
    assert sorted(p.name for p in tmp_path.iterdir() if "预审" in p.name or p.name in ("占用.gpkg", "项目.gpkg")) == []


# -- the HTML page -----------------------------------------------------------------------------

def test_the_html_page_has_a_section_and_a_drawn_map_per_project(layers, make_layer, tmp_path):
    from qgis.PyQt.QtGui import QImage

    page = tmp_path / "预审.html"
    result = run({"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers), "SURVEY": layers["survey"],
                  **outputs(tmp_path, REPORT_HTML=str(page))})
    assert result["REPORT_HTML"] == str(page)
    text = page.read_text(encoding="utf-8")
    assert text.count('<section class="project"') == 4
    assert "审查结论 Overall status" in text and "图例 Legend" in text and "生态保护红线 ecological red line" in text
    images = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", text)
    assert len(images) == 8  # a location map and a close-up per project
    image = QImage.fromData(base64.b64decode(images[3]), "PNG")  # XM-B's close-up over the red line
    assert not image.isNull() and image.width() == 900
    colours = {image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}
    assert len(colours) >= 5
    rgb = [((c >> 16) & 255, (c >> 8) & 255, c & 255) for c in colours]
    assert any(r > 150 and g < 60 and b > 150 for r, g, b in rgb), "no magenta project outline"
    assert any(g > r + 40 and g > b + 40 for r, g, b in rgb), "no green red-line fill"


def first_png(page, which=1):
    """The first project's close-up (``which`` = 1) or location map (0)."""
    from qgis.PyQt.QtGui import QImage

    images = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page.read_text(encoding="utf-8"))
    image = QImage.fromData(base64.b64decode(images[which]), "PNG")
    assert not image.isNull()
    return image


def test_maps_are_drawn_when_the_algorithm_runs_in_a_background_task(layers, make_layer, tmp_path, qtbot):
    """As the Processing Toolbox runs it: in a QgsProcessingAlgRunnerTask, off the main thread."""
    from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("multiplan:project_compliance")
    page = tmp_path / "预审.html"
    parameters = {"PROJECTS": project_layer(make_layer, PROJECTS), **lines(layers),
                  **outputs(tmp_path, REPORT_HTML=str(page))}
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, feedback)
    done = {}
    task.executed.connect(lambda ok, results: done.update(ok=ok, results=results))
    QgsApplication.taskManager().addTask(task)
    qtbot.waitUntil(lambda: "ok" in done, timeout=60_000)
    assert done["ok"] and done["results"]["FAIL_COUNT"] == 1
    image = first_png(page)
    assert len({image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}) >= 4


@pytest.mark.e2e
def test_qgis_process_runs_it_with_a_txt_file_and_the_html_page(layers, tmp_path, repo_root):
    """Without a GUI: the maps are rendered inside ``qgis_process``."""
    import json

    from multiplan.core.intake.coordinate_txt import write_coordinate_txt

    txt = tmp_path / "红线坐标.txt"
    write_coordinate_txt(txt, [{"geometry": geometry, "number": pid, "name": title, "use": "", "landuse_code": ""}
                               for pid, (title, geometry) in PROJECTS.items()])
    page = tmp_path / "预审.html"
    arguments = [f"{key}={value}" for key, value in {"PROJECT_TXT": txt, **lines(layers),
                                                      **outputs(tmp_path, REPORT_HTML=str(page))}.items()]
    completed = subprocess.run([str(repo_root / "scripts" / "qgis-process"), "--json", "run",
                                "multiplan:project_compliance", "--", *arguments], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr[-2000:]
    results = json.loads(completed.stdout)["results"]
    assert (results["PROJECT_COUNT"], results["PASS_COUNT"], results["FAIL_COUNT"]) == (4, 1, 1)
    assert page.read_text(encoding="utf-8").count('<section class="project"') == 4
    image = first_png(page)
    assert len({image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}) >= 4


# -- the sample county ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def county(tmp_path_factory, repo_root):
    folder = tmp_path_factory.mktemp("county")
    subprocess.run([sys.executable, str(repo_root / "scripts" / "make_sample_county.py"), "--output", str(folder),
                    "--scale", "0.25"], check=True, capture_output=True)
    return folder


def sample_lines(county):
    gpkg = county / "sample_county.gpkg"
    return {"ECOLOGICAL_REDLINE": f"{gpkg}|layername=STBHHX", "FARMLAND": f"{gpkg}|layername=YJJBNTTB",
            "URBAN_BOUNDARY": f"{gpkg}|layername=CZKFBJ", "ZONES": f"{gpkg}|layername=SQ"}


def check_sample(result, ids):
    """The README's claims about the five XMHX projects; ``ids`` map XM2024-00n to the run's ids."""
    status = {pid: status for pid, status in statuses(result).items()}
    expected = {"XM2024-001": "pass", "XM2024-002": "pass", "XM2024-003": "fail", "XM2024-004": "fail",
                "XM2024-005": "attention"}
    assert {name: status[ids[name]] for name in expected} == expected
    rules = verdicts(result["REPORT"])
    assert rules[(ids["XM2024-003"], "HX")] == "fail" and rules[(ids["XM2024-003"], "NT")] == "pass"
    assert rules[(ids["XM2024-004"], "NT")] == "fail" and rules[(ids["XM2024-004"], "HX")] == "pass"
    assert rules[(ids["XM2024-005"], "HX")] == "attention"
    # "clear of farmland and towns", "outside red line and urban boundary": KB flags both.
    assert rules[(ids["XM2024-003"], "KB")] == "attention" and rules[(ids["XM2024-004"], "KB")] == "attention"
    assert relations(result["REPORT"])[(ids["XM2024-005"], "生态保护红线（STBHHX）")][0] == "touches"
    for name in ("XM2024-001", "XM2024-002"):
        assert {rule: rules[(ids[name], rule)] for rule in ("HX", "NT", "KB")} == \
            {"HX": "pass", "NT": "pass", "KB": "pass"}
    # XM2024-002's hole is not part of the project, nor of its overlap with the urban boundary.
    projects = {f["XMBH"]: f for f in features(result["PROJECTS_OUTPUT"])}
    hole = projects[ids["XM2024-002"]]
    assert len(hole.geometry().asMultiPolygon()[0]) == 2  # outer ring and the hole
    inside = [f for f in features(result["OUTPUT"])
              if f["XMBH"] == ids["XM2024-002"] and f["TCLX"] == KINDS["urban_boundary"]]
    assert inside[0]["MJ"] == pytest.approx(hole["MJ"], rel=1e-9)
    return projects


def test_sample_county_projects_from_the_xmhx_layer(county, tmp_path):
    gpkg = county / "sample_county.gpkg"
    result = run({"PROJECTS": f"{gpkg}|layername=XMHX", **sample_lines(county), **outputs(tmp_path)})
    ids = {f"XM2024-00{n}": f"XM2024-00{n}" for n in range(1, 6)}
    projects = check_sample(result, ids)
    declared = {f["XMBH"]: f["YDMJ"] for f in features(f"{gpkg}|layername=XMHX")}
    for pid, feature in projects.items():
        assert feature["MJGQ"] == pytest.approx(declared[pid], abs=5.1e-5)  # YDMJ: 公顷 to 4 decimals


def test_sample_county_projects_from_the_coordinate_txt(county, tmp_path):
    gpkg = county / "sample_county.gpkg"
    result = run({"PROJECT_TXT": str(county / "项目红线坐标.txt"), **sample_lines(county), **outputs(tmp_path)})
    # The TXT numbers the plots 1…5 in XMHX order and names them as XMMC.
    names = {f["XMMC"]: f["XMBH"] for f in features(f"{gpkg}|layername=XMHX")}
    from_txt = {f["XMMC"]: f["XMBH"] for f in features(result["PROJECTS_OUTPUT"])}
    assert sorted(from_txt.values()) == ["1", "2", "3", "4", "5"]
    check_sample(result, {names[title]: number for title, number in from_txt.items()})


# -- reading only what is near (speed itself is shown by bench/bench_compliance.py) --------------

GRID = 100  # 100 × 100 = 10,000 parcels of 25 m


@pytest.fixture(scope="module")
def county_scale(tmp_path_factory):
    """One GeoPackage with three 10,000-polygon layers (DLTB with codes, farmland, red line), written
    by GDAL from a CSV of WKT (a Python loop over OGR features takes twice as long)."""
    from osgeo import gdal

    folder = tmp_path_factory.mktemp("big")
    size = 25.0
    row, col = np.divmod(np.arange(GRID * GRID), GRID)
    x, y = X0 - GRID * size / 2 + col * size, Y0 + row * size
    wkt = shapely.to_wkt(shapely.box(x, y, x + size, y + size), rounding_precision=3)
    codes = np.array(["0101", "0301", "0702"])[(row + col) % 3]
    csv = folder / "grid.csv"
    csv.write_text("WKT,DLBM\n" + "".join(f'"{w}",{c}\n' for w, c in zip(wkt, codes)), encoding="utf-8")
    path = folder / "big.gpkg"
    for number, name in enumerate(("DLTB", "YJJBNTTB", "STBHHX")):
        gdal.VectorTranslate(str(path), str(csv), format="GPKG", accessMode="append" if number else None,
                             layerName=name, srcSRS="EPSG:4527", dstSRS="EPSG:4527", geometryType="MULTIPOLYGON",
                             options=["-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO", "-gt",
                                      "unlimited"])
    return path


def test_only_the_features_near_a_project_are_read_from_big_layers(county_scale, make_layer, tmp_path):
    items = {"XM-1": ("项目", box(10, 1000, 160, 1090))}
    projects = project_layer(make_layer, items)
    parameters = {"PROJECTS": projects, "SURVEY": f"{county_scale}|layername=DLTB",
                  "FARMLAND": f"{county_scale}|layername=YJJBNTTB",
                  "ECOLOGICAL_REDLINE": f"{county_scale}|layername=STBHHX", **outputs(tmp_path)}
    feedback = RecordingFeedback()
    result = run(parameters, feedback)
    counts = [re.search(r"(\d+) of (\d+) features read", info) for info in feedback.infos]
    counts = [(int(m.group(1)), int(m.group(2))) for m in counts if m]
    assert len(counts) == 3 and all(total == GRID * GRID and 0 < read < total / 3 for read, total in counts)  # a 1.1 km window of 2.5 km
    survey = [f for f in features(result["OUTPUT"]) if f["TCLX"] == KINDS["survey"]]
    assert sum(f["MJ"] for f in survey) == pytest.approx(ellipsoidal(box(10, 1000, 160, 1090)), rel=REL)
    assert {f["DL"] for f in survey} == {"0101", "0301", "0702"}
    assert statuses(result) == {"XM-1": "fail"}

