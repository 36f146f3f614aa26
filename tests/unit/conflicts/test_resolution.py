"""core.conflicts.resolution: the conflict rule table, suggested decisions and decision codes."""
import os
import shutil

import numpy as np
import pandas as pd
import pytest

from multiplan.core.conflicts import resolution
from multiplan.core.conflicts.resolution import (ACTIONS, DEFER, RESULT_COLUMNS, RULE_COLUMNS, decision_label,
                                                 format_decision, load_rules, parse_decision, suggest)
from multiplan.core.intake.landuse import TABLES_DIR

PLAN_NAMES = ["城规", "土规"]
HEADER = ",".join(RULE_COLUMNS)


def patch(cylx, js1, js2, ydyh1=None, ydyh2=None, ypxm=0):
    return {"CYLX": cylx, "GH1JS": js1, "GH2JS": js2, "GH1YDYH": ydyh1, "GH2YDYH": ydyh2, "YPXM": ypxm}


def frame(*rows):
    """Patch rows with the layer's field names (GH{k}DM is what plan_count_of counts)."""
    table = pd.DataFrame(list(rows))
    table["GH1"], table["GH2"] = PLAN_NAMES
    table["GH1DM"] = table["GH1YDYH"]
    table["GH2DM"] = table["GH2YDYH"]
    for column in ("GH1JS", "GH2JS"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    return table


def one(row, rules=None, plan_priority=None):
    result = suggest(frame(row), rules if rules is not None else load_rules(), plan_priority)
    return result.iloc[0]


def write_rules(path, lines):
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


# ---------------------------------------------------------------------------- the table

def test_default_table_loads_with_the_eleven_rules_in_mission_order():
    rules = load_rules()
    assert list(rules.columns) == list(RULE_COLUMNS)
    assert list(rules["rule"]) == [f"R{n:02d}" for n in range(1, 12)]
    assert rules["priority"].dtype.kind == "i" and rules["priority"].is_monotonic_increasing
    assert rules["action"].isin(ACTIONS).all()
    assert (rules["reason_zh"] != "").all() and (rules["reason_en"] != "").all()
    assert list(rules["conflict_type"][:3]) == ["HX_JS", "NT_JS", "HX_NT"]  # red line, then farmland
    assert "2019" in rules.loc[0, "reason_zh"]


def test_default_reasons_fit_a_shapefile_text_field():
    note = resolution.FALLBACK_ZH.encode("utf-8")
    assert max(len(text.encode("utf-8")) for text in load_rules()["reason_zh"]) + len(note) <= 254


def test_default_table_is_utf8_with_bom():
    assert (TABLES_DIR / "conflict_rules.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_load_rules_accepts_a_folder(tmp_path):
    shutil.copy(TABLES_DIR / "conflict_rules.csv", tmp_path / "conflict_rules.csv")
    assert list(load_rules(tmp_path)["rule"]) == list(load_rules()["rule"])
    with pytest.raises(FileNotFoundError):
        load_rules(tmp_path / "nothing")


# ---------------------------------------------------------------------------- default rules

@pytest.mark.parametrize("row, priority, decision, rule", [
    # red line: keep the non-construction plan
    (patch("HX_JS", 1, 0, "0701", "0301"), None, "GH2", "R01"),
    (patch("HX_JS", 0, 1, "0301", "0701"), None, "GH1", "R01"),
    (patch("HX_JS", 1, 1, "0701", "0801"), None, DEFER, "R01"),
    # farmland: farmland class first, else non-construction, else defer
    (patch("NT_JS", 1, 0, "0701", "0103"), None, "GH2", "R02"),
    (patch("NT_JS", 0, 0, "0301", "0101"), None, "GH2", "R02"),  # farmland beats plan order
    (patch("NT_JS", 1, 0, "0701", "0301"), None, "GH2", "R02"),  # no farmland: non-construction
    (patch("NT_JS", 1, 1, "0701", "0801"), None, DEFER, "R02"),
    (patch("HX_NT", 0, 0, "0101", "0301"), None, "GH1", "R03"),
    (patch("HX_NT", 0, 0, "0101", "0301"), [2, 1], "GH2", "R03"),
    (patch("KB_HX", 0, 0, "0301", "0302"), None, "GH1", "R04"),
    (patch("KB_NT", 0, 0, "0103", "0102"), None, "GH1", "R05"),
    (patch("KBW_JS", 1, 0, "0701", "0103"), None, "GH2", "R06"),
    (patch("KBW_JS", 1, 1, "0701", "0701"), None, DEFER, "R06"),
    (patch("WZ", None, 0, None, "0103"), None, DEFER, "R07"),
    # construction differences: approved projects keep construction, others do not
    (patch("JS_10", 1, 0, "0701", "0103", ypxm=1), None, "GH1", "R08"),
    (patch("JS_01", 0, 1, "0103", "0701", ypxm=1), None, "GH2", "R08"),
    (patch("JS_10", 1, 0, "0701", "0103", ypxm=0), None, "GH2", "R09"),
    (patch("JS_01", 0, 1, "0103", "0701"), None, "GH1", "R09"),
    (patch("YT", 1, 1, "0701", "0901"), None, "GH1", "R10"),
    (patch("YT", 1, 1, "0701", "0901"), [2, 1], "GH2", "R10"),
    (patch("FJ", 0, 0, "0103", "0301"), None, "GH1", "R11"),
    (patch("FJ", 0, 0, "0103", "0301"), [2, 1], "GH2", "R11"),
])
def test_each_default_rule_fires(row, priority, decision, rule):
    result = one(row, plan_priority=priority)
    assert (result["JYCL"], result["CLGZ"]) == (decision, rule)
    rules = load_rules().set_index("rule")
    assert result["JYLY"].startswith(rules.at[rule, "reason_zh"])
    assert result["JYLY_EN"].startswith(rules.at[rule, "reason_en"])


def test_fallback_is_said_in_the_reason():
    result = one(patch("HX_JS", 1, 1, "0701", "0801"))
    assert result["JYCL"] == DEFER
    assert "后备" in result["JYLY"] and "fallback" in result["JYLY_EN"]
    assert "fallback" not in one(patch("HX_JS", 1, 0, "0701", "0301"))["JYLY_EN"]


def test_plan_not_covering_the_patch_is_skipped():
    # 城规 does not cover it (JS None): keep_priority goes to 土规 even though 城规 comes first
    assert one(patch("HX_NT", None, 0, None, "0301"))["JYCL"] == "GH2"
    # a None 城规 never counts as non-construction, and a farmland code without coverage is ignored
    assert one(patch("HX_JS", None, 1, "0103", "0701"))["JYCL"] == DEFER
    assert one(patch("NT_JS", None, 0, "0103", "0301"))["JYCL"] == "GH2"
    # no plan covers the ground at all
    assert one(patch("HX_NT", None, None))["JYCL"] == DEFER


def test_nan_and_nullable_flags_count_as_not_covered():
    table = frame(patch("HX_NT", None, 0, None, "0301"), patch("HX_NT", 0, 0, "0101", "0301"))
    table["GH1JS"] = pd.array([None, 0], dtype="Int64")
    assert list(suggest(table, load_rules())["JYCL"]) == ["GH2", "GH1"]
    table["GH1JS"] = [np.nan, 0.0]
    assert list(suggest(table, load_rules())["JYCL"]) == ["GH2", "GH1"]


def test_no_rule_matched_defers_with_an_empty_rule_id(tmp_path):
    rules = load_rules(write_rules(tmp_path / "rules.csv", ["A,1,HX_JS,,keep_nonconstruction,,红线,red line"]))
    result = one(patch("YT", 1, 1, "0701", "0901"), rules)
    assert (result["JYCL"], result["CLGZ"], result["JYLY_EN"]) == (DEFER, "", "no rule matched")
    assert result["JYLY"]


def test_result_is_aligned_with_the_patch_index():
    table = frame(patch("HX_JS", 1, 0, "0701", "0301"), patch("YT", 1, 1, "0701", "0901"))
    table.index = [17, 4]
    result = suggest(table, load_rules())
    assert list(result.index) == [17, 4]
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert list(result["JYCL"]) == ["GH2", "GH1"]
    empty = suggest(table.iloc[0:0], load_rules())
    assert len(empty) == 0 and list(empty.columns) == list(RESULT_COLUMNS)


def test_three_plans_follow_the_priority_list():
    table = pd.DataFrame([{"CYLX": "YT", "GH1DM": "R2", "GH2DM": "211", "GH3DM": "0701",
                           "GH1JS": 1, "GH2JS": None, "GH3JS": 1, "GH1YDYH": "0701", "GH2YDYH": None,
                           "GH3YDYH": "0901", "YPXM": 0}])
    assert suggest(table, load_rules())["JYCL"].iloc[0] == "GH1"
    assert suggest(table, load_rules(), [3, 1, 2])["JYCL"].iloc[0] == "GH3"
    assert suggest(table, load_rules(), [2, 3, 1])["JYCL"].iloc[0] == "GH3"  # plan 2 does not cover it


# ---------------------------------------------------------------------------- edited tables

def test_edited_table_with_set_code_and_priorities_changes_the_outcome(tmp_path):
    path = write_rules(tmp_path / "conflict_rules.csv", [
        "R01,10,HX_JS,,keep_nonconstruction,DEFER,红线,red line",
        "FOREST,5,HX_JS,,set_code,0301,红线内一律调整为乔木林地,red line becomes forest",
        "KEEP,50,JS_*,not_approved,keep_construction,0103,保留建设,keep construction",
        "ALL,99,*,,defer,,其余人工核实,review the rest",
    ])
    rules = load_rules(tmp_path)  # a folder works too
    assert one(patch("HX_JS", 1, 0, "0701", "0301"), rules)[["JYCL", "CLGZ"]].tolist() == ["DM:0301", "FOREST"]
    assert one(patch("JS_10", 1, 0, "0701", "0103"), rules)["JYCL"] == "GH1"
    assert one(patch("JS_10", 1, 0, "0701", "0103", ypxm=1), rules)["CLGZ"] == "ALL"
    assert one(patch("YT", 1, 1, "0701", "0901"), rules)[["JYCL", "CLGZ"]].tolist() == [DEFER, "ALL"]


def test_fallback_code_when_the_action_finds_no_plan(tmp_path):
    rules = load_rules(write_rules(tmp_path / "rules.csv", ["A,1,NT_JS,,keep_farmland,0103,农田,farmland"]))
    result = one(patch("NT_JS", 1, 1, "0701", "0801"), rules)
    assert result["JYCL"] == "DM:0103" and "fallback" in result["JYLY_EN"]


def test_an_edited_file_is_read_again(tmp_path):
    path = write_rules(tmp_path / "rules.csv", ["A,1,*,,defer,,甲,a"])
    assert list(load_rules(path)["rule"]) == ["A"]
    write_rules(path, ["B,1,*,,defer,,乙,b", "C,2,YT,,keep_priority,,丙,c"])
    os.utime(path, ns=(1, 10**18))  # a clearly different mtime, whatever the clock resolution
    assert list(load_rules(path)["rule"]) == ["B", "C"]


@pytest.mark.parametrize("line, message", [
    ("A,1,YT,,keep_everything,,x,x", "unknown action 'keep_everything'"),
    ("A,1,YT,,keep_priority,9999,x,x", "fallback '9999' is not a 用地用海 2023 code"),
    ("A,1,YT,,keep_priority,103,x,x", "lost its leading zero"),
    ("A,1,YT,sometimes,keep_priority,,x,x", "unknown condition 'sometimes'"),
    ("A,first,YT,,keep_priority,,x,x", "priority must be a whole number"),
    ("A,1.5,YT,,keep_priority,,x,x", "priority must be a whole number"),
    ("A,1,HX-JS,,keep_priority,,x,x", "conflict_type 'HX-JS' is not a difference-patch type"),
    ("A,1,YT,,set_code,,x,x", "set_code needs a 用地用海 code"),
    (",1,YT,,keep_priority,,x,x", "empty rule id"),
])
def test_bad_rows_are_refused_with_file_and_line(tmp_path, line, message):
    path = write_rules(tmp_path / "rules.csv", ["OK,0,FJ,,keep_priority,,x,x", line])
    with pytest.raises(ValueError) as error:
        load_rules(path)
    assert message in str(error.value)
    assert str(path) in str(error.value) and "line 3" in str(error.value)


def test_duplicate_rule_ids_are_refused(tmp_path):
    path = write_rules(tmp_path / "rules.csv", ["R01,1,YT,,keep_priority,,x,x", "R01,2,FJ,,keep_priority,,y,y"])
    with pytest.raises(ValueError, match=r"line 3: duplicate rule id 'R01' \(first on line 2\)"):
        load_rules(path)


def test_missing_column_is_refused(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("rule,priority,conflict_type,action\nA,1,YT,defer\n", encoding="utf-8-sig")
    with pytest.raises(ValueError, match="missing column"):
        load_rules(path)


@pytest.mark.parametrize("priority", [[1], [1, 1], [1, 3], [0, 1], [2, 1, 3], ["1", "2"], [True, 2], 12])
def test_bad_plan_priority_is_refused(priority):
    with pytest.raises(ValueError, match="plan_priority"):
        suggest(frame(patch("YT", 1, 1, "0701", "0901")), load_rules(), priority)


def test_suggest_checks_hand_made_rule_frames_and_patch_fields():
    rules = load_rules()
    with pytest.raises(ValueError, match="unknown action"):
        suggest(frame(patch("YT", 1, 1)), rules.assign(action="guess"))
    with pytest.raises(ValueError, match="missing field"):
        suggest(frame(patch("YT", 1, 1)).drop(columns="YPXM"), rules)
    with pytest.raises(ValueError, match="no plan fields"):
        suggest(pd.DataFrame({"CYLX": ["YT"]}), rules)


# ---------------------------------------------------------------------------- decision codes

@pytest.mark.parametrize("text, parsed", [
    ("GH1", ("plan", 1)), ("GH12", ("plan", 12)), ("DM:0103", ("code", "0103")), ("DM:07", ("code", "07")),
    ("DEFER", ("defer", None)),
])
def test_parse_and_format_round_trip(text, parsed):
    assert parse_decision(text) == parsed
    assert format_decision(*parsed) == text


@pytest.mark.parametrize("text", ["", "GH", "GH0", "GH01", "gh1", " GH1", "DM:", "DM:103", "DM:01a", "0103",
                                  "defer", "KEEP", None, 1])
def test_invalid_decisions_are_refused(text):
    with pytest.raises(ValueError, match="invalid decision"):
        parse_decision(text)


def test_decision_labels():
    assert decision_label("GH1", PLAN_NAMES) == "保留城规"
    assert decision_label("GH2", PLAN_NAMES, language="en") == "keep 土规"
    assert decision_label("DM:0103", PLAN_NAMES) == "调整为 0103 旱地"
    assert decision_label("DM:0103", PLAN_NAMES, language="en") == "change to 0103 旱地"
    assert decision_label("DEFER", PLAN_NAMES) == "暂缓，待人工核实"
    assert decision_label("DEFER", PLAN_NAMES, language="en") == "defer for review"
    assert decision_label("DM:0103", PLAN_NAMES, tables_dir=TABLES_DIR) == "调整为 0103 旱地"


@pytest.mark.parametrize("decision, message", [
    ("GH3", "names plan 3"), ("DM:9999", "not a 用地用海 2023 code"), ("GHX", "invalid decision"),
])
def test_bad_decision_labels_are_refused(decision, message):
    with pytest.raises(ValueError, match=message):
        decision_label(decision, PLAN_NAMES)


def test_suggestions_have_valid_labels():
    table = frame(patch("HX_JS", 1, 0, "0701", "0301"), patch("WZ", None, 0, None, "0103"))
    for decision in suggest(table, load_rules())["JYCL"]:
        assert decision_label(decision, PLAN_NAMES)


# ---------------------------------------------------------------------------- scale

def test_100000_patches_give_the_same_result_as_ten_repeated():
    ten = frame(
        patch("HX_JS", 1, 0, "0701", "0301"), patch("NT_JS", 1, 1, "0701", "0801"),
        patch("HX_NT", None, 0, None, "0301"), patch("KB_NT", 0, 0, "0103", "0102"),
        patch("KBW_JS", 1, 0, "0701", "0103"), patch("WZ", None, 0, None, "0103"),
        patch("JS_10", 1, 0, "0701", "0103", ypxm=1), patch("JS_01", 0, 1, "0103", "0701"),
        patch("YT", 1, 1, "0701", "0901"), patch("FJ", 0, 0, "0103", "0301"),
    )
    rules = load_rules()
    small = suggest(ten, rules, [2, 1])
    big_input = pd.concat([ten] * 10_000, ignore_index=True)
    big = suggest(big_input, rules, [2, 1])
    assert len(big) == 100_000
    expected = pd.concat([small] * 10_000, ignore_index=True)
    pd.testing.assert_frame_equal(big, expected)
