"""The HTML page of the project pre-review: one section per project with two maps drawn by QGIS.

Each project gets a 位置图 (location map: the project within its county, the townships around it
and the one it lies in, or within the extent of the review layers when no boundary is given) and
a 局部图 (close-up: the project over the review features around it). Both are drawn from memory
layers built here out of features the algorithm has already read (in the working CRS), never
from the user's layers: the algorithm may run in a worker thread (Toolbox) or without a GUI
(``qgis_process``), and layers created and rendered in the same thread with
:meth:`QgsMapRendererCustomPainterJob.renderSynchronously` on a QImage need neither the canvas
nor the project's layers and their renderers. The PNGs are embedded as base64, so the page is
one self-contained file. Every text is in the report language (:func:`core.report.pick`).
"""
import base64
import html
import math
from dataclasses import dataclass

import numpy as np
import shapely
from qgis.core import (QgsCoordinateTransformContext, QgsFeature, QgsFillSymbol,
                       QgsMapRendererCustomPainterJob, QgsMapSettings, QgsMarkerSymbol, QgsPalLayerSettings,
                       QgsRectangle, QgsSingleSymbolRenderer, QgsTextBufferSettings, QgsTextFormat, QgsVectorLayer,
                       QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

from ..compat import LABEL_OVER_POINT
from ..core.control_lines.compliance import ECOLOGICAL, FAIL, FARMLAND, PASS, URBAN_BOUNDARY, ZONES
from ..core.control_lines.compliance_report import punctuation
from ..core.maps.thematic import CJK_FONTS
from ..core.report import BILINGUAL, Text, current_language, pick
from .charts import png_bytes
from .layer_io import qgs_crs, to_qgs_geometry

MAP_SIZE = (900, 640)  # pixels
MAP_GROWTH = 1.3  # the map shows the project's extent grown by 30 %
MIN_MAP_WIDTH = 200.0  # m: a tiny project still shows its surroundings
LOCATION_MARGIN = 0.04  # the location map shows the county (or what stands for it) grown by 4 % a side
MIN_LOCATION_WIDTH = 2000.0  # m: a location map shows at least this much around the projects
LABEL_FONTS = list(CJK_FONTS)  # Qt takes the first one installed
STATUS_COLOURS = {PASS: "#1a9850", "attention": "#e08e0b", FAIL: "#d73027"}

# (style key, label zh, label en, simple-fill properties, legend css)
_STYLES = {
    "zones": ("分区", "zones", {"color": "236,240,247,255", "outline_color": "170,180,200,255",
                               "outline_width": "0.2"}, "background:#ecf0f7;border:1px solid #aab4c8"),
    "context": ("规划、调查或双评价图斑", "plan, survey or suitability features",
                {"color": "0,0,0,0", "style": "no", "outline_color": "150,150,150,255", "outline_width": "0.15"},
                "background:#fff;border:1px solid #969696"),
    FARMLAND: ("永久基本农田", "permanent basic farmland",
               {"color": "255,221,51,190", "outline_color": "190,160,0,255", "outline_width": "0.2"},
               "background:#ffdd33;border:1px solid #bea000"),
    ECOLOGICAL: ("生态保护红线", "ecological red line (green fill)",
                 {"color": "46,158,68,150", "outline_color": "29,107,44,255", "outline_width": "0.4"},
                 "background:#86c795;border:1px solid #1d6b2c"),
    URBAN_BOUNDARY: ("城镇开发边界", "urban development boundary (red outline)",
                     {"color": "0,0,0,0", "style": "no", "outline_color": "227,26,28,255", "outline_width": "0.9"},
                     "background:#fff;border:3px solid #e31a1c"),
    "overlap": ("占用红线或基本农田部分", "part overlapping the red line or farmland (hatched)",
                {"color": "200,0,40,255", "style": "b_diagonal", "outline_color": "200,0,40,255",
                 "outline_width": "0.3"},
                "background:repeating-linear-gradient(45deg,#c80028 0 2px,#fff 2px 6px);border:1px solid #c80028"),
    "other_projects": ("其他项目", "other projects (thin magenta)",
                       {"color": "0,0,0,0", "style": "no", "outline_color": "208,0,208,255", "outline_width": "0.5",
                        "outline_style": "dash"}, "background:#fff;border:2px dashed #d000d0"),
    "project": ("本项目红线", "this project (thick magenta outline)",
                {"color": "208,0,208,40", "outline_color": "208,0,208,255", "outline_width": "1.3"},
                "background:#f8e0f8;border:4px solid #d000d0"),
}
_KIND_STYLE = {ZONES: "zones", FARMLAND: FARMLAND, ECOLOGICAL: ECOLOGICAL, URBAN_BOUNDARY: URBAN_BOUNDARY}
# Drawn bottom to top.
_DRAW_ORDER = ("zones", "context", FARMLAND, ECOLOGICAL, URBAN_BOUNDARY, "overlap", "other_projects", "project")

# The location map: (label zh, label en, symbol properties, legend css); markers are circles.
_LOCATION_STYLES = {
    "townships": ("乡镇界", "townships",
                  {"color": "247,244,236,255", "outline_color": "150,150,150,255", "outline_width": "0.3"},
                  "background:#f7f4ec;border:1px solid #969696"),
    "home": ("项目所在乡镇", "township of the project",
             {"color": "255,236,160,255", "outline_color": "150,150,150,255", "outline_width": "0.3"},
             "background:#ffeca0;border:1px solid #969696"),
    "county": ("县界", "county boundary",
               {"color": "0,0,0,0", "style": "no", "outline_color": "50,50,50,255", "outline_width": "0.9"},
               "background:#fff;border:3px solid #323232"),
    "extent": ("审查图层范围（未提供县界或乡镇界）", "extent of the review layers (no county or townships given)",
               {"color": "0,0,0,0", "style": "no", "outline_color": "90,90,90,255", "outline_width": "0.6",
                "outline_style": "dash"}, "background:#fff;border:2px dashed #5a5a5a"),
    "other_projects": ("其他项目", "other projects",
                       {"name": "circle", "color": "208,0,208,255", "outline_color": "255,255,255,255",
                        "size": "2.2", "outline_width": "0.3"},
                       "background:#d000d0;border-radius:50%;width:10px;height:10px"),
    "project": ("本项目位置", "this project",
                {"name": "circle", "color": "227,26,28,255", "outline_color": "255,255,255,255", "size": "4.5",
                 "outline_width": "0.6"},
                "background:#e31a1c;border-radius:50%;width:14px;height:14px"),
}
_MARKERS = ("other_projects", "project")


def map_extent(bounds, size=MAP_SIZE, growth=MAP_GROWTH, min_width=MIN_MAP_WIDTH):
    """(xmin, ymin, xmax, ymax) a project's map shows: its bounds grown by ``growth`` and widened
    to the image's aspect ratio, so the caller can read every feature the map will show."""
    xmin, ymin, xmax, ymax = bounds
    width = max((xmax - xmin) * growth, min_width)
    height = max((ymax - ymin) * growth, min_width * size[1] / size[0])
    aspect = size[0] / size[1]
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (xmin + xmax) / 2.0, (ymin + ymax) / 2.0
    return cx - width / 2.0, cy - height / 2.0, cx + width / 2.0, cy + height / 2.0


@dataclass
class MapLayer:
    kind: str  # core.control_lines.compliance kind, or "overlap"
    geometries: object  # shapely polygons in the working CRS


class ProjectMaps:
    """Memory layers of the features read near the projects, styled once, drawn per project."""

    def __init__(self, crs, projects, review_layers, overlaps):
        """``projects``: shapely polygons; ``review_layers``: :class:`MapLayer` list; ``overlaps``:
        the overlap pieces to hatch (red line and farmland). All in the working ``crs``."""
        self.crs = qgs_crs(crs)
        self.projects = list(projects)
        grouped = {}
        for layer in review_layers:
            key = _KIND_STYLE.get(layer.kind, "context")
            grouped.setdefault(key, []).extend(g for g in layer.geometries if g is not None and not g.is_empty)
        grouped["overlap"] = [g for g in overlaps if g is not None and not g.is_empty]
        self.present = [key for key in _DRAW_ORDER if grouped.get(key)] + ["project"]
        self._layers = {key: self._memory_layer(key, grouped[key]) for key in self.present if key in grouped}

    def legend(self):
        """(label, css) of every style on the close-up maps, bottom to top."""
        keys = [key for key in self.present]
        if len(self.projects) > 1:
            keys.insert(keys.index("project"), "other_projects")
        return [(pick(_STYLES[key][0], _STYLES[key][1]), _STYLES[key][3]) for key in keys]

    def _memory_layer(self, key, geometries):
        layer = QgsVectorLayer("MultiPolygon", key, "memory")
        layer.setCrs(self.crs)
        features = []
        for geometry in geometries:
            feature = QgsFeature()
            feature.setGeometry(to_qgs_geometry(geometry))
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        layer.updateExtents()
        layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(_STYLES[key][2])))
        return layer

    def render(self, index, size=MAP_SIZE):
        """PNG bytes of project ``index`` over the review layers, and the map's width in metres."""
        project = self._memory_layer("project", [self.projects[index]])
        others = [g for k, g in enumerate(self.projects) if k != index and g is not None]
        other_layer = self._memory_layer("other_projects", others) if others else None
        top_first = [project] + ([other_layer] if other_layer else []) + \
            [self._layers[key] for key in reversed(_DRAW_ORDER) if key in self._layers]
        return _draw(self.crs, top_first, map_extent(self.projects[index].bounds, size), size)


