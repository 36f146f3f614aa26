"""Reading difference patches into review columns and writing decisions straight to the file.

Decisions do not go through QGIS's edit buffer: each one is written with the data provider,
which the OGR provider commits as one GeoPackage transaction, so closing QGIS or a crash right
after a click loses nothing. QGIS keeps GeoPackages in WAL mode, where a commit lands in the
``-wal`` file beside the ``.gpkg``; after every write the log is checkpointed into the ``.gpkg``
(:meth:`PatchStore.checkpoint`), so a copy of the ``.gpkg`` alone, taken while QGIS is still open
or after a crash, holds every saved decision. :meth:`PatchStore.save_copy` writes a consistent
single-file snapshot (SQLite's backup API) for handing the file over. Every open review of the
same layer hears about the write through :data:`DECISIONS` (one application-wide signal), so two
docks never show different states.
"""
import os
import sqlite3
from pathlib import Path

from qgis.core import QgsFeatureRequest, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QObject, QTimer, pyqtSignal

from ..compat import STRING, make_field
from ..core.conflicts import detection as cf
from ..core.conflicts import review
from .common import file_of, writable

# Columns of the review table and the layer fields they come from, first present wins.
SOURCES = {"patch_id": (cf.PATCH_ID,), "type_name": (cf.TYPE_NAME, cf.TYPE), "admin": (cf.ADMIN_NAME, cf.ADMIN_CODE),
           "suggestion": (cf.SUGGESTION_NAME, cf.SUGGESTION), "suggestion_code": (cf.SUGGESTION,),
           "decision": (cf.DECISION,),
           "decision_name": (cf.DECISION_NAME,), "reason": (cf.DECISION_REASON,), "status": (cf.STATUS,)}


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


class DecisionBus(QObject):
    """``written(layer id, {fid: {field: value}})`` after every successful write."""

    written = pyqtSignal(str, dict)


DECISIONS = DecisionBus()

CHECKPOINT_RETRY_MS = (200, 1000, 5000)  # when a reader of QGIS's held the log back, try again later


class PatchStoreError(Exception):
    pass


