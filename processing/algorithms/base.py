"""What every MultiPlan algorithm shares: translation, groups, progress bridge."""
from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.progress import Cancelled
from ..messages import cancelled_error

# Group ids are stable (models and scripts refer to them); names are translated.
GROUPS = {
    "data": QT_TRANSLATE_NOOP("MultiPlanGroups", "Data intake and quality"),
    "conflicts": QT_TRANSLATE_NOOP("MultiPlanGroups", "Multi-plan conflicts and blueprint"),
    "control": QT_TRANSLATE_NOOP("MultiPlanGroups", "Control lines and project review"),
    "suitability": QT_TRANSLATE_NOOP("MultiPlanGroups", "Suitability evaluation (双评价)"),
}


def translate_group(group_id):
    return QCoreApplication.translate("MultiPlanGroups", GROUPS[group_id])


class MultiPlanAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set GROUP_ID and implement the usual methods."""

    GROUP_ID = ""
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
        return burn_zones(layer, code, name, grid, context, feedback)

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
            return function(*args, **kwargs)
        except Cancelled:
            raise self.cancelled_error() from None