def _draw(crs, top_first, extent, size):
    """PNG bytes of ``top_first`` layers drawn over ``extent`` (xmin, ymin, xmax, ymax), with a
    scale bar and a north arrow, and the width in metres the map shows."""
    settings = QgsMapSettings()
    settings.setDestinationCrs(crs)
    settings.setTransformContext(QgsCoordinateTransformContext())
    settings.setLayers(top_first)
    settings.setExtent(QgsRectangle(*extent))
    settings.setOutputSize(QSize(*size))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    image = QImage(QSize(*size), QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        QgsMapRendererCustomPainterJob(settings, painter).renderSynchronously()
        _scale_bar(painter, size, settings.visibleExtent().width())
    finally:
        painter.end()
    return png_bytes(image), settings.visibleExtent().width()


def location_extent(bounds, projects_bounds, size=MAP_SIZE, margin=LOCATION_MARGIN, min_width=MIN_LOCATION_WIDTH):
    """(xmin, ymin, xmax, ymax) of the location map: ``bounds`` (the county's, the townships' or
    the review layers') joined with the projects' bounds, grown by ``margin`` a side and widened
    to the image's aspect ratio."""
    xmin, ymin, xmax, ymax = bounds if bounds is not None else projects_bounds
    if projects_bounds is not None:
        xmin, ymin = min(xmin, projects_bounds[0]), min(ymin, projects_bounds[1])
        xmax, ymax = max(xmax, projects_bounds[2]), max(ymax, projects_bounds[3])
    width = max((xmax - xmin) * (1 + 2 * margin), min_width)
    height = max((ymax - ymin) * (1 + 2 * margin), min_width * size[1] / size[0])
    if width / height < size[0] / size[1]:
        width = height * size[0] / size[1]
    else:
        height = width * size[1] / size[0]
    cx, cy = (xmin + xmax) / 2.0, (ymin + ymax) / 2.0
    return cx - width / 2.0, cy - height / 2.0, cx + width / 2.0, cy + height / 2.0


class LocationMap:
    """The 位置图: each project within the county (its outline), the townships (named) with the
    project's own highlighted, or, with neither, within the extent of the review layers."""

    def __init__(self, crs, projects, county=(), townships=(), names=None, layers_extent=None):
        """``projects``: shapely polygons (None for a project without geometry); ``county``,
        ``townships``: shapely polygons; ``names``: one per township (or None); ``layers_extent``:
        (xmin, ymin, xmax, ymax) of the review layers, used when no boundary is given. All in the
        working ``crs``."""
        self.crs = qgs_crs(crs)
        self.projects = list(projects)
        self.county = [g for g in county if g is not None and not g.is_empty]
        present = [k for k, g in enumerate(townships) if g is not None and not g.is_empty]
        self.townships = np.array([townships[k] for k in present], dtype=object)
        self.names = [None if names is None else names[k] for k in present]
        drawn = [g for g in self.projects if g is not None and not g.is_empty]
        projects_bounds = tuple(shapely.total_bounds(np.array(drawn, dtype=object))) if drawn else None
        if self.county:
            bounds = tuple(shapely.total_bounds(np.array(self.county, dtype=object)))
        elif len(self.townships):
            bounds = tuple(shapely.total_bounds(self.townships))
        else:
            bounds = layers_extent
        self.frame = None if self.county or len(self.townships) or layers_extent is None else \
            shapely.box(*layers_extent)
        self.extent = location_extent(bounds, projects_bounds) if bounds or projects_bounds else None
        self._layers = {}
        if len(self.townships):
            self._layers["townships"] = _polygon_layer(self.crs, "townships", list(self.townships), self.names,
                                                       _LOCATION_STYLES)
        if self.county:
            self._layers["county"] = _polygon_layer(self.crs, "county", self.county, None, _LOCATION_STYLES)
        if self.frame is not None:
            self._layers["extent"] = _polygon_layer(self.crs, "extent", [self.frame], None, _LOCATION_STYLES)

    def townships_of(self, index):
        """Indexes of the townships project ``index`` lies in, the largest share first."""
        project = self.projects[index]
        if project is None or project.is_empty or not len(self.townships):
            return []
        try:
            with np.errstate(invalid="ignore"):  # GEOS may raise the FPU flag; the results are sound
                shares = shapely.area(shapely.intersection(self.townships, project))
        except shapely.errors.GEOSException:  # an invalid township: where the project lies is enough
            shares = shapely.intersects(self.townships, project).astype(float)
        order = np.argsort(-shares, kind="stable")
        return [int(k) for k in order if shares[k] > 0]

    def township_names(self, index):
        return [self.names[k] for k in self.townships_of(index) if self.names[k]]

    def legend(self, index=None):
        """(label, css) of the styles on the location map of project ``index``."""
        keys = [key for key in ("townships", "county", "extent") if key in self._layers]
        if index is not None and self.townships_of(index):
            keys.insert(1, "home")
        if len([g for g in self.projects if g is not None]) > 1:
            keys.append("other_projects")
        keys.append("project")
        return [(pick(_LOCATION_STYLES[key][0], _LOCATION_STYLES[key][1]), _LOCATION_STYLES[key][3])
                for key in keys]

    def render(self, index, size=MAP_SIZE):
        """PNG bytes of project ``index``'s location map and the map's width in metres."""
        project = self.projects[index]
        layers = [_marker_layer(self.crs, "project", [project.representative_point()]),
                  _polygon_layer(self.crs, "project_outline", [project], None, _STYLES, style_key="project")]
        others = [g.representative_point() for k, g in enumerate(self.projects)
                  if k != index and g is not None and not g.is_empty]
        if others:
            layers.append(_marker_layer(self.crs, "other_projects", others))
        layers += [self._layers[key] for key in ("extent", "county") if key in self._layers]
        home = self.townships_of(index)
        if home:
            layers.append(_polygon_layer(self.crs, "home", [self.townships[home[0]]], None, _LOCATION_STYLES))
        if "townships" in self._layers:
            layers.append(self._layers["townships"])
        return _draw(self.crs, layers, self.extent, size)


def _label_format():
    font = QFont()
    font.setFamilies(LABEL_FONTS)
    text = QgsTextFormat()
    text.setFont(font)
    text.setSize(10)
    text.setColor(QColor(40, 40, 40))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor(255, 255, 255))
    text.setBuffer(buffer)
    return text


