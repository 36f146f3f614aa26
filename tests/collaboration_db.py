"""A collaboration schema on the test server with hand-built patches, and login roles for people
of each department (tests/postgis_server.py gives the server)."""
import pandas as pd
import psycopg2
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.collaboration import schema as cs

SCHEMA = "multiplan"
PASSWORD = "secret-of-the-test"
# login role → department role it is granted
PEOPLE = {"zhang_gh": "mp_guihua", "li_zr": "mp_ziran", "wang_hb": "mp_huanbao", "zhao_dgb": "mp_duoguiban",
          "qian_dgb": "mp_duoguiban"}


def patches(count=6):
    geometries = [shapely.MultiPolygon([shapely.box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100)])
                  for i in range(count)]
    types = ["HX_JS", "NT_JS", "YT", "FJ", "KBW_JS", "JS"]
    attributes = pd.DataFrame({"CYTBBH": [f"CY{i + 1:05d}" for i in range(count)],
                               "CYLX": [types[i % len(types)] for i in range(count)],
                               "GH1DM": ["R2"] * count, "GH2DM": ["111"] * count,
                               "MJ": [10000.0] * count, "JYCL": ["GH1"] * count})
    return [shapely.to_wkb(g) for g in geometries], attributes


def create(dsn, count=6, attributes=None):
    """The schema with ``count`` patches and login people; returns the departments."""
    wkb, table = patches(count)
    if attributes is not None:
        table = attributes
    departments = cs.load_departments()
    connection = psycopg2.connect(dsn)
    cs.setup(connection, SCHEMA, wkb, table, 4527, departments)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for person, role in PEOPLE.items():
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (person,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE ROLE "{person}" LOGIN PASSWORD %s', (PASSWORD,))
            cursor.execute(f'GRANT "{role}" TO "{person}"')
    connection.close()
    return departments


def login(dsn, person):
    """A connection as ``person`` (password login over TCP, as psql would)."""
    parts = dict(part.split("=", 1) for part in dsn.split())
    parts.update(user=person, password=PASSWORD)
    return psycopg2.connect(" ".join(f"{key}={value}" for key, value in parts.items()))


def count(dsn, sql, *arguments):
    connection = psycopg2.connect(dsn)
    with connection, connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        value = cursor.fetchone()[0]
    connection.close()
    return value




def save_connection(name, dsn, user=None, password=None):
    """A PostgreSQL connection saved in QGIS, its credentials in the authentication manager."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsProviderRegistry

    parts = dict(part.split("=", 1) for part in dsn.split())
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("multiplan-test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName(f"{name} credentials")
    config.setConfig("username", user or parts["user"])
    config.setConfig("password", password or parts["password"])
    stored = manager.storeAuthenticationConfig(config)
    config_id = stored[1].id() if isinstance(stored, tuple) else config.id()
    uri = QgsDataSourceUri()
    uri.setConnection(parts["host"], parts["port"], parts["dbname"], "", "", QgsDataSourceUri.SslDisable, config_id)
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {}), name)
    assert "password" not in uri.uri(False)
    return name
