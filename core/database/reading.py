"""Reading a planning database as it is delivered: a GeoPackage, a FileGDB folder (``.gdb``, through
GDAL's OpenFileGDB driver) or a folder of shapefiles, read-only, every layer whole.

Layers come as :class:`DbLayer`: the declared structure (geometry type, fields with their OGR type,
width and precision, CRS) and the contents (shapely geometries, one array of values per field with
None for NULL). Whole columns are read through GDAL's Arrow stream where GDAL has it (3.6+): no
Python loop over features; otherwise feature by feature.
"""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr

from ..progress import report

#: The standard's field types, from OGR's.
_KINDS = {ogr.OFTString: "Char", ogr.OFTInteger: "Int", ogr.OFTInteger64: "Int", ogr.OFTReal: "Double",
          ogr.OFTDate: "Date", ogr.OFTDateTime: "Date"}
_GEOMETRIES = {ogr.wkbPolygon: "Polygon", ogr.wkbMultiPolygon: "Polygon", ogr.wkbLineString: "LineString",
               ogr.wkbMultiLineString: "LineString", ogr.wkbPoint: "Point", ogr.wkbMultiPoint: "Point",
               ogr.wkbCurvePolygon: "Polygon", ogr.wkbMultiSurface: "Polygon", ogr.wkbCompoundCurve: "LineString",
               ogr.wkbMultiCurve: "LineString"}


class DatabaseError(ValueError):
    """A database that cannot be opened (``reason``: ``missing``, ``format`` or ``empty``)."""

    def __init__(self, path, reason):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


@dataclass
class DbField:
    name: str
    kind: str  # Char, Int, Float, Double, Date or Other
    width: int
    precision: int
    ogr_type: str


@dataclass
class DbLayer:
    name: str
    geometry: str  # Polygon, LineString, Point, or the OGR name of another type
    fields: list
    crs_wkt: str
    geometries: np.ndarray
    values: dict = field(default_factory=dict)  # field name → object array, None = NULL
    source: str = ""  # the file the layer is in (a shapefile's own path)

    def field(self, name):
        key = name.upper()
        return next((spec for spec in self.fields if spec.name.upper() == key), None)

    def column(self, name):
        spec = self.field(name)
        return None if spec is None else self.values[spec.name]

    def __len__(self):
        return len(self.geometries)


def database_kind(path):
    """``gpkg``, ``gdb`` or ``shapefiles`` for a path that can be a database, else None."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".gpkg":
        return "gpkg"
    if path.is_dir() and path.suffix.lower() == ".gdb":
        return "gdb"
    if path.is_dir() and any(child.suffix.lower() == ".shp" for child in path.iterdir()):
        return "shapefiles"
    return None


def layer_names(path):
    """The names of the layers in the database at ``path``, without reading them."""
    return [name for name, _ in _sources(path)]


def read_database(path, progress=None, only=None):
    """Every layer of the database at ``path`` (or those named in ``only``) as :class:`DbLayer`,
    read-only. Raises :class:`DatabaseError` when it is not a database."""
    sources = _sources(path)
    if only is not None:
        wanted = {name.upper() for name in only}
        sources = [(name, source) for name, source in sources if name.upper() in wanted]
    layers = []
    for number, (name, (file_path, layer_index)) in enumerate(sources):
        dataset = gdal.OpenEx(str(file_path), gdal.OF_VECTOR | gdal.OF_READONLY)
        if dataset is None:
            raise DatabaseError(file_path, "format")
        layers.append(_read_layer(dataset.GetLayer(layer_index), name, str(file_path)))
        dataset = None
        report(progress, (number + 1) / max(len(sources), 1))
    return layers


def _sources(path):
    """(layer name, (file, layer index)) for every layer of the database."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(path, "missing")
    kind = database_kind(path)
    if kind is None:
        raise DatabaseError(path, "format")
    if kind == "shapefiles":
        shapes = {child.stem for child in path.iterdir() if child.suffix.lower() == ".shp"}
        # a .dbf without its .shp is an attribute table (e.g. 规划指标)
        files = sorted(child for child in path.iterdir() if child.suffix.lower() == ".shp"
                       or (child.suffix.lower() == ".dbf" and child.stem not in shapes))
        return [(child.stem, (child, 0)) for child in files]
    # quietly, and the same whether or not the host turned GDAL exceptions on (QGIS 3.40's
    # Processing does, 3.22's does not)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        dataset = None
    finally:
        gdal.PopErrorHandler()
    if dataset is None:
        raise DatabaseError(path, "format")
    return [(dataset.GetLayer(k).GetName(), (path, k)) for k in range(dataset.GetLayerCount())
            if dataset.GetLayer(k).GetName().lower() not in SYSTEM_TABLES]