class PatchStore:
    def __init__(self, layer):
        self.layer = layer
        self.can_write, self.read_only_reason = writable(layer)

    def missing_fields(self):
        return review.missing_review_fields(self.layer.fields().names())

    def add_review_fields(self):
        """Add the missing review fields to the layer's file (only when the user agreed)."""
        missing = self.missing_fields()
        if not missing:
            return True
        if not self.can_write:
            raise PatchStoreError(tr("Cannot add fields: {}.").format(self.read_only_reason))
        ok = self.layer.dataProvider().addAttributes([make_field(name, STRING) for name in missing])
        self.layer.updateFields()
        self.checkpoint()
        if not ok or self.missing_fields():
            raise PatchStoreError(tr("The review fields could not be added to {}.").format(self.layer.name()))
        return True

    def plan_names(self):
        return plan_names(self.layer)

    def read_columns(self):
        """The whole layer as :class:`core.conflicts.review.PatchColumns` (no geometry read: fast)."""
        fields = self.layer.fields()
        chosen = {key: next((name for name in names if fields.lookupField(name) >= 0), None)
                  for key, names in SOURCES.items()}
        area_field = cf.AREA_M2 if fields.lookupField(cf.AREA_M2) >= 0 else None
        wanted = [name for name in list(chosen.values()) + [area_field] if name]
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(wanted, fields)
        indexes = {key: fields.lookupField(name) if name else -1 for key, name in chosen.items()}
        area_index = fields.lookupField(area_field) if area_field else -1
        fids, areas = [], []
        texts = {key: [] for key in SOURCES}
        for feature in self.layer.getFeatures(request):
            attributes = feature.attributes()
            fids.append(feature.id())
            areas.append(_number(attributes[area_index]) if area_index >= 0 else None)
            for key, index in indexes.items():
                texts[key].append(_text(attributes[index]) if index >= 0 else None)
        if area_index < 0 and fids:
            areas = self._measured_areas(fids)
        return review.PatchColumns(fids, [float("nan") if a is None else a for a in areas], **texts)

    def _measured_areas(self, fids):
        """Ellipsoidal areas when the layer has no AREA_M2 field (a patch layer from elsewhere)."""
        from ..core.areas import polygon_areas
        from ..processing.layer_io import crs_for_core, to_shapely

        geometries = {f.id(): to_shapely(f.geometry()) for f in self.layer.getFeatures(
            QgsFeatureRequest().setNoAttributes())}
        measured = polygon_areas([geometries.get(fid) for fid in fids], crs_for_core(self.layer.crs(), self.layer.name()))
        return [float(value) for value in measured]

    def write(self, fid, values):
        """Write ``{field: value}`` to feature ``fid`` in one transaction; tell every review."""
        if not self.can_write:
            raise PatchStoreError(tr("{} is read-only: {}.").format(self.layer.name(), self.read_only_reason))
        if self.layer.isEditable():
            raise PatchStoreError(tr("{} is in edit mode (e.g. in the attribute table). Save or discard those edits "
                                     "first: decisions are written straight to the file.").format(self.layer.name()))
        fields = self.layer.fields()
        changes = {fields.lookupField(name): value for name, value in values.items()}
        if -1 in changes:
            raise PatchStoreError(tr("The layer lacks review fields: {}.").format(", ".join(self.missing_fields())))
        if not self.layer.dataProvider().changeAttributeValues({fid: changes}):
            errors = "; ".join(self.layer.dataProvider().errors()) or tr("unknown error")
            raise PatchStoreError(tr("The decision could not be saved: {}").format(errors))
        self.checkpoint()
        self.layer.triggerRepaint()
        DECISIONS.written.emit(self.layer.id(), {fid: dict(values)})
        return True

    # -- the file on disk -----------------------------------------------------------------
    def geopackage(self):
        """The GeoPackage (SQLite) file behind the layer, or None (shapefile, memory …)."""
        path = file_of(self.layer)
        if not path or not os.path.isfile(path):
            return None
        try:
            with open(path, "rb") as handle:
                return path if handle.read(16) == b"SQLite format 3\x00" else None
        except OSError:
            return None

    def checkpoint(self, retries=CHECKPOINT_RETRY_MS):
        """Copy the file's write-ahead log (``-wal``) into the ``.gpkg`` itself.

        A PASSIVE checkpoint on a short-lived connection of our own: it never waits and never
        blocks QGIS's connections (which stay open, with the ``-shm`` they share, so closing
        ours removes nothing). Frames a reader of QGIS's still needs are left for a retry a
        moment later. True when the ``.gpkg`` alone now holds every commit.
        """
        path = self.geopackage() if self.can_write else None
        if path is None:
            return True
        try:
            connection = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=rw", uri=True, timeout=0,
                                         isolation_level=None, check_same_thread=False)
            try:
                _busy, log, done = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                connection.close()
        except sqlite3.Error:
            log, done = 1, 0  # locked for a moment (e.g. QGIS is committing): try again
        complete = log <= 0 or done >= log  # -1, -1 when the file is not in WAL mode
        if not complete and retries:
            QTimer.singleShot(retries[0], lambda: self._retry_checkpoint(retries[1:]))
        return complete

    def _retry_checkpoint(self, retries):
        try:
            self.layer.id()
        except RuntimeError:  # the layer was deleted meanwhile; QGIS checkpoints when it closes the file
            return
        self.checkpoint(retries)

    def save_copy(self, destination):
        """Write a consistent single-file snapshot of the whole GeoPackage to ``destination``.

        SQLite's backup API reads one transaction-consistent state (the ``.gpkg`` and its
        ``-wal``), whatever QGIS is doing; the copy is switched out of WAL mode so it is one
        self-contained file. Written beside ``destination`` first and moved into place at the
        end, so a failure leaves no half-written copy.
        """
        source = self.geopackage()
        if source is None:
            raise PatchStoreError(tr("{} is not stored in a GeoPackage.").format(self.layer.name()))
        destination = os.path.abspath(destination)
        open_files = [source] + [file_of(layer) for layer in QgsProject.instance().mapLayers().values()]
        in_use = {os.path.normcase(os.path.abspath(path)) for path in open_files if path}
        if os.path.normcase(destination) in in_use:
            raise PatchStoreError(tr("{} is open in QGIS; choose another file.").format(os.path.basename(destination)))
        partial = destination + ".partial"
        try:
            for leftover in (partial, partial + "-journal", partial + "-wal", partial + "-shm"):
                if os.path.exists(leftover):
                    os.remove(leftover)
            reader = sqlite3.connect(f"{Path(source).absolute().as_uri()}?mode=ro", uri=True, timeout=5,
                                     isolation_level=None)
            try:
                writer = sqlite3.connect(partial, isolation_level=None)
                try:
                    reader.backup(writer)
                    writer.execute("PRAGMA journal_mode=DELETE").fetchall()
                finally:
                    writer.close()
            finally:
                reader.close()
            for stale in (destination + "-wal", destination + "-shm", destination + "-journal"):
                if os.path.exists(stale):
                    os.remove(stale)
            os.replace(partial, destination)
        except (OSError, sqlite3.Error) as error:
            if os.path.exists(partial):
                os.remove(partial)
            raise PatchStoreError(tr("The copy {} could not be written: {}").format(
                os.path.basename(destination), error)) from error
        return destination

    def attribute_frame(self):
        return attribute_frame(self.layer)

    def geometry(self, fid):
        return geometry_of(self.layer, fid)


# What a patch store reads of its layer, whatever it writes to (the file here, PostGIS opinions in
# ui.collaboration_store).

def plan_names(layer):
    """The plans' names as the layer's GH1, GH2 … fields give them (else GH1, GH2 …)."""
    names = layer.fields().names()
    count = cf.plan_count_of(names)
    plans = []
    first = next(iter(layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setLimit(1))),
                 None)
    for k in range(1, count + 1):
        label = first[f"GH{k}"] if first is not None and f"GH{k}" in names else None
        plans.append(str(label) if label not in (None, "") else f"GH{k}")
    return plans


def attribute_frame(layer):
    """All attributes as a DataFrame (field names as columns, NULL as None) for the ledger."""
    import pandas as pd

    names = layer.fields().names()
    rows = [[_plain(value) for value in feature.attributes()]
            for feature in layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry))]
    return pd.DataFrame(rows, columns=names, dtype=object)


def geometry_of(layer, fid):
    feature = next(iter(layer.getFeatures(QgsFeatureRequest().setFilterFid(fid).setNoAttributes())), None)
    return None if feature is None else feature.geometry()


def _text(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return str(value)


def _plain(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
