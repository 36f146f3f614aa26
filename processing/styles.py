"""Result layers load styled: the symbology of each kind of MultiPlan output.

After a run the base algorithm stores each styled output's style *in the output itself* (the
GeoPackage's ``layer_styles`` table as its default style, or a ``<name>.qml`` beside a
shapefile, GeoJSON or FlatGeobuf file, which QGIS loads as the default style), so the layer
opens styled wherever it is opened, and sets a post-processor that applies it when Processing
loads the layer into the project.

Kinds: ``patches`` (difference patches by type, faded once reviewed, hatched when deferred),
``slivers``, ``landuse:<field>`` (用地用海 colours of the 制图规范 附录B by code prefix; the
blueprint and harmonised layers), ``severity:<field>`` (violations and quality problems:
error red, warning orange), ``compliance`` (projects by 通过/需关注/不通过), ``overlaps``,
``ranked:<field>`` (siting scores), ``grades:<field>`` (suitability grades 1 best … 5),
``outline`` (project red-lines), ``monitoring`` (实施评估 patches by kind, violations in red), ``line_proposals`` (控制线优化建议: added
green, removed red).
"""
import os
from types import SimpleNamespace

from qgis.core import NULL as NULL_VARIANT
from qgis.core import (QgsCategorizedSymbolRenderer, QgsFeatureRequest, QgsFillSymbol, QgsGraduatedSymbolRenderer,
                       QgsMarkerSymbol, QgsProcessingLayerPostProcessorInterface, QgsRendererCategory,
                       QgsRendererRange, QgsRuleBasedRenderer, QgsSingleSymbolRenderer, QgsVectorLayer, QgsWkbTypes)

from ..core.control_lines import workspace as ws
from ..core.report import pick
from .layer_io import open_vector

_PEN = {"solid": "solid", "dash": "dash", "dot": "dot", "dashdot": "dash dot"}
OUTLINE = (90, 90, 90)

#: Difference-patch types in the order of core.conflicts.detection, with their fills.
PATCH_COLOURS = {"HX_JS": (192, 57, 43), "NT_JS": (230, 126, 34), "HX_NT": (142, 68, 173), "KB_HX": (211, 84, 0),
                 "KB_NT": (241, 196, 15), "KBW_JS": (232, 67, 147), "WZ": (127, 140, 141), "YT": (52, 152, 219),
                 "FJ": (149, 165, 166)}
STYLE_DESCRIPTION = "MultiPlan"
JS_COLOURS = [(41, 128, 185), (22, 160, 133), (39, 174, 96), (44, 62, 80)]
REVIEWED, DEFERRED = "已审查", "暂缓"
ERROR_WORDS = ("错误", "error", "Error", "ERROR", "错误 Error")
WARNING_WORDS = ("警告", "warning", "Warning", "WARNING", "警告 Warning")
STATUS_COLOURS = {"pass": (39, 174, 96), "attention": (243, 156, 18), "fail": (192, 57, 43)}
GRADE_COLOURS = [(26, 150, 65), (166, 217, 106), (255, 255, 191), (253, 174, 97), (215, 25, 28)]


def fill_symbol(rgba, outline=OUTLINE, width=0.26, pen="solid", brush="solid"):
    """A simple fill (``rgba`` with alpha 0 = no fill) with the given outline."""
    rgba = list(rgba) + [255] * (4 - len(rgba))
    return QgsFillSymbol.createSimple({
        "color": ",".join(str(v) for v in rgba),
        "style": "no" if rgba[3] == 0 else brush,
        "outline_color": ",".join(str(v) for v in list(outline)[:3]) + ",255",
        "outline_width": str(width), "outline_width_unit": "MM",
        "outline_style": _PEN.get(pen, pen),
    })


def ydyh_colours():
    """``{code prefix: (name, (r, g, b))}``: the 用地用海 fills of the 制图规范 附录B."""
    return ws.read_colours(SimpleNamespace(colours="ydyh_colours.csv"))


