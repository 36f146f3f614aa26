"""multiplan:detect_conflicts → suggest_resolutions → build_blueprint on hand-built layers."""
from pathlib import Path

import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import reproject
from recording import RecordingFeedback

X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters, **kw):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters, **kw)


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


@pytest.fixture
def county(make_layer):
    """城规: 二类居住 0-100, 农林 100-200; 土规: 城镇用地 0-50, 耕地 50-200; red line over 80-120;
    two townships split at x = 120. Expected: JS_10 50-80 (3,000 m²), HX_JS 80-100 (2,000 m²)."""
    urban = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100)], fields={"YDDM": str},
                       attributes=[{"YDDM": "R2"}, {"YDDM": "E2"}], gpkg_name="城规.gpkg", name="城规用地")
    land = make_layer([box(0, 0, 50, 100), box(50, 0, 200, 100)], fields={"GHDLDM": str},
                      attributes=[{"GHDLDM": "211"}, {"GHDLDM": "111"}], gpkg_name="土规.gpkg", name="土规用途")
    red = make_layer([box(80, 0, 120, 100)], gpkg_name="红线.gpkg", name="生态保护红线")
    admin = make_layer([box(0, 0, 120, 100), box(120, 0, 200, 100)], fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "341001", "XZQMC": "甲镇"}, {"XZQDM": "341002", "XZQMC": "乙镇"}],
                       gpkg_name="乡镇.gpkg", name="XZQ")
    # Sources, not layer objects: a QgsVectorLayer kept in pytest's fixture cache past the end of
    # the session is destroyed after QGIS has exited, which crashes the test run at exit.
    return {"urban": urban.source(), "land": land.source(), "red": red.source(), "admin": admin.source()}


def plan_parameters(county):
    return {"PLAN_1": county["urban"], "PLAN_1_FIELD": "YDDM", "PLAN_1_STANDARD": 1, "PLAN_1_NAME": "城规",
            "PLAN_2": county["land"], "PLAN_2_FIELD": "GHDLDM", "PLAN_2_STANDARD": 2, "PLAN_2_NAME": "土规"}


def features(path):
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    return list(layer.getFeatures())


def detect(county, tmp_path, **extra):
    return run("detect_conflicts", {**plan_parameters(county), "ECOLOGICAL_REDLINE": county["red"],
                                    "ADMIN": county["admin"], "OUTPUT": str(tmp_path / "差异图斑.gpkg"),
                                    "SLIVERS": str(tmp_path / "碎片.gpkg"), "REPORT": str(tmp_path / "冲突台账.xlsx"),
                                    **extra})


def test_detect_writes_patches_slivers_and_the_ledger(county, tmp_path):
    result = detect(county, tmp_path)
    patches = {f["CYLX"]: f for f in features(result["OUTPUT"])}
    assert sorted(patches) == ["HX_JS", "JS_10"]
    assert patches["JS_10"]["AREA_M2"] == pytest.approx(3000.0, rel=REL)
    assert patches["JS_10"]["AREA_MU"] == pytest.approx(4.5, rel=REL)
    assert patches["HX_JS"]["AREA_M2"] == pytest.approx(2000.0, rel=REL)
    assert patches["HX_JS"]["STBHHX"] == 1 and patches["JS_10"]["STBHHX"] == 0
    assert patches["JS_10"]["CYTBBH"] == "CY3410010001" and patches["JS_10"]["XZQMC"] == "甲镇"
    assert (patches["JS_10"]["GH1"], patches["JS_10"]["GH1DM"], patches["JS_10"]["GH2DM"]) == ("城规", "R2", "111")
    assert (patches["JS_10"]["GH1JS"], patches["JS_10"]["GH2JS"], patches["JS_10"]["SHZT"]) == (1, 0, "未审查")
    assert patches["JS_10"]["CYLXMC"] == "城规建设土规非建设"
    assert result["PATCH_COUNT"] == 2 and result["SLIVER_COUNT"] == 0
    assert result["CONFLICT_AREA_HA"] == pytest.approx(0.5, rel=REL)
    assert result["TOTAL_AREA_HA"] == pytest.approx(2.0, rel=REL)
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["汇总 Summary", "分乡镇 By admin unit", "冲突台账 Ledger", "处理进度 Review progress"]
    ledger = workbook["冲突台账 Ledger"]
    assert [ledger.cell(row=r, column=1).value for r in (4, 5)] == ["CY3410010001", "CY3410010002"]


