"""The plugin's wiring, driven through pytest-qgis's QGIS interface."""
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QToolBar


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
        docks = ["MultiPlanBlueprintDock", "MultiPlanConflictReviewDock"]
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
