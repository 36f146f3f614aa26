"""Areas of polygons as planning figures need them.

One entry point, :func:`polygon_areas`, used by every algorithm:

* ``ellipsoidal`` (default, 三调 practice): the area on the CGCS2000 ellipsoid, computed by
  projecting vertices back to longitude/latitude and taking the geodesic polygon area
  (GeographicLib through pyproj). Independent of the zone the data is projected in.
* ``planimetric``: the area in the layer's own projected plane (shapely ``area``).
"""
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from .progress import chunks, report
from .crs import CGCS2000_ELLIPSOID, CGCS2000_GEOGRAPHIC, as_pyproj_crs, reproject_geometries
from .units import to_hectares, to_mu

ELLIPSOIDAL = "ellipsoidal"
PLANIMETRIC = "planimetric"
METHODS = (ELLIPSOIDAL, PLANIMETRIC)

_GEOD = pyproj.Geod(a=CGCS2000_ELLIPSOID["a"], rf=CGCS2000_ELLIPSOID["rf"])


def polygon_areas(geometries, crs, method=ELLIPSOIDAL):
    """Areas in m² of an array of shapely geometries (non-polygonal parts count as 0).

    ``crs`` is anything :func:`core.crs.as_pyproj_crs` accepts; ``None`` entries give NaN.
    """
    geometries = np.asarray(geometries, dtype=object)
    if method == PLANIMETRIC:
        if as_pyproj_crs(crs).is_geographic:
            raise ValueError("planimetric area needs a projected CRS, not a geographic one")
        return np.where(shapely.is_missing(geometries), np.nan, shapely.area(geometries))
    if method != ELLIPSOIDAL:
        raise ValueError(f"unknown area method {method!r}; use one of {METHODS}")
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
