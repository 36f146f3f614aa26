"""core.statistics.targets: the pass/fail rule on figures as shown, and target tables in any
spelling (numbers, keys or names; Chinese headers; units; GBK CSV and xlsx), bad rows named."""
import pandas as pd
import pytest
from openpyxl import Workbook

from multiplan.core.statistics import indicators as ind
from multiplan.core.statistics import targets as tg


@pytest.mark.parametrize("value, comparison, target, target_max, tolerance, expected", [
    (100.0, ">=", 100.0, None, None, tg.PASS),  # the edge passes
    (99.99996, ">=", 100.0, None, None, tg.PASS),  # shown as 100.0000
    (99.99994, ">=", 100.0, None, None, tg.FAIL),  # shown as 99.9999
    (99.5, ">=", 100.0, None, 0.5, tg.PASS),  # tolerance widens
    (99.4, ">=", 100.0, None, 0.5, tg.FAIL),
    (100.0, ">", 100.0, None, None, tg.FAIL),
    (1.3, "<=", 1.3, None, None, tg.PASS),
    (1.30004, "<=", 1.3, None, None, tg.PASS),  # shown as 1.3000
    (1.30006, "<=", 1.3, None, None, tg.FAIL),  # shown as 1.3001
    (1.3, "<", 1.3, None, None, tg.FAIL),
    (1.0, "between", 1.0, 1.3, None, tg.PASS),  # both ends included
    (1.3, "between", 1.0, 1.3, None, tg.PASS),
    (1.31, "between", 1.0, 1.3, None, tg.FAIL),
    (0.99, "between", 1.0, 1.3, None, tg.FAIL),
    (5.00004, "=", 5.0, None, None, tg.PASS),  # equal as shown
    (5.0002, "=", 5.0, None, None, tg.FAIL),
    (5.0002, "=", 5.0, None, 0.001, tg.PASS),
    (5.0, ">=", None, None, None, tg.NO_TARGET),
    (float("nan"), ">=", 5.0, None, None, tg.NOT_AVAILABLE),
    (None, "<=", 5.0, None, None, tg.NOT_AVAILABLE),
    (None, None, None, None, None, tg.NOT_AVAILABLE),  # no value says more than no target
])
def test_judge(value, comparison, target, target_max, tolerance, expected):
    assert tg.judge(value, comparison, target, target_max, tolerance, decimals=4) == expected


def test_judge_refuses_between_without_upper_end():
    with pytest.raises(ValueError, match="target_max"):
        tg.judge(1.0, "between", 1.0, None, None, 4)


def targets(rows, columns=("indicator", "target", "target_max", "unit", "comparison", "tolerance", "note")):
    return tg.parse_targets(pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=list(columns)))


def test_targets_match_numbers_keys_and_names():
    parsed = targets([("1", "100", "", "", "", "", ""), ("林地面积", "5", "", "亩", "≥", "", "森林"),
                      ("expansion_multiple", "1.2", "", "", "＜＝", "", ""), ("009", "80~120", "", "m2/人", "", "", ""),
                      ("14", "", "", "%", ">=", "", "no target yet")])
    assert parsed.at["cultivated_land", "comparison"] == ">=" and parsed.at["cultivated_land", "unit"] == "公顷"
    assert parsed.at["forest_land", "unit"] == "亩" and parsed.at["forest_land", "note"] == "森林"
    assert parsed.at["expansion_multiple", "comparison"] == "<="
    assert parsed.at["construction_per_capita", "comparison"] == "between"
    per_capita = parsed.loc["construction_per_capita"]
    assert (per_capita["target"], per_capita["target_max"]) == (80, 120)
    assert parsed.at["wetland_share", "comparison"] is None
    assert parsed.at["construction_per_capita", "row"] == 5


def test_chinese_headers_are_understood():
    parsed = targets([("03", "1,234.5", "公顷", "不小于")], columns=("指标", "目标值", "单位", "比较"))
    assert parsed.at["eco_redline", "target"] == 1234.5


