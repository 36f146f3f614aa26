"""Small PNG charts drawn with QGIS's own painter (no plotting library needed): a line of values
per year with the target as a dashed line, or bars per year. Used by 实施评估 for its PNG charts
and the HTML summary; works headless (qgis_process, offscreen) as the pre-review maps do."""
import math

from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

SIZE = (840, 480)
VALUE_COLOUR = QColor("#1f5fa8")
TARGET_COLOUR = QColor("#c62828")
BAR_COLOUR = QColor("#e07b24")
MARGIN = (96, 56, 28, 64)  # left, top, right, bottom (px)


def _font(size, bold=False):
    font = QFont()
    font.setFamilies(["Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
                      "sans-serif"])  # the first one the machine has (Qt ≥ 5.13)
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def _nice_step(span):
    raw = span / 5 if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(step * magnitude for step in (1, 2, 2.5, 5, 10) if step * magnitude >= raw)


def _scale(values, bars):
    finite = [v for v in values if v is not None and math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if bars or low >= 0 and low < 0.3 * high:
        low = 0.0
    if high == low:
        high, low = high + (abs(high) * 0.05 or 1.0), (low - abs(low) * 0.05) if low else 0.0
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def chart_png(title, years, values, unit, targets=None, value_label="", target_label="", bars=False, size=SIZE):
    """PNG bytes of one chart. ``values``/``targets``: one number per year (NaN: none)."""
    image = QImage(QSize(*size), QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.Antialiasing, True)
        _draw(painter, size, title, [int(y) for y in years], list(values), unit, targets, value_label, target_label,
              bars)
    finally:
        painter.end()
    return png_bytes(image)


def png_bytes(image):
    """A QImage as the bytes of a PNG file (for a data: URI or a file)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _draw(painter, size, title, years, values, unit, targets, value_label, target_label, bars):
    width, height = size
    left, top, right, bottom = MARGIN
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    painter.setFont(_font(20, bold=True))
    painter.setPen(QColor("#222"))
    painter.drawText(QRectF(0, 8, width, 36), Qt.AlignHCenter | Qt.AlignVCenter, title)
    low, high, step = _scale(values + list(targets or []), bars)

    def y_of(value):
        return plot.bottom() - (value - low) / (high - low) * plot.height()

    count = max(len(years), 1)
    slot = plot.width() / count

    def x_of(index):
        return plot.left() + slot * (index + 0.5)

    painter.setFont(_font(13))
    grid = QPen(QColor("#d0d0d0"), 1)
    tick = low
    decimals = 0 if step >= 1 else max(0, -int(math.floor(math.log10(step))))
    while tick <= high + step / 1000:
        y = y_of(tick)
        painter.setPen(grid)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QColor("#444"))
        painter.drawText(QRectF(0, y - 10, left - 8, 20), Qt.AlignRight | Qt.AlignVCenter, f"{tick:,.{decimals}f}")
        tick += step
    painter.setPen(QPen(QColor("#444"), 1.5))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    painter.save()
    painter.translate(16, plot.center().y())
    painter.rotate(-90)
    painter.drawText(QRectF(-plot.height() / 2, -12, plot.height(), 24), Qt.AlignCenter, unit)
    painter.restore()
    for index, year in enumerate(years):
        painter.drawText(QRectF(x_of(index) - slot / 2, plot.bottom() + 6, slot, 22), Qt.AlignCenter, str(year))
    if bars:
        painter.setPen(Qt.NoPen)
        painter.setBrush(BAR_COLOUR)
        for index, value in enumerate(values):
            if value is not None and math.isfinite(value):
                bar = QRectF(x_of(index) - slot * 0.25, y_of(value), slot * 0.5, y_of(low) - y_of(value))
                painter.drawRect(bar)
                painter.setPen(QColor("#222"))
                painter.drawText(QRectF(bar.left() - 30, bar.top() - 22, bar.width() + 60, 20), Qt.AlignCenter,
                                 f"{value:,.4f}")
                painter.setPen(Qt.NoPen)
    else:
        _line(painter, [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None and math.isfinite(v)],
              QPen(VALUE_COLOUR, 3), dots=True)
        if targets:
            _line(painter, [(x_of(i), y_of(v)) for i, v in enumerate(targets) if v is not None and math.isfinite(v)],
                  QPen(TARGET_COLOUR, 2, Qt.DashLine), dots=False)
    legend = [(value_label, QPen(BAR_COLOUR if bars else VALUE_COLOUR, 6))]
    if targets and target_label:
        legend.append((target_label, QPen(TARGET_COLOUR, 2, Qt.DashLine)))
    x = plot.left()
    painter.setFont(_font(13))
    for label, pen in legend:
        if not label:
            continue
        painter.setPen(pen)
        painter.drawLine(QPointF(x, height - 18), QPointF(x + 28, height - 18))
        painter.setPen(QColor("#222"))
        painter.drawText(QRectF(x + 34, height - 30, 300, 24), Qt.AlignLeft | Qt.AlignVCenter, label)
        x += 44 + painter.fontMetrics().horizontalAdvance(label)


def _line(painter, points, pen, dots):
    painter.setPen(pen)
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
    if dots:
        painter.setBrush(pen.color())
        for x, y in points:
            painter.drawEllipse(QPointF(x, y), 5, 5)
