"""The patch table behind the review dock: a lazy Qt model over :class:`core.conflicts.review.PatchColumns`.

Filtering and sorting work on numpy columns and hand the view an index array; ``data()`` only
formats the rows on screen, so 10⁵ patches load and filter without a Python pass per row.
Decisions and suggestions are shown from their codes (``CLJD``, ``JYCL``) with
:func:`core.conflicts.review.decision_text`, the function that labels the dock's buttons, so the table
reads exactly as the button that made the decision (stored names are the fallback).
"""
import numpy as np
from qgis.PyQt.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from ..core.conflicts import detection as cf
from ..core.conflicts import review

STATUS_COLOURS = {cf.STATUS_REVIEWED: QColor(46, 139, 87), cf.STATUS_DEFERRED: QColor(205, 133, 0)}


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


class PatchTableModel(QAbstractTableModel):
    COLUMNS = ("patch_id", "type_name", "admin", "area_mu", "suggestion", "decision_name", "status")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = review.PatchColumns([], [])
        self.visible = np.zeros(0, dtype=np.int64)
        self.filter = review.PatchFilter()
        self.plans, self.language = [], "zh"
        self._labels = {}  # decision code -> text, per plan names and language
        self._headers = [tr("Patch"), tr("Type"), tr("Admin unit"), tr("Mu (亩)"), tr("Suggestion"), tr("Decision"),
                         tr("Status")]

    # -- loading and filtering ------------------------------------------------------------
    def set_table(self, table):
        self.beginResetModel()
        self.table = table
        self.visible = self.filter.rows(table)
        self.endResetModel()

    def set_labels(self, plans, language):
        """Plan names and language the decision and suggestion columns are shown in."""
        self.beginResetModel()
        self.plans, self.language, self._labels = list(plans), language, {}
        self.endResetModel()

    def label(self, code, stored=None):
        """The text shown for decision ``code`` (``stored``, the name in the file, if it has none)."""
        if code in (None, ""):
            return stored
        if code not in self._labels:
            self._labels[code] = review.decision_text(code, self.plans, self.language)
        return self._labels[code] or stored or code

    def text(self, position, key):
        """Display text of column ``key`` for table position ``position``."""
        if key == "area_mu":
            value = self.table.area_mu[position]
            return "" if value != value else f"{value:,.2f}"
        if key == "decision_name":
            value = self.label(self.table.decision[position], self.table.decision_name[position])
        elif key == "suggestion":
            value = self.label(self.table.suggestion_code[position], self.table.suggestion[position])
        else:
            value = getattr(self.table, key)[position]
        return "" if value is None else str(value)

    def set_filter(self, patch_filter):
        self.beginResetModel()
        self.filter = patch_filter
        self.visible = patch_filter.rows(self.table)
        self.endResetModel()

    def row_of_fid(self, fid):
        """The view row of a feature id, or None when filtered out."""
        position = self.table.row_of(fid)
        if position is None:
            return None
        hits = np.flatnonzero(self.visible == position)
        return int(hits[0]) if len(hits) else None

    def fid_at(self, row):
        return int(self.table.fid[self.visible[row]])

    def position_at(self, row):
        return int(self.visible[row])

    def apply_written(self, changes):
        """Update rows after decisions were written (by this dock or another one)."""
        for fid, values in changes.items():
            position = self.table.update(fid, values)
            if position is None:
                continue
            hits = np.flatnonzero(self.visible == position)
            if len(hits):
                row = int(hits[0])
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        position = self.visible[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            return self.text(position, key)
        if role == Qt.TextAlignmentRole and key == "area_mu":
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and key == "status":
            colour = STATUS_COLOURS.get(self.table.status[position])
            return QBrush(colour) if colour else None
        if role == Qt.ToolTipRole and key in ("decision_name", "suggestion"):
            reason = self.table.reason[position]
            return reason or None
        return None

    def sort(self, column, order=Qt.AscendingOrder):
        key = self.COLUMNS[column]
        if key == "area_mu":
            ranks = np.argsort(np.nan_to_num(self.table.area_mu[self.visible], nan=-1.0), kind="stable")
        elif key in ("decision_name", "suggestion"):  # sorted as shown: few distinct codes, labelled once each
            ranks = np.argsort(np.array([self.text(position, key) for position in self.visible], dtype=object),
                               kind="stable")
        else:
            values = getattr(self.table, key)[self.visible]
            ranks = np.argsort(np.array(["" if v is None else str(v) for v in values], dtype=object), kind="stable")
        if order == Qt.DescendingOrder:
            ranks = ranks[::-1]
        self.layoutAboutToBeChanged.emit()
        self.visible = self.visible[ranks]
        self.layoutChanged.emit()
