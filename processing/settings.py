"""MultiPlan's user settings: shown in Processing ▸ Options ▸ Providers ▸ MultiPlan, stored in the
QGIS profile like every Processing setting, and overridable per run by environment variables
(``MULTIPLAN_REPORT_LANGUAGE=bilingual qgis_process run …``) for batch jobs.

* ``REPORT_LANGUAGE``: ``auto`` (QGIS's language: Chinese under a Chinese QGIS, else English),
  ``zh``, ``en`` or ``bilingual`` (中文 and English side by side, as earlier versions wrote).
* ``SHAPEFILE_ENCODING``: ``UTF-8`` (default, with a .cpg) or ``GBK`` for offices whose other
  software reads only GBK shapefiles.
"""
import os

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication

from ..core.report import BILINGUAL, EN, ZH
from ..language import user_locale

SETTINGS_GROUP = "Processing/Configuration/"
PREFIX = "MULTIPLAN_"
REPORT_LANGUAGE_CHOICES = ("auto", ZH, EN, BILINGUAL)
ENCODING_CHOICES = ("UTF-8", "GBK")
DEFAULTS = {"REPORT_LANGUAGE": "auto", "SHAPEFILE_ENCODING": "UTF-8"}


def setting_value(key):
    """The value of MultiPlan setting ``key``: environment first, then the QGIS profile, then the default."""
    name = PREFIX + key
    value = os.environ.get(name)
    if value:
        return value
    value = QgsSettings().value(SETTINGS_GROUP + name, None)
    return str(value) if value not in (None, "") else DEFAULTS.get(key)


def report_language():
    """The language of reports, HTML pages and map texts for this run (core.report constants)."""
    value = (setting_value("REPORT_LANGUAGE") or "auto").strip().lower()
    aliases = {"中文": ZH, "chinese": ZH, "zh_cn": ZH, "english": EN, "双语": BILINGUAL, "both": BILINGUAL}
    value = aliases.get(value, value)
    if value in (ZH, EN, BILINGUAL):
        return value
    return ZH if user_locale().lower().startswith("zh") else EN


def register_settings(provider_name):
    """Add the settings to Processing's options dialog (desktop and qgis_process alike)."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
    except ImportError:  # Processing's Python plugin is not there: environment and profile still work
        return []
    translate = QCoreApplication.translate
    settings = [
        Setting(provider_name, PREFIX + "REPORT_LANGUAGE",
                translate("MultiPlanSettings", "Language of reports (auto = QGIS's language; zh, en or bilingual)"),
                DEFAULTS["REPORT_LANGUAGE"], valuetype=Setting.SELECTION, options=list(REPORT_LANGUAGE_CHOICES)),
        Setting(provider_name, PREFIX + "SHAPEFILE_ENCODING",
                translate("MultiPlanSettings", "Encoding of shapefiles written (UTF-8 or GBK)"),
                DEFAULTS["SHAPEFILE_ENCODING"], valuetype=Setting.SELECTION, options=list(ENCODING_CHOICES)),
    ]
    for setting in settings:
        ProcessingConfig.addSetting(setting)
    ProcessingConfig.readSettings()
    return [setting.name for setting in settings]


def unregister_settings(names):
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
    except ImportError:
        return
    for name in names:
        if name in ProcessingConfig.settings:  # not when QGIS unloaded Processing first (at exit): a fresh import
            ProcessingConfig.removeSetting(name)
