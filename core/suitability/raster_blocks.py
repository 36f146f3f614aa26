"""Block-by-block raster processing with GDAL: 双评价 factor rasters larger than memory.

A county at 5 m cells is 10⁸ cells per factor, 400 MB as float32; a dozen factors plus numpy's
temporaries do not fit in a technician's 8 GB laptop. :func:`run_blocks` therefore never holds a
whole raster: it reads every input one window at a time (a multiple of the reference raster's own
block, 1024 × 1024 cells by default, so GDAL reads each compressed tile once), hands the arrays
to a function of plain numpy (:mod:`core.suitability.mce`) and writes the results window by window into
tiled, DEFLATE-compressed GeoTIFFs. Peak memory is about (inputs + outputs + temporaries) ×
cells per window × 4-8 bytes, whatever the raster size: decoded input tiles are dropped from
GDAL's block cache after each window and output tiles written after each row of windows,
instead of letting the cache grow to GDAL_CACHEMAX (5 % of RAM).

Factor rasters rarely share one grid (a 30 m DEM, a 25 m land-use raster, a soil map in another
CRS). Every input whose grid differs from the reference (CRS, cell size, origin, size) is read
through a warped VRT in ``/vsimem/``: ``gdal.Warp`` to format VRT only writes a small XML
description, and the resampling happens on the fly for the window being read. Each such input
gets a log line saying what differed and how it was aligned, for the algorithm's log.

Values come out as float32 (or float64) arrays with NaN for nodata (the band's nodata value or
mask band), the convention of :mod:`core.suitability.mce`; outputs turn NaN back into their nodata value.

Terrain factors need neighbours: :func:`run_blocks` can read each window with a ``halo`` of
extra cells around it (NaN beyond the raster's edge), which the slope and relief of
:mod:`core.suitability.terrain` use, so results do not depend on the block size. Cell sizes in metres come from :func:`metric_cell_size`: on a geographic grid (CGCS2000,
EPSG:4490) a cell's width shrinks with the latitude of its row, computed on the CRS's ellipsoid.
"""
import math
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, osr

from ..crs import CGCS2000_ELLIPSOID
from ..geometry import worker_count
from ..progress import report
from ..report import Text
from ..wording import input_name
from .mce import JENKS_SAMPLE_SIZE, ValueSample

DEFAULT_BLOCK_SIZE = 1024
OUTPUT_TILE = 256
MIN_WINDOW_SIDE = 256  # windows on striped rasters (1-row blocks) are at least this many rows
GRID_TOLERANCE = 1e-6  # of a cell: geotransforms closer than this are the same grid

_GDAL_TYPES = {"uint8": gdal.GDT_Byte, "uint16": gdal.GDT_UInt16, "int16": gdal.GDT_Int16,
               "uint32": gdal.GDT_UInt32, "int32": gdal.GDT_Int32, "float32": gdal.GDT_Float32,
               "float64": gdal.GDT_Float64}
_READ_TYPES = {"float32": gdal.GDT_Float32, "float64": gdal.GDT_Float64}


@dataclass
class RasterInput:
    """One band of a raster to read; ``resampling`` is used only if it must be aligned."""

    path: str
    band: int = 1
    resampling: str = "near"  # gdal.Warp names: near (classes, scores), bilinear (continuous) ...
    dtype: str = "float32"  # or float64: exact for integer ids above 2²⁴ and for DEMs


@dataclass
class RasterOutput:
    """A single-band GeoTIFF to write; ``nodata`` defaults to 0 for uint8 (grades), else -9999."""

    path: str
    dtype: str = "float32"
    nodata: float = None


@dataclass
class BlockRun:
    grid: "Grid"
    log: list  # one line per aligned input
    windows: int
    outputs: dict = field(default_factory=dict)  # name: path written


# --------------------------------------------------------------------------- grids

