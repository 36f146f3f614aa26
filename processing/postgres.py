"""A psycopg2 connection from one of QGIS's saved PostgreSQL connections.

The credentials stay where QGIS keeps them: a connection that uses an authentication
configuration (``authcfg``) is expanded by QGIS's authentication manager in memory, for this
connection only (:meth:`QgsDataSourceUri.connectionInfo`); MultiPlan stores no user name or
password anywhere. ``service=`` connections (pg_service.conf) work as libpq reads them.
"""
from qgis.core import QgsDataSourceUri, QgsProcessingException, QgsProviderRegistry
from qgis.PyQt.QtCore import QCoreApplication


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


def saved_connections():
    """Names of the PostgreSQL connections saved in QGIS."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    return sorted(metadata.connections().keys()) if metadata is not None else []


def connection_uri(name):
    """The QgsDataSourceUri of a saved connection; QgsProcessingException when there is none."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        connection = metadata.findConnection(name) if metadata is not None else None
    except Exception:  # noqa: BLE001 (QgsProviderConnectionException: not found)
        connection = None
    if connection is None:
        raise QgsProcessingException(tr("QGIS has no saved PostgreSQL connection named “{}”.").format(name))
    return QgsDataSourceUri(connection.uri())


def connect(name):
    """A psycopg2 connection (not autocommit) for the saved connection ``name``."""
    try:
        import psycopg2
    except ImportError:
        raise QgsProcessingException(tr(
            "Working with PostgreSQL needs the Python package psycopg2 (Debian/Ubuntu: apt install python3-psycopg2; "
            "it comes with QGIS on Windows).")) from None
    uri = connection_uri(name)
    try:
        return psycopg2.connect(uri.connectionInfo(True))
    except psycopg2.OperationalError as error:
        raise QgsProcessingException(tr("Cannot connect to “{}”: {}").format(
            name, str(error).strip().splitlines()[0] if str(error).strip() else error)) from None
