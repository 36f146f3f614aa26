"""A hand-built planning database for the 数据库质检 tests: a small schema, a clean county database
(county, land-use plan, urban development boundary) in EPSG:4527, and one planted defect per rule."""
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, write_database
from multiplan.core.areas import polygon_areas

SCHEMA = """layer,layer_alias,geometry,ysdm,layer_required,layer_rules,field,field_alias,type,length,precision,required,domain,area_unit,verified,source
XZQ,县级行政区,Polygon,1000600200,M,county;no_overlap,BSM,标识码,Int,10,,M,,,yes,test
XZQ,县级行政区,Polygon,1000600200,M,county;no_overlap,YSDM,要素代码,Char,10,,M,,,yes,test
XZQ,县级行政区,Polygon,1000600200,M,county;no_overlap,XZQDM,行政区代码,Char,12,,M,table:xzqdm,,yes,test
XZQ,县级行政区,Polygon,1000600200,M,county;no_overlap,XZQMC,行政区名称,Char,100,,M,,,yes,test
GHYT,规划用途,Polygon,2090010100,M,no_overlap;cover_county,BSM,标识码,Int,10,,M,,,yes,test
GHYT,规划用途,Polygon,2090010100,M,no_overlap;cover_county,YSDM,要素代码,Char,10,,M,,,yes,test
GHYT,规划用途,Polygon,2090010100,M,no_overlap;cover_county,YDYHDM,用地用海代码,Char,10,,M,table:ydyh,,yes,test
GHYT,规划用途,Polygon,2090010100,M,no_overlap;cover_county,MJ,面积,Double,15,2,M,,m2,yes,test
CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,BSM,标识码,Int,10,,M,,,yes,test
CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,YSDM,要素代码,Char,10,,M,,,yes,test
CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,BJLX,边界类型,Char,2,,M,codes:1=城镇集中建设区|2=城镇弹性发展区|3=特别用途区,,yes,test
CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,MJ,面积,Double,15,4,O,,ha,yes,test
"""
FIELDS = {"XZQ": [("BSM", "Int", 10, 0), ("YSDM", "Char", 10, 0), ("XZQDM", "Char", 12, 0), ("XZQMC", "Char", 100, 0)],
          "GHYT": [("BSM", "Int", 10, 0), ("YSDM", "Char", 10, 0), ("YDYHDM", "Char", 10, 0), ("MJ", "Double", 15, 2)],
          "CZKFBJ": [("BSM", "Int", 10, 0), ("YSDM", "Char", 10, 0), ("BJLX", "Char", 2, 0), ("MJ", "Double", 15, 4)]}
YSDM = {"XZQ": "1000600200", "GHYT": "2090010100", "CZKFBJ": "2090030100"}
CODES = ["0101", "0301", "0701", "1701", "0101", "0301", "0701", "1701"]


def cells():
    """The county (2 km × 1 km) cut into 8 squares of 500 m: the land-use plan."""
    return [shapely.box(X0 + 500 * i, Y0 + 500 * j, X0 + 500 * (i + 1), Y0 + 500 * (j + 1))
            for j in range(2) for i in range(4)]


def clean_layers():
    county = shapely.box(X0, Y0, X0 + 2000, Y0 + 1000)
    plan = cells()
    plan_m2 = polygon_areas(plan, "EPSG:4527")
    towns = [shapely.box(X0 + 100, Y0 + 100, X0 + 400, Y0 + 400), shapely.box(X0 + 1100, Y0 + 100, X0 + 1400, Y0 + 300)]
    towns_ha = polygon_areas(towns, "EPSG:4527") / 10_000
    return {
        "XZQ": [(county, {"BSM": 1, "YSDM": YSDM["XZQ"], "XZQDM": "341122", "XZQMC": "示范县"})],
        "GHYT": [(g, {"BSM": k + 1, "YSDM": YSDM["GHYT"], "YDYHDM": CODES[k], "MJ": round(float(a), 2)})
                 for k, (g, a) in enumerate(zip(plan, plan_m2))],
        "CZKFBJ": [(g, {"BSM": k + 1, "YSDM": YSDM["CZKFBJ"], "BJLX": "1", "MJ": round(float(a), 4)})
                   for k, (g, a) in enumerate(zip(towns, towns_ha))],
    }


def build(tmp_path, kind, rows=None, fields=None, epsg=None):
    rows = rows or clean_layers()
    fields = fields or FIELDS
    epsg = epsg or {}
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / {"gpkg": "规划数据库.gpkg", "gdb": "规划数据库.gdb", "shapefiles": "规划数据库"}[kind]
    return write_database(path, kind, [{"name": name, "epsg": epsg.get(name, 4527), "fields": fields[name],
                                        "rows": rows[name]} for name in ("XZQ", "GHYT", "CZKFBJ")])


def planted(kind_of_defect):
    """(rows, fields, epsg) with one defect planted, and the (rule, layer, field) it must give."""
    rows, fields, epsg = clean_layers(), {name: list(spec) for name, spec in FIELDS.items()}, {}
    if kind_of_defect == "dropped mandatory field":
        fields["XZQ"] = [spec for spec in fields["XZQ"] if spec[0] != "XZQMC"]
        rows["XZQ"] = [(g, {k: v for k, v in values.items() if k != "XZQMC"}) for g, values in rows["XZQ"]]
        return rows, fields, epsg, ("MISSING_FIELD", "XZQ", "XZQMC")
    if kind_of_defect == "value outside the domain":
        rows["CZKFBJ"][1][1]["BJLX"] = "9"
        return rows, fields, epsg, ("DOMAIN", "CZKFBJ", "BJLX")
    if kind_of_defect == "wrong YSDM":
        rows["GHYT"][3][1]["YSDM"] = "2090020100"
        return rows, fields, epsg, ("YSDM", "GHYT", "YSDM")
    if kind_of_defect == "duplicate BSM":
        rows["GHYT"][5][1]["BSM"] = 2
        return rows, fields, epsg, ("DUPLICATE_BSM", "GHYT", "BSM")
    if kind_of_defect == "wrong zone":
        epsg["CZKFBJ"] = 4528  # zone 40, the coordinates are in zone 39
        return rows, fields, epsg, ("CRS", "CZKFBJ", None)
    if kind_of_defect == "overlap":
        geometry, values = rows["CZKFBJ"][1]
        moved = shapely.box(X0 + 300, Y0 + 100, X0 + 600, Y0 + 300)  # reaches into the first town
        values["MJ"] = round(float(polygon_areas([moved], "EPSG:4527")[0]) / 10_000, 4)
        rows["CZKFBJ"][1] = (moved, values)
        return rows, fields, epsg, ("OVERLAP", "CZKFBJ", None)
    if kind_of_defect == "gap":
        geometry, values = rows["GHYT"][6]
        smaller = shapely.box(X0 + 1000, Y0 + 500, X0 + 1500, Y0 + 900)  # 100 m strip left uncovered
        values["MJ"] = round(float(polygon_areas([smaller], "EPSG:4527")[0]), 2)
        rows["GHYT"][6] = (smaller, values)
        return rows, fields, epsg, ("GAP", "GHYT", None)
    if kind_of_defect == "declared area off by 1 %":
        rows["GHYT"][2][1]["MJ"] = round(rows["GHYT"][2][1]["MJ"] * 1.01, 2)
        return rows, fields, epsg, ("AREA", "GHYT", "MJ")
    raise AssertionError(kind_of_defect)


DEFECTS = ("dropped mandatory field", "value outside the domain", "wrong YSDM", "duplicate BSM", "wrong zone",
           "overlap", "gap", "declared area off by 1 %")
