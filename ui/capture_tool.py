"""A polygon-drawing map tool with snapping, as QGIS's own digitizing tools behave.

Left click adds a vertex (snapped with the project's snapping settings), right click or Enter
finishes, Backspace removes the last vertex, Esc cancels. The finished polygon is emitted in the
canvas CRS; the dock decides what to do with it (attributes, overlap rules, undo command).
"""
from qgis.core import QgsGeometry, QgsPointLocator, QgsPointXY, QgsWkbTypes
from qgis.gui import QgsMapTool, QgsRubberBand, QgsSnapIndicator
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor


class PolygonCaptureTool(QgsMapTool):
    polygonCaptured = pyqtSignal(QgsGeometry)
    captureCancelled = pyqtSignal()

    def __init__(self, canvas, colour=QColor(220, 0, 0)):
        super().__init__(canvas)
        self.points = []
        self.band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry)
        fill = QColor(colour)
        fill.setAlpha(50)
        self.band.setStrokeColor(colour)
        self.band.setFillColor(fill)
        self.band.setWidth(2)
        self.snap_indicator = QgsSnapIndicator(canvas)
        self.setCursor(Qt.CrossCursor)

    def set_colour(self, colour):
        fill = QColor(colour)
        fill.setAlpha(50)
        self.band.setStrokeColor(colour)
        self.band.setFillColor(fill)

    def _snapped(self, event):
        match = self.canvas().snappingUtils().snapToMap(event.pos())
        self.snap_indicator.setMatch(match)
        return QgsPointXY(match.point()) if match.isValid() else event.mapPoint()

    def canvasMoveEvent(self, event):  # noqa: N802
        point = self._snapped(event)
        if self.points:
            self._redraw(point)

    def canvasReleaseEvent(self, event):  # noqa: N802
        if event.button() == Qt.LeftButton:
            self.points.append(self._snapped(event))
            self._redraw()
        elif event.button() == Qt.RightButton:
            self.finish()

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.finish()
        elif event.key() == Qt.Key_Escape:
            self.reset()
            self.captureCancelled.emit()
        elif event.key() in (Qt.Key_Backspace, Qt.Key_Delete) and self.points:
            self.points.pop()
            self._redraw()
        else:
            event.ignore()
            return
        event.accept()

    def finish(self):
        """Emit the polygon if it has three vertices or more; start over either way."""
        points = list(self.points)
        self.reset()
        if len(points) >= 3:
            self.polygonCaptured.emit(QgsGeometry.fromPolygonXY([points + [points[0]]]))

    def reset(self):
        self.points = []
        self.band.reset(QgsWkbTypes.PolygonGeometry)
        self.snap_indicator.setMatch(QgsPointLocator.Match())

    def _redraw(self, moving=None):
        self.band.reset(QgsWkbTypes.PolygonGeometry)
        for point in self.points + ([moving] if moving is not None else []):
            self.band.addPoint(point, False)
        self.band.show()
        self.band.updatePosition()
        self.band.update()

    def deactivate(self):
        self.reset()
        super().deactivate()
