"""Wires MultiPlan into QGIS: translator, Processing provider, menu and toolbar.

Only wiring lives here; tools are Processing algorithms (``processing/``) and docks (``ui/``).
The provider and docks are imported only once ``dependencies.check()`` finds shapely, pandas and
the rest usable; otherwise the plugin loads without them and says what to install.
"""
import os
import sys

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, QTranslator, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QIcon
from qgis.PyQt.QtWidgets import QAction

from . import dependencies
from .language import user_locale

PLUGIN_DIR = os.path.dirname(__file__)
ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icons", "multiplan.svg")
QUERY_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icons", "one_map_query.svg")
HELP_URL = "https://github.com/multiplan-qgis/multiplan#readme"


class MultiPlanPlugin:
    MENU_OBJECT_NAME = "MultiPlanMenu"
    TOOLBAR_OBJECT_NAME = "MultiPlanToolbar"

    def __init__(self, iface):
        self.iface = iface
        self.provider = None  # keep a Python reference: QGIS deletes providers it rejects
        self.actions = []
        self.toolbar = None
        self.query_action = None  # checked while the one-map query tool is the map tool
        self.docks = {}  # object name -> dock, created on first use
        self.translator = self._install_translator()
        self.dependency_problems = None  # checked once, before the provider is imported
        self.dependency_notice = None

    @staticmethod
    def tr(text):
        return QCoreApplication.translate("MultiPlanPlugin", text)

    def _install_translator(self):
        locale = user_locale()
        for name in (locale, locale[:2], "zh_CN" if locale.startswith("zh") else None):
            path = os.path.join(PLUGIN_DIR, "i18n", f"multiplan_{name}.qm") if name else ""
            if path and os.path.exists(path):
                translator = QTranslator()
                if translator.load(path):
                    QCoreApplication.installTranslator(translator)
                    return translator
        return None

    def check_dependencies(self):
        """True when the Python packages MultiPlan needs are usable; else logs why, once, in the
        message log and on stderr (qgis_process has no message bar and echoes the log there)."""
        if self.dependency_problems is None:
            dependencies.use_private_venv()
            geos = (Qgis.geosVersionMajor(), Qgis.geosVersionMinor())
            self.dependency_problems = dependencies.check(qgis_geos=geos)
            if self.dependency_problems:
                text = dependencies.details(self.dependency_problems)
                QgsMessageLog.logMessage(text, "MultiPlan", Qgis.Critical)
                if QgsApplication.platform() != "qgis_process":
                    print(f"MultiPlan: {text}", file=sys.stderr, flush=True)
        return not self.dependency_problems

    # -- QGIS entry points -------------------------------------------------------------
    def initProcessing(self):  # noqa: N802
        if self.provider is None and self.check_dependencies():
            from .processing.provider import MultiPlanProvider

            self.provider = MultiPlanProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()
        if self.dependency_problems:
            self._init_without_dependencies()
            return
        self.toolbar = self.iface.addToolBar(self.menu_title())
        self.toolbar.setObjectName(self.TOOLBAR_OBJECT_NAME)
        self._add_action(
            "MultiPlanShowAlgorithms", QIcon(ICON_PATH), self.tr("MultiPlan Processing tools"),
            self.show_algorithms, self.tr("Show MultiPlan's algorithms in the Processing Toolbox"),
        )
        self._add_action(
            "MultiPlanBlueprintDock", QgsApplication.getThemeIcon("/mActionAddPolygon.svg"),
            self.tr("Three zones and three lines (三区三线)"), lambda: self.toggle_dock("blueprint"),
            self.tr("Draw and check the control lines and zones of a blueprint workspace"))
        self._add_action(
            "MultiPlanConflictReviewDock", QgsApplication.getThemeIcon("/mActionOpenTable.svg"),
            self.tr("Conflict review (差异图斑审查)"), lambda: self.toggle_dock("review"),
            self.tr("Review difference patches one by one and record decisions"))
        self.query_action = self._add_action(
            "MultiPlanOneMapQuery", QIcon(QUERY_ICON_PATH), self.tr("One-map query (一张图查询)"),
            self.toggle_query_tool, self.tr("Click or draw on the map: what every layer of the 一张图 says there"),
            checkable=True)
        self._add_help_action()

    def _init_without_dependencies(self):
        """No provider, toolbar or docks: one message-bar entry and a menu entry with the details."""
        from .ui.dependency_notice import DependencyNotice

        self.dependency_notice = DependencyNotice(self.iface, self.dependency_problems)
        self._add_action(
            "MultiPlanDependencies", QgsApplication.getThemeIcon("/mIconWarning.svg"),
            self.tr("Missing Python packages…"), self.dependency_notice.show_details,
            self.tr("What MultiPlan needs and the command that installs it"), toolbar=False)
        self._add_help_action()

    def _add_help_action(self):
        self._add_action(
            "MultiPlanHelp", QgsApplication.getThemeIcon("/mActionHelpContents.svg"),
            self.tr("MultiPlan help"), self.show_help, self.tr("Open the MultiPlan user guide"),
            toolbar=False,
        )

    def unload(self):
        if self.dependency_notice is not None:
            self.dependency_notice.remove()
            self.dependency_notice = None
        for dock in self.docks.values():
            dock.unload()
            self.iface.removeDockWidget(dock)
            dock.deleteLater()
        self.docks = {}
        for action in self.actions:
            self.iface.removePluginMenu(self.menu_title(), action)
            self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = []
        self.query_action = None
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # -- actions -----------------------------------------------------------------------
    def menu_title(self):
        return self.tr("&MultiPlan 多规合一")

    def _add_action(self, object_name, icon, text, slot, tip, toolbar=True, checkable=False):
        action = QAction(icon, text, self.iface.mainWindow())
        action.setObjectName(object_name)
        action.setCheckable(checkable)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.iface.addPluginToMenu(self.menu_title(), action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def dock(self, kind):
        """The blueprint (``blueprint``), review (``review``) or one-map query (``query``) dock,
        created on first use."""
        if kind not in self.docks:
            from qgis.PyQt.QtCore import Qt

            if kind == "blueprint":
                from .ui.blueprint_dock import BlueprintDock as Dock
            elif kind == "query":
                from .ui.query_panel import OneMapQueryDock as Dock
            else:
                from .ui.review_dock import ConflictReviewDock as Dock
            dock = Dock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, dock)
            if kind == "query" and self.query_action is not None:
                dock.tool.setAction(self.query_action)  # the button shows whether the tool is on
            self.docks[kind] = dock
        return self.docks[kind]

    def toggle_dock(self, kind):
        """Show the dock (created on first use), or close it when it is already shown."""
        created = kind not in self.docks
        dock = self.dock(kind)
        if created or dock.isHidden():
            dock.show()
            dock.raise_()
        else:
            dock.close()
        return dock

    def toggle_query_tool(self, checked=True):
        """Checked: show the one-map query panel and make its tool the map tool; unchecked: put the
        tool down (the panel stays with its last answer)."""
        dock = self.dock("query")
        if checked:
            dock.show()
            dock.raise_()
            dock.activate_tool()
        else:
            dock.deactivate_tool()
        return dock

    def show_algorithms(self):
        """Open the Processing Toolbox filtered on MultiPlan's provider."""
        from qgis import utils

        from .processing.provider import MultiPlanProvider

        processing_plugin = utils.plugins.get("processing")
        toolbox = getattr(processing_plugin, "toolbox", None)
        if toolbox is None:
            self.iface.messageBar().pushWarning(
                self.tr("MultiPlan"), self.tr("The Processing plugin is not enabled."))
            return
        toolbox.show()
        toolbox.raise_()
        toolbox.searchBox.setText(MultiPlanProvider.PROVIDER_ID)

    def show_help(self):
        QDesktopServices.openUrl(QUrl(HELP_URL))
