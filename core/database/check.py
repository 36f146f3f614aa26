"""数据库质检 (汇交质检): a planning database checked against its standard's :mod:`schema`.

Every rule is named (:data:`RULES`: id, Chinese and English name, default severity 错误/警告) and
every problem is one row of a table (:data:`COLUMNS`): the rule, its severity, the layer, the
field, the feature (by its 标识码 BSM, else ``#n``, its number in the layer), the offending value, a
message (:class:`~core.report.Text`, worded in the report language) and where it is (``x, y`` in
the layer's CRS, ``lon, lat`` in CGCS2000; none for a layer or field problem). ``geometry`` holds
the fault when it is an area (an overlap, a gap).

The rules, in order:

* structure: required layers present, layers the standard does not know, geometry type, fields
  missing / not in the standard, field type, length and precision as declared;
* values: mandatory values empty, values outside the 值域 or longer than the field, 要素代码
  (YSDM) other than the layer's, 标识码 (BSM) repeated;
* a breach of a structure or value rule on a layer or field the schema marks ``UNVERIFIED`` is a
  警告, not an 错误 (the delivery may be right and the transcription wrong); topology, CRS,
  YSDM and BSM rules keep their severity;
* space: the CRS is a CGCS2000 3-degree Gauss-Krüger zone and the data lie in that zone; valid
  geometries; no overlaps within ``no_overlap`` layers; ``cover_county`` layers cover the county
  (the union of the ``county`` layer) without gaps — overlaps and gaps narrower than the XY
  tolerance (1 mm, ArcGIS's default; FileGDB rounds coordinates to 0.1 mm) are rounding, not
  faults; declared areas (``area_unit`` fields) equal to the ellipsoidal area within a tolerance.

The database is only read (:mod:`core.database.reading`).
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..crs import (GK3, LOOKS_GK_ZONE, CoordinatesOutsideCrsError, check_coordinates_in_crs, coordinates_look,
                   crs_label, describe_crs, gk3_zone_for_longitude, to_lonlat)
from ..geometry import valid_polygonal
from ..intake.quality import EMPTY_GEOMETRY, find_gaps, find_invalid, find_overlaps, reason_text
from ..progress import report, scaled
from ..report import Text, pick
from ..units import SQUARE_METRES_PER_MU

ERROR, WARNING = "error", "warning"
SEVERITY_NAMES = {ERROR: ("错误", "Error"), WARNING: ("警告", "Warning")}
#: (rule id, Chinese name, English name, default severity), in the report's order.
RULES = (
    ("MISSING_LAYER", "缺少图层", "Missing layer", ERROR),
    ("EXTRA_LAYER", "多余图层", "Layer not in the standard", WARNING),
    ("GEOMETRY_TYPE", "几何类型不符", "Wrong geometry type", ERROR),
    ("MISSING_FIELD", "缺少字段", "Missing field", ERROR),
    ("EXTRA_FIELD", "多余字段", "Field not in the standard", WARNING),
    ("FIELD_TYPE", "字段类型不符", "Wrong field type", ERROR),
    ("FIELD_LENGTH", "字段长度不符", "Wrong field length", WARNING),
    ("FIELD_PRECISION", "字段精度不符", "Wrong field precision", WARNING),
    ("EMPTY_VALUE", "必填字段为空", "Mandatory value empty", ERROR),
    ("DOMAIN", "值不在值域内", "Value outside its domain", ERROR),
    ("VALUE_LENGTH", "值超过字段长度", "Value longer than the field", ERROR),
    ("YSDM", "要素代码错误", "Wrong feature code (YSDM)", ERROR),
    ("DUPLICATE_BSM", "标识码重复", "Duplicate BSM", ERROR),
    ("CRS", "坐标系不符", "Wrong CRS", ERROR),
    ("INVALID_GEOMETRY", "几何无效", "Invalid geometry", ERROR),
    ("OVERLAP", "图斑重叠", "Overlap", ERROR),
    ("GAP", "未覆盖县域（缝隙）", "Gap in the county cover", ERROR),
    ("AREA", "面积与计算值不符", "Declared area differs", ERROR),
)
RULE_IDS = tuple(rule for rule, *_ in RULES)
_RULE = {rule: (zh, en, severity) for rule, zh, en, severity in RULES}
COLUMNS = ("rule", "severity", "layer", "field", "feature_id", "value", "message", "area_m2", "x", "y", "lon", "lat",
           "geometry")
#: Fields GIS formats add by themselves (FileGDB's OBJECTID and shape measures, shapefile FID).
SYSTEM_FIELDS = frozenset({"OBJECTID", "FID", "SHAPE_LENGTH", "SHAPE_AREA", "SHAPE_LENG", "OGC_FID"})
NOISE_AREA = 1e-5 * SQUARE_METRES_PER_MU  # m²: overlaps and gaps below this are floating-point noise


@dataclass
class CheckSettings:
    """Tolerances of the check; each is a user parameter with this default."""

    area_tolerance: float = 0.001  # relative: |declared − ellipsoidal| ≤ 0.1 % (plus the field's rounding)
    min_overlap_area: float = NOISE_AREA  # m²
    min_gap_area: float = NOISE_AREA  # m²
    xy_tolerance: float = 0.001  # m: overlaps and gaps narrower than this are coordinate rounding (ArcGIS's default
    #                              XY tolerance; FileGDB stores coordinates on a 0.1 mm grid)


def _severity(rule, verified):
    """The rule's severity; a breach of what the schema marks UNVERIFIED (a guess at the standard,
    not its text) is only a warning: the delivery may well be right and the table wrong."""
    return _RULE[rule][2] if verified else WARNING


def rule_name(rule):
    return pick(*_RULE[rule][:2])


def severity_name(severity):
    return pick(*SEVERITY_NAMES[severity])


def check_database(layers, schema, settings=None, progress=None, ydyh_codes=None):
    """Problems of the database ``layers`` (:class:`~core.database.reading.DbLayer`) against
    ``schema`` (:class:`~core.database.schema.Schema`), as a DataFrame of :data:`COLUMNS`.

    ``ydyh_codes``: the 用地用海 codes a ``table:ydyh`` domain accepts (default: the plugin's table).
    """
    settings = settings or CheckSettings()
    found = _Problems()
    by_name = {layer.name.upper(): layer for layer in layers}
    for spec in schema.layers.values():
        if spec.name.upper() not in by_name and spec.required:
            found.add("MISSING_LAYER", spec.name, severity=_severity("MISSING_LAYER", spec.verified), message=Text(f"缺少图层 {spec.name}（{spec.alias}）",
                                                                f"Layer {spec.name} ({spec.alias}) is missing"))
    for layer in layers:
        if schema.layer(layer.name) is None:
            found.add("EXTRA_LAYER", layer.name, message=Text(f"图层 {layer.name} 不在数据库标准中",
                                                              f"Layer {layer.name} is not in the standard"))
    county = _county(layers, schema)
    checked = [(layer, schema.layer(layer.name)) for layer in layers if schema.layer(layer.name) is not None]
    for number, (layer, spec) in enumerate(checked):
        part = scaled(progress, number / len(checked), (number + 1) / len(checked))
        _check_layer(found, layer, spec, county, settings, ydyh_codes, part)
    report(progress, 1.0)
    return found.frame()


def summarise(problems):
    """Per rule (every rule listed): its errors, its warnings and both. A rule's breaches are not
    all of one severity: those of rows the standard file marks UNVERIFIED are warnings."""
    def per_rule(frame):
        return frame.groupby("rule").size() if len(frame) else pd.Series(dtype=int)

    errors = per_rule(problems[problems["severity"] == ERROR])
    warnings = per_rule(problems[problems["severity"] == WARNING])
    frame = pd.DataFrame({"rule": list(RULE_IDS), "rule_name": [rule_name(rule) for rule in RULE_IDS],
                          "errors": [int(errors.get(rule, 0)) for rule in RULE_IDS],
                          "warnings": [int(warnings.get(rule, 0)) for rule in RULE_IDS]})
    frame["count"] = frame["errors"] + frame["warnings"]
    return frame


def counts(problems):
    """(errors, warnings)."""
    return int((problems["severity"] == ERROR).sum()), int((problems["severity"] == WARNING).sum())


# --------------------------------------------------------------------------- collecting problems

class _Problems:
    def __init__(self):
        self.rows = []

    def add(self, rule, layer, field=None, feature_id=None, value=None, message=None, x=np.nan, y=np.nan,
            severity=None, geometry=None, area=np.nan, crs=None):
        self.rows.append({"rule": rule, "severity": severity or _RULE[rule][2], "layer": layer, "field": field,
                          "feature_id": feature_id, "value": value, "message": message, "area_m2": area,
                          "x": x, "y": y, "geometry": geometry, "_crs": crs})

    def frame(self):
        frame = pd.DataFrame(self.rows, columns=[*COLUMNS[:-3], "geometry", "_crs"]) if self.rows else \
            pd.DataFrame(columns=[*COLUMNS, "_crs"])
        frame["lon"], frame["lat"] = np.nan, np.nan
        for crs, group in frame.groupby("_crs", dropna=True):
            x, y = group["x"].to_numpy(dtype=float), group["y"].to_numpy(dtype=float)
            frame.loc[group.index, "lon"], frame.loc[group.index, "lat"] = to_lonlat(x, y, crs)
        return frame[list(COLUMNS)]


def _feature_ids(layer):
    """How features are named: their BSM where filled, else #n (n = 1-based number in the layer)."""
    ids = np.array([f"#{n}" for n in range(1, len(layer) + 1)], dtype=object)
    bsm = layer.column("BSM")
    if bsm is not None:
        filled = np.array([value is not None and str(value).strip() != "" for value in bsm], dtype=bool)
        ids[filled] = [_text(value) for value in bsm[filled]]
    return ids


def _text(value):
    """A value as the standard compares it: 1.0 → "1"; text as stored (a code with a surrounding
    space is not the code)."""
    if value is None:
        return None
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return str(value)


class _Places:
    """Representative points of a layer's features, computed once and only when a problem needs one."""

    def __init__(self, layer):
        self.layer, self.points = layer, None

    def of(self, positions):
        if self.points is None:
            geoms = self.layer.geometries
            present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
            self.points = np.full(len(geoms), None, dtype=object)
            if present.any():
                self.points[present] = shapely.point_on_surface(shapely.make_valid(geoms[present]))
        points = self.points[positions]
        return (np.array([np.nan if p is None else p.x for p in points]),
                np.array([np.nan if p is None else p.y for p in points]))


# --------------------------------------------------------------------------- one layer

def _check_layer(found, layer, spec, county, settings, ydyh_codes, progress):
    ids, places = _feature_ids(layer), _Places(layer)
    if layer.geometry != spec.geometry:
        found.add("GEOMETRY_TYPE", layer.name, message=Text(
            f"几何类型为 {layer.geometry}，标准要求 {spec.geometry}",
            f"Geometry type is {layer.geometry}; the standard says {spec.geometry}"))
    usable = _check_fields(found, layer, spec)
    report(progress, 0.1)
    for field_spec in spec.fields:
        if field_spec.name.upper() in usable:
            _check_values(found, layer, spec, field_spec, ids, places, ydyh_codes)
    report(progress, 0.3)
    if spec.geometry == "None":  # an attribute table: no CRS, no geometry to check
        return
    crs_ok = _check_crs(found, layer)
    if layer.geometry != spec.geometry or not len(layer):
        return
    _check_geometries(found, layer, ids, crs_ok)
    report(progress, 0.4)
    if spec.geometry != "Polygon":
        return
    geoms = valid_polygonal(layer.geometries)
    if "no_overlap" in spec.rules:
        _check_overlaps(found, layer, geoms, ids, settings, crs_ok, scaled(progress, 0.4, 0.7))
    if "cover_county" in spec.rules and county is not None and crs_ok:
        _check_gaps(found, layer, geoms, county, settings, scaled(progress, 0.7, 0.9))
    if crs_ok and spec.area_fields:
        _check_areas(found, layer, spec, geoms, ids, places, settings)
    report(progress, 1.0)


def _compatible(stored, wanted, width, precision):
    if stored.kind == wanted:
        return True
    if {stored.kind, wanted} <= {"Float", "Double"}:
        return True
    # a shapefile stores integers wider than 18 digits as Real with no decimals
    return wanted == "Int" and stored.kind == "Double" and stored.precision == 0 and stored.width > 0


def _check_fields(found, layer, spec):
    """Structure of the fields; returns the (upper-case) names of the fields whose values can be checked."""
    usable = set()
    for field_spec in spec.fields:
        stored = layer.field(field_spec.name)
        if stored is None:
            found.add("MISSING_FIELD", layer.name, field_spec.name,
                      severity=_severity("MISSING_FIELD", field_spec.verified and field_spec.mandatory),
                      message=Text(f"缺少字段 {field_spec.name}（{field_spec.alias}）",
                                   f"Field {field_spec.name} ({field_spec.alias}) is missing"))
            continue
        if not _compatible(stored, field_spec.type, field_spec.length, field_spec.precision):
            found.add("FIELD_TYPE", layer.name, field_spec.name, value=stored.ogr_type,
                      severity=_severity("FIELD_TYPE", field_spec.verified), message=Text(
                f"字段 {stored.name} 的类型为 {stored.ogr_type}，标准要求 {field_spec.type}",
                f"Field {stored.name} is {stored.ogr_type}; the standard says {field_spec.type}"))
            continue
        usable.add(field_spec.name.upper())
        if field_spec.type == "Char" and field_spec.length and stored.width and stored.width != field_spec.length:
            found.add("FIELD_LENGTH", layer.name, field_spec.name, value=stored.width, message=Text(
                f"字段 {stored.name} 的长度为 {stored.width}，标准要求 {field_spec.length}",
                f"Field {stored.name} has length {stored.width}; the standard says {field_spec.length}"))
        if (field_spec.type in ("Float", "Double") and field_spec.precision is not None and stored.precision
                and stored.precision != field_spec.precision):
            found.add("FIELD_PRECISION", layer.name, field_spec.name, value=stored.precision, message=Text(
                f"字段 {stored.name} 的小数位数为 {stored.precision}，标准要求 {field_spec.precision}",
                f"Field {stored.name} has {stored.precision} decimals; the standard says {field_spec.precision}"))
    known = {field_spec.name.upper() for field_spec in spec.fields}
    for stored in layer.fields:
        if stored.name.upper() not in known and stored.name.upper() not in SYSTEM_FIELDS:
            found.add("EXTRA_FIELD", layer.name, stored.name, message=Text(
                f"字段 {stored.name} 不在数据库标准中", f"Field {stored.name} is not in the standard"))
    return usable


def _check_values(found, layer, spec, field_spec, ids, places, ydyh_codes):
    values = layer.column(field_spec.name)
    texts = np.array([_text(value) for value in values], dtype=object)
    empty = np.array([text is None or text.strip() == "" for text in texts], dtype=bool)

    def add(rule, mask, message):
        # YSDM and BSM are checked by their own rules whatever the table says of them
        severity = _severity(rule, field_spec.verified or rule in ("YSDM", "DUPLICATE_BSM"))
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        xs, ys = places.of(positions)
        for position, x, y in zip(positions, xs, ys):
            found.add(rule, layer.name, field_spec.name, ids[position], texts[position], message(texts[position]),
                      x=x, y=y, crs=layer.crs_wkt, severity=severity)

    name = field_spec.name
    if field_spec.mandatory and not (name.upper() == "YSDM" and not spec.ysdm):  # a code the standard file lacks
        add("EMPTY_VALUE", empty, lambda _: Text(f"必填字段 {name} 为空", f"Mandatory field {name} is empty"))
    if field_spec.type == "Char" and field_spec.length:
        long = ~empty & np.array([text is not None and len(text) > field_spec.length for text in texts], dtype=bool)
        add("VALUE_LENGTH", long, lambda text: Text(f"{name} 的值 “{text}” 超过 {field_spec.length} 个字符",
                                                    f"{name} value {text!r} is longer than {field_spec.length}"))
    if field_spec.domain is not None:
        outside = ~empty & ~_in_domain(texts, values, field_spec.domain, ydyh_codes)
        described = field_spec.domain.describe()
        add("DOMAIN", outside, lambda text: Text(f"{name} 的值 “{text}” 不在值域（{described}）内",
                                                 f"{name} value {text!r} is outside its domain ({described})"))
    if name.upper() == "YSDM" and spec.ysdm:
        wrong = ~empty & (texts != spec.ysdm)
        add("YSDM", wrong, lambda text: Text(f"要素代码 “{text}” 应为 {spec.ysdm}",
                                             f"Feature code {text!r} should be {spec.ysdm}"))
    if name.upper() == "BSM":
        filled = np.flatnonzero(~empty)
        series = pd.Series(texts[filled])
        repeated = np.zeros(len(texts), dtype=bool)
        repeated[filled[series.duplicated(keep="first").to_numpy()]] = True
        first = {}
        for position in filled:
            first.setdefault(texts[position], position)
        add("DUPLICATE_BSM", repeated, lambda text: Text(
            f"标识码 {text} 重复（与第 {first[text] + 1} 个要素相同）",
            f"BSM {text} is repeated (feature {first[text] + 1} has it too)"))


def _in_domain(texts, values, domain, ydyh_codes):
    if domain.kind == "codes":
        return np.isin(texts.astype(str), list(domain.codes))
    if domain.kind == "range":
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=float)
        inside = np.isfinite(numbers)
        if domain.minimum is not None:
            inside &= numbers >= domain.minimum
        if domain.maximum is not None:
            inside &= numbers <= domain.maximum
        return inside
    if domain.table == "ydyh":
        if ydyh_codes is None:
            from ..intake.landuse import load_classification

            ydyh_codes = load_classification("ydyh2023")["code"]
        return np.isin(texts.astype(str), list(ydyh_codes))
    return np.array([text is not None and text.isdigit() and len(text) in (6, 9, 12) for text in texts], dtype=bool)


