"""multiplan:ellipsoidal_area: areas in m², 公顷 and 亩 added to a copy of a polygon layer."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

from ....core.areas import ELLIPSOIDAL, PLANIMETRIC, measure_polygons
from ....core.crs import DISTORTION_WARNING
from ....core.units import to_hectares, to_mu
from ...crs_messages import crs_text
from ...layer_io import read_layer
from ...messages import ellipsoidal_label
from ...sinks import extended_fields, new_field, write_with_values
from ..base import MultiPlanAlgorithm

AREA_FIELDS = ("AREA_M2", "AREA_HA", "AREA_MU")
METHOD_FIELD = "AREA_MTHD"


class EllipsoidalAreaAlgorithm(MultiPlanAlgorithm):
    INPUT = "INPUT"
    METHOD = "METHOD"
    DECIMALS = "DECIMALS"
    OUTPUT = "OUTPUT"
    TOTAL_M2, TOTAL_HA, TOTAL_MU, METHOD_USED = "TOTAL_M2", "TOTAL_HA", "TOTAL_MU", "METHOD_USED"

    GROUP_ID = "data"
    METHODS = (ELLIPSOIDAL, PLANIMETRIC)

    def name(self):
        return "ellipsoidal_area"

    def displayName(self):  # noqa: N802
        return self.tr("Calculate areas (ellipsoidal, m² / ha / mu)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Adds the area of every polygon to a copy of the layer, in square metres (AREA_M2), "
            "hectares (AREA_HA, 公顷) and mu (AREA_MU, 亩; 1 mu = 2000/3 m²), and the method used "
            "(AREA_MTHD).\n\n"
            "Ellipsoidal area (default) is the area on the CGCS2000 ellipsoid, as the third national "
            "land survey (三调) requires: it does not depend on the projection or Gauss-Kruger zone "
            "the layer is stored in. Planimetric area is the area in the layer's own projected "
            "plane (labelled with that CRS). In a Gauss-Kruger zone it is larger than the ellipsoidal "
            "area by about (Δλ·cos φ)², Δλ the distance from the central meridian: 0 on the central "
            "meridian, about 60 m² per km² 0.5° away, about 520 m² per km² (0.05 %) at the edge of a "
            "3-degree zone and about 2,100 m² per km² (0.2 %) at the edge of a 6-degree zone (at 30°N; "
            "somewhat more further south). Data far from its CRS's central meridian is distorted much "
            "more: 12° away at 22°N planimetric areas are 3.9 % (38,800 m² per km²) too large. In "
            "planimetric mode the log gives both totals, and warns when they differ by more than "
            "0.1 %.\n\n"
            "Invalid geometries are measured after repair (the output keeps the original geometry; "
            "the log says how many). Features without geometry get empty areas. The input layer is "
            "never modified.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Polygon layer"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Area method"),
            options=[self.tr("Ellipsoidal (CGCS2000 ellipsoid, 三调 practice)"),
                     self.tr("Planimetric (in the layer's projected CRS)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.DECIMALS, self.tr("Decimal places of m² and 亩 (公顷 get two more)"), QgsProcessingParameterNumber.Integer,
            defaultValue=2, minValue=0, maxValue=10))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Layer with areas")))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_M2, self.tr("Total area (m²)")))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_HA, self.tr("Total area (ha)")))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_MU, self.tr("Total area (mu)")))
        self.addOutput(QgsProcessingOutputString(self.METHOD_USED, self.tr("Area method used")))

    def run_algorithm(self, parameters, context, feedback):
        method = self.METHODS[self.parameterAsEnum(parameters, self.METHOD, context)]
        decimals = self.parameterAsInt(parameters, self.DECIMALS, context)
        layer = read_layer(self, parameters, self.INPUT, context, feedback)
        if method == PLANIMETRIC and layer.source_crs.isGeographic():
            raise QgsProcessingException(self.tr(
                "Planimetric areas need a projected CRS, but “{}” is in geographic coordinates ({}). "
                "Choose the ellipsoidal method or reproject the layer.")
                .format(layer.name, layer.source_crs.authid()))

        fields = extended_fields(layer.fields, [
            *(new_field(name, float, 20, decimals + extra) for name, extra in zip(AREA_FIELDS, (0, 2, 0))),
            new_field(METHOD_FIELD, str, 254)])
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                             layer.wkb_type, layer.source_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        features, geometries, crs = layer.features, layer.geometries, layer.crs
        if not features:
            feedback.reportError(self.tr("The input layer is empty: the output has no features."))
        measured = self.run_core(measure_polygons, geometries, crs, method,
                                 progress=self.progress_callback(feedback, 0, 60 if method == PLANIMETRIC else 80))
        if method == ELLIPSOIDAL:
            method_label = ellipsoidal_label()
        else:
            crs_label = layer.source_crs.authid() or crs_text(crs)
            method_label = self.tr("planimetric, {}").format(crs_label)[:254]
        feedback.pushInfo(self.tr("Area method: {}").format(method_label))
        if method == PLANIMETRIC and measured.total > 0:
            self._compare_with_ellipsoidal(measured, geometries, crs, crs_label, feedback)
        if measured.repaired:
            feedback.pushWarning(self.tr(
                "{} invalid geometries were measured after repair (make valid); the output keeps "
                "their original geometry. Run the data quality check to fix them.").format(measured.repaired))
        if measured.missing:
            feedback.pushWarning(self.tr("{} features have no geometry; their areas are empty.")
                                 .format(measured.missing))

        areas = measured.square_metres
        write_with_values(sink, features, fields, {
            "AREA_M2": areas.round(decimals),
            "AREA_HA": to_hectares(areas).round(decimals + 2),  # as every MultiPlan output: m² 2, 公顷 4, 亩 2
            "AREA_MU": to_mu(areas).round(decimals),
            METHOD_FIELD: [method_label] * len(features),
        }, feedback, 80, 100)

        total = measured.total
        feedback.pushInfo(self.tr("Total area: {:,.2f} m² = {:,.4f} ha = {:,.2f} mu")
                          .format(total, to_hectares(total), to_mu(total)))
        return {self.OUTPUT: dest_id, self.TOTAL_M2: total, self.TOTAL_HA: to_hectares(total),
                self.TOTAL_MU: to_mu(total), self.METHOD_USED: method_label}

    def _compare_with_ellipsoidal(self, measured, geometries, crs, crs_label, feedback):
        """Log how far the planimetric total is from the ellipsoidal one; warn above 0.1 %."""
        ellipsoidal = self.run_core(measure_polygons, geometries, crs, ELLIPSOIDAL,
                                    progress=self.progress_callback(feedback, 60, 80)).total
        if not ellipsoidal:
            return
        share = measured.total / ellipsoidal - 1.0
        message = self.tr("Planimetric total in {}: {:,.2f} m²; ellipsoidal total (CGCS2000 ellipsoid): {:,.2f} m²; "
                          "the planimetric figures are {:+.3f} % ({:+,.0f} m² per km²) off.").format(
            crs_label, measured.total, ellipsoidal, 100 * share, 1e6 * share)
        if abs(share) > DISTORTION_WARNING:
            feedback.pushWarning(message + " " + self.tr(
                "That is more than {:g} %: the data lies far from its CRS's central meridian (or the projection "
                "is not meant for areas). Use the ellipsoidal method for planning figures.").format(
                100 * DISTORTION_WARNING))
        else:
            feedback.pushInfo(message)
