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

#: CGCS2000 geographic CRS. Its ellipsoid equals GRS80 (a = 6378137, 1/f = 298.257222101).
CGCS2000_GEOGRAPHIC = "EPSG:4490"
CGCS2000_ELLIPSOID = {"a": 6378137.0, "rf": 298.257222101}

GK3, GK6, GEOGRAPHIC, OTHER_PROJECTED, OTHER_GEOGRAPHIC = (
    "cgcs2000_gk3", "cgcs2000_gk6", "cgcs2000_geographic", "other_projected", "other_geographic")


def _ensure_proj_data():
    # pyproj inside a venv looks for PROJ data under the venv prefix; Debian keeps it in /usr/share/proj.
    if not os.environ.get("PROJ_DATA") and os.path.isfile("/usr/share/proj/proj.db"):
        try:
            pyproj.datadir.get_data_dir()
        except pyproj.exceptions.DataDirError:
            pyproj.datadir.set_data_dir("/usr/share/proj")


_ensure_proj_data()


def as_pyproj_crs(crs):
    """Accept an EPSG code (int), an authority string ("EPSG:4527"), WKT or a pyproj CRS."""
    if isinstance(crs, pyproj.CRS):
        return crs
    if crs is None or crs == "":
        raise ValueError("missing CRS")
    return pyproj.CRS.from_user_input(crs)


def reproject_geometries(geometries, source_crs, target_crs):
    """Vectorised reprojection of an array of shapely geometries (x = easting/longitude)."""
    transformer = pyproj.Transformer.from_crs(as_pyproj_crs(source_crs), as_pyproj_crs(target_crs), always_xy=True)
    return shapely.transform(geometries, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def gauss_kruger_3deg_epsg(zone, with_zone_prefix=True):
    """EPSG code of the CGCS2000 3-degree Gauss-Krüger zone (25-45)."""
    if not 25 <= zone <= 45:
        raise ValueError(f"CGCS2000 3-degree zones run from 25 to 45, not {zone}")
    return (4488 if with_zone_prefix else 4509) + zone


def gauss_kruger_6deg_epsg(zone, with_zone_prefix=True):
    """EPSG code of the CGCS2000 6-degree Gauss-Krüger zone (13-23)."""
    if not 13 <= zone <= 23:
        raise ValueError(f"CGCS2000 6-degree zones run from 13 to 23, not {zone}")
    return (4478 if with_zone_prefix else 4489) + zone


@dataclass(frozen=True)
class CrsInfo:
    """What a planning technician needs to know about a layer's CRS."""

    kind: str  # one of GK3, GK6, GEOGRAPHIC, OTHER_PROJECTED, OTHER_GEOGRAPHIC
    epsg: int = None
    zone: int = None  # Gauss-Krüger zone number
    central_meridian: float = None
    zone_prefix: bool = None  # easting carries the zone number (e.g. 39 500 000)
    name: str = ""

    @property
    def is_cgcs2000(self):
        return self.kind in (GK3, GK6, GEOGRAPHIC)

    def describe(self):
        if self.kind == GK3:
            return (f"CGCS2000 / 3-degree Gauss-Kruger zone {self.zone} (CM {self.central_meridian:g}°E, "
                    f"{'zone prefix in easting' if self.zone_prefix else 'no zone prefix'}), EPSG:{self.epsg}")
        if self.kind == GK6:
            return (f"CGCS2000 / 6-degree Gauss-Kruger zone {self.zone} (CM {self.central_meridian:g}°E, "
                    f"{'zone prefix in easting' if self.zone_prefix else 'no zone prefix'}), EPSG:{self.epsg}")
        if self.kind == GEOGRAPHIC:
            return "CGCS2000 geographic (longitude/latitude), EPSG:4490"
        return f"{self.name} (EPSG:{self.epsg})" if self.epsg else self.name


def describe_crs(crs):
    """Classify a CRS (EPSG code, authority string, WKT or pyproj CRS) as a CGCS2000 zone or other."""
    crs = as_pyproj_crs(crs)
    epsg = crs.to_epsg(min_confidence=70)
    if epsg is not None:
        info = _describe_cgcs2000_epsg(epsg, crs.name)
        if info is not None:
            return info
    return CrsInfo(OTHER_GEOGRAPHIC if crs.is_geographic else OTHER_PROJECTED, epsg=epsg, name=crs.name)


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


def guess_crs_from_extent(xmin, ymin, xmax, ymax):
    """The most plausible CGCS2000 CRS for coordinates without a CRS, or None.

    * longitude/latitude inside China's range → EPSG:4490;
    * 8-digit eastings: the first two digits are the zone (25-45 → 3-degree, 13-23 → 6-degree);
    * 6-digit eastings around 500 000 with 7-digit northings → a Gauss-Krüger zone without prefix,
      whose zone cannot be told from the coordinates (returns None).
    """
    if 70 <= xmin <= xmax <= 140 and 0 <= ymin <= ymax <= 60:
        return 4490
    if 1e7 <= xmin and xmax < 1e8 and 1e6 <= ymin and ymax < 1e7:
        zone, zone_max = int(xmin // 1e6), int(xmax // 1e6)
        if zone == zone_max:
            if 25 <= zone <= 45:
                return gauss_kruger_3deg_epsg(zone)
            if 13 <= zone <= 23:
                return gauss_kruger_6deg_epsg(zone)
    return None


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
        return infos[0][0], "all inputs share this CRS"
    zoned = [(crs, info) for crs, info in infos if info.kind in (GK3, GK6)]
    if zoned:
        counts = {}
        for crs, info in zoned:
            counts.setdefault(info.epsg, [crs, 0])[1] += 1
        crs, _ = max(counts.values(), key=lambda item: item[1])
        return crs, "the CGCS2000 Gauss-Kruger CRS most inputs use; the others are reprojected to it"
    projected = [crs for crs, _ in infos if not crs.is_geographic]
    if projected:
        return projected[0], "the first projected input CRS; the others are reprojected to it"
    return infos[0][0], "inputs are geographic; reprojected to the first input's CRS"


def prefixed_gk3_crs_for(crs, geometries):
    """The zone-prefixed CGCS2000 3-degree CRS a coordinate TXT file needs, and why.

    Keeps the layer's zone when it is already a 3-degree zone (adding the prefix if missing);
    otherwise takes the zone of the data's mean longitude.
    """
    info = describe_crs(crs)
    if info.kind == GK3:
        return f"EPSG:{gauss_kruger_3deg_epsg(info.zone)}", f"3-degree zone {info.zone} of the layer"
    lonlat = reproject_geometries(np.asarray(geometries, dtype=object), crs, CGCS2000_GEOGRAPHIC)
    longitudes = shapely.get_coordinates(lonlat)[:, 0]
    if not len(longitudes):
        raise ValueError("no coordinates to choose a zone from")
    zone = gk3_zone_for_longitude(float(np.mean(longitudes)))
    return f"EPSG:{gauss_kruger_3deg_epsg(zone)}", f"3-degree zone {zone} of the data's mean longitude"
