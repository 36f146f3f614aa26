"""The review dock's store for a shared review on PostGIS (部门协同): the same reading interface as
:class:`ui.patch_store.PatchStore`, but a decision is an appended row of the opinions table
(:mod:`core.collaboration.store`), never an edit of the patch.

The patches are shown through the schema's ``patch_status`` view, loaded as a QGIS layer from the
saved connection (credentials stay in QGIS's authentication manager). The table the dock lists
is read with one SQL query (fast for 10⁵ patches); other reviewers' writes arrive through
LISTEN/NOTIFY, polled by a timer on the main thread.
"""
from qgis.core import QgsDataSourceUri, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from ..core.collaboration.schema import CollaborationError
from ..core.collaboration.store import DecisionConflict, Refused, ReviewSession
from ..core.conflicts import detection as cf
from ..core.conflicts import review
from ..core.report import render
from .patch_store import DECISIONS, PatchStoreError, attribute_frame, geometry_of, plan_names

STATUS_VIEW = "patch_status"


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


def status_layer(connection_name, schema, uri=None):
    """The ``patch_status`` view of ``schema`` as a QGIS layer (key ``fid``), from a saved connection."""
    from ..processing.postgres import connection_uri

    uri = QgsDataSourceUri(uri.uri(False)) if uri is not None else connection_uri(connection_name)
    uri.setDataSource(schema, STATUS_VIEW, "geom", "", "fid")
    uri.setWkbType(QgsWkbTypes.MultiPolygon)  # no scan of the view to find out (an enum on 3.40, not an int)
    layer = QgsVectorLayer(uri.uri(False), f"{schema}.差异图斑（协同审查）", "postgres")
    return layer if layer.isValid() else None


class CollaborationStore:
    """Reading like a PatchStore; writing as opinions and final decisions."""

    collaborative = True

    def __init__(self, layer, connection, schema):
        self.layer = layer
        try:
            self.session = ReviewSession(connection, schema)
        except CollaborationError as error:
            raise PatchStoreError(str(render(error.text))) from None
        self.session.listen()
        self.final_ids = {}  # fid → the final decision the dock shows (what a new decision replaces)
        self.patch_ids = {}  # fid → CYTBBH
        self.can_write = bool(self.session.memberships)
        self.read_only_reason = "" if self.can_write else tr(
            "the role {} belongs to no department of the review").format(self.session.user)

    @property
    def department(self):
        return self.session.memberships[0] if self.session.memberships else None

    @property
    def is_coordinator(self):
        return self.session.is_coordinator

    def missing_fields(self):
        return []

    def plan_names(self):
        return plan_names(self.layer)

    def read_columns(self):
        frame = self.session.review_table()
        self.final_ids = {int(f): (None if v is None or v != v else int(v)) for f, v in zip(frame["fid"], frame["final_id"])}
        self.patch_ids = dict(zip(map(int, frame["fid"]), frame["patch_id"]))
        self.pending = dict(zip(map(int, frame["fid"]), frame["mine_pending"]))
        texts = {key: frame[key].tolist() for key in review.PatchColumns.TEXT}
        areas = [float("nan") if v is None else float(v) for v in frame["area_m2"]]
        return review.PatchColumns(frame["fid"].tolist(), areas, **texts)

    def refreshed_rows(self, patch_ids):
        """{fid: review field values} of the patches other reviewers wrote to."""
        frame = self.session.review_table(patch_ids=patch_ids)
        changes = {}
        for row in frame.to_dict("records"):
            fid = int(row["fid"])
            self.final_ids[fid] = None if row["final_id"] is None else int(row["final_id"])
            self.pending[fid] = bool(row["mine_pending"])
            changes[fid] = {cf.DECISION: row["decision"], cf.DECISION_NAME: row["decision_name"],
                            cf.DECISION_REASON: row["reason"], cf.STATUS: row["status"]}
        return changes

    def changed(self):
        """Patch ids anyone wrote to since the last call."""
        return self.session.changed()

    def opinions(self, fid):
        return self.session.opinions(self.patch_ids[int(fid)])

    def add_opinion(self, fid, opinion, decision=None, decision_name=None, reason="", documents=""):
        try:
            self.session.add_opinion(self.patch_ids[int(fid)], self.department.code, opinion, decision, decision_name,
                                     reason, documents)
        except Refused as refused:
            raise PatchStoreError(str(render(refused.text))) from None
        self._announce(fid)

    def write(self, fid, values):
        """A final decision (the coordinator's), on top of the one this dock showed."""
        if not self.is_coordinator:
            raise PatchStoreError(tr("Only the coordinating department makes final decisions; give your department's "
                                     "opinion instead."))
        decision = values.get(cf.DECISION)
        if decision in (None, ""):
            raise PatchStoreError(tr("Decisions on the shared review are never taken back: record a new decision "
                                     "(e.g. defer) instead."))
        coordinator = next(m for m in self.session.memberships if m.coordinator)
        try:
            self.session.decide(self.patch_ids[int(fid)], coordinator.code, decision, values.get(cf.DECISION_NAME),
                                values.get(cf.DECISION_REASON) or "", values.get(cf.REVIEWER) or "",
                                supersedes=self.final_ids.get(int(fid)))
        except DecisionConflict as conflict:
            self._announce(fid)
            raise PatchStoreError(str(render(conflict.text))) from None
        except Refused as refused:
            raise PatchStoreError(str(render(refused.text))) from None
        self._announce(fid)
        return True

    def _announce(self, fid):
        DECISIONS.written.emit(self.layer.id(), self.refreshed_rows([self.patch_ids[int(fid)]]))
        self.layer.triggerRepaint()

    def checkpoint(self, *_):
        return True

    def geopackage(self):
        return None

    def save_copy(self, destination):
        raise PatchStoreError(tr("A shared review lives in the database; export the ledger instead."))

    def attribute_frame(self):
        return attribute_frame(self.layer)

    def geometry(self, fid):
        return geometry_of(self.layer, fid)

    def close(self):
        try:
            self.session.connection.close()
        except Exception:  # noqa: BLE001 (closing a broken connection)
            pass
