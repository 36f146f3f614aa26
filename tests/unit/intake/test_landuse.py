"""core.intake.landuse: the classification tables, their crosswalks and code harmonisation."""
import csv
import shutil

import numpy as np
import pandas as pd
import pytest

from multiplan.core.intake import landuse
from multiplan.core.intake.landuse import (CROSSWALKS, SPACES, STANDARDS, TABLES_DIR, harmonise, load_classification,
                                           load_crosswalk, normalise_code, unknown_codes)

SOURCES = sorted(CROSSWALKS)


def table_codes(standard):
    return set(load_classification(standard)["code"])


# ---------------------------------------------------------------------------- the tables

@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_tables_load_with_text_codes_and_valid_flags(standard):
    table = load_classification(standard)
    assert len(table) > 20
    assert table["code"].map(type).eq(str).all()
    assert table["code"].is_unique
    assert table["construction"].dtype == bool
    assert table["space"].isin(SPACES).all()
    # a child is exactly one level below its parent
    levels = dict(zip(table["code"], table["level"]))
    children = table[table["parent"] != ""]
    assert (children["level"] == children["parent"].map(levels) + 1).all()
    assert (table.loc[table["parent"] == "", "level"] == 1).all()


def test_tables_are_utf8_with_bom_so_excel_shows_chinese():
    for filename in list(STANDARDS.values()) + list(CROSSWALKS.values()):
        raw = (TABLES_DIR / filename).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), filename


def test_ydyh_has_every_level1_code_and_parents_of_deeper_codes():
    table = load_classification("ydyh2023")
    codes = set(table["code"])
    assert {f"{n:02d}" for n in range(1, 25)} <= codes
    assert {"0101", "0507", "060101", "060203", "070302", "080405", "090105", "100103",
            "110103", "120803", "1311", "1312", "1706", "1906", "2206", "2307"} <= codes
    deeper = table[table["level"] >= 2]
    assert deeper["parent"].isin(codes).all()
    assert (deeper["parent"] == deeper["code"].str[:-2]).all()
    assert (table["code"].str.len() == 2 * table["level"]).all()


def test_leading_zeros_survive():
    assert "0101" in table_codes("ydyh2023")
    assert "0101" in table_codes("sandiao") and "00" in table_codes("sandiao")
    assert "101" not in table_codes("ydyh2023")


@pytest.mark.parametrize("standard, code, construction", [
    ("ydyh2023", "0101", False), ("ydyh2023", "0701", True), ("ydyh2023", "0601", True),
    ("ydyh2023", "1311", True), ("ydyh2023", "1703", False), ("ydyh2023", "2306", False),
    ("ydyh2023", "1801", False),
    ("sandiao", "0101", False), ("sandiao", "0601", True), ("sandiao", "05H1", True),
    ("sandiao", "1006", False), ("sandiao", "1109", True), ("sandiao", "0404", False),
    ("chenggui", "R2", True), ("chenggui", "G1", True), ("chenggui", "H22", True),
    ("chenggui", "E1", False), ("chenggui", "E2", False),
    ("tugui", "211", True), ("tugui", "111", False), ("tugui", "226", True), ("tugui", "311", False),
])
def test_construction_flags_of_well_known_codes(standard, code, construction):
    table = load_classification(standard).set_index("code")
    assert table.at[code, "construction"] == construction


@pytest.mark.parametrize("standard, code, space", [
    ("ydyh2023", "0703", "rural"), ("ydyh2023", "0701", "urban"), ("ydyh2023", "1201", "infrastructure"),
    ("ydyh2023", "1703", "water"), ("ydyh2023", "1802", "sea"), ("ydyh2023", "0301", "ecological"),
    ("ydyh2023", "0602", "agricultural"), ("sandiao", "0702", "rural"), ("tugui", "212", "rural"),
])
def test_spaces_of_well_known_codes(standard, code, space):
    assert load_classification(standard).set_index("code").at[code, "space"] == space


# ---------------------------------------------------------------------------- the crosswalks

@pytest.mark.parametrize("standard", SOURCES)
def test_crosswalk_covers_the_source_table_and_targets_exist(standard):
    crosswalk = load_crosswalk(standard)
    assert set(crosswalk["source_code"]) == table_codes(standard)
    targets = crosswalk.loc[crosswalk["target_code"] != "", "target_code"]
    assert set(targets) <= table_codes("ydyh2023")
    assert crosswalk["match"].isin(["exact", "approximate", "unmapped"]).all()
    assert ((crosswalk["target_code"] == "") == (crosswalk["match"] == "unmapped")).all()
    # approximate and unmapped rows say why
    assert (crosswalk.loc[crosswalk["match"] != "exact", "note"] != "").all()