def _polygon_layer(crs, key, geometries, names, styles, style_key=None):
    """A styled memory layer of polygons, labelled with ``names`` when given."""
    layer = QgsVectorLayer("MultiPolygon?field=name:string(200)", key, "memory")
    layer.setCrs(crs)
    features = []
    for k, geometry in enumerate(geometries):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(to_qgs_geometry(geometry))
        feature.setAttribute(0, names[k] if names is not None else None)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(styles[style_key or key][2])))
    if names is not None and any(names):
        settings = QgsPalLayerSettings()
        settings.fieldName = "name"
        settings.placement = LABEL_OVER_POINT
        settings.setFormat(_label_format())
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setLabelsEnabled(True)
    return layer


def _marker_layer(crs, key, points):
    layer = QgsVectorLayer("Point", key, "memory")
    layer.setCrs(crs)
    features = []
    for point in points:
        feature = QgsFeature()
        feature.setGeometry(to_qgs_geometry(point, multi=False))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    layer.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(_LOCATION_STYLES[key][2])))
    return layer


def _scale_bar(painter, size, map_width):
    """A scale bar of a round length and a north arrow (Gauss-Krüger grid north)."""
    metres_per_pixel = map_width / size[0]
    target = metres_per_pixel * size[0] / 5.0
    magnitude = 10 ** math.floor(math.log10(target))
    length = max(step * magnitude for step in (1, 2, 5) if step * magnitude <= target)
    pixels = length / metres_per_pixel
    x0, y0 = 20.0, size[1] - 24.0
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor(255, 255, 255, 220), 6))
    painter.drawLine(QPointF(x0, y0), QPointF(x0 + pixels, y0))
    painter.setPen(QPen(QColor(0, 0, 0), 2))
    painter.drawLine(QPointF(x0, y0), QPointF(x0 + pixels, y0))
    for x in (x0, x0 + pixels):
        painter.drawLine(QPointF(x, y0 - 5), QPointF(x, y0 + 5))
    font = QFont()
    font.setPixelSize(13)
    painter.setFont(font)
    label = f"{length:g} m" if length < 1000 else f"{length / 1000:g} km"
    painter.drawText(QRectF(x0, y0 - 22, pixels + 60, 16), Qt.AlignLeft, label)
    # North arrow, top right.
    nx, ny = size[0] - 30.0, 18.0
    painter.setBrush(QColor(0, 0, 0))
    painter.drawPolygon(QPointF(nx, ny), QPointF(nx - 7, ny + 20), QPointF(nx + 7, ny + 20))
    painter.drawText(QRectF(nx - 10, ny + 22, 20, 16), Qt.AlignHCenter, "N")
    painter.setPen(QPen(QColor(80, 80, 80), 1))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(QRectF(0.5, 0.5, size[0] - 1.0, size[1] - 1.0))


