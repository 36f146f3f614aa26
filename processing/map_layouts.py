"""专题图 as QGIS print layouts: a project with every result layer styled and one layout per map.

:class:`MapBook` holds a fresh :class:`QgsProject` (never the user's open project): the layers
it is given (re-opened from their sources, so the saved project points at the files), styled
by kind, and a print layout per thematic map with title, map frame with a CGCS2000 graticule,
north arrow, scale bar, legend of the classes present, a table where the map needs one and a
source and date note. Page positions come from :func:`...core.maps.thematic.page_layout`.
Exports to PDF and PNG (one page per project for the location maps, an atlas), saves each
layout as a ``.qpt`` template, each layer's style as a ``.qml`` and the whole as a ``.qgz``.
"""
import os

from qgis.core import (QgsApplication, QgsBasicNumericFormat, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,
                       QgsCoordinateTransform, QgsFeatureRequest, QgsLayoutExporter, QgsLayoutFrame,
                       QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemManualTable, QgsLayoutItemMap,
                       QgsLayoutItemMapGrid, QgsLayoutItemMapOverview, QgsLayoutItemPicture,
                       QgsLayoutItemScaleBar, QgsLayoutMeasurement, QgsLayoutPoint, QgsLayoutSize,
                       QgsLayoutTableColumn, QgsLegendStyle, QgsMapLayerLegendUtils, QgsPalLayerSettings,
                       QgsPrintLayout, QgsProject, QgsRasterLayer, QgsReadWriteContext, QgsRendererCategory,
                       QgsRuleBasedRenderer, QgsScaleBarSettings, QgsSimpleLegendNode, QgsSingleSymbolRenderer,
                       QgsTableCell, QgsTextBufferSettings, QgsTextFormat, QgsUnitTypes, QgsVectorLayer,
                       QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase

from ..compat import LABEL_OVER_POINT, layout_export_error, set_label_format, set_legend_format
from ..core.control_lines import workspace as ws
from ..core.maps import thematic as th
from ..core.report import single
from .styles import LayerValues, fill_symbol, landuse_renderer, patches_renderer, severity_renderer, ydyh_colours

GEOGRAPHIC = "EPSG:4490"  # CGCS2000 geographic: the graticule
CGCS2000_ELLIPSOID = "EPSG:1024"  # $area in the layouts' expressions is ellipsoidal on it
MM = QgsUnitTypes.LayoutMillimeters
NORTH_ARROW = "arrows/NorthArrow_02.svg"
COUNTY_OUTLINE, TOWNSHIP_OUTLINE = (40, 40, 40), (120, 120, 120)
PROJECT_RED = (220, 20, 20)


class MapBook:
    """The project, its styled layers and the layouts of one run (see the module doc)."""

    def __init__(self, crs, paper=th.DEFAULT_PAPER, place="", made_on=None):
        self.project = QgsProject()
        self.project.setCrs(crs)
        self.project.setEllipsoid(CGCS2000_ELLIPSOID)
        self.project.setTitle(single(f"{place}专题图", f"{place} thematic maps".strip()))
        metadata = self.project.metadata()
        metadata.setAuthor("MultiPlan")  # not the login name of whoever ran it (PDF metadata)
        self.project.setMetadata(metadata)
        self.crs, self.place, self.made_on = crs, place, made_on
        self.page = th.page_layout(paper)
        self.paper = paper
        self.font = th.font_family(QFontDatabase().families())
        self.layers, self.names, self.layouts = {}, {}, []

    # -- layers ------------------------------------------------------------------------------
    def add_vector(self, key, layer, name, renderer=None, labels=None):
        """Re-open ``layer`` from its source in the map project, named and styled."""
        copy = QgsVectorLayer(layer.source(), name, layer.providerType())
        if layer.providerType() == "memory" or not copy.isValid():
            copy = layer.materialize(QgsFeatureRequest())
            copy.setName(name)
        if renderer is not None:
            copy.setRenderer(renderer)
        if labels:
            copy.setLabeling(QgsVectorLayerSimpleLabeling(self._label_settings(labels)))
            copy.setLabelsEnabled(True)
        self.project.addMapLayer(copy)
        self.layers[key], self.names[key] = copy, name
        return copy

    def add_raster(self, key, layer, name):
        copy = QgsRasterLayer(layer.source(), name, layer.providerType())
        if not copy.isValid():
            copy = layer.clone()
            copy.setName(name)
        self.project.addMapLayer(copy)
        self.layers[key], self.names[key] = copy, name
        return copy

    def _label_settings(self, field):
        settings = QgsPalLayerSettings()
        settings.fieldName = field
        settings.placement = LABEL_OVER_POINT
        text = self.text_format(9)
        buffer = QgsTextBufferSettings()
        buffer.setEnabled(True)
        buffer.setSize(0.8)
        buffer.setColor(QColor(255, 255, 255))
        text.setBuffer(buffer)
        settings.setFormat(text)
        return settings

    def text_format(self, size, bold=False, colour=(30, 30, 30)):
        """Text of ``size`` points on A3 (scaled with the paper) in the Chinese font found."""
        font = QFont(self.font) if self.font else QFont()
        font.setBold(bold)
        text = QgsTextFormat()
        text.setFont(font)
        text.setSize(size * self.page.scale)
        text.setSizeUnit(QgsUnitTypes.RenderPoints)
        text.setColor(QColor(*colour))
        return text

    def extent_of(self, key, grow=0.04):
        """The extent of a layer in the map CRS, grown by ``grow`` of its size on each side."""
        layer = self.layers[key]
        extent = layer.extent()
        if layer.crs() != self.crs:
            extent = QgsCoordinateTransform(layer.crs(), self.crs, self.project).transformBoundingBox(extent)
        return extent.buffered(max(extent.width(), extent.height()) * grow)

    # -- a layout ----------------------------------------------------------------------------
    def new_layout(self, name, title):
        layout = QgsPrintLayout(self.project)
        layout.initializeDefaults()
        layout.setName(name)
        layout.pageCollection().page(0).setPageSize(QgsLayoutSize(self.page.width, self.page.height, MM))
        self.project.layoutManager().addLayout(layout)
        self.layouts.append(layout)
        if title:
            self.label(layout, title, self.page.title, self.text_format(22, bold=True), Qt.AlignHCenter)
        return layout

    def label(self, layout, text, box, text_format, align=Qt.AlignLeft):
        item = QgsLayoutItemLabel(layout)
        item.setText(text)
        set_label_format(item, text_format)
        item.setHAlign(align)
        item.setVAlign(Qt.AlignTop if "\n" in text else Qt.AlignVCenter)
        layout.addLayoutItem(item)
        place(item, box)
        return item

    def map_item(self, layout, keys, extent, box=None, grid=True):
        box = box or self.page.map
        item = QgsLayoutItemMap(layout)
        layout.addLayoutItem(item)
        # Size, extent, then position: moving a new map item before it has an extent leaves its
        # extent NaN (found on 3.22).
        item.attemptResize(QgsLayoutSize(box.width, box.height, MM))
        item.setCrs(self.crs)
        item.zoomToExtent(extent)  # the extent, at the frame's aspect ratio
        item.setScale(th.nice_scale(item.scale()))  # a standard scale that still shows it all
        item.attemptMove(QgsLayoutPoint(box.x, box.y, MM))
        item.setLayers([self.layers[key] for key in keys if key in self.layers])
        item.setKeepLayerSet(True)
        item.setFrameEnabled(True)
        item.setFrameStrokeWidth(QgsLayoutMeasurement(0.5 * self.page.scale, MM))
        if grid:
            self._graticule(item, extent)
        return item

    def _graticule(self, item, extent):
        """A zebra frame with degree-minute-second labels on all four sides, in CGCS2000."""
        geographic = QgsCoordinateReferenceSystem(GEOGRAPHIC)
        degrees = QgsCoordinateTransform(self.crs, geographic, self.project).transformBoundingBox(extent)
        grid = QgsLayoutItemMapGrid(single("经纬网", "Graticule"), item)
        item.grids().addGrid(grid)
        grid.setCrs(geographic)
        step = th.grid_interval(max(degrees.width(), degrees.height()))
        grid.setIntervalX(step)
        grid.setIntervalY(step)
        grid.setStyle(QgsLayoutItemMapGrid.Cross)
        grid.setCrossLength(2.0 * self.page.scale)
        grid.setFrameStyle(QgsLayoutItemMapGrid.Zebra)
        grid.setFrameWidth(1.2 * self.page.scale)
        grid.setAnnotationEnabled(True)
        grid.setAnnotationFormat(QgsLayoutItemMapGrid.DegreeMinuteSecond)
        grid.setAnnotationPrecision(0)
        grid.setAnnotationTextFormat(self.text_format(7))
        for side in (QgsLayoutItemMapGrid.Left, QgsLayoutItemMapGrid.Right, QgsLayoutItemMapGrid.Top,
                     QgsLayoutItemMapGrid.Bottom):
            grid.setAnnotationPosition(QgsLayoutItemMapGrid.OutsideMapFrame, side)
            vertical = side in (QgsLayoutItemMapGrid.Left, QgsLayoutItemMapGrid.Right)
            grid.setAnnotationDirection(QgsLayoutItemMapGrid.Vertical if vertical
                                        else QgsLayoutItemMapGrid.Horizontal, side)

    def north_arrow(self, layout, map_item):
        path = next((os.path.join(folder, NORTH_ARROW) for folder in QgsApplication.svgPaths()
                     if os.path.isfile(os.path.join(folder, NORTH_ARROW))), "")
        if not path:  # no SVG library: a lettered arrow
            return self.label(layout, single("北\n↑", "N\n↑"), self.page.north, self.text_format(16, bold=True),
                              Qt.AlignHCenter)
        item = QgsLayoutItemPicture(layout)
        item.setPicturePath(path)
        layout.addLayoutItem(item)
        place(item, self.page.north)
        item.setLinkedMap(map_item)
        return item

    def scale_bar(self, layout, map_item):
        bar = QgsLayoutItemScaleBar(layout)
        layout.addLayoutItem(bar)
        bar.setLinkedMap(map_item)
        bar.setStyle("Single Box")
        bar.setUnits(QgsUnitTypes.DistanceKilometers)
        bar.setUnitLabel(single("千米", "km"))
        bar.setNumberOfSegments(4)
        bar.setNumberOfSegmentsLeft(0)
        bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
        bar.setMinimumBarWidth(40 * self.page.scale)
        bar.setMaximumBarWidth(70 * self.page.scale)
        bar.setHeight(2.5 * self.page.scale)
        bar.setTextFormat(self.text_format(8))
        bar.attemptMove(QgsLayoutPoint(self.page.scale_bar.x, self.page.scale_bar.y, MM))
        numeric = QgsLayoutItemScaleBar(layout)
        layout.addLayoutItem(numeric)
        numeric.setLinkedMap(map_item)
        numeric.setStyle("Numeric")
        numeric.setTextFormat(self.text_format(9))
        whole = QgsBasicNumericFormat()
        whole.setNumberDecimalPlaces(0)
        whole.setShowThousandsSeparator(True)
        numeric.setNumericFormat(whole)
        numeric.attemptMove(QgsLayoutPoint(self.page.scale_bar.right + 5 * self.page.scale,
                                           self.page.scale_bar.y + 2 * self.page.scale, MM))
        return bar

    def legend(self, layout, map_item, keys, top):
        legend = QgsLayoutItemLegend(layout)
        layout.addLayoutItem(legend)
        legend.setTitle(single("图例", "Legend"))
        legend.setLinkedMap(map_item)
        legend.setAutoUpdateModel(False)
        root = legend.model().rootGroup()
        root.removeAllChildren()
        for key in keys:
            if key in self.layers:
                node = root.addLayer(self.layers[key])
                if isinstance(self.layers[key], QgsRasterLayer):
                    _drop_band_title(legend.model(), node)
        legend.setLegendFilterByMapEnabled(True)  # only the classes present in the map
        set_legend_format(legend, QgsLegendStyle.Title, self.text_format(12, bold=True))
        for style in (QgsLegendStyle.Group, QgsLegendStyle.Subgroup):
            set_legend_format(legend, style, self.text_format(9, bold=True))
        set_legend_format(legend, QgsLegendStyle.SymbolLabel, self.text_format(8))
        legend.setSymbolWidth(8 * self.page.scale)
        legend.setSymbolHeight(4.5 * self.page.scale)
        legend.setResizeToContents(True)
        legend.setFrameEnabled(False)
        legend.attemptMove(QgsLayoutPoint(self.page.panel.x, top, MM))
        legend.adjustBoxSize()
        return legend

    def table_height(self, rows):
        return (rows + 1) * 4.6 * self.page.scale + 2

    def table(self, layout, headers, rows, top):
        """A table of text cells from ``top`` down in the panel; returns its bottom (mm)."""
        table = QgsLayoutItemManualTable.create(layout)
        layout.addMultiFrame(table)
        table.setHeaders([QgsLayoutTableColumn(header) for header in headers])
        table.setTableContents([[QgsTableCell(value) for value in row] for row in rows])
        table.setIncludeTableHeader(True)
        table.setHeaderTextFormat(self.text_format(7.5, bold=True))
        table.setContentTextFormat(self.text_format(7.5))
        table.setCellMargin(0.8 * self.page.scale)
        height = min(self.table_height(len(rows)), self.page.panel.bottom - top)
        frame = QgsLayoutFrame(layout, table)
        frame.attemptMove(QgsLayoutPoint(self.page.panel.x, top, MM))
        frame.attemptResize(QgsLayoutSize(self.page.panel.width, height, MM))
        table.addFrame(frame)
        return top + height

    def fit_legend(self, legend, height):
        """Keep the legend clear of what lies ``height`` mm below its top: rows drawn closer
        together first, then two columns."""
        gap = 3 * self.page.scale
        # A legend knows its size only once drawn (QgsLayoutItemLegend.adjustBoxSize does nothing
        # before its first paint): draw the page once, small.
        QgsLayoutExporter(legend.layout()).renderPageToImage(0, QSize(400, 300))
        legend.adjustBoxSize()
        if legend.sizeWithUnits().height() <= height - gap:
            return
        legend.setSymbolHeight(3.5 * self.page.scale)
        for style in (QgsLegendStyle.Symbol, QgsLegendStyle.SymbolLabel):
            legend.rstyle(style).setMargin(QgsLegendStyle.Top, 1.0 * self.page.scale)
        legend.adjustBoxSize()
        if legend.sizeWithUnits().height() > height - gap:
            legend.setColumnCount(2)
            legend.setSplitLayer(True)
            legend.adjustBoxSize()

    def note(self, layout, sources, crs_name):
        text = th.note_text(sources, self.made_on, crs_name)
        return self.label(layout, text, self.page.note, self.text_format(7, colour=(70, 70, 70)))

    # -- output ------------------------------------------------------------------------------
    def export(self, layout, folder, stem, dpi):
        """The layout to ``stem``.pdf and .png (an atlas: one PDF page per feature, and one PNG
        per feature named by the atlas' file name expression). Returns the files written.

        PNGs are rendered page by page and saved by Qt: QgsLayoutExporter.exportToImage would then
        try to georeference the PNG through GDAL, which cannot update a PNG (an error on stderr)."""
        pdf = QgsLayoutExporter.PdfExportSettings()
        pdf.dpi = dpi
        pdf_path = os.path.join(folder, stem + ".pdf")
        exporter = QgsLayoutExporter(layout)
        atlas = layout.atlas()
        if not atlas.enabled():
            check_export(exporter.exportToPdf(pdf_path, pdf), layout_export_error(exporter), stem)
            png_path = os.path.join(folder, stem + ".png")
            save_png(exporter, png_path, dpi, stem)
            return [pdf_path, png_path]
        result, error = QgsLayoutExporter.exportToPdf(atlas, pdf_path, pdf)
        check_export(result, error, stem)
        files = [pdf_path]
        if not atlas.beginRender():
            raise MapExportError(f"{stem}: atlas")
        try:
            for index in range(atlas.count()):
                atlas.seekTo(index)
                png_path = os.path.join(folder, safe_file_name(atlas.currentFilename()) + ".png")
                save_png(exporter, png_path, dpi, stem)
                files.append(png_path)
        finally:
            atlas.endRender()
        return files

    def save_template(self, layout, path):
        if not layout.saveAsTemplate(path, QgsReadWriteContext()):
            raise MapExportError(f"template {os.path.basename(path)}")
        return path

    def save_styles(self, folder):
        """Each layer's style as ``<layer name>.qml`` in ``folder``; returns the paths."""
        paths = []
        for key, layer in self.layers.items():
            path = os.path.join(folder, safe_file_name(self.names[key]) + ".qml")
            message, ok = layer.saveNamedStyle(path)
            if not ok:
                raise MapExportError(f"style {self.names[key]}: {message}")
            paths.append(path)
        return paths

    def save_project(self, path):
        if not self.project.write(path):
            raise MapExportError(self.project.error())
        return path


class MapExportError(RuntimeError):
    """QGIS could not write a map, template, style or the project (the reason QGIS gave)."""


def check_export(result, error, stem):
    if result != QgsLayoutExporter.Success:
        raise MapExportError(f"{stem}: {error or result}")


#: Fields of the project location sheet (the atlas coverage written beside the maps).
PROJECT_FIELDS = (("XMBH", "项目编号"), ("XMMC", "项目名称"), ("MJGQ", "用地面积（公顷）"), ("MJMU", "用地面积（亩）"),
                  ("SZXZ", "所在乡镇"))


def write_project_sheet(path, crs, geometries, rows):
    """The projects with their figures (core.maps.thematic.project_rows) as a GeoPackage layer,
    the coverage of the project location maps: the maps show the figures MultiPlan computed."""
    import shapely
    from osgeo import ogr, osr

    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(path)
    if dataset is None:
        raise MapExportError(os.path.basename(path))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)  # core's CRS text: an EPSG code or WKT
    layer = dataset.CreateLayer(os.path.splitext(os.path.basename(path))[0], srs, ogr.wkbMultiPolygon)
    for (name, alias), kind in zip(PROJECT_FIELDS, (ogr.OFTString, ogr.OFTString, ogr.OFTReal, ogr.OFTReal,
                                                   ogr.OFTString)):
        definition = ogr.FieldDefn(name, kind)
        definition.SetAlternativeName(alias)
        layer.CreateField(definition)
    layer.StartTransaction()
    for geometry, row in zip(geometries, rows):
        feature = ogr.Feature(layer.GetLayerDefn())
        for index, value in enumerate(row):
            feature.SetField(index, value)
        if geometry is not None:
            feature.SetGeometry(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(shapely.to_wkb(geometry))))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    dataset = None  # noqa: F841 (closing writes the file)
    return path


