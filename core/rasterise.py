"""Vector layers onto an evaluation grid: burned values, zone ids and distance rasters.

双评价 factors are often vectors: admin units for the area tables, constraint polygons (red line,
water bodies) for the veto, roads and towns for 区位 (distance). They are burned onto the grid of
the evaluation with GDAL (``gdal.RasterizeLayer``, which works scanline by scanline), into tiled
GeoTIFFs that :func:`core.raster_blocks.run_blocks` then reads block by block like any factor.

A cell takes a polygon's value when its centre is inside the polygon (GDAL's default, the usual
rule for zonal statistics); ``all_touched`` burns every cell a geometry touches, which lines and
points need to leave a mark at all.
"""
import math
import uuid
from dataclasses import dataclass

import numpy as np
import shapely
from osgeo import gdal, ogr, osr

from .raster_blocks import CREATION_OPTIONS, Grid, _gdal_errors, _GDAL_TYPES, metres_per_unit

OGR_TYPES = {"uint8": ogr.OFTInteger, "uint16": ogr.OFTInteger, "int16": ogr.OFTInteger,
             "int32": ogr.OFTInteger, "uint32": ogr.OFTInteger64, "float32": ogr.OFTReal, "float64": ogr.OFTReal}


def grid_for_bounds(bounds, cell_size, crs_wkt):
    """A north-up grid of square cells covering ``bounds`` (xmin, ymin, xmax, ymax), its origin
    on a multiple of the cell size so grids of neighbouring runs line up."""
    if not cell_size or cell_size <= 0:
        raise ValueError(f"the cell size must be positive, not {cell_size}")
    xmin, ymin, xmax, ymax = bounds
    if not (math.isfinite(xmin) and xmax > xmin and ymax > ymin):
        raise ValueError(f"cannot make a grid over the empty extent {bounds}")
    x0, y0 = math.floor(xmin / cell_size) * cell_size, math.ceil(ymax / cell_size) * cell_size
    width, height = math.ceil((xmax - x0) / cell_size), math.ceil((y0 - ymin) / cell_size)
    if width * height > 2_000_000_000:
        raise ValueError(f"{width} × {height} cells of {cell_size:g}: choose a larger cell size")
    return Grid(width, height, (x0, cell_size, 0.0, y0, 0.0, -cell_size), crs_wkt)


@dataclass
class Burned:
    path: str
    count: int  # geometries burned


def rasterise(geometries, grid, path, values=None, dtype="uint8", nodata=0, all_touched=False):
    """Burn shapely ``geometries`` (in the grid's CRS) into a new GeoTIFF on ``grid``.

    ``values``: one number per geometry (default 1); cells no geometry covers get ``nodata``.
    Where geometries overlap, the later one wins. Missing or empty geometries are skipped.
    """
    geometries = np.asarray(geometries, dtype=object)
    values = np.ones(len(geometries)) if values is None else np.asarray(values, dtype=np.float64)
    if len(values) != len(geometries):
        raise ValueError(f"{len(values)} values for {len(geometries)} geometries")
    keep = ~shapely.is_missing(geometries)
    keep[keep] &= ~shapely.is_empty(geometries[keep])
    with _gdal_errors():
        target = _create(path, grid, dtype, nodata)
        source, layer = _memory_layer(geometries[keep], values[keep], grid, dtype)
        options = ["ATTRIBUTE=value"] + (["ALL_TOUCHED=TRUE"] if all_touched else [])
        if gdal.RasterizeLayer(target, [1], layer, options=options) != 0:
            raise ValueError(f"cannot rasterise into {path}: {gdal.GetLastErrorMsg()}")
        target.FlushCache()
    del layer, source, target
    return Burned(str(path), int(keep.sum()))


def distance_raster(geometries, grid, path):
    """Distance in metres from every cell centre to the nearest cell touched by ``geometries``
    (float32; 0 on them; nodata −9999 where there is nothing to measure from).

    ``gdal.ComputeProximity`` measures between cell centres in map units, so the result is exact
    to half a cell. On a geographic grid degrees are turned into metres with the length of a
    degree at the grid's middle latitude, which is within 1 % over a county (the log says so).
    """
    temporary = f"/vsimem/multiplan_burn_{uuid.uuid4().hex}.tif"
    # ComputeProximity writes scanline by scanline: into a tiled, compressed file that recompresses
    # every tile hundreds of times, so it writes an uncompressed striped file that is then copied
    striped = f"{path}.{uuid.uuid4().hex[:8]}.striped.tif"
    try:
        burned = rasterise(geometries, grid, temporary, all_touched=True)
        with _gdal_errors():
            source = gdal.Open(temporary)
            target = _create(striped, grid, "float32", -9999.0, tiled=False)
            if burned.count:
                gdal.ComputeProximity(source.GetRasterBand(1), target.GetRasterBand(1),
                                      ["VALUES=1", "DISTUNITS=GEO", "NODATA=-9999"])
            else:
                target.GetRasterBand(1).Fill(-9999.0)
            scale = metres_per_unit(grid)
            if scale != 1.0 and burned.count:
                _scale_in_place(target, scale)
            target.FlushCache()
            del target, source
            options = [*CREATION_OPTIONS, "PREDICTOR=3"]
            if gdal.Translate(str(path), striped, creationOptions=options) is None:
                raise ValueError(f"cannot write {path}: {gdal.GetLastErrorMsg()}")
    finally:
        gdal.Unlink(temporary)
        gdal.Unlink(striped)
    return burned


def _scale_in_place(dataset, scale):
    band = dataset.GetRasterBand(1)
    step = 256
    for y in range(0, dataset.RasterYSize, step):
        rows = min(step, dataset.RasterYSize - y)
        data = band.ReadAsArray(0, y, dataset.RasterXSize, rows)
        band.WriteArray(np.where(data == -9999.0, data, data * scale).astype(np.float32), 0, y)
    dataset.FlushCache()


def _create(path, grid, dtype, nodata, tiled=True):
    if dtype not in _GDAL_TYPES:
        raise ValueError(f"unsupported raster type {dtype}")
    options = ([*CREATION_OPTIONS, "PREDICTOR=3" if np.dtype(dtype).kind == "f" else "PREDICTOR=2"] if tiled
               else ["BIGTIFF=IF_SAFER"])
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), grid.width, grid.height, 1, _GDAL_TYPES[dtype], options)
    if dataset is None:
        raise ValueError(f"cannot create {path}: {gdal.GetLastErrorMsg()}")
    dataset.SetGeoTransform(grid.transform)
    if grid.crs_wkt:
        dataset.SetProjection(grid.crs_wkt)
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    band.Fill(nodata)
    return dataset


def _memory_layer(geometries, values, grid, dtype):
    source = ogr.GetDriverByName("Memory").CreateDataSource("burn")
    srs = None
    if grid.crs_wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(grid.crs_wkt)
    layer = source.CreateLayer("burn", srs, ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn("value", OGR_TYPES[dtype]))
    definition = layer.GetLayerDefn()
    integer = np.dtype(dtype).kind in "iu"
    for wkb, value in zip(shapely.to_wkb(geometries), values):
        feature = ogr.Feature(definition)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
        feature.SetField("value", int(value) if integer else float(value))
        layer.CreateFeature(feature)
    return source, layer
