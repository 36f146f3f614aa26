"""部门协同 through Processing: set up the schema from a difference-patch layer over a connection
saved in QGIS whose credentials sit in QGIS's authentication manager, then a department's ledger."""
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException

from collaboration_db import PASSWORD, count, login, save_connection
from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.collaboration.store import ReviewSession

pytestmark = pytest.mark.postgis


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters)


@pytest.fixture
def patches_layer(make_layer):
    boxes = [shapely.box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100) for i in range(4)]
    return make_layer(boxes, fields={"CYTBBH": str, "CYLX": str, "CYLXMC": str, "XZQMC": str, "MJ": float,
                                     "CLJD": str, "CLJDMC": str, "SHR": str},
                      attributes=[{"CYTBBH": f"CY{i:05d}", "CYLX": t, "CYLXMC": n, "XZQMC": "城关镇", "MJ": 10000.0,
                                   "CLJD": "GH1" if i == 1 else None, "CLJDMC": "保留城规" if i == 1 else None,
                                   "SHR": "张三" if i == 1 else None}
                                  for i, (t, n) in enumerate([("HX_JS", "生态保护红线内规划建设用地"), ("YT", "用途不一致"),
                                                              ("NT_JS", "永久基本农田内规划建设用地"), ("FJ", "农林不一致")],
                                                             start=1)])


def test_setup_then_a_department_ledger(postgis_database, patches_layer, tmp_path):
    admin = save_connection("协同库管理员", postgis_database)
    result = run("setup_collaboration", {"DATABASE": admin, "SCHEMA": "xietong", "PATCHES": patches_layer})
    assert (result["PATCH_COUNT"], result["IMPORTED_COUNT"]) == (4, 1)
    assert "mp_huanbao" in result["ROLES"]
    assert count(postgis_database, "SELECT ST_SRID(geom) FROM xietong.patches LIMIT 1") == 4527
    assert count(postgis_database, "SELECT round(sum(ST_Area(geom))) FROM xietong.patches") == 40000
    # a person of 生态环境局 gives an opinion, then reads its ledger through its own saved connection
    import psycopg2

    connection = psycopg2.connect(postgis_database)
    connection.autocommit = True
    connection.cursor().execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wang_hb') "
                                f"THEN CREATE ROLE wang_hb LOGIN PASSWORD '{PASSWORD}'; END IF; END $$")
    connection.cursor().execute("GRANT mp_huanbao TO wang_hb")
    ReviewSession(login(postgis_database, "wang_hb"), "xietong").add_opinion("CY00001", "HB", "DISAGREE", reason="红线")
    own = save_connection("环保局", postgis_database, "wang_hb", PASSWORD)
    ledger = run("department_ledger", {"DATABASE": own, "SCHEMA": "xietong", "REPORT": str(tmp_path / "台账.xlsx")})
    # 环保 is concerned by HX_JS (CY00001) only; it gave its opinion, nothing open
    assert (ledger["PATCH_COUNT"], ledger["OPEN_COUNT"], ledger["OPINION_COUNT"]) == (1, 0, 1)
    workbook = load_workbook(ledger["REPORT"])
    first = workbook.worksheets[0]
    assert "生态环境局" in str(first.cell(row=1, column=1).value)
    assert first.cell(row=4, column=1).value == "CY00001"

    def first_column(sheet):  # data rows from row 4; the 合计 row (if any) is not a patch
        return [sheet.cell(row=r, column=1).value for r in range(4, sheet.max_row + 1)
                if str(sheet.cell(row=r, column=1).value or "").startswith("CY")]

    _, open_items, history = workbook.worksheets  # concerning us, open items (待办), our opinions (本部门意见)
    assert first_column(open_items) == []  # 环保 has answered its one patch
    assert first_column(history) == ["CY00001"]
    row = [history.cell(row=4, column=c).value for c in range(1, history.max_column + 1)]
    assert "wang_hb" in row and "红线" in row and "部门意见" in row[1]  # bilingual here: "部门意见 opinion"
    # 自然资源局 (every patch) by code, through the admin connection: CY00001 decided (imported), 3 open
    zr = run("department_ledger", {"DATABASE": admin, "SCHEMA": "xietong", "DEPARTMENT": "ZR",
                                   "REPORT": str(tmp_path / "自然资源.xlsx")})
    assert (zr["PATCH_COUNT"], zr["OPEN_COUNT"], zr["OPINION_COUNT"]) == (4, 3, 0)
    open_items = load_workbook(zr["REPORT"]).worksheets[1]
    assert sorted(first_column(open_items)) == ["CY00002", "CY00003", "CY00004"]  # CY00001 was decided
    with pytest.raises(QgsProcessingException, match="no department|没有部门"):
        run("department_ledger", {"DATABASE": admin, "SCHEMA": "xietong", "DEPARTMENT": "XX",
                                  "REPORT": str(tmp_path / "x.xlsx")})
    assert not (tmp_path / "x.xlsx").exists()


def test_setup_errors_leave_nothing(postgis_database, patches_layer, make_layer):
    admin = save_connection("管理员2", postgis_database)
    with pytest.raises(QgsProcessingException, match="schema|模式"):
        run("setup_collaboration", {"DATABASE": admin, "SCHEMA": "Bad Name", "PATCHES": patches_layer})
    no_ids = make_layer([shapely.box(X0, Y0, X0 + 10, Y0 + 10)], gpkg_name="no_ids.gpkg", name="no_ids")
    with pytest.raises(QgsProcessingException, match="CYTBBH"):
        run("setup_collaboration", {"DATABASE": admin, "SCHEMA": "s2", "PATCHES": no_ids})
    assert count(postgis_database, "SELECT count(*) FROM pg_namespace WHERE nspname = 's2'") == 0
    run("setup_collaboration", {"DATABASE": admin, "SCHEMA": "s3", "PATCHES": patches_layer})
    with pytest.raises(QgsProcessingException, match="exists already|已存在"):
        run("setup_collaboration", {"DATABASE": admin, "SCHEMA": "s3", "PATCHES": patches_layer})
    with pytest.raises(QgsProcessingException, match="no saved PostgreSQL connection|没有名为"):
        run("setup_collaboration", {"DATABASE": "不存在的连接", "SCHEMA": "s4", "PATCHES": patches_layer})