def _check_crs(found, layer):
    """True when the layer's coordinates can be measured (a CRS that fits them)."""
    if not layer.crs_wkt:
        found.add("CRS", layer.name, message=Text("图层没有坐标系", "The layer has no CRS"))
        return False
    info = describe_crs(layer.crs_wkt)
    label = crs_label(info)
    bounds = _bounds(layer.geometries)
    if bounds is not None:
        try:
            check_coordinates_in_crs(layer.crs_wkt, bounds)
        except CoordinatesOutsideCrsError:
            found.add("CRS", layer.name, value=info.epsg and f"EPSG:{info.epsg}", message=Text(
                f"坐标不可能位于所声明的坐标系（{label.zh}）中", f"The coordinates cannot lie in {label.en}"))
            return False
    if info.kind != GK3:
        found.add("CRS", layer.name, value=info.epsg and f"EPSG:{info.epsg}", message=Text(
            f"坐标系为 {label.zh}，应为 CGCS2000 3 度带高斯-克吕格投影",
            f"The CRS is {label.en}; the standard says CGCS2000 3-degree Gauss-Kruger"))
        return bounds is not None
    if bounds is not None:
        look = coordinates_look(*bounds)
        if info.zone_prefix and look.kind == LOOKS_GK_ZONE and look.width == 3:
            zone = look.zone  # the zone number the eastings carry
            zh = f"坐标的东坐标带号为第 {zone} 带（中央经线 {3 * zone}°E），坐标系却为第 {info.zone} 带"
            en = f"The eastings carry zone {zone} (central meridian {3 * zone}°E) but the CRS is zone {info.zone}"
        else:
            lon, _ = to_lonlat([(bounds[0] + bounds[2]) / 2], [(bounds[1] + bounds[3]) / 2], layer.crs_wkt)
            zone = gk3_zone_for_longitude(float(lon[0]))
            zh = f"数据位于 3 度带第 {zone} 带（中央经线 {3 * zone}°E），坐标系却为第 {info.zone} 带"
            en = f"The data lie in 3-degree zone {zone} (central meridian {3 * zone}°E) but the CRS is zone {info.zone}"
        if zone != info.zone:
            found.add("CRS", layer.name, value=f"EPSG:{info.epsg}", message=Text(zh, en))
            return False  # areas measured in the wrong zone would be wrong too: not compared
    return True


