"""core.crs: CGCS2000 zones, CRS kinds and checks that coordinates fit their CRS."""
import numpy as np
import pyproj
import pytest

from multiplan.core.crs import (GEOGRAPHIC, GK3, GK6, OTHER_GEOGRAPHIC, OTHER_PROJECTED, choose_working_crs,
                                describe_crs, gauss_kruger_6deg_epsg, gk3_zone_for_longitude, guess_crs_from_extent)


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


# -- issue 16 §3: undefined CRSs, zones that do not exist, coordinates outside the CRS, distortion ----

UNDEFINED_GEOGRAPHIC = ('GEOGCS["Undefined geographic SRS",DATUM["unknown",SPHEROID["unknown",6378137,298.257223563]],'
                        'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')
UNDEFINED_CARTESIAN = 'LOCAL_CS["Undefined Cartesian SRS",UNIT["Meter",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]'
#: A district's own Transverse Mercator on the CGCS2000 datum (ESRI spelling), CM 96.5°E: no EPSG code.
CUSTOM_TM = ('PROJCS["CGCS2000_custom_TM",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",'
             'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
             'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
             'PARAMETER["Central_Meridian",96.5],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],'
             'UNIT["Meter",1.0]]')


def test_undefined_srs_of_geopackages_is_recognised():
    from multiplan.core.crs import is_undefined_crs

    assert is_undefined_crs(UNDEFINED_GEOGRAPHIC) and is_undefined_crs(UNDEFINED_CARTESIAN)
    assert is_undefined_crs('LOCAL_CS["site grid",UNIT["Meter",1]]')  # engineering CRS: no place on Earth
    assert not is_undefined_crs(4527) and not is_undefined_crs(4490) and not is_undefined_crs(CUSTOM_TM)


@pytest.mark.parametrize("zone,width", [(39, 6), (24, 3), (46, 3), (12, 6), (24, 6)])
def test_zone_lookups_are_range_checked(zone, width):
    from multiplan.core.crs import ZoneError, zone_epsg

    with pytest.raises(ZoneError) as error:
        zone_epsg(zone, width)
    assert (error.value.zone, error.value.width) == (zone, width)
    assert zone_epsg(39, 3) == 4527 and zone_epsg(20, 6) == 4498 and zone_epsg(39, 3, False) == 4548


@pytest.mark.parametrize("epsg,bounds,look", [
    (4527, (500_000, 3_500_000, 500_100, 3_500_100), "gk_without_zone"),  # declared zone 39, no prefix
    (4548, (39_500_000, 3_500_000, 39_500_100, 3_500_100), "gk_zone"),  # prefixed data in a no-prefix CRS
    (4527, (1e12, 1e12, 1e12 + 100, 1e12 + 100), "unknown"),  # garbage
    (4548, (0, 0, 1000, 1000), "unknown"),  # local site coordinates: would be on the equator
    (4490, (39_500_000, 3_500_000, 39_500_100, 3_500_100), "gk_zone"),  # projected numbers as degrees
])
def test_coordinates_that_cannot_lie_in_the_crs_are_refused_with_what_they_look_like(epsg, bounds, look):
    from multiplan.core.crs import CoordinatesOutsideCrsError, check_coordinates_in_crs

    with pytest.raises(CoordinatesOutsideCrsError) as error:
        check_coordinates_in_crs(epsg, bounds)
    assert error.value.crs_info.epsg == epsg and error.value.bounds == bounds and error.value.look.kind == look


def test_coordinates_that_fit_their_crs_pass():
    from multiplan.core.crs import check_coordinates_in_crs

    check_coordinates_in_crs(4527, (39_380_000, 3_400_000, 39_620_000, 3_600_000))
    check_coordinates_in_crs(4548, (380_000, 3_400_000, 620_000, 3_600_000))
    check_coordinates_in_crs(4490, (116.5, 31.5, 117.5, 32.0))
    check_coordinates_in_crs(32650, (400_000, 3_400_000, 600_000, 3_600_000))  # WGS 84 / UTM 50N
    check_coordinates_in_crs(CUSTOM_TM, (-700_000, 2_400_000, -690_000, 2_410_000))  # 12° off its CM: valid
    check_coordinates_in_crs(4527, (float("nan"),) * 4)  # an empty layer is not checked


def test_coordinates_look():
    from multiplan.core.crs import coordinates_look

    assert coordinates_look(39_488_000, 3_490_000, 39_512_000, 3_510_000).epsg == 4527
    assert coordinates_look(116.8, 31.5, 117.2, 31.7).kind == "lonlat"
    assert coordinates_look(480_000, 3_490_000, 520_000, 3_510_000).kind == "gk_without_zone"
    assert coordinates_look(46_500_000, 3_490_000, 46_600_000, 3_510_000).kind == "unknown"  # no zone 46
    assert guess_crs_from_extent(480_000, 3_490_000, 520_000, 3_510_000) is None


