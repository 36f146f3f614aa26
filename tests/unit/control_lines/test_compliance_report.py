"""core.control_lines.compliance_report: the pre-review workbook and layer tables, from check_projects results on
hand-built squares near the central meridian of EPSG:4527 (ellipsoidal = plane area to ~1e-8)."""
import numpy as np
import pytest
import shapely
from openpyxl import load_workbook

from deliverables import problems_in, workbook_texts
from multiplan.core.control_lines.compliance import ReviewLayer, check_projects
from multiplan.core.control_lines.compliance_report import (AREA_METHOD, NOTES_SHEET, OVERLAP_FIELDS, PROJECT_FIELDS,
                                                            SHEET_NAMES, overlap_layer_table, overlap_rows,
                                                            project_fields, project_layer_table, project_rows,
                                                            relation_rows, report_sheets, verdict_rows, write_report)
from multiplan.core.report import area_note, report_language
from multiplan.core.units import to_mu

CRS = "EPSG:4527"
X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6
NOTE = area_note("ellipsoidal, CGCS2000")


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


@pytest.fixture
def result():
    """P1 0..100²: red line from x = 70 (3,000 m²), survey 0101 below y = 40 (4,000 m²) and 0601 above
    (6,000 m²). P2 100..200 × 0..100 lies in the red line entirely (10,000 m²) and only in 0601."""
    projects = np.array([box(0, 0, 100, 100), box(200, 0, 300, 100)], dtype=object)
    red = ReviewLayer("生态保护红线", "ecological", np.array([box(70, 0, 400, 100)], dtype=object),
                      feature_ids=["HX01"])
    survey = ReviewLayer("地类图斑", "survey", np.array([box(0, 0, 100, 40), box(0, 40, 400, 100),
                                                          box(100, 0, 400, 40)], dtype=object),
                         classes=["0101", "0601", "0601"], feature_ids=[11, 12, 13])
    return check_projects(projects, CRS, [red, survey], project_ids=["XM-1", "XM-2"],
                          project_names=["一号项目", "二号项目"])


def test_display_tables_carry_bilingual_labels_and_three_area_units(result):
    projects = project_rows(result)
    assert list(projects["status_label"]) == ["不通过 fail", "不通过 fail"]
    assert projects.loc[0, "area_ha"] == pytest.approx(1.0, rel=REL)
    assert projects.loc[0, "area_mu"] == pytest.approx(15.0, rel=REL)
    verdicts = verdict_rows(result)
    assert list(verdicts["rule_label"]) == ["HX 生态保护红线 Ecological protection red line",
                                            "GD 耕地占用 Cultivated land occupied"] * 2
    assert list(verdicts["status_label"]) == ["不通过 fail", "需关注 attention", "不通过 fail", "通过 pass"]
    assert list(verdicts["project_name"]) == ["一号项目", "一号项目", "二号项目", "二号项目"]
    overlaps = overlap_rows(result)
    p1 = overlaps[overlaps["project_id"] == "XM-1"]
    assert list(p1["class"]) == [None, "0101", "0601"]
    assert list(p1["area_m2"]) == pytest.approx([3000.0, 4000.0, 6000.0], rel=REL)
    assert list(p1["area_ha"]) == pytest.approx([0.3, 0.4, 0.6], rel=REL)
    assert list(p1["area_mu"]) == pytest.approx([4.5, 6.0, 9.0], rel=REL)
    assert list(p1["share"]) == pytest.approx([0.3, 0.4, 0.6], rel=REL)
    assert list(p1["group"]) == ["XM-1 生态保护红线", "XM-1 地类图斑", "XM-1 地类图斑"]
    assert list(p1["kind_label"])[0] == "生态保护红线 ecological red line"
    relations = relation_rows(result)
    assert list(relations["relation_label"]) == ["占用 overlaps"] * 4
    assert relations.loc[0, "area_m2"] == pytest.approx(3000.0, rel=REL)