def _bounds(geoms):
    present = geoms[~shapely.is_missing(geoms)]
    if not len(present):
        return None
    bounds = shapely.total_bounds(present)
    return None if not np.isfinite(bounds).all() else tuple(float(v) for v in bounds)


def _check_geometries(found, layer, ids, crs_ok):
    invalid = find_invalid(layer.geometries)
    crs = layer.crs_wkt if crs_ok else None
    for row in invalid.itertuples():
        reason = reason_text(row.reason)
        message = Text("要素没有几何", "The feature has no geometry") if row.reason == EMPTY_GEOMETRY else \
            Text(f"几何无效：{reason.zh}", f"Invalid geometry: {reason.en}")
        found.add("INVALID_GEOMETRY", layer.name, feature_id=ids[row.index], message=message, x=row.x, y=row.y, crs=crs)


def _check_overlaps(found, layer, geoms, ids, settings, crs_ok, progress):
    overlaps = find_overlaps(geoms, settings.min_overlap_area, progress)
    overlaps = overlaps[_wider_than(overlaps["geometry"].to_numpy(), settings.xy_tolerance)] if len(overlaps) else overlaps
    if not len(overlaps):
        return
    areas = polygon_areas(overlaps["geometry"].to_numpy(), layer.crs_wkt) if crs_ok else overlaps["area"].to_numpy()
    points = shapely.point_on_surface(overlaps["geometry"].to_numpy())
    for row, area, point in zip(overlaps.itertuples(), areas, points):
        found.add("OVERLAP", layer.name, feature_id=ids[row.index_a], value=ids[row.index_b], area=area,
                  message=Text(f"与要素 {ids[row.index_b]} 重叠 {area:.2f} 平方米",
                               f"Overlaps feature {ids[row.index_b]} on {area:.2f} m²"),
                  x=point.x, y=point.y, geometry=row.geometry, crs=layer.crs_wkt if crs_ok else None)