@dataclass(frozen=True)
class Grid:
    """Size, geotransform and CRS (WKT, '' = none) of a north-up raster."""

    width: int
    height: int
    transform: tuple
    crs_wkt: str

    @classmethod
    def of(cls, dataset, name="raster"):
        transform = tuple(dataset.GetGeoTransform())
        if transform[2] or transform[4]:
            raise ValueError(f"{name} is rotated (geotransform {transform}); warp it north-up first")
        return cls(dataset.RasterXSize, dataset.RasterYSize, transform, dataset.GetProjection() or "")

    @property
    def cell_size(self):
        return abs(self.transform[1]), abs(self.transform[5])

    @property
    def bounds(self):
        x0, dx, _, y0, _, dy = self.transform
        xs, ys = (x0, x0 + dx * self.width), (y0, y0 + dy * self.height)
        return min(xs), min(ys), max(xs), max(ys)

    def srs(self):
        if not self.crs_wkt:
            return None
        srs = osr.SpatialReference()
        srs.ImportFromWkt(self.crs_wkt)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        return srs

    def crs_name(self):
        srs = self.srs()
        if srs is None:
            return "no CRS"
        code = srs.GetAuthorityCode(None)
        return f"{srs.GetAuthorityName(None)}:{code}" if code else srs.GetName()

    def differences(self, other):
        """What differs from ``other`` (empty when the grids are the same), as :class:`Text` for log lines."""
        reasons = []
        mine, theirs = self.srs(), other.srs()
        if (mine is None) != (theirs is None) or (mine is not None and not mine.IsSame(theirs)):
            names = (self.crs_name(), other.crs_name())
            reasons.append(Text("坐标系 {} ≠ {}".format(*("无坐标系" if n == "no CRS" else n for n in names)),
                                "CRS {} ≠ {}".format(*names)))
        size, other_size = self.cell_size, other.cell_size
        if not np.allclose(size, other_size, rtol=GRID_TOLERANCE, atol=0):
            cells = f"{size[0]:g} × {size[1]:g} ≠ {other_size[0]:g} × {other_size[1]:g}"
            reasons.append(Text(f"像元 {cells}", f"cell {cells}"))
        tolerance = GRID_TOLERANCE * min(other_size)
        shift = (self.transform[0] - other.transform[0], self.transform[3] - other.transform[3])
        if max(abs(shift[0]), abs(shift[1])) > tolerance:
            reasons.append(Text(f"原点偏移 ({shift[0]:g}, {shift[1]:g})", f"origin shifted by ({shift[0]:g}, {shift[1]:g})"))
        if (self.width, self.height) != (other.width, other.height):
            counts = f"{self.width} × {self.height}", f"{other.width} × {other.height}"
            reasons.append(Text("{} 个像元 ≠ {}".format(*counts), "{} cells ≠ {}".format(*counts)))
        return reasons


@dataclass(frozen=True)
class Window:
    """A block of the reference grid: columns xoff..xoff+xsize, rows yoff..yoff+ysize."""

    xoff: int
    yoff: int
    xsize: int
    ysize: int
    grid: Grid

    @property
    def shape(self):
        return self.ysize, self.xsize

    def rows(self, halo=0):
        """Row numbers of the window (with ``halo`` rows either side) as a (rows, 1) column."""
        return np.arange(self.yoff - halo, self.yoff + self.ysize + halo)[:, None]

    def cell_size_m(self):
        """(dx, dy) in metres: numbers on a projected grid, (rows, 1) arrays on a geographic one."""
        return metric_cell_size(self.grid, self.rows())

    def cell_area_m2(self):
        """Ellipsoidal m² per cell: a number on a projected grid (the window's mean), a (rows, 1)
        array on a geographic one (exact per row)."""
        return cell_areas(self.grid, self.rows(), (self.xoff, self.xsize))


def block_windows(grid, natural_block, block_size=DEFAULT_BLOCK_SIZE):
    """Windows covering the grid, about ``block_size``² cells each.

    Window sides are multiples of the raster's natural block (its tiles, or its strips), so no
    compressed block is decoded twice. Striped rasters (blocks of whole rows) get windows of
    whole rows, at least MIN_WINDOW_SIDE of them, as few as keep about block_size² cells.
    """
    if block_size < 1:
        raise ValueError(f"block size must be positive, not {block_size}")
    nx, ny = (max(1, int(n)) for n in natural_block)
    if ny < MIN_WINDOW_SIDE:
        ny *= math.ceil(MIN_WINDOW_SIDE / ny)
    width = min(grid.width, nx * max(1, round(block_size / nx)))
    height = min(grid.height, ny * max(1, round(block_size * block_size / width / ny)))
    return [Window(x, y, min(width, grid.width - x), min(height, grid.height - y), grid)
            for y in range(0, grid.height, height) for x in range(0, grid.width, width)]


