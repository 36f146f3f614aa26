"""core.suitability.raster_blocks: block processing equals whole-array processing; alignment; terrain factors.

Rasters are written with GDAL into tmp_path: a reference grid in CGCS2000 / 3-degree GK zone 39
(EPSG:4527, metres) and, for the geographic cases, CGCS2000 geographic (EPSG:4490).
"""
import numpy as np
import pyproj
import pytest
import shapely
from osgeo import gdal, osr

from rasters import CELL, X0, Y0, read_raster, reference_transform, smooth_field, write_raster

from multiplan.core.progress import Cancelled
from multiplan.core.suitability import mce
from multiplan.core.suitability.raster_blocks import (AlignedInputs, Grid, RasterInput, RasterOutput, block_windows,
                                                      cell_areas, metric_cell_size, raster_min_max, run_blocks,
                                                      sample_raster)

NAN = np.nan
GRS80 = pyproj.Geod(ellps="GRS80")  # = the CGCS2000 ellipsoid


# --------------------------------------------------------------------------- windows

def covered_once(windows, grid):
    hits = np.zeros((grid.height, grid.width), dtype=np.int64)
    for w in windows:
        hits[w.yoff:w.yoff + w.ysize, w.xoff:w.xoff + w.xsize] += 1
    return (hits == 1).all()


def test_windows_are_multiples_of_the_tiles_and_cover_the_grid_once():
    grid = Grid(2500, 1700, reference_transform(), "")
    windows = block_windows(grid, (256, 256), block_size=512)
    assert len(windows) == 5 * 4 and {(w.xsize, w.ysize) for w in windows[:4]} == {(512, 512)}
    assert (windows[4].xsize, windows[-1].ysize) == (2500 - 4 * 512, 1700 - 3 * 512)
    assert covered_once(windows, grid)


def test_windows_of_a_striped_raster_are_whole_rows():
    grid = Grid(2500, 1700, reference_transform(), "")
    windows = block_windows(grid, (2500, 1), block_size=512)
    assert {w.xsize for w in windows} == {2500} and windows[0].ysize == 256
    assert covered_once(windows, grid)


# --------------------------------------------------------------------------- block = whole

SCORE_TABLES = {
    "slope": [(None, 3, 5), (3, 8, 4), (8, 15, 3), (15, 25, 2), (25, None, 1)],
    "water": [(None, 0.2, 1), (0.2, 0.4, 2), (0.4, 0.6, 3), (0.6, 0.8, 4), (0.8, None, 5)],
}
WEIGHTS = {"slope": 0.5, "water": 0.3, "road": 0.2}
BREAKS = [1.5, 2.5, 3.5, 4.5]


def evaluate(arrays, road_range):
    """Reclassify + standardise + weighted sum + veto + grade: the same code for a block or all."""
    scores = {name: mce.reclassify(arrays[name], table) for name, table in SCORE_TABLES.items()}
    scores["road"] = mce.standardise_linear(arrays["road"], *road_range, increasing=False, out_range=(1, 5))
    total = mce.weighted_sum([scores[name] for name in WEIGHTS], list(WEIGHTS.values()))
    total = mce.apply_veto(total, mce.constraint_mask(arrays["red_line"]))
    return {"score": total, "grade": mce.grade_by_breaks(total, BREAKS)}


@pytest.fixture(scope="module")
def factors(tmp_path_factory):
    """Four 2500 × 1700 rasters on one grid (tiled 256): three factors and a constraint."""
    folder = tmp_path_factory.mktemp("factors")
    shape = (1700, 2500)
    slope = smooth_field(shape, 1, 0, 40)
    slope[100:140, 600:700] = -9999  # a nodata hole
    water = smooth_field(shape, 2, 0, 1)
    road = smooth_field(shape, 3, 0, 5000)
    red_line = np.zeros(shape, dtype=np.uint8)
    red_line[800:1300, 1000:1900] = 1
    transform = reference_transform()
    return {
        "slope": write_raster(folder / "slope.tif", slope, transform, nodata=-9999),
        "water": write_raster(folder / "water.tif", water, transform),
        "road": write_raster(folder / "road.tif", road, transform),
        "red_line": write_raster(folder / "red_line.tif", red_line, transform),
    }


