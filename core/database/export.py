"""成果建库: MultiPlan's results written into the standard's layers and fields.

What goes where is an editable table (``resources/database/导出映射.csv``, :data:`DEFAULT_MAPPING`),
one row per filled field::

    layer,field,source,value,note

``source`` names the input (:data:`SOURCES`: COUNTY, TOWNSHIPS, ECOLOGY, FARMLAND, URBAN, ZONES,
BLUEPRINT, and INDICATORS, the table of ``planning_indicators``) whose features (rows) become the
layer's features; ``value`` says how the field is filled:

* ``bsm``: 1, 2, 3 … in the layer;  ``ysdm``: the layer's 要素代码 from the schema;
* ``field:A|B``: the input's field A, else B (the first the input has);
* ``const:TEXT``: a fixed text;
* ``area``: the feature's ellipsoidal area (CGCS2000) in the field's ``area_unit``, rounded to its
  precision;
* ``county:FIELD``: the field of the county layer's first feature (e.g. its XZQDM);
* ``ydyh_name:FIELD``: the 用地用海 name of the code in the input's FIELD;
* ``map:FIELD:a=x|b=y``: the input's FIELD recoded (values not listed stay empty and are reported).

Fields of the schema that no row fills stay NULL; layers whose source is not given are not
written. Both are listed in the :class:`ExportReport`, so nothing is silently missing.
"""
import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr, osr

from ..areas import polygon_areas
from ..geometry import polygonal
from ..progress import report
from .schema import AREA_UNITS, SCHEMA_DIR, SchemaError, read_text

DEFAULT_MAPPING = SCHEMA_DIR / "导出映射.csv"
SOURCES = ("COUNTY", "TOWNSHIPS", "ECOLOGY", "FARMLAND", "URBAN", "ZONES", "BLUEPRINT", "INDICATORS")
MAPPING_COLUMNS = ("layer", "field", "source", "value", "note")
_VALUE_KINDS = ("bsm", "ysdm", "field", "const", "area", "county", "ydyh_name", "map")
FORMATS = {".gpkg": "GPKG", ".gdb": "OpenFileGDB"}


@dataclass
class Source:
    """One input: its features' geometries, attribute values (field → array) and CRS (WKT)."""

    name: str
    geometries: np.ndarray
    values: dict
    crs_wkt: str

    def column(self, name):
        key = name.upper()
        return next((values for field_name, values in self.values.items() if field_name.upper() == key), None)


@dataclass(frozen=True)
class Rule:
    layer: str
    field: str
    source: str
    kind: str
    argument: str
    line: int


@dataclass
class LayerExport:
    layer: str
    alias: str
    source: str
    features: int = 0
    unfilled_fields: list = field(default_factory=list)  # fields no rule fills (stay NULL)
    missing_values: dict = field(default_factory=dict)  # field → number of features left empty
    skipped: bool = False  # the source was not given
    ysdm_unknown: bool = False  # the schema gives no 要素代码 for the layer: YSDM left empty
    degenerate: int = 0  # features left out: no area once on the delivery grid (overlay slivers)
    missing_fields: dict = field(default_factory=dict)  # standard field → the input fields none of which exist


@dataclass
class ExportReport:
    layers: list = field(default_factory=list)

    @property
    def written(self):
        return [item for item in self.layers if not item.skipped]

    @property
    def skipped(self):
        return [item for item in self.layers if item.skipped]


def delivery_crs(crs, bounds):
    """The CRS the database is written in: ``crs`` when it is a CGCS2000 3-degree Gauss-Krüger
    zone (what the standard asks for), else the zone (with its number in the easting) of the
    centre of ``bounds`` (xmin, ymin, xmax, ymax in ``crs``), e.g. for a county in longitude/latitude."""
    from ..crs import GK3, describe_crs, gk3_zone_for_longitude, to_lonlat, zone_epsg

    if describe_crs(crs).kind == GK3:
        return crs
    lon, _ = to_lonlat([(bounds[0] + bounds[2]) / 2], [(bounds[1] + bounds[3]) / 2], crs)
    return f"EPSG:{zone_epsg(gk3_zone_for_longitude(float(lon[0])), 3)}"