def _check_gaps(found, layer, geoms, county, settings, progress):
    boundary = county.get(layer.crs_wkt)
    gaps = find_gaps(geoms, boundary=boundary, min_area=settings.min_gap_area, progress=progress)
    gaps = gaps[_wider_than(gaps["geometry"].to_numpy(), settings.xy_tolerance)] if len(gaps) else gaps
    if not len(gaps):
        return
    areas = polygon_areas(gaps["geometry"].to_numpy(), layer.crs_wkt)
    points = shapely.point_on_surface(gaps["geometry"].to_numpy())
    for geometry, area, point in zip(gaps["geometry"], areas, points):
        found.add("GAP", layer.name, area=area, message=Text(
            f"县域内有 {area:.2f} 平方米未被本图层覆盖", f"{area:.2f} m² of the county are not covered by the layer"),
            x=point.x, y=point.y, geometry=geometry, crs=layer.crs_wkt)


def _wider_than(faults, tolerance):
    """Faults (polygons) wider than ``tolerance`` somewhere: mean width 2·area/perimeter, the width
    of a thin strip; a strip narrower than the XY tolerance is rounding, not a fault."""
    perimeter = shapely.length(faults)
    width = np.where(perimeter > 0, 2 * shapely.area(faults) / np.where(perimeter > 0, perimeter, 1), 0.0)
    return width >= tolerance