def test_block_processing_equals_processing_the_whole_array(factors, tmp_path):
    road_range = raster_min_max(factors["road"])  # global bounds, not each block's
    seen = []
    tally = mce.AreaTally()

    def function(arrays, window):
        seen.append(max(a.shape for a in arrays.values()))
        result = evaluate(arrays, road_range)
        tally.add(result["grade"], window.cell_area_m2())
        return result

    outputs = {"score": tmp_path / "score.tif", "grade": RasterOutput(str(tmp_path / "grade.tif"), "uint8")}
    run = run_blocks(factors, function, outputs, block_size=512)
    assert run.windows == 20 and run.log == []
    assert max(seen) <= (512, 512)  # never more than one block of any raster in memory

    whole = evaluate({name: read_raster(path).astype(np.float32) for name, path in factors.items()}, road_range)
    np.testing.assert_array_equal(read_raster(tmp_path / "score.tif"), whole["score"].astype(np.float64))
    grades = np.where(whole["grade"] == 0, NAN, whole["grade"])  # 0 is the grades' nodata
    np.testing.assert_array_equal(read_raster(tmp_path / "grade.tif"), grades)
    assert np.isnan(read_raster(tmp_path / "score.tif")[100:140, 600:700]).all()  # nodata propagated
    assert (whole["score"][800:1300, 1000:1900] == 0).all()  # vetoed
    assert set(np.unique(whole["grade"])) >= {0, 1, 2, 3, 4, 5}
    blocks, planar = tally.table(), mce.area_by_grade(whole["grade"], CELL * CELL)
    assert blocks["cells"].equals(planar["cells"])  # ellipsoidal areas: 2e-6 below the GK plane's here
    np.testing.assert_allclose(blocks["area_m2"], planar["area_m2"], rtol=1e-5)

    out = gdal.Open(str(tmp_path / "grade.tif"))
    assert out.GetRasterBand(1).GetBlockSize() == [256, 256] and out.GetRasterBand(1).GetNoDataValue() == 0
    assert gdal.Info(out, format="json")["metadata"]["IMAGE_STRUCTURE"]["COMPRESSION"] == "DEFLATE"


def test_cancelling_from_progress_stops_and_removes_partial_outputs(factors, tmp_path):
    fractions = []

    def progress(fraction):
        fractions.append(fraction)
        if fraction > 0.2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        run_blocks(factors, lambda arrays, window: {"out": arrays["water"]}, {"out": tmp_path / "out.tif"},
                   progress=progress, block_size=512)
    assert not (tmp_path / "out.tif").exists()
    assert fractions[0] == 0.0 and len(fractions) == 1 + 5  # stopped after the 5th of 20 windows


def test_a_function_returning_the_wrong_shape_is_an_error(factors, tmp_path):
    with pytest.raises(ValueError, match="returned shape"):
        run_blocks(factors, lambda arrays, window: {"out": np.zeros((3, 3))}, {"out": tmp_path / "o.tif"})


# --------------------------------------------------------------------------- alignment

def test_a_raster_with_another_resolution_and_origin_is_aligned_with_a_log_line(tmp_path):
    reference = write_raster(tmp_path / "ref.tif", np.ones((200, 300), dtype=np.float32), reference_transform())
    # 20 m cells, origin 15 m west and 5 m north of the reference's, and 40 m short in the east.
    x0, y0 = X0 - 15, Y0 + 5
    coarse_rows, coarse_cols = np.mgrid[0:101, 0:149]
    coarse = (coarse_rows * 1000 + coarse_cols).astype(np.int32)
    other = write_raster(tmp_path / "coarse.tif", coarse, (x0, 20.0, 0, y0, 0, -20.0), nodata=-1)
    same_grid = write_raster(tmp_path / "same.tif", np.zeros((200, 300), dtype=np.float32), reference_transform())

    with AlignedInputs({"ref": reference, "coarse": other, "same": same_grid}) as aligned:
        assert len(aligned.log) == 1
        assert aligned.log[0].en.startswith("coarse: cell 20 × 20 ≠ 10 × 10; origin shifted by (-15, 5); "
                                         "149 × 101 cells ≠ 300 × 200: aligned on the fly to ref's grid")
        assert "by near resampling" in aligned.log[0].en
        assert aligned.log[0].zh.startswith("coarse：像元 20 × 20 ≠ 10 × 10；原点偏移 (-15, 5)；149 × 101 个像元 ≠ "
                                            "300 × 200；已按最邻近法实时对齐到ref的格网")
        values = aligned.read("coarse", block_windows(aligned.grid, (300, 200), 10_000)[0])

    rows, cols = np.mgrid[0:200, 0:300]
    x, y = X0 + (cols + 0.5) * CELL, Y0 - (rows + 0.5) * CELL  # reference cell centres
    expected = np.floor((y0 - y) / 20) * 1000 + np.floor((x - x0) / 20)
    expected[(x - x0) / 20 >= 149] = NAN  # beyond the coarse raster's east edge: nodata
    np.testing.assert_array_equal(values, expected)


def test_a_raster_in_another_crs_is_warped_to_the_reference_crs(tmp_path):
    reference = write_raster(tmp_path / "ref.tif", np.ones((50, 60), dtype=np.float32), reference_transform())
    lon_lat = pyproj.Transformer.from_crs(4527, 4490, always_xy=True).transform(X0, Y0)
    geographic = write_raster(tmp_path / "geo.tif", np.full((100, 100), 7, dtype=np.float32),
                              (lon_lat[0] - 0.002, 0.0001, 0, lon_lat[1] + 0.002, 0, -0.0001), epsg=4490)
    seen = []
    run = run_blocks({"ref": reference, "soil": RasterInput(geographic, resampling="bilinear")},
                     lambda arrays, window: seen.append(arrays["soil"]))
    assert run.log[0].en.startswith("soil: CRS EPSG:4490 ≠ EPSG:4527; cell 0.0001 × 0.0001 ≠ 10 × 10")
    assert "by bilinear resampling" in run.log[0].en
    assert (seen[0] == 7).all()


