"""The blueprint workspace (三区三线): its layers, drawing types and the planning rules of drawing.

The schema lives in ``resources/workspace/schema.json`` so an office can rename fields, fill the
要素代码 (YSDM) of its database standard or recolour a line without touching code. This module
reads it and holds the rules the workspace dock applies, free of QGIS:

* :func:`avoid_overlaps` cuts a newly drawn polygon by the lines that take precedence over it
  (ecology first, then farmland, then the urban boundary: 2019 三条控制线 guidance, domain notes
  §3.1), and a zone by the other zones, so 三区 never overlap;
* :func:`area_summary` gives the ellipsoidal area per line and per zone class for the live panel.
"""
import csv
import json
import os
from dataclasses import dataclass, field

import shapely

from .. import RESOURCES
from ..areas import polygon_areas
from ..units import to_hectares, to_mu

SCHEMA_DIR = str(RESOURCES / "workspace")
SCHEMA_FILE = "schema.json"
FIELD_TYPES = ("int", "float", "str")


@dataclass(frozen=True)
class ZoneClass:
    code: str
    space: str
    zh: str
    en: str
    fill: tuple


@dataclass(frozen=True)
class LayerSpec:
    name: str
    zh: str
    en: str
    kind: str  # line | zones | plan | boundary
    role: str
    fields: tuple  # ((name, "int"|"float"|"str"), ...)
    style: dict
    code_field: str = ""
    name_field: str = ""
    type_field: str = ""
    classes: tuple = ()
    colours: str = ""
    standard_name: str = ""  # the layer's name in a 国土空间规划数据库 (resources/database)
    standard_fields: tuple = ()  # ((workspace field, standard field), ...)

    def title(self, language):
        return self.zh if language == "zh" else self.en

    def field_names(self):
        return [name for name, _ in self.fields]


@dataclass(frozen=True)
class DrawType:
    id: str
    layer: str
    zh: str
    en: str
    values: dict = field(default_factory=dict)
    avoid: tuple = ()

    def title(self, language):
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class Schema:
    layers: tuple
    draw_types: tuple

    def layer(self, name):
        for spec in self.layers:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def draw_type(self, type_id):
        for draw_type in self.draw_types:
            if draw_type.id == type_id:
                return draw_type
        raise KeyError(type_id)

    def layer_for_role(self, role):
        for spec in self.layers:
            if spec.role == role:
                return spec
        return None


class SchemaError(ValueError):
    pass


def load_schema(folder=None):
    """The workspace schema from ``folder`` (default: the plugin's ``resources/workspace``)."""
    path = os.path.join(folder or SCHEMA_DIR, SCHEMA_FILE)
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    try:
        layers = tuple(_layer_spec(item) for item in raw["layers"])
        names = {spec.name for spec in layers}
        draw_types = tuple(_draw_type(item, names) for item in raw["draw_types"])
    except KeyError as error:
        raise SchemaError(f"{path}: missing key {error}") from None
    if len(names) != len(layers):
        raise SchemaError(f"{path}: a layer name is used twice")
    return Schema(layers, draw_types)


def _layer_spec(item):
    fields = tuple((name, kind) for name, kind in item["fields"])
    bad = [name for name, kind in fields if kind not in FIELD_TYPES]
    if bad:
        raise SchemaError(f"layer {item['name']}: field types must be one of {FIELD_TYPES} ({', '.join(bad)})")
    classes = tuple(ZoneClass(str(c["code"]), c["space"], c["zh"], c["en"], tuple(c["fill"]))
                    for c in item.get("classes", ()))
    standard = item.get("standard", {})
    return LayerSpec(item["name"], item["zh"], item["en"], item["kind"], item["role"], fields, item.get("style", {}),
                     item.get("code_field", ""), item.get("name_field", ""), item.get("type_field", ""),
                     classes, item.get("colours", ""), standard.get("layer", ""),
                     tuple(standard.get("fields", {}).items()))


def standard_view(schema):
    """The workspace as it lies in a standard planning database (:mod:`core.database`): layers under
    their standard names, fields renamed (those the standard lacks dropped), code fields, draw
    types and their values renamed alike. Layers without a standard name keep theirs."""
    renamed = {spec.name: spec.standard_name or spec.name for spec in schema.layers}
    layers, field_maps = [], {}
    for spec in schema.layers:
        mapping = dict(spec.standard_fields) if spec.standard_name else {name: name for name, _ in spec.fields}
        field_maps[spec.name] = mapping
        layers.append(LayerSpec(
            renamed[spec.name], spec.zh, spec.en, spec.kind, spec.role,
            tuple((mapping[name], kind) for name, kind in spec.fields if name in mapping), spec.style,
            mapping.get(spec.code_field, ""), mapping.get(spec.name_field, ""), mapping.get(spec.type_field, ""),
            spec.classes, spec.colours, renamed[spec.name], tuple((n, n) for n in mapping.values())))
    draw_types = tuple(DrawType(
        item.id, renamed[item.layer], item.zh, item.en,
        {field_maps[item.layer][key]: value for key, value in item.values.items() if key in field_maps[item.layer]},
        tuple(renamed[name] for name in item.avoid)) for item in schema.draw_types)
    return Schema(tuple(layers), draw_types)