def landuse_renderer(field, colours=None, outline=OUTLINE, width=0.26, pen="solid", other_label=None, other=True):
    """Polygons coloured by the 用地用海 class their code starts with (01 耕地 …); grey for
    the rest unless ``other`` is False (a map whose codes all have a class)."""
    root = QgsRuleBasedRenderer.Rule(None)
    for code, (name, rgb) in (colours or ydyh_colours()).items():
        expression = f"left(\"{field}\", {len(code)}) = '{code}'"
        root.appendChild(QgsRuleBasedRenderer.Rule(fill_symbol(list(rgb) + [255], outline, width, pen), 0, 0,
                                                   expression, f"{code} {name}"))
    if other:
        root.appendChild(QgsRuleBasedRenderer.Rule(fill_symbol([200, 200, 200, 255], outline, width, pen), 0, 0,
                                                   "ELSE", other_label or pick("其他或无代码", "Other or no code")))
    return QgsRuleBasedRenderer(root)


class LayerValues:
    """What a renderer needs to know of the data, read from a loaded QgsVectorLayer."""

    def __init__(self, layer):
        self.layer = layer

    def has(self, field):
        return self.layer.fields().lookupField(field) >= 0

    def rows(self, fields):
        """Values of ``fields`` (all present) per feature."""
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(
            fields, self.layer.fields())
        for feature in self.layer.getFeatures(request):
            yield [None if feature[name] in (None, NULL_VARIANT) else feature[name] for name in fields]

    def is_points(self):
        return self.layer.geometryType() == QgsWkbTypes.PointGeometry


class OgrValues(LayerValues):
    """The same, read with GDAL from a file: no QGIS connection is left open on it (QGIS keeps
    provider connections pooled, and one on a file that is later replaced reads stale data)."""

    def __init__(self, path, layer_name=""):
        self.source = open_vector(path)
        self.ogr_layer = None
        if self.source is not None:
            self.ogr_layer = (self.source.GetLayerByName(layer_name) if layer_name else None) or self.source.GetLayer(0)

    def has(self, field):
        return self.ogr_layer is not None and self.ogr_layer.GetLayerDefn().GetFieldIndex(field) >= 0

    def rows(self, fields):
        if self.ogr_layer is None:
            return
        definition = self.ogr_layer.GetLayerDefn()
        others = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        self.ogr_layer.SetIgnoredFields(["OGR_GEOMETRY", "OGR_STYLE"] + [name for name in others if name not in fields])
        try:
            self.ogr_layer.ResetReading()
            for feature in self.ogr_layer:
                yield [feature.GetField(name) for name in fields]
        finally:
            self.ogr_layer.SetIgnoredFields([])

    def is_points(self):
        from osgeo import ogr

        return self.ogr_layer is not None and ogr.GT_Flatten(self.ogr_layer.GetGeomType()) in (ogr.wkbPoint,
                                                                                               ogr.wkbMultiPoint)

    def geometry_column(self):
        return self.ogr_layer.GetGeometryColumn() if self.ogr_layer is not None else ""

    def close(self):
        self.ogr_layer = self.source = None


def _unique(values, field):
    if not values.has(field):
        return []
    return sorted({str(value) for (value,) in values.rows([field]) if value is not None})


