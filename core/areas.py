"""Areas of polygons as planning figures need them.

One entry point, :func:`polygon_areas`, used by every algorithm:

* ``ellipsoidal`` (default, 三调 practice): the area on the CGCS2000 ellipsoid. Vertices are
  projected into a Lambert azimuthal *equal-area* projection of that ellipsoid centred on the
  data, where plane area equals ellipsoidal area, so whole arrays are measured at once.
  Independent of the zone the data is projected in. For many small polygons in a projected CRS
  (overlay pieces, parcels, raster cells) the same area is found faster as the planar area times
  the local area scale of the projection at the polygon's centroid (:func:`_local_scale_areas`,
  within 1e-8 of the area; larger polygons are still reprojected). :func:`geodesic_areas` (GeographicLib's
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
                  coordinates_look, describe_crs, reproject_geometries, transform_arrays, transformer_between)
from .geometry import in_threads
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
        positions = np.flatnonzero(present)
        measured = geometries[positions]
        bounds = shapely.bounds(measured) if len(positions) >= SCALE_MIN else None
        equal_area = _equal_area_crs(measured, crs, centre, bounds)
        if bounds is not None:
            areas[positions] = _local_scale_areas(measured, crs, equal_area, bounds)
            positions = positions[np.isnan(areas[positions])]
        for start, stop in chunks(len(positions), AREA_CHUNK):  # bounded memory for a million pieces
            part = positions[start:stop]
            areas[part] = shapely.area(reproject_geometries(geometries[part], crs, equal_area))
        bad = present & ~np.isfinite(areas)
        if bad.any():  # a guard: reproject_geometries already refuses non-finite coordinates
            bounds = shapely.total_bounds(geometries[bad])
            raise CoordinatesOutsideCrsError(describe_crs(crs), bounds, coordinates_look(*bounds))
    return areas


#: Relative error the local area scale may make on the integral of the area scale over one polygon:
#: far below what any report shows (1e-8 of a hectare is 0.1 mm²). The polygon it integrates over
#: has the straight edges of the layer's projection; reprojecting the vertices draws the edges
#: straight in the equal-area plane instead, which 170 km off a Gauss-Krüger meridian changes a
#: 4 ha parcel's area by 1.5e-8 (the geodesic area is nearer the latter, by the same order).
SCALE_ERROR = 1e-8
#: Below this many geometries the vertices are reprojected (the scale grid costs a few ms).
SCALE_MIN = 2_000


def _local_scale_areas(geometries, crs, equal_area, bounds):
    """Ellipsoidal areas of the geometries small enough for one area scale, NaN for the others.

    The ellipsoidal area of a polygon is the integral over it of the area scale J(x, y) between
    ``crs`` and the equal-area projection (ellipsoidal m² per m² of the plane), which varies by
    about 1e-14 per m² in a Gauss-Krüger zone. For a polygon of a few hundred metres its planar
    area times J at its centroid is that integral to within :data:`SCALE_ERROR`; the error is
    bounded from J's second derivatives and the polygon's extent, and polygons above the bound
    (or all of them, where J cannot be tabulated that well) are left NaN for the caller to
    reproject vertex by vertex. J is computed on a grid over the data by central differences of
    the projection and interpolated bilinearly, the grid refined until it is accurate to half
    of :data:`SCALE_ERROR` at the cell centres. For a million overlay pieces this takes a tenth
    of the time of reprojecting their vertices.
    """
    out = np.full(len(geometries), np.nan)
    grid = _scale_grid(crs, equal_area, (*bounds[:, :2].min(axis=0), *bounds[:, 2:].max(axis=0)))
    if grid is None:
        return out
    (gx, gy), scale, (curve_xx, curve_xy, curve_yy) = grid
    width, height = bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]
    # |∫J - J(centroid)·A| ≤ A·(Jxx·w² + 2·Jxy·w·h + Jyy·h²)/8 for a polygon of extent w × h
    bound = (curve_xx * width ** 2 + 2 * curve_xy * width * height + curve_yy * height ** 2) / (8 * scale.min())
    small = np.flatnonzero(bound <= SCALE_ERROR / 2)
    if not len(small):
        return out
    centroids = in_threads(shapely.centroid, geometries[small])
    # a polygon of no area has an empty centroid (no coordinates): it is measured at a node
    centre = np.column_stack((shapely.get_x(centroids), shapely.get_y(centroids)))
    centre[np.isnan(centre).any(axis=1)] = gx[0], gy[0]
    i = np.clip(np.searchsorted(gx, centre[:, 0]) - 1, 0, len(gx) - 2)
    j = np.clip(np.searchsorted(gy, centre[:, 1]) - 1, 0, len(gy) - 2)
    fx = (centre[:, 0] - gx[i]) / (gx[i + 1] - gx[i])
    fy = (centre[:, 1] - gy[j]) / (gy[j + 1] - gy[j])
    local = ((scale[j, i] * (1 - fx) + scale[j, i + 1] * fx) * (1 - fy)
             + (scale[j + 1, i] * (1 - fx) + scale[j + 1, i + 1] * fx) * fy)
    out[small] = shapely.area(geometries[small]) * local
    return out


def _scale_grid(crs, equal_area, bounds, cells=32, most=512):
    """``((x nodes, y nodes), J at the nodes (rows = y), (max |Jxx|, |Jxy|, |Jyy|))`` over
    ``bounds`` in ``crs``, or None where J is not finite or not smooth enough to tabulate."""
    source = as_pyproj_crs(crs)
    axes = source.axis_info
    # Only projected CRSs: a straight edge in longitude/latitude bows away from the geodesic
    # enough to change a long thin piece's area by 1e-5, so there the vertices are reprojected.
    if source.is_geographic or not axes or not axes[0].unit_conversion_factor:
        return None
    # a central-difference step of 100 m: long enough that the projection's own rounding (about
    # 1e-8 m) stays below 1e-10 of J, short enough that J's curvature does not show
    step = 100.0 / axes[0].unit_conversion_factor  # metres per unit
    x0, y0, x1, y1 = bounds
    span = 100 * step  # a grid at least 10 km wide, so the node spacing is never tiny
    x0, x1 = min(x0, (x0 + x1 - span) / 2), max(x1, (x0 + x1 + span) / 2)
    y0, y1 = min(y0, (y0 + y1 - span) / 2), max(y1, (y0 + y1 + span) / 2)
    if not all(np.isfinite((x0, y0, x1, y1))):
        return None
    transformer = transformer_between(source, as_pyproj_crs(equal_area))

    def scale_at(x, y):
        xs = np.concatenate([x + step, x - step, x, x])
        ys = np.concatenate([y, y, y + step, y - step])
        with np.errstate(invalid="ignore"):
            px, py = (np.asarray(v).reshape(4, -1) for v in transform_arrays(transformer, xs, ys))
        return np.abs((px[0] - px[1]) * (py[2] - py[3]) - (px[2] - px[3]) * (py[0] - py[1])) / (4 * step * step)

    while cells <= most:
        longer = max(x1 - x0, y1 - y0)
        gx = np.linspace(x0, x1, max(4, int(np.ceil(cells * (x1 - x0) / longer))) + 1)
        gy = np.linspace(y0, y1, max(4, int(np.ceil(cells * (y1 - y0) / longer))) + 1)
        nx, ny = np.meshgrid(gx, gy)
        scale = scale_at(nx.ravel(), ny.ravel()).reshape(nx.shape)
        if not (np.isfinite(scale).all() and (scale > 0).all()):
            return None
        cx, cy = np.meshgrid((gx[1:] + gx[:-1]) / 2, (gy[1:] + gy[:-1]) / 2)
        exact = scale_at(cx.ravel(), cy.ravel()).reshape(cx.shape)
        bilinear = (scale[1:, 1:] + scale[1:, :-1] + scale[:-1, 1:] + scale[:-1, :-1]) / 4
        if not np.isfinite(exact).all():
            return None
        if (np.abs(bilinear - exact) / exact).max() <= SCALE_ERROR / 2:
            dx, dy = gx[1] - gx[0], gy[1] - gy[0]
            curve = (np.abs(np.diff(scale, 2, axis=1)).max() / dx ** 2,
                     np.abs(np.diff(np.diff(scale, axis=0), axis=1)).max() / (dx * dy),
                     np.abs(np.diff(scale, 2, axis=0)).max() / dy ** 2)
            return (gx, gy), scale, curve
        cells *= 2
    return None


def _equal_area_crs(geometries, crs, centre=None, bounds=None):
    """Lambert azimuthal equal-area on the CGCS2000 ellipsoid, centred on ``centre`` or the data's
    bounds (``bounds``: the geometries' own, when the caller has them)."""
    if bounds is None:
        x0, y0, x1, y1 = shapely.total_bounds(geometries)
    else:
        (x0, y0), (x1, y1) = np.nanmin(bounds[:, :2], axis=0), np.nanmax(bounds[:, 2:], axis=0)
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
