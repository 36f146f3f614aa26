"""Conversions between QGIS layers/features and the plain data ``core`` works on.

Every MultiPlan algorithm reads its vector inputs through :func:`read_layer`, so that all of
them treat encodings, missing CRSs and reprojection the same way, and say so in the log.
"""
from dataclasses import dataclass

import numpy as np
import shapely
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsGeometry, QgsProcessingException,
                       QgsProcessingFeatureSource, QgsProviderRegistry, QgsVectorLayer)
from qgis.core import NULL as NULL_VARIANT  # QGIS 3.22 returns NULL QVariants for missing attributes
from qgis.PyQt.QtCore import QCoreApplication

from ..core.crs import (as_pyproj_crs, choose_working_crs, describe_crs, guess_crs_from_extent,
                        prefixed_gk3_crs_for, reproject_geometries)
from ..core.encoding import detect_dbf_encoding
from .messages import cancelled_error



@dataclass
class LayerData:
    """A vector input as core needs it: features, shapely geometries (in ``crs``) and its name."""

    name: str
    features: list
    geometries: np.ndarray
    crs: str  # EPSG authority string or WKT, what core.crs understands
    fields: object  # QgsFields
    source_crs: object  # QgsCoordinateReferenceSystem of the input as read
    wkb_type: int

    def values(self, field_name):
        """Attribute values of one field as a list (NULL → None)."""
        index = self.fields.indexOf(field_name)
        if index < 0:
            raise QgsProcessingException(QCoreApplication.translate("MultiPlanLayerIO", "Layer “{}” has no field “{}”.").format(self.name, field_name))
        return [None if value is None or value == NULL_VARIANT else value
                for value in (feature.attributes()[index] for feature in self.features)]