def load_mapping(path=None):
    """The export rules of ``path`` (default :data:`DEFAULT_MAPPING`); :class:`SchemaError` names the
    file and the line of a bad row."""
    path = Path(path) if path else DEFAULT_MAPPING
    if not path.is_file():
        raise SchemaError(path, 0, "文件不存在", "the file does not exist")
    rows = list(csv.reader(read_text(path).splitlines()))
    header = [cell.strip() for cell in rows[0]] if rows else []
    if [column for column in MAPPING_COLUMNS if column not in header]:
        raise SchemaError(path, 1, f"表头应为 {','.join(MAPPING_COLUMNS)}", f"the header must be {','.join(MAPPING_COLUMNS)}")
    rules = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, (cell.strip() for cell in cells)))
        if row.get("source") not in SOURCES:
            raise SchemaError(path, line, f"来源 “{row.get('source')}” 未知，可用 {', '.join(SOURCES)}",
                              f"unknown source {row.get('source')!r}; use {', '.join(SOURCES)}")
        kind, _, argument = (row.get("value") or "").partition(":")
        if kind not in _VALUE_KINDS or (kind in ("field", "county", "ydyh_name", "map") and not argument):
            raise SchemaError(path, line, f"取值 “{row.get('value')}” 无法识别", f"cannot read value {row.get('value')!r}")
        rules.append(Rule(row["layer"], row["field"], row["source"], kind, argument, line))
    return rules


def export_database(path, schema, sources, rules=None, progress=None, ydyh_names=None):
    """Write the layers of ``schema`` that ``rules`` fill from the given ``sources`` ({source id:
    :class:`Source`}) into a new database at ``path`` (.gpkg, or .gdb where GDAL can write it).
    Returns an :class:`ExportReport`. ``path`` must not exist (the caller writes aside and moves)."""
    rules = load_mapping() if rules is None else rules
    path = Path(path)
    driver = ogr.GetDriverByName(FORMATS.get(path.suffix.lower(), ""))
    if driver is None or not driver.TestCapability(ogr.ODrCCreateDataSource):
        raise ValueError(f"cannot write {path.suffix} databases with this GDAL")
    by_layer = {}
    for rule in rules:
        if schema.layer(rule.layer) is None:
            raise ValueError(f"the export table names layer {rule.layer}, which the schema does not have")
        by_layer.setdefault(schema.layer(rule.layer).name, []).append(rule)
    county = sources.get("COUNTY")
    result = ExportReport()
    dataset = driver.CreateDataSource(str(path))
    if dataset is None:
        raise ValueError(f"cannot create {path}: {gdal.GetLastErrorMsg()}")
    try:
        layer_specs = [spec for spec in schema.layers.values() if spec.name in by_layer]
        for number, spec in enumerate(layer_specs):
            layer_rules = by_layer[spec.name]
            source_id = layer_rules[0].source
            item = LayerExport(spec.name, spec.alias, source_id)
            result.layers.append(item)
            source = sources.get(source_id)
            if source is None:
                item.skipped = True
                continue
            _write_layer(dataset, spec, layer_rules, source, county, item, ydyh_names)
            report(progress, (number + 1) / len(layer_specs))
        for spec in schema.layers.values():
            if spec.name not in by_layer:
                result.layers.append(LayerExport(spec.name, spec.alias, "", skipped=True))
    finally:
        dataset = None
    return result


def _write_layer(dataset, spec, rules, source, county, item, ydyh_names):
    table = spec.geometry == "None"  # an attribute table: every row is written, without geometry
    geometries = np.asarray(source.geometries, dtype=object)
    if table:
        keep = np.ones(len(geometries), dtype=bool)
    else:
        geometries = _on_grid(geometries) if spec.geometry == "Polygon" else geometries
        keep = ~shapely.is_missing(geometries) & ~shapely.is_empty(geometries)
        item.degenerate = int((~keep & ~shapely.is_missing(np.asarray(source.geometries, dtype=object))).sum())
    geometries = geometries[keep]
    count = len(geometries)
    srs = None
    if not table:
        srs = osr.SpatialReference()
        srs.SetFromUserInput(source.crs_wkt)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    kind = {"Polygon": ogr.wkbMultiPolygon, "LineString": ogr.wkbMultiLineString, "Point": ogr.wkbPoint,
            "None": ogr.wkbNone}[spec.geometry]
    layer = dataset.CreateLayer(spec.name, srs, kind, options=_layer_options(dataset, spec))
    wide_integers = dataset.GetDriver().GetName() != "OpenFileGDB"  # FileGDB (GDAL 3.6) stores Integer64 as Real
    for field_spec in spec.fields:
        layer.CreateField(_field_definition(field_spec, wide_integers))
    filled = {rule.field.upper(): rule for rule in rules}
    item.unfilled_fields = [f.name for f in spec.fields if f.name.upper() not in filled]
    columns = {}
    areas = None
    for field_spec in spec.fields:
        rule = filled.get(field_spec.name.upper())
        if rule is None:
            continue
        if rule.kind == "area" and areas is None:
            areas = polygon_areas(geometries, source.crs_wkt)
        if rule.kind in ("field", "ydyh_name", "map"):
            wanted = rule.argument.split(":")[0].split("|") if rule.kind == "map" else rule.argument.split("|")
            if all(source.column(name) is None for name in wanted):
                item.missing_fields[field_spec.name] = wanted
        values = _values(rule, field_spec, spec, source, keep, count, county, areas, ydyh_names)
        missing = sum(1 for value in values if value is None)
        if rule.kind == "ysdm" and not spec.ysdm:
            item.ysdm_unknown = True
        elif missing:
            item.missing_values[field_spec.name] = missing
        columns[field_spec.name] = values
    definition = layer.GetLayerDefn()
    indices = {name: definition.GetFieldIndex(name) for name in columns}
    layer.StartTransaction()
    wkb = None if table else shapely.to_wkb(geometries)
    for position in range(count):
        feature = ogr.Feature(definition)
        for name, values in columns.items():
            value = values[position]
            if value is not None:
                feature.SetField(indices[name], value)
        if not table:
            geometry = ogr.CreateGeometryFromWkb(wkb[position])
            feature.SetGeometryDirectly(ogr.ForceTo(geometry, kind) if geometry.GetGeometryType() != kind else geometry)
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    item.features = count


