"""Vector layers onto an evaluation grid: burned values, zone ids and distance rasters.

双评价 factors are often vectors: admin units for the area tables, constraint polygons (red line,
water bodies) for the veto, roads and towns for 区位 (distance). They are burned onto the grid of
the evaluation with GDAL (``gdal.RasterizeLayer``, which works scanline by scanline), into tiled
GeoTIFFs that :func:`core.suitability.raster_blocks.run_blocks` then reads block by block like any factor.

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

from .raster_blocks import CREATION_OPTIONS, Grid, _gdal_errors, _GDAL_TYPES, metres_per_unit, remove_vsimem

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


def rasterise(geometries, grid, path, values=None, dtype="uint8", nodata=0, all_touched=False, background=None):
    """Burn shapely ``geometries`` (in the grid's CRS) into a new GeoTIFF on ``grid``.

    ``values``: one number per geometry (default 1); cells no geometry covers get ``nodata``, or
    ``background`` when given (a layer of levels: ground no polygon covers has the lowest level).
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
        if background is not None:
            target.GetRasterBand(1).Fill(background)
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
    to half a cell. A geographic grid has no map unit of length (a degree of longitude is shorter
    than one of latitude, by cos φ): the distance is measured on a local Transverse Mercator grid
    centred on the grid (scale error below 1e-5 over a county) with square cells as fine as the
    finer side of a cell, then brought back onto the grid bilinearly — within one cell of the
    geodesic distance at any latitude (tests at 20°, 30° and 45°N).
    """
    local = _local_grid(grid) if _is_geographic(grid) else None
    temporary = f"/vsimem/multiplan_burn_{uuid.uuid4().hex}.tif"
    # ComputeProximity writes scanline by scanline: into a tiled, compressed file that recompresses
    # every tile hundreds of times, so it writes an uncompressed striped file that is then copied
    striped = f"{path}.{uuid.uuid4().hex[:8]}.striped.tif"
    try:
        if local is not None:  # measured on the local grid, in metres, then warped onto this one
            from ..crs import reproject_geometries

            burned = distance_raster(reproject_geometries(np.asarray(geometries, dtype=object), grid.crs_wkt,
                                                          local.crs_wkt), local, temporary)
        else:
            burned = rasterise(geometries, grid, temporary, all_touched=True)
        with _gdal_errors():
            source = gdal.Open(temporary)
            target = _create(striped, grid, "float32", -9999.0, tiled=False)
            if burned.count and local is not None:
                gdal.Warp(target, source, resampleAlg="bilinear", srcNodata=-9999.0, dstNodata=-9999.0)
            elif burned.count:
                gdal.ComputeProximity(source.GetRasterBand(1), target.GetRasterBand(1),
                                      ["VALUES=1", "DISTUNITS=GEO", "NODATA=-9999"])
                scale = metres_per_unit(grid)  # a projected CRS in feet, say
                if scale != 1.0:
                    _scale_in_place(target, scale)
            else:
                target.GetRasterBand(1).Fill(-9999.0)
            target.FlushCache()
            del target, source
            options = [*CREATION_OPTIONS, "PREDICTOR=3"]
            if gdal.Translate(str(path), striped, creationOptions=options) is None:
                raise ValueError(f"cannot write {path}: {gdal.GetLastErrorMsg()}")
    finally:
        remove_vsimem(temporary)
        remove_vsimem(striped)
    return burned


def _is_geographic(grid):
    if not grid.crs_wkt:
        return False
    srs = osr.SpatialReference()
    srs.ImportFromWkt(grid.crs_wkt)
    return bool(srs.IsGeographic())


def _local_grid(grid):
    """A Transverse Mercator grid centred on a geographic ``grid``, on its ellipsoid, covering it
    with a 2-cell margin, its square cells as fine as the finer side of the grid's cells."""
    import pyproj

    from ..crs import reproject_geometries
    from .raster_blocks import metric_cell_size

    geographic = pyproj.CRS.from_wkt(grid.crs_wkt)
    xmin, _, xmax, _ = grid.bounds
    local = pyproj.CRS.from_proj4(f"+proj=tmerc +lon_0={(xmin + xmax) / 2:.9f} +lat_0=0 +k=1 +x_0=0 +y_0=0 "
                                  f"+a={geographic.ellipsoid.semi_major_metre} "
                                  f"+rf={geographic.ellipsoid.inverse_flattening} +units=m +no_defs")
    outline = shapely.segmentize(shapely.box(*grid.bounds), max(grid.cell_size) * max(grid.width, grid.height) / 32)
    lxmin, lymin, lxmax, lymax = shapely.total_bounds(reproject_geometries([outline], geographic, local))
    dx, dy = metric_cell_size(grid, np.array([[0], [grid.height - 1]]))
    cell = float(min(np.min(dx), np.min(dy)))
    margin = 2 * cell
    return grid_for_bounds((lxmin - margin, lymin - margin, lxmax + margin, lymax + margin), cell, local.to_wkt())


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
