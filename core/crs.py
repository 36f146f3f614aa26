"""Coordinate reference systems of Chinese planning data (CGCS2000 and its Gauss-Krüger zones).

EPSG numbering (domain notes §0, §4.4):
* 3-degree zones with the zone number in the false easting: EPSG 4513-4533 = zones 25-45
  (EPSG = 4488 + zone); truncated "CM xxxE" variants: EPSG 4534-4554 (= 4509 + zone), CM = 3 × zone.
* 6-degree zones with prefix: EPSG 4491-4501 = zones 13-23; truncated: EPSG 4502-4512
  (CM 75°E … 135°E), CM = 6 × zone − 3.
* CGCS2000 geographic: EPSG 4490.
"""
import os
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from .geometry import in_threads, worker_count

#: CGCS2000 geographic CRS. Its ellipsoid equals GRS80 (a = 6378137, 1/f = 298.257222101).
CGCS2000_GEOGRAPHIC = "EPSG:4490"
CGCS2000_ELLIPSOID = {"a": 6378137.0, "rf": 298.257222101}

GK3, GK6, GEOGRAPHIC, OTHER_PROJECTED, OTHER_GEOGRAPHIC = (
    "cgcs2000_gk3", "cgcs2000_gk6", "cgcs2000_geographic", "other_projected", "other_geographic")
#: A projection on the CGCS2000 datum that is not one of the EPSG Gauss-Krüger zones (a custom
#: central meridian, false easting or scale factor: common in district and city data).
CGCS2000_PROJECTED = "cgcs2000_projected"

#: CGCS2000 Gauss-Krüger zone numbers by band width (degrees): 3-degree zones 25-45 (CM 75°E-135°E),
#: 6-degree zones 13-23 (CM 75°E-135°E). Xian 1980 and Beijing 1954 number their zones the same way.
ZONE_RANGES = {3: (25, 45), 6: (13, 23)}

#: Longitude/latitude window any CGCS2000 data must lie in (China with a wide margin; the southernmost
#: islands are near 4°N). Coordinates that map outside it in a CGCS2000 CRS are in another CRS.
CGCS2000_WINDOW = (65.0, 2.0, 145.0, 60.0)  # lon min, lat min, lon max, lat max

#: Planimetric areas that differ from the ellipsoidal area by more than this share (at the data's
#: centre) give a warning: 0.1 % = 1,000 m² per km² (1.5 mu). That is above the largest area
#: distortion anywhere inside a CGCS2000 3-degree zone (0.069 % at its edge on the equator, 0.05 %
#: at 30°N), so data in its own 3-degree zone never warns; 6-degree zones warn near their edges
#: (beyond about 2.1° from the central meridian at 30°N) and data far from its CRS's central
#: meridian always does (12° away at 22°N: 3.9 %).
DISTORTION_WARNING = 0.001


def _ensure_proj_data():
    # pyproj inside a venv looks for PROJ data under the venv prefix; Debian keeps it in /usr/share/proj.
    if not os.environ.get("PROJ_DATA") and os.path.isfile("/usr/share/proj/proj.db"):
        try:
            pyproj.datadir.get_data_dir()
        except pyproj.exceptions.DataDirError:
            pyproj.datadir.set_data_dir("/usr/share/proj")


_ensure_proj_data()


class CrsError(ValueError):
    """A CRS problem core reports with fields, so that processing can say it in the user's language."""


class ZoneError(CrsError):
    """A Gauss-Krüger zone number that does not exist for its band width (``width`` 3 or 6)."""

    def __init__(self, zone, width):
        self.zone, self.width = zone, width
        first, last = ZONE_RANGES[width]
        self.first, self.last = first, last
        super().__init__(f"CGCS2000 {width}-degree zones run from {first} to {last}, not {zone}")


class CoordinatesOutsideCrsError(CrsError):
    """Coordinates that cannot lie in the CRS they are declared in (e.g. eastings without the zone
    number in a zone-prefixed CRS). ``bounds`` (xmin, ymin, xmax, ymax) in that CRS, ``look`` what
    :func:`coordinates_look` makes of them, ``crs_info`` the :class:`CrsInfo` of the declared CRS."""

    def __init__(self, crs_info, bounds, look):
        self.crs_info, self.bounds, self.look = crs_info, tuple(float(v) for v in bounds), look
        xmin, ymin, xmax, ymax = self.bounds
        super().__init__(f"coordinates x {xmin:.3f}..{xmax:.3f}, y {ymin:.3f}..{ymax:.3f} cannot lie in "
                         f"{crs_info.describe()}; {look.describe()}")


