"""The plugin's wiring, driven through pytest-qgis's QGIS interface."""
import html
import sys

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QApplication, QPushButton, QToolBar


def test_init_gui_registers_provider_toolbar_and_unload_removes_them(qgis_iface, qgis_processing):
    import multiplan

    registry = QgsApplication.processingRegistry()
    assert registry.providerById("multiplan") is None
    plugin = multiplan.classFactory(qgis_iface)
    plugin.initGui()
    try:
        provider = registry.providerById("multiplan")
        assert provider is plugin.provider and provider.name() == "MultiPlan 多规合一"
        assert "multiplan:ellipsoidal_area" in [a.id() for a in provider.algorithms()]
        toolbar = qgis_iface.mainWindow().findChild(QToolBar, "MultiPlanToolbar")
        docks = ["MultiPlanBlueprintDock", "MultiPlanConflictReviewDock", "MultiPlanOneMapQuery"]
        assert [a.objectName() for a in toolbar.actions()] == ["MultiPlanShowAlgorithms"] + docks
        assert [a.objectName() for a in plugin.actions] == ["MultiPlanShowAlgorithms"] + docks + ["MultiPlanHelp"]
        plugin.initProcessing()  # called again by QGIS: must not register the provider twice
        assert registry.providerById("multiplan") is provider
    finally:
        plugin.unload()
    assert registry.providerById("multiplan") is None
    assert plugin.actions == [] and plugin.toolbar is None


def test_show_algorithms_without_processing_plugin_warns_in_message_bar(qgis_iface, qgis_processing):
    import multiplan

    plugin = multiplan.classFactory(qgis_iface)
    plugin.initGui()
    try:
        plugin.show_algorithms()  # pytest-qgis loads no Processing plugin GUI
        assert qgis_iface.messageBar().get_messages(1)  # Qgis.Warning
    finally:
        plugin.unload()


def test_dock_actions_create_each_dock_once_and_unload_removes_them(qgis_iface, qgis_processing):
    import multiplan
    from multiplan.ui.blueprint_dock import BlueprintDock
    from multiplan.ui.review_dock import ConflictReviewDock

    plugin = multiplan.classFactory(qgis_iface)
    plugin.initGui()
    try:
        blueprint = plugin.toggle_dock("blueprint")
        assert isinstance(blueprint, BlueprintDock) and not blueprint.isHidden()
        assert plugin.toggle_dock("blueprint") is blueprint and blueprint.isHidden()
        assert plugin.toggle_dock("blueprint") is blueprint and not blueprint.isHidden()
        review = plugin.toggle_dock("review")
        assert isinstance(review, ConflictReviewDock)
        assert set(plugin.docks) == {"blueprint", "review"}
    finally:
        plugin.unload()
    assert plugin.docks == {}


def test_missing_package_loads_without_provider_with_one_message_and_details(qgis_iface, qgis_processing,
                                                                          monkeypatch, capsys):
    """pandas missing (simulated): no provider, toolbar or docks, exactly one message-bar entry
    naming pandas with the command, a Details… button showing the full text, nothing raised."""
    import multiplan

    monkeypatch.setitem(sys.modules, "pandas", None)  # ``import pandas`` now raises ModuleNotFoundError
    registry = QgsApplication.processingRegistry()
    bar = qgis_iface.messageBar()
    before = len(bar.items())
    plugin = multiplan.classFactory(qgis_iface)
    plugin.initGui()
    try:
        plugin.initProcessing()  # QGIS may call it again: still no provider, no second message
        assert registry.providerById("multiplan") is None and plugin.provider is None
        assert plugin.toolbar is None and plugin.docks == {}
        assert [a.objectName() for a in plugin.actions] == ["MultiPlanDependencies", "MultiPlanHelp"]
        items = bar.items()[before:]
        assert len(items) == 1
        command = plugin.dependency_notice.command
        text = html.unescape(items[0].text())  # the bar shows HTML
        from multiplan import dependencies
        pandas = next(r for r in dependencies.REQUIREMENTS if r.name == "pandas")
        # This system's command (pip on Debian 12, apt on Debian 13): only what is missing.
        assert command == dependencies.install_command([dependencies.Problem(pandas, "missing")])
        assert "pandas" in text and "pandas" in command and command in text and "shapely" not in command
        items[0].findChild(QPushButton, "MultiPlanDependencyCopy").click()
        assert QApplication.clipboard().text() == command
        items[0].findChild(QPushButton, "MultiPlanDependencyDetails").click()
        dialog = plugin.dependency_notice.dialog
        assert dialog.isVisible() and "pandas is not installed." in dialog.text.toPlainText()
        assert command in dialog.text.toPlainText() and dialog.text.isReadOnly()
        QApplication.clipboard().clear()
        dialog.copy_command_button.click()
        assert QApplication.clipboard().text() == command
        plugin.actions[0].trigger()  # the menu entry shows the same dialog
        assert plugin.dependency_notice.dialog is dialog
        assert "MultiPlan: " in capsys.readouterr().err  # logged for qgis_process runs too
    finally:
        plugin.unload()
    assert bar.items()[before:] == [] and plugin.actions == []