# -- the page -----------------------------------------------------------------------------------

_CSS = """
body{font-family:"Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:0}h3{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top}th{background:#ddebf7}
td.num{text-align:right;white-space:nowrap}
.status{display:inline-block;padding:2px 10px;border-radius:3px;color:#fff;font-weight:bold}
section.project{border-top:3px solid #555;padding-top:12px;margin-top:28px;page-break-before:always}
figure{margin:8px 0}figure img{border:1px solid #999;max-width:100%}
figcaption{font-size:12px;margin-top:4px}.swatch{display:inline-block;width:18px;height:12px;margin:0 4px 0 10px;
vertical-align:middle;box-sizing:border-box}.meta{font-size:13px;color:#444}.en{color:#555}
"""


def _e(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


def _number(value, decimals):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.{decimals}f}"


def _percent(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.2%}"


def status_badge(status, label):
    colour = STATUS_COLOURS.get(status, "#777")
    return f'<span class="status" style="background:{colour}">{_e(label)}</span>'


def _header(zh, en):
    """A table header in the report language (English under the Chinese when bilingual)."""
    if current_language() == BILINGUAL:
        return f"{_e(zh)}<br><span class='en'>{_e(en)}</span>"
    return _e(pick(zh, en))


def _table(headers, rows):
    """``headers``: (zh, en) pairs; ``rows``: lists of (html, numeric?) cells."""
    head = "".join(f"<th>{_header(zh, en)}</th>" for zh, en in headers)
    body = "".join("<tr>" + "".join(f"<td class='num'>{cell}</td>" if numeric else f"<td>{cell}</td>"
                                    for cell, numeric in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _reason(row):
    """A reason cell: the report language's wording (both, one under the other, when bilingual)."""
    if current_language() == BILINGUAL:
        return f"{_e(row['reason_zh'])}<br><span class='en'>{_e(row['reason_en'])}</span>"
    return _e(row["reason"])


def _area_cells(row):
    return [(_number(row["area_m2"], 2), True), (_number(row["area_ha"], 4), True), (_number(row["area_mu"], 2), True)]


_AREA_HEADERS = [("面积（平方米）", "Area (m²)"), ("面积（公顷）", "Area (ha)"), ("面积（亩）", "Area (mu)")]


def summary_table(projects):
    rows = [[(f"<a href='#project-{k + 1}'>{_e(row['project_id'])}</a>", False), (_e(row["project_name"]), False),
             *_area_cells(row), (status_badge(row["status"], row["status_label"]), False)]
            for k, (_, row) in enumerate(projects.iterrows())]
    return _table([("项目编号", "Project id"), ("项目名称", "Project name"), *_AREA_HEADERS,
                   ("审查结论", "Status")], rows)


@dataclass
class Figure:
    """A rendered map of a project section."""

    png: bytes
    legend: list  # (label, css)
    width: float  # m the map shows


def _figure(title, figure, project_id, alt):
    encoded = base64.b64encode(figure.png).decode("ascii")
    keys = "".join(f"<span class='swatch' style='{css}'></span>{_e(label)}" for label, css in figure.legend)
    width = figure.width
    shown = (pick(f"图幅宽约 {width / 1000:,.1f} 千米", f"map width about {width / 1000:,.1f} km") if width >= 5000 else
             pick(f"图幅宽约 {width:,.0f} 米", f"map width about {width:,.0f} m"))
    return (f"<h3>{_e(title)}</h3><figure><img alt=\"{_e(alt)} {_e(project_id)}\" "
            f"src='data:image/png;base64,{encoded}'><figcaption>{_e(pick('图例', 'Legend'))}{_e(punctuation('：', ': '))}"
            f"{keys}{_e(punctuation('；', '; '))}{_e(shown)}</figcaption></figure>")


def project_section(number, project, verdicts, overlaps, relations, figures=(), townships=()):
    """One project's section: title, area, status, verdicts, overlaps, relations and maps
    (``figures``: (kind, :class:`Figure`) with kind ``"location"`` or ``"closeup"``);
    ``townships``: names of the townships the project lies in."""
    title = " ".join(part for part in (_e(project["project_id"]), _e(project["project_name"])) if part)
    parts = [f'<section class="project" id="project-{number}">', f"<h2>{number}. {title}</h2>",
             "<p>{}{}<b>{} m²</b>{}</p>".format(
                 _e(pick("项目面积", "Project area")), _e(punctuation("：", ": ")), _number(project["area_m2"], 2),
                 _e(Text("（{} 公顷，{} 亩）", " ({} ha, {} mu)").format(_number(project["area_ha"], 4),
                                                                      _number(project["area_mu"], 2)))),
             "<p>{}{}{}</p>".format(_e(pick("审查结论", "Overall status")), _e(punctuation("：", ": ")),
                                    status_badge(project["status"], project["status_label"])),
             f"<p>{_reason(project)}</p>"]
    if townships:
        parts.append("<p>{}{}{}</p>".format(_e(pick("所在乡镇", "Township")), _e(punctuation("：", ": ")),
                                            _e(punctuation("、", ", ").join(townships))))
    parts.append(f"<h3>{_e(pick('规则判定', 'Verdicts'))}</h3>")
    if len(verdicts):
        parts.append(_table(
            [("规则", "Rule"), ("判定", "Status"), ("理由", "Reason")],
            [[(_e(row["rule_label"]), False), (status_badge(row["status"], row["status_label"]), False),
              (_reason(row), False)] for _, row in verdicts.iterrows()]))
    else:
        parts.append(f"<p>{_e(pick('未检查任何规则。', 'No rule checked.'))}</p>")
    parts.append(f"<h3>{_e(pick('叠加明细', 'Overlaps'))}</h3>")
    if len(overlaps):
        parts.append(_table(
            [("图层", "Layer"), ("类别", "Class"), *_AREA_HEADERS, ("占项目面积比例", "Share of the project"),
             ("要素编号", "Features")],
            [[(_e(row["layer"]), False), (_e(row["class"]), False), *_area_cells(row),
              (_percent(row["share"]), True), (_e(row["feature_ids"]), False)] for _, row in overlaps.iterrows()]))
    else:
        parts.append(f"<p>{_e(pick('与各审查图层均无重叠。', 'No overlap with any layer.'))}</p>")
    parts.append(f"<h3>{_e(pick('空间关系', 'Relations'))}</h3>")
    parts.append(_table(
        [("图层", "Layer"), ("空间关系", "Relation"), ("最近距离（米）", "Nearest (m)"), ("重叠面积（平方米）", "Overlap (m²)"),
         ("占项目面积比例", "Share")],
        [[(_e(row["layer"]), False), (_e(row["relation_label"]), False), (_number(row["distance"], 2), True),
          (_number(row["area_m2"], 2), True), (_percent(row["share"]), True)] for _, row in relations.iterrows()]))
    titles = {"location": (pick("位置图", "Location map"), pick("位置图", "location map of")),
              "closeup": (pick("局部图", "Close-up map"), pick("局部图", "close-up map of"))}
    for kind, figure in figures:
        if figure is not None:
            parts.append(_figure(titles[kind][0], figure, project["project_id"], titles[kind][1]))
    parts.append("</section>")
    return "\n".join(parts)


def page(title, meta_lines, notes, summary, sections):
    """The whole page: title, run details ((label, value) pairs), notes, the summary table and
    the project sections."""
    separator = _e(punctuation("：", ": "))
    meta = "".join(f"<div>{_e(label)}{separator}{_e(value)}</div>" for label, value in meta_lines)
    note_items = "".join(f"<li>{_e(note)}</li>" for note in notes)
    notes_html = f"<h2>{_e(pick('审查提示', 'Notes'))}</h2><ul>{note_items}</ul>" if notes else ""
    lang = "en" if current_language() == "en" else "zh-CN"
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n<h1>{_e(title)}</h1>"
            f"<div class='meta'>{meta}</div>{notes_html}<h2>{_e(pick('项目汇总', 'Projects'))}</h2>{summary}\n"
            + "\n".join(sections) + "\n</body></html>\n")