def crs_for_core(crs, layer_name, extent=None):
    """A CRS string ``core`` (pyproj) understands; a clear error when the layer has none."""
    if crs is None or not crs.isValid():
        hint = ""
        if extent is not None and not extent.isEmpty():
            guess = guess_crs_from_extent(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
            if guess:
                hint = " " + QCoreApplication.translate("MultiPlanLayerIO", "Its coordinates look like {}.").format(describe_crs(guess).describe())
        raise QgsProcessingException(
            QCoreApplication.translate("MultiPlanLayerIO", "Layer “{}” has no coordinate reference system. Set its CRS (e.g. CGCS2000 / 3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, then run again.")
            .format(layer_name) + hint)
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        return authid
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def working_crs_for(map_layers, feedback):
    """One projected working CRS for layers compared together (logged with the reason).

    Thresholds and overlays are in metres, so geographic data is worked on in the Gauss-Kruger
    3-degree zone it lies in; areas are ellipsoidal anyway and do not depend on this choice.
    """
    crs_list = [crs_for_core(layer.crs(), layer.name(), layer.extent()) for layer in map_layers]
    crs, why = choose_working_crs(crs_list)
    if crs.is_geographic:
        extent = map_layers[0].extent()
        corners = shapely.box(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        epsg, why = prefixed_gk3_crs_for(crs_list[0], [corners])
        crs = as_pyproj_crs(epsg)
    working = crs.to_wkt() if crs.to_epsg() is None else f"EPSG:{crs.to_epsg()}"
    feedback.pushInfo(QCoreApplication.translate("MultiPlanLayerIO", "Working CRS: {} ({}).")
                      .format(describe_crs(working).describe(), why))
    return working


def source_with_detected_encoding(algorithm, parameters, name, context, feedback):
    """The feature source of parameter ``name``; GBK shapefiles without .cpg are reopened as GBK."""
    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
    layer = algorithm.parameterAsVectorLayer(parameters, name, context)
    reopened = reopen_with_detected_encoding(layer, feedback)
    if reopened is None:
        return source
    context.temporaryLayerStore().addMapLayer(reopened)  # the context keeps it alive for the run
    return QgsProcessingFeatureSource(reopened, context)


def reopen_with_detected_encoding(layer, feedback=None):
    """A copy of ``layer`` opened with the encoding guessed from its bytes, or None if not needed."""
    if layer is None or layer.providerType() != "ogr":
        return None
    path = layer.source().split("|")[0]
    if not path.lower().endswith((".shp", ".dbf")):
        return None
    guess = detect_dbf_encoding(path)
    # .cpg and LDID are honoured by GDAL itself; only a guess from the bytes needs our help.
    if guess.source != "content" or guess.encoding == "utf-8":
        return None
    reopened = QgsVectorLayer(layer.source(), layer.name(), "ogr")
    reopened.setProviderEncoding(guess.qgis_name)
    if feedback is not None:
        feedback.pushInfo(QCoreApplication.translate("MultiPlanLayerIO", "Reading “{}” as {}: it has no .cpg file and its text is not UTF-8 ({}).")
                          .format(layer.name(), guess.qgis_name, guess.detail))
    return reopened


def read_features(source, feedback=None):
    """All features of a feature source and their geometries as a shapely array.

    Null or empty QGIS geometries become ``None`` so array positions match the features.
    Invalid geometries are read as they are (Processing's own validity filter is skipped):
    MultiPlan's algorithms detect, report and repair them themselves. A cancelled run raises
    here, so no caller can go on with part of a layer.
    """
    features, wkbs = [], []
    total = source.featureCount() or 1
    request = QgsFeatureRequest()
    for index, feature in enumerate(source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)):
        if feedback is not None:
            if feedback.isCanceled():
                raise cancelled_error()
            if index % 1000 == 0:
                feedback.setProgress(100.0 * index / total)
        features.append(feature)
        wkbs.append(wkb_of(feature.geometry()))
    geometries = shapely.from_wkb(np.array(wkbs, dtype=object), on_invalid="ignore")
    return features, geometries


def wkb_of(geometry):
    """A QgsGeometry's WKB, None for a null or empty geometry (so positions match features)."""
    return None if geometry is None or geometry.isNull() or geometry.isEmpty() else bytes(geometry.asWkb())


def to_shapely(geometry):
    """A shapely geometry from a QgsGeometry (None for null or empty); the inverse of to_qgs_geometry."""
    wkb = wkb_of(geometry)
    return None if wkb is None else shapely.from_wkb(wkb)


def display_name(layer):
    """What users call a layer: the table name inside a GeoPackage (DLTB), else the layer name."""
    if layer.providerType() == "ogr":
        table = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("layerName")
        if table:
            return table
    return layer.name()


def code_text(value):
    """An attribute as the text codes are compared by: 1, 1.0 and " 1" are all "1" (None when empty)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def unique_name(name, taken):
    """``name``, or ``name (2)``, ``name (3)``… when another input already has it; adds it to ``taken``.

    Layer names key the log lines and report labels, so two inputs called DLTB must differ.
    """
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name} ({number})"
    taken.add(candidate)
    return candidate


def read_layer(algorithm, parameters, name, context, feedback, working_crs=None):
    """Read a vector parameter completely, fixing its encoding and reprojecting to ``working_crs``."""
    source = source_with_detected_encoding(algorithm, parameters, name, context, feedback)
    layer = algorithm.parameterAsVectorLayer(parameters, name, context)
    return read_source(source, feedback, working_crs, display_name(layer) if layer else None)


def read_map_layer(layer, context, feedback, working_crs=None):
    """:func:`read_layer` for a layer object (e.g. one of a multiple-layer parameter)."""
    reopened = reopen_with_detected_encoding(layer, feedback)
    if reopened is not None:
        context.temporaryLayerStore().addMapLayer(reopened)
    return read_source(QgsProcessingFeatureSource(reopened or layer, context), feedback, working_crs,
                       display_name(layer))


def read_source(source, feedback, working_crs=None, name=None):
    crs = crs_for_core(source.sourceCrs(), source.sourceName(), source.sourceExtent())
    features, geometries = read_features(source, feedback)
    if working_crs is not None and as_pyproj_crs(working_crs) != as_pyproj_crs(crs):
        feedback.pushInfo(QCoreApplication.translate("MultiPlanLayerIO", "Reprojecting “{}” from {} to the working CRS {}.")
                          .format(name or source.sourceName(), describe_crs(crs).describe(), describe_crs(working_crs).describe()))
        geometries = reproject_geometries(geometries, crs, working_crs)
        crs = working_crs
    return LayerData(name or source.sourceName(), features, geometries, crs, source.fields(), source.sourceCrs(),
                     source.wkbType())


def to_qgs_geometry(geometry, multi=True):
    """A QgsGeometry from a shapely geometry (None → null geometry)."""
    result = QgsGeometry()
    if geometry is not None and not geometry.is_empty:
        result.fromWkb(shapely.to_wkb(geometry))  # an instance method in QGIS 3.22
        if multi:
            result.convertToMultiType()
    return result


def attribute_table(layer):
    """All attributes of a read layer as a DataFrame (field names as columns, NULL → None)."""
    import pandas as pd

    names = [field.name() for field in layer.fields]
    rows = [[None if value is None or value == NULL_VARIANT else value for value in feature.attributes()]
            for feature in layer.features]
    return pd.DataFrame(rows, columns=names, dtype=object)


#: Fields that name a feature in Chinese planning data, tried in this order when no id field is
#: chosen: 标识码 (BSM, 三调/一张图 databases, also spelt out), then ArcGIS's OBJECTID.
IDENTIFIER_FIELDS = ("BSM", "标识码", "OBJECTID")


@dataclass
class FeatureIds:
    """How the features of one input are named in reports and output layers."""

    values: list  # one text per feature, aligned with LayerData.features
    field: str  # the field they come from, or "" for 1-based feature numbers

    def describe(self, layer_name):
        translate = QCoreApplication.translate
        if self.field:
            return translate("MultiPlanLayerIO", "“{}”: features are identified by {}.").format(layer_name, self.field)
        return translate("MultiPlanLayerIO", "“{}”: features are identified by their number in the layer "
                                             "(1 = first feature).").format(layer_name)


def feature_ids(data, field="", preferred=()):
    """The identifiers of ``data``'s features, the same whatever format the layer is stored in.

    ``field`` (chosen by the user) is used as it is, empty values replaced by the feature number.
    Otherwise the first of ``preferred`` (e.g. HXBH for a red line) and :data:`IDENTIFIER_FIELDS`
    that exists with every value filled and unique; otherwise the 1-based feature number (never
    the provider's fid, which starts at 0 in shapefiles and GeoJSON and at 1 in GeoPackages).
    """
    numbers = [str(number) for number in range(1, len(data.features) + 1)]
    if field:
        index = data.fields.lookupField(field)
        if index < 0:
            raise QgsProcessingException(QCoreApplication.translate(
                "MultiPlanLayerIO", "Layer “{}” has no field “{}”.").format(data.name, field))
        name = data.fields.at(index).name()
        return FeatureIds([code_text(value) or number for value, number in zip(data.values(name), numbers)], name)
    for candidate in list(preferred) + [f for f in IDENTIFIER_FIELDS if f not in preferred]:
        index = data.fields.lookupField(candidate)
        if index < 0:
            continue
        name = data.fields.at(index).name()
        values = [code_text(value) for value in data.values(name)]
        if all(values) and len(set(values)) == len(values):
            return FeatureIds(values, name)
    return FeatureIds(numbers, "")
