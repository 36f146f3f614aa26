"""core.encoding (GBK shapefiles without .cpg) and core.crs (CGCS2000 zones)."""
import pyproj
import pytest

from multiplan.core.crs import (GEOGRAPHIC, GK3, GK6, OTHER_GEOGRAPHIC, OTHER_PROJECTED, choose_working_crs,
                                describe_crs, gauss_kruger_6deg_epsg, gk3_zone_for_longitude,
                                guess_crs_from_extent)
from factories import write_shapefile
from multiplan.core.encoding import detect_dbf_encoding


def test_gbk_shapefile_without_cpg_is_detected_from_its_bytes(tmp_path):
    path = write_shapefile(tmp_path, "CP936", ["水田", "乔木林地", "城镇住宅用地"], keep_cpg=False)
    assert not path.with_suffix(".cpg").exists()
    guess = detect_dbf_encoding(path)
    assert (guess.encoding, guess.source, guess.qgis_name) == ("gbk", "content", "GBK")
    raw = path.with_suffix(".dbf").read_bytes()
    assert "乔木林地".encode("gbk") in raw  # the file really is GBK


def test_utf8_shapefile_without_cpg_is_detected_as_utf8(tmp_path):
    path = write_shapefile(tmp_path, "UTF-8", ["水田", "旱地"], keep_cpg=False)
    assert detect_dbf_encoding(path).encoding == "utf-8"


def test_cpg_file_wins(tmp_path):
    path = write_shapefile(tmp_path, "CP936", ["水田"], keep_cpg=True)
    guess = detect_dbf_encoding(path)
    assert (guess.encoding, guess.source) == ("gbk", "cpg")


def test_ldid_936_is_gbk(tmp_path):
    path = write_shapefile(tmp_path, "CP936", ["水田"], keep_cpg=False)
    with open(path.with_suffix(".dbf"), "r+b") as handle:
        handle.seek(29)
        handle.write(b"\x4d")
    assert (detect_dbf_encoding(path).encoding, detect_dbf_encoding(path).source) == ("gbk", "ldid")


@pytest.mark.parametrize("epsg,kind,zone,cm,prefix", [
    (4527, GK3, 39, 117, True), (4513, GK3, 25, 75, True), (4533, GK3, 45, 135, True),
    (4548, GK3, 39, 117, False), (4534, GK3, 25, 75, False), (4554, GK3, 45, 135, False),
    (4491, GK6, 13, 75, True), (4499, GK6, 21, 123, True), (4501, GK6, 23, 135, True),
    (4502, GK6, 13, 75, False), (4510, GK6, 21, 123, False),
])
def test_cgcs2000_gauss_kruger_zones_are_recognised(epsg, kind, zone, cm, prefix):
    info = describe_crs(epsg)
    assert (info.kind, info.zone, info.central_meridian, info.zone_prefix) == (kind, zone, cm, prefix)
    # Cross-check against the EPSG database's own central meridian and false easting.
    params = {p.name: p.value for p in pyproj.CRS.from_epsg(epsg).coordinate_operation.params}
    assert params["Longitude of natural origin"] == cm
    assert params["False easting"] == (zone * 1e6 + 5e5 if prefix else 5e5)


def test_zone_epsg_helpers_round_trip():
    assert gauss_kruger_6deg_epsg(21) == 4499 and gauss_kruger_6deg_epsg(21, False) == 4510
    assert describe_crs(4527).describe().startswith("CGCS2000 / 3-degree Gauss-Kruger zone 39")


def test_crs_from_wkt_without_authority_is_still_recognised():
    wkt = pyproj.CRS.from_epsg(4527).to_wkt()
    assert describe_crs(wkt).zone == 39


def test_other_crs_kinds():
    assert describe_crs("EPSG:4490").kind == GEOGRAPHIC
    assert describe_crs(4326).kind == OTHER_GEOGRAPHIC
    assert describe_crs(3857).kind == OTHER_PROJECTED
    assert not describe_crs(32650).is_cgcs2000


def test_guess_crs_from_extent():
    assert guess_crs_from_extent(39_488_000, 3_490_000, 39_512_000, 3_510_000) == 4527
    assert guess_crs_from_extent(21_400_000, 4_000_000, 21_600_000, 4_100_000) == 4499
    assert guess_crs_from_extent(116.8, 31.5, 117.2, 31.7) == 4490
    assert guess_crs_from_extent(480_000, 3_490_000, 520_000, 3_510_000) is None  # zone unknown


def test_gk3_zone_for_longitude():
    assert gk3_zone_for_longitude(117.0) == 39 and gk3_zone_for_longitude(118.49) == 39
    assert gk3_zone_for_longitude(118.51) == 40


def test_choose_working_crs():
    crs, why = choose_working_crs([4527, "EPSG:4527"])
    assert crs.to_epsg() == 4527 and "share" in why
    crs, why = choose_working_crs([4490, 4527, 4527, 4526])
    assert crs.to_epsg() == 4527 and "most inputs" in why
    with pytest.raises(ValueError, match="input 2 has no CRS"):
        choose_working_crs([4527, None])
