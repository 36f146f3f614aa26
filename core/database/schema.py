"""The planning database's structure, read from an editable CSV file (one file per standard).

One row per field; the layer's own columns are repeated on each of its rows::

    layer,layer_alias,geometry,ysdm,layer_required,layer_rules,field,field_alias,type,length,
    precision,required,domain,area_unit,verified,source

* ``geometry``: Polygon, LineString, Point, or None for an attribute table (e.g. 规划指标); ``layer_required``: M (mandatory) or O (optional);
* ``layer_rules``: ``;``-separated from :data:`LAYER_RULES`: ``no_overlap`` (features of the layer
  must not overlap), ``cover_county`` (the layer covers the county without gaps) and ``county``
  (this layer's features, unioned, are the county the ``cover_county`` layers are checked against);
* ``type``: Char, Int, Float, Double or Date (the standards' 字符型/整型/浮点型/日期型), ``length``
  and ``precision`` integers (empty where they do not apply); ``required``: M, O or C (conditional:
  checked like O);
* ``domain`` (值域): empty, ``codes:CODE=名称|CODE=名称…``, ``range:MIN..MAX`` (either end may be
  empty) or ``table:NAME`` (:data:`TABLES`: ``ydyh`` the 用地用海 codes of
  ``resources/tables``, ``xzqdm`` a 6-, 9- or 12-digit 行政区划代码: county, township, village);
* ``area_unit``: ``m2``, ``ha`` or ``mu`` for a field declaring the feature's area (compared with
  the ellipsoidal area by the check), else empty;
* ``verified``: ``yes`` or ``UNVERIFIED`` (the check reports a breach of an UNVERIFIED row as a
  warning); ``source``: a key explained in the file's README. ``ysdm`` may be empty: not checked.

A province's variant is a copy of the file, edited and passed by path. Errors name the file and
the line (:class:`SchemaError`), so a technician editing the table in Excel or WPS finds the row.
"""
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import RESOURCES
from ..report import Text

SCHEMA_DIR = RESOURCES / "database"
DEFAULT_SCHEMA = SCHEMA_DIR / "市级国土空间总体规划数据库规范.csv"
COLUMNS = ("layer", "layer_alias", "geometry", "ysdm", "layer_required", "layer_rules", "field", "field_alias",
           "type", "length", "precision", "required", "domain", "area_unit", "verified", "source")
GEOMETRIES = ("Polygon", "LineString", "Point", "None")  # None: an attribute table (属性表)
TYPES = ("Char", "Int", "Float", "Double", "Date")
LAYER_RULES = ("no_overlap", "cover_county", "county")
TABLES = ("ydyh", "xzqdm")
AREA_UNITS = {"m2": 1.0, "ha": 10_000.0, "mu": 2000.0 / 3.0}  # m² per unit
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SchemaError(ValueError):
    """A schema file that cannot be used; ``text`` says why in both languages, naming file and line."""

    def __init__(self, path, line, zh, en):
        self.path, self.line = str(path), line
        where_zh = f"{Path(path).name} 第 {line} 行" if line else Path(path).name
        where_en = f"{Path(path).name}, line {line}" if line else Path(path).name
        self.text = Text(f"数据库结构文件 {where_zh}：{zh}", f"database schema {where_en}: {en}")
        super().__init__(self.text.en)


@dataclass(frozen=True)
class Domain:
    """值域: ``codes`` {code: name}, or a ``minimum``/``maximum`` range, or a named ``table``."""

    kind: str  # "codes", "range" or "table"
    codes: dict = None
    minimum: float = None
    maximum: float = None
    table: str = None

    def describe(self):
        if self.kind == "codes":
            return "、".join(f"{code}（{name}）" if name else code for code, name in self.codes.items())
        if self.kind == "range":
            low = "" if self.minimum is None else f"{self.minimum:g}"
            high = "" if self.maximum is None else f"{self.maximum:g}"
            return f"{low}～{high}"
        return {"ydyh": "用地用海分类代码", "xzqdm": "行政区划代码"}.get(self.table, self.table)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    alias: str
    type: str
    length: int = None
    precision: int = None
    required: str = "O"
    domain: Domain = None
    area_unit: str = None
    verified: bool = False
    line: int = 0

    @property
    def mandatory(self):
        return self.required == "M"