#: FileGDB stores coordinates on a 0.1 mm grid (its default XY resolution, ArcGIS's too): a piece
#: with no area on that grid (a sliver of an earlier overlay) would come out as an invalid ring.
#: Such pieces are left out of every format alike, and counted.
GRID = 1e-4


def _on_grid(geometries):
    """``geometries`` (polygonal), with None for the pieces that have no area on :data:`GRID`."""
    geometries = polygonal(geometries)
    out = geometries.copy()
    present = ~shapely.is_missing(geometries) & ~shapely.is_empty(geometries)
    snapped = polygonal(shapely.set_precision(geometries[present], GRID))
    collapsed = shapely.is_empty(snapped) | (shapely.area(snapped) <= 0)
    positions = np.flatnonzero(present)[collapsed]
    out[positions] = None
    out[~present] = None
    return out


def _layer_options(dataset, spec):
    if dataset.GetDriver().GetName() == "OpenFileGDB":
        return [f"LAYER_ALIAS={spec.alias}"]
    return [f"DESCRIPTION={spec.alias}"] if dataset.GetDriver().GetName() == "GPKG" else []


def _field_definition(field_spec, wide_integers=True):
    kinds = {"Char": ogr.OFTString, "Int": ogr.OFTInteger, "Float": ogr.OFTReal, "Double": ogr.OFTReal,
             "Date": ogr.OFTDate}
    kind = kinds[field_spec.type]
    if field_spec.type == "Int" and (field_spec.length or 0) >= 10 and wide_integers:
        kind = ogr.OFTInteger64  # 10 digits do not all fit a 32-bit integer (FileGDB: Long, 32-bit)
    definition = ogr.FieldDefn(field_spec.name, kind)
    if field_spec.type == "Float":
        definition.SetSubType(ogr.OFSTFloat32)
    if field_spec.type in ("Char", "Float", "Double") and field_spec.length:
        definition.SetWidth(field_spec.length)
    if field_spec.type in ("Float", "Double") and field_spec.precision is not None:
        definition.SetPrecision(field_spec.precision)
    if field_spec.alias:
        definition.SetAlternativeName(field_spec.alias)
    return definition


def _values(rule, field_spec, spec, source, keep, count, county, areas, ydyh_names):
    if rule.kind == "bsm":
        return list(range(1, count + 1))
    if rule.kind == "ysdm":
        return [spec.ysdm or None] * count
    if rule.kind == "const":
        return [rule.argument or None] * count
    if rule.kind == "area":
        unit = AREA_UNITS[field_spec.area_unit or "m2"]
        decimals = field_spec.precision if field_spec.precision is not None else 2
        return [round(float(area) / unit, decimals) for area in areas]
    if rule.kind == "county":
        column = None if county is None else county.column(rule.argument)
        value = None if column is None or not len(column) else _plain(column[0])
        return [value] * count
    if rule.kind == "field":
        column = next((source.column(name) for name in rule.argument.split("|") if source.column(name) is not None), None)
        if column is None:
            return [None] * count
        return [_plain(value) for value in np.asarray(column, dtype=object)[keep]]
    if rule.kind == "ydyh_name":
        column = source.column(rule.argument)
        if column is None:
            return [None] * count
        if ydyh_names is None:
            from ..intake.landuse import load_classification

            table = load_classification("ydyh2023")
            ydyh_names = dict(zip(table["code"], table["name"]))
        return [ydyh_names.get(_plain(value)) for value in np.asarray(column, dtype=object)[keep]]
    name, _, pairs = rule.argument.partition(":")
    table = dict(pair.split("=", 1) for pair in pairs.split("|") if "=" in pair)
    column = source.column(name)
    if column is None:
        return [None] * count
    return [table.get(_plain(value)) for value in np.asarray(column, dtype=object)[keep]]


def _plain(value):
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return None
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    text = str(value).strip()
    return text or None
