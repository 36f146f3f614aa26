"""What the dock tests share: a map canvas on the test county, the review docks."""
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0


@pytest.fixture
def canvas(qgis_canvas):
    """QGIS's canvas, 800 × 600 pixels, in EPSG:4527 over the hand-built features of the tests."""
    qgis_canvas.resize(800, 600)
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4527"))
    qgis_canvas.setExtent(QgsRectangle(X0 - 100, Y0 - 100, X0 + 700, Y0 + 500))
    qgis_canvas.refresh()
    return qgis_canvas


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
