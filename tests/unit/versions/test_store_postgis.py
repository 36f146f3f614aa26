"""The blueprint store in a PostGIS schema (``PG:… active_schema=…``): the same tables and the same
behaviour as in a GeoPackage — version 1, an approved change, every version as it was, a refusal
that leaves the store untouched."""
import numpy as np
import pandas as pd
import psycopg2
import pytest
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas
from multiplan.core.versions import store
from multiplan.core.versions.update import ChangePackage, ControlLines, UpdateRefused

pytestmark = pytest.mark.postgis
CRS = "EPSG:4527"
CELLS = [shapely.box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100) for i in range(4)]
CODES = ["0101", "0301", "0701", "1701"]


@pytest.fixture
def pg_store(postgis_database):
    connection = psycopg2.connect(postgis_database)
    connection.autocommit = True
    connection.cursor().execute("CREATE SCHEMA yzlt")
    connection.close()
    path = f"PG:{postgis_database} active_schema=yzlt"
    attributes = pd.DataFrame({"YDYHDM": CODES, "YDYHMC": ["水田", "乔木林地", "城镇住宅用地", "河流水面"],
                               "YDYHYJL": [c[:2] for c in CODES], "JSYD": [0, 0, 1, 0], "AREA_HA": [1.0] * 4})
    store.create_store(path, np.array(CELLS, dtype=object), attributes, CRS, approval="县政府〔2025〕1号",
                       date="2025-03-01")
    return path, postgis_database


def test_versions_on_postgis(pg_store):
    path, dsn = pg_store
    assert store.as_of(path).version == 1
    with pytest.raises(store.StoreError, match="already holds"):
        store.create_store(path, np.array(CELLS, dtype=object), pd.DataFrame({"YDYHDM": CODES}), CRS)
    change = ChangePackage(np.array([shapely.box(X0 + 75, Y0, X0 + 125, Y0 + 100)], dtype=object), ["0703"],
                           "县政府〔2026〕8号", reason="局部修改", date="2026-06-01")
    number, rows = store.apply_change(path, change)
    assert number == 2 and (rows["CZ"] == store.CREATED).sum() == 3
    now, first = store.as_of(path), store.as_of(path, 1)
    assert len(first.ids) == 4 and sorted(first.attributes["YDYHDM"]) == sorted(CODES)
    assert polygon_areas(now.geometries, CRS).sum() == pytest.approx(polygon_areas(first.geometries, CRS).sum(), abs=1e-6)
    assert store.versions(path)[["BBH", "PWH"]].values.tolist() == [[1, "县政府〔2025〕1号"], [2, "县政府〔2026〕8号"]]
    assert store.as_of(path, date="2025-12-31").version == 1
    # a refused change leaves the tables as they were
    farmland = ControlLines(None, np.array([CELLS[0]], dtype=object), None)
    onto = ChangePackage(np.array([shapely.box(X0 + 10, Y0 + 10, X0 + 40, Y0 + 40)], dtype=object), ["0701"],
                         "县政府〔2026〕9号")
    with pytest.raises(UpdateRefused):
        store.apply_change(path, onto, lines=farmland)
    connection = psycopg2.connect(dsn)
    with connection, connection.cursor() as cursor:
        cursor.execute('SELECT count(*), count("BBZ") FROM yzlt."YZLT"')
        assert cursor.fetchone() == (4 + 3, 2)
        cursor.execute('SELECT max("BBH") FROM yzlt."YZLT_BB"')
        assert cursor.fetchone()[0] == 2
    connection.close()
    assert "password=…" in str(pytest.raises(store.StoreError, store.as_of, f"PG:{dsn} active_schema=public").value)


def test_two_offices_updating_at_once_give_one_version_two(pg_store, monkeypatch):
    """Two updates of the shared store at once: the one that writes second finds version 2 already
    there and writes nothing; the version numbers and piece ids are unique in the database."""
    path, dsn = pg_store
    real_plan = store.plan_update
    other = []

    def planned_while_another_update_lands(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        if not other:
            other.append("writing")
            other[0] = store.apply_change(path, ChangePackage(
                np.array([shapely.box(X0 + 310, Y0, X0 + 390, Y0 + 50)], dtype=object), ["0703"], "县政府〔2026〕2号"))
        return planned

    monkeypatch.setattr(store, "plan_update", planned_while_another_update_lands)
    with pytest.raises(store.StoreError, match="meanwhile"):
        store.apply_change(path, ChangePackage(np.array([shapely.box(X0 + 75, Y0, X0 + 125, Y0 + 100)], dtype=object),
                                               ["0703"], "县政府〔2026〕8号"))
    assert other[0][0] == 2
    connection = psycopg2.connect(dsn)
    with connection, connection.cursor() as cursor:
        cursor.execute('SELECT array_agg("BBH" ORDER BY "BBH") FROM yzlt."YZLT_BB"')
        assert cursor.fetchone()[0] == [1, 2]
        with pytest.raises(psycopg2.errors.UniqueViolation):  # the database itself refuses a second version 2
            cursor.execute('INSERT INTO yzlt."YZLT_BB" ("BBH") VALUES (2)')
    connection.close()