def test_workbook_has_the_four_sheets_with_subtotals_per_project_and_layer(result, tmp_path):
    path = write_report(tmp_path / "预审.xlsx", result, NOTE)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [str(name) for name in SHEET_NAMES]
    assert workbook.sheetnames[2] == "叠加明细 Overlaps"  # not 占用: the urban boundary is not occupied
    summary = workbook[str(SHEET_NAMES[0])]
    assert summary.cell(row=3, column=1).value == "项目编号\nProject id"
    assert [summary.cell(row=r, column=1).value for r in (4, 5, 6)] == ["XM-1", "XM-2", "合计 Total"]
    assert summary.cell(row=6, column=3).value == pytest.approx(20_000.0, rel=REL)  # 合计 of m²
    assert summary.cell(row=4, column=6).value == "不通过 fail"

    detail = workbook[str(SHEET_NAMES[2])]
    rows = [[cell.value for cell in row] for row in detail.iter_rows(min_row=4)]
    labels = [row[0] for row in rows]
    # XM-1: red line, subtotal, two survey classes, subtotal; then XM-2 likewise.
    assert labels == ["XM-1 生态保护红线", "XM-1 生态保护红线 小计", "XM-1 地类图斑", "XM-1 地类图斑",
                      "XM-1 地类图斑 小计", "XM-2 生态保护红线", "XM-2 生态保护红线 小计", "XM-2 地类图斑",
                      "XM-2 地类图斑 小计"]
    header = [detail.cell(row=3, column=c).value.split("\n")[0] for c in range(1, detail.max_column + 1)]
    m2, share = header.index("面积（平方米）"), header.index("占项目面积比例")
    assert rows[4][m2] == pytest.approx(10_000.0, rel=REL)  # survey classes add up to the project
    assert rows[4][share] == pytest.approx(1.0, rel=REL)
    assert rows[1][m2] == pytest.approx(3000.0, rel=REL)

    relations = workbook[str(SHEET_NAMES[3])]
    assert relations.cell(row=4, column=4).value.startswith("生态保护红线")
    verdicts = workbook[str(SHEET_NAMES[1])]
    assert "3000.00 m²" in verdicts.cell(row=4, column=5).value


def test_notes_get_their_own_sheet_only_when_there_are_some(result):
    assert [s.name for s in report_sheets(result, NOTE)] == [str(name) for name in SHEET_NAMES]
    sheets = report_sheets(result, NOTE, ["red line of XM-1 repaired"])
    assert sheets[-1].name == str(NOTES_SHEET) and list(sheets[-1].rows["note"]) == ["red line of XM-1 repaired"]


def test_layer_tables_follow_the_field_specs_and_the_result_order(result):
    table = overlap_layer_table(result, "ellipsoidal")
    assert list(table.columns) == [name for name, _, _ in OVERLAP_FIELDS]
    assert len(table) == len(result.overlaps)
    first = table.iloc[0]
    assert (first["XMBH"], first["XMMC"], first["TC"], first["TCLX"], first["DL"], first["YSBH"], first["YSSL"]) == \
        ("XM-1", "一号项目", "生态保护红线", "生态保护红线", None, "HX01", 1)
    assert first["MJ"] == pytest.approx(3000.0, rel=REL) and first["MJMU"] == pytest.approx(to_mu(3000.0), rel=REL)
    assert first["ZB"] == pytest.approx(0.3, rel=REL) and first["MJFF"] == "ellipsoidal"
    assert overlap_layer_table(result).iloc[0]["MJFF"] == AREA_METHOD.zh
    assert list(table["MJ"]) == pytest.approx(list(result.overlaps["area_m2"]), rel=1e-12)
    projects = project_layer_table(result, "ellipsoidal")
    assert list(projects.columns) == [name for name, _, _ in PROJECT_FIELDS]  # bilingual: YY and YYEN
    assert list(projects["ZT"]) == ["不通过", "不通过"] and list(projects["ZTDM"]) == [2, 2]
    assert projects.loc[1, "MJGQ"] == pytest.approx(1.0, rel=REL)


def test_projects_clear_of_every_layer_give_empty_detail_sheets(tmp_path):
    projects = np.array([box(0, 0, 100, 100)], dtype=object)
    red = ReviewLayer("生态保护红线", "ecological", np.array([box(500, 0, 600, 100)], dtype=object))
    result = check_projects(projects, CRS, [red], project_ids=["XM-1"])
    assert len(overlap_rows(result)) == 0 and len(overlap_layer_table(result, "x")) == 0
    relations = relation_rows(result)
    assert relations.loc[0, "relation_label"] == "相离 clear"
    assert relations.loc[0, "distance"] == pytest.approx(400.0, rel=REL)
    workbook = load_workbook(write_report(tmp_path / "r.xlsx", result, NOTE))
    assert workbook[str(SHEET_NAMES[2])].max_row == 3  # title, note, header
    assert workbook[str(SHEET_NAMES[0])].cell(row=4, column=6).value == "通过 pass"


def test_areas_in_the_layer_field_specs_have_2_4_and_2_decimals():
    for spec in (OVERLAP_FIELDS, PROJECT_FIELDS):
        decimals = {name: number for name, kind, number in spec if kind is float}
        assert (decimals["MJ"], decimals["MJGQ"], decimals["MJMU"]) == (2, 4, 2)


