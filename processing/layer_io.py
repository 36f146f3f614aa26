"""Conversions between QGIS layers/features and the plain data ``core`` works on."""
import numpy as np
import shapely
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsProcessingException,
                       QgsProcessingFeatureSource)
from qgis.PyQt.QtCore import QCoreApplication


def crs_for_core(crs, layer_name):
    """A CRS string ``core`` (pyproj) understands; a clear error when the layer has none."""
    if crs is None or not crs.isValid():
        raise QgsProcessingException(
            QCoreApplication.translate("MultiPlanLayerIO", "Layer “{}” has no coordinate reference system. Set its CRS (e.g. CGCS2000 / "
               "3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, then run again.")
            .format(layer_name))
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        return authid
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def read_features(source, feedback=None):
    """All features of a feature source and their geometries as a shapely array.

    Null or empty QGIS geometries become ``None`` so array positions match the features.
    Invalid geometries are read as they are (Processing's own validity filter is skipped):
    MultiPlan's algorithms detect, report and repair them themselves.
    """
    features, wkbs = [], []
    total = source.featureCount() or 1
    for index, feature in enumerate(
            source.getFeatures(QgsFeatureRequest(), QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)):
        if feedback is not None:
            if feedback.isCanceled():
                break
            if index % 1000 == 0:
                feedback.setProgress(100.0 * index / total)
        features.append(feature)
        geometry = feature.geometry()
        wkbs.append(None if geometry.isNull() or geometry.isEmpty() else bytes(geometry.asWkb()))
    geometries = shapely.from_wkb(np.array(wkbs, dtype=object), on_invalid="ignore")
    return features, geometries
