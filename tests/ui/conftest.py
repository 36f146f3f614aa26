"""What the review-dock tests share."""
import pytest
from qgis.core import QgsProject


@pytest.fixture
def make_dock(qgis_iface, qtbot):
    """Builds conflict review docks; unloads them and clears the project afterwards."""
    from multiplan.ui.review_dock import ConflictReviewDock

    docks = []

    def build():
        dock = ConflictReviewDock(qgis_iface)
        qtbot.addWidget(dock)
        docks.append(dock)
        return dock

    yield build
    for dock in docks:
        dock.unload()
    QgsProject.instance().clear()
