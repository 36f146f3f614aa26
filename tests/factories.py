"""Hand-built geometries with exactly known areas, and layers made from them.

Coordinates are in CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527) unless stated:
eastings carry the zone prefix (39 500 000 m is the central meridian, 117°E).
"""
import numpy as np
import pyproj
import shapely

CENTRAL_MERIDIAN_EASTING = 39_500_000.0
NORTHING = 3_500_000.0  # about 31.6°N


def square(side, x0=CENTRAL_MERIDIAN_EASTING, y0=NORTHING):
    """An axis-aligned square; planimetric area = side²."""
    return shapely.box(x0, y0, x0 + side, y0 + side)


def square_with_hole(side, hole_side, x0=CENTRAL_MERIDIAN_EASTING, y0=NORTHING):
    """A square with a centred square hole; planimetric area = side² − hole_side²."""
    inset = (side - hole_side) / 2.0
    return square(side, x0, y0).difference(square(hole_side, x0 + inset, y0 + inset))


def bowtie(side, x0=CENTRAL_MERIDIAN_EASTING, y0=NORTHING):
    """A self-intersecting polygon; after make_valid it is two triangles of side²/4 each."""
    return shapely.Polygon([(x0, y0), (x0 + side, y0 + side), (x0 + side, y0), (x0, y0 + side)])


def densify_edges(polygon, spacing):
    """``polygon`` with vertices at most ``spacing`` apart along each ring, nothing else changed.

    Not ``shapely.segmentize(polygon)``: for polygons GEOS "repairs" the densified result with a
    zero buffer, and GEOS 3.13 (Debian 13) collapsed a valid 35 m² sliver of the sample county's
    blueprint to 1.5e-8 m² that way (GEOS 3.11 left it alone)."""
    rings = [shapely.segmentize(polygon.exterior, spacing)] + [shapely.segmentize(r, spacing) for r in polygon.interiors]
    return shapely.Polygon(rings[0], rings[1:])


def reproject(geometry, source_crs, target_crs):
    """Independent of core: pyproj directly, so tests do not check core with core."""
    transformer = pyproj.Transformer.from_crs(source_crs, target_crs, always_xy=True)

    def transform(xy):  # pairs of points: pyproj 3.7 + numpy 2 warn for an array of one
        doubled = np.repeat(xy, 2, axis=0)
        return np.column_stack(transformer.transform(doubled[:, 0], doubled[:, 1]))[::2]

    return shapely.transform(geometry, transform)


def geodesic_area(geometries, crs):
    """Sum of the geodesic areas (m², GRS80 = the CGCS2000 ellipsoid) of projected ``geometries``,
    computed without core."""
    geod = pyproj.Geod(ellps="GRS80")
    return sum(abs(geod.geometry_area_perimeter(reproject(geometry, crs, "EPSG:4490"))[0]) for geometry in geometries)


def make_layer(geometries, crs="EPSG:4527", attributes=None, fields=None, path=None, name="test"):
    """A polygon layer (memory, or GeoPackage at ``path``) from shapely geometries.

    ``fields`` maps field names to Python types (str, int, float); ``attributes`` is a list of
    dicts, one per geometry. ``crs=None`` makes a layer without CRS.
    """
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsFeature, QgsFields,
                           QgsGeometry, QgsVectorFileWriter, QgsVectorLayer)

    from multiplan.compat import DOUBLE, LONG_LONG, STRING, make_field

    qtypes = {str: STRING, int: LONG_LONG, float: DOUBLE}
    fields = fields or {}
    attributes = attributes or [{} for _ in geometries]
    uri = "MultiPolygon" + (f"?crs={crs}" if crs else "")
    layer = QgsVectorLayer(uri, name, "memory")
    if crs is None:
        layer.setCrs(QgsCoordinateReferenceSystem())  # memory layers default to EPSG:4326
    qfields = QgsFields()
    for field_name, python_type in fields.items():
        qfields.append(make_field(field_name, qtypes[python_type]))
    layer.dataProvider().addAttributes(qfields.toList())
    layer.updateFields()
    features = []
    for geometry, values in zip(geometries, attributes):
        feature = QgsFeature(layer.fields())
        if geometry is not None:
            qgs_geometry = QgsGeometry.fromWkt(geometry.wkt)
            qgs_geometry.convertToMultiType()  # the memory provider rejects Polygon in a MultiPolygon layer
            feature.setGeometry(qgs_geometry)
        feature.setAttributes([values.get(field_name) for field_name in fields])
        features.append(feature)
    added, _ = layer.dataProvider().addFeatures(features)
    assert added and layer.featureCount() == len(features), "hand-built features were rejected"
    if path is None:
        return layer
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", name
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    written = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert written.isValid()
    return written


