"""The same hand-built layer stored in another format (shapefile, GeoJSON …), for tests that an
output names input features the same way whatever format the input was stored in."""
from pathlib import Path

DRIVERS = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".fgb": "FlatGeobuf"}


def copy_layer(layer, path):
    """``layer`` written to ``path`` (driver from the suffix); returns the source string of the copy."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

    path = Path(path)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = DRIVERS[path.suffix.lower()]
    options.fileEncoding = "UTF-8"
    if path.suffix.lower() == ".gpkg":
        options.layerName = path.stem
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    source = f"{path}|layername={path.stem}" if path.suffix.lower() == ".gpkg" else str(path)
    copy = QgsVectorLayer(source, path.stem, "ogr")
    assert copy.isValid() and copy.featureCount() == layer.featureCount()
    return source
