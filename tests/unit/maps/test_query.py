"""一张图查询 on hand-built layers: a point finds the features containing it, a polygon the ones it
meets with the exact ellipsoidal area and share, a raster its value or majority."""
import numpy as np
import pandas as pd
import pytest
import shapely
from osgeo import gdal, osr

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas
from multiplan.core.maps import query as qy

CRS = "EPSG:4527"


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def m2(geometry):
    return float(polygon_areas([geometry], CRS)[0])


PLAN = qy.QueryLayer("城规", np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)], dtype=object),
                     pd.DataFrame({"YDDM": ["R2", "G1"]}), ["1", "2"])
RED = qy.QueryLayer("生态保护红线", np.array([box(150, 0, 300, 100)], dtype=object),
                    pd.DataFrame({"HXMC": ["清水河"]}), ["HX001"])


def test_a_point_and_a_polygon():
    point, project = shapely.Point(X0 + 50, Y0 + 50), box(80, 0, 180, 100)
    rows = qy.query(np.array([point, project], dtype=object), ["P", "XM1"], [PLAN, RED], CRS)
    at_point = rows[rows["location"] == "P"]
    assert at_point[["layer", "feature", "attributes"]].values.tolist() == [["城规", "1", "YDDM=R2"]]
    met = rows[rows["location"] == "XM1"].set_index(["layer", "feature"])
    assert met.loc[("城规", "1"), "area_m2"] == pytest.approx(m2(box(80, 0, 100, 100)), abs=1e-3)
    assert met.loc[("城规", "2"), "area_m2"] == pytest.approx(m2(box(100, 0, 180, 100)), abs=1e-3)
    assert met.loc[("生态保护红线", "HX001"), "share"] == pytest.approx(0.3, abs=1e-6)
    assert list(rows["location"]) == ["P", "XM1", "XM1", "XM1"]


def test_touching_is_not_meeting():
    rows = qy.query(np.array([box(300, 0, 310, 10)], dtype=object), ["X"], [RED], CRS)
    assert rows.empty


def test_rasters(tmp_path):
    path = tmp_path / "等级.tif"
    raster = gdal.GetDriverByName("GTiff").Create(str(path), 20, 10, 1, gdal.GDT_Byte)
    raster.SetGeoTransform((X0, 10.0, 0, Y0 + 100, 0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    raster.SetProjection(srs.ExportToWkt())
    values = np.ones((10, 20), dtype=np.uint8)
    values[:, 10:] = 3  # east half grade 3
    raster.GetRasterBand(1).WriteArray(values)
    raster = None
    locations = np.array([shapely.Point(X0 + 150, Y0 + 50), box(60, 0, 160, 100)], dtype=object)
    rows = qy.query(locations, ["P", "Q"], [], CRS, [qy.QueryRaster("城镇建设适宜性", str(path))])
    assert rows.loc[0, "attributes"].zh == "值=3"
    assert rows.loc[1, "share"] == pytest.approx(0.6) and "众数=3" in rows.loc[1, "attributes"].zh