@pytest.mark.parametrize("source, target", [
    ("0305", "0303"), ("1006", "0601"), ("0701", "0701"), ("1202", "0602"), ("05H1", "09"),
    ("0603", "1003"), ("1101", "1701"), ("1203", "2303"), ("0303", "0507"), ("0304", "0501"),
    ("0306", "0502"), ("0402", "0503"), ("1105", "0505"), ("1106", "0506"), ("0204", "0205"),
    ("0307", "0304"), ("0403", "0402"), ("0404", "0403"), ("0508", "1101"), ("0702", "0703"),
    ("0809", "13"), ("09", "15"), ("1004", "1207"), ("1009", "1205"), ("1107", "1705"),
    ("12", "23"), ("1207", "2307"),
])
def test_sandiao_exact_mappings_from_the_domain_notes(source, target):
    row = load_crosswalk("sandiao").set_index("source_code").loc[source]
    assert (row["target_code"], row["match"]) == (target, "exact")


@pytest.mark.parametrize("source", ["1002", "1005", "1108", "1109", "1110", "0810", "0203", "08H1", "08H2"])
def test_sandiao_codes_that_are_not_one_to_one_are_approximate(source):
    assert load_crosswalk("sandiao").set_index("source_code").at[source, "match"] == "approximate"


def test_forbidden_same_name_mappings_are_absent():
    # validator of the source transcription: these are not 同名 pairs
    rows = load_crosswalk("sandiao").set_index("source_code")
    for source, target in [("0404", "2302"), ("1002", "1206"), ("1110", "1706")]:
        assert not (rows.at[source, "target_code"] == target and rows.at[source, "match"] == "exact")


# ---------------------------------------------------------------------------- normalise_code

@pytest.mark.parametrize("value, standard, expected", [
    ("101", "sandiao", "0101"), (101, "sandiao", "0101"), (101.0, "sandiao", "0101"),
    (np.int64(101), "ydyh2023", "0101"), ("101.0", "sandiao", "0101"), (60101, "ydyh2023", "060101"),
    (" r2 ", "chenggui", "R2"), ("ｒ２", "chenggui", "R2"), ("05h1", "sandiao", "05H1"),
    (111, "tugui", "111"), (111.0, "tugui", "111"), ("0101", "sandiao", "0101"),
    ("999", "sandiao", "999"),  # no padding when "0999" is not a code
    (None, "sandiao", None), ("", "sandiao", None), ("   ", "chenggui", None),
    (float("nan"), "sandiao", None), (np.nan, "tugui", None), (pd.NA, "ydyh2023", None),
])
def test_normalise_code(value, standard, expected):
    assert normalise_code(value, standard) == expected


def test_unknown_standard_is_rejected():
    with pytest.raises(ValueError, match="unknown land-use standard"):
        normalise_code("0101", "gb21010")


# ---------------------------------------------------------------------------- harmonise

def test_harmonise_keeps_order_and_length_and_marks_unknowns():
    codes = ["0101", "9999", None, 101, "05H1", "", "1103", "0101"]
    result = harmonise(codes, "sandiao")
    assert len(result) == len(codes)
    assert list(result["source_code"]) == ["0101", "9999", None, "0101", "05H1", None, "1103", "0101"]
    assert list(result["known"]) == [True, False, False, True, True, False, True, True]
    assert list(result["ydyh_code"]) == ["0101", None, None, "0101", "09", None, "1703", "0101"]
    unknown = result.iloc[1]
    assert unknown[["source_name", "ydyh_name", "ydyh_level1", "space", "match"]].isna().all()
    assert pd.isna(unknown["construction"])
    assert result["construction"].dtype == "boolean"
    # construction is the source standard's flag: 三调 水库水面 is 建设用地, 用地用海 1703 is not
    assert result.at[6, "construction"] and not result.at[6, "ydyh_construction"]
    assert result.at[4, "ydyh_level1"] == "09" and result.at[4, "ydyh_name"] == "商业服务业用地"


def test_harmonise_identity_for_ydyh():
    result = harmonise(["0701", "1311", "101"], "ydyh2023")
    assert list(result["match"]) == ["identity"] * 3
    assert list(result["ydyh_code"]) == ["0701", "1311", "0101"]
    assert list(result["ydyh_level1"]) == ["07", "13", "01"]


