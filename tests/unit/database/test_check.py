"""数据库质检 on hand-built databases: a clean one gives no problem; each planted defect is found
exactly once, by its rule, in a GeoPackage, a FileGDB and a folder of shapefiles (issue 22)."""
import pytest
import shapely

from factories import DATABASE_FORMATS, CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, write_database
from multiplan.core.areas import polygon_areas
from planning_database import DEFECTS, FIELDS, SCHEMA, build, cells, clean_layers, planted
from multiplan.core.database.check import ERROR, check_database, counts, summarise
from multiplan.core.database.reading import read_database
from multiplan.core.database.schema import load_schema

@pytest.fixture
def schema(tmp_path):
    path = tmp_path / "schema.csv"
    path.write_text(SCHEMA, encoding="utf-8")
    return load_schema(path)


def run(path, schema):
    return check_database(read_database(path), schema)


@pytest.mark.parametrize("kind", DATABASE_FORMATS)
def test_a_clean_database_has_no_problem(tmp_path, schema, kind):
    problems = run(build(tmp_path, kind), schema)
    assert problems.empty, problems[["rule", "layer", "field", "message"]].to_string()
    assert counts(problems) == (0, 0)
    assert summarise(problems)["count"].sum() == 0


@pytest.mark.parametrize("kind", DATABASE_FORMATS)
@pytest.mark.parametrize("defect", DEFECTS)
def test_each_planted_defect_is_found_exactly_once_by_its_rule(tmp_path, schema, kind, defect):
    rows, fields, epsg, (rule, layer, field) = planted(defect)
    problems = run(build(tmp_path, kind, rows, fields, epsg), schema)
    listed = problems[["rule", "layer", "field", "feature_id", "message"]].to_string()
    assert len(problems) == 1, listed
    found = problems.iloc[0]
    assert (found["rule"], found["layer"]) == (rule, layer), listed
    if field is not None:
        assert found["field"] == field
    assert found["severity"] == ERROR
    assert counts(problems) == (1, 0)


def test_problems_name_features_by_bsm_and_locate_them(tmp_path, schema):
    rows, fields, epsg, _ = planted("declared area off by 1 %")
    problems = run(build(tmp_path, "gpkg", rows, fields, epsg), schema)
    row = problems.iloc[0]
    assert row["feature_id"] == "3"  # BSM of the third plan cell
    centre = cells()[2]
    assert centre.contains(shapely.Point(row["x"], row["y"]))
    assert 116.9 < row["lon"] < 117.1 and 31.5 < row["lat"] < 31.7
    assert "1.00%" in row["message"].zh and "面积" not in row["message"].en


def test_the_gap_and_overlap_areas_are_ellipsoidal_and_exact(tmp_path, schema):
    rows, fields, epsg, _ = planted("gap")
    gap = run(build(tmp_path, "gpkg", rows, fields, epsg), schema).iloc[0]
    strip = shapely.box(X0 + 1000, Y0 + 900, X0 + 1500, Y0 + 1000)
    assert gap["area_m2"] == pytest.approx(polygon_areas([strip], "EPSG:4527")[0], rel=1e-9)
    assert shapely.equals_exact(shapely.normalize(gap["geometry"]), shapely.normalize(strip), 1e-6)


def test_the_database_is_never_modified(tmp_path, schema):
    rows, fields, epsg, _ = planted("overlap")
    path = build(tmp_path, "gpkg", rows, fields, epsg)
    before = path.read_bytes()
    run(path, schema)
    assert path.read_bytes() == before


def test_a_missing_layer_and_an_extra_layer_and_an_empty_mandatory_value(tmp_path, schema):
    rows = clean_layers()
    rows["GHYT"][0][1]["YDYHDM"] = None
    path = write_database(tmp_path / "db.gpkg", "gpkg", [
        {"name": "XZQ", "epsg": 4527, "fields": FIELDS["XZQ"], "rows": rows["XZQ"]},
        {"name": "GHYT", "epsg": 4527, "fields": FIELDS["GHYT"], "rows": rows["GHYT"]},
        {"name": "OTHER", "epsg": 4527, "fields": [("BSM", "Int", 10, 0)], "rows": [(rows["XZQ"][0][0], {"BSM": 1})]}])
    problems = run(path, schema)
    assert sorted(problems["rule"]) == ["EMPTY_VALUE", "EXTRA_LAYER", "MISSING_LAYER"]
    by_rule = problems.set_index("rule")
    assert by_rule.loc["MISSING_LAYER", "layer"] == "CZKFBJ" and by_rule.loc["EXTRA_LAYER", "severity"] == "warning"
    assert by_rule.loc["EMPTY_VALUE", "feature_id"] == "1" and by_rule.loc["EMPTY_VALUE", "field"] == "YDYHDM"