def test_suggest_then_build_the_blueprint(county, tmp_path):
    detected = detect(county, tmp_path)
    suggested = run("suggest_resolutions", {"INPUT": detected["OUTPUT"], "OUTPUT": str(tmp_path / "建议.gpkg"),
                                            "REPORT": str(tmp_path / "台账_建议.xlsx")})
    decisions = {f["CYLX"]: (f["JYCL"], f["JYCLMC"], f["CLGZ"]) for f in features(suggested["OUTPUT"])}
    assert decisions == {"HX_JS": ("GH2", "保留土规", "R01"), "JS_10": ("GH2", "保留土规", "R09")}
    assert suggested["DEFERRED_COUNT"] == 0
    blueprint = run("build_blueprint", {**plan_parameters(county), "PATCHES": suggested["OUTPUT"], "PENDING": 1,
                                        "OUTPUT": str(tmp_path / "一张蓝图.gpkg"),
                                        "CHANGE_LOG": str(tmp_path / "变更记录.xlsx")})
    rows = features(blueprint["OUTPUT"])
    by_code = {}
    for feature in rows:
        key = feature["YDYHDM"] or "-"
        by_code[key] = by_code.get(key, 0.0) + feature["AREA_M2"]
    # 城规 E2 农林用地 (100-200, no single 用地用海 class) is refined from 土规 111 耕地 underneath
    assert by_code == pytest.approx({"070102": 5000.0, "01": 15_000.0}, rel=REL)
    refined = [f for f in rows if f["YSDM"] == "E2"]
    assert [(f["DMLY"], f["BMFS"]) for f in refined] == [("城规→土规", "细化")]
    assert blueprint["APPLIED_COUNT"] == 2 and blueprint["PENDING_COUNT"] == 0
    assert blueprint["TOTAL_AREA_HA"] == pytest.approx(2.0, rel=REL) and blueprint["UNRESOLVED_AREA_HA"] == 0
    workbook = load_workbook(blueprint["CHANGE_LOG"])
    log = workbook.worksheets[0]
    assert log.cell(row=3, column=1).value.startswith("差异图斑编号")
    assert {log.cell(row=r, column=1).value for r in (4, 5)} == {"CY3410010001", "CY3410010002"}
    headers = [log.cell(row=3, column=c).value.split("\n")[0] for c in range(1, log.max_column + 1)]
    origin = headers.index(next(h for h in headers if h.startswith("决定来源"))) + 1
    assert {log.cell(row=r, column=origin).value for r in (4, 5)} == {"处理建议（未审查）"}
    assert workbook.sheetnames[1].startswith("编码来源")


