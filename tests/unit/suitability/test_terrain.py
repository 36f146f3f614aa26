"""core.suitability.terrain: slope and relief, exact on planes and ramps, the same block by block,
on projected (EPSG:4527) and CGCS2000 geographic (EPSG:4490) grids."""
import math

import numpy as np
import pyproj
import pytest

from rasters import CELL, read_raster, reference_transform, smooth_field, write_raster

from multiplan.core.suitability.terrain import horn_slope, moving_range, relief_raster, slope_raster

NAN = np.nan
GRS80 = pyproj.Geod(ellps="GRS80")  # = the CGCS2000 ellipsoid


def test_slope_of_a_plane_is_atan_of_its_gradient_in_a_projected_crs(tmp_path):
    rows, cols = np.mgrid[0:70, 0:90].astype(np.float64)
    dem = write_raster(tmp_path / "dem.tif", (0.5 * CELL * cols).astype(np.float32), reference_transform(), tile=16)
    slope_raster(dem, tmp_path / "slope.tif", block_size=32)
    np.testing.assert_allclose(read_raster(tmp_path / "slope.tif"), math.degrees(math.atan(0.5)), rtol=1e-7)
    tilted = 0.3 * CELL * cols - 0.4 * CELL * rows  # dz/dx = 0.3, dz/dy = 0.4: gradient 0.5
    dem2 = write_raster(tmp_path / "dem2.tif", tilted + 1000.0, reference_transform(), tile=16)
    slope_raster(dem2, tmp_path / "slope2.tif", block_size=32)
    np.testing.assert_allclose(read_raster(tmp_path / "slope2.tif"), math.degrees(math.atan(0.5)), rtol=1e-7)


def test_slope_in_cgcs2000_geographic_uses_the_metric_cell_size_of_each_row(tmp_path):
    arcsecond = 1 / 3600
    lon0, lat0 = 115.0, 30.1  # top-left corner; rows go south
    rows, cols = np.mgrid[0:60, 0:40].astype(np.float64)
    transform = (lon0, arcsecond, 0, lat0, 0, -arcsecond)
    east = write_raster(tmp_path / "east.tif", 1.0 * cols, transform, epsg=4490, tile=16)  # +1 m per column
    north = write_raster(tmp_path / "north.tif", 2.0 * rows, transform, epsg=4490, tile=16)  # +2 m per row
    slope_raster(east, tmp_path / "east_slope.tif", block_size=16)
    slope_raster(north, tmp_path / "north_slope.tif", block_size=16)

    latitude = lat0 - (rows[:, 0] + 0.5) * arcsecond
    dx = np.array([GRS80.inv(lon0, lat, lon0 + arcsecond, lat)[2] for lat in latitude])  # about 26.8 m
    dy = np.array([GRS80.inv(lon0, lat + arcsecond, lon0, lat - arcsecond)[2] / 2 for lat in latitude])
    expected_east = np.degrees(np.arctan(1.0 / dx))[:, None] * np.ones((1, 40))
    expected_north = np.degrees(np.arctan(2.0 / dy))[:, None] * np.ones((1, 40))
    np.testing.assert_allclose(read_raster(tmp_path / "east_slope.tif"), expected_east, rtol=1e-6)
    np.testing.assert_allclose(read_raster(tmp_path / "north_slope.tif"), expected_north, rtol=1e-6)
    assert expected_east[0, 0] > expected_east[-1, 0]  # cells are narrower further north: steeper


def test_horn_slope_extrapolates_missing_neighbours_and_keeps_nodata():
    plane = np.add.outer(np.arange(6.0), 2 * np.arange(7.0))  # dz/dy = 1 per row, dz/dx = 2 per column
    dem = np.pad(plane, 1, constant_values=NAN)  # the raster's edge: a NaN halo
    dem[3, 4] = NAN  # a nodata cell inside
    slope = horn_slope(dem, 1.0, 1.0)
    expected = np.full(plane.shape, math.degrees(math.atan(math.hypot(1, 2))))
    expected[2, 3] = NAN
    np.testing.assert_allclose(slope, expected, rtol=1e-6)


def brute_force_range(dem, size):
    rows, cols = dem.shape
    out = np.full(dem.shape, NAN)
    for r in range(rows):
        for c in range(cols):
            if not np.isnan(dem[r, c]):
                r0, c0 = max(r - size // 2, 0), max(c - size // 2, 0)
                window = dem[r0:r - size // 2 + size, c0:c - size // 2 + size]
                out[r, c] = np.nanmax(window) - np.nanmin(window)
    return out


def test_relief_of_a_ramp_by_hand():
    ramp = 10.0 * np.arange(5)[:, None] + np.arange(6)[None, :]  # +10 per row, +1 per column
    relief = moving_range(np.pad(ramp, 1, constant_values=NAN), 3, 1)
    assert relief[2, 2] == 22 and relief[0, 0] == 11 and relief[0, 2] == 12 and relief[2, 0] == 21


@pytest.mark.parametrize("size", [3, 12, 15])
def test_relief_block_by_block_equals_a_brute_force_window(tmp_path, size):
    dem = smooth_field((90, 110), 7, 200, 900).astype(np.float64)
    dem += np.random.default_rng(size).normal(0, 5, dem.shape)
    dem[40:44, 50:57] = -9999
    path = write_raster(tmp_path / "dem.tif", dem.astype(np.float32), reference_transform(), nodata=-9999, tile=16)
    relief_raster(path, tmp_path / "relief.tif", size, block_size=32)
    expected = brute_force_range(read_raster(path), size)
    np.testing.assert_allclose(read_raster(tmp_path / "relief.tif"), expected, rtol=1e-6)


def test_slope_block_by_block_equals_one_block(tmp_path):
    dem = smooth_field((130, 150), 9, 0, 800)
    dem[60:63, 70:80] = -9999
    path = write_raster(tmp_path / "dem.tif", dem, reference_transform(), nodata=-9999, tile=16)
    slope_raster(path, tmp_path / "blocks.tif", block_size=16)
    slope_raster(path, tmp_path / "whole.tif", block_size=10_000)
    np.testing.assert_array_equal(read_raster(tmp_path / "blocks.tif"), read_raster(tmp_path / "whole.tif"))