def test_custom_transverse_mercator_on_cgcs2000_is_named_cgcs2000():
    from multiplan.core.crs import CGCS2000_PROJECTED

    for crs in (CUSTOM_TM, pyproj.CRS.from_user_input(CUSTOM_TM).to_wkt()):
        info = describe_crs(crs)
        assert info.kind == CGCS2000_PROJECTED and info.is_cgcs2000 and info.central_meridian == 96.5
        assert info.describe().startswith("CGCS2000 / custom Transverse Mercator, CM 96.5°E")
    assert describe_crs(4527).kind == GK3  # EPSG zones keep their own kind


def test_distortion_far_from_the_central_meridian_matches_the_geodesic_area():
    """At 108.5°E, 22.4°N (12° from CM 96.5°E) planimetric areas are about 3.86 % too large:
    checked against GeographicLib's area of the same square, not against core."""
    from multiplan.core.crs import DISTORTION_WARNING, projection_distortion

    to_custom = pyproj.Transformer.from_crs(4490, CUSTOM_TM, always_xy=True)
    x, y = to_custom.transform(108.5, 22.4)
    square = [(x, y), (x + 1000, y), (x + 1000, y + 1000), (x, y + 1000)]
    lon, lat = pyproj.Transformer.from_crs(CUSTOM_TM, 4490, always_xy=True).transform(*zip(*square))
    geodesic, _ = pyproj.Geod(ellps="GRS80").polygon_area_perimeter(lon, lat)
    planimetric_share = 1e6 / abs(geodesic) - 1
    distortion = projection_distortion(CUSTOM_TM, (x, y, x + 1000, y + 1000))
    assert distortion.area_share == pytest.approx(planimetric_share, abs=2e-4)
    assert 0.0380 < distortion.area_share < 0.0392 and distortion.significant
    assert distortion.offset == pytest.approx(12.0, abs=0.01) and distortion.central_meridian == 96.5
    # Analytic Transverse Mercator scale k ≈ 1 + (Δλ cos φ)²/2 + (Δλ cos φ)⁴/24 (spherical terms).
    import math
    t = math.radians(12.0) * math.cos(math.radians(22.4))
    assert distortion.scale == pytest.approx(1 + t * t / 2 + t ** 4 / 24, abs=5e-4)
    assert describe_crs(distortion.suggested_zone_epsg).zone == 36  # 108°E
    # Inside a 3-degree zone the distortion stays below the warning threshold, even at its edge.
    edge = projection_distortion(4527, (39_600_000, 0, 39_650_000, 100))  # ~1.5° from CM near the equator
    assert 0.0 < edge.area_share < DISTORTION_WARNING and not edge.significant
    assert projection_distortion(4490, (116, 31, 117, 32)) is None


def test_one_point_is_transformed_like_many_and_without_deprecation():
    """pyproj 3.7 under numpy 2 (Debian 13) warned for every array of one coordinate."""
    import warnings

    import pyproj

    from multiplan.core.crs import transform_arrays

    transformer = pyproj.Transformer.from_crs("EPSG:4527", "EPSG:4490", always_xy=True)
    xs, ys = np.array([39_500_000.0, 39_510_000.0]), np.array([3_500_000.0, 3_510_000.0])
    many = transform_arrays(transformer, xs, ys)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one = transform_arrays(transformer, xs[:1], ys[:1])
    assert one[0].shape == (1,) and one[0][0] == many[0][0] and one[1][0] == many[1][0]
    assert many[0][0] == pytest.approx(117.0)


def test_a_crs_is_parsed_once_and_a_transformer_made_once_per_pair():
    """Block-by-block raster areas ask for the same CRS and transformer per window (issue 21)."""
    from multiplan.core.crs import as_pyproj_crs, reproject_geometries, transformer_between
    import shapely

    wkt = pyproj.CRS.from_epsg(4527).to_wkt()
    first, second = as_pyproj_crs(wkt), as_pyproj_crs(wkt)
    assert first is second and first == pyproj.CRS.from_epsg(4527)
    geographic = as_pyproj_crs(4490)
    assert transformer_between(first, geographic) is transformer_between(first, geographic)
    assert transformer_between(geographic, first) is not transformer_between(first, geographic)
    # a cached transformer still transforms what a fresh one does
    point = np.array([shapely.Point(39_500_000.0, 3_500_000.0)])
    lon, lat = pyproj.Transformer.from_crs(4527, 4490, always_xy=True).transform(39_500_000.0, 3_500_000.0)
    moved = reproject_geometries(point, wkt, 4490)[0]
    assert (moved.x, moved.y) == pytest.approx((lon, lat), abs=1e-12)