def is_undefined_crs(crs):
    """True for a CRS that only says it is unknown: GeoPackage's "Undefined geographic SRS" (srs_id 0)
    and "Undefined Cartesian SRS" (srs_id -1), which GDAL writes for layers created without a CRS,
    and any engineering (LOCAL_CS) CRS, which is tied to no place on Earth."""
    if crs is None or crs == "":
        return True
    try:
        crs = as_pyproj_crs(crs)
    except pyproj.exceptions.CRSError:
        return True
    name = (crs.name or "").strip().lower()
    return name.startswith("undefined") or crs.type_name.startswith("Engineering")


def as_pyproj_crs(crs):
    """Accept an EPSG code (int), an authority string ("EPSG:4527"), WKT or a pyproj CRS."""
    if isinstance(crs, pyproj.CRS):
        return crs
    if crs is None or crs == "":
        raise ValueError("missing CRS")
    if not isinstance(crs, (str, int)):
        return pyproj.CRS.from_user_input(crs)
    # Parsing a WKT takes milliseconds; block-by-block raster work asks for the same CRS a
    # hundred times. pyproj CRS objects are immutable, so one parsed copy is shared.
    parsed = _PARSED.get(crs)
    if parsed is None:
        parsed = pyproj.CRS.from_user_input(crs)
        if len(_PARSED) >= _CACHE_SIZE:
            _PARSED.clear()
        _PARSED[crs] = parsed
    return parsed


def transformer_between(source, target):
    """An ``always_xy`` transformer between two pyproj CRSs, made once per pair (creating one
    takes about 9 ms). pyproj (3.1+) gives every thread its own copy of a shared transformer."""
    key = (id(source), id(target))
    found = _TRANSFORMERS.get(key)
    if found is None or found[0] is not source or found[1] is not target:
        found = (source, target, pyproj.Transformer.from_crs(source, target, always_xy=True))
        if len(_TRANSFORMERS) >= _CACHE_SIZE:
            _TRANSFORMERS.clear()
        _TRANSFORMERS[key] = found  # holds source and target, so their ids stay theirs
    return found[2]


_CACHE_SIZE = 64
_PARSED, _TRANSFORMERS = {}, {}


