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
