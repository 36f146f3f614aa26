"""Conversions between QGIS layers/features and the plain data ``core`` works on.

Every MultiPlan algorithm reads its vector inputs through :func:`read_layer`, so that all of
them treat encodings, missing CRSs and reprojection the same way, and say so in the log.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsGeometry, QgsProcessingException,
                       QgsProcessingFeatureSource, QgsProcessingFeatureSourceDefinition, QgsProviderRegistry,
                       QgsRectangle, QgsVectorLayer)
from qgis.core import NULL as NULL_VARIANT  # QGIS 3.22 returns NULL QVariants for missing attributes
from qgis.PyQt.QtCore import QCoreApplication

from ..core.crs import (LOOKS_GK_WITHOUT_ZONE, CoordinatesOutsideCrsError, CrsError, as_pyproj_crs,
                        check_coordinates_in_crs, choose_working_crs, coordinates_look, guess_crs_from_extent,
                        is_undefined_crs, prefixed_gk3_crs_for, projection_distortion, reproject_geometries)
from ..core.intake.encoding import detect_dbf_encoding
from ..core.progress import stage
from .crs_messages import crs_error, crs_text, distortion_warning, outside_crs_message, reason_text
from .messages import cancelled_error



@dataclass
class LayerData:
    """A vector input as core needs it: features, shapely geometries (in ``crs``) and its name.

    Read through GDAL's Arrow interface (:func:`read_arrow`), a layer has its attribute
    ``columns`` and no QgsFeature objects until something asks for ``features`` (they are then
    read from the source, in the same order)."""

    name: str
    _features: list
    geometries: np.ndarray
    crs: str  # EPSG authority string or WKT, what core.crs understands
    fields: object  # QgsFields
    source_crs: object  # QgsCoordinateReferenceSystem of the input as read
    wkb_type: int
    columns: dict = None  # field name → values (NULL → None), when read without features
    _load_features: object = field(default=None, repr=False)

    @property
    def features(self):
        if self._features is None:
            self._features = self._load_features()
        return self._features

    def values(self, field_name):
        """Attribute values of one field as a list (NULL → None)."""
        index = self.fields.indexOf(field_name)
        if index < 0:
            raise QgsProcessingException(QCoreApplication.translate("MultiPlanLayerIO", "Layer “{}” has no field “{}”.").format(self.name, field_name))
        if self.columns is not None:
            return list(self.columns[self.fields.at(index).name()])
        return [None if value is None or value == NULL_VARIANT else value
                for value in (feature[index] for feature in self.features)]  # not attributes(): all of them

    def __len__(self):
        return len(self.geometries)


def arrow_table(layer, parameter_value=None):
    """(path, layer name) of a layer that can be read through GDAL's Arrow interface exactly as QGIS
    would read it: a GeoPackage table opened by the OGR provider, with no filter, subset, selection,
    limit or unsaved edits; else None."""
    if layer is None or layer.providerType() != "ogr" or layer.subsetString():
        return None
    if layer.isEditable() or layer.isModified():
        return None
    if isinstance(parameter_value, QgsProcessingFeatureSourceDefinition):
        if parameter_value.selectedFeaturesOnly or parameter_value.featureLimit not in (-1, None):
            return None
        if getattr(parameter_value, "filterExpression", ""):
            return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    if not path.lower().endswith(".gpkg") or parts.get("subset"):
        return None
    return path, parts.get("layerName") or None


def read_arrow(table, fields, count, names=None):
    """(geometries as WKB-read shapely array, {field: values}) of ``table`` (see :func:`arrow_table`)
    through GDAL's Arrow interface — ten times faster than QgsFeature objects — or None where it
    would not give what QGIS gives (a field of another type, booleans, a count that differs).
    ``names``: only these fields (default: every field of ``fields``); the fid column is under
    its own name (GeoPackage: ``fid``) when asked for."""
    from osgeo import gdal, ogr

    plain_types = {ogr.OFTString, ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal}  # given as QGIS gives them
    path, name = table
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        return None
    if dataset is None:
        return None
    try:
        layer = dataset.GetLayerByName(name) if name else dataset.GetLayer(0)
        if layer is None:
            return None
        definition = layer.GetLayerDefn()
        kinds = {}
        for index in range(definition.GetFieldCount()):
            field_definition = definition.GetFieldDefn(index)
            kinds[field_definition.GetName()] = (field_definition.GetType(), field_definition.GetSubType())
        fid, geometry = layer.GetFIDColumn(), layer.GetGeometryColumn()
        wanted = list(names) if names is not None else [fields.at(i).name() for i in range(fields.count())]
        layer.SetIgnoredFields([field_name for field_name in kinds if field_name not in wanted])
        for field_name in wanted:
            if field_name == fid:
                continue
            kind = kinds.get(field_name)
            if kind is None or kind[0] not in plain_types or kind[1] == ogr.OFSTBoolean:
                return None
        batches = {key: [] for key in wanted + ["__geometry"]}
        for batch in layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]):
            for field_name in wanted:
                batches[field_name].append(batch[field_name])
            batches["__geometry"].append(batch[geometry] if geometry else np.full(len(batch[fid]), None))
    finally:
        dataset = None
    geometry_parts = batches.pop("__geometry")
    wkb = np.concatenate(geometry_parts) if geometry_parts else np.empty(0, dtype=object)
    if len(wkb) != count:
        return None
    wkb = np.ma.filled(wkb, None) if np.ma.isMaskedArray(wkb) else wkb
    geometries = shapely.from_wkb(np.asarray(wkb, dtype=object), on_invalid="ignore")
    geometries[shapely.is_empty(geometries)] = None  # as read_features: empty geometries are None
    columns = {field_name: _python_values(parts) for field_name, parts in batches.items()}
    return geometries, columns


def _features_of(table):
    """The QgsFeatures of an Arrow-read table, from a layer of its own (whatever became of the
    input's layer object): same provider, same order."""
    path, name = table
    layer = QgsVectorLayer(f"{path}|layername={name}" if name else path, "features", "ogr")
    return list(layer.getFeatures())


def _python_values(parts):
    """One column of Arrow batches as QGIS gives the values: str, int, float, None for NULL."""
    if not parts:
        return []
    mask = np.concatenate([np.ma.getmaskarray(part) for part in parts])
    data = np.concatenate([np.ma.getdata(part) for part in parts])
    if data.dtype.kind == "S":
        values = [raw.decode("utf-8") for raw in data.tolist()]
    else:
        values = data.tolist()
    if mask.any():
        for position in np.flatnonzero(mask):
            values[position] = None
    return values


def is_undefined(crs):
    """True for a QgsCoordinateReferenceSystem that is valid to QGIS but places nothing on the Earth:
    GeoPackage's "Undefined geographic SRS" (srs_id 0, which QGIS does not even call geographic) and
    "Undefined Cartesian SRS" (srs_id -1), or any LOCAL_CS."""
    return crs is not None and crs.isValid() and (
        crs.description().strip().lower().startswith("undefined")
        or is_undefined_crs(crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)))


