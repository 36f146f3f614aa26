"""The blueprint workspace dock (三区三线): create/open, draw, undo, live areas, check now."""
import os

import shapely
from qgis.core import Qgis, QgsCoordinateTransform, QgsFeature, QgsFeatureRequest, QgsProject
from qgis.gui import QgsDockWidget, QgsHighlight
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout,
                                 QHeaderView, QLabel, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                                 QVBoxLayout, QWidget)

from ..core.control_lines import workspace as ws
from ..core.units import to_mu
from ..processing.layer_io import to_qgs_geometry, to_shapely
from .area_tracker import AreaTracker
from .capture_tool import PolygonCaptureTool
from .common import colour_icon, language, scrolled, theme_icon, tool_button, zoom_and_flash
from .control_check import ControlLineCheck
from .workspace_layers import (WorkspaceError, create_workspace, database_or_workspace_layers, default_crs,
                               release_workspace)

SEVERITY_COLOURS = {"error": QColor(200, 30, 30), "warning": QColor(210, 140, 0)}


class BlueprintDock(QgsDockWidget):
    """Draw and check the three control lines and the three zones of one workspace file."""

    workspaceOpened = pyqtSignal(str)
    checkFinished = pyqtSignal(list)

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.base_schema = self.schema = ws.load_schema()
        self.language = language()
        self.path = None
        self.layers = {}
        self.tracker = AreaTracker(self.schema, self)
        self.tracker.changed.connect(self.refresh_areas)
        self.tool = PolygonCaptureTool(self.canvas)
        self.tool.polygonCaptured.connect(self.add_polygon)
        self.tool.deactivated.connect(lambda: self.draw_button.setChecked(False))
        self.check = None
        self.violations = []
        self.highlight = None
        self.setObjectName("MultiPlanBlueprintDock")
        self.setWindowTitle(self.tr("Three zones and three lines (三区三线)"))
        self._build()
        self._enable(False)

    def tr(self, text):
        from qgis.PyQt.QtCore import QCoreApplication

        return QCoreApplication.translate("BlueprintDock", text)

    # -- layout ---------------------------------------------------------------------------
    def _build(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)

        files = QHBoxLayout()
        self.path_label = QLabel(self.tr("No workspace open"))
        self.path_label.setWordWrap(True)
        self.new_button = tool_button("/mActionNewGeoPackageLayer.svg", self.tr("New workspace GeoPackage…"),
                                            self.new_workspace_dialog)
        self.open_button = tool_button("/mActionFileOpen.svg", self.tr("Open a workspace GeoPackage…"),
                                             self.open_workspace_dialog)
        files.addWidget(self.path_label, 1)
        files.addWidget(self.new_button)
        files.addWidget(self.open_button)
        layout.addLayout(files)

        draw_box = QGroupBox(self.tr("Draw"))
        draw = QVBoxLayout(draw_box)
        row = QHBoxLayout()
        self.type_combo = QComboBox()
        for draw_type in self.schema.draw_types:
            self.type_combo.addItem(colour_icon(self._type_colour(draw_type)), draw_type.title(self.language),
                                    draw_type.id)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.draw_button = tool_button("/mActionAddPolygon.svg",
                                             self.tr("Draw a polygon of this type (left click: vertex, right click: "
                                                     "finish, Backspace: remove vertex, Esc: cancel)"),
                                             self.toggle_drawing, checkable=True)
        self.undo_button = tool_button("/mActionUndo.svg", self.tr("Undo the last edit of this layer"), self.undo)
        self.redo_button = tool_button("/mActionRedo.svg", self.tr("Redo"), self.redo)
        self.save_button = tool_button("/mActionSaveAllEdits.svg",
                                             self.tr("Save the edits of all workspace layers"), self.save_edits)
        row.addWidget(self.type_combo, 1)
        for button in (self.draw_button, self.undo_button, self.redo_button, self.save_button):
            row.addWidget(button)
        draw.addLayout(row)
        self.avoid_check = QCheckBox(self.tr("Cut away overlaps with lines that take precedence "
                                             "(red line > farmland > urban boundary; zones never overlap)"))
        self.avoid_check.setChecked(True)
        draw.addWidget(self.avoid_check)
        layout.addWidget(draw_box)

        area_box = QGroupBox(self.tr("Areas (ellipsoidal, CGCS2000)"))
        areas = QVBoxLayout(area_box)
        self.area_table = QTableWidget(0, 4)
        self.area_table.setHorizontalHeaderLabels([self.tr("Line or zone"), self.tr("Polygons"),
                                                   self.tr("Hectares"), self.tr("Mu (亩)")])
        self._table_habits(self.area_table)
        areas.addWidget(self.area_table)
        layout.addWidget(area_box)

        check_box = QGroupBox(self.tr("Control-line check"))
        check = QVBoxLayout(check_box)
        row = QHBoxLayout()
        self.check_button = QPushButton(theme_icon("/mActionCheckGeometry.svg"), self.tr("Check now"))
        self.check_button.setToolTip(self.tr("Run the control-line checks (overlaps, coverage, fragments) on the "
                                             "layers as drawn, in the background"))
        self.check_button.clicked.connect(self.run_check)
        self.check_progress = QProgressBar()
        self.check_progress.setRange(0, 100)
        self.check_progress.setVisible(False)
        self.check_status = QLabel()
        row.addWidget(self.check_button)
        row.addWidget(self.check_progress, 1)
        row.addWidget(self.check_status, 1)
        check.addLayout(row)
        self.violation_table = QTableWidget(0, 4)
        self.violation_table.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("Severity"), self.tr("Mu (亩)"),
                                                        self.tr("Description")])
        self._table_habits(self.violation_table)
        self.violation_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.violation_table.itemSelectionChanged.connect(self.show_selected_violation)
        check.addWidget(self.violation_table)
        layout.addWidget(check_box, 1)
        self.setWidget(scrolled(body))

    @staticmethod
    def _table_habits(table):
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)

    def _type_colour(self, draw_type):
        spec = self.schema.layer(draw_type.layer)
        for zone in spec.classes:
            if draw_type.values.get(spec.code_field) == zone.code:
                return zone.fill
        style = spec.style
        fill = style.get("fill", [0, 0, 0, 0])
        return fill if fill[3:] != [0] else style.get("outline", [0, 0, 0])

    def _enable(self, on):
        for widget in (self.type_combo, self.draw_button, self.undo_button, self.redo_button, self.save_button,
                       self.avoid_check, self.check_button):
            widget.setEnabled(on)

    # -- workspace ------------------------------------------------------------------------
    def new_workspace_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New blueprint workspace"), "",
                                              self.tr("GeoPackage (*.gpkg)"))
        if path:
            if not path.lower().endswith(".gpkg"):
                path += ".gpkg"
            crs = self.canvas.mapSettings().destinationCrs()
            from ..processing.layer_io import is_undefined  # "Undefined geographic SRS" is not geographic to QGIS

            usable = crs.isValid() and not crs.isGeographic() and not is_undefined(crs)
            self.new_workspace(path, crs if usable else default_crs())

    def new_workspace(self, path, crs, county=None):
        try:
            create_workspace(path, crs, self.base_schema, county)
        except WorkspaceError as error:
            self._message(str(error), Qgis.Critical)
            return False
        return self.open_workspace(path)

    def open_workspace_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open blueprint workspace"), "",
                                              self.tr("GeoPackage (*.gpkg)"))
        if path:
            self.open_workspace(path)

    def open_workspace(self, path):
        """Open a workspace, or a standard planning database (its layers found by their standard
        names: :func:`core.control_lines.workspace.schema_for_layers`)."""
        try:
            schema, layers, missing = database_or_workspace_layers(path, self.base_schema, language=self.language)
        except WorkspaceError as error:
            self._message(str(error), Qgis.Critical)
            return False
        if missing:
            self._message(self.tr("{} has no layer {}; drawing those types is disabled.").format(
                os.path.basename(path), ", ".join(missing)), Qgis.Warning)
        if self.path and self.path != path:
            release_workspace(self.path)
        self.path = path
        self.schema = self.tracker.schema = schema
        self.layers = layers
        self.path_label.setText(os.path.basename(path))
        self.path_label.setToolTip(path)
        self.tracker.track(layers)
        self._enable(bool(layers))
        self._type_changed()
        self.workspaceOpened.emit(path)
        return True

    # -- drawing --------------------------------------------------------------------------
    def current_type(self):
        return self.schema.draw_type(self.type_combo.currentData())

    def current_layer(self):
        return self.layers.get(self.current_type().layer)

    def _type_changed(self, *_):
        layer = self.current_layer()
        if layer is not None:
            self.iface.setActiveLayer(layer)
        self.tool.set_colour(QColor(*self._type_colour(self.current_type())[:3]))

    def toggle_drawing(self, on):
        if on:
            if self.current_layer() is None:
                self.draw_button.setChecked(False)
                return
            self.canvas.setMapTool(self.tool)
        elif self.canvas.mapTool() is self.tool:
            self.canvas.unsetMapTool(self.tool)

    def add_polygon(self, geometry):
        """Add a polygon drawn on the canvas as a feature of the current type (one undo step)."""
        draw_type = self.current_type()
        layer = self.current_layer()
        if layer is None:
            return None
        geometry = type(geometry)(geometry)
        transform = QgsCoordinateTransform(self.canvas.mapSettings().destinationCrs(), layer.crs(),
                                           QgsProject.instance())
        geometry.transform(transform)
        drawn = shapely.make_valid(to_shapely(geometry))
        removed = None
        if self.avoid_check.isChecked() and draw_type.avoid:
            drawn, removed = ws.avoid_overlaps(drawn, self._blocking(draw_type, drawn))
        if drawn is None:
            self._message(self.tr("Nothing left to add: the polygon lies entirely on lines that take precedence."),
                          Qgis.Warning)
            return None
        feature = QgsFeature(layer.fields())
        feature.setGeometry(to_qgs_geometry(drawn))
        spec = self.schema.layer(draw_type.layer)
        for name, value in draw_type.values.items():
            feature[name] = value
        if "BSM" in spec.field_names():
            # Read through the features (edit buffer included), not uniqueValues: its SQL shortcut
            # fails on a GeoPackage while another layer of the same file is being edited.
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(["BSM"],
                                                                                                   layer.fields())
            feature["BSM"] = ws.next_identifier(f["BSM"] for f in layer.getFeatures(request))
        if not layer.isEditable():
            layer.startEditing()
        layer.beginEditCommand(self.tr("Draw {}").format(draw_type.title(self.language)))
        ok = layer.addFeature(feature)
        layer.endEditCommand()
        if not ok:
            self._message(self.tr("Could not add the polygon to {}.").format(layer.name()), Qgis.Critical)
            return None
        self.tracker.flush()
        if removed is not None:
            crs = layer.crs().authid() or layer.crs().toWkt()
            cut = float(to_mu(ws.feature_areas([removed], crs)[0]))
            self._message(self.tr("{}: {:.2f} mu cut away where it overlapped {}.").format(
                draw_type.title(self.language), cut, ", ".join(self._titles(draw_type.avoid))), Qgis.Info)
        return feature

    def _titles(self, names):
        return [self.schema.layer(name).title(self.language) for name in names]

    def _blocking(self, draw_type, drawn):
        """Geometries of the layers ``draw_type`` must avoid, near ``drawn`` (in the target CRS)."""
        from qgis.core import QgsRectangle

        target = self.layers[draw_type.layer]
        xmin, ymin, xmax, ymax = drawn.bounds
        others = []
        for name in draw_type.avoid:
            layer = self.layers.get(name)
            if layer is None:
                continue
            to_layer = QgsCoordinateTransform(target.crs(), layer.crs(), QgsProject.instance())
            back = QgsCoordinateTransform(layer.crs(), target.crs(), QgsProject.instance())
            rect = to_layer.transformBoundingBox(QgsRectangle(xmin, ymin, xmax, ymax))
            for feature in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)):
                geometry = feature.geometry()
                geometry.transform(back)
                others.append(to_shapely(geometry))
        return others

    def undo(self):
        layer = self.current_layer()
        if layer is not None and layer.undoStack().canUndo():
            layer.undoStack().undo()
            self.tracker.flush()

    def redo(self):
        layer = self.current_layer()
        if layer is not None and layer.undoStack().canRedo():
            layer.undoStack().redo()
            self.tracker.flush()

    def save_edits(self):
        failed = []
        for layer in self.layers.values():
            if layer.isEditable() and layer.isModified():
                if not layer.commitChanges(False):
                    failed.append(f"{layer.name()}: {'; '.join(layer.commitErrors())}")
        if failed:
            self._message(self.tr("Some edits could not be saved: {}").format(" | ".join(failed)), Qgis.Critical)
        else:
            self._message(self.tr("Workspace edits saved."), Qgis.Success)
        return not failed

    # -- areas ----------------------------------------------------------------------------
    def refresh_areas(self):
        rows = self.tracker.rows()
        self.area_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            label = row.label_zh if self.language == "zh" else row.label_en
            cells = [label, f"{row.count:,}", f"{row.area_ha:,.4f}", f"{row.area_mu:,.2f}"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.area_table.setItem(index, column, item)

    def area_rows(self):
        return self.tracker.rows()

    # -- check now ------------------------------------------------------------------------
    def layers_by_role(self):
        roles = {}
        for name, layer in self.layers.items():
            role = self.schema.layer(name).role
            if role in ("ecological", "farmland", "urban_boundary", "zones", "county"):
                roles[role] = layer
        return roles

    def run_check(self):
        if self.check is not None and self.check.task is not None:
            return None
        zone_spec = self.schema.layer_for_role("zones")
        try:
            self.check = ControlLineCheck(self.layers_by_role(), zone_spec.code_field if zone_spec else "KJLXDM", self)
        except OSError as error:
            self._message(self.tr("Could not copy the layers for the check: {}").format(error), Qgis.Critical)
            return None
        self.check.finished.connect(self._check_finished)
        self.check.failed.connect(self._check_failed)
        self.check.progressChanged.connect(lambda value: self.check_progress.setValue(int(value)))
        task = self.check.start()
        if task is not None:
            self.check_button.setEnabled(False)
            self.check_progress.setValue(0)
            self.check_progress.setVisible(True)
            self.check_status.setText(self.tr("Checking…"))
        else:
            self.check = None
        return task

    def _check_done(self):
        self.check = None
        self.check_button.setEnabled(True)
        self.check_progress.setVisible(False)

    def _check_failed(self, message):
        self._check_done()
        self.check_status.setText(self.tr("Check failed"))
        self._message(message, Qgis.Critical)

    def _check_finished(self, violations, results):
        self._check_done()
        self.violations = violations
        errors = sum(1 for v in violations if v.severity == "error")
        self.check_status.setText(self.tr("{} violations ({} errors)").format(len(violations), errors)
                                  if violations else self.tr("No violations"))
        self.violation_table.setRowCount(len(violations))
        for index, violation in enumerate(violations):
            severity = self.tr("error") if violation.severity == "error" else self.tr("warning")
            # A piece above the check's 1 m² tolerance but below 0.005 亩 would read 0.00: say so.
            area = ("" if violation.area_mu is None else
                    f"{violation.area_mu:,.2f}" if violation.area_mu >= 0.005 or violation.area_mu == 0 else "<0.01")
            cells = [f"{violation.rule} {violation.name or ''}", severity, area, violation.note or ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setForeground(SEVERITY_COLOURS.get(violation.severity, QColor(0, 0, 0)))
                if column == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setToolTip(violation.note or "")
                self.violation_table.setItem(index, column, item)
        self.checkFinished.emit(violations)

    def show_selected_violation(self):
        rows = self.violation_table.selectionModel().selectedRows()
        if not rows:
            return
        violation = self.violations[rows[0].row()]
        if violation.geometry is None or violation.geometry.isNull():
            return
        layer = next(iter(self.layers.values()))  # the check writes in the workspace CRS
        self._clear_highlight()
        self.highlight = QgsHighlight(self.canvas, violation.geometry, layer)
        self.highlight.setColor(QColor(255, 0, 0))
        self.highlight.setFillColor(QColor(255, 0, 0, 80))
        self.highlight.setWidth(3)
        self.highlight.show()
        zoom_and_flash(self.canvas, layer, violation.geometry)

    def _clear_highlight(self):
        if self.highlight is not None:
            self.highlight.hide()
            self.highlight = None

    # -- helpers --------------------------------------------------------------------------
    def _message(self, text, level=Qgis.Info):
        self.iface.messageBar().pushMessage(self.tr("Three zones and three lines"), text, level, 6)

    def unload(self):
        if self.canvas.mapTool() is self.tool:
            self.canvas.unsetMapTool(self.tool)
        self._clear_highlight()
        self.tracker.clear()
        if self.path:
            release_workspace(self.path)