def patches_renderer(values, type_field="CYLX", name_field="CYLXMC", status_field="SHZT"):
    """Difference patches: a fill per type; reviewed patches faded, deferred ones hatched."""
    names = {}  # one pass over the layer gives the types and their names
    if values.has(type_field) and values.has(name_field):
        for code, name in values.rows([type_field, name_field]):
            if code is not None:
                names.setdefault(str(code), name)
        codes = sorted(names)
    else:
        codes = _unique(values, type_field)
    has_status = values.has(status_field)
    root = QgsRuleBasedRenderer.Rule(None)
    js = 0
    for code in codes:
        if code in PATCH_COLOURS:
            rgb = PATCH_COLOURS[code]
        else:
            rgb = JS_COLOURS[js % len(JS_COLOURS)]
            js += 1
        label = f"{code} {names.get(code) or ''}".strip()
        parent = QgsRuleBasedRenderer.Rule(None, 0, 0, f"\"{type_field}\" = '{code}'", label)
        if has_status:
            parent.appendChild(QgsRuleBasedRenderer.Rule(
                fill_symbol(list(rgb) + [90], (120, 120, 120), 0.2), 0, 0, f"\"{status_field}\" = '{REVIEWED}'",
                pick("已审查", "reviewed")))
            parent.appendChild(QgsRuleBasedRenderer.Rule(
                fill_symbol(list(rgb) + [255], (60, 60, 60), 0.3, brush="b_diagonal"), 0, 0,
                f"\"{status_field}\" = '{DEFERRED}'", pick("暂缓", "deferred")))
            parent.appendChild(QgsRuleBasedRenderer.Rule(
                fill_symbol(list(rgb) + [220], (0, 0, 0), 0.4), 0, 0, "ELSE", pick("未审查", "not reviewed")))
        else:
            parent.setSymbol(fill_symbol(list(rgb) + [220], (0, 0, 0), 0.4))
        root.appendChild(parent)
    return QgsRuleBasedRenderer(root)


def severity_renderer(field, points=False):
    """Error red, warning orange: fills, or circles for a point layer (quality_check's problems)."""
    def symbol(rgba, outline, width):
        if not points:
            return fill_symbol(rgba, outline, width)
        return QgsMarkerSymbol.createSimple({"name": "circle", "size": "3", "color": ",".join(map(str, rgba[:3])),
                                             "outline_color": "0,0,0,255", "outline_width": "0.2"})

    root = QgsRuleBasedRenderer.Rule(None)
    for words, rgb, label in ((ERROR_WORDS, (215, 25, 28), pick("错误", "error")),
                              (WARNING_WORDS, (253, 174, 97), pick("警告", "warning"))):
        listed = ", ".join(f"'{word}'" for word in words)
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol(list(rgb) + [150], rgb, 0.6), 0, 0,
                                                   f"\"{field}\" IN ({listed})", label))
    root.appendChild(QgsRuleBasedRenderer.Rule(symbol([150, 150, 150, 120], (100, 100, 100), 0.4), 0, 0, "ELSE",
                                               pick("其他", "other")))
    return QgsRuleBasedRenderer(root)


def compliance_renderer(field="ZTDM"):
    """Projects by status; ``ZTDM`` holds it as a number (core.control_lines.compliance_report.status_code):
    0 pass, 1 attention, 2 fail."""
    labels = {"pass": pick("通过", "pass"), "attention": pick("需关注", "attention"), "fail": pick("不通过", "fail")}
    numbers = {"pass": 0, "attention": 1, "fail": 2}
    categories = [QgsRendererCategory(numbers[code], fill_symbol(list(rgb) + [110], rgb, 0.8), labels[code])
                  for code, rgb in STATUS_COLOURS.items()]
    return QgsCategorizedSymbolRenderer(field, categories)


def grades_renderer(field, count=5):
    """Grades 1–5 (green to red); features without a grade (a parcel no cell of the evaluation
    covers) grey, not left undrawn."""
    categories = [QgsRendererCategory(grade, fill_symbol(list(GRADE_COLOURS[grade - 1]) + [220]),
                                      pick(f"{grade} 级", f"grade {grade}")) for grade in range(1, count + 1)]
    categories.append(QgsRendererCategory("", fill_symbol([200, 200, 200, 160]),  # "" = every other value
                                          pick("未评价", "not graded")))
    return QgsCategorizedSymbolRenderer(field, categories)


def ranked_renderer(values, field):
    numbers = [float(value) for (value,) in values.rows([field]) if value is not None] if values.has(field) else []
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 100.0)
    step = (high - low) / 5 or 1.0
    ranges = []
    for number in range(5):
        lower, upper = low + step * number, low + step * (number + 1)
        ranges.append(QgsRendererRange(lower, upper, fill_symbol(list(GRADE_COLOURS[4 - number]) + [200]),
                                       f"{lower:.1f} – {upper:.1f}"))
    return QgsGraduatedSymbolRenderer(field, ranges)


