"""Reading difference patches into review columns and writing decisions straight to the file.

Decisions do not go through QGIS's edit buffer: each one is written with the data provider,
which the OGR provider commits as one GeoPackage transaction, so closing QGIS or a crash right
after a click loses nothing. Every open review of the same layer hears about the write through
:data:`DECISIONS` (one application-wide signal), so two docks never show different states.
"""
from qgis.core import QgsFeatureRequest, QgsField
from qgis.PyQt.QtCore import QCoreApplication, QObject, QVariant, pyqtSignal

from ..core import conflicts as cf
from ..core import review
from .common import writable

# Columns of the review table and the layer fields they come from, first present wins.
SOURCES = {"patch_id": (cf.PATCH_ID,), "type_name": (cf.TYPE_NAME, cf.TYPE), "admin": (cf.ADMIN_NAME, cf.ADMIN_CODE),
           "suggestion": (cf.SUGGESTION_NAME, cf.SUGGESTION), "decision": (cf.DECISION,),
           "decision_name": (cf.DECISION_NAME,), "reason": (cf.DECISION_REASON,), "status": (cf.STATUS,)}


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


class DecisionBus(QObject):
    """``written(layer id, {fid: {field: value}})`` after every successful write."""

    written = pyqtSignal(str, dict)


DECISIONS = DecisionBus()


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
        ok = self.layer.dataProvider().addAttributes([QgsField(name, QVariant.String) for name in missing])
        self.layer.updateFields()
        if not ok or self.missing_fields():
            raise PatchStoreError(tr("The review fields could not be added to {}.").format(self.layer.name()))
        return True

    def plan_names(self):
        names = self.layer.fields().names()
        count = cf.plan_count_of(names)
        plans = []
        first = next(iter(self.layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
                                                 .setLimit(1))), None)
        for k in range(1, count + 1):
            label = first[f"GH{k}"] if first is not None and f"GH{k}" in names else None
            plans.append(str(label) if label not in (None, "") else f"GH{k}")
        return plans

    def read_columns(self):
        """The whole layer as :class:`core.review.PatchColumns` (no geometry read: fast)."""
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
        self.layer.triggerRepaint()
        DECISIONS.written.emit(self.layer.id(), {fid: dict(values)})
        return True

    def attribute_frame(self):
        """All attributes as a DataFrame (field names as columns, NULL as None) for the ledger."""
        import pandas as pd

        names = self.layer.fields().names()
        rows = [[_plain(value) for value in feature.attributes()]
                for feature in self.layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry))]
        return pd.DataFrame(rows, columns=names, dtype=object)

    def geometry(self, fid):
        feature = next(iter(self.layer.getFeatures(QgsFeatureRequest().setFilterFid(fid).setNoAttributes())), None)
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
