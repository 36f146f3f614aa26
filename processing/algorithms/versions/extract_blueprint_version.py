"""multiplan:extract_blueprint_version: any version of a blueprint store as a plain layer."""
from qgis.core import (QgsProcessing, QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFile, QgsProcessingParameterNumber, QgsProcessingParameterString)

from ..base import MultiPlanAlgorithm
from ...store_io import snapshot, write_pieces


class ExtractBlueprintVersionAlgorithm(MultiPlanAlgorithm):
    STORE, VERSION, DATE, OUTPUT, VERSION_USED = "STORE", "VERSION", "DATE", "OUTPUT", "VERSION_USED"
    GROUP_ID = "versions"
    OUTPUT_STYLES = {"OUTPUT": "landuse:YDYHDM"}

    def name(self):
        return "extract_blueprint_version"

    def displayName(self):  # noqa: N802
        return self.tr("Extract a blueprint version")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes one version of a blueprint store as a plain layer: the version given, else the last one "
            "approved on or before the date given, else the current one. The store is only read.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(self.STORE, self.tr("Blueprint store"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION, self.tr("Version (0: by date, else the current)"),
                                                       QgsProcessingParameterNumber.Integer, defaultValue=0,
                                                       minValue=0))
        self.addParameter(QgsProcessingParameterString(self.DATE, self.tr("As of date (YYYY-MM-DD)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Blueprint version"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber(self.VERSION_USED, self.tr("Version written")))

    def run_algorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.STORE, context)
        version = self.parameterAsInt(parameters, self.VERSION, context)
        date = (self.parameterAsString(parameters, self.DATE, context) or "").strip()
        found = snapshot(path, version, date)
        feedback.pushInfo(self.tr("Version {}: {} pieces.").format(found.version, len(found.ids)))
        output = write_pieces(self, parameters, self.OUTPUT, context, found.geometries, found.attributes,
                              found.crs_wkt, feedback)
        return {self.OUTPUT: output, self.VERSION_USED: found.version}