@dataclass
class LayerSpec:
    name: str
    alias: str
    geometry: str
    ysdm: str
    required: bool
    rules: frozenset
    fields: list = field(default_factory=list)
    line: int = 0

    def field(self, name):
        """The field spec of ``name`` (case-insensitive), or None."""
        key = name.upper()
        return next((spec for spec in self.fields if spec.name.upper() == key), None)

    @property
    def verified(self):
        """True when any of the layer's rows was read in a source (a layer all guessed is not)."""
        return any(spec.verified for spec in self.fields)

    @property
    def area_fields(self):
        return [spec for spec in self.fields if spec.area_unit]


@dataclass
class Schema:
    path: str
    layers: dict  # name → LayerSpec, in the file's order

    def layer(self, name):
        """The layer spec of ``name`` (case-insensitive), or None."""
        key = name.upper()
        return next((spec for spec in self.layers.values() if spec.name.upper() == key), None)

    @property
    def county_layer(self):
        return next((spec for spec in self.layers.values() if "county" in spec.rules), None)


def load_schema(path=None):
    """The :class:`Schema` in ``path`` (default :data:`DEFAULT_SCHEMA`); :class:`SchemaError` when
    the file is missing, not a CSV of :data:`COLUMNS`, or a row is wrong."""
    path = Path(path) if path else DEFAULT_SCHEMA
    if not path.is_file():
        raise SchemaError(path, 0, "文件不存在", "the file does not exist")
    text = read_text(path)
    rows = csv.reader(text.splitlines())
    try:
        header = [cell.strip().lstrip("\ufeff") for cell in next(rows)]
    except StopIteration:
        raise SchemaError(path, 1, "文件为空", "the file is empty") from None
    except csv.Error as error:
        raise SchemaError(path, 1, f"不是有效的 CSV（{error}）", f"not a valid CSV ({error})") from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise SchemaError(path, 1, f"缺少列 {', '.join(missing)}；表头应为 {','.join(COLUMNS)}",
                          f"missing column(s) {', '.join(missing)}; the header must be {','.join(COLUMNS)}")
    layers = {}
    line = 1
    try:
        for line, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise SchemaError(path, line, f"有 {len(cells)} 个单元格，表头有 {len(header)} 列",
                                  f"{len(cells)} cells where the header has {len(header)} columns")
            row = {name: cell.strip() for name, cell in zip(header, cells)}
            _add_row(layers, row, path, line)
    except csv.Error as error:
        raise SchemaError(path, line, f"不是有效的 CSV（{error}）", f"not a valid CSV ({error})") from None
    if not layers:
        raise SchemaError(path, 0, "没有定义任何图层", "no layer is defined")
    return Schema(str(path), layers)


def read_text(path):
    """A table file's text: UTF-8 (with or without BOM), else GBK as Excel on Chinese Windows saves;
    :class:`SchemaError` when it is neither."""
    data = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SchemaError(path, 0, "无法识别文件编码（应为 UTF-8 或 GBK）", "unknown encoding (use UTF-8 or GBK)")


def _add_row(layers, row, path, line):
    def fail(zh, en):
        raise SchemaError(path, line, zh, en)

    name = row["layer"]
    if not _NAME.match(name):
        fail(f"图层名 “{name}” 无效（应为字母、数字和下划线）", f"invalid layer name {name!r} (letters, digits, _)")
    if row["geometry"] not in GEOMETRIES:
        fail(f"几何类型 “{row['geometry']}” 未知，应为 {'/'.join(GEOMETRIES)}",
             f"unknown geometry type {row['geometry']!r}; use one of {', '.join(GEOMETRIES)}")
    if row["layer_required"] not in ("M", "O"):
        fail(f"layer_required “{row['layer_required']}” 应为 M 或 O",
             f"layer_required {row['layer_required']!r} must be M or O")
    rules = frozenset(rule.strip() for rule in row["layer_rules"].split(";") if rule.strip())
    unknown = sorted(rules - set(LAYER_RULES))
    if unknown:
        fail(f"图层规则 {', '.join(unknown)} 未知，可用 {', '.join(LAYER_RULES)}",
             f"unknown layer rule(s) {', '.join(unknown)}; use {', '.join(LAYER_RULES)}")
    layer = layers.get(name)
    if layer is None:
        layer = layers[name] = LayerSpec(name, row["layer_alias"], row["geometry"], row["ysdm"],
                                         row["layer_required"] == "M", rules, line=line)
    elif (layer.geometry, layer.ysdm, layer.rules) != (row["geometry"], row["ysdm"], rules):
        fail(f"图层 {name} 的几何类型、要素代码或规则与第 {layer.line} 行不同",
             f"layer {name}: geometry, YSDM or rules differ from line {layer.line}")
    layer.fields.append(_field(row, fail, layer, line))


