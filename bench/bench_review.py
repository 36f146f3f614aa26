#!/usr/bin/env python3
"""Benchmark: loading 100,000 difference patches into the conflict review dock's table.

    source scripts/env.sh && .venv/bin/python bench/bench_review.py [--rows 100000] [--workdir DIR]

1. Writes a patch GeoPackage of ``--rows`` small squares with the fields of
   ``multiplan:detect_conflicts`` (two plans), types, towns, areas and statuses varied (GDAL,
   untimed).
2. Times, in one process, on the same layer:
   (a) MultiPlan: ``ConflictReviewDock.open_layer`` (fields check, column read without
       geometry, model reset, filter boxes, progress) and a filter by type + area;
   (b) the plain alternative: a ``QStandardItemModel`` filled cell by cell from the same
       features (what a first dock usually does), and the same filter through a
       ``QSortFilterProxyModel`` with a Python ``filterAcceptsRow``.
3. Prints both times and the ratio (b)/(a). Exits 1 when (a) takes 2 s or more (the issue's
   limit for 100,000 rows).
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".build" / "plugins"))


def write_patches(path, rows):
    from osgeo import ogr, osr

    from multiplan.core.conflicts import detection as cf

    driver = ogr.GetDriverByName("GPKG")
    source = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = source.CreateLayer("patches", srs, ogr.wkbMultiPolygon)
    kinds = {str: ogr.OFTString, int: ogr.OFTInteger64, float: ogr.OFTReal}
    for name, kind, _ in cf.field_spec(2):
        layer.CreateField(ogr.FieldDefn(name, kinds[kind]))
    types = ["HX_JS", "NT_JS", "YT", "KB_HX", "JS_10", "JS_01"]
    towns = [f"{n}镇" for n in "甲乙丙丁戊己庚辛"]
    statuses = [cf.STATUS_PENDING] * 6 + [cf.STATUS_REVIEWED] * 3 + [cf.STATUS_DEFERRED]
    layer.StartTransaction()
    definition = layer.GetLayerDefn()
    for k in range(rows):
        x, y = 39_500_000 + (k % 1000) * 30, 3_500_000 + (k // 1000) * 30
        feature = ogr.Feature(definition)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"MULTIPOLYGON((({x} {y},{x + 20} {y},{x + 20} {y + 20},{x} {y + 20},{x} {y})))"))
        feature.SetField(cf.PATCH_ID, f"CY{k + 1:06d}")
        feature.SetField(cf.TYPE, types[k % 6])
        feature.SetField(cf.TYPE_NAME, types[k % 6] + "差异")
        feature.SetField("GH1", "城规")
        feature.SetField("GH2", "土规")
        feature.SetField(cf.ADMIN_NAME, towns[k % 8])
        feature.SetField(cf.AREA_M2, 400.0 + k % 97)
        feature.SetField(cf.SUGGESTION_NAME, "保留土规")
        feature.SetField(cf.STATUS, statuses[k % 10])
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    source = None


class Iface:
    """The two calls the dock makes of QGIS's interface (build it after QgsApplication exists)."""

    def __init__(self):
        from qgis.gui import QgsMapCanvas, QgsMessageBar

        self.canvas, self.bar = QgsMapCanvas(), QgsMessageBar()

    def mapCanvas(self):  # noqa: N802
        return self.canvas

    def messageBar(self):  # noqa: N802
        return self.bar


def time_multiplan(layer, iface):
    from multiplan.core.conflicts import review
    from multiplan.ui.review_dock import ConflictReviewDock

    dock = ConflictReviewDock(iface)
    start = time.perf_counter()
    dock.open_layer(layer)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    dock.model.set_filter(review.PatchFilter(type_name="YT差异", min_area_mu=0.65))
    filtered = time.perf_counter() - start
    rows = dock.model.rowCount(), dock.model.table.__len__()
    dock.unload()
    return loaded, filtered, rows


def time_plain(layer):
    from qgis.core import QgsFeatureRequest
    from qgis.PyQt.QtCore import QSortFilterProxyModel
    from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel

    names = ["CYTBBH", "CYLXMC", "XZQMC", "AREA_M2", "JYCLMC", "CLJDMC", "SHZT"]
    start = time.perf_counter()
    model = QStandardItemModel(0, len(names))
    for feature in layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)):
        model.appendRow([QStandardItem("" if feature[name] is None else str(feature[name])) for name in names])
    loaded = time.perf_counter() - start

    class Proxy(QSortFilterProxyModel):
        def filterAcceptsRow(self, row, parent):  # noqa: N802
            source = self.sourceModel()
            area = float(source.index(row, 3, parent).data() or 0) * 3 / 2000
            return source.index(row, 1, parent).data() == "YT差异" and area >= 0.65

    start = time.perf_counter()
    proxy = Proxy()
    proxy.setSourceModel(model)
    count = proxy.rowCount()
    filtered = time.perf_counter() - start
    return loaded, filtered, (count, model.rowCount())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workdir", default=None)
    arguments = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication, QgsVectorLayer

    app = QgsApplication([], True)
    app.initQgis()
    iface = Iface()
    folder = Path(arguments.workdir or tempfile.mkdtemp(prefix="bench_review_"))
    path = folder / "patches.gpkg"
    if not path.exists():
        print(f"writing {arguments.rows:,} patches to {path} …", flush=True)
        write_patches(path, arguments.rows)
    layer = QgsVectorLayer(f"{path}|layername=patches", "patches", "ogr")
    ours = time_multiplan(layer, iface)
    plain = time_plain(layer)
    print(f"rows: {ours[2][1]:,}; after the filter: MultiPlan {ours[2][0]:,}, plain {plain[2][0]:,}")
    print(f"(a) MultiPlan review dock: load {ours[0]:.2f} s, filter {ours[1] * 1000:.0f} ms")
    print(f"(b) QStandardItemModel + proxy: load {plain[0]:.2f} s, filter {plain[1] * 1000:.0f} ms")
    print(f"ratio (b)/(a): load {plain[0] / ours[0]:.1f}x, filter {plain[1] / max(ours[1], 1e-6):.1f}x")
    if ours[2][0] != plain[2][0]:
        print("FAIL: the two filters disagree")
        return 1
    if ours[0] >= 2.0:
        print(f"FAIL: loading {arguments.rows:,} rows took {ours[0]:.2f} s (limit 2 s)")
        return 1
    print("OK: under 2 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
