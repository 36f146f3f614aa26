"""The 一张图查询 panel: what every layer of the project says where the user clicked or drew.

Works on whatever is loaded — a workspace, a standard database, PostGIS layers or any other
polygon layers and single-band rasters — by default the visible ones, in the layer tree's order.
The query itself is :func:`core.maps.query.query` (the batch ``multiplan:query_location`` runs
the same), the Excel export :func:`core.maps.query_report.write_report`; this module only
adapts QGIS layers to them:

* each polygon layer is read once (geometries through ``getFeatures`` → WKB → shapely,
  reprojected into one projected CGCS2000 working CRS chosen as the batch chooses it, and the
  identifier fields) and kept in a :class:`LayerCache` with its spatial index, so a second query
  costs only the features near the location. Attributes are read from the layer for the features
  met only, so they are always the current ones. The entry of a layer is dropped when its
  features, geometries, identifiers, subset, CRS or fields change, or it leaves the project;
* rasters are read where the location falls (GDAL windows), in their own CRS; a paletted style
  (双评价 grades) names the values.
"""
import time

import numpy as np
import pandas as pd
import shapely
from qgis.core import (Qgis, QgsCoordinateTransform, QgsCsException, QgsFeatureRequest, QgsGeometry,
                       QgsPalettedRasterRenderer, QgsProcessingException, QgsProcessingFeedback, QgsProject,
                       QgsRasterLayer, QgsVectorLayer, QgsWkbTypes)
from qgis.gui import QgsDockWidget, QgsRubberBand
from qgis.PyQt import sip
from qgis.PyQt.QtCore import (QAbstractTableModel, QCoreApplication, QDate, QDateTime, QModelIndex, QObject,
                              QSortFilterProxyModel, Qt, QTime, QVariant)
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QCheckBox, QFileDialog, QHBoxLayout,
                                 QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget)

from ..core.areas import polygon_areas
from ..core.crs import CrsError, as_pyproj_crs, reproject_geometries
from ..core.maps.query import ROW_COLUMNS, QueryLayer, QueryRaster, query
from ..core.maps.query_report import write_report
from ..core.report import Text, report_language
from ..core.units import to_hectares, to_mu
from ..processing.crs_messages import crs_error
from ..processing.layer_io import (IDENTIFIER_FIELDS, arrow_table, crs_for_core, feature_ids, qgs_crs, read_arrow,
                                   to_shapely, unique_name, wkb_of, working_crs_for)
from ..processing.settings import report_language as report_language_setting
from .common import language, tool_button
from .query_tool import POINT, POLYGON, QUERY_COLOUR, OneMapQueryTool

HIDDEN_FIELDS = ("fid",)  # the GeoPackage's row id, as the batch leaves it out
COLUMNS = ("layer", "feature", "area_ha", "area_mu", "share", "attributes")