def test_the_blueprint_covers_the_county_with_codes_from_the_current_use(county, make_layer, tmp_path):
    """County 0-200 × 0-150: the plans cover 0-200 × 0-100; 三调 covers the rest but 190-200 × 100-150.
    Patches are not reviewed: the default keeps the priority plan (城规) and counts them pending."""
    current = make_layer([box(0, 0, 200, 100), box(0, 100, 190, 150)], fields={"DLBM": str, "BSM": str},
                         attributes=[{"DLBM": "0101", "BSM": "DL-1"}, {"DLBM": "0301", "BSM": "DL-2"}],
                         gpkg_name="三调.gpkg", name="DLTB").source()
    outline = make_layer([box(0, 0, 200, 150)], gpkg_name="县.gpkg", name="XZQ").source()
    detected = detect(county, tmp_path)
    feedback = RecordingFeedback()
    blueprint = run("build_blueprint", {**plan_parameters(county), "PATCHES": detected["OUTPUT"],
                                        "CURRENT_USE": current, "COUNTY": outline,
                                        "OUTPUT": str(tmp_path / "一张蓝图.shp"),
                                        "CHANGE_LOG": str(tmp_path / "变更记录.xlsx")}, feedback=feedback)
    rows = features(blueprint["OUTPUT"])
    assert sum(f["AREA_M2"] for f in rows) == pytest.approx(30_000.0, rel=1e-4)  # the county, from a shapefile
    by_method = {}
    for f in rows:
        by_method[(f["YDYHDM"] or "-", f["BMFS"], f["DMLY"] or "-")] = by_method.get(
            (f["YDYHDM"] or "-", f["BMFS"], f["DMLY"] or "-"), 0.0) + f["AREA_M2"]
    # 0-100 城规 R2 (patches kept as 城规: pending); 100-200 城规 E2 over 土规 111 (01 耕地), refined by the
    # 三调's 0101 水田 underneath; north: 三调 林地; a gap.
    assert by_method == pytest.approx({("070102", "精确", "城规"): 10_000.0, ("0101", "细化", "城规→土规→三调"): 10_000.0,
                                       ("0301", "现状", "三调"): 9_500.0, ("-", "未定", "-"): 500.0}, rel=REL)
    assert {f["YSBSM"] for f in rows if f["BMFS"] == "现状"} == {"DL-2"}
    assert blueprint["PENDING_COUNT"] == 2 and blueprint["APPLIED_COUNT"] == 0
    assert blueprint["UNRESOLVED_AREA_HA"] == pytest.approx(0.05, rel=REL)
    assert any("0.0500 公顷" in w and "未定" in w for w in feedback.warnings)
    log = load_workbook(blueprint["CHANGE_LOG"]).worksheets[0]
    headers = [log.cell(row=3, column=c).value.split("\n")[0] for c in range(1, log.max_column + 1)]
    origin = headers.index(next(h for h in headers if h.startswith("决定来源"))) + 1
    assert {log.cell(row=r, column=origin).value for r in (4, 5)} == {"待定"}


def test_a_plan_in_another_crs_is_reprojected(county, make_layer, tmp_path):
    land_4490 = make_layer([reproject(box(0, 0, 50, 100), "EPSG:4527", "EPSG:4490"),
                            reproject(box(50, 0, 200, 100), "EPSG:4527", "EPSG:4490")], crs="EPSG:4490",
                           fields={"GHDLDM": str}, attributes=[{"GHDLDM": "211"}, {"GHDLDM": "111"}], gpkg_name="tugui_4490.gpkg")
    result = detect({**county, "land": land_4490.source()}, tmp_path)
    areas = sorted(round(f["AREA_M2"], 1) for f in features(result["OUTPUT"]))
    assert areas == pytest.approx([2000.0, 3000.0], rel=1e-5)


def test_unknown_codes_invalid_geometry_and_plans_without_overlap(county, make_layer, tmp_path):
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    odd = make_layer([bowtie, box(100, 0, 200, 100)], fields={"YDDM": str}, attributes=[{"YDDM": "R2"}, {"YDDM": "Q9"}],
                     gpkg_name="odd.gpkg")
    result = detect({**county, "urban": odd.source()}, tmp_path)
    wz = [f for f in features(result["OUTPUT"]) if f["CYLX"] == "WZ"]
    assert sorted(round(f["AREA_M2"]) for f in wz) == [2000, 8000]  # the Q9 parcel, split at the township edge


def test_plans_that_do_not_overlap_give_no_patches(county, make_layer, tmp_path):
    far = make_layer([shapely.box(X0 + 9000, Y0, X0 + 9100, Y0 + 100)], fields={"YDDM": str},
                     attributes=[{"YDDM": "R2"}], gpkg_name="far.gpkg")
    alone = detect({**county, "urban": far.source(), "red": None, "admin": None}, tmp_path)
    assert alone["PATCH_COUNT"] == 0 and features(alone["OUTPUT"]) == []


