"""专题图 through Processing, on a hand-built county of two townships: every map written as PDF (the
expected pages) and PNG (not blank inside the map frame), the project maps' figures equal to the
ellipsoidal areas, templates and a project that reopens with its layers styled; refusals and a
cancelled run leave nothing."""
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
import shapely
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProject, QgsRuleBasedRenderer
from qgis.PyQt.QtGui import QImage

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas
from multiplan.core.maps import thematic as th

DPI = 72  # the smallest allowed: the test looks at pixels, not print quality


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:make_maps", parameters, feedback=feedback)


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def graded_raster(path):
    """Grades 1 … 3 in three bands of columns over the county, EPSG:4527, 100 m cells."""
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 40, 20, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((X0, 100.0, 0.0, Y0 + 2000, 0.0, -100.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    dataset.SetProjection(srs.ExportToWkt())
    grades = np.repeat(np.array([1, 2, 3, 3], dtype=np.uint8)[None, :], 20, axis=0).repeat(10, axis=1)
    dataset.GetRasterBand(1).WriteArray(grades)
    dataset.GetRasterBand(1).SetNoDataValue(0)
    dataset = None
    return str(path)


@pytest.fixture
def county(make_layer, tmp_path):
    def layer(geometries, fields, rows, name):
        return make_layer(geometries, fields=fields, attributes=rows, gpkg_name=f"{name}.gpkg", name=name).source()

    west, east = box(0, 0, 2000, 2000), box(2000, 0, 4000, 2000)
    return {
        "COUNTY": layer([box(0, 0, 4000, 2000)], {"XZQMC": str}, [{"XZQMC": "示范县"}], "XZQ"),
        "TOWNSHIPS": layer([west, east], {"XZQMC": str}, [{"XZQMC": "西镇"}, {"XZQMC": "东镇"}], "XZQ_XZ"),
        "ZONES": layer([box(0, 0, 1000, 2000), box(1000, 0, 4000, 2000)], {"KJLXDM": str},
                       [{"KJLXDM": "3"}, {"KJLXDM": "2"}], "SQ"),
        "ECOLOGICAL_REDLINE": layer([box(100, 100, 900, 1900)], {"HXMC": str}, [{"HXMC": "水源地"}], "STBHHX"),
        "FARMLAND": layer([box(1200, 200, 3000, 1800)], {}, [{}], "YJJBNT"),
        "URBAN_BOUNDARY": layer([box(3200, 400, 3900, 1600)], {}, [{}], "CZKFBJ"),
        "BLUEPRINT": layer([box(0, 0, 1000, 2000), box(1000, 0, 3000, 2000), box(3000, 0, 4000, 2000)],
                           {"YDYHDM": str}, [{"YDYHDM": "0301"}, {"YDYHDM": "0101"}, {"YDYHDM": "0701"}], "蓝图"),
        "PATCHES": layer([box(3100, 300, 3300, 500), box(500, 500, 600, 600)], {"CYLX": str, "CYLXMC": str},
                         [{"CYLX": "KBW_JS", "CYLXMC": "城镇开发边界外规划城镇建设用地"},
                          {"CYLX": "HX_JS", "CYLXMC": "生态保护红线内规划建设用地"}], "差异图斑"),
        "VIOLATIONS": layer([box(3100, 300, 3300, 500)], {"GZBH": str, "GZMC": str, "YZCD": str},
                            [{"GZBH": "R1", "GZMC": "城镇开发边界外新增建设", "YZCD": "错误"}], "违规"),
        "PROJECTS": layer([box(1900, 900, 2300, 1000), box(3500, 1000, 3600, 1100)],
                          {"XMBH": str, "XMMC": str}, [{"XMBH": "XM-1", "XMMC": "跨镇道路"},
                                                       {"XMBH": "XM-2", "XMMC": "东镇学校"}], "项目"),
        "AGRICULTURAL_SUITABILITY": graded_raster(tmp_path / "农业生产适宜性_分级.tif"),
        "ECOLOGICAL_IMPORTANCE": graded_raster(tmp_path / "生态保护重要性_分级.tif"),
        "DPI": DPI,
    }


def pdf_pages(path):
    """The page count of the PDF's page tree (the last /Count: GDAL appends a georeferenced update)."""
    from multiplan.core.maps.thematic import pdf_page_count

    data = open(path, "rb").read()
    assert data.startswith(b"%PDF")
    count = pdf_page_count(data)
    assert count, path
    return count


def map_frame_pixels(path, paper="A3"):
    """Share of non-white pixels inside the map frame and the number of distinct colours there."""
    image = QImage(str(path))
    assert not image.isNull()
    page = th.page_layout(paper)
    scale = image.width() / page.width
    x0, y0 = int(page.map.x * scale) + 3, int(page.map.y * scale) + 3
    x1, y1 = int(page.map.right * scale) - 3, int(page.map.bottom * scale) - 3
    colours = [image.pixel(x, y) & 0xFFFFFF for x in range(x0, x1, 3) for y in range(y0, y1, 3)]
    return sum(colour != 0xFFFFFF for colour in colours) / len(colours), len(set(colours))


def test_the_whole_map_set_in_chinese(county, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    result = run(dict(county, OUTPUT=str(tmp_path / "专题图")))
    out = tmp_path / "专题图"
    assert result["MAP_COUNT"] == 7  # all but the urban suitability map, whose raster was not given
    assert result["PROJECT_FILE"] == str(out / "专题图.qgz")
    # maps whose layers cover the county are mostly coloured; the others show their few features
    stems = {"三区三线图": 0.3, "规划用途图": 0.3, "差异图斑分布图": 0.005, "生态保护重要性评价图": 0.2,
             "农业生产适宜性评价图": 0.2, "控制线检查图": 0.2}
    for stem, least in stems.items():
        assert pdf_pages(out / f"{stem}.pdf") == 1, stem
        covered, colours = map_frame_pixels(out / f"{stem}.png")
        assert covered > least and colours >= 4, (stem, covered, colours)
        template = ElementTree.parse(out / "模板" / f"{stem}.qpt").getroot()
        assert any(f"示范县{th.kind_of(kind.key).title.zh}" == item.get("labelText")
                   for kind in th.MAPS if kind.file_zh == stem for item in template.iter("LayoutItem"))
    # the maps that carry a table have it, with the ellipsoidal total of what they show
    def cells(stem):
        root = ElementTree.parse(out / "模板" / f"{stem}.qpt").getroot()
        return [option.get("value") for option in root.iter("Option") if option.get("name") == "content"]

    county_ha = polygon_areas([box(0, 0, 4000, 2000)], "EPSG:4527")[0] / 1e4
    landuse = cells("规划用途图")
    assert landuse[landuse.index("合计") + 1:landuse.index("合计") + 3] == [f"{county_ha:,.2f}", "100.0%"]
    assert ["01", "耕地", f"{county_ha / 2:,.2f}", "50.0%"] == landuse[landuse.index("01"):landuse.index("01") + 4]
    patches = cells("差异图斑分布图")
    patch_ha = sum(polygon_areas([box(3100, 300, 3300, 500), box(500, 500, 600, 600)], "EPSG:4527")) / 1e4
    assert patches[patches.index("合计") + 1:patches.index("合计") + 3] == ["2", f"{patch_ha:,.2f}"]
    problems = cells("控制线检查图")
    assert problems[problems.index("R1"):problems.index("R1") + 3] == ["R1", "城镇开发边界外新增建设", "1"]
    assert not (out / "城镇建设适宜性评价图.pdf").exists()
    assert pdf_pages(out / "建设项目位置图.pdf") == 2
    for number in ("XM-1", "XM-2"):
        covered, colours = map_frame_pixels(out / f"建设项目位置图_{number}.png")
        assert covered > 0.01 and colours >= 3

    # the project maps show MultiPlan's figures: ellipsoidal areas, townships by overlap
    dataset = ogr.Open(str(out / "建设项目位置.gpkg"))
    rows = {f["XMBH"]: (f["MJGQ"], f["MJMU"], f["SZXZ"]) for f in dataset.GetLayer(0)}
    dataset = None
    areas = polygon_areas([box(1900, 900, 2300, 1000), box(3500, 1000, 3600, 1100)], "EPSG:4527")
    assert rows["XM-1"] == (pytest.approx(areas[0] / 1e4, abs=1e-9), pytest.approx(areas[0] * 3 / 2000, abs=1e-9),
                            "东镇、西镇")
    assert rows["XM-2"][0] == pytest.approx(areas[1] / 1e4, abs=1e-9) and rows["XM-2"][2] == "东镇"

    # the project reopens with every layer valid and styled, and the seven layouts
    project = QgsProject()
    assert project.read(result["PROJECT_FILE"])
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    assert all(layer.isValid() for layer in layers.values())
    assert {"县级行政区", "乡镇界线", "三区", "生态保护红线", "规划用途（一张蓝图）", "建设项目红线"} <= set(layers)
    assert len(project.layoutManager().printLayouts()) == 7
    # every map has its furniture: legend, north arrow, scale bar, a CGCS2000 graticule, the note
    from qgis.core import (QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemPicture,
                           QgsLayoutItemScaleBar)

    for layout in project.layoutManager().printLayouts():
        items = layout.items()
        kinds = {kind: [item for item in items if isinstance(item, kind)] for kind in
                 (QgsLayoutItemLegend, QgsLayoutItemPicture, QgsLayoutItemScaleBar, QgsLayoutItemMap, QgsLayoutItemLabel)}
        assert all(kinds.values()), (layout.name(), {k.__name__: len(v) for k, v in kinds.items()})
        main = max(kinds[QgsLayoutItemMap], key=lambda item: item.rect().width() * item.rect().height())
        grids = [main.grids().grid(k) for k in range(main.grids().size())]
        assert any(grid.enabled() and grid.crs().authid() == "EPSG:4490" for grid in grids), layout.name()
        texts = " ".join(label.currentText() for label in kinds[QgsLayoutItemLabel])
        assert "CGCS2000" in texts and "示范县" in texts, layout.name()
    blueprint = layers["规划用途（一张蓝图）"].renderer()
    assert isinstance(blueprint, QgsRuleBasedRenderer)
    assert [rule.label() for rule in blueprint.rootRule().children()] == ["01 耕地", "03 林地", "07 居住用地"]
    assert [category.label() for category in layers["三区"].renderer().categories()] == ["农业空间", "生态空间"]
    assert {path.name for path in (out / "样式").iterdir()} >= {"规划用途（一张蓝图）.qml", "三区.qml"}
    project.clear()
    assert not list(tmp_path.glob(".multiplan-part-*"))


def test_english_a4_names_and_page_size(county, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run({"COUNTY": county["COUNTY"], "BLUEPRINT": county["BLUEPRINT"], "PAPER": 1, "DPI": DPI,
                  "OUTPUT": str(tmp_path / "maps")})
    assert result["MAP_COUNT"] == 1
    pdf = open(tmp_path / "maps" / "landuse.pdf", "rb").read()
    assert re.search(rb"/MediaBox \[\s*0 0 842(\.0+)? 595(\.0+)?\s*\]", pdf)  # A4 landscape in points
    image = QImage(str(tmp_path / "maps" / "landuse.png"))
    assert abs(image.width() - 297 / 25.4 * DPI) <= 1 and abs(image.height() - 210 / 25.4 * DPI) <= 1
    covered, _colours = map_frame_pixels(tmp_path / "maps" / "landuse.png", "A4")
    assert covered > 0.3
    template = (tmp_path / "maps" / "模板" / "landuse.qpt").read_text(encoding="utf-8")
    assert "示范县: Planned land and sea use (one blueprint)" in template


def test_refusals_and_a_cancelled_run_leave_nothing(county, tmp_path):
    with pytest.raises(QgsProcessingException, match="at least one layer|至少"):
        run({"COUNTY": county["COUNTY"], "OUTPUT": str(tmp_path / "a")})
    with pytest.raises(QgsProcessingException, match="YDYH|用地用海"):
        run({"COUNTY": county["COUNTY"], "BLUEPRINT": county["BLUEPRINT"], "BLUEPRINT_CODE_FIELD": "DLBM",
             "OUTPUT": str(tmp_path / "b")})

    class CancelAtFirstMap(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            super().pushInfo(info)
            if info.startswith(("Map 1 of", "第 1 幅")):
                self.cancel()

    with pytest.raises(QgsProcessingException):
        run(dict(county, OUTPUT=str(tmp_path / "c")), feedback=CancelAtFirstMap())
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists() and not (tmp_path / "c").exists()
    assert not list(tmp_path.glob(".multiplan-part-*"))


def test_raster_legends_show_the_grades_without_qgis_band_title(tmp_path):
    """A graded raster's legend in a map lists its grades only: QGIS's own first line
    ("Band 1 (Palette)", English in a Chinese map) is left out."""
    import numpy as np
    from osgeo import gdal, osr
    from qgis.core import QgsLayerTree, QgsLayerTreeModel, QgsRasterLayer, QgsSimpleLegendNode

    from multiplan.core.suitability.weighted import style_grades
    from multiplan.processing.map_layouts import _drop_band_title

    path = tmp_path / "分级.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 3, 2, 1, gdal.GDT_Byte)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.SetGeoTransform((39_500_000, 30, 0, 3_500_000, 0, -30))
    dataset.GetRasterBand(1).WriteArray(np.array([[1, 2, 3], [3, 2, 1]], dtype=np.uint8))
    dataset = None
    style_grades(path, {1: "高", 2: "中等", 3: "低"})
    layer = QgsRasterLayer(str(path), "农业生产适宜性")
    layer.loadNamedStyle(str(path.with_suffix(".qml")))
    root = QgsLayerTree()
    node = root.addLayer(layer)
    model = QgsLayerTreeModel(root)
    assert isinstance(model.layerLegendNodes(node)[0], QgsSimpleLegendNode)  # what QGIS puts first
    _drop_band_title(model, node)
    nodes = model.layerLegendNodes(node)
    assert [n.data(0) for n in nodes] == ["高", "中等", "低"]


def test_maps_from_a_standard_planning_database(tmp_path, monkeypatch):
    """make_maps on the layers of a 国土空间规划数据库 (export_database's structure: XJXZQ, XZJXZQ, SQ
    with SQDM, the three lines, GHYDYH with YDYHFLDM): the zones map and the planning-use map with
    its structure table, whose total is the county's ellipsoidal area."""
    import numpy as np

    from multiplan.core.database.export import Source, export_database
    from multiplan.core.database.schema import load_schema

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")

    def source(geometries, **values):
        return Source("t", np.array(geometries, dtype=object),
                      {key: np.array(value, dtype=object) for key, value in values.items()}, "EPSG:4527")

    county = box(0, 0, 4000, 2000)
    database = tmp_path / "规划数据库.gpkg"
    export_database(database, load_schema(), {
        "COUNTY": source([county], XZQDM=["341122"], XZQMC=["示范县"]),
        "TOWNSHIPS": source([box(0, 0, 2000, 2000), box(2000, 0, 4000, 2000)], XZQDM=["341122001", "341122002"],
                            XZQMC=["西镇", "东镇"]),
        "ECOLOGY": source([box(100, 100, 900, 1900)], HXMC=["水源地"]),
        "FARMLAND": source([box(1200, 200, 3000, 1800)]),
        "URBAN": source([box(3200, 400, 3900, 1600)]),
        "ZONES": source([box(0, 0, 1000, 2000), box(1000, 0, 4000, 2000)], KJLXDM=["3", "2"]),
        "BLUEPRINT": source([box(0, 0, 1000, 2000), box(1000, 0, 4000, 2000)], YDYHDM=["0301", "0101"])})
    layer = f"{database}|layername="
    out = tmp_path / "专题图"
    result = run({"COUNTY": layer + "XJXZQ", "TOWNSHIPS": layer + "XZJXZQ", "ZONES": layer + "SQ", "ZONE_FIELD": "SQDM",
                  "ECOLOGICAL_REDLINE": layer + "STBHHX", "FARMLAND": layer + "YJJBNT", "URBAN_BOUNDARY": layer + "CZKFBJ",
                  "BLUEPRINT": layer + "GHYDYH", "BLUEPRINT_CODE_FIELD": "YDYHFLDM", "DPI": DPI, "OUTPUT": str(out)})
    assert result["MAP_COUNT"] == 2
    for stem in ("三区三线图", "规划用途图"):
        assert pdf_pages(out / f"{stem}.pdf") == 1
        covered, colours = map_frame_pixels(out / f"{stem}.png")
        assert covered > 0.3 and colours >= 4, stem
    root = ElementTree.parse(out / "模板" / "规划用途图.qpt").getroot()
    cells = [option.get("value") for option in root.iter("Option") if option.get("name") == "content"]
    county_ha = polygon_areas([county], "EPSG:4527")[0] / 1e4
    assert cells[cells.index("合计") + 1:cells.index("合计") + 3] == [f"{county_ha:,.2f}", "100.0%"]
    assert any("示范县" in (item.get("labelText") or "") for item in root.iter("LayoutItem"))
