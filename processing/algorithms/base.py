"""What every MultiPlan algorithm shares: translation, groups, progress bridge, and the run
wrapper that makes every output complete or absent (see :mod:`..outputs`)."""
import numpy as np
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeatureSink, QgsProcessing, QgsProcessingAlgorithm,
                       QgsProcessingException, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...compat import keep_pyproj_context
from ...core.progress import Cancelled, stage
from ...core.report import report_language
from ..layer_io import display_name
from ..messages import cancelled_error
from ..outputs import OutputTransaction
from ..settings import report_language as report_language_setting
from ..sinks import (RoundingSink, is_flatgeobuf, is_shapefile, log_shortened, output_fields, shapefile_encoding,
                     static_destination)

# Group ids are stable (models and scripts refer to them); names are translated.
GROUPS = {
    "data": QT_TRANSLATE_NOOP("MultiPlanGroups", "Data intake and quality"),
    "conflicts": QT_TRANSLATE_NOOP("MultiPlanGroups", "Multi-plan conflicts and blueprint"),
    "control": QT_TRANSLATE_NOOP("MultiPlanGroups", "Control lines and project review"),
    "suitability": QT_TRANSLATE_NOOP("MultiPlanGroups", "Suitability evaluation (双评价)"),
    "statistics": QT_TRANSLATE_NOOP("MultiPlanGroups", "Statistics and indicators"),
    "database": QT_TRANSLATE_NOOP("MultiPlanGroups", "Planning database"),
    "versions": QT_TRANSLATE_NOOP("MultiPlanGroups", "Blueprint versions and monitoring"),
    "collaboration": QT_TRANSLATE_NOOP("MultiPlanGroups", "Department collaboration"),
    "maps": QT_TRANSLATE_NOOP("MultiPlanGroups", "Maps and query"),
}


def translate_group(group_id):
    return QCoreApplication.translate("MultiPlanGroups", GROUPS[group_id])


class MultiPlanAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set GROUP_ID and implement the usual methods."""

    GROUP_ID = ""
    #: {output parameter: style kind of processing/styles.py}: how each result layer loads.
    OUTPUT_STYLES = {}
    ADMIN, ADMIN_CODE_FIELD, ADMIN_NAME_FIELD = "ADMIN", "ADMIN_CODE_FIELD", "ADMIN_NAME_FIELD"

    def add_admin_parameters(self, label=None):
        """ADMIN (optional polygons) with its code and name fields, XZQDM / XZQMC by default."""
        from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSource, QgsProcessingParameterField

        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ADMIN, label or self.tr("Admin units for the area table (e.g. townships 乡镇)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        for name, label, default in ((self.ADMIN_CODE_FIELD, self.tr("Admin unit code field"), "XZQDM"),
                                     (self.ADMIN_NAME_FIELD, self.tr("Admin unit name field"), "XZQMC")):
            self.addParameter(QgsProcessingParameterField(name, label, defaultValue=default,
                                                          parentLayerParameterName=self.ADMIN, optional=True))

    def admin_zones(self, parameters, context, grid, feedback):
        """The admin units burned on a raster grid: (id raster path or None, {id: (code, name)})."""
        from qgis.core import QgsProcessingException

        from ..raster_inputs import burn_zones

        layer = self.parameterAsVectorLayer(parameters, self.ADMIN, context)
        if layer is None:
            return None, {}
        code = self.parameterAsString(parameters, self.ADMIN_CODE_FIELD, context)
        name = self.parameterAsString(parameters, self.ADMIN_NAME_FIELD, context)
        for field in (code, name):
            if field and layer.fields().lookupField(field) < 0:
                raise QgsProcessingException(self.tr("Admin units have no field “{}”.").format(field))
        zones, names = burn_zones(layer, code, name, grid, context, feedback)
        self.warn_duplicate_units(names, feedback)
        return zones, names

    def warn_duplicate_units(self, units, feedback):
        """A warning per admin code that several features carry ({id: (code, name)}): their areas
        are added up as one unit."""
        from ...core.suitability.suitability_report import duplicate_units

        for duplicate, count in duplicate_units(units).items():
            feedback.pushWarning(self.tr("Admin code {} is carried by {} features: their areas are added up as one "
                                         "unit.").format(duplicate or "—", count))

    @staticmethod
    def given(parameters, name):
        """Whether an optional parameter was set at all (Processing passes None or '' when not)."""
        return parameters.get(name) not in (None, "")

    def map_layer(self, parameters, name, context):
        """The vector layer of parameter ``name``; Processing's own error when it cannot be read."""
        from qgis.core import QgsProcessingException

        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return layer

    def chosen_field(self, parameters, name, context, data, default=""):
        """The field of parameter ``name`` as read layer ``data`` spells it, '' when none was chosen."""
        from qgis.core import QgsProcessingException

        field = (self.parameterAsString(parameters, name, context) or "").strip() or default
        if not field:
            return ""
        index = data.fields.lookupField(field)
        if index < 0:
            raise QgsProcessingException(self.tr("Layer “{}” has no field “{}” (parameter {}).").format(
                data.name, field, name))
        return data.fields.at(index).name()

    def tr(self, text):
        """Translated in the context of the class that wrote the string: pylupdate files a string
        under the class it appears in, which for shared code is a base class of ``self``."""
        for klass in type(self).__mro__:
            translated = QCoreApplication.translate(klass.__name__, text)
            if translated != text or klass is MultiPlanAlgorithm:
                return translated
        return text

    def createInstance(self):  # noqa: N802
        return type(self)()

    # -- the run ------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Checks the inputs and outputs, runs :meth:`run_algorithm` with every file output
        written aside, and moves the outputs into place only if it succeeded and was not cancelled."""
        keep_pyproj_context()  # this may be a QGIS worker thread (see compat)
        self._feedback, self._sinks = feedback, []
        self.check_polygon_inputs(parameters, context)
        transaction = OutputTransaction(self, parameters, context, feedback)
        redirected = transaction.prepare()
        try:
            # GEOS raises the FPU "invalid" flag on some inputs while its results are right; numpy
            # would print that as a RuntimeWarning with a machine path into the user's log. The
            # state is per thread (QGIS runs algorithms in worker threads).
            with report_language(report_language_setting()), stage(self.name()), np.errstate(invalid="ignore"):
                results = self.run_algorithm(redirected, context, feedback)
            log_shortened(self._sinks, feedback)
            self._sinks = []
            if feedback is not None and feedback.isCanceled():
                raise self.cancelled_error()
            with stage("move outputs into place"):
                results = transaction.commit(results)
        except BaseException:
            self._sinks = []
            transaction.discard()
            raise
        with report_language(report_language_setting()), stage("style outputs"):  # legends in the report language
            self.style_outputs(results, context, feedback)
        return results

    def style_outputs(self, results, context, feedback):
        """Store each result layer's style in it and apply it when the layer is loaded."""
        from ..styles import style_output

        for name, kind in self.OUTPUT_STYLES.items():
            if not results.get(name):
                continue
            try:
                style_output(results[name], kind, context)
            except Exception as error:  # noqa: BLE001 (a style never costs the user the result)
                if feedback is not None:
                    feedback.pushWarning(self.tr("The output {} was written but could not be styled: {}").format(
                        name, error))

    def run_algorithm(self, parameters, context, feedback):
        """What the algorithm does; outputs go where ``parameters`` say (a temporary place)."""
        raise NotImplementedError

    def check_polygon_inputs(self, parameters, context):
        """Layers given for polygon-only parameters must hold polygons (qgis_process and
        processing.run do not check the declared geometry type)."""
        for definition in self.parameterDefinitions():
            name = definition.name()
            if parameters.get(name) in (None, ""):
                continue
            if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
                if list(definition.dataTypes()) != [QgsProcessing.TypeVectorPolygon]:
                    continue
                layers = [self.parameterAsVectorLayer(parameters, name, context)]
            elif isinstance(definition, QgsProcessingParameterMultipleLayers):
                if definition.layerType() != QgsProcessing.TypeVectorPolygon:
                    continue
                layers = self.parameterAsLayerList(parameters, name, context)
            else:
                continue
            for layer in layers:
                if layer is None or not hasattr(layer, "geometryType"):
                    continue
                if layer.geometryType() != QgsWkbTypes.PolygonGeometry:
                    kind = {QgsWkbTypes.PointGeometry: self.tr("points"), QgsWkbTypes.LineGeometry: self.tr("lines"),
                            QgsWkbTypes.NullGeometry: self.tr("no geometry")}.get(layer.geometryType(),
                                                                                   self.tr("no polygons"))
                    raise QgsProcessingException(self.tr(
                        "“{}” ({}) holds {}; this input needs a polygon layer.").format(
                        display_name(layer), definition.description(), kind))

    def parameterAsSink(self, parameters, name, context, fields,  # noqa: N802 (QGIS API)
                        geometryType=QgsWkbTypes.NoGeometry, crs=QgsCoordinateReferenceSystem(),  # noqa: N803
                        sinkFlags=QgsFeatureSink.SinkFlags(), createOptions=None,  # noqa: N803
                        datasourceOptions=(), layerOptions=()):  # noqa: N803
        """Processing's sink with fields every format keeps (see :mod:`..sinks`) and rounding."""
        destination = static_destination(parameters.get(name)) or ""
        shapefile = is_shapefile(destination)
        encoding = shapefile_encoding() if shapefile else "UTF-8"
        declared, renamed = output_fields(fields, shapefile, encoding)
        options = dict(createOptions or {})
        options.setdefault("fileEncoding", encoding)
        sink, dest_id = super().parameterAsSink(parameters, name, context, declared, geometryType, crs, sinkFlags,
                                                options, list(datasourceOptions), list(layerOptions))
        if sink is None:
            return sink, dest_id
        feedback = getattr(self, "_feedback", None)
        if renamed and feedback is not None:
            feedback.pushInfo(self.tr("Shapefile field names have at most 10 characters; renamed: {}.").format(
                ", ".join(f"{old} → {new}" for old, new in renamed.items())))
        wrapped = RoundingSink(sink, declared, shapefile, encoding, fields,
                               self._output_label(name) if is_flatgeobuf(destination) else None)
        if hasattr(self, "_sinks"):  # only the counts: a sink must close when the algorithm drops it
            self._sinks += [(name, wrapped.shortened, shapefile), (name, wrapped.narrowed, False)]
        return wrapped, dest_id

    def _output_label(self, name):
        definition = self.parameterDefinition(name)
        return definition.description() if definition is not None else name

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def group(self):
        return translate_group(self.GROUP_ID)

    def progress_callback(self, feedback, start=0.0, end=100.0):
        """A core ``progress`` callable that drives ``feedback`` and raises on cancel."""

        def progress(fraction):
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + (end - start) * fraction)

        return progress

    def cancelled_error(self):
        return cancelled_error()

    def run_core(self, function, *args, **kwargs):
        """Call a core function, turning the user's cancellation into a Processing error."""
        try:
            with stage(function.__name__):
                return function(*args, **kwargs)
        except Cancelled:
            raise self.cancelled_error() from None
