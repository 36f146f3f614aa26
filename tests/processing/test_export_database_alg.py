"""multiplan:export_database, then multiplan:check_database on what it wrote (the round trip of
issue 22) on hand-built layers: features, BSM, codes and ellipsoidal areas where the standard wants
them, no error; GeoPackage and FileGDB; the county in longitude/latitude is written in its zone."""
from pathlib import Path

import pytest
import shapely
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, reproject
from multiplan.core.areas import polygon_areas


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters)


CELLS = [shapely.box(X0 + 500 * i, Y0, X0 + 500 * (i + 1), Y0 + 1000) for i in range(4)]
CODES = ["0101", "0301", "0701", "1701"]


@pytest.fixture
def results(make_layer):
    county = make_layer([shapely.box(X0, Y0, X0 + 2000, Y0 + 1000)], fields={"XZQDM": str, "XZQMC": str},
                        attributes=[{"XZQDM": "341122", "XZQMC": "示范县"}], gpkg_name="县.gpkg", name="XZQ")
    towns = make_layer([shapely.box(X0, Y0, X0 + 1000, Y0 + 1000), shapely.box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000)],
                       fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "341122100", "XZQMC": "甲镇"}, {"XZQDM": "341122101", "XZQMC": "乙乡"}],
                       gpkg_name="乡镇.gpkg", name="XZQ_XZ")
    urban = make_layer([shapely.box(X0 + 1000, Y0 + 200, X0 + 1400, Y0 + 700)], fields={"GNFQ": str, "BJMC": str},
                       attributes=[{"GNFQ": "集中建设区", "BJMC": "城区"}], gpkg_name="开发边界.gpkg", name="CZKFBJ")
    blueprint = make_layer(CELLS, fields={"YDYHDM": str, "DMLY": str},
                           attributes=[{"YDYHDM": code, "DMLY": "城规"} for code in CODES], gpkg_name="一张蓝图.gpkg",
                           name="一张蓝图")
    # sources, not layer objects: a layer a test keeps alive outlives QGIS and crashes the process at exit
    return {"COUNTY": county.source(), "TOWNSHIPS": towns.source(), "URBAN": urban.source(),
            "BLUEPRINT": blueprint.source()}


def features(path, layer):
    return list(QgsVectorLayer(f"{path}|layername={layer}", layer, "ogr").getFeatures())


INDICATORS = """序号,代码,指标,数值,单位,目标值,判定,说明
01,cultivated,耕地保有量,50.0,公顷,45,达标,蓝图中用地用海 01 的面积
02,urban_boundary,城镇开发边界面积,20.0,公顷,,无目标,城镇开发边界图层面积
"""