class _County:
    """The county (union of the ``county`` layer), in any CRS asked for."""

    def __init__(self, geometry, crs_wkt):
        self.geometry, self.crs_wkt, self.cache = geometry, crs_wkt, {}

    def get(self, crs_wkt):
        if crs_wkt == self.crs_wkt:
            return self.geometry
        if crs_wkt not in self.cache:
            from ..crs import reproject_geometries

            self.cache[crs_wkt] = reproject_geometries(np.array([self.geometry]), self.crs_wkt, crs_wkt)[0]
        return self.cache[crs_wkt]


def _county(layers, schema):
    spec = schema.county_layer
    if spec is None:
        return None
    layer = next((layer for layer in layers if layer.name.upper() == spec.name.upper()), None)
    if layer is None or not len(layer) or not layer.crs_wkt:
        return None
    geoms = valid_polygonal(layer.geometries)
    geoms = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    if not len(geoms):
        return None
    return _County(shapely.union_all(geoms), layer.crs_wkt)


def _check_areas(found, layer, spec, geoms, ids, places, settings):
    measured = polygon_areas(geoms, layer.crs_wkt)
    from .schema import AREA_UNITS

    for field_spec in spec.area_fields:
        stored = layer.field(field_spec.name)
        if stored is None or stored.kind not in ("Float", "Double", "Int"):
            continue
        declared = pd.to_numeric(pd.Series(layer.values[stored.name], dtype=object), errors="coerce").to_numpy(float)
        unit = AREA_UNITS[field_spec.area_unit]
        decimals = field_spec.precision if field_spec.precision is not None else 2
        allowed = np.maximum(settings.area_tolerance * measured, 0.5 * 10.0 ** -decimals * unit) + 1e-6
        wrong = np.isfinite(declared) & np.isfinite(measured) & (np.abs(declared * unit - measured) > allowed)
        positions = np.flatnonzero(wrong)
        xs, ys = places.of(positions)
        label = {"m2": ("平方米", "m²"), "ha": ("公顷", "ha"), "mu": ("亩", "mu")}[field_spec.area_unit]
        for position, x, y in zip(positions, xs, ys):
            computed = measured[position] / unit
            found.add("AREA", layer.name, field_spec.name, ids[position], _text(declared[position]),
                      severity=_severity("AREA", field_spec.verified),
                      message=Text(f"{field_spec.name} 为 {declared[position]:.{decimals}f} {label[0]}，椭球面积为 "
                           f"{computed:.{decimals}f} {label[0]}（相差 {abs(declared[position] / computed - 1):.2%}）",
                           f"{field_spec.name} is {declared[position]:.{decimals}f} {label[1]}, the ellipsoidal area "
                           f"{computed:.{decimals}f} {label[1]} ({abs(declared[position] / computed - 1):.2%} off)"),
                      x=x, y=y, area=measured[position], crs=layer.crs_wkt)