#: Tables GIS software adds to a database by itself (QGIS's styles and projects).
SYSTEM_TABLES = frozenset({"layer_styles", "qgis_projects"})


def read_ogr_layer(layer, name, source=""):
    """An open OGR layer (its attribute filter respected) read whole as a :class:`DbLayer`."""
    return _read_layer(layer, name, source)


def _read_layer(layer, name, source):
    definition = layer.GetLayerDefn()
    fields = []
    for k in range(definition.GetFieldCount()):
        spec = definition.GetFieldDefn(k)
        kind = _KINDS.get(spec.GetType(), "Other")
        if kind == "Double" and spec.GetSubType() == ogr.OFSTFloat32:
            kind = "Float"
        fields.append(DbField(spec.GetName(), kind, spec.GetWidth(), spec.GetPrecision(), spec.GetFieldTypeName(spec.GetType())))
    geometry_type = ogr.GT_Flatten(layer.GetGeomType())
    geometry = "None" if geometry_type == ogr.wkbNone else _GEOMETRIES.get(geometry_type,
                                                                           ogr.GeometryTypeToName(geometry_type))
    srs = layer.GetSpatialRef()
    crs_wkt = srs.ExportToWkt() if srs is not None else None
    geometries, values = _read_arrow(layer, fields)  # GDAL 3.6+ (Debian 12)
    return DbLayer(name, geometry, fields, crs_wkt, geometries, values, source)


def _read_arrow(layer, fields):
    column = layer.GetGeometryColumn() or "wkb_geometry"
    wkb, columns = [], {spec.name: [] for spec in fields}
    layer.ResetReading()
    for batch in layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO"]):
        if column in batch:
            wkb.append(batch[column])
        for spec in fields:
            columns[spec.name].append(batch[spec.name])
    geometries = _from_wkb(np.ma.concatenate(wkb) if wkb else np.empty(0, dtype=object))
    values = {name: _as_objects(parts) for name, parts in columns.items()}
    if not wkb:
        geometries = np.full(len(next(iter(values.values()), [])), None, dtype=object)
    return geometries, values


def _from_wkb(wkb):
    """Shapely geometries from an Arrow geometry column (bytes, fixed-width void or masked)."""
    mask = np.ma.getmaskarray(wkb) if np.ma.isMaskedArray(wkb) else np.zeros(len(wkb), dtype=bool)
    items = [None if masked or item is None else bytes(item) for item, masked in zip(np.ma.getdata(wkb), mask)]
    out = np.full(len(items), None, dtype=object)
    present = np.array([item is not None and len(item) > 0 for item in items], dtype=bool)
    if present.any():
        out[present] = shapely.from_wkb(np.array([item for item in items if item], dtype=object))
    return out


def _as_objects(parts):
    """One object array from Arrow batches: NULL → None, text decoded, dates as ISO text."""
    if not parts:
        return np.empty(0, dtype=object)
    masked = np.ma.concatenate(parts) if any(np.ma.isMaskedArray(p) for p in parts) else np.concatenate(parts)
    mask = np.ma.getmaskarray(masked)
    data = np.ma.getdata(masked)
    if data.dtype.kind == "S":
        out = np.array([item.decode("utf-8", errors="replace") for item in data.tolist()], dtype=object)
    elif data.dtype.kind == "O":
        out = np.array([item.decode("utf-8", errors="replace") if isinstance(item, bytes) else item
                        for item in data.tolist()], dtype=object)
    elif data.dtype.kind == "M":
        out = np.array([str(item)[:10] for item in data.astype("datetime64[D]")], dtype=object)
    else:
        out = data.astype(object)
    out[mask] = None
    return out
