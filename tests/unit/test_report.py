"""core.report: the Excel layout planning offices expect, read back with openpyxl."""
import pandas as pd
import pytest
from openpyxl import load_workbook

from multiplan.core.report import (AREA_HA, AREA_M2, EN, ZH, Column, Sheet, Text, area_note, pick, report_language,
                                   write_workbook)

COLUMNS = [Column("town", "乡镇", "Township"), Column("type", "类型", "Type"),
           Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
           Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True), Column("x", "X 坐标", "X", "0.000")]


@pytest.fixture
def rows():
    return pd.DataFrame({"town": ["城关镇", "城关镇", "东岗镇"], "type": ["重叠", "缝隙", "重叠"],
                         "area_m2": [1000.0, 500.0, 250.0], "area_ha": [0.1, 0.05, 0.025],
                         "x": [39_500_000.0, 39_500_100.0, 39_500_200.0]})


def test_layout_title_note_bilingual_header_frozen_filter(tmp_path, rows):
    path = write_workbook(tmp_path / "报告.xlsx", [Sheet("汇总", "质量检查汇总表", COLUMNS, rows,
                                                         note=area_note("ellipsoidal, CGCS2000"), total_label="合计 Total")])
    sheet = load_workbook(path)["汇总"]
    assert sheet["A1"].value == "质量检查汇总表"
    assert "A1:E1" in [str(r) for r in sheet.merged_cells.ranges]
    assert "1 亩 = 2000/3 平方米" in sheet["A2"].value and "ellipsoidal" in sheet["A2"].value
    assert [sheet.cell(3, c).value for c in range(1, 5)] == [
        "乡镇\nTownship", "类型\nType", "面积（平方米）\nArea (m²)", "面积（公顷）\nArea (ha)"]
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:E6"
    assert [sheet.cell(r, 3).value for r in range(4, 8)] == [1000.0, 500.0, 250.0, 1750.0]
    assert sheet["A7"].value == "合计 Total" and sheet["A7"].font.bold
    assert sheet["E7"].value is None  # coordinates are not added up
    assert sheet["C4"].number_format == AREA_M2 and sheet["D4"].number_format == AREA_HA
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$3"


def test_subtotal_rows_after_each_group(tmp_path, rows):
    path = write_workbook(tmp_path / "r.xlsx", [Sheet("按乡镇", "按乡镇统计", COLUMNS, rows, subtotal_by="town")])
    sheet = load_workbook(path)["按乡镇"]
    values = [(sheet.cell(r, 1).value, sheet.cell(r, 3).value) for r in range(4, 9)]
    assert values == [("城关镇", 1000.0), ("城关镇", 500.0), ("城关镇 小计", 1500.0), ("东岗镇", 250.0),
                      ("东岗镇 小计", 250.0)]


@pytest.mark.parametrize("language,header,title,total,subtotal,note_start", [
    (ZH, "乡镇", "质量检查汇总表", "合计", "城关镇 小计", "面积单位"),
    (EN, "Township", "Quality check summary", "Total", "城关镇 Subtotal", "Units"),
])
def test_one_language_per_report(tmp_path, rows, language, header, title, total, subtotal, note_start):
    with report_language(language):
        sheet = Sheet("汇总", Text("质量检查汇总表", "Quality check summary"), COLUMNS, rows,
                      note=area_note("ellipsoidal"), total_label=Text("合计", "Total"), subtotal_by="town")
        path = write_workbook(tmp_path / "r.xlsx", [sheet])
    cells = load_workbook(path)["汇总"]
    assert cells["A1"].value == title and cells["A3"].value == header
    assert cells["A2"].value.startswith(note_start)
    assert cells["A6"].value == subtotal
    assert cells["A9"].value == total
    other = {ZH: "Township", EN: "乡镇"}[language]
    assert other not in str([c.value for row in cells.iter_rows() for c in row])


def test_pick_and_text_follow_the_language():
    assert pick("合计", "Total") == "合计 Total"
    with report_language(ZH):
        assert pick("合计", "Total") == "合计" and str(Text("一{}", "one {}").format(1)) == "一1"
    with report_language(EN):
        assert pick("合计", "Total") == "Total"
    with pytest.raises(ValueError):
        with report_language("fr"):
            pass


def test_empty_sheet_still_has_headers(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [Sheet("空", "无问题", COLUMNS, pd.DataFrame(columns=[c.key for c in COLUMNS]))])
    sheet = load_workbook(path)["空"]
    assert sheet["A3"].value == "乡镇\nTownship" and sheet["A4"].value is None


def cells_of(path, sheet_name):
    """Every cell of a sheet as openpyxl reads it back: value, number format, bold, fill, border."""
    sheet = load_workbook(path)[sheet_name]
    return {(cell.row, cell.column): (cell.value, cell.number_format, cell.font.bold, cell.font.name,
                                      cell.fill.fgColor.rgb, cell.border.left.style)
            for row in sheet.iter_rows() for cell in row}, sheet


@pytest.mark.parametrize("subtotals", [False, True])
def test_long_sheets_written_as_xml_read_back_like_openpyxl_writes_them(tmp_path, monkeypatch, subtotals):
    """Sheets from FAST_ROWS rows on have their data rows written as worksheet XML: read back,
    every cell (values, text with XML specials and spaces, empty cells, number formats, bold
    subtotal and total rows, fills, borders), the filter and the frozen header equal those of the
    same sheet written cell by cell by openpyxl."""
    import multiplan.core.report as report

    n = 300
    rows = pd.DataFrame({"town": [["城关镇", "东岗镇 <东> & \"西\"", " 前后有空格 "][k % 3] for k in range(n)],
                         "type": [None if k % 7 == 0 else f"类型{k % 4}" for k in range(n)],
                         "area_m2": [k * 1.25 + 0.1 for k in range(n)], "area_ha": [k * 1.25e-4 for k in range(n)],
                         "x": [39_500_000 + k for k in range(n)]})
    rows.loc[5, "area_m2"] = float("nan")
    sheet = Sheet("台账", "差异图斑台账", COLUMNS, rows, note=area_note("ellipsoidal"), total_label="合计 Total",
                  subtotal_by="town" if subtotals else None)
    monkeypatch.setattr(report, "FAST_ROWS", 10 ** 9)
    slow = write_workbook(tmp_path / "slow.xlsx", [sheet])
    monkeypatch.setattr(report, "FAST_ROWS", 100)
    fast = write_workbook(tmp_path / "fast.xlsx", [Sheet("摘要", "摘要", COLUMNS, rows.head(3)), sheet])
    slow_cells, slow_sheet = cells_of(slow, "台账")
    fast_cells, fast_sheet = cells_of(fast, "台账")
    assert len(slow_cells) == len(fast_cells) >= 5 * (n + 4)
    assert fast_cells == slow_cells
    assert fast_sheet.auto_filter.ref == slow_sheet.auto_filter.ref and fast_sheet.freeze_panes == "A4"
    assert {"东岗镇 <东> & \"西\"", " 前后有空格 "} <= {value for (_, column), (value, *_) in fast_cells.items() if column == 1}
    assert cells_of(fast, "摘要")[0][(4, 1)][0] == "城关镇"  # a short sheet beside it, written as before
    # an independent reader (GDAL's XLSX driver) sees the same text and numbers
    from osgeo import ogr

    data_source = ogr.Open(str(fast))
    layer = data_source.GetLayerByName("台账")
    read = [feature.GetField(0) for feature in layer]
    data_source = None
    assert read.count("东岗镇 <东> & \"西\"") == read.count(" 前后有空格 ") == n // 3
