"""The collaboration rules held by the database itself: every rule tried in plain SQL as the wrong
role (what psql with a department's credentials would do), each refused; concurrent writers lose
nothing; a writer killed mid-transaction loses nothing committed."""
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psycopg2
import pytest

from collaboration_db import SCHEMA, count, create, login
from multiplan.core.collaboration import schema as cs

pytestmark = pytest.mark.postgis


@pytest.fixture
def dsn(postgis_database):
    create(postgis_database)
    return postgis_database


def execute(connection, sql, *arguments):
    with connection, connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return cursor.fetchone() if cursor.description else None


OPINION = (f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, opinion, reason) "
           "VALUES ('CY00001', %s, 'opinion', 'AGREE', 'ok') RETURNING id, db_role")


def test_a_department_gives_opinions_as_itself_only(dsn):
    li = login(dsn, "li_zr")
    opinion_id, role = execute(li, OPINION, "ZR")
    assert role == "li_zr"  # the server's, not the client's
    # as another department
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        execute(li, OPINION, "HB")
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions") == 1


@pytest.mark.parametrize("column, value", [("db_role", "zhao_dgb"), ("created_at", "2000-01-01"), ("id", "999")])
def test_who_and_when_cannot_be_spoofed(dsn, column, value):
    li = login(dsn, "li_zr")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
        execute(li, f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, opinion, {column}) "
                    f"VALUES ('CY00002', 'ZR', 'opinion', 'AGREE', %s)", value)


def test_a_department_never_sets_a_final_decision(dsn):
    li = login(dsn, "li_zr")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        execute(li, f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, decision) "
                    f"VALUES ('CY00001', 'ZR', 'final', 'GH1')")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        execute(li, f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, decision) "
                    f"VALUES ('CY00001', 'DGB', 'final', 'GH1')")


@pytest.mark.parametrize("statement", [
    f"UPDATE {SCHEMA}.opinions SET reason = 'changed'",
    f"DELETE FROM {SCHEMA}.opinions",
    f"TRUNCATE {SCHEMA}.opinions",
    f"UPDATE {SCHEMA}.patches SET \"CYLX\" = 'YZ'",
    f"DELETE FROM {SCHEMA}.patches",
    f"INSERT INTO {SCHEMA}.patches (\"CYTBBH\") VALUES ('X')",
    f"UPDATE {SCHEMA}.departments SET coordinator = true",
    f"INSERT INTO {SCHEMA}.departments VALUES ('X', 'x', 'li_zr', '*', true)",
])
@pytest.mark.parametrize("person", ["li_zr", "zhao_dgb"])
def test_nobody_changes_or_deletes_anything(dsn, statement, person):
    connection = login(dsn, person)
    execute(connection, OPINION, "ZR" if person == "li_zr" else "DGB")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        execute(connection, statement)
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions") == 1
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.patches") == 6


def test_even_the_owner_cannot_rewrite_history(dsn):
    owner = psycopg2.connect(dsn)
    execute(login(dsn, "li_zr"), OPINION, "ZR")
    for statement in (f"UPDATE {SCHEMA}.opinions SET reason = 'x'", f"DELETE FROM {SCHEMA}.opinions",
                      f"TRUNCATE {SCHEMA}.opinions"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="never changed or deleted"):
            execute(owner, statement)
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions") == 1


def test_everyone_reads_every_opinion_and_the_status(dsn):
    execute(login(dsn, "li_zr"), OPINION, "ZR")
    execute(login(dsn, "wang_hb"), OPINION.replace("'AGREE'", "'DISAGREE'"), "HB")
    zhang = login(dsn, "zhang_gh")
    assert execute(zhang, f"SELECT count(*) FROM {SCHEMA}.opinions")[0] == 2
    assert execute(zhang, f"SELECT \"SHZT\" FROM {SCHEMA}.patch_status WHERE \"CYTBBH\" = 'CY00001'")[0] == "未审查"


def test_only_the_coordinator_decides_and_only_on_top_of_the_current_decision(dsn):
    zhao, qian = login(dsn, "zhao_dgb"), login(dsn, "qian_dgb")
    final = (f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, decision, decision_name, supersedes) "
             f"VALUES ('CY00001', 'DGB', 'final', %s, %s, %s) RETURNING id")
    first = execute(zhao, final, "GH1", "保留城规", None)[0]
    # a second "first" decision: refused (the other coordinator decided meanwhile)
    with pytest.raises(psycopg2.errors.SerializationFailure, match="another final decision"):
        execute(qian, final, "GH2", "保留土规", None)
    second = execute(qian, final, "GH2", "保留土规", first)[0]
    with pytest.raises(psycopg2.errors.SerializationFailure):
        execute(zhao, final, "DEFER", "暂缓", first)  # stale: second replaced first
    status = execute(qian, f"SELECT \"CLJD\", \"CLJDMC\", \"SHZT\", \"SHR\", final_id FROM {SCHEMA}.patch_status "
                           f"WHERE \"CYTBBH\" = 'CY00001'")
    assert status == ("GH2", "保留土规", "已审查", "qian_dgb", second)
    with pytest.raises(psycopg2.errors.CheckViolation):
        execute(zhao, final, "XYZ", "?", second)


