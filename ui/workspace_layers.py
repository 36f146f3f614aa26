"""Creating and opening a blueprint workspace GeoPackage, loaded with its standard styles.

One GeoPackage holds the layers of :mod:`core.control_lines.workspace`'s schema (三条控制线, 三区, 规划用途,
县域). Opening it adds the layers to a layer-tree group named after the file; a layer already
in the project (same source) is reused, so opening twice does not duplicate layers.
"""
import os

from qgis.core import (QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem, QgsFeature, QgsFields,
                       QgsProject, QgsRendererCategory, QgsVectorFileWriter, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QCoreApplication

from ..compat import DOUBLE, LONG_LONG, STRING, make_field
from ..core.control_lines import workspace as ws
from ..processing.styles import fill_symbol, landuse_renderer
from .common import file_writable

_QVARIANT = {"int": LONG_LONG, "float": DOUBLE, "str": STRING}


class WorkspaceError(Exception):
    pass


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


def qgs_fields(spec):
    fields = QgsFields()
    for name, kind in spec.fields:
        fields.append(make_field(name, _QVARIANT[kind]))
    return fields


def create_workspace(path, crs, schema=None, county=None):
    """Write an empty workspace GeoPackage at ``path`` in ``crs`` (QgsCoordinateReferenceSystem).

    ``county`` (optional polygon layer) is copied into the county-boundary layer, so coverage
    checks have their frame. Refuses to overwrite an existing file.
    """
    schema = schema or ws.load_schema()
    if os.path.exists(path):
        raise WorkspaceError(tr("{} already exists; open it instead of creating it.").format(path))
    if not crs.isValid():
        raise WorkspaceError(tr("Choose a coordinate reference system for the new workspace."))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.fileEncoding = "UTF-8"
    for index, spec in enumerate(schema.layers):
        options.layerName = spec.name
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if index == 0
                                        else QgsVectorFileWriter.CreateOrOverwriteLayer)
        writer = QgsVectorFileWriter.create(path, qgs_fields(spec), QgsWkbTypes.MultiPolygon, crs,
                                            QgsProject.instance().transformContext(), options)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            message = writer.errorMessage()
            del writer
            raise WorkspaceError(tr("Cannot write {}: {}").format(path, message))
        if spec.role == "county" and county is not None:
            _copy_county(writer, county, spec, crs)
        del writer  # closes the layer
    return path


def _copy_county(writer, county, spec, crs):
    from qgis.core import QgsCoordinateTransform

    transform = QgsCoordinateTransform(county.crs(), crs, QgsProject.instance())
    names = spec.field_names()
    for source in county.getFeatures():
        feature = QgsFeature(qgs_fields(spec))
        geometry = source.geometry()
        geometry.transform(transform)
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
        for name in names:
            index = source.fields().lookupField(name)
            if index >= 0:
                feature[name] = source[index]
        writer.addFeature(feature)


def workspace_layers(path, schema=None, project=None, language="zh"):
    """Load (or find) the workspace's layers in ``project``: ``{layer name: QgsVectorLayer}``.

    Layers the file lacks are reported in the returned ``missing`` list rather than created:
    the file is the user's, and a partial workspace may be on purpose.
    """
    schema = schema or ws.load_schema()
    project = project or QgsProject.instance()
    if not os.path.exists(path):
        raise WorkspaceError(tr("{} does not exist.").format(path))
    _use_wal(path)
    group_name = os.path.splitext(os.path.basename(path))[0]
    root = project.layerTreeRoot()
    group = root.findGroup(group_name) or root.insertGroup(0, group_name)
    layers, missing = {}, []
    existing = {_normalised_source(layer.source()): layer for layer in project.mapLayers().values()}
    # Insert in reverse so the tree reads lines on top, then zones, plan and county.
    for spec in reversed(schema.layers):
        source = f"{path}|layername={spec.name}"
        layer = existing.get(_normalised_source(source))
        if layer is None:
            layer = QgsVectorLayer(source, spec.title(language), "ogr")
            if not layer.isValid():
                missing.append(spec.name)
                continue
            apply_style(layer, spec, language)
            project.addMapLayer(layer, False)
            group.insertLayer(0, layer)
        layers[spec.name] = layer
    return layers, list(reversed(missing))


