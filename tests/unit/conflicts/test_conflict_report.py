"""core.conflicts.conflict_report: the conflict ledger workbook, from hand-built patch tables of known
areas (1 亩 = 2000/3 m², so 亩 figures are exact) and from real detect_conflicts output."""
import numpy as np
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook

from multiplan.core.conflicts.conflict_report import ledger_sheets, write_ledger
from multiplan.core.conflicts.detection import Layer, Plan, detect_conflicts, field_spec, layer_table
from multiplan.core.report import area_note
from multiplan.core.units import SQUARE_METRES_PER_MU, to_hectares, to_mu

PLANS = ["城规", "土规"]
SHEETS = ["汇总 Summary", "分乡镇 By admin unit", "冲突台账 Ledger", "处理进度 Review progress"]
NOTE = area_note("ellipsoidal, CGCS2000")
X0, Y0 = 39_500_000.0, 3_500_000.0


def patch(patch_id, kind, name, mu, admin=(None, None), flags=(), status="未审查", suggestion=None, decision=None,
          **fields):
    """One row of the patch layer: every field None except those given."""
    row = {field: None for field, _, _ in field_spec(2)}
    m2 = mu * SQUARE_METRES_PER_MU
    row.update({"CYTBBH": patch_id, "CYLX": kind, "CYLXMC": name, "GH1": "城规", "GH2": "土规",
                "STBHHX": 0, "YJJBNT": 0, "CZKFBJ": 0, "YPXM": 0, "XZQDM": admin[0], "XZQMC": admin[1],
                "AREA_M2": m2, "AREA_HA": to_hectares(m2), "AREA_MU": to_mu(m2), "AREA_MTHD": "ellipsoidal",
                "X": X0, "Y": Y0, "SHZT": status, "JYCLMC": suggestion, "CLJDMC": decision})
    row.update({flag: 1 for flag in flags})
    row.update(fields)
    return row


@pytest.fixture
def patches():
    """Four patches (10 + 5 + 2.5 + 1 亩) in 甲镇, 乙镇 and outside both, listed out of id order."""
    return pd.DataFrame([
        patch("CY0020001", "JS_01", "土规建设城规非建设", 2.5, ("002", "乙镇"), flags=("CZKFBJ",), status="暂缓",
              suggestion="保留土规"),
        patch("CY0010001", "JS_10", "城规建设土规非建设", 10, ("001", "甲镇"), suggestion="保留城规",
              GH1DM="R2", GH1MC="二类居住用地", GH1YDYH="070102", GH1YDMC="二类城镇住宅用地",
              GH2DM="111", GH2MC="耕地", GH2YDYH="01", GH2YDMC="耕地", JYLY=np.nan),
        patch("CY0010002", "NT_JS", "永久基本农田内规划建设用地", 5, ("001", "甲镇"), flags=("STBHHX", "YJJBNT"),
              status="已审查", suggestion="调出建设用地", decision="调整城规", CLLY="按永久基本农田保护要求"),
        patch("CY0001", "JS_10", None, 1, status="已审查", suggestion="保留城规", decision="保留城规", CLJD=np.nan),
    ])


@pytest.fixture
def summary():
    """ConflictResult.summary for the same patches plus 0.5 亩 of slivers and 81 亩 of agreement."""
    rows = [("JS_10", "城规建设土规非建设", True, 2, 11, 0, 0), ("YZ", "规划一致", False, 0, 81, 0, 0),
            ("JS_01", "土规建设城规非建设", True, 1, 2.5, 1, 0.5),
            ("NT_JS", "永久基本农田内规划建设用地", True, 1, 5, 0, 0)]
    return pd.DataFrame([{"type": t, "name_zh": n, "name_en": n, "is_conflict": c, "count": k,
                          "area_m2": mu * SQUARE_METRES_PER_MU, "sliver_count": sk,
                          "sliver_area_m2": smu * SQUARE_METRES_PER_MU} for t, n, c, k, mu, sk, smu in rows])


