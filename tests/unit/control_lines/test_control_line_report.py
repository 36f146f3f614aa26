"""core.control_lines.control_line_report: the 三区三线 workbook, the layer table and the messages, from a real
check_control_lines run on hand-built squares of known area.

Layout (x in metres from the central meridian of EPSG:4527, all 100 m tall unless stated):
red line R1 0-200; farmland F1 50-150 and F2 200-260 (50 m tall); urban boundary K1 150-250;
base construction land 150-250 (60 m tall); townships 甲镇 0-100 and 乙镇 100-300. So:
HX_NT 5,000 m² in each township, KB_HX 5,000 m² and KB_NT 2,500 m² in 乙镇, and the expansion
multiple 10,000 / 6,000 = 1.6667 > 1.3 with 10,000 − 1.3 × 6,000 = 2,200 m² above the cap.
"""
import csv

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook

from multiplan.core.control_lines.checks import RULE_ORDER, AdminUnits, LineLayer, check_control_lines
from multiplan.core.control_lines.control_line_report import (FIELDS, SHEET_NAMES, area_text, layer_table, messages,
                                                              report_sheets, write_line_totals, write_report)
from multiplan.core.report import area_note
from multiplan.core.units import SQUARE_METRES_PER_MU

CRS = "EPSG:4527"
X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6
NOTE = area_note("ellipsoidal, CGCS2000")
LABELS = {"STBHHX": "生态保护红线", "YJJBNTTB": "永久基本农田", "CZKFBJ": "城镇开发边界"}


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def layer(*boxes, ids, name):
    return LineLayer(np.array([box(*b) for b in boxes], dtype=object), ids, name)


def admin():
    return AdminUnits(np.array([box(0, 0, 100, 100), box(100, 0, 300, 100)], dtype=object), ["001", "002"],
                      ["甲镇", "乙镇"])


def check(with_admin=True):
    return check_control_lines(
        CRS, ecological=layer((0, 0, 200, 100), ids=["R1"], name="STBHHX"),
        farmland=layer((50, 0, 150, 100), (200, 0, 260, 50), ids=["F1", "F2"], name="YJJBNTTB"),
        urban_boundary=layer((150, 0, 250, 100), ids=["K1"], name="CZKFBJ"),
        base_construction=layer((150, 0, 250, 60), ids=["B1"], name="CZJSYD"),
        admin=admin() if with_admin else None)


@pytest.fixture(scope="module")
def result():
    return check()


