"""The 一张图查询 map tool: click a point, or draw a polygon, to ask every layer what lies there.

Two modes, as QGIS's own Identify tool has them. *Point*: a left click queries the point clicked.
*Polygon*: left clicks add vertices (snapped with the project's snapping settings), right click or
Enter finishes, Backspace removes the last vertex, Esc cancels — :class:`PolygonCaptureTool`'s
drawing, rubber band and keys. Either way the location is emitted as a :class:`QgsGeometry` in
the canvas CRS; the panel does the query.
"""
from qgis.core import QgsGeometry, QgsPointXY
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from .capture_tool import PolygonCaptureTool

POINT, POLYGON = "point", "polygon"
QUERY_COLOUR = QColor(0, 120, 255)


class OneMapQueryTool(PolygonCaptureTool):
    locationChosen = pyqtSignal(QgsGeometry)

    def __init__(self, canvas, mode=POINT):
        super().__init__(canvas, QUERY_COLOUR)
        self.mode = mode
        self.polygonCaptured.connect(self.locationChosen)
        self.setCursor(Qt.WhatsThisCursor if mode == POINT else Qt.CrossCursor)

    def set_mode(self, mode):
        """``POINT`` or ``POLYGON``; a polygon being drawn is dropped."""
        if mode not in (POINT, POLYGON):
            raise ValueError(f"unknown query mode {mode!r}")
        self.reset()
        self.mode = mode
        self.setCursor(Qt.WhatsThisCursor if mode == POINT else Qt.CrossCursor)

    def canvasMoveEvent(self, event):  # noqa: N802
        if self.mode == POLYGON:
            super().canvasMoveEvent(event)

    def canvasReleaseEvent(self, event):  # noqa: N802
        if self.mode == POLYGON:
            super().canvasReleaseEvent(event)
        elif event.button() == Qt.LeftButton:
            self.query_point(event.mapPoint())

    def query_point(self, point):
        """Emit the point (canvas CRS), as a left click in point mode does."""
        self.locationChosen.emit(QgsGeometry.fromPointXY(QgsPointXY(point)))

    def query_polygon(self, points):
        """Emit the polygon of ``points`` (canvas CRS), as drawing them and right-clicking does."""
        self.reset()
        self.points = [QgsPointXY(point) for point in points]
        self.finish()
