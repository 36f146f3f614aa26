"""The conflict review dock (差异图斑审查): filter, walk through and decide difference patches.

The patch being reviewed stays outlined on the map (a :class:`QgsRubberBand`: a bright line on a
dark halo, readable over any fill colour, the patch's own colour left visible) until another
one is chosen, the dock is closed, the layer goes away or the plugin unloads. The decision
buttons are labelled with the same words the table shows for the decision they make
(:func:`core.conflicts.review.choice_texts`).
"""
import os

import numpy as np
from qgis.core import Qgis, QgsApplication, QgsMapLayerProxyModel, QgsSettings, QgsTask, QgsWkbTypes
from qgis.gui import QgsDockWidget, QgsDoubleSpinBox, QgsMapLayerComboBox, QgsRubberBand
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QFileDialog, QGridLayout, QGroupBox,
                                 QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                                 QProgressBar, QPushButton, QRadioButton, QTableView, QTableWidget,
                                 QTableWidgetItem, QVBoxLayout, QWidget)

from ..core.conflicts import review
from ..core.conflicts.resolution import CODE_PREFIX, DEFER
from ..core.report import report_language
from ..processing.settings import report_language as report_language_setting
from .common import language, scrolled, theme_icon, tool_button, zoom_and_flash
from .patch_store import DECISIONS, PatchStore, PatchStoreError
from .shared_review import SharedReviewDialog, shared_store_for
from .review_model import PatchTableModel

REVIEWER_SETTING = "multiplan/reviewer"
HIGHLIGHT_TAG = "multiplan-review-current-patch"
HIGHLIGHT_LINE, HIGHLIGHT_HALO, HIGHLIGHT_FILL = QColor(0, 255, 255), QColor(0, 0, 0, 200), QColor(0, 255, 255, 35)
POLL_MS = 1000  # how often a shared review asks the server what the other reviewers did


