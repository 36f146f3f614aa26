"""Writing outputs: copies of input features with added (or replaced) fields."""
import math

from qgis.core import QgsFeatureSink, QgsField, QgsFields
from qgis.PyQt.QtCore import QVariant

from .messages import cancelled_error, write_error

_QTYPES = {float: (QVariant.Double, "double"), int: (QVariant.LongLong, "integer"),
           str: (QVariant.String, "string")}


def new_field(name, python_type, length=0, precision=0):
    qtype, type_name = _QTYPES[python_type]
    return QgsField(name, qtype, type_name, length, precision)


def fields_from_spec(spec):
    """QgsFields from ``[(name, python type, precision), …]``."""
    fields = QgsFields()
    for name, python_type, precision in spec:
        fields.append(new_field(name, python_type, 0, precision))
    return fields


def extended_fields(fields, added):
    """``fields`` plus ``added`` (QgsField list); a field that already exists is reused, so that
    re-running a tool on its own output replaces values instead of adding ``_2`` columns."""
    result = QgsFields(fields)
    for field in added:
        if result.indexOf(field.name()) < 0:
            result.append(field)
    return result


def plain(value):
    """Python value for a QVariant: numpy scalars → Python, NaN/None → NULL."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def write_with_values(sink, features, fields, columns, feedback, progress_start=0.0, progress_end=100.0):
    """Write every feature with the values of ``columns`` ({field name: sequence, one per feature})."""
    indices = {name: fields.indexOf(name) for name in columns}
    count = max(len(features), 1)
    for number, feature in enumerate(features):
        if feedback.isCanceled():
            raise cancelled_error()
        attributes = feature.attributes() + [None] * (fields.count() - len(feature.attributes()))
        for name, values in columns.items():
            attributes[indices[name]] = plain(values[number])
        feature.setFields(fields, False)
        feature.setAttributes(attributes)
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise write_error(sink)
        if number % 1000 == 0:
            feedback.setProgress(progress_start + (progress_end - progress_start) * number / count)
