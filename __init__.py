"""MultiPlan 多规合一: QGIS plugin for multi-plan integration and territorial spatial planning.

Kept free of imports so that ``multiplan.core`` can be used (and tested) without QGIS.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin import MultiPlanPlugin

    return MultiPlanPlugin(iface)