def test_field_type_and_length_are_compared_with_the_standard(tmp_path, schema):
    fields = {name: list(spec) for name, spec in FIELDS.items()}
    fields["CZKFBJ"] = [("BSM", "Int", 10, 0), ("YSDM", "Char", 10, 0), ("BJLX", "Int", 2, 0), ("MJ", "Double", 15, 4)]
    fields["XZQ"] = [("BSM", "Int", 10, 0), ("YSDM", "Char", 20, 0), ("XZQDM", "Char", 12, 0), ("XZQMC", "Char", 100, 0)]
    rows = clean_layers()
    for _, values in rows["CZKFBJ"]:
        values["BJLX"] = 1
    problems = run(build(tmp_path, "gpkg", rows, fields), schema)
    assert sorted(zip(problems["rule"], problems["layer"], problems["field"])) == [
        ("FIELD_LENGTH", "XZQ", "YSDM"), ("FIELD_TYPE", "CZKFBJ", "BJLX")]
    assert dict(zip(problems["rule"], problems["severity"])) == {"FIELD_LENGTH": "warning", "FIELD_TYPE": "error"}


def test_rules_are_in_the_report_even_without_problems():
    import pandas as pd

    from multiplan.core.database.check import COLUMNS, RULE_IDS
    from multiplan.core.report import ZH, report_language

    with report_language(ZH):
        summary = summarise(pd.DataFrame(columns=list(COLUMNS)))
    assert list(summary["rule"]) == list(RULE_IDS) and (summary["count"] == 0).all()
    assert summary.loc[summary["rule"] == "OVERLAP", "rule_name"].map(str).tolist() == ["图斑重叠"]


def test_the_summary_counts_the_errors_and_warnings_of_each_rule(tmp_path):
    text = SCHEMA.replace("CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,MJ,面积,Double,15,4,O,,ha,yes,test",
                          "CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,MJ,面积,Double,15,4,O,,ha,UNVERIFIED,test")
    path = tmp_path / "mixed.csv"
    path.write_text(text, encoding="utf-8")
    rows, fields, epsg, _ = planted("declared area off by 1 %")  # GHYT: verified → an error
    rows["CZKFBJ"][0][1]["MJ"] = round(rows["CZKFBJ"][0][1]["MJ"] * 1.05, 4)  # unverified → a warning
    summary = summarise(run(build(tmp_path / "db", "gpkg", rows, fields, epsg), load_schema(path))).set_index("rule")
    assert summary.loc["AREA", ["errors", "warnings", "count"]].tolist() == [1, 1, 2]
    assert summary["count"].sum() == 2


def test_a_breach_of_an_unverified_row_is_a_warning_not_an_error(tmp_path):
    """The bundled standard is partly a transcription from secondary sources: what it guesses
    cannot fail a delivery on its own."""
    text = SCHEMA.replace("CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,BJLX,边界类型,Char,2,,M,codes:1=城镇集中建设区|2=城镇弹性发展区|3=特别用途区,,yes,test",
                          "CZKFBJ,城镇开发边界,Polygon,2090030100,M,no_overlap,BJLX,边界类型,Char,2,,M,codes:1=城镇集中建设区|2=城镇弹性发展区|3=特别用途区,,UNVERIFIED,test")
    path = tmp_path / "guessed.csv"
    path.write_text(text, encoding="utf-8")
    for defect in ("value outside the domain", "overlap"):
        rows, fields, epsg, (rule, _, _) = planted(defect)
        problems = run(build(tmp_path / defect, "gpkg", rows, fields, epsg), load_schema(path))
        assert list(problems["rule"]) == [rule]
        expected = "warning" if rule == "DOMAIN" else "error"  # topology keeps its severity
        assert list(problems["severity"]) == [expected]


def test_the_wrong_zone_is_named_from_the_eastings_a_duplicate_names_its_twin_and_a_spaced_code_is_wrong(
        tmp_path, schema):
    rows, fields, epsg, _ = planted("wrong zone")
    message = run(build(tmp_path / "zone", "gpkg", rows, fields, epsg), schema).iloc[0]["message"]
    assert "东坐标带号为第 39 带" in message.zh and "第 40 带" in message.zh
    rows, fields, epsg, _ = planted("duplicate BSM")
    message = run(build(tmp_path / "bsm", "gpkg", rows, fields, epsg), schema).iloc[0]["message"]
    assert message.zh == "标识码 2 重复（与第 2 个要素相同）"
    rows = clean_layers()
    rows["GHYT"][4][1]["YDYHDM"] = "0101 "
    problems = run(build(tmp_path / "space", "gpkg", rows), schema)
    assert list(zip(problems["rule"], problems["value"])) == [("DOMAIN", "0101 ")]
