"""实施评估 through Processing on the hand-built county (tests/monitoring_county.py): the monitoring
patches in GeoPackage and shapefile carry the same numbers, the Excel report has its sheets and
native charts, a PNG per key indicator, an HTML summary, and impossible input fails cleanly."""
import pytest
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

import monitoring_county as mc
from monitoring_county import m2


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters):
    import processing

    return processing.run("multiplan:implementation_assessment", parameters)


def survey_layer(make_layer, parts, name):
    return source(make_layer([mc.box(*b) for b, _ in parts], fields={"BSM": str, "DLBM": str},
                      attributes=[{"BSM": f"{name[-4:]}{n:03d}", "DLBM": code} for n, (_, code) in enumerate(parts, 1)],
                      gpkg_name=f"{name}.gpkg", name=name))


def source(layer):
    """Layers are passed as their sources, as qgis_process passes them. (QGIS 3.22 can crash when
    GeoPackage layer objects a test still holds are destroyed after a successful Processing run.)"""
    return layer.source()


@pytest.fixture
def inputs(make_layer):
    def polygons(parts, name):
        return source(make_layer([mc.box(*b) for b in parts], gpkg_name=f"{name}.gpkg", name=name))

    return {
        "BLUEPRINT": source(make_layer([mc.box(*b) for b, _ in mc.BLUEPRINT], fields={"YDYHDM": str},
                                       attributes=[{"YDYHDM": c} for _, c in mc.BLUEPRINT], gpkg_name="一张蓝图.gpkg",
                                       name="一张蓝图")),
        "CODE_FIELD": "YDYHDM",
        "SURVEYS": [survey_layer(make_layer, mc.Y2025, "DLTB_2025"), survey_layer(make_layer, mc.Y2024, "DLTB_2024")],
        "SURVEY_CODE_FIELD": "DLBM",
        "BASE_SURVEY": survey_layer(make_layer, mc.BASE, "DLTB_2023"),
        "URBAN_BOUNDARY": polygons(mc.URBAN, "CZKFBJ"), "FARMLAND": polygons(mc.FARMLAND, "YJJBNT"),
        "ECOLOGICAL_REDLINE": polygons(mc.RED_LINE, "STBHHX"),
        "ADMIN": source(make_layer([mc.box(*b) for b, _, _ in mc.TOWNSHIPS], fields={"XZQDM": str, "XZQMC": str},
                                   attributes=[{"XZQDM": c, "XZQMC": n} for _, c, n in mc.TOWNSHIPS],
                                   gpkg_name="乡镇.gpkg", name="XZQ_XZ")),
        "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC", "COUNTY_NAME": "示范县",
    }


def patches_of(path):
    layer = QgsVectorLayer(path, "patches", "ogr")
    assert layer.isValid()
    return [{field.name(): feature[field.name()] for field in layer.fields()} | {"area": feature.geometry().area()}
            for feature in layer.getFeatures()]