def save_png(exporter, path, dpi, stem):
    image = exporter.renderPageToImage(0, QSize(), dpi)
    if image.isNull() or not image.save(path, "PNG"):
        raise MapExportError(f"{stem}: {os.path.basename(path)}")


def place(item, box):
    item.attemptMove(QgsLayoutPoint(box.x, box.y, MM))
    item.attemptResize(QgsLayoutSize(box.width, box.height, MM))


def safe_file_name(name):
    return "".join("_" if char in '<>:"/\\|?*' else char for char in str(name)).strip() or "_"


# -- renderers of the map layers ------------------------------------------------------------------
def outline_renderer(rgb, width, pen="solid"):
    return QgsSingleSymbolRenderer(fill_symbol([0, 0, 0, 0], rgb, width, pen))


def line_renderer(role, scale=1.0):
    """The workspace's style of a control line (生态保护红线 green, 永久基本农田 yellow …)."""
    style = ws.load_schema().layer_for_role(role).style
    return QgsSingleSymbolRenderer(fill_symbol(style["fill"], style["outline"], style["width"] * scale,
                                               style.get("pen", "solid")))


def zones_renderer(field, codes_present):
    """三区 by code, with the workspace's fills; only the codes present get a class."""
    zones = ws.load_schema().layer_for_role("zones")
    categories = [QgsRendererCategory(item.code, fill_symbol(item.fill, (150, 150, 150), 0.1),
                                      single(item.zh, item.en))
                  for item in zones.classes if item.code in codes_present]
    return QgsCategorizedSymbolRenderer(field, categories)


