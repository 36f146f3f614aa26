"""Areas of polygons as planning figures need them.

One entry point, :func:`polygon_areas`, used by every algorithm:

* ``ellipsoidal`` (default, 三调 practice): the area on the CGCS2000 ellipsoid. Vertices are
  projected into a Lambert azimuthal *equal-area* projection of that ellipsoid centred on the
  data, where plane area equals ellipsoidal area, so whole arrays are measured at once.
  Independent of the zone the data is projected in. :func:`geodesic_areas` (GeographicLib's
  geodesic polygon area, one polygon at a time) is the reference it is tested against: they
  differ by less than 1e-7 of the area for parcels up to tens of km, only in how an edge
  between two vertices is drawn on the ellipsoid.
* ``planimetric``: the area in the layer's own projected plane (shapely ``area``).
"""
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from .progress import chunks, report
from .crs import (CGCS2000_ELLIPSOID, CGCS2000_GEOGRAPHIC, CoordinatesOutsideCrsError, as_pyproj_crs,
                  coordinates_look, describe_crs, reproject_geometries)
from .units import to_hectares, to_mu

ELLIPSOIDAL = "ellipsoidal"
PLANIMETRIC = "planimetric"
METHODS = (ELLIPSOIDAL, PLANIMETRIC)

#: Geometries reprojected at a time: the coordinates of a million overlay pieces at once would
#: take a gigabyte more, for the same areas.
AREA_CHUNK = 100_000

_GEOD = pyproj.Geod(a=CGCS2000_ELLIPSOID["a"], rf=CGCS2000_ELLIPSOID["rf"])


def polygon_areas(geometries, crs, method=ELLIPSOIDAL, centre=None):
    """Areas in m² of an array of shapely geometries (non-polygonal parts count as 0).

    Ellipsoidal areas are planar areas in a Lambert azimuthal equal-area projection of the
    CGCS2000 ellipsoid centred on ``centre`` ((x, y) in ``crs``; default the middle of the
    geometries' bounds). Callers measuring many small batches in one region (the blocks of a
    raster) pass one centre, so the projection is made once.

    ``crs`` is anything :func:`core.crs.as_pyproj_crs` accepts; ``None`` entries give NaN, empty
    geometries 0. Coordinates that cannot lie in ``crs`` raise
    :class:`core.crs.CoordinatesOutsideCrsError` instead of giving infinite or NaN areas.
    """
    geometries = np.asarray(geometries, dtype=object)
    if method == PLANIMETRIC:
        if as_pyproj_crs(crs).is_geographic:
            raise ValueError("planimetric area needs a projected CRS, not a geographic one")
        return np.where(shapely.is_missing(geometries), np.nan, shapely.area(geometries))
    if method != ELLIPSOIDAL:
        raise ValueError(f"unknown area method {method!r}; use one of {METHODS}")
    areas = np.full(len(geometries), np.nan)
    missing = shapely.is_missing(geometries)
    areas[~missing & shapely.is_empty(geometries)] = 0.0
    present = ~missing & ~shapely.is_empty(geometries)
    if present.any():
        equal_area = _equal_area_crs(geometries[present], crs, centre)
        positions = np.flatnonzero(present)
        for start, stop in chunks(len(positions), AREA_CHUNK):  # bounded memory for a million pieces
            part = positions[start:stop]
            areas[part] = shapely.area(reproject_geometries(geometries[part], crs, equal_area))
        bad = present & ~np.isfinite(areas)
        if bad.any():  # a guard: reproject_geometries already refuses non-finite coordinates
            bounds = shapely.total_bounds(geometries[bad])
            raise CoordinatesOutsideCrsError(describe_crs(crs), bounds, coordinates_look(*bounds))
    return areas


def _equal_area_crs(geometries, crs, centre=None):
    """Lambert azimuthal equal-area on the CGCS2000 ellipsoid, centred on ``centre`` or the data's
    bounds."""
    x0, y0, x1, y1 = shapely.total_bounds(geometries)
    if centre is None:
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
    try:
        centre = reproject_geometries(np.array([shapely.Point(*centre)]), crs, CGCS2000_GEOGRAPHIC)[0]
        lon, lat = centre.x, centre.y
    except CoordinatesOutsideCrsError:
        lon = lat = np.nan
    if not (np.isfinite(lon) and np.isfinite(lat) and abs(lat) <= 90.0 and abs(lon) <= 360.0):
        raise CoordinatesOutsideCrsError(describe_crs(crs), (x0, y0, x1, y1), coordinates_look(x0, y0, x1, y1))
    return as_pyproj_crs(  # the same string gives the same (cached) CRS
        f"+proj=laea +lat_0={lat:.6f} +lon_0={lon:.6f} +a={CGCS2000_ELLIPSOID['a']} "
        f"+rf={CGCS2000_ELLIPSOID['rf']} +x_0=0 +y_0=0 +units=m +no_defs")


def geodesic_areas(geometries, crs):
    """Geodesic polygon areas (GeographicLib) in m², one polygon at a time: the reference."""
    geometries = np.asarray(geometries, dtype=object)
    lonlat = reproject_geometries(geometries, crs, CGCS2000_GEOGRAPHIC)
    return np.array([_geodesic_area(g) for g in lonlat], dtype=float)


def _geodesic_area(geometry):
    if geometry is None:
        return np.nan
    total = 0.0
    for part in shapely.get_parts(geometry):
        if isinstance(part, shapely.Polygon):
            if not part.is_empty:
                total += abs(_GEOD.geometry_area_perimeter(part)[0])
        elif isinstance(part, shapely.GeometryCollection):
            total += _geodesic_area(part)
    return total


def area_table(square_metres):
    """The three units planning reports use: m², 公顷 and 亩."""
    square_metres = np.asarray(square_metres, dtype=float)
    return {"m2": square_metres, "ha": to_hectares(square_metres), "mu": to_mu(square_metres)}


@dataclass
class AreaMeasurement:
    """Areas of a layer's polygons plus what had to be done to measure them."""

    square_metres: np.ndarray
    method: str
    repaired: int  # invalid geometries measured after shapely.make_valid
    missing: int  # null/empty geometries (area NaN)

    @property
    def total(self):
        return float(np.nansum(self.square_metres))


def measure_polygons(geometries, crs, method=ELLIPSOIDAL, progress=None, chunk_size=20_000):
    """Areas of every geometry, repairing invalid ones on a copy; reports progress by chunk."""
    geometries = np.asarray(geometries, dtype=object)
    missing = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    invalid = ~missing & ~shapely.is_valid(geometries)
    measurable = geometries.copy()
    measurable[invalid] = shapely.make_valid(geometries[invalid])
    areas = np.full(len(geometries), np.nan)
    spans = chunks(len(geometries), chunk_size)
    for done, (start, stop) in enumerate(spans):
        keep = ~missing[start:stop]
        areas[start:stop][keep] = polygon_areas(measurable[start:stop][keep], crs, method)
        report(progress, (done + 1) / len(spans))
    return AreaMeasurement(areas, method, int(invalid.sum()), int(missing.sum()))
