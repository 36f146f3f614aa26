"""一张图查询: what every layer says at a place — a point, or a polygon with the ellipsoidal area of
each feature it meets — and what every raster says there (the value at a point; for a polygon the
values of the cells whose centres fall in it: the most frequent one, its share, min and max).

Plain functions on shapely arrays and GDAL rasters; no QGIS. Areas are ellipsoidal on CGCS2000.
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..geometry import as_array, present, valid_polygonal
from ..report import Text
from ..units import to_hectares, to_mu
from ..wording import text

ROW_COLUMNS = ["location", "layer", "feature", "area_m2", "area_ha", "area_mu", "share", "attributes"]


@dataclass
class QueryLayer:
    """A layer to query. Its spatial index is built on the first query and kept, so a layer queried
    again (the dock's map tool, click after click) costs only the features near the location.
    Attributes are asked for by :meth:`records`, only for the features met: a subclass may read
    them from where the layer lives instead of holding every feature's in ``attributes``."""

    name: str
    geometries: np.ndarray  # in the query's CRS
    attributes: pd.DataFrame  # one row per feature: the fields to show
    ids: list  # how features are named (BSM …)
    _tree: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def tree(self):
        """STRtree of the geometries as given (invalid ones too: make_valid keeps a geometry within its
        envelope, so the candidates a location's envelope finds are the same)."""
        if self._tree is None:
            self._tree = shapely.STRtree(as_array(self.geometries))  # skips null and empty geometries
        return self._tree

    def records(self, positions):
        """The attributes (a dict each) of the features at ``positions``, in that order."""
        return self.attributes.iloc[positions].to_dict("records")


@dataclass
class QueryRaster:
    name: str
    path: str  # a single-band raster in the query's CRS (or any CRS GDAL can warp on the fly: same here)
    labels: dict = None  # value → grade name (a 双评价 raster's classes), shown after the value


def query(locations, location_ids, layers, crs, rasters=()):
    """One row per (location, layer, feature met) and per (location, raster): ``ROW_COLUMNS``.

    ``locations``: points or polygons (``crs``, projected, metres). For a polygon the area met
    (m², 公顷, 亩) and its share of the location; for a point the feature containing it.
    ``attributes`` is a text "field=value; …" of the feature (empty values left out).
    """
    locations = as_array(locations)
    rows = []
    polygons = shapely.get_dimensions(locations) == 2
    location_areas = np.zeros(len(locations))
    if polygons.any():
        location_areas[polygons] = polygon_areas(valid_polygonal(locations[polygons]), crs)
    for layer in layers:
        loc, feature = layer.tree.query(locations)  # envelopes; only these candidates are made valid
        candidates = valid_polygonal(as_array(layer.geometries)[feature])
        meets = present(candidates) & shapely.intersects(candidates, locations[loc])
        kept = np.flatnonzero(meets)[np.lexsort((feature[meets], loc[meets]))]  # by location, then layer order
        loc, feature, candidates = loc[kept], feature[kept], candidates[kept]
        pieces = np.full(len(loc), None, dtype=object)
        is_polygon = polygons[loc]
        if is_polygon.any():
            pieces[is_polygon] = shapely.intersection(candidates[is_polygon],
                                                      valid_polygonal(locations[loc[is_polygon]]))
        areas = np.full(len(loc), np.nan)
        if is_polygon.any():
            areas[is_polygon] = polygon_areas(pieces[is_polygon], crs)
        met = np.unique(feature)  # only the attributes of the features met: a county has 10⁵ parcels
        records = dict(zip(met.tolist(), layer.records(met)))
        for k, (where, which) in enumerate(zip(loc, feature)):
            if is_polygon[k] and not areas[k] > 1e-6:
                continue  # touches only
            text = "; ".join(f"{name}={value}" for name, value in records[which].items()
                             if value is not None and not (isinstance(value, float) and np.isnan(value)) and value != "")
            area = areas[k] if is_polygon[k] else None
            rows.append([location_ids[where], layer.name, layer.ids[which], area,
                         None if area is None else float(to_hectares(area)),
                         None if area is None else float(to_mu(area)),
                         None if area is None or not location_areas[where] else area / location_areas[where], text])
    for raster in rasters:
        rows += _raster_rows(raster, locations, location_ids, polygons)
    frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
    order = {name: position for position, name in enumerate(location_ids)}
    return frame.sort_values("location", key=lambda column: column.map(order), kind="stable").reset_index(drop=True)


def _raster_rows(raster, locations, location_ids, polygons):
    from osgeo import gdal

    dataset = gdal.Open(raster.path)
    if dataset is None:
        raise ValueError(f"cannot open raster {raster.name}")
    x0, dx, _, y0, _, dy = dataset.GetGeoTransform()
    band = dataset.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    rows = []
    for where, (geometry, is_polygon) in enumerate(zip(locations, polygons)):
        if geometry is None:
            continue
        xmin, ymin, xmax, ymax = geometry.bounds
        col0 = max(int(np.floor((xmin - x0) / dx)), 0)
        col1 = min(int(np.floor((xmax - x0) / dx)), dataset.RasterXSize - 1)
        row0 = max(int(np.floor((ymax - y0) / dy)), 0)
        row1 = min(int(np.floor((ymin - y0) / dy)), dataset.RasterYSize - 1)
        if col1 < col0 or row1 < row0:
            continue  # outside the raster
        values = band.ReadAsArray(col0, row0, col1 - col0 + 1, row1 - row0 + 1).astype(float)
        if not is_polygon:
            value = values[0, 0]
            if nodata is not None and value == nodata:
                continue
            rows.append([location_ids[where], raster.name, "", None, None, None, None,
                         text("值={}", "value={}", _value_text(raster, value))])
            continue
        cols, rws = np.meshgrid(np.arange(col0, col1 + 1), np.arange(row0, row1 + 1))
        inside = shapely.contains_xy(geometry, x0 + (cols + 0.5) * dx, y0 + (rws + 0.5) * dy)
        chosen = values[inside]
        if nodata is not None:
            chosen = chosen[chosen != nodata]
        if not len(chosen):
            continue
        kinds, counts = np.unique(chosen, return_counts=True)
        top = int(np.argmax(counts))
        rows.append([location_ids[where], raster.name, "", None, None, None, counts[top] / len(chosen),
                     text("众数={}；最小={:g}；最大={:g}；像元 {} 个", "majority={}; min={:g}; max={:g}; {} cells",
                          _value_text(raster, kinds[top]), chosen.min(), chosen.max(), len(chosen))])
    return rows


def _value_text(raster, value):
    """``3``, or ``3（适宜）`` when the raster names its grades (``QueryRaster.labels``)."""
    label = (raster.labels or {}).get(float(value))
    if label in (None, ""):
        return f"{value:g}"
    return Text(f"{value:g}（{label}）", f"{value:g} ({label})")
