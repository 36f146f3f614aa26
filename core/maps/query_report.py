"""The 一张图查询 workbook: all locations in the first sheet, then one sheet per location.

Written the same way by the batch algorithm (``multiplan:query_location``) and the dock's *Export
to Excel*, from the rows :func:`core.maps.query.query` returns.
"""
import re

from ..report import AREA_HA, AREA_MU, PERCENT, Column, Sheet, Text, area_note, write_workbook
from ..wording import ELLIPSOIDAL, sheet_name

MAX_SHEETS = 100  # one sheet per location up to this many; all of them are in the first sheet anyway
_INVALID_IN_SHEET_NAMES = re.compile(r"[\\/:*?\[\]]")  # characters Excel refuses in a sheet's name


def report_sheets(rows, ids):
    """The sheets of the query workbook: ``rows`` from :func:`core.maps.query.query`, ``ids`` the
    locations in their order (a sheet each, up to :data:`MAX_SHEETS`)."""
    note = area_note(ELLIPSOIDAL)
    columns = [Column("location", "位置", "Location"), Column("layer", "图层", "Layer"),
               Column("feature", "要素", "Feature"), Column("area_ha", "相交面积（公顷）", "Area met (ha)", AREA_HA),
               Column("area_mu", "相交面积（亩）", "Area met (mu)", AREA_MU),
               Column("share", "占位置面积", "Share of the location", PERCENT),
               Column("attributes", "属性或取值", "Attributes or values", width=80)]
    sheets = [Sheet(sheet_name("全部位置", "All locations"), Text("一张图查询结果", "One-map query"), columns, rows,
                    note=note)]
    for location in list(dict.fromkeys(ids))[:MAX_SHEETS]:
        mine = rows[rows["location"] == location]
        sheets.append(Sheet(_INVALID_IN_SHEET_NAMES.sub("_", str(location)[:31]) or "-",
                            Text(f"位置 {location}", f"Location {location}"), columns[1:], mine, note=note))
    return sheets


def write_report(path, rows, ids):
    """Write the query workbook to ``path`` (.xlsx) in the current report language."""
    return write_workbook(path, report_sheets(rows, ids))
