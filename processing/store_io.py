"""What the 动态更新 (blueprint store) algorithms share: opening a store with translated errors, writing a version."""
import numpy as np
import pandas as pd
from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsProcessingException, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from ..core.versions import store
from .layer_io import to_qgs_geometry
from .sinks import fields_from_spec, plain


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


def snapshot(path, version=None, date=None):
    """A version of the store at ``path`` (:func:`core.versions.store.as_of`), errors translated."""
    try:
        return store.as_of(path, version or None, date or None)
    except store.StoreError as error:
        raise QgsProcessingException(store_error(error, path)) from None


def store_error(error, path):
    text = str(error)
    if "is not a blueprint store" in text:
        return tr("{} is not a blueprint store (made by the create blueprint store tool).").format(path)
    if "does not exist" in text:
        return tr("The blueprint store has no such version: {}").format(text.split(": ")[-1] if ": " in text else text)
    if "no version was approved" in text:
        return tr("No version of the blueprint store was approved on or before that date.")
    return text


def field_spec(attributes):
    """``fields_from_spec`` entries for a version's attribute table (its dtypes)."""
    spec = []
    for name in attributes.columns:
        column = attributes[name]
        if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
            spec.append((name, int, 0))
        elif pd.api.types.is_float_dtype(column):
            spec.append((name, float, 4))
        else:
            numbers = pd.to_numeric(column.dropna(), errors="coerce") if column.notna().any() else None
            integral = numbers is not None and numbers.notna().all() and all(
                isinstance(value, (int, np.integer)) for value in column.dropna())
            spec.append((name, int, 0) if integral else (name, str, 0))
    return spec


def write_pieces(algorithm, parameters, name, context, geometries, attributes, crs_wkt, feedback):
    """The pieces as the output ``name`` (MultiPolygon, the attributes' fields); returns its id."""
    fields = fields_from_spec(field_spec(attributes))
    crs = QgsCoordinateReferenceSystem.fromWkt(crs_wkt) if crs_wkt else QgsCoordinateReferenceSystem()
    sink, dest_id = algorithm.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon, crs)
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, name))
    records = attributes.to_dict("records")
    for number, (geometry, record) in enumerate(zip(geometries, records)):
        if feedback.isCanceled():
            raise algorithm.cancelled_error()
        feature = QgsFeature(fields)
        feature.setGeometry(to_qgs_geometry(geometry))
        feature.setAttributes([plain(None if value is None or value != value else value) for value in record.values()])
        if not sink.addFeature(feature):
            raise QgsProcessingException(tr("Could not write a feature to output {}: {}").format(name, sink.lastError()))
    return dest_id