def test_bad_target_rows_are_named():
    with pytest.raises(ValueError) as error:
        targets([("99", "1", "", "", "", "", ""), ("01", "lots", "", "", "", "", ""),
                 ("06", "1.3", "", "亩", "", "", ""), ("02", "5", "", "", "about", "", ""),
                 ("01", "5", "", "", "", "", ""), ("09", "150", "100", "", "between", "", ""),
                 ("10", "100", "", "", "between", "", ""), ("11", "1", "", "", "", "-1", ""),
                 ("12", "1", "", "furlongs", "", "", ""), ("13", "1", "2", "", ">=", "", "")])
    message = str(error.value)
    for expected in ("row 2: unknown indicator '99'", "row 3: target 'lots' is not a number",
                     "row 4: unit '亩' does not fit 城镇开发边界扩展倍数", "row 5: unknown comparison 'about'",
                     "row 6: indicator '01' is listed twice (first on row 3)",
                     "row 7: target 150 is larger than target_max 100", "row 8: between needs both",
                     "row 9: tolerance must not be negative", "row 10: unknown unit 'furlongs'",
                     "row 11: target_max is only used with between"):
        assert expected in message


def test_template_covers_every_indicator_without_targets():
    parsed = tg.read_targets(tg.INDICATORS_DIR / tg.TEMPLATE_FILE)
    assert list(parsed.index) == [indicator.key for indicator in tg.INDICATORS]
    assert parsed["target"].isna().all()


def test_gbk_csv_and_xlsx_target_tables(tmp_path):
    csv = tmp_path / "目标.csv"
    csv.write_bytes("指标,目标值,单位,比较\n01,15,亩,>=\n".encode("gbk"))
    assert tg.read_targets(csv).at["cultivated_land", "unit"] == "亩"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "target", "unit", "comparison"])
    sheet.append([6, 1.25, "倍", "<="])  # a number where Excel dropped the leading zero
    sheet.append([None, None, None, None])
    sheet.append(["16", "oops", "%", ">="])
    workbook.save(tmp_path / "目标.xlsx")
    with pytest.raises(ValueError, match="row 4: target 'oops' is not a number"):
        tg.read_targets(tmp_path / "目标.xlsx")
    sheet.delete_rows(4)
    workbook.save(tmp_path / "目标.xlsx")
    assert tg.read_targets(tmp_path / "目标.xlsx").at["expansion_multiple", "target"] == 1.25
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        tg.read_targets(tmp_path / "目标.xls")


def test_table_without_the_needed_columns_is_refused():
    with pytest.raises(ValueError, match="needs the columns indicator and target"):
        tg.parse_targets(pd.DataFrame({"what": ["01"]}), "t.csv")


def test_targets_in_other_units_and_default_expansion_limit():
    area = 150_000.0  # m² = 225 亩 = 15 公顷
    values_ = {"cultivated_land": area, "expansion_multiple": 1.31, "forest_share": 0.25}
    parsed = targets([("01", "225", "", "亩", ">=", "", "下达任务"), ("12", "25", "", "%", "", "", "")])
    table = ind.indicator_table(values_, parsed, 1.3).set_index("key")
    assert table.at["cultivated_land", "unit"] == "亩"
    assert table.at["cultivated_land", "value"] == pytest.approx(225.0)
    assert table.at["cultivated_land", "result"] == tg.RESULT_LABELS[tg.PASS] and \
        str(tg.RESULT_LABELS[tg.PASS]) == "达标"
    note = table.at["cultivated_land", "note"]
    assert "目标见目标表第 2 行" in note.zh and "下达任务" in note.zh and "target on row 2" in note.en
    assert table.at["forest_share", "result_code"] == tg.PASS  # 25 % ≥ 25 %
    assert table.at["expansion_multiple", "result"].zh == "未达标"  # 1.31 > default 1.3
    assert "默认上限 1.3" in table.at["expansion_multiple", "note"].zh
    without_limit = ind.indicator_table(values_, parsed, 0).set_index("key")
    assert without_limit.at["expansion_multiple", "result_code"] == tg.NO_TARGET
    own = targets([("06", "1.0~1.5", "", "", "", "", "")])
    assert ind.indicator_table(values_, own, 1.3).set_index("key").at["expansion_multiple", "result_code"] == tg.PASS