def transform_arrays(transformer, x, y):
    """``transformer.transform(x, y)`` for coordinate arrays of any length, one included.

    pyproj 3.7 tries its single-point path first with ``float(x)``, which numpy 1.25+ deprecates
    for an array of one element (a DeprecationWarning per call on Debian 13, an error in a later
    numpy); an array of one is passed as two."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim and x.size == 1:
        tx, ty = transformer.transform(np.repeat(x.ravel(), 2), np.repeat(y.ravel(), 2))
        return np.asarray(tx)[:1].reshape(x.shape), np.asarray(ty)[:1].reshape(y.shape)
    return transformer.transform(x, y)


def reproject_geometries(geometries, source_crs, target_crs):
    """Vectorised reprojection of an array of shapely geometries (x = easting/longitude).

    Raises :class:`CoordinatesOutsideCrsError` when finite coordinates come out infinite or NaN
    (coordinates outside the source CRS's domain), so no caller goes on with them silently.
    """
    source, target = as_pyproj_crs(source_crs), as_pyproj_crs(target_crs)
    # pyproj (3.1+) gives every thread its own copy of a transformer, and releases the GIL while
    # it transforms, so large arrays are split over the cores (same results, half the time on 2).
    transformer = transformer_between(source, target)

    def transform(xy):
        x, y = transform_arrays(transformer, xy[:, 0], xy[:, 1])
        lost = ~(np.isfinite(x) & np.isfinite(y)) & np.isfinite(xy).all(axis=1)
        if lost.any():
            bad = xy[lost]
            bounds = (bad[:, 0].min(), bad[:, 1].min(), bad[:, 0].max(), bad[:, 1].max())
            raise CoordinatesOutsideCrsError(describe_crs(source), bounds, coordinates_look(*bounds))
        return np.column_stack((x, y))

    geometries = np.asarray(geometries, dtype=object)
    if len(geometries) < PARALLEL_MIN:
        return shapely.transform(geometries, transform)
    return in_threads(lambda part: shapely.transform(part, transform), geometries, pieces=worker_count())


def to_lonlat(x, y, crs):
    """CGCS2000 longitude/latitude (EPSG:4490) of points in ``crs`` (NaN where there is no point)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    lon, lat = np.full(len(x), np.nan), np.full(len(x), np.nan)
    known = np.isfinite(x) & np.isfinite(y)
    if known.any():
        transformer = transformer_between(as_pyproj_crs(crs), as_pyproj_crs("EPSG:4490"))
        lon[known], lat[known] = transform_arrays(transformer, x[known], y[known])
    return lon, lat


#: Geometries below which one thread reprojects faster than several (thread start-up).
PARALLEL_MIN = 20_000


def zone_epsg(zone, width, with_zone_prefix=True):
    """EPSG code of CGCS2000 Gauss-Krüger ``zone`` of band ``width`` (3 or 6); :class:`ZoneError`
    when the zone does not exist for that width (e.g. zone 39 of a 6-degree system)."""
    if width not in ZONE_RANGES:
        raise ValueError(f"Gauss-Kruger band width is 3 or 6 degrees, not {width!r}")
    first, last = ZONE_RANGES[width]
    if isinstance(zone, bool) or int(zone) != zone or not first <= zone <= last:
        raise ZoneError(zone, width)
    if width == 3:
        return (4488 if with_zone_prefix else 4509) + int(zone)
    return (4478 if with_zone_prefix else 4489) + int(zone)


def gauss_kruger_3deg_epsg(zone, with_zone_prefix=True):
    """EPSG code of the CGCS2000 3-degree Gauss-Krüger zone (25-45); :class:`ZoneError` otherwise."""
    return zone_epsg(zone, 3, with_zone_prefix)


def gauss_kruger_6deg_epsg(zone, with_zone_prefix=True):
    """EPSG code of the CGCS2000 6-degree Gauss-Krüger zone (13-23); :class:`ZoneError` otherwise."""
    return zone_epsg(zone, 6, with_zone_prefix)


@dataclass(frozen=True)
class CrsInfo:
    """What a planning technician needs to know about a layer's CRS."""

    kind: str  # one of GK3, GK6, GEOGRAPHIC, CGCS2000_PROJECTED, OTHER_PROJECTED, OTHER_GEOGRAPHIC
    epsg: int = None
    zone: int = None  # Gauss-Krüger zone number
    central_meridian: float = None  # also for custom Transverse Mercator projections
    zone_prefix: bool = None  # easting carries the zone number (e.g. 39 500 000)
    name: str = ""
    method: str = ""  # projection method of a custom CGCS2000 projection (e.g. "Transverse Mercator")
    false_easting: float = None  # of a custom CGCS2000 projection

    @property
    def is_cgcs2000(self):
        return self.kind in (GK3, GK6, GEOGRAPHIC, CGCS2000_PROJECTED)

    def describe(self):
        if self.kind == GK3:
            return (f"CGCS2000 / 3-degree Gauss-Kruger zone {self.zone} (CM {self.central_meridian:g}°E, "
                    f"{'zone prefix in easting' if self.zone_prefix else 'no zone prefix'}), EPSG:{self.epsg}")
        if self.kind == GK6:
            return (f"CGCS2000 / 6-degree Gauss-Kruger zone {self.zone} (CM {self.central_meridian:g}°E, "
                    f"{'zone prefix in easting' if self.zone_prefix else 'no zone prefix'}), EPSG:{self.epsg}")
        if self.kind == GEOGRAPHIC:
            return "CGCS2000 geographic (longitude/latitude), EPSG:4490"
        if self.kind == CGCS2000_PROJECTED:
            details = [self.method or "projected"]
            if self.central_meridian is not None:
                details.append(f"CM {self.central_meridian:g}°E")
            if self.false_easting is not None:
                details.append(f"false easting {self.false_easting:,.0f} m")
            label = f"CGCS2000 / custom {', '.join(details)}"
            return f"{label} “{self.name}”" if self.name and self.name.lower() != "unknown" else label
        return f"{self.name} (EPSG:{self.epsg})" if self.epsg else self.name


def crs_label(crs):
    """How a planning technician names a CRS, in both wordings (a :class:`core.report.Text`):
    "CGCS2000 3 度带高斯-克吕格投影第 39 带（中央经线 117°E，横坐标带带号），EPSG:4527"."""
    from .report import Text

    info = crs if isinstance(crs, CrsInfo) else describe_crs(crs)
    if info.kind in (GK3, GK6):
        band = 3 if info.kind == GK3 else 6
        zh_prefix, en_prefix = (("横坐标带带号", "zone number in the easting") if info.zone_prefix
                                else ("横坐标不带带号", "no zone number in the easting"))
        return Text(f"CGCS2000 {band} 度带高斯-克吕格投影第 {info.zone} 带（中央经线 {info.central_meridian:g}°E，"
                    f"{zh_prefix}），EPSG:{info.epsg}",
                    f"CGCS2000 / {band}-degree Gauss-Kruger zone {info.zone} (CM {info.central_meridian:g}°E, "
                    f"{en_prefix}), EPSG:{info.epsg}")
    if info.kind == GEOGRAPHIC:
        return Text("CGCS2000 地理坐标系（经纬度），EPSG:4490", "CGCS2000 geographic (longitude/latitude), EPSG:4490")
    if info.kind == CGCS2000_PROJECTED:
        method = info.method or ""
        transverse = "transverse mercator" in method.lower()
        zh = ["横轴墨卡托投影" if transverse else (method or "投影")]
        en = ["Transverse Mercator" if transverse else (method or "projection")]
        if info.central_meridian is not None:
            zh.append(f"中央经线 {info.central_meridian:g}°E")
            en.append(f"CM {info.central_meridian:g}°E")
        if info.false_easting is not None:
            zh.append(f"东偏移 {info.false_easting:,.0f} 米")
            en.append(f"false easting {info.false_easting:,.0f} m")
        named = info.name and info.name.lower() != "unknown"
        return Text(f"CGCS2000 自定义{'，'.join(zh)}" + (f"“{info.name}”" if named else ""),
                    f"CGCS2000 / custom {', '.join(en)}" + (f" “{info.name}”" if named else ""))
    label = info.describe()
    return Text(label, label)


def describe_crs(crs):
    """Classify a CRS (EPSG code, authority string, WKT or pyproj CRS) as a CGCS2000 zone or other.

    A projection on the CGCS2000 datum that matches no EPSG zone (a custom central meridian, e.g.
    a city's own Transverse Mercator) is :data:`CGCS2000_PROJECTED`, with its central meridian.
    """
    crs = as_pyproj_crs(crs)
    epsg = crs.to_epsg(min_confidence=70)
    if epsg is not None:
        info = _describe_cgcs2000_epsg(epsg, crs.name)
        if info is not None:
            return info
    if _on_cgcs2000_datum(crs):
        if crs.is_geographic:
            return CrsInfo(GEOGRAPHIC, epsg, name=crs.name)
        if crs.is_projected:
            params = _projection_parameters(crs)
            return CrsInfo(CGCS2000_PROJECTED, epsg, central_meridian=_central_meridian(params), name=crs.name,
                           method=crs.coordinate_operation.method_name if crs.coordinate_operation else "",
                           false_easting=params.get("False easting"))
    return CrsInfo(OTHER_GEOGRAPHIC if crs.is_geographic else OTHER_PROJECTED, epsg=epsg, name=crs.name)


def _on_cgcs2000_datum(crs):
    """The datum is CGCS2000 by its EPSG code or its name in EPSG, ESRI or PROJ spelling."""
    geodetic = crs.geodetic_crs
    if geodetic is None:
        return False
    if geodetic.to_epsg(min_confidence=70) == 4490:
        return True
    names = [geodetic.name or ""] + ([crs.datum.name or ""] if crs.datum is not None else [])
    for name in names:
        key = "".join(char for char in name.lower() if char.isalnum())
        if any(token in key for token in ("china2000", "cgcs2000", "chinageodeticcoordinatesystem2000")):
            return True
    return False


def _projection_parameters(crs):
    operation = crs.coordinate_operation
    if operation is None:
        return {}
    return {param.name: param.value for param in operation.params}


def _central_meridian(params):
    for name in ("Longitude of natural origin", "Longitude of origin", "Longitude of false origin",
                 "Longitude of projection centre"):
        if name in params:
            return float(params[name])
    return None


def _describe_cgcs2000_epsg(epsg, name):
    if epsg == 4490:
        return CrsInfo(GEOGRAPHIC, 4490, name=name)
    if 4513 <= epsg <= 4533:
        return CrsInfo(GK3, epsg, epsg - 4488, 3.0 * (epsg - 4488), True, name)
    if 4534 <= epsg <= 4554:
        return CrsInfo(GK3, epsg, epsg - 4509, 3.0 * (epsg - 4509), False, name)
    if 4491 <= epsg <= 4501:
        return CrsInfo(GK6, epsg, epsg - 4478, 6.0 * (epsg - 4478) - 3, True, name)
    if 4502 <= epsg <= 4512:
        return CrsInfo(GK6, epsg, epsg - 4489, 6.0 * (epsg - 4489) - 3, False, name)
    return None


def gk3_zone_for_longitude(longitude):
    """3-degree zone number whose central meridian is nearest: n = round(L / 3)."""
    return int(np.floor(longitude / 3.0 + 0.5))


LOOKS_LONLAT, LOOKS_GK_ZONE, LOOKS_GK_WITHOUT_ZONE, LOOKS_UNKNOWN = (
    "lonlat", "gk_zone", "gk_without_zone", "unknown")


@dataclass(frozen=True)
class CoordinateLook:
    """What a layer's coordinates look like, from their numbers alone (see :func:`coordinates_look`)."""

    kind: str  # LOOKS_LONLAT, LOOKS_GK_ZONE, LOOKS_GK_WITHOUT_ZONE or LOOKS_UNKNOWN
    epsg: int = None  # the CRS they suggest (None when it cannot be told)
    zone: int = None
    width: int = None  # 3 or 6 (degrees) for LOOKS_GK_ZONE

    def describe(self):
        if self.kind == LOOKS_LONLAT:
            return "they look like longitude/latitude (CGCS2000 geographic, EPSG:4490)"
        if self.kind == LOOKS_GK_ZONE:
            return f"they look like {describe_crs(self.epsg).describe()}"
        if self.kind == LOOKS_GK_WITHOUT_ZONE:
            return ("they look like Gauss-Kruger coordinates without the zone number in the easting "
                    "(the zone cannot be told from them)")
        return "they do not look like CGCS2000 longitude/latitude or Gauss-Kruger coordinates"


def coordinates_look(xmin, ymin, xmax, ymax):
    """What coordinates in this range look like (:class:`CoordinateLook`).

    * longitude/latitude inside China's range → CGCS2000 geographic (EPSG:4490);
    * 8-digit eastings whose first two digits are one zone (25-45 → 3-degree, 13-23 → 6-degree)
      with 7-digit northings → that zone with the zone number in the easting;
    * 6-digit eastings (100 000-900 000 m) with 6- or 7-digit northings → a Gauss-Krüger zone
      without the zone number, which cannot be told from the coordinates.
    """
    if not np.isfinite([xmin, ymin, xmax, ymax]).all():
        return CoordinateLook(LOOKS_UNKNOWN)
    if 70 <= xmin <= xmax <= 140 and 0 <= ymin <= ymax <= 60:
        return CoordinateLook(LOOKS_LONLAT, 4490)
    if 1e7 <= xmin and xmax < 1e8 and 3e5 <= ymin and ymax < 1e7:
        zone, zone_max = int(xmin // 1e6), int(xmax // 1e6)
        if zone == zone_max:
            for width in (3, 6):
                first, last = ZONE_RANGES[width]
                if first <= zone <= last:
                    return CoordinateLook(LOOKS_GK_ZONE, zone_epsg(zone, width), zone, width)
    if 1e5 <= xmin and xmax < 1e6 and 3e5 <= ymin and ymax < 1e7:
        return CoordinateLook(LOOKS_GK_WITHOUT_ZONE)
    return CoordinateLook(LOOKS_UNKNOWN)


def guess_crs_from_extent(xmin, ymin, xmax, ymax):
    """The most plausible CGCS2000 CRS (EPSG code) for coordinates without a CRS, or None.

    See :func:`coordinates_look`; 6-digit eastings (no zone prefix) give None: their zone cannot be
    told from the coordinates.
    """
    return coordinates_look(xmin, ymin, xmax, ymax).epsg


def _sample_points(bounds):
    """The corners and the centre of ``bounds``."""
    xmin, ymin, xmax, ymax = bounds
    xs = np.array([xmin, xmax, xmax, xmin, (xmin + xmax) / 2])
    ys = np.array([ymin, ymin, ymax, ymax, (ymin + ymax) / 2])
    return xs, ys


def check_coordinates_in_crs(crs, bounds):
    """Raise :class:`CoordinatesOutsideCrsError` when coordinates in ``bounds`` (xmin, ymin, xmax,
    ymax) cannot lie in ``crs``.

    They cannot when the CRS's inverse projection turns the corners or the centre of the bounds
    into infinite or NaN longitudes/latitudes (e.g. eastings without the zone number declared in a
    zone-prefixed Gauss-Krüger CRS: ``lat_0=inf``), when geographic coordinates are not degrees,
    or when data in a CGCS2000 CRS would lie outside :data:`CGCS2000_WINDOW` (far outside China).
    Empty or non-finite bounds (a layer without features) are not checked.
    """
    if bounds is None or not np.isfinite(bounds).all():
        return
    crs = as_pyproj_crs(crs)
    if is_undefined_crs(crs):
        raise ValueError("an undefined CRS cannot be checked; assign the layer a real CRS")
    info = describe_crs(crs)
    xs, ys = _sample_points(bounds)
    if crs.is_geographic:
        lon, lat = xs, ys
    else:
        geodetic = crs.geodetic_crs
        with np.errstate(all="ignore"):
            lon, lat = pyproj.Transformer.from_crs(crs, geodetic, always_xy=True).transform(xs, ys)
            back_x, back_y = pyproj.Transformer.from_crs(geodetic, crs, always_xy=True).transform(lon, lat)
        tolerance = 1.0 + 1e-6 * max(abs(bounds[2] - bounds[0]), abs(bounds[3] - bounds[1]))
        if not (np.isfinite([back_x, back_y]).all() and np.abs(np.asarray(back_x) - xs).max() <= tolerance
                and np.abs(np.asarray(back_y) - ys).max() <= tolerance):
            raise CoordinatesOutsideCrsError(info, bounds, coordinates_look(*bounds))
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    fits = (np.isfinite(lon).all() and np.isfinite(lat).all() and np.abs(lat).max() <= 90.0
            and np.abs(lon).max() <= 360.0)
    if fits and info.is_cgcs2000:
        west, south, east, north = CGCS2000_WINDOW
        fits = bool(((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)).all())
    if not fits:
        raise CoordinatesOutsideCrsError(info, bounds, coordinates_look(*bounds))


@dataclass(frozen=True)
class Distortion:
    """Scale of a projection at a point (the data's centre): what planimetric figures are off by."""

    longitude: float
    latitude: float
    scale: float  # linear scale along the meridian (= in every direction for conformal projections)
    areal_scale: float  # planimetric area / ellipsoidal area
    central_meridian: float = None  # of a Transverse Mercator / Gauss-Krüger projection, else None

    @property
    def area_share(self):
        """Share by which planimetric areas exceed ellipsoidal ones (0.0386 = 3.86 % too large)."""
        return self.areal_scale - 1.0

    @property
    def length_share(self):
        return self.scale - 1.0

    @property
    def offset(self):
        """Degrees of longitude between the data and the central meridian (None when not known)."""
        if self.central_meridian is None:
            return None
        return abs((self.longitude - self.central_meridian + 180.0) % 360.0 - 180.0)

    @property
    def significant(self):
        """More area distortion than :data:`DISTORTION_WARNING` (either way)."""
        return abs(self.area_share) > DISTORTION_WARNING

    @property
    def suggested_zone_epsg(self):
        """The zone-prefixed CGCS2000 3-degree zone of the data's centre, None outside zones 25-45."""
        try:
            return gauss_kruger_3deg_epsg(gk3_zone_for_longitude(self.longitude))
        except ZoneError:
            return None


def projection_distortion(crs, bounds):
    """How much ``crs`` distorts at the centre of ``bounds`` (:class:`Distortion`).

    Uses PROJ's scale factors of the projection (``Proj.get_factors``; for a Transverse Mercator
    k ≈ k0·(1 + (Δλ·cos φ)²/2 + …) and areas scale by k²). None for geographic CRSs, empty bounds
    and points where PROJ gives no factors.
    """
    if bounds is None or not np.isfinite(bounds).all():
        return None
    crs = as_pyproj_crs(crs)
    if not crs.is_projected:
        return None
    x = (bounds[0] + bounds[2]) / 2.0
    y = (bounds[1] + bounds[3]) / 2.0
    with np.errstate(all="ignore"):
        lon, lat = pyproj.Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True).transform(x, y)
        if not (np.isfinite(lon) and np.isfinite(lat)):
            return None
        try:
            factors = pyproj.Proj(crs).get_factors(lon, lat)
        except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError):
            return None
    scale, areal = float(factors.meridional_scale), float(factors.areal_scale)
    if not (np.isfinite(scale) and np.isfinite(areal)):
        return None
    method = (crs.coordinate_operation.method_name or "").lower() if crs.coordinate_operation else ""
    meridian = _central_meridian(_projection_parameters(crs)) if "transverse mercator" in method else None
    return Distortion(float(lon), float(lat), scale, areal, meridian)