def test_harmonise_other_standards():
    chenggui = harmonise(["R2", " g1", "E1", "H11"], "chenggui")
    assert list(chenggui["ydyh_level1"]) == ["07", "14", "17", None]
    assert list(chenggui["construction"]) == [True, True, False, True]
    assert list(chenggui["match"]) == ["approximate", "exact", "approximate", "unmapped"]
    assert chenggui["known"].all()  # H11 is known, only has no single 用地用海 target
    tugui = harmonise([226, "111", "211"], "tugui")
    assert list(tugui["ydyh_code"]) == ["1703", "01", None]
    assert list(tugui["construction"]) == [True, False, True]


def test_harmonise_falls_back_to_the_parent_code():
    result = harmonise(["0201K", "1104A", "0999"], "sandiao")  # 0999: only a level-1 prefix
    assert list(result["matched_code"]) == ["0201", "1104", None]
    assert list(result["ydyh_code"]) == ["0201", "1704", None]
    assert list(result["source_code"]) == ["0201K", "1104A", "0999"]
    assert list(result["known"]) == [True, True, False]
    chenggui = harmonise(["A511", "R5"], "chenggui")  # R5: a level-1 prefix is not enough
    assert list(chenggui["matched_code"]) == ["A51", None]
    assert harmonise(["07010101"], "ydyh2023").at[0, "matched_code"] == "070101"


def test_harmonise_keeps_a_series_index():
    codes = pd.Series(["0101", None, "1006"], index=[10, 20, 30])
    result = harmonise(codes, "sandiao")
    assert list(result.index) == [10, 20, 30]
    assert result.at[30, "ydyh_code"] == "0601"


def test_unknown_codes_counts_normalised_values_and_nulls():
    counts = unknown_codes(["9999", " 9999", None, "", float("nan"), "0101", "X1", "9999"], "sandiao")
    assert counts == {"9999": 3, None: 3, "X1": 1}
    assert unknown_codes(["0101", "0102"], "sandiao") == {}


def test_harmonise_200000_codes():
    table = load_classification("sandiao")
    rng = np.random.default_rng(7)
    pool = np.array(list(table["code"]) + ["9999", None, "101"], dtype=object)
    codes = rng.choice(pool, size=200_000)
    result = harmonise(codes, "sandiao")
    assert len(result) == 200_000
    crosswalk = load_crosswalk("sandiao").set_index("source_code")["target_code"]
    for i in rng.integers(0, 200_000, size=500):
        code = codes[i]
        row = result.iloc[i]
        if code is None or code == "9999":
            assert not row["known"]
        else:
            expected = "0101" if code == "101" else code
            assert row["source_code"] == expected and row["known"]
            assert row["ydyh_code"] == (crosswalk[expected] or None)


# ---------------------------------------------------------------------------- edited tables

def copy_tables(tmp_path):
    for path in TABLES_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def append_rows(path, rows):
    with open(path, "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_duplicate_code_raises_with_file_and_line(tmp_path):
    path = tmp_path / STANDARDS["tugui"]
    path.write_text("code,name,level,parent,construction,space\n"
                    "1,农用地,1,,0,agricultural\n111,耕地,2,1,0,agricultural\n111,耕地,2,1,0,agricultural\n",
                    encoding="utf-8-sig")
    with pytest.raises(ValueError, match=r"tugui\.csv[\s\S]*line 4: duplicate code '111' \(first on line 3\)"):
        load_classification("tugui", tables_dir=tmp_path)


@pytest.mark.parametrize("row, message", [
    (["9", "x", "1", "", "2", "other"], "construction must be 0 or 1"),
    (["9", "x", "1", "", "0", "forest"], "unknown space 'forest'"),
    (["9", "x", "2", "8", "0", "other"], "parent '8' is not a code"),
    (["9", "x", "one", "", "0", "other"], "level must be a positive whole number"),
])
def test_bad_rows_raise(tmp_path, row, message):
    tables = copy_tables(tmp_path)
    append_rows(tables / STANDARDS["tugui"], [row])
    with pytest.raises(ValueError, match=message) as error:
        harmonise(["111"], "tugui", tables_dir=tables)
    assert "tugui.csv" in str(error.value) and "line 34" in str(error.value)


def test_code_that_lost_its_leading_zero_is_reported(tmp_path):
    tables = copy_tables(tmp_path)
    append_rows(tables / STANDARDS["sandiao"], [["105", "x", "1", "", "0", "other"]])
    with pytest.raises(ValueError, match="lost its leading zero"):
        load_classification("sandiao", tables_dir=tables)


def test_crosswalk_target_must_exist(tmp_path):
    tables = copy_tables(tmp_path)
    path = tables / CROSSWALKS["tugui"]
    path.write_text(path.read_text(encoding="utf-8-sig").replace("213,1002,", "213,1099,"), encoding="utf-8-sig")
    with pytest.raises(ValueError, match=r"crosswalk_tugui_ydyh\.csv[\s\S]*'1099' is not a 用地用海"):
        harmonise(["213"], "tugui", tables_dir=tables)


def test_edited_copy_is_used_and_a_new_code_inherits_its_parents_mapping(tmp_path):
    tables = copy_tables(tmp_path)
    append_rows(tables / STANDARDS["chenggui"], [["R5", "商住混合用地", "2", "R", "1", "urban"]])
    result = harmonise(["R5"], "chenggui", tables_dir=tables)
    assert result.at[0, "known"] and result.at[0, "source_name"] == "商住混合用地"
    assert result.at[0, "ydyh_code"] == "07"  # from R's crosswalk row
    assert not harmonise(["R5"], "chenggui")["known"].any()  # the shipped table is unchanged


def test_table_saved_as_gbk_by_excel_still_loads(tmp_path):
    source = (TABLES_DIR / STANDARDS["tugui"]).read_text(encoding="utf-8-sig")
    (tmp_path / STANDARDS["tugui"]).write_bytes(source.encode("gbk"))
    assert load_classification("tugui", tables_dir=tmp_path).set_index("code").at["211", "name"] == "城镇用地"


def test_missing_table_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="chenggui_gb50137.csv"):
        load_classification("chenggui", tables_dir=tmp_path)