def monitoring_renderer(type_field="JCLXDM", violation_field="WG"):
    """实施评估 patches: new construction blue (red where the plan forbids it), farmland lost orange
    (deep orange against the blueprint), farmland gained green. The rules exclude each other."""
    rules = ((1, 1, (198, 40, 40), pick("违规新增建设用地", "new construction against the plan")),
             (1, 0, (41, 98, 255), pick("新增建设用地", "new construction")),
             (2, 1, (230, 81, 0), pick("规划耕地减少", "farmland lost against the plan")),
             (2, 0, (255, 183, 77), pick("耕地减少", "farmland lost")),
             (3, None, (67, 160, 71), pick("耕地增加", "farmland gained")))
    root = QgsRuleBasedRenderer.Rule(None)
    for kind, violation, rgb, label in rules:
        expression = f"\"{type_field}\" = {kind}"
        if violation is not None:
            expression += f" AND \"{violation_field}\" = {violation}"
        root.appendChild(QgsRuleBasedRenderer.Rule(fill_symbol(list(rgb) + [200], rgb, 0.5), 0, 0, expression, label))
    return QgsRuleBasedRenderer(root)


def line_proposals_renderer(field="TZ"):
    """控制线优化建议: ground added green, removed red (hatched)."""
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(fill_symbol([46, 160, 67, 170], (27, 94, 32), 0.5), 0, 0,
                                               f"\"{field}\" IN ('增加', 'add')", pick("增加", "added")))
    root.appendChild(QgsRuleBasedRenderer.Rule(fill_symbol([211, 47, 47, 200], (183, 28, 28), 0.5, brush="b_diagonal"),
                                               0, 0, f"\"{field}\" IN ('减少', 'remove')", pick("减少", "removed")))
    return QgsRuleBasedRenderer(root)


def renderer_for(kind, values):
    """The renderer of an output of ``kind`` (see the module doc) for the data ``values`` reads."""
    name, _, field = kind.partition(":")
    if name == "patches":
        return patches_renderer(values)
    if name == "slivers":
        return QgsSingleSymbolRenderer(fill_symbol([120, 120, 120, 160], (80, 80, 80), 0.2, brush="dense5"))
    if name == "landuse":
        return landuse_renderer(field)
    if name == "severity":
        return severity_renderer(field, points=values.is_points())
    if name == "compliance":
        return compliance_renderer(field or "ZTDM")
    if name == "overlaps":
        return QgsSingleSymbolRenderer(fill_symbol([215, 25, 28, 110], (215, 25, 28), 0.5))
    if name == "grades":
        return grades_renderer(field)
    if name == "ranked":
        return ranked_renderer(values, field)
    if name == "line_proposals":
        return line_proposals_renderer()
    if name == "monitoring":
        return monitoring_renderer()
    if name == "outline":
        return QgsSingleSymbolRenderer(fill_symbol([0, 0, 0, 0], (230, 0, 0), 0.6))
    raise KeyError(kind)


class StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Applies an output's style when Processing loads it into the project."""

    _alive = []  # Processing keeps only a C++ pointer: the Python objects must outlive the run

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    @classmethod
    def create(cls, kind):
        loader = cls(kind)
        cls._alive = cls._alive[-50:] + [loader]
        return loader

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            try:
                layer.setRenderer(renderer_for(self.kind, LayerValues(layer)))
                layer.triggerRepaint()
            except (KeyError, AttributeError):
                pass


