"""QGIS's user-interface language, for the translator and the reports' language.

Free of MultiPlan's Python dependencies (only QGIS), so the plugin can read it before it knows
whether shapely and pandas are there.
"""
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QLocale


def user_locale():
    """QGIS's UI locale, e.g. ``zh_CN`` (the user's override or the system locale)."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        name = settings.value("locale/userLocale", "", type=str)
    else:
        name = QLocale.system().name()
    return (name or "en_US").replace("-", "_")