# --------------------------------------------------------------------------- Excel report

def report_sheets(problems, note):
    """汇总 (count per rule), then one sheet per rule with its problems."""
    from ..report import AREA_M2, INTEGER, Column, Sheet

    summary = summarise(problems)
    sheets = [Sheet(pick("汇总", "Summary"), Text("数据库质检汇总表", "Database check summary"), [
        Column("rule_name", "检查项", "Rule", width=28), Column("rule", "规则代码", "Rule id", width=18),
        Column("errors", "错误", "Errors", INTEGER, summed=True),
        Column("warnings", "警告", "Warnings", INTEGER, summed=True),
        Column("count", "合计", "Total", INTEGER, summed=True)],
        summary, note=note, total_label=Text("合计", "Total"))]
    columns = [Column("layer", "图层", "Layer"), Column("field", "字段", "Field"),
               Column("feature_id", "要素（标识码）", "Feature (BSM)"), Column("value", "值", "Value"),
               Column("severity_name", "严重程度", "Severity"), Column("message", "说明", "Message", width=60),
               Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2),
               Column("x", "X 坐标", "X", "0.000"), Column("y", "Y 坐标", "Y", "0.000"),
               Column("lon", "经度", "Longitude", "0.0000000"), Column("lat", "纬度", "Latitude", "0.0000000")]
    for rule, zh, en, _ in RULES:
        rows = problems[problems["rule"] == rule].assign(
            severity_name=lambda frame: frame["severity"].map(severity_name))
        sheets.append(Sheet(pick(zh, en)[:31], Text(f"{zh}清单", f"{en} list"), columns, rows, note=note))
    return sheets