# --------------------------------------------------------------------------- opening and aligning

#: GDAL's resampling methods as Chinese reports name them.
RESAMPLING_ZH = {"near": "最邻近法", "bilinear": "双线性法", "cubic": "三次卷积法", "average": "平均值法", "mode": "众数法"}


@contextmanager
def _gdal_errors():
    """GDAL calls that report failure by returning None, turned into exceptions with GDAL's
    message (and quiet: no double printing to stderr). Works whether or not the host (QGIS)
    called gdal.UseExceptions()."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    gdal.ErrorReset()
    try:
        yield
    except RuntimeError as error:
        raise ValueError(str(error)) from None
    finally:
        gdal.PopErrorHandler()


def remove_vsimem(path):
    """Delete an in-memory (``/vsimem/``) file, which may not exist (a run that failed before writing
    it), quietly and whether or not GDAL exceptions are on: a clean-up never hides the error that
    brought the run there (QGIS 3.40's Processing turns exceptions on; Unlink then raises)."""
    try:
        with _gdal_errors():
            gdal.Unlink(str(path))
    except ValueError:
        pass


def open_or_none(path, update=False):
    """The raster at ``path``, or None when GDAL cannot open it, quietly, whether or not the host
    turned GDAL exceptions on (QGIS 3.40's Processing does, 3.22's does not)."""
    try:
        with _gdal_errors():
            return gdal.Open(str(path), gdal.GA_Update if update else gdal.GA_ReadOnly)
    except ValueError:
        return None


def open_raster(path, name=None):
    """The raster at ``path``; ValueError "cannot open … as a raster: <GDAL's reason>" otherwise,
    whether or not GDAL exceptions are on."""
    try:
        with _gdal_errors():
            dataset = gdal.Open(str(path))
            reason = gdal.GetLastErrorMsg()
    except ValueError as error:
        dataset, reason = None, str(error)
    if dataset is None:
        raise ValueError(f"cannot open {name or path} as a raster: {reason or 'unknown format'}")
    return dataset


def _as_input(spec):
    return spec if isinstance(spec, RasterInput) else RasterInput(str(spec))


class AlignedInputs:
    """Opened inputs, those off the reference grid through warped /vsimem VRTs; a context manager
    (closing it frees the VRTs). ``log`` holds a line per aligned input."""

    def __init__(self, inputs, reference=None):
        if not inputs:
            raise ValueError("no input rasters")
        self.specs = {name: _as_input(spec) for name, spec in inputs.items()}
        for name, spec in self.specs.items():
            if spec.dtype not in _READ_TYPES:
                raise ValueError(f"{name}: read as float32 or float64, not {spec.dtype}")
        reference = reference or next(iter(self.specs))
        if not isinstance(reference, Grid) and reference not in self.specs:
            raise ValueError(f"reference {reference!r} is not one of the inputs {list(self.specs)}")
        self.datasets, self.log, self._vsimem = {}, [], []
        try:
            if isinstance(reference, Grid):  # a grid of the user's choosing: every input aligned to it
                self.reference, self.grid = "the evaluation", reference
                self.natural_block = (OUTPUT_TILE, OUTPUT_TILE)
            else:
                ref = self._open(reference)
                self.reference, self.grid = reference, Grid.of(ref, reference)
                self.natural_block = ref.GetRasterBand(self.specs[reference].band).GetBlockSize()
                self.datasets[reference] = ref
            for name in self.specs:
                if name != reference:
                    self.datasets[name] = self._aligned(name)
        except BaseException:
            self.close()
            raise

    def _open(self, name):
        spec = self.specs[name]
        dataset = open_raster(spec.path, name)
        if not 1 <= spec.band <= dataset.RasterCount:
            raise ValueError(f"{name}: {spec.path} has {dataset.RasterCount} band(s), no band {spec.band}")
        return dataset

    def _aligned(self, name):
        dataset = self._open(name)
        spec = self.specs[name]
        grid = Grid.of(dataset, name)
        reasons = grid.differences(self.grid)
        if not reasons:
            return dataset
        if bool(grid.crs_wkt) != bool(self.grid.crs_wkt):
            if not grid.crs_wkt and not replace(grid, crs_wkt=self.grid.crs_wkt).differences(self.grid):
                reference = input_name(self.reference)
                self.log.append(Text(f"{input_name(name)}：没有坐标系，其格网与{reference}一致，按{reference}的坐标系处理",
                                     f"{name}: has no CRS; its grid matches {self.reference}'s, so that CRS is assumed"))
                return dataset
            missing = name if not grid.crs_wkt else self.reference
            raise ValueError(f"{missing} has no CRS, so {name} cannot be aligned to {self.reference}: assign it one")
        band = dataset.GetRasterBand(spec.band)
        nodata = band.GetNoDataValue()
        options = {}
        if nodata is None:  # cells outside the source must still come out as nodata
            options["outputType"] = gdal.GDT_Float64 if band.DataType == gdal.GDT_Float64 else gdal.GDT_Float32
            options["dstNodata"] = float("nan")
        else:
            options.update(srcNodata=nodata, dstNodata=nodata)
        with _gdal_errors():
            if dataset.RasterCount > 1:  # warp only the band used (GDAL 3.6's Warp has no band list)
                dataset = gdal.Translate(self._temporary(), dataset, format="VRT", bandList=[spec.band])
            warped = gdal.Warp(self._temporary(), dataset, format="VRT", dstSRS=self.grid.crs_wkt or None,
                               outputBounds=self.grid.bounds, width=self.grid.width, height=self.grid.height,
                               resampleAlg=spec.resampling, **options)
            if warped is None:
                raise ValueError(f"cannot align {name} to {self.reference}'s grid: {gdal.GetLastErrorMsg()}")
        self.specs[name] = RasterInput(self._vsimem[-1], 1, spec.resampling, spec.dtype)
        cx, cy = self.grid.cell_size
        crs_name = self.grid.crs_name()
        self.log.append(Text(
            f"{input_name(name)}：{'；'.join(r.zh for r in reasons)}；已按{RESAMPLING_ZH.get(spec.resampling, spec.resampling)}"
            f"实时对齐到{input_name(self.reference)}的格网（{self.grid.width} × {self.grid.height} 个像元，像元 "
            f"{cx:g} × {cy:g}，{'无坐标系' if crs_name == 'no CRS' else crs_name}）",
            f"{name}: {'; '.join(r.en for r in reasons)}: aligned on the fly to {self.reference}'s grid "
            f"({self.grid.width} × {self.grid.height} cells of {cx:g} × {cy:g}, {crs_name}) by {spec.resampling} "
            "resampling"))
        return warped

    def _temporary(self):
        path = f"/vsimem/multiplan_align_{uuid.uuid4().hex}.vrt"
        self._vsimem.append(path)
        return path

    def read(self, name, window, halo=0):
        """The window (plus ``halo`` cells around it) of an input as float with NaN = nodata."""
        spec = self.specs[name]
        band = self.datasets[name].GetRasterBand(spec.band)
        dtype = np.dtype(spec.dtype)
        x0, y0 = window.xoff - halo, window.yoff - halo
        x1, y1 = window.xoff + window.xsize + halo, window.yoff + window.ysize + halo
        cx0, cy0 = max(x0, 0), max(y0, 0)
        cx1, cy1 = min(x1, self.grid.width), min(y1, self.grid.height)
        data = band.ReadAsArray(cx0, cy0, cx1 - cx0, cy1 - cy0, buf_type=_READ_TYPES[spec.dtype])
        if data is None:
            raise ValueError(f"cannot read {name} ({spec.path}): {gdal.GetLastErrorMsg()}")
        _mask_nodata(band, data, (cx0, cy0))
        if (cx0, cy0, cx1, cy1) == (x0, y0, x1, y1):
            return data
        padded = np.full((y1 - y0, x1 - x0), np.nan, dtype=dtype)
        padded[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0] = data
        return padded

    def release(self):
        """Drop the inputs' decoded blocks from GDAL's block cache. The cache (GDAL_CACHEMAX, 5 %
        of RAM by default) would otherwise fill with tiles that are never read again."""
        for dataset in self.datasets.values():
            dataset.FlushCache()

    def close(self):
        self.datasets.clear()  # GDAL closes a dataset when its last reference goes
        for path in self._vsimem:
            remove_vsimem(path)
        self._vsimem.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _mask_nodata(band, data, offset):
    """Set nodata cells of ``data`` (read at ``offset``) to NaN: nodata value or mask band."""
    flags = band.GetMaskFlags()
    if flags & gdal.GMF_ALL_VALID:
        return
    if flags & gdal.GMF_NODATA:
        nodata = band.GetNoDataValue()
        if nodata is not None and not math.isnan(nodata):
            data[data == data.dtype.type(nodata)] = np.nan
        return
    mask = band.GetMaskBand().ReadAsArray(offset[0], offset[1], data.shape[1], data.shape[0])
    data[mask == 0] = np.nan


# --------------------------------------------------------------------------- writing

CREATION_OPTIONS = ("TILED=YES", f"BLOCKXSIZE={OUTPUT_TILE}", f"BLOCKYSIZE={OUTPUT_TILE}", "COMPRESS=DEFLATE",
                    "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS")


class _Writer:
    def __init__(self, name, spec, grid):
        spec = spec if isinstance(spec, RasterOutput) else RasterOutput(str(spec))
        if spec.dtype not in _GDAL_TYPES:
            raise ValueError(f"output {name}: unsupported type {spec.dtype}; use one of {list(_GDAL_TYPES)}")
        self.name, self.path, self.dtype = name, str(spec.path), np.dtype(spec.dtype)
        self.nodata = spec.nodata if spec.nodata is not None else (0 if spec.dtype == "uint8" else -9999)
        predictor = "PREDICTOR=3" if self.dtype.kind == "f" else "PREDICTOR=2"
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with _gdal_errors():
            self.dataset = gdal.GetDriverByName("GTiff").Create(
                self.path, grid.width, grid.height, 1, _GDAL_TYPES[spec.dtype], [*CREATION_OPTIONS, predictor])
            if self.dataset is None:
                raise ValueError(f"cannot create {self.path}: {gdal.GetLastErrorMsg()}")
        self.dataset.SetGeoTransform(grid.transform)
        if grid.crs_wkt:
            self.dataset.SetProjection(grid.crs_wkt)
        self.band = self.dataset.GetRasterBand(1)
        self.band.SetNoDataValue(self.nodata)

    def write(self, array, window):
        array = np.asarray(array)
        if array.shape != window.shape:
            raise ValueError(f"output {self.name}: the function returned shape {array.shape} for a "
                             f"{window.shape} window")
        if array.dtype.kind == "f":
            array = np.where(np.isnan(array), self.nodata, array)
        self.band.WriteArray(array.astype(self.dtype, copy=False), window.xoff, window.yoff)

    def flush(self):
        """Write the finished tiles (a row of windows covers whole output tiles)."""
        self.dataset.FlushCache()

    def close(self):
        self.band = None
        if self.dataset is not None:
            self.dataset.FlushCache()
        self.dataset = None

    def discard(self):
        self.band = self.dataset = None
        remove_vsimem(self.path) if self.path.startswith("/vsimem/") else Path(self.path).unlink(missing_ok=True)


# --------------------------------------------------------------------------- the loop

def run_blocks(inputs, function, outputs=None, progress=None, block_size=DEFAULT_BLOCK_SIZE,
               reference=None, halo=0):
    """Apply ``function`` window by window to aligned inputs; write its results.

    ``inputs``: {name: path or :class:`RasterInput`}; the grid of ``reference`` (an input's name,
    default the first, or a :class:`Grid`) is the grid of everything. ``function(arrays, window)`` gets {name: float array of the
    window plus ``halo`` cells around it} and a :class:`Window`, and returns {output name: array
    of the window's shape} (or None when it only accumulates, e.g. an area tally).
    ``outputs``: {name: path or :class:`RasterOutput`}. ``progress(fraction)`` may raise (e.g.
    :class:`core.progress.Cancelled`) to stop: the exception propagates and the partly written
    outputs are deleted. Returns a :class:`BlockRun` with the alignment log.

    While ``function`` runs on a window (in the calling thread, so it may keep state such as an
    area tally), the inputs of the next window are read and decoded in worker threads, one task
    per input (GDAL releases the GIL; each input has its own dataset, never used by two threads
    at once): reading compressed tiles is most of the cost, and this keeps both cores busy.
    """
    outputs = outputs or {}
    with AlignedInputs(inputs, reference) as aligned, ThreadPoolExecutor(worker_count()) as pool:
        windows = block_windows(aligned.grid, aligned.natural_block, block_size)
        writers, pending = [], {}

        def fetch(window):  # one task per input: each has its own dataset, so none is shared
            return {name: pool.submit(aligned.read, name, window, halo) for name in aligned.specs}

        try:
            for name, spec in outputs.items():
                writers.append(_Writer(name, spec, aligned.grid))
            report(progress, 0.0)
            pending = fetch(windows[0])
            for done, window in enumerate(windows, 1):
                arrays = {name: future.result() for name, future in pending.items()}
                pending = {}
                row_done = done == len(windows) or windows[done].yoff != window.yoff
                if halo == 0 or row_done:  # a halo reads into the next row's tiles: keep them a row
                    aligned.release()  # no read is running now
                if done < len(windows):  # the next window is read while this one is computed
                    pending = fetch(windows[done])
                results = function(arrays, window) or {}
                for writer in writers:
                    if writer.name not in results:
                        raise ValueError(f"the block function returned no {writer.name!r} output")
                    writer.write(results[writer.name], window)
                del arrays, results
                if row_done:
                    for writer in writers:
                        writer.flush()
                report(progress, done / len(windows))
            for writer in writers:
                writer.close()
        except BaseException:
            for future in pending.values():
                future.cancel()
            wait(list(pending.values()))
            for writer in writers:
                writer.discard()
            raise
        return BlockRun(aligned.grid, list(aligned.log), len(windows), {w.name: w.path for w in writers})


def raster_min_max(path, band=1):
    """Exact (minimum, maximum) of a band, ignoring nodata; GDAL reads it block by block."""
    dataset = open_raster(path)
    with _gdal_errors():
        low, high = dataset.GetRasterBand(band).ComputeRasterMinMax(False)
    return float(low), float(high)


def sample_raster(raster, size=JENKS_SAMPLE_SIZE, seed=0, block_size=DEFAULT_BLOCK_SIZE, progress=None):
    """A uniform sample of at most ``size`` valid values of a raster (path or RasterInput), read
    block by block: the input of :func:`core.suitability.mce.jenks_breaks` for a whole raster."""
    sample = ValueSample(size, seed)

    def add(arrays, window):
        sample.add(arrays["raster"])

    run_blocks({"raster": raster}, add, progress=progress, block_size=block_size)
    return sample.values


# --------------------------------------------------------------------------- metric cell sizes

def _ellipsoid(srs):
    a, inverse_flattening = srs.GetSemiMajor(), srs.GetInvFlattening()
    if not a or not inverse_flattening:
        a, inverse_flattening = CGCS2000_ELLIPSOID["a"], CGCS2000_ELLIPSOID["rf"]
    f = 1.0 / inverse_flattening
    return a, f * (2 - f)  # semi-major axis, e²


def _projected_or_geographic(grid):
    srs = grid.srs()
    if srs is None:
        raise ValueError("the raster has no CRS, so its cell size in metres is unknown; assign its CRS")
    if srs.IsGeographic():
        return srs, True
    if not srs.IsProjected():
        raise ValueError(f"cell sizes in metres need a projected or geographic CRS, not {grid.crs_name()}")
    return srs, False


def _row_latitudes(grid, rows, srs, offset=0.5):
    """Latitude (radians) at ``offset`` of the way down each row (0.5 = centre, 0 = top edge)."""
    unit = srs.GetAngularUnits()  # radians per unit
    return (grid.transform[3] + (np.asarray(rows, dtype=np.float64) + offset) * grid.transform[5]) * unit, unit


def metric_cell_size(grid, rows):
    """(dx, dy) in metres of cells on ``rows``: numbers for a projected grid (times its linear
    unit); for a geographic grid (rows, 1)-shaped arrays from the latitude of each row's centre
    on the CRS's ellipsoid (GRS80 = CGCS2000 for EPSG:4490): dx = N(φ)·cos φ·Δλ along the
    parallel, dy = M(φ)·Δφ along the meridian (N, M: prime-vertical and meridional radii)."""
    srs, geographic = _projected_or_geographic(grid)
    cx, cy = grid.cell_size
    if not geographic:
        unit = srs.GetLinearUnits()
        return cx * unit, cy * unit
    a, e2 = _ellipsoid(srs)
    latitude, unit = _row_latitudes(grid, rows, srs)
    w = np.sqrt(1 - e2 * np.sin(latitude) ** 2)
    n, m = a / w, a * (1 - e2) / w ** 3
    return n * np.cos(latitude) * cx * unit, m * cy * unit


def metres_per_unit(grid):
    """Metres per CRS unit in the middle of the grid: the linear unit of a projected CRS; on a
    geographic one the geometric mean of the lengths of a unit along the parallel and the
    meridian at the middle row's latitude (within 1 % over a county)."""
    dx, dy = metric_cell_size(grid, np.array([[grid.height // 2]]))
    cx, cy = grid.cell_size
    return float(np.sqrt(np.asarray(dx).item() / cx * np.asarray(dy).item() / cy))


def cell_areas(grid, rows, columns=None):
    """m² per cell on ``rows``: a number for a projected grid; for a geographic grid the exact
    area of each row's cells on the ellipsoid, (b²·Δλ/2)·[g(φ)] between the row's edges with
    g(φ) = sin φ / (1 − e² sin² φ) + artanh(e sin φ) / e (the authalic-latitude integral)."""
    srs, geographic = _projected_or_geographic(grid)
    cx, cy = grid.cell_size
    if not geographic:
        planar = cx * cy * srs.GetLinearUnits() ** 2
        return planar if columns is None else planar * _ellipsoidal_factor(grid, rows, columns)
    a, e2 = _ellipsoid(srs)
    e = math.sqrt(e2)
    top, unit = _row_latitudes(grid, rows, srs, 0.0)
    bottom, _ = _row_latitudes(grid, rows, srs, 1.0)

    def g(latitude):
        s = np.sin(latitude)
        return s / (1 - e2 * s * s) + np.arctanh(e * s) / e

    return np.abs(g(top) - g(bottom)) * a * a * (1 - e2) * cx * unit / 2


def _ellipsoidal_factor(grid, rows, columns):
    """Ellipsoidal / planar area of a block of a projected grid (``columns`` = (first, count)).

    Planning figures are ellipsoidal (三调 practice): a Gauss-Krüger plane enlarges areas by the
    squared scale factor, up to 5e-4 at the edge of a 3° zone. The factor of the whole block
    (its outline densified, measured by :func:`core.areas.polygon_areas`) is applied to its
    cells; it varies by less than 2e-4 across a 30 km block, and the block's total is exact.
    """
    rows = np.asarray(rows).ravel()
    first, count = columns
    x0, dx, _, y0, _, dy = grid.transform
    xs = (x0 + first * dx, x0 + (first + count) * dx)
    ys = (y0 + int(rows[0]) * dy, y0 + (int(rows[-1]) + 1) * dy)
    key = (grid.crs_wkt, xs, ys)
    if key not in _FACTORS:
        from ..areas import polygon_areas  # pyproj: only when a projected grid's areas are wanted
        outline = shapely.segmentize(shapely.box(min(xs), min(ys), max(xs), max(ys)),
                                     max(abs(xs[1] - xs[0]), abs(ys[1] - ys[0])) / 16)
        _FACTORS.clear() if len(_FACTORS) > 4096 else None
        gx0, gy0, gx1, gy1 = grid.bounds  # one projection for every block of the grid
        _FACTORS[key] = float(polygon_areas([outline], grid.crs_wkt, centre=((gx0 + gx1) / 2, (gy0 + gy1) / 2))[0]
                              / outline.area)
    return _FACTORS[key]


_FACTORS = {}
