"""Live ellipsoidal areas of the workspace layers, kept up to date as the user edits.

Areas are cached per feature and only the features an edit touches are measured again (a
county's farmland layer has 10⁴–10⁵ patches: measuring it all on every vertex move would lag).
Signals are coalesced by a short timer, so a paste of 500 features is one refresh.
Uncommitted edits count: the panel shows what the user sees on the map.
"""
from qgis.core import QgsFeatureRequest
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from ..core.control_lines import workspace as ws
from ..processing.layer_io import crs_for_core, to_shapely


class AreaTracker(QObject):
    changed = pyqtSignal()

    def __init__(self, schema, parent=None):
        super().__init__(parent)
        self.schema = schema
        self.layers = {}  # layer name -> QgsVectorLayer
        self.items = {}  # layer name -> {fid: (code, area m²)}
        self._dirty = {}  # layer name -> set of fids, or None for "everything"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.flush)
        self._connections = []

    def track(self, layers):
        """Follow ``{name: layer}`` (replacing what was tracked) and measure everything now."""
        self.clear()
        for name, layer in layers.items():
            spec = self.schema.layer(name)
            if spec.kind not in ("line", "zones"):
                continue
            self.layers[name] = layer
            self._connect(name, layer, spec)
            self._dirty[name] = None
        self.flush()

    def clear(self):
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass  # the layer is already gone
        self._connections = []
        self.layers, self.items, self._dirty = {}, {}, {}

    def _connect(self, name, layer, spec):
        def some(fid, *_):
            self._mark(name, fid)

        def whole(*_):
            self._mark(name, None)

        pairs = [(layer.featureAdded, some), (layer.featureDeleted, some), (layer.geometryChanged, some),
                 (layer.afterRollBack, whole), (layer.afterCommitChanges, whole), (layer.dataChanged, whole),
                 (layer.willBeDeleted, lambda: self._forget(name))]
        if spec.code_field:
            code_index = layer.fields().lookupField(spec.code_field)

            def attribute(fid, index, _value):
                if index == code_index:
                    self._mark(name, fid)

            pairs.append((layer.attributeValueChanged, attribute))
        for signal, slot in pairs:
            signal.connect(slot)
            self._connections.append((signal, slot))

    def _forget(self, name):
        self.layers.pop(name, None)
        self.items.pop(name, None)
        self._dirty.pop(name, None)
        self._timer.start()

    def _mark(self, name, fid):
        if fid is None:
            self._dirty[name] = None
        elif name not in self._dirty or self._dirty[name] is not None:
            self._dirty.setdefault(name, set()).add(fid)
        self._timer.start()

    def flush(self):
        """Measure what changed since the last flush and emit ``changed``."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, {}
        for name, fids in dirty.items():
            layer = self.layers.get(name)
            if layer is None:
                continue
            spec = self.schema.layer(name)
            items = self.items.setdefault(name, {}) if fids is not None else {}
            request = QgsFeatureRequest()
            if fids is not None:
                for fid in fids:
                    items.pop(fid, None)
                request.setFilterFids(list(fids))
            features = list(layer.getFeatures(request))
            crs = crs_for_core(layer.crs(), layer.name())
            areas = ws.feature_areas([to_shapely(f.geometry()) for f in features], crs)
            for feature, area in zip(features, areas):
                code = feature[spec.code_field] if spec.code_field else None
                items[feature.id()] = (None if code is None else str(code), area)
            self.items[name] = items
        self.changed.emit()

    def rows(self):
        return ws.area_summary(self.schema, {name: list(items.values()) for name, items in self.items.items()})
