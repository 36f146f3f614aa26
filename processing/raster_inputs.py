"""Raster and vector inputs of the 双评价 algorithms, brought onto one evaluation grid.

Raster layers are read by GDAL from their files (block by block, :mod:`core.suitability.raster_blocks`);
vector layers are read with :func:`layer_io.read_map_layer` (encoding, CRS) and burned onto the
grid (:mod:`core.suitability.rasterise`) into the run's temporary folder.
"""
import os
import uuid

import pyproj
import shapely
from qgis.core import QgsProcessingException, QgsProcessingUtils, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from ..core.crs import is_undefined_crs
from ..core.suitability.raster_blocks import Grid, open_raster
from ..core.suitability.rasterise import distance_raster, grid_for_bounds, rasterise
from .layer_io import code_text, crs_for_core, display_name, read_map_layer


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


def raster_path(layer):
    """The file GDAL reads for a raster layer (a clear error for WMS, WCS and the like)."""
    if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
        raise QgsProcessingException(tr("“{}” is not a raster file that GDAL can read block by block; save it as "
                                        "GeoTIFF first.").format(display_name(layer)))
    if not layer.crs().isValid():
        raise QgsProcessingException(tr("Raster “{}” has no coordinate reference system. Assign one (e.g. with "
                                        "“Assign projection”), then run again.").format(display_name(layer)))
    # An undefined CRS (LOCAL_CS) or coordinates that cannot lie in the CRS are refused like vectors'.
    crs_for_core(layer.crs(), display_name(layer), layer.extent())
    return layer.source()


def source_name(layer):
    """The file a layer reads, as reports name it: its name only (``坡度.tif``, ``县.gpkg|XZQ``),
    never the folder it lies in on this computer."""
    from ..core.wording import file_name

    source = layer.source()
    path, _, options = source.partition("|")
    name = file_name(path)
    layer_name = dict(part.split("=", 1) for part in options.split("|") if "=" in part).get("layername")
    return f"{name}|{layer_name}" if layer_name else name


def grid_of(path):
    try:
        return Grid.of(open_raster(path))
    except ValueError as error:
        raise QgsProcessingException(str(error)) from None


def grid_crs(grid):
    """The grid's CRS as :mod:`layer_io` and core take it (EPSG:n when it has a code)."""
    if not grid.crs_wkt or is_undefined_crs(grid.crs_wkt):
        raise QgsProcessingException(tr("The evaluation grid's raster file has no coordinate reference system "
                                        "(or an undefined one). Assign one with “Assign projection”, save the "
                                        "raster as GeoTIFF, then run again."))
    crs = pyproj.CRS.from_wkt(grid.crs_wkt)
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else grid.crs_wkt


def temporary_tif(stem):
    return os.path.join(QgsProcessingUtils.tempFolder(), f"{stem}_{uuid.uuid4().hex[:8]}.tif")


def vector_grid(layers, cell_size, context, feedback, working_crs):
    """A grid of ``cell_size`` over the union of the layers' features, in ``working_crs``."""
    bounds = []
    for layer in layers:
        data = read_map_layer(layer, context, feedback, working_crs)
        present = data.geometries[~shapely.is_missing(data.geometries)]
        if len(present):
            bounds.append(shapely.total_bounds(present))
    if not bounds:
        raise QgsProcessingException(tr("The vector layers have no features, so there is no area to evaluate."))
    xmin = min(b[0] for b in bounds)
    ymin = min(b[1] for b in bounds)
    xmax = max(b[2] for b in bounds)
    ymax = max(b[3] for b in bounds)
    return grid_for_bounds((xmin, ymin, xmax, ymax), cell_size, pyproj.CRS.from_user_input(working_crs).to_wkt())


def polygon_grid(layers, cell_size, context, feedback):
    """The evaluation grid when every input is a vector layer: ``cell_size`` (m) over their
    features in their working CRS, logged; a clear error without a cell size."""
    from .layer_io import working_crs_for

    if cell_size <= 0:
        raise QgsProcessingException(tr("Every input is a vector layer: give the cell size of the evaluation grid "
                                        "(e.g. 30 m)."))
    grid = vector_grid(layers, cell_size, context, feedback, working_crs_for(layers, feedback))
    feedback.pushInfo(tr("Evaluation grid: {} × {} cells of {:g} m.").format(grid.width, grid.height, cell_size))
    return grid


def burn_layer(layer, grid, context, feedback, stem, how="mask", field="", background=None):
    """A vector layer on the grid as a temporary GeoTIFF; ``how``: ``mask`` (1 inside, for
    constraints), ``distance`` (metres to the nearest feature) or ``field`` (a numeric attribute;
    cells outside every feature get ``background`` when given, else nodata).
    Returns the path and the layer data read."""
    if not isinstance(layer, QgsVectorLayer):
        raise QgsProcessingException(tr("“{}” is not a vector layer.").format(display_name(layer)))
    data = read_map_layer(layer, context, feedback, grid_crs(grid))
    path = temporary_tif(stem)
    try:
        if how == "distance":
            burned = distance_raster(data.geometries, grid, path)
        elif how == "field":
            values = [_number(value, data.name, field) for value in data.values(field)]
            burned = rasterise(data.geometries, grid, path, values=values, dtype="float32", nodata=-9999.0,
                               background=background)
        else:
            line_or_point = layer.geometryType() != 2  # QgsWkbTypes.PolygonGeometry
            burned = rasterise(data.geometries, grid, path, all_touched=line_or_point)
    except ValueError as error:
        raise QgsProcessingException(tr("Cannot rasterise “{}”: {}").format(data.name, error)) from None
    if not burned.count:
        feedback.pushWarning(tr("“{}” has no features with a geometry on the evaluation grid.").format(data.name))
    return path, data


def burn_zones(layer, code_field, name_field, grid, context, feedback):
    """Admin units as ids 1..n on the grid, and {id: (code, name)} for the area tables."""
    data = read_map_layer(layer, context, feedback, grid_crs(grid))
    codes = data.values(code_field) if code_field else [None] * len(data)
    names = data.values(name_field) if name_field else [None] * len(data)
    zones = {k: (code_text(code) or str(k), code_text(name) or code_text(code) or str(k))
             for k, (code, name) in enumerate(zip(codes, names), 1)}
    path = temporary_tif("zones")
    try:
        rasterise(data.geometries, grid, path, values=list(zones), dtype="int32", nodata=0)
    except ValueError as error:
        raise QgsProcessingException(tr("Cannot rasterise the admin units: {}").format(error)) from None
    return path, zones


def _number(value, layer_name, field):
    if value is None:
        return -9999.0  # nodata: the cell is not scored
    try:
        return float(value)
    except (TypeError, ValueError):
        raise QgsProcessingException(tr("Field “{}” of “{}” holds “{}”, not a number.").format(
            field, layer_name, value)) from None