def test_a_missing_plan_or_field_is_a_clear_error(county, tmp_path):
    with pytest.raises(QgsProcessingException, match="PLAN_2"):
        run("detect_conflicts", {"PLAN_1": county["urban"], "PLAN_1_FIELD": "YDDM", "OUTPUT": "TEMPORARY_OUTPUT",
                                 "REPORT": str(tmp_path / "r.xlsx")})


def test_the_same_plan_name_twice_is_refused(county, tmp_path):
    with pytest.raises(QgsProcessingException, match="different short names"):
        run("detect_conflicts", {**plan_parameters(county), "PLAN_2_NAME": "城规", "OUTPUT": "TEMPORARY_OUTPUT",
                                 "REPORT": str(tmp_path / "r.xlsx")})


def test_suggest_refuses_a_layer_that_is_not_a_patch_layer(county, tmp_path):
    with pytest.raises(QgsProcessingException, match="not a difference-patch layer"):
        run("suggest_resolutions", {"INPUT": county["urban"], "OUTPUT": "TEMPORARY_OUTPUT"})


def test_a_cancelled_run_leaves_no_output(county, tmp_path):
    from qgis.core import QgsProcessingFeedback

    class CancelAtHalf(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 50:
                self.cancel()

    with pytest.raises(QgsProcessingException, match="cancelled"):
        run("detect_conflicts", {**plan_parameters(county), "OUTPUT": str(tmp_path / "p.gpkg"),
                                 "REPORT": str(tmp_path / "r.xlsx")}, feedback=CancelAtHalf())
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "p.gpkg").exists()


# -- issue 16: deliverables in the user's language, feature identity, decimals, late cancel ----------

def chain(county, tmp_path, feedback=None, suffix="gpkg", **detect_extra):
    """detect (with slivers) → suggest (with a ledger) → blueprint, outputs in ``tmp_path``."""
    kw = {"feedback": feedback} if feedback is not None else {}
    detected = run("detect_conflicts", {**plan_parameters(county), "ECOLOGICAL_REDLINE": county["red"],
                                        "ADMIN": county["admin"], "OUTPUT": str(tmp_path / f"差异图斑.{suffix}"),
                                        "SLIVERS": str(tmp_path / f"碎片.{suffix}"),
                                        "REPORT": str(tmp_path / "冲突台账.xlsx"), **detect_extra}, **kw)
    suggested = run("suggest_resolutions", {"INPUT": detected["OUTPUT"], "OUTPUT": str(tmp_path / f"建议.{suffix}"),
                                            "REPORT": str(tmp_path / "冲突台账_建议.xlsx")}, **kw)
    blueprint = run("build_blueprint", {**plan_parameters(county), "PATCHES": suggested["OUTPUT"], "PENDING": 1,
                                        "OUTPUT": str(tmp_path / f"一张蓝图.{suffix}"),
                                        "CHANGE_LOG": str(tmp_path / "变更记录.xlsx")}, **kw)
    return detected, suggested, blueprint


def test_under_a_chinese_locale_ledgers_layers_and_logs_have_no_english(county, tmp_path, monkeypatch):
    from deliverables import layer_texts, problems_in, workbook_texts
    from recording import RecordingFeedback
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    with chinese_ui():
        # 2,500 m² minimum: the 2,000 m² HX_JS patch becomes a sliver (SPYY)
        detected, suggested, blueprint = chain(county, tmp_path, feedback, MIN_AREA=2500)
    assert detected["SLIVER_COUNT"] == 1
    texts = []
    for report in (detected["REPORT"], suggested["REPORT"], blueprint["CHANGE_LOG"]):
        texts += workbook_texts(report)
    for layer in (detected["OUTPUT"], detected["SLIVERS"], suggested["OUTPUT"], blueprint["OUTPUT"]):
        texts += layer_texts(layer, Path(layer).stem)  # the layer itself (not the styles table beside it)
    # Processing's own echo of the results (with full paths) is QGIS's line, not ours.
    logged = [line for line in feedback.infos + feedback.warnings if not line.startswith("Results:")]
    assert len(logged) > 10
    texts += [("log", line) for line in logged]
    assert problems_in(texts, words=True) == []
    values = {where.split(".")[-1]: value for where, value in layer_texts(detected["SLIVERS"], "碎片")}
    assert values["SPYY#1"] == "面积小于最小图斑面积" and values["AREA_MTHD#1"] == "椭球面积，CGCS2000 椭球"
    assert load_workbook(detected["REPORT"]).sheetnames == ["汇总", "分乡镇", "冲突台账", "处理进度"]
    assert load_workbook(blueprint["CHANGE_LOG"]).sheetnames == ["变更记录", "编码来源"]


