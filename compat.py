"""What differs between the QGIS versions MultiPlan runs on (3.22 on Debian 12, the 3.40 LTR on
Debian 13) and the libraries that come with them, in one place. Everything else in the plugin
uses one spelling that works on both.

Each entry says what changed and where it was found (docs/compatibility.md has the table).
"""
import threading

from qgis.core import Qgis, QgsField, QgsPalLayerSettings
from qgis.PyQt.QtCore import QMetaType, QVariant


# -- labels ------------------------------------------------------------------------------------
# QgsPalLayerSettings.OverPoint meant the placement "over the point / centroid" until 3.24. From
# 3.26 placement takes Qgis.LabelPlacement, and on 3.40 the old name QgsPalLayerSettings.OverPoint
# resolves to Qgis.LabelPredefinedPointPosition.OverPoint instead: assigning it to ``placement``
# raises "a member of enum 'LabelPlacement' is expected" (found running the pre-review on 3.40.6).
if hasattr(Qgis, "LabelPlacement"):
    LABEL_OVER_POINT = Qgis.LabelPlacement.OverPoint
else:  # 3.22
    LABEL_OVER_POINT = QgsPalLayerSettings.OverPoint


# -- fields ------------------------------------------------------------------------------------
# 3.38 deprecated the QgsField constructor taking a QVariant::Type ("QgsField constructor is
# deprecated", a DeprecationWarning on every field) for one taking QMetaType::Type, which 3.22
# does not have. The two enums share their numbers (QVariant::String = QMetaType::QString = 10).
_FIELDS_TAKE_METATYPE = Qgis.QGIS_VERSION_INT >= 33800  # 34006 for 3.40.6


def field_type(variant_type):
    """The type QgsField's constructor takes on this QGIS, from a ``QVariant`` type."""
    return QMetaType.Type(int(variant_type)) if _FIELDS_TAKE_METATYPE else variant_type


def make_field(name, variant_type, type_name="", length=0, precision=0):
    """``QgsField(name, type, type_name, length, precision)`` without the 3.38+ deprecation;
    ``variant_type`` is a ``QVariant`` type (QVariant.String, QVariant.Double, ...)."""
    return QgsField(name, field_type(variant_type), type_name, length, precision)


def field_is(field, variant_type):
    """Whether ``field`` has the type ``variant_type`` (a QVariant type) on either version:
    3.38+ ``QgsField.type()`` answers in QMetaType numbers, which are the same."""
    return int(field.type()) == int(variant_type)


STRING, DOUBLE, LONG_LONG = QVariant.String, QVariant.Double, QVariant.LongLong


# -- pyproj in QGIS's worker threads -----------------------------------------------------------
# pyproj 3.7.0 to 3.7.2 (Debian 13 ships 3.7.1) keep their PROJ context per thread in native
# thread-local storage and free it with the Python thread state. QGIS runs tasks (Processing
# from a dialog, the docks' checks) on QThreads, whose Python thread state is made afresh for
# every call into Python: the context is freed after one call, the next call in the same thread
# uses the freed context and QGIS crashes (pyproj issue 1509, fixed upstream after 3.7.2 by
# pull 1539). Keeping a reference to each thread's context keeps it alive; there is one per
# thread of QGIS's pool. Found running the dock tests on 3.40.6: a segmentation fault in
# pyproj.CRS() inside a QgsProcessingAlgRunnerTask.
_PYPROJ_CONTEXTS = []
_PYPROJ_LOCK = threading.Lock()


def keep_pyproj_context():
    """Call first in code that may run in a QGIS worker thread and uses pyproj (every
    algorithm's ``processAlgorithm`` does). Harmless where pyproj has no per-thread context."""
    try:
        import pyproj
        from pyproj import _context
    except ImportError:
        return
    get_manager = getattr(_context, "get_context_manager", None)
    if get_manager is None:  # pyproj before 3.7: one global context, nothing to keep
        return
    if get_manager() is None:
        pyproj.CRS.from_epsg(4490)  # makes this thread's context (or finds the one it has)
    manager = get_manager()
    if manager is not None:
        with _PYPROJ_LOCK:
            if all(kept is not manager for kept in _PYPROJ_CONTEXTS):
                _PYPROJ_CONTEXTS.append(manager)


# -- layout text -------------------------------------------------------------------------------
# Layout labels and legend styles took a QFont (setFont / setFontColor) until 3.24 and 3.30; the
# 3.40 line deprecates those for a QgsTextFormat (QgsLayoutItemLabel.setTextFormat,
# QgsLegendStyle.setTextFormat), which 3.22 does not have. Scale bars, map grids and tables take
# a QgsTextFormat on both.
def set_label_format(label, text_format):
    """Give a QgsLayoutItemLabel the font, size and colour of ``text_format``."""
    if hasattr(label, "setTextFormat"):
        label.setTextFormat(text_format)
        return
    label.setFont(_sized_font(text_format))
    label.setFontColor(text_format.color())


def set_legend_format(legend, style, text_format):
    """Give a legend style (QgsLegendStyle.Title, Group, Subgroup, SymbolLabel) that text format."""
    settings = legend.rstyle(style)
    if hasattr(settings, "setTextFormat"):
        settings.setTextFormat(text_format)
        return
    settings.setFont(_sized_font(text_format))
    legend.setFontColor(text_format.color())


def _sized_font(text_format):
    """The QFont of a text format at its size in points (what the 3.22 setFont calls take)."""
    font = text_format.font()
    font.setPointSizeF(text_format.size())
    return font


def layout_export_error(exporter):
    """What a QgsLayoutExporter says went wrong: ``errorMessage()`` from 3.24 on, before it only
    ``errorFile()`` (the file it could not write)."""
    message = exporter.errorMessage() if hasattr(exporter, "errorMessage") else ""
    return message or exporter.errorFile()