def crs_for_core(crs, layer_name, extent=None):
    """A CRS string ``core`` (pyproj) understands; a clear error when the layer has none.

    "Undefined geographic SRS" / "Undefined Cartesian SRS" (what GDAL writes into a GeoPackage for a
    layer without CRS, srs_id 0 / -1) count as no CRS. With ``extent`` (a QgsRectangle of the
    layer's coordinates) the coordinates are also checked against the CRS: coordinates that cannot
    lie in it (e.g. eastings without the zone number in EPSG:4527) are a clear error.
    """
    translate = QCoreApplication.translate
    undefined = is_undefined(crs)
    if crs is None or not crs.isValid() or undefined:
        hint = ""
        if extent is not None and not extent.isEmpty():
            bounds = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
            guess = guess_crs_from_extent(*bounds)
            if guess:
                hint = " " + translate("MultiPlanLayerIO", "Its coordinates look like {}.").format(crs_text(guess))
            elif coordinates_look(*bounds).kind == LOOKS_GK_WITHOUT_ZONE:
                hint = " " + translate("MultiPlanLayerIO", "Its coordinates look like Gauss-Kruger coordinates without the "
                                       "zone number in the easting: choose the zone of the data's area (e.g. EPSG:4548 "
                                       "for CM 117°E).")
        if undefined:
            raise QgsProcessingException(
                translate("MultiPlanLayerIO", "Layer “{}” has an undefined coordinate reference system (“{}”, what "
                          "GeoPackages written without a CRS say), so its coordinates cannot be placed on the Earth. "
                          "Set its CRS (e.g. CGCS2000 / 3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, "
                          "then run again.").format(layer_name, crs.description()) + hint)
        raise QgsProcessingException(
            translate("MultiPlanLayerIO", "Layer “{}” has no coordinate reference system. Set its CRS (e.g. CGCS2000 / 3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, then run again.")
            .format(layer_name) + hint)
    authid = crs.authid()
    core_crs = authid if authid.upper().startswith("EPSG:") else crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)
    if extent is not None and not extent.isNull() and not extent.isEmpty():
        try:
            check_coordinates_in_crs(core_crs, (extent.xMinimum(), extent.yMinimum(),
                                                extent.xMaximum(), extent.yMaximum()))
        except CoordinatesOutsideCrsError as error:
            raise QgsProcessingException(outside_crs_message(error, layer_name)) from None
    return core_crs


