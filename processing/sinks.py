"""Writing outputs: copies of input features with added (or replaced) fields."""
import math
import os

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


def write_table(sink, fields, table, geometries, feedback, progress_start=0.0, progress_end=100.0):
    """Write one feature per row of ``table`` (columns named as ``fields``) with its geometry.

    ``geometries`` are shapely geometries aligned with the rows; written as multi-polygons.
    """
    from qgis.core import QgsFeature

    from .layer_io import to_qgs_geometry

    names = [field.name() for field in fields]
    columns = [table[name].to_numpy(dtype=object) if name in table else [None] * len(table) for name in names]
    count = max(len(table), 1)
    for number in range(len(table)):
        if feedback.isCanceled():
            raise cancelled_error()
        feature = QgsFeature(fields)
        feature.setGeometry(to_qgs_geometry(geometries[number]))
        feature.setAttributes([plain(column[number]) for column in columns])
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise write_error(sink)
        if number % 1000 == 0:
            feedback.setProgress(progress_start + (progress_end - progress_start) * number / count)


def output_file(dest_id):
    """The file behind a sink's destination id, or None (memory layers, databases)."""
    path = str(dest_id).split("|")[0]
    if path.startswith("ogr:") or "://" in path or path.startswith("memory:"):
        return None
    return path if os.path.isfile(path) else None


def discard_outputs(*files):
    """Delete output files a failed or cancelled run started, so none can pass for a result."""
    for path in files:
        if path and os.path.isfile(path):
            try:
                os.remove(path)
            except OSError:
                pass


def replace_atomically(write, path):
    """``write(temporary path)``, then move it over ``path``: a report is complete or absent."""
    folder, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(folder, f".{name}.part")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        discard_outputs(temporary)
    return path
