"""The ``multiplan`` Processing provider."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .settings import register_settings, unregister_settings

ICON_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "multiplan.svg")


class MultiPlanProvider(QgsProcessingProvider):
    PROVIDER_ID = "multiplan"

    def __init__(self):
        super().__init__()
        self.setting_names = []

    def load(self):
        """Registers MultiPlan's settings (Processing ▸ Options ▸ Providers) and the algorithms."""
        self.setting_names = register_settings(self.name())
        self.refreshAlgorithms()
        return True

    def unload(self):
        unregister_settings(self.setting_names)
        self.setting_names = []

    def id(self):
        return self.PROVIDER_ID

    def name(self):
        return "MultiPlan 多规合一"

    def longName(self):  # noqa: N802
        return "MultiPlan 多规合一 (territorial spatial planning)"

    def icon(self):
        return QIcon(ICON_PATH)

    def loadAlgorithms(self):  # noqa: N802
        for algorithm_class in ALGORITHMS:
            self.addAlgorithm(algorithm_class())