def warn_distortion(feedback, layer_name, crs, bounds):
    """Warn (once per layer and run) when ``crs`` distorts planimetric figures at the data by more than
    :data:`core.crs.DISTORTION_WARNING` (e.g. data 12° from its CRS's central meridian)."""
    if feedback is None:
        return None
    distortion = projection_distortion(crs, bounds)
    if distortion is None or not distortion.significant:
        return distortion
    warned = getattr(feedback, "_multiplan_distortion_warned", None)
    if warned is None:
        warned = set()
        try:
            feedback._multiplan_distortion_warned = warned
        except AttributeError:
            pass
    key = (layer_name, str(crs))
    if key not in warned:
        warned.add(key)
        feedback.pushWarning(distortion_warning(layer_name, crs_text(crs), distortion))
    return distortion


def working_crs_for(map_layers, feedback):
    """One projected working CRS for layers compared together (logged with the reason).

    Thresholds and overlays are in metres, so geographic data is worked on in the Gauss-Kruger
    3-degree zone it lies in; areas are ellipsoidal anyway and do not depend on this choice.
    """
    crs_list = [crs_for_core(layer.crs(), display_name(layer), layer.extent()) for layer in map_layers]
    crs, why = choose_working_crs(crs_list)
    if crs.is_geographic:
        extent = map_layers[0].extent()
        corners = shapely.box(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        try:
            epsg, why = prefixed_gk3_crs_for(crs_list[0], [corners])
        except CrsError as error:
            raise crs_error(error, display_name(map_layers[0])) from None
        crs = as_pyproj_crs(epsg)
    working = crs.to_wkt() if crs.to_epsg() is None else f"EPSG:{crs.to_epsg()}"
    feedback.pushInfo(QCoreApplication.translate("MultiPlanLayerIO", "Working CRS: {} ({}).")
                      .format(crs_text(working), reason_text(why)))
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
    return read_source(source, feedback, working_crs, display_name(layer) if layer else None,
                       arrow_table(layer, parameters.get(name)))


def read_map_layer(layer, context, feedback, working_crs=None):
    """:func:`read_layer` for a layer object (e.g. one of a multiple-layer parameter)."""
    reopened = reopen_with_detected_encoding(layer, feedback)
    if reopened is not None:
        context.temporaryLayerStore().addMapLayer(reopened)
    return read_source(QgsProcessingFeatureSource(reopened or layer, context), feedback, working_crs,
                       display_name(layer))


def read_source(source, feedback, working_crs=None, name=None, table=None):
    shown = name or source.sourceName()
    extent = source.sourceExtent()
    crs = crs_for_core(source.sourceCrs(), shown, extent)
    columns, load = None, None
    with stage(f"read {shown}"):
        read = read_arrow(table, source.fields(), source.featureCount()) if table else None
        if read is None:
            features, geometries = read_features(source, feedback)
        else:
            (geometries, columns), features = read, None
            load = lambda: _features_of(table)  # noqa: E731 (QgsFeatures only if asked for)
            if feedback is not None and feedback.isCanceled():
                raise cancelled_error()
    present = geometries[~shapely.is_missing(geometries)] if len(geometries) else geometries
    bounds = shapely.total_bounds(present) if len(present) else None
    if bounds is not None and (extent.isEmpty() or not extent.contains(QgsRectangle(*bounds))):
        try:  # the provider's extent was stale or estimated: check the coordinates read
            check_coordinates_in_crs(crs, bounds)
        except CoordinatesOutsideCrsError as error:
            raise QgsProcessingException(outside_crs_message(error, shown)) from None
    warn_distortion(feedback, shown, crs, bounds)
    if working_crs is not None and as_pyproj_crs(working_crs) != as_pyproj_crs(crs):
        feedback.pushInfo(QCoreApplication.translate("MultiPlanLayerIO", "Reprojecting “{}” from {} to the working CRS {}.")
                          .format(shown, crs_text(crs), crs_text(working_crs)))
        try:
            with stage(f"reproject {shown}"):
                geometries = reproject_geometries(geometries, crs, working_crs)
        except CoordinatesOutsideCrsError as error:
            raise QgsProcessingException(outside_crs_message(error, shown)) from None
        crs = working_crs
    return LayerData(name or source.sourceName(), features, geometries, crs, source.fields(), source.sourceCrs(),
                     source.wkbType(), columns, load)


def qgs_crs(crs):
    """A QgsCoordinateReferenceSystem from what core uses (an EPSG authority string or WKT)."""
    if isinstance(crs, QgsCoordinateReferenceSystem):
        return crs
    if str(crs).upper().startswith("EPSG:"):
        return QgsCoordinateReferenceSystem(str(crs))
    return QgsCoordinateReferenceSystem.fromWkt(str(crs))


def to_qgs_geometry(geometry, multi=True):
    """A QgsGeometry from a shapely geometry (None → null geometry)."""
    empty = geometry is None or geometry.is_empty
    return _qgs_from_wkb(None if empty else shapely.to_wkb(geometry), multi)


def qgs_geometries(geometries, multi=True):
    """QgsGeometry of each shapely geometry, one at a time (None or empty → null geometry); the
    WKB of the whole array is made in one call, which per geometry costs more than the rest."""
    geometries = np.asarray(geometries, dtype=object)
    keep = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    wkb = np.full(len(geometries), None, dtype=object)
    wkb[keep] = shapely.to_wkb(geometries[keep])
    for data in wkb:
        yield _qgs_from_wkb(data, multi)


def _qgs_from_wkb(data, multi):
    result = QgsGeometry()
    if data is not None:
        result.fromWkb(data)  # an instance method in QGIS 3.22
        if multi:
            result.convertToMultiType()
    return result


def open_vector(path, update=False):
    """The OGR data source at ``path`` or None, whether or not GDAL exceptions are on (QGIS
    3.40's Processing turns them on, 3.22's does not)."""
    from osgeo import ogr

    try:
        return ogr.Open(path, update=1 if update else 0)
    except RuntimeError:
        return None


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
    numbers = [str(number) for number in range(1, len(data) + 1)]
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