class Reason(str):
    """Why a CRS was chosen: English text (for developers and logs of core) with a ``code`` and
    ``values`` that the processing layer words in the user's language."""

    SHARED, MOST_ZONED, FIRST_PROJECTED, GEOGRAPHIC_FIRST = "shared", "most_zoned", "first_projected", "geographic"
    LAYER_ZONE, MEAN_LONGITUDE = "layer_zone", "mean_longitude"

    def __new__(cls, code, text, **values):
        reason = super().__new__(cls, text)
        reason.code, reason.values = code, values
        return reason


def choose_working_crs(crs_list):
    """One working CRS for several layers, and why it was chosen (for the log).

    Keeps the common CRS when all layers share it; otherwise the CGCS2000 Gauss-Krüger CRS that
    most layers use; otherwise the first projected CRS. Raises ValueError for a missing CRS.
    """
    infos = []
    for index, crs in enumerate(crs_list):
        if crs is None or crs == "":
            raise ValueError(f"input {index + 1} has no CRS")
        infos.append((as_pyproj_crs(crs), describe_crs(crs)))
    if not infos:
        raise ValueError("no inputs")
    distinct = {crs.to_wkt(): crs for crs, _ in infos}
    if len(distinct) == 1:
        return infos[0][0], Reason(Reason.SHARED, "all inputs share this CRS")
    zoned = [(crs, info) for crs, info in infos if info.kind in (GK3, GK6)]
    if zoned:
        counts = {}
        for crs, info in zoned:
            counts.setdefault(info.epsg, [crs, 0])[1] += 1
        crs, _ = max(counts.values(), key=lambda item: item[1])
        return crs, Reason(Reason.MOST_ZONED,
                           "the CGCS2000 Gauss-Kruger CRS most inputs use; the others are reprojected to it")
    projected = [crs for crs, _ in infos if not crs.is_geographic]
    if projected:
        return projected[0], Reason(Reason.FIRST_PROJECTED,
                                    "the first projected input CRS; the others are reprojected to it")
    return infos[0][0], Reason(Reason.GEOGRAPHIC_FIRST, "inputs are geographic; reprojected to the first input's CRS")


def prefixed_gk3_crs_for(crs, geometries):
    """The zone-prefixed CGCS2000 3-degree CRS a coordinate TXT file needs, and why.

    Keeps the layer's zone when it is already a 3-degree zone (adding the prefix if missing);
    otherwise takes the zone of the data's mean longitude.
    """
    info = describe_crs(crs)
    if info.kind == GK3:
        return (f"EPSG:{gauss_kruger_3deg_epsg(info.zone)}",
                Reason(Reason.LAYER_ZONE, f"3-degree zone {info.zone} of the layer", zone=info.zone))
    lonlat = reproject_geometries(np.asarray(geometries, dtype=object), crs, CGCS2000_GEOGRAPHIC)
    longitudes = shapely.get_coordinates(lonlat)[:, 0]
    if not len(longitudes):
        raise ValueError("no coordinates to choose a zone from")
    zone = gk3_zone_for_longitude(float(np.mean(longitudes)))
    return (f"EPSG:{gauss_kruger_3deg_epsg(zone)}",
            Reason(Reason.MEAN_LONGITUDE, f"3-degree zone {zone} of the data's mean longitude", zone=zone))