def test_one_band_of_a_multiband_raster_is_aligned(tmp_path):
    reference = write_raster(tmp_path / "ref.tif", np.ones((40, 60), dtype=np.float32), reference_transform())
    dataset = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "bands.tif"), 30, 20, 2, gdal.GDT_Float32)
    dataset.SetGeoTransform(reference_transform(20.0))
    dataset.SetProjection(pyproj.CRS(4527).to_wkt())
    dataset.GetRasterBand(1).Fill(1)
    dataset.GetRasterBand(2).Fill(2)
    dataset = None
    seen = []
    run = run_blocks({"ref": reference, "b2": RasterInput(str(tmp_path / "bands.tif"), band=2)},
                     lambda arrays, window: seen.append(arrays["b2"]))
    assert len(run.log) == 1 and seen[0].shape == (40, 60) and (seen[0] == 2).all()
    with pytest.raises(ValueError, match="has 2 band"):
        run_blocks({"ref": reference, "b3": RasterInput(str(tmp_path / "bands.tif"), band=3)}, lambda a, w: None)


# --------------------------------------------------------------------------- terrain


def test_metric_cell_size_and_cell_area_on_the_cgcs2000_ellipsoid():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    grid = Grid(10, 10, (100.0, 0.01, 0, 45.0, 0, -0.01), srs.ExportToWkt())
    rows = np.array([[0], [9]])
    dx, dy = metric_cell_size(grid, rows)
    for row, (width, height) in enumerate(zip(dx[:, 0], dy[:, 0])):
        lat = 45.0 - (rows[row, 0] + 0.5) * 0.01
        assert width == pytest.approx(GRS80.inv(100, lat, 100.01, lat)[2], rel=1e-8)
        assert height == pytest.approx(GRS80.inv(100, lat + 0.005, 100, lat - 0.005)[2], rel=1e-8)
        # GeographicLib's area of the cell with its top and bottom edges densified so they follow
        # the parallels (a single geodesic edge bulges poleward: 1e-9 of the area here).
        top, along = 45.0 - rows[row, 0] * 0.01, np.linspace(100, 100.01, 51)
        lons = np.concatenate([along, along[::-1]])
        lats = np.concatenate([np.full(51, top), np.full(51, top - 0.01)])
        area = abs(GRS80.polygon_area_perimeter(lons, lats)[0])
        assert cell_areas(grid, rows)[row, 0] == pytest.approx(area, rel=1e-11)
    projected = Grid(10, 10, reference_transform(25.0), pyproj.CRS(4527).to_wkt())
    assert metric_cell_size(projected, rows) == (25.0, 25.0) and cell_areas(projected, rows) == 625.0


# --------------------------------------------------------------------------- two-pass statistics

def test_jenks_breaks_from_a_raster_sample_read_block_by_block(factors):
    sample = sample_raster(factors["water"], size=5_000, seed=2, block_size=512)
    assert len(sample) == 5_000 and np.array_equal(sample, sample_raster(factors["water"], 5_000, 2, 512))
    low, high = raster_min_max(factors["water"])
    assert low <= sample.min() and sample.max() <= high
    breaks = mce.jenks_breaks(sample, 5)
    assert len(breaks) == 4 and low < breaks[0] < breaks[-1] < high


@pytest.mark.parametrize("x0", [39_500_000.0, 39_380_000.0])  # on the central meridian, 120 km off it
def test_projected_cell_areas_are_ellipsoidal_and_sum_to_the_footprint(x0):
    from multiplan.core.areas import polygon_areas

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    grid = Grid(3000, 2000, (x0, 30.0, 0.0, Y0, 0.0, -30.0), srs.ExportToWkt())
    total = sum(float(np.sum(np.broadcast_to(window.cell_area_m2(), window.shape)))
                for window in block_windows(grid, (256, 256)))
    footprint = shapely.segmentize(shapely.box(*grid.bounds), 500.0)
    assert total == pytest.approx(polygon_areas([footprint], 4527)[0], rel=1e-8)
    planar = 90_000.0 * 60_000.0
    # the GK plane enlarges areas by about x²/R² (x: distance from the central meridian)
    mean_x2 = ((x0 - 39_500_000.0 + 90_000.0) ** 3 - (x0 - 39_500_000.0) ** 3) / (3 * 90_000.0)
    assert (planar - total) / planar == pytest.approx(mean_x2 / 6_371_000.0 ** 2, rel=0.02)