def test_tables_folder_is_the_plugins_resources():
    assert landuse.TABLES_DIR == TABLES_DIR
    assert (TABLES_DIR / "ydyh_2023.csv").is_file()


# -- issue 18: class names and office labels ---------------------------------------------------

def test_class_names_are_recognised_after_normalisation():
    got = harmonise(["水田", " 水　田 ", "ＲＥ", "城镇住宅", "城镇住宅用地", "0101"], "sandiao")
    assert got["matched_code"].tolist() == ["0101", "0101", None, "0701", "0701", "0101"]
    assert got["recognised"].tolist() == ["name", "name", None, "name", "name", "code"]
    assert harmonise(["农村宅基地", "乔木林地"], "ydyh2023")["ydyh_code"].tolist() == ["0703", "0301"]
    assert harmonise(["二类居住用地", "农林用地"], "chenggui")["matched_code"].tolist() == ["R2", "E2"]


def test_a_name_two_classes_of_one_level_share_is_not_guessed():
    # 城规 住宅用地 is R11, R21 and R31: which one is unknown, so it stays unrecognised (and listed)
    got = harmonise(["住宅用地"], "chenggui")
    assert not got["known"].iloc[0] and got["matched_code"].iloc[0] is None
    # 土规 农用地 is both 1 and 11 (the same aggregate): the shallower is taken
    assert harmonise(["农用地"], "tugui")["matched_code"].tolist() == ["1"]


def test_office_labels_are_read_checked_and_win_over_names(tmp_path):
    import shutil

    for name in [*STANDARDS.values(), *CROSSWALKS.values()]:
        shutil.copy(TABLES_DIR / name, tmp_path / name)
    (tmp_path / "labels.csv").write_text("standard,label,code,note\nsandiao,鱼塘,1104,村里的叫法\n"
                                         "sandiao,水田,0103,本所习惯\n", encoding="gb18030")
    got = harmonise(["鱼塘", "水田", "有林地"], "sandiao", tmp_path)  # no bundled labels in this folder
    assert got["matched_code"].tolist() == ["1104", "0103", None]
    assert got["recognised"].tolist() == ["label", "label", None]
    (tmp_path / "labels.csv").write_text("standard,label,code,note\nsandiao,鱼塘,9999,\n", encoding="utf-8")
    import os
    os.utime(tmp_path / "labels.csv", ns=(1, 1))  # another mtime: read again
    with pytest.raises(ValueError, match="'9999' is not a code of sandiao"):
        harmonise(["鱼塘"], "sandiao", tmp_path)


def test_bundled_labels_name_existing_codes():
    import pandas as pd

    labels = pd.read_csv(TABLES_DIR / "labels.csv", dtype=str, encoding="utf-8-sig")
    for standard, label, code in labels[["standard", "label", "code"]].itertuples(index=False):
        got = harmonise([label], standard)
        assert (got["matched_code"].iloc[0], got["recognised"].iloc[0]) == (code, "label"), label
        assert isinstance(labels.set_index("label").at[label, "note"], str)  # each says why
