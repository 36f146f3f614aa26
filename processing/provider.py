"""The ``multiplan`` Processing provider."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS

ICON_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "multiplan.svg")


class MultiPlanProvider(QgsProcessingProvider):
    PROVIDER_ID = "multiplan"

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
