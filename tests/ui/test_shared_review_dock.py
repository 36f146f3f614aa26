"""The review dock on a shared PostGIS review, driven as two reviewers would: a department sees
its pending patches first and gives opinions (never decisions), the coordinator sees them and
decides, the other open dock hears it; two coordinators deciding at once: the second is told."""
import psycopg2
import pytest

from collaboration_db import PASSWORD, SCHEMA, count, create, save_connection

pytestmark = pytest.mark.postgis


@pytest.fixture(autouse=True)
def chinese_reports(monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")


@pytest.fixture
def shared(postgis_database):
    create(postgis_database)
    connection = psycopg2.connect(postgis_database)
    with connection, connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE {SCHEMA}.patches ADD COLUMN "GH1" text DEFAULT \'城规\'')
    connection.close()
    names = {person: save_connection(f"协同-{person}", postgis_database, person, PASSWORD)
             for person in ("wang_hb", "zhao_dgb", "qian_dgb")}
    return postgis_database, names


def test_a_department_gives_opinions_the_coordinator_decides(shared, make_dock, qtbot):
    dsn, names = shared
    hb = make_dock()
    assert hb.open_shared(names["wang_hb"], SCHEMA)
    assert hb.shared and hb.model.rowCount() == 6
    assert "生态环境局" in hb.acting_label.text() and "wang_hb" in hb.acting_label.text()
    # 环保 is concerned by HX_JS only: CY00001 comes first
    assert hb.model.fid_at(0) == hb.store.read_columns().fid[0]
    assert hb.store.patch_ids[hb.model.fid_at(0)] == "CY00001"
    assert not hb.save_button.isEnabled() and hb.opinion_button.isEnabled()
    hb.select_row(0)
    hb.opinion_combo.setCurrentIndex(hb.opinion_combo.findData("DISAGREE"))
    hb.plan_buttons[0].setChecked(True)  # its proposal: keep 城规
    hb.reason_edit.setPlainText("位于生态保护红线内")
    hb.documents_edit.setText("环函〔2026〕3号")
    assert hb.submit_opinion()
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE department = 'HB' AND decision = 'GH1' "
                      f"AND documents = '环函〔2026〕3号' AND db_role = 'wang_hb'") == 1
    # the coordinator's dock shows the opinion and decides
    dgb = make_dock()
    assert dgb.open_shared(names["zhao_dgb"], SCHEMA)
    assert dgb.save_button.isEnabled() and "多规合一办公室" in dgb.acting_label.text()
    dgb.select_fid(next(fid for fid, pid in dgb.store.patch_ids.items() if pid == "CY00001"))
    assert dgb.opinions_view.rowCount() == 1 and dgb.opinions_view.item(0, 0).text() == "生态环境局"
    assert dgb.opinions_view.item(0, 3).text() in ("不同意", "disagree")
    assert dgb.decide("DEFER", "待现场核实")
    assert count(dsn, f"SELECT \"SHZT\" FROM {SCHEMA}.patch_status WHERE \"CYTBBH\" = 'CY00001'") == "暂缓"
    # the department's open dock hears it (LISTEN/NOTIFY, polled)
    hb.select_fid(next(fid for fid, pid in hb.store.patch_ids.items() if pid == "CY00001"))
    qtbot.waitUntil(lambda: hb.model.table.status[hb.model.table.row_of(hb.current_fid())] == "暂缓", timeout=5000)
    assert hb.opinions_view.rowCount() == 2
    # a department cannot decide, even by calling the dock directly
    assert not hb.decide("GH1")
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE kind = 'final'") == 1


def test_no_password_reaches_the_layer_or_the_saved_project(shared, make_dock, tmp_path):
    """The saved connection keeps the login in QGIS's authentication database: neither the shared
    layer's source nor a project saved with it holds the password."""
    from qgis.core import QgsProject

    _, names = shared
    dock = make_dock()
    assert dock.open_shared(names["wang_hb"], SCHEMA)
    layer = dock.store.layer
    assert PASSWORD not in layer.source() and "password=" not in layer.source()
    assert "authcfg=" in layer.source()
    project = tmp_path / "协同审查.qgs"
    assert QgsProject.instance().write(str(project))
    saved = project.read_text(encoding="utf-8")
    assert SCHEMA in saved and PASSWORD not in saved and "password=" not in saved


def test_two_coordinators_the_second_is_told(shared, make_dock):
    dsn, names = shared
    zhao, qian = make_dock(), make_dock()
    assert zhao.open_shared(names["zhao_dgb"], SCHEMA) and qian.open_shared(names["qian_dgb"], SCHEMA)
    for dock in (zhao, qian):
        dock.select_fid(next(fid for fid, pid in dock.store.patch_ids.items() if pid == "CY00002"))
    assert zhao.decide("GH1", "会议决定")
    messages = []
    qian._message = lambda text, level=None: messages.append(text)
    assert not qian.decide("GH2", "另一决定")
    assert messages and "已由" in messages[-1] and "zhao_dgb" in messages[-1]
    # it now shows the first decision, and deciding again (having seen it) works
    position = qian.model.table.row_of(qian.current_fid())
    assert qian.model.table.decision[position] == "GH1"
    assert qian.decide("GH2", "复议后调整")
    assert count(dsn, f"SELECT \"CLJD\" FROM {SCHEMA}.patch_status WHERE \"CYTBBH\" = 'CY00002'") == "GH2"