def plain(value):
    """An attribute as Python: NULL → None, dates and times as ISO text."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, (QDate, QDateTime, QTime)):
        return value.toString(Qt.ISODate)
    return value


class _IdColumns:
    """What :func:`processing.layer_io.feature_ids` reads of a layer: its name, fields, feature count
    and the values of the identifier fields (so features are named as the batch names them)."""

    def __init__(self, name, fields, count, columns):
        self.name, self.fields, self.count, self.columns = name, fields, count, columns

    def __len__(self):
        return self.count

    def values(self, field_name):
        return self.columns[field_name]


class LiveQueryLayer(QueryLayer):
    """A polygon layer as the query needs it: geometries and identifiers held, attributes read from
    the layer for the features met (:meth:`records`), so edits to them show at once."""

    def __init__(self, layer, geometries, fids, ids, id_indices):
        super().__init__(layer.name(), geometries, None, ids)
        self.layer, self.fids, self.id_indices = layer, np.asarray(fids, dtype=np.int64), set(id_indices)
        self._positions = None

    def records(self, positions):
        fids = [int(fid) for fid in self.fids[positions]]
        if not fids:
            return []
        names = self.layer.fields().names()
        request = QgsFeatureRequest().setFilterFids(fids).setFlags(QgsFeatureRequest.NoGeometry)
        found = {feature.id(): {name: plain(value) for name, value in zip(names, feature.attributes())
                                if name not in HIDDEN_FIELDS}
                 for feature in self.layer.getFeatures(request)}
        return [found.get(fid, {}) for fid in fids]

    def fid_of(self, feature_id):
        """The feature id (fid) of the feature the query named ``feature_id``, or None."""
        if self._positions is None:
            self._positions = {name: position for position, name in enumerate(self.ids)}
        position = self._positions.get(feature_id)
        return None if position is None else int(self.fids[position])


def read_query_layer(layer, crs):
    """``layer``'s geometries (in ``crs``) and identifiers: one pass of ``getFeatures`` (uncommitted
    edits, filters and any provider alike), the identifier fields the only attributes read."""
    source_crs = crs_for_core(layer.crs(), layer.name(), layer.extent())
    fields = layer.fields()
    id_indices = [fields.lookupField(name) for name in IDENTIFIER_FIELDS if fields.lookupField(name) >= 0]
    read = _read_arrow(layer, fields, id_indices)
    if read is not None:  # a plain GeoPackage table, nothing unsaved: GDAL's Arrow interface, 6x faster
        fids, geometries, columns = read
    else:
        fids, wkbs, columns = [], [], [[] for _ in id_indices]
        for feature in layer.getFeatures(QgsFeatureRequest().setSubsetOfAttributes(id_indices)):
            fids.append(feature.id())
            wkbs.append(wkb_of(feature.geometry()))
            for column, index in zip(columns, id_indices):
                column.append(plain(feature.attribute(index)))
        geometries = shapely.from_wkb(np.array(wkbs, dtype=object), on_invalid="ignore")
    if len(geometries) and as_pyproj_crs(source_crs) != as_pyproj_crs(crs):
        geometries = reproject_geometries(geometries, source_crs, crs)
    named = _IdColumns(layer.name(), fields, len(fids),
                       {fields.at(index).name(): column for index, column in zip(id_indices, columns)})
    return LiveQueryLayer(layer, geometries, fids, feature_ids(named).values, id_indices)


def _read_arrow(layer, fields, id_indices):
    """(fids, geometries, identifier columns) of ``layer`` read through GDAL's Arrow interface when
    it is a plain GeoPackage table with nothing unsaved (processing.layer_io.arrow_table), else None."""
    table = arrow_table(layer)
    keys = layer.dataProvider().pkAttributeIndexes() if table is not None else []
    if not keys:  # the fid column, which QGIS shows as the table's first field
        return None
    fid_column = fields.at(keys[0]).name()
    names = [fields.at(index).name() for index in id_indices]
    read = read_arrow(table, fields, layer.featureCount(), [fid_column] + [n for n in names if n != fid_column])
    if read is None:
        return None
    geometries, values = read
    return values[fid_column], geometries, [values[name] for name in names]


def remove_from_map(item):
    """Take a rubber band off the map for good."""
    if item is not None and not sip.isdeleted(item):
        scene = item.scene()
        if scene is not None:
            scene.removeItem(item)
        sip.delete(item)


def grade_labels(layer):
    """Value → label of a raster styled with classes (the paletted style of the 双评价 grades)."""
    renderer = layer.renderer()
    if isinstance(renderer, QgsPalettedRasterRenderer):
        return {float(item.value): item.label for item in renderer.classes() if item.label}
    return None


def project_layers(visible_only=True):
    """The polygon layers and single-band GDAL rasters of the project in the layer tree's order,
    only those shown on the map with ``visible_only``."""
    vectors, rasters = [], []
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        layer = node.layer()
        if layer is None or not layer.isValid() or (visible_only and not node.isVisible()):
            continue
        if isinstance(layer, QgsVectorLayer) and layer.geometryType() == QgsWkbTypes.PolygonGeometry:
            vectors.append(layer)
        elif isinstance(layer, QgsRasterLayer) and layer.providerType() == "gdal" and layer.bandCount() == 1:
            rasters.append(layer)
    return vectors, rasters


class LayerCache(QObject):
    """The polygon layers read so far (layer id → (working CRS, :class:`LiveQueryLayer`)). An entry
    is dropped when what it holds may have changed; it is read again by the next query."""

    EDIT_SIGNALS = ("featureAdded", "featureDeleted", "geometryChanged", "afterCommitChanges", "afterRollBack",
                    "dataChanged", "subsetStringChanged", "updatedFields", "crsChanged")

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.entries = {}
        self.reads = 0  # layers read from their source so far
        self._connections = {}  # layer id -> [(signal, slot)]
        self._project_connections = [(project.layersWillBeRemoved, self._removed),
                                     (project.layersAdded, self._added), (project.cleared, self.clear)]
        for signal, slot in self._project_connections:
            signal.connect(slot)

    def get(self, layer, crs):
        """The query layer of ``layer`` in ``crs``, read now unless cached."""
        entry = self.entries.get(layer.id())
        if entry is None or entry[0] != crs:
            self._watch(layer)
            entry = self.entries[layer.id()] = (crs, read_query_layer(layer, crs))
            self.reads += 1
        return entry[1]

    def invalidate(self, layer_id):
        self.entries.pop(layer_id, None)

    def _watch(self, layer):
        layer_id = layer.id()
        if layer_id in self._connections:
            return

        def changed(*_):
            self.invalidate(layer_id)

        def attribute_changed(_fid, index, _value):
            entry = self.entries.get(layer_id)
            if entry is not None and index in entry[1].id_indices:  # other attributes are read live
                self.invalidate(layer_id)

        def deleted():
            self.forget(layer_id)

        pairs = [(getattr(layer, name), changed) for name in self.EDIT_SIGNALS]
        pairs += [(layer.attributeValueChanged, attribute_changed), (layer.willBeDeleted, deleted)]
        for signal, slot in pairs:
            signal.connect(slot)
        self._connections[layer_id] = pairs

    def forget(self, layer_id):
        self.invalidate(layer_id)
        for signal, slot in self._connections.pop(layer_id, []):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass  # the layer is already gone

    def _removed(self, layer_ids):
        for layer_id in layer_ids:
            self.forget(layer_id)

    def _added(self, layers):
        for layer in layers:  # a project read again may bring back an id: never trust an old entry
            self.invalidate(layer.id())

    def clear(self):
        for layer_id in list(self._connections):
            self.forget(layer_id)
        self.entries = {}

    def unload(self):
        self.clear()
        for signal, slot in self._project_connections:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass


class QueryResultModel(QAbstractTableModel):
    """The rows of one query (``core.maps.query.ROW_COLUMNS``): display text, numbers to sort by."""

    def __init__(self, headers, parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows = pd.DataFrame(columns=COLUMNS)
        self.language = language()

    def set_rows(self, rows):
        self.beginResetModel()
        self.rows = rows.reset_index(drop=True)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def value(self, row, column):
        value = self.rows.at[row, COLUMNS[column]]
        return None if value is None or (isinstance(value, float) and np.isnan(value)) else value

    def text(self, value):
        if isinstance(value, Text):
            return value.zh if self.language == "zh" else value.en
        return "" if value is None else str(value)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        key, value = COLUMNS[index.column()], self.value(index.row(), index.column())
        if role == Qt.DisplayRole:
            if value is None or key not in ("area_ha", "area_mu", "share"):
                return self.text(value)
            return f"{value:.2%}" if key == "share" else f"{value:,.4f}" if key == "area_ha" else f"{value:,.2f}"
        if role == Qt.UserRole:  # what the proxy sorts by
            return value if key in ("area_ha", "area_mu", "share") and value is not None else self.text(value)
        if role == Qt.ToolTipRole and key in ("attributes", "feature", "layer"):
            return self.text(value)
        if role == Qt.TextAlignmentRole and key in ("area_ha", "area_mu", "share"):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class OneMapQueryDock(QgsDockWidget):
    """Click or draw on the map; see what every layer says there; export it to Excel."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.cache = LayerCache(QgsProject.instance(), self)
        self.rows = None  # the last answer (core.maps.query rows)
        self.location_id = None
        self.location_area = None  # m², for a polygon
        self.queried = {}  # layer name in the rows -> (QgsVectorLayer, LiveQueryLayer)
        self.count = 0
        self.seconds = None
        self.setObjectName("MultiPlanOneMapQueryDock")
        self.setWindowTitle(self.tr("One-map query (一张图查询)"))
        self.tool = OneMapQueryTool(self.canvas)
        self.tool.locationChosen.connect(self.query_geometry)
        self.band = None  # the location of the last query, on the map while the panel is open
        self._build()
        self.closedStateChanged.connect(self._closed_state_changed)

    def tr(self, text):
        return QCoreApplication.translate("OneMapQueryDock", text)

    # -- layout ---------------------------------------------------------------------------
    def _build(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.point_button = tool_button("/mActionIdentify.svg", self.tr("Query a point: click on the map"),
                                        lambda checked: checked and self.set_mode(POINT), checkable=True)
        self.polygon_button = tool_button(
            "/mActionIdentifyByPolygon.svg",
            self.tr("Query a polygon: left click adds a vertex, right click finishes, Esc cancels"),
            lambda checked: checked and self.set_mode(POLYGON), checkable=True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        for button in (self.point_button, self.polygon_button):
            self.mode_group.addButton(button)
        self.point_button.blockSignals(True)  # the tool's mode already; choosing it must not take over the map
        self.point_button.setChecked(True)
        self.point_button.blockSignals(False)
        self.visible_only = QCheckBox(self.tr("Visible layers only"))
        self.visible_only.setChecked(True)
        self.visible_only.setToolTip(self.tr("Query the layers shown on the map; untick to query every polygon "
                                             "layer and single-band raster of the project"))
        self.clear_button = tool_button("/mIconClearText.svg", self.tr("Clear the result"), self.clear)
        self.export_button = tool_button("/mActionFileSaveAs.svg", self.tr("Export to Excel…"), self.export_dialog)
        self.export_button.setEnabled(False)
        for widget in (self.point_button, self.polygon_button):
            row.addWidget(widget)
        row.addWidget(self.visible_only, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)

        self.summary = QLabel(self.tr("Click on the map, or draw a polygon, to see what every layer says there."))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.summary)

        headers = [self.tr("Layer"), self.tr("Feature"), self.tr("Area (ha)"), self.tr("Area (mu)"),
                   self.tr("Share"), self.tr("Codes, names, values")]
        self.model = QueryResultModel(headers, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # the layer tree's order until asked
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(160)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

    # -- the map tool ---------------------------------------------------------------------
    def set_mode(self, mode):
        self.tool.set_mode(mode)
        button = self.point_button if mode == POINT else self.polygon_button
        if not button.isChecked():
            button.setChecked(True)
        if self.canvas.mapTool() is not self.tool:
            self.activate_tool()

    def activate_tool(self):
        self.canvas.setMapTool(self.tool)

    def deactivate_tool(self):
        if self.canvas.mapTool() is self.tool:
            self.canvas.unsetMapTool(self.tool)

    def _closed_state_changed(self, closed):
        if closed:
            self.deactivate_tool()
            self._clear_band()

    # -- the query ------------------------------------------------------------------------
    def query_geometry(self, geometry, crs=None):
        """Query ``geometry`` (a point or polygon QgsGeometry in ``crs``, default the canvas CRS)
        against the project's layers; shows and returns the rows (None when nothing was queried)."""
        crs = crs if crs is not None else self.canvas.mapSettings().destinationCrs()
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            return None
        started = time.perf_counter()
        vectors, rasters = project_layers(self.visible_only.isChecked())
        if not vectors and not rasters:
            self._message(self.tr("No polygon layer or single-band raster to query: load (or show) the layers "
                                  "of the 一张图 first."), Qgis.Warning)
            return None
        self.count += 1
        is_point = geometry.type() == QgsWkbTypes.PointGeometry
        location_id = (self.tr("Point {}") if is_point else self.tr("Polygon {}")).format(self.count)
        problems = []
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            frames, location, working = self._query(geometry, crs, location_id, vectors, rasters, problems)
        finally:
            QApplication.restoreOverrideCursor()
        if problems:
            self._message(self.tr("Not queried: {}").format(" ".join(problems)), Qgis.Warning)
        if location is None:
            return None
        self.rows = pd.DataFrame([row for frame in frames for row in frame.itertuples(index=False, name=None)],
                                 columns=ROW_COLUMNS)  # as query() makes them: NaN where a raster has no area
        self.location_id = location_id
        self.location_area = None
        if not is_point:
            self.location_area = float(polygon_areas(np.array([location], dtype=object), working)[0])
        self.seconds = time.perf_counter() - started
        self._show(geometry, crs)
        return self.rows

    def _query(self, geometry, crs, location_id, vectors, rasters, problems):
        """Rows from the polygon layers (in one working CRS) and the rasters (each in its own); the
        location in the working CRS and that CRS (None, None when nothing could be queried)."""
        usable = []
        for layer in vectors + rasters:
            try:
                crs_for_core(layer.crs(), layer.name(), layer.extent())
                usable.append(layer)
            except QgsProcessingException as error:
                problems.append(str(error))
        vectors = [layer for layer in vectors if layer in usable]
        rasters = [layer for layer in rasters if layer in usable]
        if not usable:
            return [], None, None
        try:
            working = working_crs_for(vectors or rasters, QgsProcessingFeedback(False))
            location = self._in_crs(geometry, crs, working)
        except QgsProcessingException as error:
            problems.append(str(error))
            return [], None, None
        except QgsCsException as error:
            problems.append(self.tr("the location cannot be transformed: {}").format(error))
            return [], None, None
        names, frames, layers = set(), [], []
        self.queried = {}
        for layer in vectors:
            try:
                entry = self.cache.get(layer, working)
            except QgsProcessingException as error:
                problems.append(str(error))
                continue
            except CrsError as error:
                problems.append(str(crs_error(error, layer.name())))
                continue
            entry.name = unique_name(layer.name(), names)
            self.queried[entry.name] = (layer, entry)
            layers.append(entry)
        groups = {}
        for layer in rasters:
            raster_crs = crs_for_core(layer.crs(), layer.name(), layer.extent())
            groups.setdefault(raster_crs, []).append(
                QueryRaster(unique_name(layer.name(), names), layer.source(), grade_labels(layer)))
        if layers and location is not None:
            try:
                frames.append(query(np.array([location], dtype=object), [location_id], layers, working))
            except ValueError as error:  # core.crs: a location outside the working CRS's domain
                problems.append(str(error))
        for raster_crs, group in groups.items():
            try:
                at = self._in_crs(geometry, crs, raster_crs)
                if at is not None:
                    frames.append(query(np.array([at], dtype=object), [location_id], [], raster_crs, group))
            except (ValueError, QgsCsException) as error:  # a raster GDAL cannot open, a location off its CRS
                problems.append(str(error))
        return [frame for frame in frames if not frame.empty], location, working

    @staticmethod
    def _in_crs(geometry, source, target):
        """``geometry`` (QgsGeometry in ``source``) as a shapely geometry in ``target`` (core's CRS text)."""
        moved = QgsGeometry(geometry)
        target = qgs_crs(target)
        if source.isValid() and target.isValid() and source != target:
            moved.transform(QgsCoordinateTransform(source, target, QgsProject.instance()))
        return to_shapely(moved)

    # -- showing --------------------------------------------------------------------------
    def _show(self, geometry, crs):
        rows = self.rows if self.rows is not None else pd.DataFrame(columns=COLUMNS)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.export_button.setEnabled(self.rows is not None)
        layers = rows["layer"].nunique() if len(rows) else 0
        if self.location_area is not None:
            where = self.tr("{}: {:,.4f} ha ({:,.2f} mu)").format(
                self.location_id, float(to_hectares(self.location_area)), float(to_mu(self.location_area)))
        else:
            where = self.location_id
        self.summary.setText(self.tr("{}. {} rows from {} layers ({:.2f} s).").format(
            where, len(rows), layers, self.seconds))
        self._clear_band()
        band = QgsRubberBand(self.canvas, geometry.type())
        band.setColor(QUERY_COLOUR)
        fill = QColor(QUERY_COLOUR)
        fill.setAlpha(40)
        band.setFillColor(fill)
        band.setWidth(2)
        band.setIcon(QgsRubberBand.ICON_CIRCLE)
        band.setIconSize(12)
        band.setToGeometry(geometry, crs)
        band.show()
        self.band = band

    def _clear_band(self):
        band, self.band = self.band, None
        remove_from_map(band)

    def _current_changed(self, current, _previous):
        if not current.isValid():
            return
        row = self.proxy.mapToSource(current).row()
        layer, entry = self.queried.get(self.model.rows.at[row, "layer"], (None, None))
        if entry is not None:
            fid = entry.fid_of(self.model.rows.at[row, "feature"])
            if fid is not None:
                self.canvas.flashFeatureIds(layer, [fid])

    def clear(self):
        self.rows, self.location_id, self.location_area, self.queried = None, None, None, {}
        self.model.set_rows(pd.DataFrame(columns=COLUMNS))
        self.export_button.setEnabled(False)
        self.summary.setText(self.tr("Click on the map, or draw a polygon, to see what every layer says there."))
        self._clear_band()

    # -- Excel ----------------------------------------------------------------------------
    def export_dialog(self):
        if self.rows is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the query to Excel"), "",
                                              self.tr("Excel (*.xlsx)"))
        if path:
            self.export_excel(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_excel(self, path):
        """Write the last answer as ``multiplan:query_location`` writes its workbook."""
        if self.rows is None:
            return False
        try:
            with report_language(report_language_setting()):
                write_report(path, self.rows, [self.location_id])
        except (OSError, ValueError) as error:
            self._message(self.tr("The workbook could not be written: {}").format(error), Qgis.Critical)
            return False
        self._message(self.tr("Query written to {}").format(path), Qgis.Success)
        return True

    def _message(self, text, level=Qgis.Info):
        self.iface.messageBar().pushMessage(self.tr("One-map query"), text, level, 6)

    def unload(self):
        self.deactivate_tool()
        try:
            self.closedStateChanged.disconnect(self._closed_state_changed)
        except (TypeError, RuntimeError):
            pass
        self.cache.unload()
        self.tool.reset()
        self._clear_band()
        remove_from_map(self.tool.band)
