"""GeoTIFFs for tests: write an array with a geotransform and CRS, read one back with NaN."""
import numpy as np
from osgeo import gdal, osr

NAN = np.nan


def write_raster(path, array, transform, epsg=4527, nodata=None, tile=256):
    """A GeoTIFF of ``array`` (tiled ``tile`` × ``tile``; tile=None: striped), returns its path."""
    types = {np.dtype("float32"): gdal.GDT_Float32, np.dtype("float64"): gdal.GDT_Float64,
             np.dtype("uint8"): gdal.GDT_Byte, np.dtype("int32"): gdal.GDT_Int32}
    options = ["COMPRESS=DEFLATE"] + (["TILED=YES", f"BLOCKXSIZE={tile}", f"BLOCKYSIZE={tile}"] if tile else [])
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1,
                                                   types[array.dtype], options)
    dataset.SetGeoTransform(transform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    dataset = None
    return str(path)


def read_raster(path):
    """The whole band as float64 with NaN for nodata (for checks only)."""
    dataset = gdal.Open(str(path))  # keep it: a band outlives its dataset only as a crash
    band = dataset.GetRasterBand(1)
    data = band.ReadAsArray().astype(np.float64)
    if band.GetNoDataValue() is not None:
        data[data == band.GetNoDataValue()] = NAN
    return data


# A reference grid in CGCS2000 / 3-degree GK zone 39 (EPSG:4527, metres) for the raster tests.
X0, Y0 = 39_500_000.0, 3_500_000.0  # top-left corner
CELL = 10.0


def reference_transform(cell=CELL, x0=X0, y0=Y0):
    return (x0, cell, 0.0, y0, 0.0, -cell)


def smooth_field(shape, seed, low, high):
    """A deterministic smooth field between ``low`` and ``high`` (float32): sums of sinusoids."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float64)
    field = sum(np.sin(rows / rng.uniform(40, 200) + rng.uniform(0, 6)) * np.cos(cols / rng.uniform(40, 200))
                for _ in range(3))
    field = (field - field.min()) / (field.max() - field.min())
    return (low + field * (high - low)).astype(np.float32)
