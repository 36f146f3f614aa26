"""Coordinate reference systems of Chinese planning data (CGCS2000 and its Gauss-Krüger zones)."""
import os

import pyproj

#: CGCS2000 geographic CRS. Its ellipsoid equals GRS80 (a = 6378137, 1/f = 298.257222101).
CGCS2000_GEOGRAPHIC = "EPSG:4490"
CGCS2000_ELLIPSOID = {"a": 6378137.0, "rf": 298.257222101}


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


def to_geographic_transformer(crs):
    """Transformer from ``crs`` to CGCS2000 longitude/latitude (always x = longitude)."""
    return pyproj.Transformer.from_crs(as_pyproj_crs(crs), CGCS2000_GEOGRAPHIC, always_xy=True)


def gauss_kruger_3deg_epsg(zone, with_zone_prefix=True):
    """EPSG code of the CGCS2000 3-degree Gauss-Krüger zone (25-45).

    With the zone number in the false easting (e.g. 39 500 000 m): 4488 + zone;
    the truncated "CM xxxE" variant: 4509 + zone.
    """
    if not 25 <= zone <= 45:
        raise ValueError(f"CGCS2000 3-degree zones run from 25 to 45, not {zone}")
    return (4488 if with_zone_prefix else 4509) + zone