def table(sheet):
    """Header labels (Chinese part) and data rows below the header, as dicts."""
    headers = [cell.value.split("\n")[0] for cell in sheet[3]]
    return headers, [dict(zip(headers, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=4)]


def read(path, name):
    return table(load_workbook(path)[name])


def test_four_sheets_with_bilingual_titles_and_note(tmp_path, patches):
    workbook = load_workbook(write_ledger(tmp_path / "台账.xlsx", patches, PLANS, NOTE))
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert sheet["A2"].value.startswith(NOTE) and sheet.freeze_panes == "A4"
        assert all("\n" in cell.value for cell in sheet[3])  # 中文 / English
    assert workbook["冲突台账 Ledger"]["A1"].value == "多规差异图斑冲突台账 Conflict ledger"


def test_summary_from_patches_in_conflict_order_with_total(tmp_path, patches):
    headers, rows = read(write_ledger(tmp_path / "r.xlsx", patches, PLANS, NOTE), SHEETS[0])
    assert "碎片图斑数" not in headers
    assert [(r["类型代码"], r["差异类型"], r["图斑数"]) for r in rows[:-1]] == [
        ("NT_JS", "永久基本农田内规划建设用地", 1), ("JS_01", "土规建设城规非建设", 1), ("JS_10", "城规建设土规非建设", 2)]
    assert [r["面积（亩）"] for r in rows[:-1]] == pytest.approx([5, 2.5, 11], abs=1e-6)
    total = rows[-1]
    assert total["类型代码"] == "合计 Total" and total["图斑数"] == 4
    assert total["面积（亩）"] == pytest.approx(18.5, abs=1e-6)
    assert total["面积（平方米）"] == pytest.approx(18.5 * 2000 / 3, abs=1e-6)
    assert total["面积（公顷）"] == pytest.approx(18.5 * 2000 / 3 / 10_000, abs=1e-9)
    assert total["占差异图斑面积比例"] == pytest.approx(1.0)


def test_summary_from_detection_adds_agreement_and_slivers_and_shares_sum_to_one(tmp_path, patches, summary):
    headers, rows = read(write_ledger(tmp_path / "r.xlsx", patches, PLANS, NOTE, summary), SHEETS[0])
    assert [r["类型代码"] for r in rows] == ["NT_JS", "JS_01", "JS_10", "YZ", "合计 Total"]
    agreement, total = rows[3], rows[4]
    assert agreement["图斑数"] is None and agreement["面积（亩）"] == pytest.approx(81, abs=1e-6)
    assert rows[1]["碎片图斑数"] == 1 and rows[1]["碎片面积（亩）"] == pytest.approx(0.5, abs=1e-6)
    assert total["图斑数"] == 4 and total["碎片图斑数"] == 1
    assert total["面积（亩）"] + total["碎片面积（亩）"] == pytest.approx(100, abs=1e-6)  # the union, once
    assert sum(r["占总面积比例（含碎片）"] for r in rows[:-1]) == pytest.approx(1.0)
    assert rows[1]["占总面积比例（含碎片）"] == pytest.approx(0.03)  # (2.5 + 0.5) / 100
    assert total["占总面积比例（含碎片）"] == pytest.approx(1.0)


def test_by_admin_unit_subtotals_and_unassigned_last(tmp_path, patches):
    _, rows = read(write_ledger(tmp_path / "r.xlsx", patches, PLANS, NOTE), SHEETS[1])
    assert [(r["行政区代码"], r["乡镇"], r["差异类型"], r["图斑数"]) for r in rows] == [
        ("001", "甲镇", "永久基本农田内规划建设用地", 1), ("001", "甲镇", "城规建设土规非建设", 1),
        (None, "甲镇 小计", None, 2),
        ("002", "乙镇", "土规建设城规非建设", 1), (None, "乙镇 小计", None, 1),
        (None, "（未落入行政区）", "城规建设土规非建设", 1), (None, "（未落入行政区） 小计", None, 1),
        ("合计 Total", None, None, 4)]
    assert [r["面积（亩）"] for r in rows if "小计" in (r["乡镇"] or "")] == pytest.approx([15, 2.5, 1], abs=1e-6)
    assert rows[-1]["面积（亩）"] == pytest.approx(18.5, abs=1e-6)


def test_ledger_one_row_per_patch_with_plans_and_control_lines(tmp_path, patches):
    path = write_ledger(tmp_path / "r.xlsx", patches, PLANS, NOTE)
    headers, rows = read(path, SHEETS[2])
    assert {"城规代码", "城规地类", "城规用地用海", "土规代码", "土规地类", "土规用地用海"} <= set(headers)
    assert [r["差异图斑编号"] for r in rows] == ["CY0001", "CY0010001", "CY0010002", "CY0020001", "合计 Total"]
    by_id = {r["差异图斑编号"]: r for r in rows}
    assert by_id["CY0010002"]["涉及管控线"] == "生态保护红线、永久基本农田"
    assert by_id["CY0020001"]["涉及管控线"] == "城镇开发边界"
    assert by_id["CY0010001"]["涉及管控线"] is None
    first = by_id["CY0010001"]
    assert (first["城规代码"], first["城规地类"], first["城规用地用海"]) == ("R2", "二类居住用地", "070102 二类城镇住宅用地")
    assert first["土规用地用海"] == "01 耕地" and first["建议理由"] is None  # NaN → empty cell
    assert first["乡镇"] == "甲镇" and first["面积（亩）"] == pytest.approx(10, abs=1e-6)
    unassigned = by_id["CY0001"]
    assert unassigned["乡镇"] == "（未落入行政区）" and unassigned["差异类型"] == "城规建设土规非建设"  # from CYLX
    assert (unassigned["处理决定"], unassigned["审查状态"]) == ("保留城规", "已审查")
    assert by_id["合计 Total"]["面积（亩）"] == pytest.approx(18.5, abs=1e-6)
    sheet = load_workbook(path)[SHEETS[2]]
    widths = {header: sheet.column_dimensions[cell.column_letter].width for header, cell in zip(headers, sheet[3])}
    assert widths["建议理由"] == 40 and widths["处理规则"] == 30


def test_progress_by_status_and_decision(tmp_path, patches):
    _, rows = read(write_ledger(tmp_path / "r.xlsx", patches, PLANS, NOTE), SHEETS[3])
    assert [(r["审查状态"], r["处理决定/建议处理"], r["依据"], r["图斑数"]) for r in rows] == [
        ("未审查", "保留城规", "建议处理", 1), ("未审查 小计", None, None, 1),
        ("已审查", "保留城规", "处理决定", 1), ("已审查", "调整城规", "处理决定", 1), ("已审查 小计", None, None, 2),
        ("暂缓", "保留土规", "建议处理", 1), ("暂缓 小计", None, None, 1),
        ("合计 Total", None, None, 4)]
    subtotals = [r for r in rows if "小计" in r["审查状态"]]
    assert [r["面积（亩）"] for r in subtotals] == pytest.approx([10, 6, 2.5], abs=1e-6)
    assert rows[-1]["面积（亩）"] == pytest.approx(18.5, abs=1e-6) and rows[-1]["面积占比"] == pytest.approx(1.0)


def test_empty_patches_still_give_four_sheets_with_headers(tmp_path, summary):
    empty = pd.DataFrame(columns=[field for field, _, _ in field_spec(2)])
    for frame, given in ((empty, None), (pd.DataFrame(), None), (empty, summary.iloc[0:0])):
        workbook = load_workbook(write_ledger(tmp_path / "empty.xlsx", frame, PLANS, NOTE, given))
        assert workbook.sheetnames == SHEETS
        for sheet in workbook.worksheets:
            assert sheet["A3"].value and sheet.max_row == 3
        assert workbook[SHEETS[2]]["D3"].value == "城规代码\n城规 code"


def test_sheets_built_in_memory_name_their_columns_once(patches, summary):
    for sheet in ledger_sheets(patches, PLANS, NOTE, summary):
        keys = [column.key for column in sheet.columns]
        assert len(keys) == len(set(keys)) and set(keys) <= set(sheet.rows.columns)


def test_real_detection_output_fits_the_ledger(tmp_path):
    def box(x0, y0, x1, y1):
        return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)

    chenggui = Plan("城规", np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)]), ["R2", "E2"], "chenggui")
    tugui = Plan("土规", np.array([box(0, 0, 50, 100), box(50, 0, 200, 100)]), ["211", "111"], "tugui")
    admin = Layer(np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)]), codes=["001", "002"], names=["甲镇", "乙镇"])
    result = detect_conflicts([chenggui, tugui], "EPSG:4527", admin=admin)
    frame = layer_table(result.patches, result.plan_names, "ellipsoidal")
    assert len(frame)
    path = write_ledger(tmp_path / "real.xlsx", frame, result.plan_names, NOTE, result.summary)

    _, ledger = read(path, SHEETS[2])
    assert len(ledger) == len(frame) + 1
    first = ledger[0]
    assert (first["差异图斑编号"], first["乡镇"], first["城规代码"], first["土规代码"]) == (
        frame["CYTBBH"].iloc[0], "甲镇", "R2", "111")
    assert first["审查状态"] == "未审查" and first["涉及管控线"] is None
    assert ledger[-1]["面积（亩）"] == pytest.approx(frame["AREA_MU"].sum(), abs=1e-6)

    _, rows = read(path, SHEETS[0])
    assert sum(r["占总面积比例（含碎片）"] for r in rows[:-1]) == pytest.approx(1.0)
    assert rows[-1]["面积（平方米）"] + rows[-1]["碎片面积（亩）"] * SQUARE_METRES_PER_MU == pytest.approx(
        result.total_area_m2, abs=1e-3)
    _, admin_rows = read(path, SHEETS[1])
    assert "甲镇 小计" in [r["乡镇"] for r in admin_rows]
    _, progress = read(path, SHEETS[3])
    assert progress[-1]["图斑数"] == len(frame)


