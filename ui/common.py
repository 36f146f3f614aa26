"""Small helpers the docks share: language, icons, zoom-and-flash, writable checks."""
import os

from qgis.core import QgsApplication, QgsCoordinateTransform, QgsProject
from qgis.PyQt.QtGui import QColor, QIcon, QPixmap


def language():
    """``zh`` when QGIS runs in Chinese, else ``en`` (for names stored in the schema)."""
    from ..language import user_locale

    return "zh" if user_locale().startswith("zh") else "en"


def theme_icon(name):
    return QgsApplication.getThemeIcon(name)


def colour_icon(rgb, size=14):
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(*rgb[:3]))
    return QIcon(pixmap)


def zoom_and_flash(canvas, layer, geometry, fids=None):
    """Zoom the canvas to ``geometry`` (in ``layer``'s CRS) with a margin, then flash it."""
    if geometry is None or geometry.isNull():
        return
    transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
    extent = transform.transformBoundingBox(geometry.boundingBox())
    if extent.width() == 0 and extent.height() == 0:
        extent.grow(50)
    else:
        extent.scale(1.6)
    canvas.setExtent(extent)
    canvas.refresh()
    if fids:
        canvas.flashFeatureIds(layer, list(fids))
    else:
        canvas.flashGeometries([geometry], layer.crs())


def file_of(layer):
    """The file behind an OGR layer (None for memory or database layers)."""
    if layer is None or layer.providerType() != "ogr":
        return None
    path = layer.source().split("|")[0]
    return path if os.path.exists(path) else None


def file_writable(path):
    """Whether ``path`` and its folder are writable: SQLite (GeoPackage) writes its journal next to it."""
    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def tool_button(icon, tip, slot, checkable=False):
    """A flat QGIS-style tool button with a theme icon; ``slot`` gets ``toggled`` when checkable."""
    from qgis.PyQt.QtWidgets import QToolButton

    button = QToolButton()
    button.setIcon(theme_icon(icon))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setCheckable(checkable)
    (button.toggled if checkable else button.clicked).connect(slot)
    return button


def scrolled(body):
    """``body`` in a frameless scroll area, so a dock never forces the main window taller than the screen."""
    from qgis.PyQt.QtWidgets import QFrame, QScrollArea

    from qgis.PyQt.QtCore import Qt

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # scroll down only, never sideways
    area.setWidget(body)
    area.setMinimumWidth(body.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area


def writable(layer):
    """``(True, "")`` or ``(False, reason)``: can MultiPlan write this layer's attributes?"""
    from qgis.core import QgsVectorDataProvider
    from qgis.PyQt.QtCore import QCoreApplication

    def tr(text):
        return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here

    if layer.readOnly():
        return False, tr("the layer is set read-only in the project")
    path = file_of(layer)
    if path and not file_writable(path):
        return False, tr("the file {} (or its folder) is read-only").format(path)
    if not layer.dataProvider().capabilities() & QgsVectorDataProvider.ChangeAttributeValues:
        return False, tr("its data source cannot be edited")
    return True, ""