def schema_for_layers(schema, layer_names):
    """``schema`` for a GeoPackage holding ``layer_names``: the workspace itself, or its
    :func:`standard_view` when the file has more of the standard's layer names than of the
    workspace's (a planning database opened in the dock)."""
    names = {name.upper() for name in layer_names}
    own = sum(spec.name.upper() in names for spec in schema.layers)
    standard = sum((spec.standard_name or spec.name).upper() in names for spec in schema.layers)
    return standard_view(schema) if standard > own else schema


def _draw_type(item, layer_names):
    if item["layer"] not in layer_names:
        raise SchemaError(f"draw type {item['id']}: unknown layer {item['layer']}")
    unknown = [name for name in item.get("avoid", ()) if name not in layer_names]
    if unknown:
        raise SchemaError(f"draw type {item['id']}: unknown layers to avoid {unknown}")
    return DrawType(item["id"], item["layer"], item["zh"], item["en"], dict(item.get("values", {})),
                    tuple(item.get("avoid", ())))


def read_colours(spec, folder=None):
    """``{code prefix: (name, (r, g, b))}`` of a plan layer's colour table (用地用海 附录B fills)."""
    if not spec.colours:
        return {}
    with open(os.path.join(folder or SCHEMA_DIR, spec.colours), encoding="utf-8-sig", newline="") as handle:
        return {row["code"]: (row["name"], (int(row["r"]), int(row["g"]), int(row["b"])))
                for row in csv.DictReader(handle)}


def avoid_overlaps(geometry, others):
    """``geometry`` minus the union of ``others`` (shapely polygons), polygonal parts only.

    Returns ``(kept, removed_geometry)``; ``kept`` is None when nothing is left.
    """
    others = [other for other in others if other is not None and not other.is_empty]
    if not others:
        return geometry, None
    blocker = shapely.union_all(shapely.make_valid(others))
    kept = _polygonal(shapely.difference(shapely.make_valid(geometry), blocker))
    removed = _polygonal(shapely.intersection(shapely.make_valid(geometry), blocker))
    return kept, removed


def _polygonal(geometry):
    from ..geometry import polygonal

    result = polygonal([geometry])[0]
    return None if result is None or result.is_empty else result


@dataclass
class AreaRow:
    key: str  # layer name, or layer name/class code for zones
    label_zh: str
    label_en: str
    count: int
    area_m2: float

    @property
    def area_ha(self):
        return float(to_hectares(self.area_m2))

    @property
    def area_mu(self):
        return float(to_mu(self.area_m2))


def area_summary(schema, areas_by_layer):
    """Rows for the live area panel.

    ``areas_by_layer`` maps a layer name to ``[(class code or None, area m²), ...]`` (one item per
    feature). Lines give one row each; the zone layer one row per class in schema order (codes
    not in the schema in a row "other"). Plan and boundary layers are not summarised.
    """
    rows = []
    for spec in schema.layers:
        items = areas_by_layer.get(spec.name)
        if items is None:
            continue
        if spec.kind == "line":
            rows.append(AreaRow(spec.name, spec.zh, spec.en, len(items), float(sum(a for _, a in items))))
        elif spec.kind == "zones":
            known = {c.code for c in spec.classes}
            for zone in spec.classes:
                picked = [a for code, a in items if code == zone.code]
                rows.append(AreaRow(f"{spec.name}/{zone.code}", zone.zh, zone.en, len(picked), float(sum(picked))))
            other = [a for code, a in items if code not in known]
            if other:
                rows.append(AreaRow(f"{spec.name}/?", "未分类", "Unclassified", len(other), float(sum(other))))
    return rows


def feature_areas(geometries, crs):
    """Ellipsoidal areas (m², CGCS2000 practice) of shapely polygons in ``crs``; None counts 0."""
    if not len(geometries):
        return []
    areas = polygon_areas(geometries, crs)
    return [0.0 if area != area else float(area) for area in areas]


def next_identifier(existing):
    """The next 标识码 (BSM): one more than the largest integer among ``existing``, 1 to start."""
    numbers = [int(value) for value in existing if value not in (None, "") and str(value).lstrip("-").isdigit()]
    return max(numbers, default=0) + 1