@pytest.mark.parametrize("suffix", [".gpkg", ".gdb"])
def test_export_then_check_gives_no_error(results, tmp_path, suffix):
    database = tmp_path / f"规划数据库{suffix}"
    indicators = tmp_path / "规划指标.csv"
    indicators.write_text(INDICATORS, encoding="utf-8-sig")
    exported = run("export_database", {**results, "INDICATORS": str(indicators), "OUTPUT": str(database)})
    assert exported["LAYER_COUNT"] == 5 and exported["FEATURE_COUNT"] == 1 + 2 + 1 + 4 + 2
    table = features(database, "GHZB")
    assert [(f["BSM"], f["ZBMC"], f["ZBZ"], f["DW"], f["PDJG"]) for f in table] == [
        (1, "耕地保有量", 50.0, "公顷", "达标"), (2, "城镇开发边界面积", 20.0, "公顷", "无目标")]
    assert table[0]["MBZ"] == 45.0
    assert table[1]["MBZ"] is None or str(table[1]["MBZ"]) == "NULL"  # no target: NULL, not 0
    assert {f["XZQDM"] for f in table} == {"341122"}
    plan = features(database, "GHYDYH")
    assert [f["BSM"] for f in plan] == [1, 2, 3, 4] and [f["YDYHFLDM"] for f in plan] == CODES
    assert [f["YDYHFLMC"] for f in plan][:2] == ["水田", "乔木林地"]
    expected = polygon_areas(CELLS, "EPSG:4527")
    assert [f["TBMJ"] for f in plan] == pytest.approx([round(a, 2) for a in expected], abs=1e-9)
    assert {f["XZQDM"] for f in plan} == {"341122"} and {f["XZQMC"] for f in plan} == {"示范县"}
    urban = features(database, "CZKFBJ")
    assert [(f["GHFQDM"], f["GHFQMC"], f["BZ"]) for f in urban] == [("41", "城镇集中建设区", "城区")]
    checked = run("check_database", {"DATABASE": str(next(database.glob("*.gdbtable")) if suffix == ".gdb"
                                                      else database),
                                     "OUTPUT": str(tmp_path / "问题.gpkg"), "REPORT": str(tmp_path / "质检.xlsx")})
    assert checked["ERROR_COUNT"] == 0
    problems = {(f["RULE"], f["LAYER"]) for f in QgsVectorLayer(checked["OUTPUT"], "p", "ogr").getFeatures()}
    # what this hand-built county lacks: the optional layers are not asked for, GHFQ (mandatory) is
    assert ("MISSING_LAYER", "GHFQ") in problems and not {layer for _, layer in problems} & {"GHZB", "GHYDYH"}
    assert not {rule for rule, _ in problems} - {"MISSING_LAYER"}


def test_a_county_in_longitude_latitude_is_written_in_its_gauss_kruger_zone(make_layer, tmp_path):
    lonlat = [reproject(cell, "EPSG:4527", "EPSG:4490") for cell in CELLS]
    county = make_layer([shapely.union_all(lonlat)], crs="EPSG:4490", fields={"XZQDM": str, "XZQMC": str},
                        attributes=[{"XZQDM": "341122", "XZQMC": "示范县"}], gpkg_name="县.gpkg", name="XZQ")
    database = tmp_path / "规划数据库.gpkg"
    run("export_database", {"COUNTY": county, "OUTPUT": str(database)})
    layer = QgsVectorLayer(f"{database}|layername=XJXZQ", "x", "ogr")
    assert layer.crs().authid() == "EPSG:4527"
    measured = next(layer.getFeatures())["MJ"]
    assert measured == pytest.approx(polygon_areas(lonlat, "EPSG:4490").sum(), abs=0.01)


def test_a_bad_export_table_names_its_line(results, tmp_path):
    table = tmp_path / "映射.csv"
    table.write_text("layer,field,source,value,note\nGHYDYH,BSM,BLUEPRINT,bsm,\nGHYDYH,TBMJ,PLAN,area,\n",
                     encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"映射\.csv.*(第 3 行|line 3)"):
        run("export_database", {**results, "MAPPING": str(table), "OUTPUT": str(tmp_path / "db.gpkg")})
    assert not (tmp_path / "db.gpkg").exists()


def test_exporting_again_replaces_the_whole_database(results, tmp_path):
    """A second export into the same GeoPackage or FileGDB replaces every layer (none is added
    beside the old ones, none is left stale)."""
    for suffix in (".gpkg", ".gdb"):
        database = tmp_path / f"再次导出{suffix}"
        run("export_database", {**results, "OUTPUT": str(database)})
        smaller = {"COUNTY": results["COUNTY"], "BLUEPRINT": results["BLUEPRINT"]}
        again = run("export_database", {**smaller, "OUTPUT": str(database)})
        assert again["LAYER_COUNT"] == 2
        from osgeo import ogr

        source = ogr.Open(str(database))
        names = sorted(source.GetLayer(k).GetName() for k in range(source.GetLayerCount()))
        source = None
        assert names == ["GHYDYH", "XJXZQ"], (suffix, names)