def test_concurrent_coordinators_the_second_is_refused(dsn):
    """Both saw no decision; both insert at once: exactly one wins (the unique index holds even
    when the trigger's check ran before the other committed)."""
    connections = [login(dsn, "zhao_dgb"), login(dsn, "qian_dgb")]
    connections[0].cursor().execute(f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, decision) "
                                    f"VALUES ('CY00003', 'DGB', 'final', 'GH1')")
    # the first holds its transaction open; the second's insert waits on the unique index
    errors = []

    def second():
        try:
            with connections[1], connections[1].cursor() as cursor:
                cursor.execute(f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, decision) "
                               f"VALUES ('CY00003', 'DGB', 'final', 'GH2')")
        except psycopg2.Error as error:
            errors.append(error)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.5)
    connections[0].commit()
    thread.join(10)
    assert len(errors) == 1 and isinstance(errors[0], psycopg2.errors.UniqueViolation)
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE kind = 'final'") == 1


def test_two_writers_1000_opinions_each_none_lost(dsn):
    def write(person, department):
        connection = login(dsn, person)
        for number in range(1000):
            with connection, connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, opinion, reason) "
                               f"VALUES (%s, %s, 'opinion', 'AGREE', %s)",
                               (f"CY0000{1 + number % 6}", department, str(number)))
        connection.close()

    threads = [threading.Thread(target=write, args=("li_zr", "ZR")),
               threading.Thread(target=write, args=("wang_hb", "HB"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE department = 'ZR'") == 1000
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE department = 'HB'") == 1000
    assert count(dsn, f"SELECT count(DISTINCT reason) FROM {SCHEMA}.opinions") == 1000


def test_a_writer_killed_mid_transaction_loses_nothing_committed(dsn):
    parts = dict(part.split("=", 1) for part in dsn.split())
    script = textwrap.dedent(f"""
        import psycopg2, sys
        connection = psycopg2.connect(host="127.0.0.1", port={parts['port']}, dbname="{parts['dbname']}",
                                      user="li_zr", password="secret-of-the-test")
        cursor = connection.cursor()
        for number in range(50):
            cursor.execute("INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, opinion, reason) "
                           "VALUES ('CY00001', 'ZR', 'opinion', 'AGREE', 'committed')")
            connection.commit()
        cursor.execute("INSERT INTO {SCHEMA}.opinions (patch_id, department, kind, opinion, reason) "
                       "VALUES ('CY00001', 'ZR', 'opinion', 'AGREE', 'open')")
        print("open", flush=True)
        sys.stdin.readline()
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "open"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    deadline = time.monotonic() + 10  # the server notices the dropped connection and rolls it back
    while count(dsn, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'li_zr'") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE reason = 'committed'") == 50
    assert count(dsn, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE reason = 'open'") == 0
    # and the table takes new opinions
    execute(login(dsn, "li_zr"), OPINION, "ZR")


def test_setup_refuses_an_existing_schema_and_bad_patches(postgis_database):
    create(postgis_database)
    connection = psycopg2.connect(postgis_database)
    from collaboration_db import patches

    wkb, table = patches()
    with pytest.raises(cs.CollaborationError, match="exists already"):
        cs.setup(connection, SCHEMA, wkb, table, 4527, cs.load_departments())
    table.loc[1, "CYTBBH"] = table.loc[0, "CYTBBH"]
    with pytest.raises(cs.CollaborationError, match="unique"):
        cs.setup(connection, "other", wkb, table, 4527, cs.load_departments())
    assert count(postgis_database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'other'") == 0


def test_a_review_made_in_a_geopackage_comes_along(postgis_database):
    from collaboration_db import patches

    _, table = patches()
    table["CLJD"] = ["GH2", None, "", "DEFER", None, None]
    table["CLJDMC"] = ["保留土规", None, None, "暂缓", None, None]
    table["SHR"] = ["张三", None, None, "李四", None, None]
    create(postgis_database, attributes=table)
    assert count(postgis_database, f"SELECT count(*) FROM {SCHEMA}.opinions WHERE kind = 'final'") == 2
    assert count(postgis_database, f"SELECT \"SHZT\" FROM {SCHEMA}.patch_status WHERE \"CYTBBH\" = 'CY00004'") == "暂缓"


def test_department_table_errors(tmp_path):
    path = tmp_path / "部门.csv"
    path.write_text("code,name,role,concerns,coordinator\nGH,规划,Bad Role,*,0\nZR,自然资源,mp_ziran,*,2\n",
                    encoding="gbk")
    with pytest.raises(cs.CollaborationError, match="row 2: role 'Bad Role'.*row 3: coordinator must be 1 or 0"):
        cs.load_departments(path)
    path.write_text("code,name,role,concerns,coordinator\nGH,规划,mp_gh,*,0\n", encoding="utf-8")
    with pytest.raises(cs.CollaborationError, match="no coordinating department"):
        cs.load_departments(path)


def test_the_administrators_script(postgis_database, tmp_path):
    """scripts/setup-collaboration with a libpq connection string and a GeoPackage of patches."""
    from osgeo import ogr, osr

    from collaboration_db import patches

    wkb, table = patches(3)
    path = tmp_path / "差异图斑.gpkg"
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = dataset.CreateLayer("差异图斑", srs, ogr.wkbMultiPolygon)
    for name in table.columns:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal if name == "MJ" else ogr.OFTString))
    for geometry, record in zip(wkb, table.to_dict("records")):
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in record.items():
            feature.SetField(name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(geometry))
        layer.CreateFeature(feature)
    dataset = None
    script = Path(__file__).resolve().parents[3] / "scripts" / "setup-collaboration"
    result = subprocess.run([str(script), postgis_database, str(path), "--schema", "xt"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "3 patches" in result.stdout
    assert count(postgis_database, "SELECT count(*) FROM xt.patches") == 3
    assert count(postgis_database, "SELECT data_type FROM information_schema.columns WHERE table_schema = 'xt' "
                                   "AND column_name = 'MJ'") == "double precision"
    again = subprocess.run([str(script), postgis_database, str(path), "--schema", "xt"], capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 1 and "exists already" in again.stderr
