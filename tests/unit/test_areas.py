"""core.areas / core.units / core.crs: hand-built parcels with exactly known areas."""
import numpy as np
import pyproj
import pytest
import shapely
import shapely.affinity

from factories import bowtie, reproject, square, square_with_hole
from multiplan.core.areas import ELLIPSOIDAL, PLANIMETRIC, measure_polygons, polygon_areas
from multiplan.core.crs import gauss_kruger_3deg_epsg
from multiplan.core.units import SQUARE_METRES_PER_MU, to_hectares, to_mu


def test_one_hectare_is_fifteen_mu():
    assert to_hectares(10_000.0) == 1.0
    assert to_mu(10_000.0) == pytest.approx(15.0, abs=1e-12)
    assert SQUARE_METRES_PER_MU == pytest.approx(666.6666667)


def test_planimetric_area_of_hand_built_parcels_is_exact():
    areas = polygon_areas([square(100), square_with_hole(100, 40), square(250)], 4527, PLANIMETRIC)
    assert areas.tolist() == [10_000.0, 8_400.0, 62_500.0]


def test_ellipsoidal_area_at_central_meridian_matches_plane_area():
    # On the central meridian the Gauss-Kruger scale factor is 1, so both areas agree closely.
    area = polygon_areas([square(100)], 4527, ELLIPSOIDAL)[0]
    assert area == pytest.approx(10_000.0, rel=1e-6)


def test_parcel_in_two_adjacent_zones_has_one_ellipsoidal_area():
    # 100 km west of zone 39's central meridian; the same ground expressed in zone 38.
    parcel_zone39 = square(100, x0=39_400_000)
    parcel_zone38 = reproject(parcel_zone39, 4527, 4526)
    ellipsoidal_39 = polygon_areas([parcel_zone39], 4527)[0]
    ellipsoidal_38 = polygon_areas([parcel_zone38], 4526)[0]
    assert ellipsoidal_38 == pytest.approx(ellipsoidal_39, rel=1e-4)  # within 0.01 %
    planimetric_38 = polygon_areas([parcel_zone38], 4526, PLANIMETRIC)[0]
    assert abs(planimetric_38 - ellipsoidal_38) > 5.0  # the projection distortion is real


def test_geographic_input_gives_the_same_ellipsoidal_area():
    parcel = square_with_hole(300, 100, x0=39_480_000)
    lonlat = reproject(parcel, 4527, 4490)
    assert polygon_areas([lonlat], "EPSG:4490")[0] == pytest.approx(polygon_areas([parcel], 4527)[0], rel=1e-9)


def test_planimetric_area_refuses_geographic_crs():
    with pytest.raises(ValueError, match="projected"):
        polygon_areas([square(1)], 4490, PLANIMETRIC)


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="unknown area method"):
        polygon_areas([square(1)], 4527, "cartesian")


def test_measure_polygons_repairs_invalid_and_counts_missing():
    result = measure_polygons([square(100), bowtie(100), None, shapely.Polygon()], 4527, PLANIMETRIC)
    assert result.repaired == 1
    assert result.missing == 2
    assert result.square_metres[:2].tolist() == [10_000.0, 5_000.0]
    assert np.isnan(result.square_metres[2:]).all()
    assert result.total == 15_000.0


def test_measure_polygons_reports_progress_per_chunk():
    seen = []
    measure_polygons([square(10)] * 5, 4527, PLANIMETRIC, progress=seen.append, chunk_size=2)
    assert seen == pytest.approx([1 / 3, 2 / 3, 1.0])


@pytest.mark.parametrize("zone,prefixed,expected", [(39, True, 4527), (39, False, 4548), (25, True, 4513), (45, False, 4554)])
def test_gauss_kruger_zone_epsg(zone, prefixed, expected):
    assert gauss_kruger_3deg_epsg(zone, prefixed) == expected
    assert pyproj.CRS.from_epsg(expected).name.startswith("CGCS2000 / 3-degree Gauss-Kruger")


def test_gauss_kruger_zone_out_of_range():
    with pytest.raises(ValueError):
        gauss_kruger_3deg_epsg(46)


def test_equal_area_method_agrees_with_geodesic_polygon_areas():
    # Parcels from 10 m to 20 km across, far from the data's centre too. The methods differ only
    # in how an edge between two vertices is drawn on the ellipsoid, so with edges cut into 50 m
    # pieces (which both then follow the Gauss-Kruger straight line) they must agree closely, and
    # the 4 long edges of the 20 km square stay within 1e-6 of that reference.
    from multiplan.core.areas import geodesic_areas

    parcels = np.array([shapely.affinity.translate(square(size), dx, dy) for size, dx, dy in
                        [(10, 0, 0), (250, 5_000, -3_000), (3_000, -40_000, 20_000), (20_000, 60_000, 80_000)]]
                       + [square_with_hole(800, 300)])
    dense = shapely.segmentize(parcels, 50.0)
    reference = geodesic_areas(dense, 4527)
    assert polygon_areas(dense, 4527) == pytest.approx(reference, rel=1e-9)
    assert polygon_areas(parcels, 4527) == pytest.approx(reference, rel=1e-6)
    assert polygon_areas(parcels[:3], 4527) == pytest.approx(reference[:3], rel=1e-7)


def test_missing_geometries_measure_nan_without_disturbing_others():
    areas = polygon_areas([None, square(100)], 4527)
    assert np.isnan(areas[0])
    assert areas[1] == pytest.approx(polygon_areas([square(100)], 4527)[0], rel=1e-12)


