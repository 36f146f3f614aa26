"""multiplan:update_blueprint: an approved change applied to the blueprint store as its next version."""
import numpy as np
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterString)

from ....core.versions import store
from ....core.versions.update import KINDS, ChangePackage, ControlLines, UpdateRefused
from ...layer_io import read_layer
from ..base import MultiPlanAlgorithm
from ...store_io import snapshot, store_error


class UpdateBlueprintAlgorithm(MultiPlanAlgorithm):
    STORE, CHANGES, CODE_FIELD, APPROVAL, KIND, DATE, REASON, AUTHOR, NOTE = (
        "STORE", "CHANGES", "CODE_FIELD", "APPROVAL", "KIND", "DATE", "REASON", "AUTHOR", "NOTE")
    ADJUSTS_LINES, ECOLOGY, FARMLAND, URBAN = "ADJUSTS_LINES", "ECOLOGY", "FARMLAND", "URBAN"
    VERSION, RETIRED_COUNT, CREATED_COUNT = "VERSION", "RETIRED_COUNT", "CREATED_COUNT"
    GROUP_ID = "versions"

    def name(self):
        return "update_blueprint"

    def displayName(self):  # noqa: N802
        return self.tr("Update the blueprint (动态更新)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Applies an approved change package — polygons with their new 用地用海 code — to the current version of "
            "a blueprint store and writes the next version, with its 批文号, kind (调整/修改/局部修改), date, reason "
            "and who. The pieces the change touches are retired (kept, with the version that retired them) and "
            "replaced by what is left of them and by the change's polygons, so the new version still covers the "
            "county without gaps or overlaps; every piece is recorded in the change table.\n\n"
            "Refused, with the rule and the polygons named, and the store left as it was: no 批文号, an invalid "
            "polygon, polygons that overlap each other, a polygon reaching outside the county (the current "
            "version), an unknown code, and — when the control lines are given — construction inside the "
            "ecological red line, construction on permanent basic farmland and urban construction outside the "
            "urban development boundary, unless the change declares that its approval also adjusts the lines. "
            "The version is written in one transaction: a failure or a killed process loses nothing.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFile(self.STORE, self.tr("Blueprint store"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterFeatureSource(self.CHANGES, self.tr("Change package (polygons)"),
                                                              polygons))
        self.addParameter(QgsProcessingParameterField(self.CODE_FIELD, self.tr("New 用地用海 code field"),
                                                      defaultValue="YDYHDM", parentLayerParameterName=self.CHANGES))
        self.addParameter(QgsProcessingParameterString(self.APPROVAL, self.tr("Approval document (批文号)")))
        self.addParameter(QgsProcessingParameterEnum(self.KIND, self.tr("Kind of change"), options=list(KINDS),
                                                     defaultValue=2))
        for name, label in ((self.DATE, self.tr("Approval date (YYYY-MM-DD; empty: today)")),
                            (self.REASON, self.tr("Reason")), (self.AUTHOR, self.tr("Who")),
                            (self.NOTE, self.tr("Note"))):
            self.addParameter(QgsProcessingParameterString(name, label, optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ADJUSTS_LINES, self.tr("The approval also adjusts the control lines"), defaultValue=False))
        for name, label in ((self.ECOLOGY, self.tr("Ecological protection red line")),
                            (self.FARMLAND, self.tr("Permanent basic farmland")),
                            (self.URBAN, self.tr("Urban development boundary"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.VERSION, self.tr("New version")))
        self.addOutput(QgsProcessingOutputNumber(self.RETIRED_COUNT, self.tr("Pieces retired")))
        self.addOutput(QgsProcessingOutputNumber(self.CREATED_COUNT, self.tr("Pieces created")))

    def run_algorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.STORE, context)
        current = snapshot(path)
        crs = current.crs_wkt
        changes = read_layer(self, parameters, self.CHANGES, context, feedback, crs)
        field = self.parameterAsString(parameters, self.CODE_FIELD, context)
        text = {name: (self.parameterAsString(parameters, name, context) or "").strip()
                for name in (self.APPROVAL, self.DATE, self.REASON, self.AUTHOR, self.NOTE)}
        package = ChangePackage(changes.geometries, changes.values(field), text[self.APPROVAL], text[self.REASON],
                                KINDS[self.parameterAsEnum(parameters, self.KIND, context)], text[self.DATE],
                                text[self.AUTHOR], text[self.NOTE],
                                self.parameterAsBoolean(parameters, self.ADJUSTS_LINES, context))
        lines = ControlLines(*(self._line(parameters, name, context, feedback, crs)
                               for name in (self.ECOLOGY, self.FARMLAND, self.URBAN)))
        try:
            number, rows = self.run_core(store.apply_change, path, package, lines)
        except UpdateRefused as refused:
            raise QgsProcessingException(str(refused.text)) from None
        except store.StoreError as error:
            raise QgsProcessingException(store_error(error, path)) from None
        retired, created = int((rows["CZ"] == store.RETIRED).sum()), int((rows["CZ"] == store.CREATED).sum())
        feedback.pushInfo(self.tr("Version {} ({}): {} pieces retired, {} created.").format(
            number, text[self.APPROVAL], retired, created))
        waived = store.versions(path).set_index("BBH").at[number, "TZKZX"]
        if waived:
            feedback.pushWarning(self.tr("Version {} crosses control lines its approval adjusts (recorded in the "
                                         "versions table, TZKZX): {}.").format(number, waived))
        return {self.VERSION: number, self.RETIRED_COUNT: retired, self.CREATED_COUNT: created}

    def _line(self, parameters, name, context, feedback, crs):
        if not self.given(parameters, name):
            return None
        data = read_layer(self, parameters, name, context, feedback, crs)
        return np.array([g for g in data.geometries if g is not None], dtype=object)