def test_relations_to_the_urban_boundary_and_zones_say_lies_within_not_occupies():
    # P1 entirely inside the boundary and a zone; P2 half outside; both overlap the red line.
    projects = np.array([box(0, 0, 100, 100), box(450, 0, 550, 100)], dtype=object)
    layers = [ReviewLayer("生态保护红线", "ecological", np.array([box(50, 0, 600, 100)], dtype=object)),
              ReviewLayer("城镇开发边界", "urban_boundary", np.array([box(-100, -100, 500, 200)], dtype=object)),
              ReviewLayer("三区", "zones", np.array([box(-100, -100, 500, 200)], dtype=object), classes=["城镇空间"])]
    result = check_projects(projects, CRS, layers, project_ids=["P1", "P2"])
    with report_language("zh"):
        labels = {(row.project_id, row.layer): row.relation_label for row in relation_rows(result).itertuples()}
        reasons = " ".join(verdict_rows(result)["reason"])
    assert labels == {("P1", "生态保护红线"): "占用", ("P1", "城镇开发边界"): "位于其内", ("P1", "三区"): "位于其内",
                      ("P2", "生态保护红线"): "占用", ("P2", "城镇开发边界"): "部分位于其内", ("P2", "三区"): "部分位于其内"}
    assert "全部位于城镇开发边界内" in reasons and "部分位于城镇开发边界外" in reasons
    assert "占用城镇开发边界" not in reasons and "占用生态保护红线" in reasons
    with report_language("en"):
        labels = {(row.project_id, row.layer): row.relation_label for row in relation_rows(result).itertuples()}
    assert labels[("P1", "城镇开发边界")] == "lies within" and labels[("P1", "生态保护红线")] == "overlaps"


def test_a_chinese_workbook_has_no_english_and_an_english_one_no_chinese_sentences(result, tmp_path):
    with report_language("zh"):
        note = area_note(AREA_METHOD)
        path = write_report(tmp_path / "预审.xlsx", result, note, ["一号项目红线已修复"])
    assert problems_in(workbook_texts(path), words=True) == []
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["项目汇总", "规则判定", "叠加明细", "空间关系", "审查提示"]
    summary = workbook["项目汇总"]
    assert [summary.cell(row=3, column=c).value for c in (1, 6, 7)] == ["项目编号", "审查结论", "原因"]
    assert summary.cell(row=4, column=6).value == "不通过" and summary.cell(row=6, column=1).value == "合计"
    assert summary.cell(row=4, column=7).value.startswith("生态保护红线不通过：占用生态保护红线 3000.00 m²")
    assert summary.max_column == 7  # one reason column
    with report_language("en"):
        english = write_report(tmp_path / "review.xlsx", result, area_note(AREA_METHOD))
    workbook = load_workbook(english)
    assert workbook.sheetnames == ["Projects", "Verdicts", "Overlaps", "Relations"]
    summary = workbook["Projects"]
    assert [summary.cell(row=3, column=c).value for c in (1, 6, 7)] == ["Project id", "Status", "Reason"]
    assert summary.cell(row=4, column=6).value == "fail" and summary.cell(row=6, column=1).value == "Total"
    assert summary.cell(row=4, column=7).value.startswith("HX Ecological protection red line fail: overlaps")
    verdicts = workbook["Verdicts"]
    assert verdicts.cell(row=4, column=3).value == "HX Ecological protection red line"


def test_layer_texts_follow_the_report_language(result):
    with report_language("zh"):
        projects, overlaps = project_layer_table(result), overlap_layer_table(result)
        fields = [name for name, _, _ in project_fields()]
    assert "YYEN" not in projects.columns and "YYEN" not in fields
    texts = [(f"{name}#{k}", value) for table in (projects, overlaps) for name in table.columns
             for k, value in enumerate(table[name]) if isinstance(value, str)]
    assert problems_in(texts, words=True) == []
    assert list(projects["ZT"]) == ["不通过", "不通过"] and overlaps.iloc[0]["TCLX"] == "生态保护红线"
    with report_language("en"):
        projects, overlaps = project_layer_table(result), overlap_layer_table(result)
    assert "YYEN" not in projects.columns
    assert list(projects["ZT"]) == ["fail", "fail"] and overlaps.iloc[0]["TCLX"] == "ecological red line"
    assert projects.iloc[0]["YY"].startswith("HX Ecological protection red line fail")
    assert overlaps.iloc[0]["MJFF"] == "ellipsoidal, CGCS2000 ellipsoid"