def database_or_workspace_layers(path, base_schema=None, project=None, language="zh"):
    """Load a blueprint workspace or a standard planning database, its layers found by their
    standard names (:func:`core.control_lines.workspace.schema_for_layers`): ``(schema, layers,
    missing)`` as :func:`workspace_layers` gives them. A file that is no database is left to
    :func:`workspace_layers` to name (:class:`WorkspaceError`)."""
    from ..core.database.reading import DatabaseError, layer_names

    base_schema = base_schema or ws.load_schema()
    try:
        schema = ws.schema_for_layers(base_schema, layer_names(path))
    except DatabaseError:
        schema = base_schema
    layers, missing = workspace_layers(path, schema, project, language)
    return schema, layers, missing


_KEEPERS = {}  # workspace path -> sqlite3 connection held open while the workspace is in use


def _use_wal(path):
    """Put the GeoPackage in WAL mode and hold one connection open while it is in use.

    QGIS switches a GeoPackage to WAL when a layer starts editing and, on commit, closes that
    connection; SQLite then deletes the -wal/-shm files, and the read-only connections of the
    other layers of the same file fail with "unable to open database file" (they may not create
    -shm). One connection kept open for the workspace's lifetime keeps -shm alive. Read-only
    files are left alone (nobody edits them).
    """
    import sqlite3

    key = os.path.normcase(os.path.abspath(path))
    if key in _KEEPERS:
        return
    if not file_writable(path):
        return
    try:
        connection = sqlite3.connect(path, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        connection.execute("SELECT count(*) FROM gpkg_contents").fetchall()
    except sqlite3.Error:
        return  # not fatal: the layers still load; the user sees any error when editing
    _KEEPERS[key] = connection


def release_workspace(path):
    """Close the connection :func:`workspace_layers` holds for ``path`` (the dock closes it)."""
    connection = _KEEPERS.pop(os.path.normcase(os.path.abspath(path)), None)
    if connection is not None:
        connection.close()


def _normalised_source(source):
    path, _, rest = source.partition("|")
    return os.path.normcase(os.path.abspath(path)) + "|" + rest


def apply_style(layer, spec, language="zh", folder=None):
    """The standard symbology of a workspace layer (a ``<LAYER>.qml`` next to the schema wins)."""
    qml = os.path.join(folder or ws.SCHEMA_DIR, f"{spec.name}.qml")
    if os.path.exists(qml):
        layer.loadNamedStyle(qml)
        return
    style = spec.style
    if spec.kind == "zones" and spec.classes:
        categories = [QgsRendererCategory(zone.code, _fill(zone.fill, style), zone.zh if language == "zh" else zone.en)
                      for zone in spec.classes]
        layer.setRenderer(QgsCategorizedSymbolRenderer(spec.code_field, categories))
    elif spec.kind == "plan" and spec.code_field:
        layer.setRenderer(_plan_renderer(spec, style))
    else:
        layer.setRenderer(_single(style))
    layer.triggerRepaint()


def _fill(rgba, style):
    return fill_symbol(rgba, style.get("outline", [90, 90, 90]), style.get("width", 0.26), style.get("pen", "solid"))


def _single(style):
    from qgis.core import QgsSingleSymbolRenderer

    return QgsSingleSymbolRenderer(_fill(style.get("fill", [0, 0, 0, 0]), style))


def _plan_renderer(spec, style):
    return landuse_renderer(spec.code_field, ws.read_colours(spec), style.get("outline", [90, 90, 90]),
                            style.get("width", 0.26), style.get("pen", "solid"), tr("Other"))


def default_crs():
    """CGCS2000 / 3-degree Gauss-Krüger CM 117E (EPSG:4548): a common county working CRS."""
    return QgsCoordinateReferenceSystem("EPSG:4548")