def table(path, name):
    """Header labels (Chinese part) and the rows below the header, as dicts."""
    sheet = load_workbook(path)[str(name)]
    headers = [cell.value.split("\n")[0] for cell in sheet[3]]
    return [dict(zip(headers, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=4)]


def test_four_sheets_with_merged_title_note_and_frozen_header(tmp_path, result):
    workbook = load_workbook(write_report(tmp_path / "检查.xlsx", result, NOTE, labels=LABELS))
    assert workbook.sheetnames == [str(name) for name in SHEET_NAMES] == [
        "汇总 Summary", "违规明细 Violations", "控制线面积 Line areas", "扩展倍数 Expansion"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A4"
        assert f"A1:{sheet.cell(row=3, column=sheet.max_column).column_letter}1" in {
            str(cells) for cells in sheet.merged_cells.ranges}
        assert sheet["A2"].value.startswith(NOTE)
        assert all("\n" in cell.value for cell in sheet[3])  # 中文 / English headers
    assert workbook[str(SHEET_NAMES[0])]["A1"].value == "三区三线检查汇总表 Control-line check summary"


def test_summary_has_every_rule_with_its_conclusion_and_a_count_total(tmp_path, result):
    rows = table(write_report(tmp_path / "r.xlsx", result, NOTE), SHEET_NAMES[0])
    by_rule = {row["规则编号"]: row for row in rows}
    assert [row["规则编号"] for row in rows] == [*RULE_ORDER, "合计 Total"]
    hx_nt = by_rule["HX_NT"]
    assert (hx_nt["规则名称"], hx_nt["严重程度"], hx_nt["检查情况"], hx_nt["数量"], hx_nt["结论"]) == (
        "生态保护红线与永久基本农田重叠", "错误", "已检查", 2, "不通过")
    assert hx_nt["规则名称（英文）"] == "Ecological red line overlaps basic farmland"
    assert hx_nt["面积（平方米）"] == pytest.approx(10_000, rel=REL)
    assert hx_nt["面积（亩）"] == pytest.approx(15, rel=REL)
    assert hx_nt["面积（公顷）"] == pytest.approx(1, rel=REL)
    # A warning rule never fails the check: its violations are to be looked at (需关注).
    assert by_rule["KB_NT"]["严重程度"] == "警告" and by_rule["KB_NT"]["结论"] == "需关注"
    assert (by_rule["FRAGMENT"]["数量"], by_rule["FRAGMENT"]["结论"]) == (0, "通过")
    assert by_rule["SQ_GAP"]["结论"] == "未检查" and by_rule["SQ_GAP"]["检查情况"] == "未检查：无三区图层"
    assert by_rule["EXPANSION"]["面积（平方米）"] == pytest.approx(2_200, rel=REL)  # above the cap
    total = by_rule["合计 Total"]
    assert total["数量"] == 5 and total["面积（平方米）"] is None  # rules overlap: areas are not added


def test_violations_with_a_subtotal_per_rule_and_a_total(tmp_path, result):
    rows = table(write_report(tmp_path / "r.xlsx", result, NOTE, labels=LABELS), SHEET_NAMES[1])
    assert [row["规则编号"] for row in rows] == ["HX_NT", "HX_NT", "HX_NT 小计", "KB_HX", "KB_HX 小计", "KB_NT",
                                             "KB_NT 小计", "EXPANSION", "EXPANSION 小计", "合计 Total"]
    subtotals = {row["规则编号"]: row["面积（平方米）"] for row in rows if row["规则编号"].endswith("小计")}
    assert subtotals == pytest.approx({"HX_NT 小计": 10_000, "KB_HX 小计": 5_000, "KB_NT 小计": 2_500,
                                       "EXPANSION 小计": 2_200}, rel=REL)
    assert rows[-1]["面积（平方米）"] == pytest.approx(19_700, rel=REL)
    assert rows[-1]["面积（亩）"] == pytest.approx(19_700 / SQUARE_METRES_PER_MU, rel=REL)
    assert rows[-1]["面积（公顷）"] == pytest.approx(1.97, rel=REL)
    first = rows[0]
    assert (first["图层"], first["要素编号"], first["对比图层"], first["对比要素编号"]) == ("STBHHX", "R1", "YJJBNTTB", "F1")
    assert (first["行政区代码"], first["行政区名称"], first["严重程度"]) == ("001", "甲镇", "错误")
    assert first["说明"] == "生态保护红线 R1 与 永久基本农田 F1 重叠 7.50 亩（甲镇）"
    expansion = rows[7]
    assert expansion["值"] == pytest.approx(10 / 6, rel=REL) and expansion["限值"] == 1.3
    assert expansion["X 坐标"] is None and expansion["行政区名称"] is None


def test_line_areas_per_admin_unit_with_subtotals_equal_to_the_union(tmp_path, result):
    rows = table(write_report(tmp_path / "r.xlsx", result, NOTE), SHEET_NAMES[2])
    keyed = [(row["控制线"], row["行政区名称"], row["面积（平方米）"]) for row in rows]
    assert [key[:2] for key in keyed] == [
        ("生态保护红线", "甲镇"), ("生态保护红线", "乙镇"), ("生态保护红线 小计", None),
        ("永久基本农田", "甲镇"), ("永久基本农田", "乙镇"), ("永久基本农田 小计", None),
        ("城镇开发边界", "乙镇"), ("城镇开发边界 小计", None),
        ("现状城镇建设用地", "乙镇"), ("现状城镇建设用地 小计", None)]
    assert [key[2] for key in keyed] == pytest.approx(
        [10_000, 10_000, 20_000, 5_000, 8_000, 13_000, 10_000, 10_000, 6_000, 6_000], rel=REL)
    assert rows[4]["图斑数"] == 2 and rows[4]["图层"] == "YJJBNTTB"


def test_without_admin_units_one_row_per_line_and_no_expansion_sheet_when_unchecked(tmp_path):
    plain = check(with_admin=False)
    rows = table(write_report(tmp_path / "r.xlsx", plain, NOTE), SHEET_NAMES[2])
    assert [(row["控制线"], row["图斑数"]) for row in rows] == [
        ("生态保护红线", 1), ("永久基本农田", 2), ("城镇开发边界", 1), ("现状城镇建设用地", 1)]
    assert [row["面积（亩）"] for row in rows] == pytest.approx([30, 19.5, 15, 9], rel=REL)
    alone = check_control_lines(CRS, farmland=layer((0, 0, 100, 100), ids=["F1"], name="YJJBNTTB"))
    workbook = load_workbook(write_report(tmp_path / "alone.xlsx", alone, NOTE))
    assert workbook.sheetnames == [str(name) for name in SHEET_NAMES[:3]]
    assert [row["规则编号"] for row in table(tmp_path / "alone.xlsx", SHEET_NAMES[1])] == []


def test_expansion_sheet(tmp_path, result):
    (row,) = table(write_report(tmp_path / "r.xlsx", result, NOTE), SHEET_NAMES[3])
    assert row["现状城镇建设用地（平方米）"] == pytest.approx(6_000, rel=REL)
    assert row["现状城镇建设用地（亩）"] == pytest.approx(9, rel=REL)
    assert row["城镇开发边界（公顷）"] == pytest.approx(1, rel=REL)
    assert row["扩展倍数"] == pytest.approx(10 / 6, rel=REL) and row["上限"] == 1.3
    assert row["超出上限面积（亩）"] == pytest.approx(3.3, rel=REL) and row["结论"] == "不通过"


def test_layer_table_and_messages(result):
    frame = layer_table(result.violations, "ellipsoidal", LABELS)
    assert list(frame.columns) == [name for name, _, _ in FIELDS]
    kb_nt = frame[frame["GZBH"] == "KB_NT"].iloc[0]
    assert (kb_nt["YZCD"], kb_nt["TC"], kb_nt["YSBH"], kb_nt["DBBH"], kb_nt["XZQDM"]) == (
        "警告", "CZKFBJ", "K1", "F2", "002")
    assert kb_nt["MJ"] == pytest.approx(2_500, rel=REL) and kb_nt["MJMU"] == pytest.approx(3.75, rel=REL)
    assert kb_nt["MJGQ"] == pytest.approx(0.25, rel=REL) and kb_nt["MJFF"] == "ellipsoidal"
    assert kb_nt["SM"] == "城镇开发边界 K1 占用 永久基本农田 F2 3.75 亩（乙镇）"
    assert shapely.box(X0 + 200, Y0, X0 + 250, Y0 + 50).contains(shapely.Point(kb_nt["ZXZB_X"], kb_nt["ZXZB_Y"]))
    expansion = frame[frame["GZBH"] == "EXPANSION"].iloc[0]
    assert expansion["SM"] == "城镇开发边界扩展倍数 1.6667，超过上限 1.3，超出上限的面积 3.30 亩"
    assert np.isnan(expansion["ZXZB_X"]) and expansion["XZ"] == 1.3
    # Without labels, the layer names themselves.
    assert messages(result.violations)[0] == "STBHHX R1 与 YJJBNTTB F1 重叠 7.50 亩（甲镇）"


def test_zone_and_fragment_messages():
    zones = LineLayer(np.array([box(0, 0, 100, 100), box(90, 0, 200, 100)], dtype=object), ["Z1", "Z2"], "SQ",
                      ["ecological", "agricultural"])
    red = LineLayer(np.array([box(150, 0, 155, 1), box(0, 0, 50, 50)], dtype=object), ["R1", "R2"], "STBHHX")
    found = check_control_lines(CRS, ecological=red, zones=zones, county=box(0, 0, 300, 100)).violations
    text = dict(zip(found["rule"], messages(found, {"SQ": "三区", "STBHHX": "生态保护红线"})))
    assert text["SQ_GAP"] == "县域内 15.00 亩 未划入三区"
    assert text["SQ_OVERLAP"] == "三区图斑 Z1,Z2 相互重叠 1.50 亩"
    assert text["HX_ZONE"] == "生态保护红线 R1 有 5.00 平方米 位于生态空间以外"
    assert text["FRAGMENT"] == "生态保护红线 R1 有碎片图斑 5.00 平方米（面积<400m²;宽度<2m）"


def test_small_areas_are_not_written_as_zero_mu():
    assert area_text(2000 / 3) == "1.00 亩"
    assert area_text(5.0) == "5.00 平方米"
    assert area_text(0.0067) == "0.0067 平方米"


def test_line_totals_csv_opens_in_excel(tmp_path, result):
    path = write_line_totals(tmp_path / "控制线面积.csv", result)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["控制线 Name"] for row in rows] == ["生态保护红线", "永久基本农田", "城镇开发边界", "现状城镇建设用地"]
    assert float(rows[1]["面积（平方米） Area (m²)"]) == pytest.approx(13_000, rel=REL)
    assert float(rows[1]["面积（亩） Area (mu)"]) == pytest.approx(19.5, rel=REL)


def test_sheets_can_be_built_without_writing(result):
    sheets = report_sheets(result, NOTE)
    assert [sheet.name for sheet in sheets] == [str(name) for name in SHEET_NAMES]
    assert len(sheets[1].rows) == len(result.violations)


# --------------------------------------------------------------------------- conclusions, language

def test_a_rule_that_only_warns_never_fails(tmp_path):
    warned = check_control_lines(CRS, farmland=layer((50, 0, 150, 100), ids=["F1"], name="YJJBNTTB"),
                                 urban_boundary=layer((100, 0, 250, 100), ids=["K1"], name="CZKFBJ"))
    assert warned.passed and set(warned.violations["severity"]) == {"warning"}
    path = write_report(tmp_path / "r.xlsx", warned, NOTE, labels=LABELS)
    rows = table(path, SHEET_NAMES[0])
    conclusions = {row["规则编号"]: row["结论"] for row in rows}
    assert conclusions["KB_NT"] == "需关注" and "不通过" not in conclusions.values()
    note = load_workbook(path)[str(SHEET_NAMES[0])]["A2"].value
    assert "总体结论：通过，1 处警告需关注" in note and "总体结论：不通过" not in note


def test_the_tolerance_is_stated_with_what_it_left_out(tmp_path):
    sliver = check_control_lines(CRS, ecological=layer((0, 0, 100, 100), ids=["R1"], name="STBHHX"),
                                 urban_boundary=layer((99.999, 0, 150, 100), ids=["K1"], name="CZKFBJ"))
    assert sliver.violations.empty and sliver.ignored["KB_HX"][0] == 1
    path = write_report(tmp_path / "r.xlsx", sliver, NOTE)
    summary = {row["规则编号"]: row for row in table(path, SHEET_NAMES[0])}
    assert (summary["KB_HX"]["数量"], summary["KB_HX"]["结论"]) == (0, "通过")
    note = load_workbook(path)[str(SHEET_NAMES[0])]["A2"].value
    assert "面积小于 1 平方米" in note and "本次忽略 1 处，共 0.10 平方米" in note
    assert table(path, SHEET_NAMES[1]) == []  # no 错误 0.00 亩 row


def test_layer_areas_have_the_agreed_decimals():
    decimals = {name: places for name, kind, places in FIELDS if kind is float}
    assert (decimals["MJ"], decimals["MJGQ"], decimals["MJMU"]) == (2, 4, 2)


def zone_result():
    zones = LineLayer(np.array([box(0, 0, 100, 100), box(90, 0, 200, 100)], dtype=object), ["Z1", "Z2"], "SQ",
                      ["ecological", "agricultural"])
    red = LineLayer(np.array([box(150, 0, 155, 1), box(0, 0, 50, 50)], dtype=object), ["R1", "R2"], "STBHHX")
    return check_control_lines(CRS, ecological=red, zones=zones, county=box(0, 0, 300, 100),
                               farmland=layer((40, 0, 120, 30), ids=["F1"], name="YJJBNTTB"),
                               suitability=LineLayer(np.array([box(0, 0, 300, 100)], dtype=object), ["S1"], "SYX",
                                                     ["适宜"]),
                               base_construction=layer((0, 0, 50, 50), ids=["B1"], name="CZJSYD"),
                               urban_boundary=layer((100, 50, 300, 100), ids=["K1"], name="CZKFBJ"),
                               admin=admin())


def test_chinese_deliverables_hold_no_english(tmp_path, monkeypatch):
    from deliverables import problems_in, workbook_texts

    from multiplan.core.control_lines.checks import line_label
    from multiplan.core.report import ZH, report_language

    labels = {"STBHHX": line_label("ecological"), "YJJBNTTB": line_label("farmland"),
              "CZKFBJ": line_label("urban_boundary")}
    with report_language(ZH):
        for result in (check(), zone_result()):
            path = write_report(tmp_path / "检查.xlsx", result, area_note("椭球面积"), labels=labels)
            assert problems_in(workbook_texts(path), words=True) == []
            table_texts = layer_table(result.violations, "椭球面积", labels)
            texts = [("layer", str(value)) for column in ("GZMC", "YZCD", "TC", "DBTC", "SM")
                     for value in table_texts[column] if value is not None]
            assert problems_in(texts, words=True) == []
            csv_path = write_line_totals(tmp_path / "控制线面积.csv", result)
            assert problems_in([("csv", csv_path.read_text(encoding="utf-8-sig"))], words=True) == []
        assert load_workbook(path).sheetnames == ["汇总", "违规明细", "控制线面积", "扩展倍数"]
        summary = {row["规则编号"]: row for row in table(path, "汇总")}
        assert summary["NT_UNSUITABLE"]["规则名称"] == "永久基本农田位于不适宜区"
        assert "规则名称（英文）" not in summary["HX_NT"]


def test_english_deliverables_are_english(tmp_path):
    import re

    from multiplan.core.control_lines.checks import line_label
    from multiplan.core.report import EN, report_language

    labels = {"STBHHX": line_label("ecological"), "YJJBNTTB": line_label("farmland"),
              "CZKFBJ": line_label("urban_boundary")}
    with report_language(EN):
        result = check()
        path = write_report(tmp_path / "check.xlsx", result, area_note("ellipsoidal"), labels=labels)
        workbook = load_workbook(path)
        assert workbook.sheetnames == ["Summary", "Violations", "Line areas", "Expansion"]
        cjk = re.compile(r"[\u4e00-\u9fff]")
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:  # Chinese only in the data: the township names
                    if isinstance(cell.value, str):
                        assert not cjk.search(cell.value.replace("甲镇", "").replace("乙镇", "")), cell.value
        first = {cell.value: value.value for cell, value in zip(workbook["Violations"][3], workbook["Violations"][4])}
        assert first["Message"] == "Ecological red line R1 overlaps basic farmland F1 by 7.50 mu (甲镇)"
        summary = {row[0].value: row for row in workbook["Summary"].iter_rows(min_row=4)}
        assert [cell.value for cell in summary["KB_NT"]][-1] == "to review"
        frame = layer_table(result.violations, "ellipsoidal", labels)
        kb_nt = frame[frame["GZBH"] == "KB_NT"].iloc[0]
        assert (kb_nt["YZCD"], kb_nt["GZMC"]) == ("warning", "Urban boundary takes basic farmland")
        assert kb_nt["SM"] == "Urban boundary K1 takes 3.75 mu of basic farmland F2 (乙镇)"
