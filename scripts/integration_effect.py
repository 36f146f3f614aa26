#!/usr/bin/env python3
"""What 边界整合 did to the difference analysis of a chain run, in one line for the run log.

    python scripts/integration_effect.py OUTPUT_DIR

Reads the chain's results: the slivers and conflict patches of detect_conflicts on the integrated
plans (差异图斑*.gpkg) and on the plans as they came (差异图斑_未整合*.gpkg), and the area the
integration moved between features (the 边界整合_*.xlsx reports: half the sum of the area changes
of the integrated features). Prints the sliver counts before → after, the change of the total
conflict area and the area moved; exits 1 when a file is missing. Chinese unless MULTIPLAN_LOCALE
says otherwise. Used by scripts/run-county; the e2e test checks the same figures from the batch chain.
"""
import os
import sys
from pathlib import Path

from osgeo import ogr

SQM_PER_HA = 10_000.0
CHANGE_COLUMN = 8  # 面积变化（平方米） in the integration report (header on row 3)


def feature_count(path):
    dataset = ogr.Open(str(path))
    try:
        return dataset.GetLayer(0).GetFeatureCount()
    finally:
        dataset = None


def area_ha(path, field="AREA_HA"):
    dataset = ogr.Open(str(path))
    try:
        layer = dataset.GetLayer(0)
        return sum(feature.GetField(field) or 0.0 for feature in layer)
    finally:
        dataset = None


def moved_ha(report):
    from openpyxl import load_workbook

    sheet = load_workbook(report, read_only=True).worksheets[0]
    changes = [row[CHANGE_COLUMN] for row in sheet.iter_rows(min_row=4, values_only=True)
               if len(row) > CHANGE_COLUMN and isinstance(row[CHANGE_COLUMN], (int, float))
               and isinstance(row[3], int)]  # feature rows (vertices moved), not the 合计 row
    return sum(abs(change) for change in changes) / 2 / SQM_PER_HA


def effect(out):
    out = Path(out)
    reports = sorted(out.glob("边界整合_*.xlsx"))
    if not reports:
        raise FileNotFoundError(out / "边界整合_*.xlsx")
    return {"slivers_before": feature_count(out / "差异图斑_未整合_碎片.gpkg"),
            "slivers_after": feature_count(out / "差异图斑_碎片.gpkg"),
            "area_before_ha": area_ha(out / "差异图斑_未整合.gpkg"),
            "area_after_ha": area_ha(out / "差异图斑.gpkg"),
            "moved_ha": sum(moved_ha(report) for report in reports)}


def sentence(figures, chinese=True):
    change = figures["area_after_ha"] - figures["area_before_ha"]
    if chinese:
        return ("边界整合的效果：差异分析碎片 {slivers_before} 个 → {slivers_after} 个；差异图斑总面积 "
                "{area_before_ha:.4f} → {area_after_ha:.4f} 公顷（变化 {change:+.4f} 公顷），"
                "整合在图斑之间移动面积 {moved_ha:.4f} 公顷。").format(change=change, **figures)
    return ("Effect of boundary integration: difference-analysis slivers {slivers_before} → {slivers_after}; "
            "total conflict area {area_before_ha:.4f} → {area_after_ha:.4f} ha (change {change:+.4f} ha); "
            "area moved between features by the integration {moved_ha:.4f} ha.").format(change=change, **figures)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    try:
        figures = effect(argv[1])
    except (FileNotFoundError, AttributeError) as error:
        print(f"integration_effect: {error}", file=sys.stderr)
        return 1
    print(sentence(figures, chinese=os.environ.get("MULTIPLAN_LOCALE", "zh_CN").startswith("zh")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
