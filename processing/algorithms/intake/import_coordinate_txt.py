"""multiplan:import_coordinate_txt: a 界址点坐标 TXT file as a polygon layer."""
import os

from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFile, QgsProcessingParameterNumber, QgsWkbTypes)

from ....core.intake.coordinate_txt import (DEFAULT_AREA_TOLERANCE, CoordinateTxtError, CoordinateTxtOutsideCrsError,
                                            CoordinateTxtZoneError, read_coordinate_txt)
from ....core.units import to_hectares
from ...crs_messages import crs_text, outside_crs_message, txt_zone_message
from ...layer_io import to_qgs_geometry
from ...messages import write_error
from ...sinks import fields_from_spec, plain
from ..base import MultiPlanAlgorithm

FIELDS = [("DKBH", str, 50), ("DKMC", str, 100), ("DKYT", str, 50), ("DLBM", str, 20), ("TFH", str, 50),
          ("JZDS", int, 0), ("DKMJ", float, 4), ("JSMJ", float, 4), ("MJCY", float, 4), ("TXTHH", int, 0)]


class ImportCoordinateTxtAlgorithm(MultiPlanAlgorithm):
    INPUT, ENCODING, AREA_TOLERANCE, OUTPUT = "INPUT", "ENCODING", "AREA_TOLERANCE", "OUTPUT"
    PLOT_COUNT, WARNING_COUNT = "PLOT_COUNT", "WARNING_COUNT"
    GROUP_ID = "data"
    OUTPUT_STYLES = {"OUTPUT": "outline"}
    ENCODINGS = (None, "gbk", "utf-8")

    def name(self):
        return "import_coordinate_txt"

    def displayName(self):  # noqa: N802
        return self.tr("Import coordinate TXT (界址点坐标)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Reads a red-line coordinate file (界址点坐标 TXT of land-use approval: [属性描述] header, "
            "[地块坐标] plots) into a polygon layer in the file's CRS (e.g. CGCS2000 3-degree zone 39 = "
            "EPSG:4527, from 带号 and 几度分带).\n\n"
            "Fields: DKBH 地块编号, DKMC 地块名称, DKYT 地块用途, DLBM 地类编码, TFH 图幅号, JZDS 界址点数 "
            "(declared), DKMJ declared area (公顷), JSMJ computed ellipsoidal area (公顷), MJCY difference "
            "(公顷), TXTHH line number of the plot in the file.\n\n"
            "Handled variants: GBK or UTF-8 (detected), X/Y columns swapped (detected from the digit "
            "counts), eastings without the zone prefix, unclosed rings, holes (圈号 ≥ 2 or rings inside "
            "another), provincial extra fields. Such findings and declared areas differing from the "
            "ellipsoidal area by more than the tolerance are warnings; a malformed file stops with the "
            "line number.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(self.INPUT, self.tr("Coordinate TXT file"),
                                                     fileFilter=self.tr("Coordinate files (*.txt *.TXT)")))
        self.addParameter(QgsProcessingParameterEnum(self.ENCODING, self.tr("Encoding"), defaultValue=0, options=[
            self.tr("Detect (UTF-8, else GBK)"), "GBK", "UTF-8"]))
        tolerance = QgsProcessingParameterNumber(
            self.AREA_TOLERANCE, self.tr("Area check tolerance (share of the area)"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULT_AREA_TOLERANCE, minValue=0.0, maxValue=1.0)
        tolerance.setHelp(self.tr("Declared 地块面积 differing from the ellipsoidal area by more than this share "
                                  "(and more than 1 m²) gives a warning. Default 0.001 = 0.1 %."))
        self.addParameter(tolerance)
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Plots")))
        self.addOutput(QgsProcessingOutputNumber(self.PLOT_COUNT, self.tr("Number of plots")))
        self.addOutput(QgsProcessingOutputNumber(self.WARNING_COUNT, self.tr("Number of warnings")))

    def run_algorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        encoding = self.ENCODINGS[self.parameterAsEnum(parameters, self.ENCODING, context)]
        tolerance = self.parameterAsDouble(parameters, self.AREA_TOLERANCE, context)
        name = os.path.basename(path)  # logs name the file, not where it lay on this machine
        try:
            parsed = read_coordinate_txt(path, encoding, tolerance)
        except CoordinateTxtZoneError as error:
            raise QgsProcessingException(self.tr("Cannot read {}: {}").format(name, txt_zone_message(error))) from None
        except CoordinateTxtOutsideCrsError as error:
            raise QgsProcessingException(self.tr("Cannot read {}: {}").format(
                name, outside_crs_message(error.outside, name))) from None
        except CoordinateTxtError as error:
            raise QgsProcessingException(self.tr("Cannot read {}: {}").format(name, error.text)) from None
        except OSError as error:
            raise QgsProcessingException(self.tr("Cannot open {}: {}").format(name, error.strerror or error)) from None
        feedback.pushInfo(self.tr("{} plots in {} ({}), CRS {}").format(
            len(parsed.plots), name, parsed.encoding.upper(), crs_text(parsed.crs)))
        for warning in parsed.warnings:
            feedback.pushWarning(str(warning))

        fields = fields_from_spec(FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             QgsCoordinateReferenceSystem(parsed.crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for plot in parsed.plots:
            if feedback.isCanceled():
                raise self.cancelled_error()
            feature = QgsFeature(fields)
            feature.setGeometry(to_qgs_geometry(plot.geometry))
            computed = to_hectares(plot.area_m2)
            feature.setAttributes([plain(value) for value in (
                plot.number, plot.name, plot.use, plot.landuse_code, plot.sheet, plot.declared_points,
                plot.declared_area_ha, round(computed, 4), round(plot.declared_area_ha - computed, 4), plot.line)])
            if not sink.addFeature(feature):
                raise write_error(sink)
        return {self.OUTPUT: dest_id, self.PLOT_COUNT: len(parsed.plots), self.WARNING_COUNT: len(parsed.warnings)}
