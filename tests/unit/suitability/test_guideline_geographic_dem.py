"""Issue 19 §1: every 双评价 preset runs on a geographic DEM (CGCS2000 degrees), of any size and
window, as on a projected one."""
import numpy as np
import pytest
from rasters import read_raster, write_raster

from multiplan.core.suitability import guideline

ARC_SECOND = 1.0 / 3600.0


def geographic_dem(tmp_path, rows=37, cols=53, latitude=30.0, name="dem.tif"):
    """Hills on a plain, 1″ cells (about 27 × 31 m at 30°N), EPSG:4490."""
    y, x = np.mgrid[0:rows, 0:cols]
    z = 20.0 + 60.0 * np.exp(-(((x - cols / 3) / 8.0) ** 2 + ((y - rows / 2) / 6.0) ** 2)) + 0.3 * x
    transform = (114.0, ARC_SECOND, 0.0, latitude + rows * ARC_SECOND, 0.0, -ARC_SECOND)
    return write_raster(tmp_path / name, z.astype(np.float32), transform, epsg=4490)


@pytest.mark.parametrize("kind", [guideline.AGRICULTURAL, guideline.URBAN])
@pytest.mark.parametrize("block_size", [16, 256])
def test_suitability_runs_on_a_geographic_dem(tmp_path, kind, block_size):
    dem = geographic_dem(tmp_path)
    result = guideline.evaluate_suitability(kind, dem, tmp_path / "levels.tif", tmp_path / "classes.tif",
                                            block_size=block_size)
    levels = read_raster(tmp_path / "levels.tif")
    assert levels.shape == (37, 53) and set(np.unique(levels)) <= {1, 2, 3, 4, 5}
    classes = read_raster(tmp_path / "classes.tif")
    assert set(np.unique(classes)) <= {1, 2, 3}
    assert result is not None


def east_rising_planes(tmp_path, degrees, rows=40, cols=40, latitude=30.0):
    """The same plane rising eastwards at ``degrees`` twice: on a 1″ geographic grid (heights from
    pyproj's geodesic east-west distances per row) and on a projected grid of the mean cell size."""
    import math

    import pyproj

    geod = pyproj.Geod(ellps="GRS80")
    top = latitude + rows * ARC_SECOND
    centres = top - (np.arange(rows) + 0.5) * ARC_SECOND
    dx = np.array([geod.inv(114.0, lat, 114.0 + ARC_SECOND, lat)[2] for lat in centres])
    rise = math.tan(math.radians(degrees))
    z = rise * dx[:, None] * (np.arange(cols)[None, :] + 0.5)
    geographic = write_raster(tmp_path / "g_dem.tif", z.astype(np.float64),
                              (114.0, ARC_SECOND, 0.0, top, 0.0, -ARC_SECOND), epsg=4490)
    dy = geod.inv(114.0, latitude, 114.0, latitude + ARC_SECOND)[2]
    mean_dx = float(dx.mean())
    z_projected = np.tile(rise * mean_dx * (np.arange(cols) + 0.5), (rows, 1))
    projected = write_raster(tmp_path / "p_dem.tif", z_projected, (500_000.0, mean_dx, 0.0, 3_320_000.0, 0.0, -dy),
                             epsg=4547)
    return geographic, projected


@pytest.mark.parametrize("kind", [guideline.AGRICULTURAL, guideline.URBAN])
@pytest.mark.parametrize("degrees", [4.0, 10.0, 20.0])
def test_a_plane_gives_the_same_levels_on_geographic_and_projected_grids(tmp_path, kind, degrees):
    geographic, projected = east_rising_planes(tmp_path, degrees)
    guideline.evaluate_suitability(kind, geographic, tmp_path / "g.tif", tmp_path / "gc.tif", block_size=16,
                                   contiguity=False)
    guideline.evaluate_suitability(kind, projected, tmp_path / "p.tif", tmp_path / "pc.tif", block_size=16,
                                   contiguity=False)
    on_degrees, on_metres = read_raster(tmp_path / "g.tif"), read_raster(tmp_path / "p.tif")
    assert np.isfinite(on_metres).all() and set(np.unique(on_metres)) <= {1, 2, 3, 4, 5}
    np.testing.assert_array_equal(on_degrees, on_metres)


# -- issue 19 §2: distances in metres on geographic grids, the same in every direction ----------

@pytest.mark.parametrize("latitude", [20.0, 30.0, 45.0])
def test_distances_on_a_geographic_grid_match_geodesic_distances(tmp_path, latitude):
    import pyproj
    import shapely

    from multiplan.core.suitability.raster_blocks import Grid, metric_cell_size
    from multiplan.core.suitability.rasterise import distance_raster

    cell, rows, cols = 3 * ARC_SECOND, 81, 81  # about 90 m, a 7 km square
    top, west = latitude + rows * cell / 2, 114.0
    srs = pyproj.CRS.from_epsg(4490).to_wkt()
    grid = Grid(cols, rows, (west, cell, 0.0, top, 0.0, -cell), srs)
    source_lon, source_lat = west + 40.5 * cell, top - 40.5 * cell  # a cell centre in the middle
    distance_raster([shapely.Point(source_lon, source_lat)], grid, tmp_path / "d.tif")
    measured = read_raster(tmp_path / "d.tif")
    lon = west + (np.arange(cols) + 0.5) * cell
    lat = top - (np.arange(rows) + 0.5) * cell
    lons, lats = np.meshgrid(lon, lat)
    geod = pyproj.Geod(ellps="GRS80")
    _, _, truth = geod.inv(np.full(lons.size, source_lon), np.full(lats.size, source_lat), lons.ravel(), lats.ravel())
    truth = truth.reshape(rows, cols)
    dx, dy = metric_cell_size(grid, np.array([[rows // 2]]))
    one_cell = float(min(np.asarray(dx).item(), np.asarray(dy).item()))
    error = np.abs(measured - truth)
    assert error.max() < one_cell, (error.max(), one_cell)
    # the old single degree→metre factor was off by cos φ in opposite directions east-west and north-south
    east, north = measured[40, 80], measured[0, 40]
    assert east / truth[40, 80] == pytest.approx(1.0, abs=0.02) and north / truth[0, 40] == pytest.approx(1.0, abs=0.02)
