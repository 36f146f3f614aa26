"""Terrain factors of 双评价 from a DEM: slope (Horn) and relief (地形起伏度), block by block.

Both need neighbours: :func:`core.suitability.raster_blocks.run_blocks` reads each window with a
``halo`` of extra cells around it (NaN beyond the raster's edge), which :func:`horn_slope`
(1 cell) and :func:`moving_range` (half the window) use, so results do not depend on the block
size. Cell sizes in metres come from the window (:meth:`Window.cell_size_m`): on a geographic
grid (CGCS2000, EPSG:4490) a cell's width shrinks with the latitude of its row.
"""
import numpy as np

from .raster_blocks import DEFAULT_BLOCK_SIZE, RasterInput, _as_input, run_blocks


def horn_slope(dem, dx, dy, z_factor=1.0):
    """Slope in degrees (Horn 1981, as gdaldem and ArcGIS) of the inner cells of ``dem``, a block
    with a 1-cell halo. ``dx``/``dy`` in metres: numbers or (rows, 1) arrays per inner row.

    dz/dx = ((c + 2f + i) − (a + 2d + g)) / 8dx and dz/dy = ((g + 2h + i) − (a + 2b + c)) / 8dy
    over the 3 × 3 neighbourhood a b c / d e f / g h i. A missing neighbour (nodata, or beyond
    the raster's edge) is extrapolated linearly: a side neighbour from the centre and the opposite
    side, 2e − opposite (the centre when both are missing), a corner from the plane through the
    centre and its two adjacent sides (a = b + d − e). A plane thus gets its exact slope up to
    the edge and around nodata holes; gdaldem -compute_edges uses the centre value instead.
    Nodata centres give nodata (NaN).
    """
    z = np.asarray(dem, dtype=np.float64)
    rows, cols = z.shape[0] - 2, z.shape[1] - 2

    def at(dr, dc):
        return z[1 + dr:1 + dr + rows, 1 + dc:1 + dc + cols]

    e = at(0, 0)
    a, b, c = at(-1, -1), at(-1, 0), at(-1, 1)
    d, f = at(0, -1), at(0, 1)
    g, h, i = at(1, -1), at(1, 0), at(1, 1)
    if np.isnan(z).any():
        b, h = _fill_pair(b, h, e)
        d, f = _fill_pair(d, f, e)
        a, c = _fill_corner(a, b, d, e), _fill_corner(c, b, f, e)
        g, i = _fill_corner(g, h, d, e), _fill_corner(i, h, f, e)
    dzdx = ((c + 2 * f + i) - (a + 2 * d + g)) / (8 * np.asarray(dx))
    dzdy = ((g + 2 * h + i) - (a + 2 * b + c)) / (8 * np.asarray(dy))
    slope = np.degrees(np.arctan(z_factor * np.hypot(dzdx, dzdy)))
    slope[np.isnan(e)] = np.nan
    return slope.astype(np.float32)


def _fill_corner(corner, row_neighbour, column_neighbour, centre):
    """A missing corner from the plane through the centre and its two (filled) side neighbours."""
    return np.where(np.isnan(corner), row_neighbour + column_neighbour - centre, corner)


def _fill_pair(one, opposite, centre):
    one_missing, opposite_missing = np.isnan(one), np.isnan(opposite)
    filled = np.where(one_missing, np.where(opposite_missing, centre, 2 * centre - opposite), one)
    filled_opposite = np.where(opposite_missing, np.where(one_missing, centre, 2 * centre - one), opposite)
    return filled, filled_opposite


def moving_range(dem, size, halo):
    """地形起伏度: max − min of the valid cells in a ``size`` × ``size`` window around each inner
    cell of ``dem`` (a block with ``halo`` ≥ size // 2 cells around it).

    The window spans rows r − size//2 … r − size//2 + size − 1 (the same for columns): centred
    for odd sizes, one more cell up/left for even ones (as scipy.ndimage filters). Nodata and
    cells beyond the raster are left out of the window; nodata centres give nodata.
    """
    if size < 1 or halo < size // 2:
        raise ValueError(f"a {size}-cell window needs a halo of at least {size // 2} cells, not {halo}")
    z = np.asarray(dem, dtype=np.float32)
    rows, cols = z.shape[0] - 2 * halo, z.shape[1] - 2 * halo
    start = halo - size // 2
    missing = np.isnan(z)
    high = _running(np.where(missing, -np.inf, z), size, start, rows, cols, np.maximum)
    low = _running(np.where(missing, np.inf, z), size, start, rows, cols, np.minimum)
    relief = high - low
    relief[missing[halo:halo + rows, halo:halo + cols]] = np.nan
    return relief


def _running(z, size, start, rows, cols, pick):
    """Separable running max/min: first down the rows, then along the columns."""
    out = z[start:start + rows].copy()
    for k in range(1, size):
        pick(out, z[start + k:start + k + rows], out=out)
    result = out[:, start:start + cols].copy()
    for k in range(1, size):
        pick(result, out[:, start + k:start + k + cols], out=result)
    return result


def slope_raster(dem, output, block_size=DEFAULT_BLOCK_SIZE, z_factor=1.0, progress=None):
    """Slope (degrees, float32) of a DEM (path or RasterInput) into a GeoTIFF, block by block."""
    spec = _as_input(dem)
    spec = RasterInput(spec.path, spec.band, spec.resampling, "float64")

    def slope(arrays, window):
        dx, dy = window.cell_size_m()
        return {"slope": horn_slope(arrays["dem"], dx, dy, z_factor)}

    return run_blocks({"dem": spec}, slope, {"slope": output}, progress, block_size, halo=1)


def relief_raster(dem, output, size, block_size=DEFAULT_BLOCK_SIZE, progress=None):
    """地形起伏度 (max − min in a ``size`` × ``size`` window, float32) of a DEM, block by block."""
    halo = size // 2
    return run_blocks({"dem": dem}, lambda arrays, window: {"relief": moving_range(arrays["dem"], size, halo)},
                      {"relief": output}, progress, block_size, halo=halo)