# -- issue 16: the ledger in the report language ------------------------------------------------------

def ledger_in(language, tmp_path, patches, summary):
    from multiplan.core.conflicts.conflict_report import sliver_note
    from multiplan.core.conflicts.detection import ELLIPSOIDAL_METHOD
    from multiplan.core.report import report_language

    with report_language(language):
        note = area_note(ELLIPSOIDAL_METHOD, sliver_note(44.44, 2))
        return write_ledger(tmp_path / f"{language}.xlsx", patches, PLANS, note, summary)


def test_a_chinese_ledger_has_no_english(tmp_path, patches, summary):
    from deliverables import problems_in, workbook_texts

    for given in (summary, None):  # from detection (with slivers) and from a patch layer alone
        path = ledger_in("zh", tmp_path, patches.assign(JYLY="规则理由", CLGZ="R09"), given)
        assert problems_in(workbook_texts(path), words=True) == []
        workbook = load_workbook(path)
        assert workbook.sheetnames == ["汇总", "分乡镇", "冲突台账", "处理进度"]
        assert "最小图斑面积 44.44 平方米" in workbook["汇总"]["A2"].value
        assert workbook["冲突台账"]["A3"].value == "差异图斑编号"


def test_an_english_ledger_is_english(tmp_path, patches, summary):
    import re

    path = ledger_in("en", tmp_path, patches, summary)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Summary", "By admin unit", "Ledger", "Review progress"]
    chinese = re.compile(r"[\u4e00-\u9fff]")
    for sheet in workbook.worksheets:
        for cell in (sheet["A1"], sheet["A2"], *sheet[3]):  # title, note, headers (plan names aside)
            assert not chinese.search(cell.value.replace("城规", "").replace("土规", "")), cell.value
    assert "minimum patch area 44.44 m²" in workbook["Summary"]["A2"].value
    rows = {row[0].value: row for row in workbook["Summary"].iter_rows(min_row=4)}
    assert rows["YZ"][2].value == "Agreement" and rows["Total"][3].value == 4
    ledger = {row[0].value: [cell.value for cell in row] for row in workbook["Ledger"].iter_rows(min_row=4)}
    headers = [cell.value for cell in workbook["Ledger"][3]]
    first = dict(zip(headers, ledger["CY0010002"]))
    assert first["Control lines"] == "ecological red line, permanent basic farmland"
    assert first["Review status"] == "reviewed"
    assert dict(zip(headers, ledger["CY0001"]))["Township"] == "(outside every admin unit)"
    statuses = [row[0].value for row in workbook["Review progress"].iter_rows(min_row=4)]
    assert statuses[:2] == ["not reviewed", "not reviewed Subtotal"] and statuses[-1] == "Total"