class ConflictReviewDock(QgsDockWidget):
    """Review one difference-patch layer; every decision is saved to the file at once."""

    layerOpened = pyqtSignal(object)

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.store = None
        self.plans = []
        self.read_only = True
        self.language = language()
        self.highlight = None
        self._closed = False  # closed by the user (a dock merely tabbed away still highlights)
        self.model = PatchTableModel(self)
        self.setObjectName("MultiPlanConflictReviewDock")
        self.setWindowTitle(self.tr("Conflict review (差异图斑审查)"))
        self._build()
        DECISIONS.written.connect(self._written_elsewhere)
        self.closedStateChanged.connect(self._closed_state_changed)
        self.canvas.destinationCrsChanged.connect(self._refresh_highlight)
        self._set_editable(False)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll_shared)

    def tr(self, text):
        return QCoreApplication.translate("ConflictReviewDock", text)

    # -- layout ---------------------------------------------------------------------------
    def _build(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)

        row = QHBoxLayout()
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        self.layer_combo.layerChanged.connect(self.open_layer)
        self.reload_button = tool_button("/mActionRefresh.svg", self.tr("Read the layer again"),
                                               lambda: self.open_layer(self.layer_combo.currentLayer()))
        self.shared_button = tool_button("/mIconPostgis.svg", self.tr("Open a shared review on PostGIS…"),
                                         self.shared_dialog)
        self.database_button = tool_button("/mActionAddGeoPackageLayer.svg",
                                           self.tr("Show a planning database or blueprint workspace under the "
                                                   "patches (control lines, 三区, planning use, admin units)…"),
                                           self.database_dialog)
        row.addWidget(QLabel(self.tr("Patches")))
        row.addWidget(self.layer_combo, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.shared_button)
        row.addWidget(self.database_button)
        layout.addLayout(row)

        filters = QGroupBox(self.tr("Filter"))
        grid = QGridLayout(filters)
        grid.setContentsMargins(6, 4, 6, 4)
        self.type_filter, self.admin_filter, self.status_filter = QComboBox(), QComboBox(), QComboBox()
        self.min_area, self.max_area = QgsDoubleSpinBox(), QgsDoubleSpinBox()
        for box in (self.min_area, self.max_area):
            box.setRange(0, 1e9)
            box.setDecimals(2)
            box.setSuffix(self.tr(" mu"))
            box.setShowClearButton(True)
            box.setSpecialValueText(self.tr("any"))
            box.setClearValue(0)
            box.valueChanged.connect(self.apply_filter)
        for box in (self.type_filter, self.admin_filter, self.status_filter):
            box.currentIndexChanged.connect(self.apply_filter)
        area_row = QHBoxLayout()
        area_row.addWidget(self.min_area)
        area_row.addWidget(QLabel("–"))
        area_row.addWidget(self.max_area)
        grid.addWidget(QLabel(self.tr("Type")), 0, 0)
        grid.addWidget(self.type_filter, 0, 1)
        grid.addWidget(QLabel(self.tr("Admin unit")), 0, 2)
        grid.addWidget(self.admin_filter, 0, 3)
        grid.addWidget(QLabel(self.tr("Status")), 1, 0)
        grid.addWidget(self.status_filter, 1, 1)
        grid.addWidget(QLabel(self.tr("Area")), 1, 2)
        grid.addLayout(area_row, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addWidget(filters)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(160)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)

        nav = QHBoxLayout()
        self.prev_button = tool_button("/mActionArrowLeft.svg", self.tr("Previous patch"), lambda: self.step(-1))
        self.next_button = tool_button("/mActionArrowRight.svg", self.tr("Next patch"), lambda: self.step(1))
        self.pending_only = QPushButton(self.tr("Pending only"))
        self.pending_only.setCheckable(True)
        self.pending_only.setToolTip(self.tr("Next/previous skip patches already reviewed"))
        self.position_label = QLabel()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.pending_only)
        nav.addWidget(self.position_label, 1)
        layout.addLayout(nav)

        decide = QGroupBox(self.tr("Decision"))
        decision_layout = QVBoxLayout(decide)
        self.suggestion_label = QLabel()
        self.suggestion_label.setWordWrap(True)
        decision_layout.addWidget(self.suggestion_label)
        self.choice_group = QButtonGroup(self)
        self.choice_row = QHBoxLayout()
        decision_layout.addLayout(self.choice_row)
        adjust_row = QHBoxLayout()
        choices = review.choice_texts([], self.language)
        self.adjust_radio = QRadioButton(choices[CODE_PREFIX])
        self.adjust_radio.setToolTip(self.tr("Adjust the patch to the 用地用海 2023 code typed in the box"))
        self.adjust_code = QLineEdit()
        self.adjust_code.setPlaceholderText("0103")
        self.adjust_code.setToolTip(self.adjust_radio.toolTip())
        self.adjust_code.setMaximumWidth(90)
        self.defer_radio = QRadioButton(choices[DEFER])
        adjust_row.addWidget(self.adjust_radio)
        adjust_row.addWidget(self.adjust_code)
        adjust_row.addWidget(self.defer_radio)
        adjust_row.addStretch(1)
        decision_layout.addLayout(adjust_row)
        self.choice_group.addButton(self.adjust_radio)
        self.choice_group.addButton(self.defer_radio)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Reason (处理理由), e.g. the approval document"))
        self.reason_edit.setMaximumHeight(60)
        decision_layout.addWidget(self.reason_edit)
        people = QHBoxLayout()
        self.reviewer_edit = QLineEdit(QgsSettings().value(REVIEWER_SETTING, "", type=str))
        self.reviewer_edit.setPlaceholderText(self.tr("Reviewer (审查人)"))
        self.reviewer_edit.editingFinished.connect(
            lambda: QgsSettings().setValue(REVIEWER_SETTING, self.reviewer_edit.text().strip()))
        self.save_button = QPushButton(theme_icon("/mActionSaveEdits.svg"), self.tr("Save and next"))
        self.save_button.setToolTip(self.tr("Mark the patch reviewed with this decision (saved to the file at once) "
                                            "and go to the next one"))
        self.save_button.clicked.connect(self.save_and_next)
        self.clear_button = tool_button("/mActionUndo.svg", self.tr("Take the decision back (未审查)"),
                                              self.clear_decision)
        people.addWidget(self.reviewer_edit, 1)
        people.addWidget(self.clear_button)
        people.addWidget(self.save_button)
        decision_layout.addLayout(people)
        layout.addWidget(decide)
        layout.addWidget(self._build_shared())

        bottom = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress_label = QLabel()
        self.export_button = tool_button("/mActionSaveAsSVG.svg", self.tr("Export the ledger to Excel…"),
                                               self.export_dialog)
        self.export_button.setIcon(theme_icon("/mActionFileSaveAs.svg"))
        self.copy_button = tool_button("/mGeoPackage.svg", self.tr("Save a consistent copy of the GeoPackage…"),
                                       self.copy_dialog)
        self.blueprint_button = QPushButton(theme_icon("/processingAlgorithm.svg"), self.tr("Build blueprint…"))
        self.blueprint_button.setToolTip(self.tr("Open multiplan:build_blueprint with this layer's decisions"))
        self.blueprint_button.clicked.connect(self.build_blueprint)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.blueprint_button)
        layout.addLayout(bottom)
        layout.addWidget(self.progress_label)
        self.setWidget(scrolled(body))

    def _build_shared(self):
        """Opinions of every department on the current patch, and ours (a shared review only)."""
        from ..core.collaboration.schema import OPINIONS

        self.shared_box = QGroupBox(self.tr("Department opinions (部门意见)"))
        box = QVBoxLayout(self.shared_box)
        self.acting_label = QLabel()
        self.acting_label.setWordWrap(True)
        box.addWidget(self.acting_label)
        self.opinions_view = QTableWidget(0, 7)
        self.opinions_view.setHorizontalHeaderLabels([
            self.tr("Department"), self.tr("By"), self.tr("Time"), self.tr("Opinion"), self.tr("Decision"),
            self.tr("Reason"), self.tr("Documents")])
        self.opinions_view.verticalHeader().setVisible(False)
        self.opinions_view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.opinions_view.horizontalHeader().setStretchLastSection(True)
        self.opinions_view.setMinimumHeight(100)
        box.addWidget(self.opinions_view)
        row = QHBoxLayout()
        self.opinion_combo = QComboBox()
        for code, (zh, en) in OPINIONS.items():
            self.opinion_combo.addItem(zh if self.language == "zh" else en, code)
        self.documents_edit = QLineEdit()
        self.documents_edit.setPlaceholderText(self.tr("Document numbers, attachments (文号/附件)"))
        self.opinion_button = QPushButton(theme_icon("/mActionSaveEdits.svg"), self.tr("Submit opinion and next"))
        self.opinion_button.setToolTip(self.tr("Record your department's opinion on the patch (with the decision "
                                               "chosen above as its proposal, if any) and go to the next one"))
        self.opinion_button.clicked.connect(self.submit_opinion)
        row.addWidget(self.opinion_combo)
        row.addWidget(self.documents_edit, 1)
        row.addWidget(self.opinion_button)
        box.addLayout(row)
        self.shared_box.setVisible(False)
        return self.shared_box

    @property
    def shared(self):
        return getattr(self.store, "collaborative", False)

    def _set_editable(self, on):
        for widget in (self.save_button, self.clear_button, self.adjust_radio, self.adjust_code, self.defer_radio,
                       self.reason_edit):
            widget.setEnabled(on)
        for button in self.choice_group.buttons():
            button.setEnabled(on)
        for widget in (self.opinion_combo, self.documents_edit, self.opinion_button):
            widget.setEnabled(on)
        if on and self.shared and not self.store.is_coordinator:
            self.save_button.setEnabled(False)  # only the coordinator decides; the rest give opinions
            self.clear_button.setEnabled(False)
        if on and self.shared:
            self.clear_button.setEnabled(False)  # nothing on a shared review is taken back

    # -- opening --------------------------------------------------------------------------
    def open_layer(self, layer, ask=None):
        """Read ``layer``; offer to add missing review fields (``ask`` answers for tests)."""
        self._unwatch()
        self.store = None
        self.model.set_table(review.PatchColumns([], []))
        self._set_editable(False)
        self.copy_button.setEnabled(False)
        if layer is None:
            self._update_progress()
            return False
        if self.layer_combo.currentLayer() is not layer:
            self.layer_combo.blockSignals(True)
            self.layer_combo.setLayer(layer)
            self.layer_combo.blockSignals(False)
        try:
            store = shared_store_for(layer) or PatchStore(layer)
        except PatchStoreError as error:
            self._message(str(error), Qgis.Critical)
            self._update_progress()
            return False
        missing = store.missing_fields()
        self.read_only = not store.can_write
        if store.read_only_reason:
            self._message(self.tr("{} is opened for viewing only: {}.").format(layer.name(), store.read_only_reason),
                          Qgis.Warning)
        elif missing:
            answer = ask(missing) if ask else QMessageBox.question(
                self, self.tr("Conflict review"),
                self.tr("The layer “{}” has no review fields {}. Add them to its file? Nothing else is changed; "
                        "without them the patches can only be viewed.").format(layer.name(), ", ".join(missing)))
            if answer in (True, QMessageBox.Yes):
                try:
                    store.add_review_fields()
                except PatchStoreError as error:
                    self._message(str(error), Qgis.Critical)
                    self.read_only = True
            else:
                self.read_only = True
        self.store = store
        self.plans = store.plan_names()
        self._rebuild_choices()
        self.model.set_labels(self.plans, self.language)
        self.model.set_table(store.read_columns())
        self.copy_button.setEnabled(store.geopackage() is not None)
        self._fill_filters()
        self._set_editable(not self.read_only)
        self._update_progress()
        self._show_shared()
        layer.editingStarted.connect(self._editing_changed)
        layer.editingStopped.connect(self._editing_changed)
        layer.willBeDeleted.connect(self._layer_removed)
        self.layerOpened.emit(layer)
        return True

    def _unwatch(self):
        self._clear_highlight()
        self.poll_timer.stop()
        if self.store is None:
            return
        if self.shared:
            self.store.close()
            self.shared_box.setVisible(False)
        layer = self.store.layer
        for signal, slot in ((layer.editingStarted, self._editing_changed),
                             (layer.editingStopped, self._editing_changed), (layer.willBeDeleted, self._layer_removed)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    def _layer_removed(self):
        self._clear_highlight()  # before the layer it refers to is deleted
        self.poll_timer.stop()
        if self.shared:
            self.store.close()
            self.shared_box.setVisible(False)
        self.store = None
        self.copy_button.setEnabled(False)
        self.model.set_table(review.PatchColumns([], []))
        self._set_editable(False)
        self._update_progress()

    def _editing_changed(self):
        """Someone edited the layer in QGIS (e.g. the attribute table): read it again after."""
        layer = self.store.layer if self.store else None
        if layer is None:
            return
        if layer.isEditable():
            self._set_editable(False)
            self._message(self.tr("{} is in edit mode: save or discard those edits to go on reviewing.").format(
                layer.name()), Qgis.Info)
        else:
            self.store.checkpoint()  # the attribute table's commit is in the -wal too
            current = self.current_fid()
            self.model.set_table(self.store.read_columns())
            self._set_editable(not self.read_only)
            self._update_progress()
            if current is not None:
                self.select_fid(current, zoom=False)

    def _rebuild_choices(self):
        for button in list(self.choice_group.buttons()):
            if button not in (self.adjust_radio, self.defer_radio):
                self.choice_group.removeButton(button)
                button.deleteLater()
        self.plan_buttons = []
        choices = review.choice_texts(self.plans, self.language)
        self.adjust_radio.setText(choices[CODE_PREFIX])
        self.defer_radio.setText(choices[DEFER])
        for k in range(1, len(self.plans) + 1):
            button = QRadioButton(choices[f"GH{k}"])
            button.setProperty("decision", f"GH{k}")
            self.choice_group.addButton(button)
            self.choice_row.addWidget(button)
            self.plan_buttons.append(button)

    def _fill_filters(self):
        table = self.model.table
        for box, values in ((self.type_filter, table.distinct("type_name")), (self.admin_filter, table.distinct("admin")),
                            (self.status_filter, list(review.STATUSES))):
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("All"), None)
            for value in values:
                box.addItem(value, value)
            box.blockSignals(False)

    # -- filtering and navigation ---------------------------------------------------------
    def apply_filter(self, *_):
        current = self.current_fid()
        self.model.set_filter(review.PatchFilter(
            type_name=self.type_filter.currentData(), admin=self.admin_filter.currentData(),
            status=self.status_filter.currentData(),
            min_area_mu=self.min_area.value() or None, max_area_mu=self.max_area.value() or None))
        if current is not None and self.select_fid(current, zoom=False) is None:
            self._clear_highlight()  # filtered out: nothing is current any more
        self._update_progress()

    def current_row(self):
        index = self.view.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def current_fid(self):
        row = self.current_row()
        return None if row is None or row >= self.model.rowCount() else self.model.fid_at(row)

    def select_row(self, row, zoom=True):
        self._zoom = zoom
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        self._zoom = True

    def select_fid(self, fid, zoom=True):
        row = self.model.row_of_fid(fid)
        if row is not None:
            self.select_row(row, zoom)
        return row

    def step(self, direction):
        count = self.model.rowCount()
        if not count:
            return None
        status = self.model.table.status[self.model.visible]
        row = review.next_row(np.arange(count), self.current_row(), direction, self.pending_only.isChecked(), status)
        if row is None:
            self._message(self.tr("No pending patch left in this selection."), Qgis.Info)
            return None
        self.select_row(row)
        return row

    def _current_changed(self, current, _previous):
        if not current.isValid() or self.store is None:
            self._clear_highlight()
            return
        position = self.model.position_at(current.row())
        table = self.model.table
        fid = int(table.fid[position])
        self.position_label.setText(self.tr("{} of {}").format(current.row() + 1, self.model.rowCount()))
        self.suggestion_label.setText(self.tr("Suggestion: {}").format(
            self.model.text(position, "suggestion") or self.tr("none")))
        self._show_decision(table.decision[position], table.reason[position])
        if self.shared:
            self._show_opinions(fid)
        geometry = self.store.geometry(fid)
        self._show_highlight(geometry)
        if getattr(self, "_zoom", True):
            zoom_and_flash(self.canvas, self.store.layer, geometry, [fid])

    # -- the highlight of the current patch ---------------------------------------------
    def _show_highlight(self, geometry):
        """Outline the current patch on the map until another is chosen (replaces the last one)."""
        self._clear_highlight()
        if geometry is None or geometry.isNull() or self.store is None or self._closed:
            return
        highlight = QgsRubberBand(self.canvas, QgsWkbTypes.PolygonGeometry)
        highlight.setStrokeColor(HIGHLIGHT_LINE)
        highlight.setSecondaryStrokeColor(HIGHLIGHT_HALO)
        highlight.setFillColor(HIGHLIGHT_FILL)
        highlight.setWidth(3)
        highlight.setToGeometry(geometry, self.store.layer)  # from the layer's CRS to the map's
        highlight.setData(0, HIGHLIGHT_TAG)  # tells it from the canvas's own (flash) rubber bands
        highlight.show()
        self.highlight = highlight

    def _clear_highlight(self):
        highlight, self.highlight = self.highlight, None
        if highlight is not None and not sip.isdeleted(highlight):
            scene = highlight.scene()
            if scene is not None:
                scene.removeItem(highlight)
            sip.delete(highlight)

    def _closed_state_changed(self, closed):
        """Closing the dock takes the highlight away; opening it again shows the current patch."""
        self._closed = closed
        if closed:
            self._clear_highlight()
        else:
            self._refresh_highlight()

    def _refresh_highlight(self):
        """Draw the current patch's outline again (the dock reopened, the map changed CRS)."""
        if self.store is not None and self.current_fid() is not None and not self._closed:
            self._show_highlight(self.store.geometry(self.current_fid()))

    def _show_decision(self, decision, reason):
        self.choice_group.setExclusive(False)
        for button in self.choice_group.buttons():
            button.setChecked(False)
        self.choice_group.setExclusive(True)
        self.adjust_code.clear()
        if decision == DEFER:
            self.defer_radio.setChecked(True)
        elif decision and decision.startswith("DM:"):
            self.adjust_radio.setChecked(True)
            self.adjust_code.setText(decision[3:])
        elif decision:
            for button in self.plan_buttons:
                if button.property("decision") == decision:
                    button.setChecked(True)
        self.reason_edit.setPlainText(reason or "")

    # -- deciding -------------------------------------------------------------------------
    def chosen_decision(self):
        button = self.choice_group.checkedButton()
        if button is None:
            return None
        if button is self.defer_radio:
            return DEFER
        if button is self.adjust_radio:
            return "DM:" + self.adjust_code.text().strip()
        return button.property("decision")

    def decide(self, decision, reason=""):
        """Write ``decision`` for the current patch; returns True when saved."""
        fid = self.current_fid()
        if fid is None or self.store is None:
            return False
        try:
            values = review.decision_values(decision, reason, self.reviewer_edit.text(), self.plans,
                                            language=self.layer_language())
        except ValueError as error:
            self._message(self.tr("Invalid decision: {}").format(error), Qgis.Warning)
            return False
        return self._write(fid, values)

    @staticmethod
    def layer_language():
        """The language a decision is named in the layer (``CLJDMC``): the report language's, as
        the tools name suggestions (``JYCLMC``): English for English reports, else Chinese."""
        from ..core.report import EN
        from ..processing.settings import report_language

        return "en" if report_language() == EN else "zh"

    def _write(self, fid, values):
        try:
            self.store.write(fid, values)
        except PatchStoreError as error:
            self._message(str(error), Qgis.Critical)
            return False
        return True

    def save_and_next(self):
        decision = self.chosen_decision()
        if decision is None:
            self._message(self.tr("Choose a decision first."), Qgis.Warning)
            return False
        if self.decide(decision, self.reason_edit.toPlainText()):
            self.step(1)
            return True
        return False

    def clear_decision(self):
        fid = self.current_fid()
        if fid is not None and self.store is not None:
            return self._write(fid, review.cleared_values())
        return False

    def _written_elsewhere(self, layer_id, changes):
        if self.store is None or self.store.layer.id() != layer_id:
            return
        self.model.apply_written(changes)
        self._update_progress()

    def _update_progress(self):
        progress = review.review_progress(self.model.table)
        self.progress.setMaximum(max(progress.total, 1))
        self.progress.setValue(progress.done)
        self.progress_label.setText(self.tr("Reviewed {} of {} ({} deferred) · area {:,.2f} of {:,.2f} ha").format(
            progress.done, progress.total, progress.deferred, progress.reviewed_area_ha, progress.total_area_ha))

    # -- what the patches are weighed against -----------------------------------------------
    def database_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a planning database or blueprint workspace"), "",
                                              self.tr("GeoPackage (*.gpkg)"))
        if path:
            self.open_database(path)

    def open_database(self, path):
        """Load a standard planning database (国土空间规划数据库) or a blueprint workspace into the
        project under the patches: its control lines, 三区, planning use and admin units, found by
        their standard names (:func:`core.control_lines.workspace.schema_for_layers`) and styled as
        the 三区三线 dock styles them, in a group named after the file. Returns the layers loaded
        ({standard name: layer}); the patches under review stay as they are."""
        from .workspace_layers import WorkspaceError, database_or_workspace_layers

        name = os.path.basename(path)
        try:
            _, layers, _ = database_or_workspace_layers(path, language=self.language)
        except WorkspaceError:
            layers = {}
        if not layers:
            self._message(self.tr("{} holds no layer of a planning database or blueprint workspace (control lines, "
                                  "三区, planning use, admin units).").format(name), Qgis.Critical)
            return {}
        self._message(self.tr("{}: {} layers shown under the patches.").format(name, len(layers)))
        return layers

    # -- a shared review on PostGIS ---------------------------------------------------------
    def shared_dialog(self):
        dialog = SharedReviewDialog(self)
        if dialog.exec_():
            self.open_shared(dialog.connection_name(), dialog.schema())

    def open_shared(self, connection_name, schema):
        """Add the schema's patch_status view to the project and review it; True when opened."""
        from .collaboration_store import status_layer

        try:
            layer = status_layer(connection_name, schema)
        except Exception as error:  # noqa: BLE001 (no such saved connection, QgsProcessingException)
            self._message(str(error), Qgis.Critical)
            return False
        if layer is None:
            self._message(self.tr("The schema {} has no shared review (run “Set up department collaboration” "
                                  "first).").format(schema), Qgis.Critical)
            return False
        from qgis.core import QgsProject

        QgsProject.instance().addMapLayer(layer)
        return self.open_layer(layer)

    def _show_shared(self):
        if not self.shared:
            self.shared_box.setVisible(False)
            return
        store = self.store
        department = store.department
        if department is None:
            self.acting_label.setText(self.tr("Viewing only: the role {} belongs to no department.").format(
                store.session.user))
        elif store.is_coordinator:
            self.acting_label.setText(self.tr("Acting as {} ({}), the coordinating department: you make the final "
                                              "decisions.").format(department.name, store.session.user))
        else:
            self.acting_label.setText(self.tr("Acting as {} ({}): your department's pending patches come first; "
                                              "give its opinion below.").format(department.name, store.session.user))
        self.save_button.setText(self.tr("Save final decision and next") if store.is_coordinator
                                 else self.tr("Save and next"))
        self.shared_box.setVisible(True)
        self.opinions_view.setRowCount(0)
        self.poll_timer.start()

    def _show_opinions(self, fid):
        from ..core.collaboration.schema import FINAL, OPINIONS

        try:
            frame = self.store.opinions(fid)
        except Exception as error:  # noqa: BLE001 (the server went away: say so, keep the dock)
            self._message(self.tr("The opinions could not be read: {}").format(error), Qgis.Warning)
            return
        self.opinions_view.setRowCount(len(frame))
        final = self.tr("Final decision")
        for row, record in enumerate(frame.to_dict("records")):
            opinion = final if record["kind"] == FINAL else OPINIONS.get(record["opinion"], ("", ""))[
                0 if self.language == "zh" else 1]
            values = (record["department_name"], record["db_role"], f"{record['created_at']:%Y-%m-%d %H:%M}", opinion,
                      record["decision_name"] or record["decision"] or "", record["reason"] or "",
                      record["documents"] or "")
            for column, value in enumerate(values):
                self.opinions_view.setItem(row, column, QTableWidgetItem(str(value)))
        self.opinions_view.resizeColumnsToContents()

    def submit_opinion(self):
        """The department's opinion on the current patch (the chosen decision as its proposal)."""
        fid = self.current_fid()
        if fid is None or not self.shared:
            return False
        decision = self.chosen_decision()
        name = None
        if decision:
            try:
                name = review.decision_values(decision, "", "", self.plans, language=self.layer_language())[
                    review.cf.DECISION_NAME]
            except ValueError as error:
                self._message(self.tr("Invalid decision: {}").format(error), Qgis.Warning)
                return False
        try:
            self.store.add_opinion(fid, self.opinion_combo.currentData(), decision, name,
                                   self.reason_edit.toPlainText(), self.documents_edit.text())
        except PatchStoreError as error:
            self._message(str(error), Qgis.Critical)
            return False
        self._show_opinions(fid)
        self.documents_edit.clear()
        self.step(1)
        return True

    def poll_shared(self):
        """What the other reviewers did since the last look: their rows and, if it is the current
        patch, its opinions and decision."""
        if not self.shared:
            self.poll_timer.stop()
            return set()
        try:
            changed = self.store.changed()
            if not changed:
                return changed
            changes = self.store.refreshed_rows(changed)
        except Exception as error:  # noqa: BLE001 (connection lost: stop asking, tell once)
            self.poll_timer.stop()
            self._message(self.tr("Lost the connection to the shared review: {}").format(error), Qgis.Warning)
            return set()
        self.model.apply_written(changes)
        self._update_progress()
        current = self.current_fid()
        if current is not None and current in changes:
            position = self.model.table.row_of(current)
            self._show_decision(self.model.table.decision[position], self.model.table.reason[position])
            self._show_opinions(current)
        self.store.layer.triggerRepaint()
        return changed

    # -- ledger and blueprint -------------------------------------------------------------
    def export_dialog(self):
        if self.store is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export review ledger"), "", self.tr("Excel (*.xlsx)"))
        if path:
            self.export_ledger(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_ledger(self, path, background=True):
        """Write the conflict ledger (all patches, with the decisions so far) to ``path``."""
        from ..core.conflicts import conflict_report
        from ..core.report import area_note
        frame = self.store.attribute_frame()
        plans = list(self.plans)
        language = report_language_setting()  # read here: QgsSettings belong to the main thread
        method = self.tr("as stored in the layer (AREA_M2)")

        def write(_task=None):
            with report_language(language):  # the task's thread has its own context
                conflict_report.write_ledger(path, frame, plans, area_note(method))
            return path

        if not background:
            return write()
        task = QgsTask.fromFunction(self.tr("Export review ledger"), write,
                                    on_finished=lambda error, result=None: self._exported(error, path))
        self._export_task = task
        QgsApplication.taskManager().addTask(task)
        return task

    def copy_dialog(self):
        if self.store is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a consistent copy"), "",
                                              self.tr("GeoPackage (*.gpkg)"))
        if path:
            self.save_copy(path if path.lower().endswith(".gpkg") else path + ".gpkg")

    def save_copy(self, path):
        """Write a single-file snapshot of the patch GeoPackage (every saved decision) to ``path``."""
        try:
            self.store.save_copy(path)
        except PatchStoreError as error:
            self._message(str(error), Qgis.Critical)
            return False
        self._message(self.tr("A consistent copy was written to {}").format(path), Qgis.Success)
        return True

    def _exported(self, error, path):
        if error:
            self._message(self.tr("The ledger could not be written: {}").format(error), Qgis.Critical)
        else:
            self._message(self.tr("Ledger written to {}").format(path), Qgis.Success)

    def blueprint_parameters(self):
        return {"PATCHES": self.store.layer.id()} if self.store else {}

    def build_blueprint(self):
        if self.store is None:
            return
        import processing

        processing.execAlgorithmDialog("multiplan:build_blueprint", self.blueprint_parameters())

    def _message(self, text, level=Qgis.Info):
        self.iface.messageBar().pushMessage(self.tr("Conflict review"), text, level, 6)

    def unload(self):
        self._unwatch()  # also removes the highlight and stops a shared review's polling
        for signal, slot in ((DECISIONS.written, self._written_elsewhere),
                             (self.closedStateChanged, self._closed_state_changed),
                             (self.canvas.destinationCrsChanged, self._refresh_highlight)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
