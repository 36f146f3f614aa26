"""Opening a shared review (部门协同) in the review dock: the saved PostgreSQL connection and the
schema, QGIS's own pickers; and recognising a shared-review layer when one is chosen."""
from qgis.core import QgsDataSourceUri
from qgis.gui import QgsDatabaseSchemaComboBox, QgsProviderConnectionComboBox
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QFormLayout

from .patch_store import PatchStoreError


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


class SharedReviewDialog(QDialog):
    """Pick a saved PostgreSQL connection (its credentials in QGIS's authentication manager) and a schema."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Open a shared review (PostGIS)"))
        form = QFormLayout(self)
        self.connections = QgsProviderConnectionComboBox("postgres")
        self.schemas = QgsDatabaseSchemaComboBox("postgres", self.connections.currentConnection())
        self.connections.connectionChanged.connect(self.schemas.setConnectionName)
        form.addRow(tr("Connection"), self.connections)
        form.addRow(tr("Schema"), self.schemas)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def connection_name(self):
        return self.connections.currentConnection()

    def schema(self):
        return self.schemas.currentSchema()


def shared_store_for(layer):
    """A :class:`ui.collaboration_store.CollaborationStore` when ``layer`` is a collaboration
    schema's ``patch_status`` view, else None. Connects with the layer's own credentials (its
    authentication configuration expanded in memory)."""
    if layer is None or layer.providerType() != "postgres":
        return None
    uri = QgsDataSourceUri(layer.source())
    from .collaboration_store import STATUS_VIEW, CollaborationStore

    if uri.table() != STATUS_VIEW:
        return None
    try:
        import psycopg2
    except ImportError:
        raise PatchStoreError(tr("A shared review needs the Python package psycopg2 (Debian/Ubuntu: apt install "
                                 "python3-psycopg2).")) from None
    try:
        connection = psycopg2.connect(uri.connectionInfo(True))
    except psycopg2.Error as error:
        raise PatchStoreError(tr("Cannot connect to the shared review: {}").format(
            str(error).strip().splitlines()[0] if str(error).strip() else error)) from None
    return CollaborationStore(layer, connection, uri.schema())