def blueprint_renderer(field, values):
    """用地用海 colours of the 制图规范 附录B (level-1 classes present only)."""
    colours = ydyh_colours()
    present, other = th.present_classes(values, list(colours))
    return landuse_renderer(field, {code: colours[code] for code in present}, outline=(200, 200, 200), width=0.05,
                            other_label=single("其他或无代码", "Other or no code"), other=other)


def violations_renderer(layer, field="YZCD"):
    if layer.fields().lookupField(field) >= 0:
        return severity_renderer(field)
    return QgsSingleSymbolRenderer(fill_symbol([215, 25, 28, 150], (215, 25, 28), 0.6))


def patch_renderer(layer):
    return patches_renderer(LayerValues(layer))


def home_township_renderer():
    """The township of the atlas' project, filled; the others not drawn."""
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(fill_symbol([255, 224, 178, 200], TOWNSHIP_OUTLINE, 0.3), 0, 0,
                                               "intersects($geometry, @atlas_geometry)",
                                               single("项目所在乡镇", "Township of the project")))
    return QgsRuleBasedRenderer(root)


def project_renderer():
    return QgsSingleSymbolRenderer(fill_symbol([*PROJECT_RED, 60], PROJECT_RED, 0.7))


def overview_frame(map_item, linked):
    overview = QgsLayoutItemMapOverview(single("项目范围", "Project extent"), map_item)
    map_item.overviews().addOverview(overview)
    overview.setLinkedMap(linked)
    overview.setFrameSymbol(fill_symbol([*PROJECT_RED, 0], PROJECT_RED, 0.8))
    return overview


def _drop_band_title(model, node):
    """A paletted raster's legend starts with QGIS's band title ("Band 1 (Palette)", English
    whatever the locale): the classes are shown without it (the layer's own name heads them)."""
    nodes = model.layerLegendNodes(node)
    keep = [index for index, legend_node in enumerate(nodes) if not isinstance(legend_node, QgsSimpleLegendNode)]
    if len(keep) < len(nodes):
        QgsMapLayerLegendUtils.setLegendNodeOrder(node, keep)
        model.refreshLayerLegend(node)