def test_slivers_without_area_are_left_out_and_counted(make_layer, tmp_path):
    """A blueprint piece with no area on the 0.1 mm grid FileGDB stores would become an invalid
    ring there: it is left out of every format alike, and the check of the FileGDB passes."""
    county = make_layer([shapely.box(X0, Y0, X0 + 200, Y0 + 100)], fields={"XZQDM": str, "XZQMC": str},
                        attributes=[{"XZQDM": "341122", "XZQMC": "示范县"}], gpkg_name="县.gpkg", name="XZQ")
    sliver = shapely.Polygon([(X0 + 100, Y0), (X0 + 100.00002, Y0 + 50), (X0 + 100, Y0 + 100)])
    left = shapely.box(X0, Y0, X0 + 100, Y0 + 100)
    right = shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100).difference(sliver)
    blueprint = make_layer([left, sliver, right], fields={"YDYHDM": str},
                           attributes=[{"YDYHDM": c} for c in ("0101", "0101", "0301")], gpkg_name="蓝图.gpkg",
                           name="一张蓝图")
    for suffix in (".gpkg", ".gdb"):
        database = tmp_path / f"库{suffix}"
        exported = run("export_database", {"COUNTY": county, "BLUEPRINT": blueprint, "OUTPUT": str(database)})
        assert exported["LEFT_OUT_COUNT"] == 1 and exported["FEATURE_COUNT"] == 1 + 2
        picked = next(database.glob("*.gdbtable")) if suffix == ".gdb" else database
        checked = run("check_database", {"DATABASE": str(picked), "OUTPUT": "TEMPORARY_OUTPUT",
                                         "REPORT": str(tmp_path / f"质检{suffix}.xlsx")})
        assert checked["ERROR_COUNT"] == 0, suffix


def test_a_provinces_standard_given_by_path_shapes_the_export(results, tmp_path):
    """A province's copy of the standard (SCHEMA): its field lengths and its layers are what the
    export writes — the bundled file is not used."""
    from multiplan.core.database.schema import DEFAULT_SCHEMA

    rows = Path(DEFAULT_SCHEMA).read_text(encoding="utf-8-sig").splitlines()
    edited = [row.replace("XZQMC,行政区名称,Char,100,", "XZQMC,行政区名称,Char,60,") if row.startswith("CZKFBJ,") else row
              for row in rows if not row.startswith("XZJXZQ,")]  # this province delivers no township layer
    province = tmp_path / "省级数据库标准.csv"
    province.write_text("\n".join(edited) + "\n", encoding="utf-8-sig")
    mapping = Path(DEFAULT_SCHEMA).with_name("导出映射.csv").read_text(encoding="utf-8-sig").splitlines()
    province_mapping = tmp_path / "省级导出映射.csv"  # its export table, without the township layer too
    province_mapping.write_text("\n".join(row for row in mapping if not row.startswith("XZJXZQ,")) + "\n",
                                encoding="utf-8-sig")
    database = tmp_path / "规划数据库.gpkg"
    run("export_database", {**results, "SCHEMA": str(province), "MAPPING": str(province_mapping),
                            "OUTPUT": str(database)})
    names, width = layers_and_width(database)
    assert "CZKFBJ" in names and "XZJXZQ" not in names and width == 60
    bundled = tmp_path / "默认.gpkg"
    run("export_database", {**results, "OUTPUT": str(bundled)})
    names, width = layers_and_width(bundled)
    assert "XZJXZQ" in names and width == 100


def layers_and_width(path):
    """The layer names of a database and the width of CZKFBJ's XZQMC (OGR objects released in order)."""
    source = ogr.Open(str(path))
    names = {source.GetLayer(k).GetName() for k in range(source.GetLayerCount())}
    definition = source.GetLayerByName("CZKFBJ").GetLayerDefn()
    width = definition.GetFieldDefn(definition.GetFieldIndex("XZQMC")).GetWidth()
    definition = source = None  # noqa: F841 (the definition before its dataset)
    return names, width