def style_output(dest_id, kind, context=None):
    """Store the style of ``kind`` in the output ``dest_id`` and apply it when Processing loads it.

    The style is written with GDAL (the GeoPackage's ``layer_styles`` table, as QGIS writes it,
    or a ``.qml`` beside other files), never through a QGIS provider connection. Returns where
    it went ('layer_styles', the .qml path, or '' for memory layers)."""
    from qgis.core import QgsProcessingUtils

    path, _, layer_name = str(dest_id).partition("|layername=")
    stored = ""
    if os.path.isfile(path):
        values = OgrValues(path, layer_name)
        try:
            if values.ogr_layer is None:
                return ""
            name = values.ogr_layer.GetName()
            qml = _qml(renderer_for(kind, values), values.is_points())
            geometry_column = values.geometry_column()
        finally:
            values.close()
        if path.lower().endswith(".gpkg"):
            stored = "layer_styles" if _store_in_geopackage(path, name, geometry_column, qml) else ""
        if not stored:
            sidecar = os.path.splitext(path)[0] + ".qml"
            with open(sidecar, "w", encoding="utf-8") as handle:
                handle.write(qml)
            stored = sidecar
    if context is not None:
        key = next((k for k in context.layersToLoadOnCompletion() if k == dest_id or str(k).split("|")[0] == path),
                   None)
        if key is None and QgsProcessingUtils.mapLayerFromString(str(dest_id), context) is not None:
            key = dest_id if context.willLoadLayerOnCompletion(str(dest_id)) else None
        if key is not None:
            context.layerToLoadOnCompletionDetails(key).setPostProcessor(StyleLoader.create(kind))
    return stored


def _qml(renderer, points=False):
    """The renderer as QGIS style XML (symbology only), made on a scratch memory layer."""
    from qgis.core import QgsMapLayer, QgsReadWriteContext
    from qgis.PyQt.QtXml import QDomDocument

    scratch = QgsVectorLayer("Point" if points else "MultiPolygon", "style", "memory")
    scratch.setRenderer(renderer)
    document = QDomDocument("qgis")
    scratch.exportNamedStyle(document, QgsReadWriteContext(), QgsMapLayer.Symbology)
    return document.toString()


def _store_in_geopackage(path, table, geometry_column, qml):
    """Write ``qml`` as ``table``'s default style into the GeoPackage's ``layer_styles`` table
    (created as QGIS creates it); earlier MultiPlan styles of the table are replaced."""
    from datetime import datetime, timezone

    from osgeo import ogr

    source = open_vector(path, update=True)
    if source is None:
        return False
    try:
        styles = source.GetLayerByName("layer_styles")
        if styles is None:
            styles = source.CreateLayer("layer_styles", None, ogr.wkbNone, ["FID=id"])
            for name, kind, width in (("f_table_catalog", ogr.OFTString, 256), ("f_table_schema", ogr.OFTString, 256),
                                      ("f_table_name", ogr.OFTString, 256), ("f_geometry_column", ogr.OFTString, 256),
                                      ("styleName", ogr.OFTString, 30), ("styleQML", ogr.OFTString, 0),
                                      ("styleSLD", ogr.OFTString, 0), ("useAsDefault", ogr.OFTInteger, 0),
                                      ("description", ogr.OFTString, 0), ("owner", ogr.OFTString, 30),
                                      ("ui", ogr.OFTString, 30), ("update_time", ogr.OFTDateTime, 0)):
                definition = ogr.FieldDefn(name, kind)
                definition.SetWidth(width)
                if name == "useAsDefault":
                    definition.SetSubType(ogr.OFSTBoolean)
                if styles.CreateField(definition) != 0:
                    return False
        escaped = table.replace("'", "''")
        styles.SetAttributeFilter(f"f_table_name = '{escaped}'")
        for feature in list(styles):
            if feature.GetField("description") == STYLE_DESCRIPTION or feature.GetField("useAsDefault"):
                styles.DeleteFeature(feature.GetFID())
        styles.SetAttributeFilter(None)
        feature = ogr.Feature(styles.GetLayerDefn())
        now = datetime.now(timezone.utc)
        for name, value in (("f_table_catalog", ""), ("f_table_schema", ""), ("f_table_name", table),
                            ("f_geometry_column", geometry_column or "geom"), ("styleName", table[:30]),
                            ("styleQML", qml), ("styleSLD", ""), ("useAsDefault", 1),
                            ("description", STYLE_DESCRIPTION), ("owner", "")):
            feature.SetField(name, value)
        feature.SetField("update_time", now.year, now.month, now.day, now.hour, now.minute, now.second, 100)
        return styles.CreateFeature(feature) == 0
    finally:
        styles = feature = source = None  # noqa: F841 (closing writes the file)