def write_ogr_layer(path, name, wkts, fields=None, rows=None, epsg=4527):
    """A GeoPackage layer of any geometry type written with OGR (no QGIS): ``wkts`` one WKT per
    feature, ``fields`` text field names, ``rows`` one {field: value} per feature. Returns
    ``"path|layername=name"``, the source Processing takes."""
    from osgeo import ogr, osr

    kinds = {"POINT": ogr.wkbPoint, "LINESTRING": ogr.wkbLineString, "POLYGON": ogr.wkbPolygon}
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    layer = source.CreateLayer(name, srs, kinds[wkts[0].split("(")[0].strip().upper()])
    for field in fields or ():
        layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for wkt, row in zip(wkts, rows or [{}] * len(wkts)):
        feature = ogr.Feature(layer.GetLayerDefn())
        for field, value in row.items():
            feature.SetField(field, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    feature = layer = source = None  # noqa: F841 (the layer before its dataset; closing writes the file)
    return f"{path}|layername={name}"


def write_shapefile(folder, encoding, names, keep_cpg):
    """A shapefile whose DBF text is in ``encoding``; optionally without .cpg and LDID (as exported by
    many Chinese desktop tools)."""
    from osgeo import gdal, ogr, osr

    path = folder / "地类图斑.shp"
    # QGIS sets SHAPE_ENCODING="" (no recoding) in its process; OGR must recode for this file.
    saved_option = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    data_source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = data_source.CreateLayer("地类图斑", srs, ogr.wkbPolygon, options=[f"ENCODING={encoding}"])
    field = ogr.FieldDefn("DLMC", ogr.OFTString)
    field.SetWidth(60)
    layer.CreateField(field)
    for name in names:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("DLMC", name)
        feature.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((39500000 3500000,39500010 3500000,39500010 3500010,39500000 3500010,39500000 3500000))"))
        layer.CreateFeature(feature)
    data_source = None
    gdal.SetConfigOption("SHAPE_ENCODING", saved_option)
    if not keep_cpg:
        path.with_suffix(".cpg").unlink()
        with open(path.with_suffix(".dbf"), "r+b") as handle:
            handle.seek(29)
            handle.write(b"\x00")
    return path


# -- planning databases (GeoPackage, FileGDB, folder of shapefiles), written with OGR ---------------

DATABASE_FORMATS = ("gpkg", "gdb", "shapefiles")
_OGR_TYPES = {"Char": "OFTString", "Int": "OFTInteger", "Double": "OFTReal", "Float": "OFTReal", "Date": "OFTDate"}


def write_database(path, kind, layers):
    """A database at ``path`` of ``kind`` (:data:`DATABASE_FORMATS`). ``layers``: dicts with
    ``name``, ``epsg``, ``fields`` [(name, type as in the schema (Char/Int/Double/Date), width,
    precision)] and ``rows`` [(shapely geometry, {field: value})]. Returns ``path``."""
    from pathlib import Path

    from osgeo import ogr, osr

    ogr.UseExceptions()
    path = Path(path)
    driver_name = {"gpkg": "GPKG", "gdb": "OpenFileGDB", "shapefiles": "ESRI Shapefile"}[kind]
    driver = ogr.GetDriverByName(driver_name)
    if kind == "shapefiles":
        path.mkdir(parents=True, exist_ok=True)
    else:
        dataset = driver.CreateDataSource(str(path))
    for spec in layers:
        if kind == "shapefiles":
            dataset = driver.CreateDataSource(str(path / f"{spec['name']}.shp"))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(spec["epsg"])
        options = ["ENCODING=UTF-8"] if kind == "shapefiles" else []
        layer = dataset.CreateLayer(spec["name"], srs, ogr.wkbMultiPolygon, options=options)
        for name, kind_name, width, precision in spec["fields"]:
            definition = ogr.FieldDefn(name, getattr(ogr, _OGR_TYPES[kind_name]))
            if width:
                definition.SetWidth(width)
            if precision:
                definition.SetPrecision(precision)
            layer.CreateField(definition)
        for geometry, values in spec["rows"]:
            feature = ogr.Feature(layer.GetLayerDefn())
            for name, value in values.items():
                if value is not None:
                    feature.SetField(name, value)
            if geometry is not None:
                feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(shapely.multipolygons([geometry])
                                                                              if geometry.geom_type == "Polygon"
                                                                              else geometry)))
            layer.CreateFeature(feature)
        layer = None
        if kind == "shapefiles":
            dataset = None
    dataset = None
    return path


def close_dock(widget):
    """Unload a dock, drop the edits left open on any layer and clear the project (dock tests)."""
    from qgis.core import QgsProject

    widget.unload()
    for layer in QgsProject.instance().mapLayers().values():
        if layer.isEditable():
            layer.rollBack()
    QgsProject.instance().clear()