def test_coordinates_outside_the_crs_raise_instead_of_giving_inf_or_nan():
    """Issue 16 §3: eastings without the zone number declared as EPSG:4527 used to end in a
    ``CRSError lat_0=inf`` (or NaN areas); now a structured error with the CRS, range and look."""
    from multiplan.core.crs import CoordinatesOutsideCrsError, reproject_geometries

    without_prefix = square(100, x0=500_000)
    with pytest.raises(CoordinatesOutsideCrsError) as error:
        polygon_areas([without_prefix], 4527)
    assert error.value.crs_info.epsg == 4527 and error.value.look.kind == "gk_without_zone"
    assert error.value.bounds == (500_000.0, 3_500_000.0, 500_100.0, 3_500_100.0)
    with pytest.raises(CoordinatesOutsideCrsError):
        measure_polygons([square(100), without_prefix], 4527)
    with pytest.raises(CoordinatesOutsideCrsError):
        reproject_geometries(np.array([without_prefix]), 4527, 4490)


def test_empty_geometries_measure_zero_without_projecting():
    areas = polygon_areas([shapely.Polygon(), None], 4527)
    assert areas[0] == 0.0 and np.isnan(areas[1])


@pytest.mark.parametrize("easting", [39_500_000, 39_620_000, 39_330_000])  # on the meridian, 120 km east, 170 km west
def test_many_small_parcels_by_the_local_area_scale_agree_with_geodesic_and_reprojected_areas(easting):
    """From SCALE_MIN geometries on, small polygons in a projected CRS are measured as planar
    area × the projection's area scale at their centroid; larger ones, in the same call, are still
    reprojected. Both agree with reprojecting every polygon and with GeographicLib's geodesic
    areas to 2e-8 (2 mm² per 10 ha; 170 km off the meridian a straight edge in the projection
    and one between the reprojected vertices enclose areas 1.5e-8 apart), or to the rounding of
    a parcel of a few m². A polygon of no area measures 0."""
    from multiplan.core import areas as module
    from multiplan.core.areas import SCALE_MIN, _local_scale_areas, geodesic_areas

    rng = np.random.default_rng(easting)
    count = SCALE_MIN + 500
    x = easting + rng.uniform(-30_000, 30_000, count)
    y = 3_400_000 + rng.uniform(-30_000, 30_000, count)
    size = rng.uniform(5, 300, count)
    parcels = [shapely.Polygon([(a, b), (a + s, b + 0.3 * s), (a + 0.8 * s, b + s), (a - 0.1 * s, b + 0.6 * s)])
               for a, b, s in zip(x, y, size)]
    parcels[7] = shapely.box(easting - 20_000, 3_390_000, easting + 20_000, 3_420_000)  # 40 × 30 km
    parcels[8] = shapely.Polygon([(easting, 3_400_000), (easting + 10, 3_400_000), (easting + 20, 3_400_000)])
    parcels[9] = square_with_hole(200, 50, x0=easting + 1_000, y0=3_401_000)
    parcels = np.array(parcels, dtype=object)

    areas = polygon_areas(parcels, 4527)
    shortcut = _local_scale_areas(parcels, 4527, module._equal_area_crs(parcels, 4527), shapely.bounds(parcels))
    assert np.isnan(shortcut[7]) and np.isfinite(np.delete(shortcut, 7)).all()  # the big one is reprojected
    assert areas[8] == 0.0

    sample = np.r_[9, np.arange(10, 400)]
    reprojected = np.array([polygon_areas([parcel], 4527)[0] for parcel in parcels[[7, *sample]]])  # one at a time
    assert areas[[7, *sample]] == pytest.approx(reprojected, rel=2e-8, abs=1e-5)
    # GeographicLib's own rounding on parcels of a few m² is about 1e-5 m²
    assert areas[sample] == pytest.approx(geodesic_areas(parcels[sample], 4527), rel=2e-8, abs=1e-4)
    if easting != 39_500_000:  # the scale is applied: 120 km or more off the meridian it is 1e-4 off 1
        assert np.abs(areas[sample] / shapely.area(parcels[sample]) - 1).min() > 1e-4


def test_many_parcels_in_a_geographic_crs_are_reprojected_vertex_by_vertex():
    """A straight edge in longitude/latitude bows away from the geodesic: the shortcut is not
    used there (it would be off by 1e-5 on long thin pieces)."""
    from multiplan.core import areas as module
    from multiplan.core.areas import SCALE_MIN, _local_scale_areas

    projected = np.array([square(50, x0=39_500_000 + 60 * i) for i in range(SCALE_MIN)], dtype=object)
    parcels = np.array([reproject(parcel, 4527, 4490) for parcel in projected], dtype=object)
    shortcut = _local_scale_areas(parcels, "EPSG:4490", module._equal_area_crs(parcels, "EPSG:4490"),
                                  shapely.bounds(parcels))
    assert np.isnan(shortcut).all()
    assert polygon_areas(parcels, "EPSG:4490") == pytest.approx(polygon_areas(projected, 4527), rel=1e-8)


def test_many_parcels_outside_the_crs_still_raise():
    from multiplan.core.areas import SCALE_MIN
    from multiplan.core.crs import CoordinatesOutsideCrsError

    parcels = [square(10, x0=39_500_000 + 20 * i) for i in range(SCALE_MIN)]
    parcels[5] = square(10, x0=9e12)
    with pytest.raises(CoordinatesOutsideCrsError):
        polygon_areas(parcels, 4527)