@pytest.mark.parametrize("suffix", ["gpkg", "shp"])
def test_every_output_and_the_same_numbers_in_every_format(inputs, tmp_path, suffix):
    out = tmp_path / f"实施评估_{suffix}"
    out.mkdir()
    result = run({**inputs, "OUTPUT": str(out / f"监测图斑.{suffix}"), "REPORT": str(out / "实施评估报告.xlsx"),
                  "CHARTS": str(out / "图表"), "HTML": str(out / "实施评估.html")})
    assert result["NEW_CONSTRUCTION_HA"] == pytest.approx(
        (m2((0, 0, 100, 100)) + m2((500, 0, 1000, 250)) + m2((600, 900, 700, 1000))) / 10_000, abs=1e-6)
    assert result["NEW_OUTSIDE_BOUNDARY_HA"] == pytest.approx(
        (m2((0, 0, 100, 100)) + m2((600, 900, 700, 1000))) / 10_000, abs=1e-6)
    assert result["FARMLAND_LOST_HA"] == pytest.approx(
        (m2((0, 0, 100, 100)) + m2((500, 0, 1000, 250)) + m2((400, 900, 500, 1000))) / 10_000, abs=1e-6)
    assert result["RED_COUNT"] >= 1  # 2025: construction inside the red line
    patches = patches_of(result["OUTPUT"])
    assert result["PATCH_COUNT"] == len(patches) == 2 + 2 + 2  # per year: new construction, farmland lost
    outside = [p for p in patches if p["JCND"] == 2024 and p["JCLXDM"] == 1 and p["WG"] == 1]
    assert len(outside) == 1
    patch = outside[0]
    assert (patch["XZQDM"], patch["XZQMC"], patch["QDLBM"], patch["HDLBM"], patch["HTBBSM"]) == (
        "001", "甲镇", "0103", "0601", "2024003")
    assert patch["AREA_M2"] == pytest.approx(m2((0, 0, 100, 100)), abs=0.01)
    assert patch["NTMJ"] == pytest.approx(patch["AREA_HA"], abs=1e-6)
    assert patch["area"] == pytest.approx(10_000.0, abs=1e-3)  # planar in EPSG:4527 on the central meridian
    red = [p for p in patches if p["JCND"] == 2025 and p["JCLXDM"] == 1]
    assert len(red) == 1 and red[0]["HXMJ"] == pytest.approx(m2((600, 900, 700, 1000)) / 10_000, abs=1e-6)
    assert red[0]["WG"] == 1
    assert {p["JCLX"] for p in patches} <= {"新增建设用地", "耕地减少", "耕地增加", "new construction", "farmland lost"}

    workbook = load_workbook(result["REPORT"])
    assert len(workbook.sheetnames) == 7
    trend = workbook.worksheets[1]
    assert len(trend._charts) == 7  # 6 indicators and the violations bar chart
    assert trend.cell(row=4, column=1).value == "2023" and trend.cell(row=6, column=1).value == "2025"
    pngs = sorted((out / "图表").glob("*.png"))
    assert len(pngs) == 10 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    page = (out / "实施评估.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and ("甲镇" in page and "乙镇" in page)
    assert "2024003" in page and "2025010" in page  # the violating patches, named by their survey BSM
    assert str(tmp_path) not in page


def test_shapefile_and_geopackage_agree(inputs, tmp_path):
    rows = {}
    for suffix in ("gpkg", "shp"):
        result = run({**inputs, "OUTPUT": str(tmp_path / f"p.{suffix}"), "REPORT": str(tmp_path / f"r_{suffix}.xlsx")})
        rows[suffix] = sorted((p["JCND"], p["JCLXDM"], p["XZQDM"], p["HTBBSM"], round(p["AREA_M2"], 2),
                               round(p["AREA_HA"], 4), round(p["AREA_MU"], 2)) for p in patches_of(result["OUTPUT"]))
    assert rows["gpkg"] == rows["shp"]


def test_given_years_must_agree_with_the_layer_names(inputs, tmp_path):
    with pytest.raises(QgsProcessingException, match="2024.*2025|contradicts|不一致"):
        run({**inputs, "SURVEY_YEARS": "2024,2025", "OUTPUT": str(tmp_path / "y.gpkg"),
             "REPORT": str(tmp_path / "y.xlsx")})
    assert not (tmp_path / "y.gpkg").exists()


def test_years_from_the_parameter_and_errors(inputs, tmp_path):
    renamed = dict(inputs, SURVEYS=list(inputs["SURVEYS"]), SURVEY_YEARS="2025,2024")
    result = run({**renamed, "OUTPUT": str(tmp_path / "a.gpkg"), "REPORT": str(tmp_path / "a.xlsx")})
    assert result["PATCH_COUNT"] == 6
    with pytest.raises(QgsProcessingException, match="2024|年份"):
        run({**inputs, "SURVEY_YEARS": "2024", "OUTPUT": str(tmp_path / "b.gpkg"), "REPORT": str(tmp_path / "b.xlsx")})
    assert not (tmp_path / "b.gpkg").exists() and not (tmp_path / "b.xlsx").exists()
    with pytest.raises(QgsProcessingException, match="基期|base year"):
        run({**inputs, "BASE_YEAR": 2030, "OUTPUT": str(tmp_path / "c.gpkg"), "REPORT": str(tmp_path / "c.xlsx")})
    assert not (tmp_path / "c.gpkg").exists()
    with pytest.raises(QgsProcessingException, match="blueprint|蓝图"):
        run({**{k: v for k, v in inputs.items() if k != "BLUEPRINT"}, "OUTPUT": str(tmp_path / "d.gpkg"),
             "REPORT": str(tmp_path / "d.xlsx")})


def test_blueprint_from_a_store(inputs, tmp_path):
    import processing

    store = tmp_path / "版本库.gpkg"
    processing.run("multiplan:create_blueprint_store", {"BLUEPRINT": inputs["BLUEPRINT"], "APPROVAL": "县政府〔2025〕1号",
                                                         "DATE": "2025-03-01", "STORE": str(store)})
    parameters = {k: v for k, v in inputs.items() if k not in ("BLUEPRINT", "CODE_FIELD")}
    from_store = run({**parameters, "STORE": str(store), "OUTPUT": str(tmp_path / "s.gpkg"),
                      "REPORT": str(tmp_path / "s.xlsx")})
    from_layer = run({**inputs, "OUTPUT": str(tmp_path / "l.gpkg"), "REPORT": str(tmp_path / "l.xlsx")})
    for key in ("PATCH_COUNT", "NEW_CONSTRUCTION_HA", "FARMLAND_LOST_HA", "RED_COUNT", "YELLOW_COUNT"):
        assert from_store[key] == pytest.approx(from_layer[key])