def _field(row, fail, layer, line):
    name = row["field"]
    if not _NAME.match(name):
        fail(f"字段名 “{name}” 无效（应为字母、数字和下划线）", f"invalid field name {name!r} (letters, digits, _)")
    if layer.field(name) is not None:
        fail(f"图层 {layer.name} 的字段 {name} 重复", f"field {name} of layer {layer.name} is repeated")
    kind = row["type"]
    if kind not in TYPES:
        fail(f"字段 {name} 的类型 “{kind}” 未知，应为 {'/'.join(TYPES)}",
             f"field {name}: unknown type {kind!r}; use one of {', '.join(TYPES)}")
    length, precision = _integer(row["length"], "length", fail), _integer(row["precision"], "precision", fail)
    if row["required"] not in ("M", "O", "C"):
        fail(f"字段 {name} 的约束条件 “{row['required']}” 应为 M、O 或 C",
             f"field {name}: required {row['required']!r} must be M, O or C")
    unit = row["area_unit"] or None
    if unit is not None and (unit not in AREA_UNITS or kind not in ("Float", "Double")):
        fail(f"字段 {name} 的面积单位 “{unit}” 应为 m2、ha 或 mu，且字段为 Float/Double",
             f"field {name}: area_unit {unit!r} must be m2, ha or mu on a Float/Double field")
    verified = row["verified"].lower()
    if verified not in ("yes", "unverified"):
        fail(f"verified “{row['verified']}” 应为 yes 或 UNVERIFIED",
             f"verified {row['verified']!r} must be yes or UNVERIFIED")
    return FieldSpec(name, row["field_alias"], kind, length, precision, row["required"],
                     _domain(row["domain"], name, fail), unit, verified == "yes", line)


def _integer(text, label, fail):
    if not text:
        return None
    if not text.isdigit():
        fail(f"{label} “{text}” 应为非负整数", f"{label} {text!r} must be a whole number")
    return int(text)


def _domain(text, name, fail):
    if not text:
        return None
    kind, _, value = text.partition(":")
    kind, value = kind.strip(), value.strip()
    if kind == "codes":
        codes = {}
        for item in value.split("|"):
            code, _, label = item.partition("=")
            if code.strip():
                codes[code.strip()] = label.strip()
        if not codes:
            fail(f"字段 {name} 的代码列表为空", f"field {name}: empty code list")
        return Domain("codes", codes=codes)
    if kind == "range":
        low, sep, high = value.partition("..")
        try:
            if not sep:
                raise ValueError(value)
            return Domain("range", minimum=float(low) if low.strip() else None,
                          maximum=float(high) if high.strip() else None)
        except ValueError:
            fail(f"字段 {name} 的值域 “{text}” 应为 range:最小..最大", f"field {name}: range {text!r} must be range:MIN..MAX")
    if kind == "table":
        if value not in TABLES:
            fail(f"字段 {name} 的代码表 “{value}” 未知，可用 {', '.join(TABLES)}",
                 f"field {name}: unknown code table {value!r}; use {', '.join(TABLES)}")
        return Domain("table", table=value)
    fail(f"字段 {name} 的值域 “{text}” 无法识别（codes:…、range:…、table:…）",
         f"field {name}: unknown domain {text!r} (codes:…, range:… or table:…)")