def test_under_an_english_locale_the_deliverables_are_english(county, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    detected, suggested, blueprint = chain(county, tmp_path)
    patches = {f["CYLX"]: f for f in features(suggested["OUTPUT"])}
    assert patches["JS_10"]["CYLXMC"] == "construction in 城规, not in 土规"
    assert patches["JS_10"]["JYCLMC"] == "keep 土规"
    assert patches["JS_10"]["JYLY"].startswith("Construction-land scale control")
    assert patches["HX_JS"]["CYLXMC"] == "Construction planned in the ecological red line"
    assert patches["HX_JS"]["AREA_MTHD"] == "ellipsoidal, CGCS2000 ellipsoid"
    assert load_workbook(detected["REPORT"]).sheetnames == ["Summary", "By admin unit", "Ledger", "Review progress"]
    log = load_workbook(blueprint["CHANGE_LOG"])["Change log"]
    assert log["A1"].value == "Blueprint change log" and log["A3"].value == "Patch id"
    rows = {row[0].value: [cell.value for cell in row] for row in log.iter_rows(min_row=4)}
    headers = [cell.value for cell in log[3]]
    assert dict(zip(headers, rows["CY3410010001"]))["Decision"] == "keep 土规"
    assert dict(zip(headers, rows["CY3410010001"]))["Review status"] == "not reviewed"
    assert rows["Total"][0] == "Total"


def save_as(source, path, driver):
    """A copy of the layer at ``source`` in another format (features in the same order)."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    layer = QgsVectorLayer(source, "copy", "ogr")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.fileEncoding = driver, "UTF-8"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return str(path)


def identities(county, folder):
    folder.mkdir()
    _, suggested, blueprint = chain(county, folder)
    patches = {f["CYTBBH"]: (f["GH1BSM"], f["GH2BSM"]) for f in features(suggested["OUTPUT"])}
    parts = sorted((f["LYGH"], f["YSDM"], f["YSBSM"], round(f["AREA_M2"], 2)) for f in features(blueprint["OUTPUT"]))
    return patches, parts


def test_plan_features_are_named_the_same_from_a_geopackage_and_a_shapefile(county, tmp_path):
    shapefiles = {**county, "urban": save_as(county["urban"], tmp_path / "城规.shp", "ESRI Shapefile"),
                  "land": save_as(county["land"], tmp_path / "土规.shp", "ESRI Shapefile"),
                  "admin": save_as(county["admin"], tmp_path / "乡镇.shp", "ESRI Shapefile")}
    from_gpkg, from_shp = identities(county, tmp_path / "gpkg"), identities(shapefiles, tmp_path / "shp")
    assert from_gpkg == from_shp
    patches, parts = from_gpkg
    # 1-based feature numbers: the R2 parcel is 城规's first feature, the 耕地 parcel 土规's second
    assert patches == {"CY3410010001": ("1", "2"), "CY3410010002": ("1", "2")}
    assert ("城规", "E2", "2", 10_000.0) in parts and ("土规", "111", "2", 3000.0) in parts


def test_a_bsm_field_or_a_chosen_field_names_the_plan_features(county, make_layer, tmp_path):
    urban = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100)], fields={"YDDM": str, "BSM": str, "DKBH": str},
                       attributes=[{"YDDM": "R2", "BSM": "3401000001", "DKBH": "A-01"},
                                   {"YDDM": "E2", "BSM": "3401000002", "DKBH": "A-02"}], gpkg_name="城规bsm.gpkg")
    named = {**county, "urban": urban.source()}
    feedback_lines = []
    from recording import RecordingFeedback

    feedback = RecordingFeedback()
    detected = detect(named, tmp_path)
    assert {f["GH1BSM"] for f in features(detected["OUTPUT"])} == {"3401000001"}
    chosen = run("detect_conflicts", {**plan_parameters(named), "PLAN_1_ID_FIELD": "DKBH",
                                      "OUTPUT": str(tmp_path / "p2.gpkg"), "REPORT": str(tmp_path / "r2.xlsx")},
                 feedback=feedback)
    assert {f["GH1BSM"] for f in features(chosen["OUTPUT"])} == {"A-01"}
    feedback_lines += feedback.infos
    assert any("DKBH" in line for line in feedback_lines)
    blueprint = run("build_blueprint", {**plan_parameters(named), "PATCHES": chosen["OUTPUT"],
                                        "OUTPUT": str(tmp_path / "bp.gpkg"), "CHANGE_LOG": str(tmp_path / "log.xlsx")})
    assert {f["YSBSM"] for f in features(blueprint["OUTPUT"]) if f["LYGH"] == "城规"} == {"3401000001", "3401000002"}


def test_area_fields_have_2_4_and_2_decimals_in_every_output(county, tmp_path):
    from osgeo import ogr

    detected, suggested, blueprint = chain(county, tmp_path, suffix="shp")
    for path in (detected["OUTPUT"], detected["SLIVERS"], suggested["OUTPUT"], blueprint["OUTPUT"]):
        source = ogr.Open(str(path))
        definition = source.GetLayer(0).GetLayerDefn()
        decimals = {definition.GetFieldDefn(i).GetName(): definition.GetFieldDefn(i).GetPrecision()
                    for i in range(definition.GetFieldCount())}
        assert (decimals["AREA_M2"], decimals["AREA_HA"], decimals["AREA_MU"]) == (2, 4, 2), path
        source = None
    mu = sorted(f["AREA_MU"] for f in features(suggested["OUTPUT"]))
    assert mu == pytest.approx([3.0, 4.5], abs=1e-9)


@pytest.mark.parametrize("step", ["detect_conflicts", "suggest_resolutions", "build_blueprint"])
def test_cancelling_while_the_ledger_is_written_leaves_nothing(county, tmp_path, monkeypatch, step):
    """The user cancels after the layers are written, while the ledger / change log is: the run
    raises and no output of it is left."""
    import importlib

    from qgis.core import QgsProcessingFeedback

    detected, suggested, _ = chain(county, tmp_path / "before" if (tmp_path / "before").mkdir() is None else None)
    feedback = QgsProcessingFeedback()
    module = importlib.import_module(f"multiplan.processing.algorithms.conflicts.{step}")
    writer = "write_workbook" if step == "build_blueprint" else "write_ledger"
    original = getattr(module, writer)

    def cancelling(path, *args, **kwargs):
        feedback.cancel()
        return original(path, *args, **kwargs)

    monkeypatch.setattr(module, writer, cancelling)
    out = tmp_path / "out"
    out.mkdir()
    parameters = {
        "detect_conflicts": {**plan_parameters(county), "OUTPUT": str(out / "p.gpkg"), "SLIVERS": str(out / "s.gpkg"),
                             "REPORT": str(out / "r.xlsx")},
        "suggest_resolutions": {"INPUT": detected["OUTPUT"], "OUTPUT": str(out / "p.gpkg"),
                                "REPORT": str(out / "r.xlsx")},
        "build_blueprint": {**plan_parameters(county), "PATCHES": suggested["OUTPUT"], "OUTPUT": str(out / "p.gpkg"),
                            "CHANGE_LOG": str(out / "r.xlsx")},
    }[step]
    with pytest.raises(QgsProcessingException, match="cancelled"):
        run(step, parameters, feedback=feedback)
    assert sorted(path.name for path in out.iterdir()) == []
