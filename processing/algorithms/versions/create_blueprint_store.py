"""multiplan:create_blueprint_store: version 1 of a versioned blueprint store (动态更新)."""
import os

import numpy as np
import pandas as pd
from qgis.core import (QgsProcessing, QgsProcessingOutputNumber, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterString)

from ....core.versions import store
from ...layer_io import read_layer
from ...sinks import static_destination
from ..base import MultiPlanAlgorithm


class CreateBlueprintStoreAlgorithm(MultiPlanAlgorithm):
    BLUEPRINT, STORE, APPROVAL, DATE, REASON, AUTHOR, NOTE = (
        "BLUEPRINT", "STORE", "APPROVAL", "DATE", "REASON", "AUTHOR", "NOTE")
    VERSION, FEATURE_COUNT = "VERSION", "FEATURE_COUNT"
    GROUP_ID = "versions"

    def name(self):
        return "create_blueprint_store"

    def displayName(self):  # noqa: N802
        return self.tr("Create a blueprint store (一张蓝图版本库)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Starts the versioned store of the coordinated blueprint (动态更新): a GeoPackage whose layer YZLT keeps "
            "the pieces of every version (TBID piece id, BBQ the version that created it, BBZ the version that "
            "retired it), with the tables YZLT_BB (versions: number, date, 批文号, kind, reason, who, note) and "
            "YZLT_BG (the pieces each version retired and created). Version 1 is the blueprint given, with its "
            "approval. Later versions are made by the update blueprint tool; nothing is ever deleted. An existing "
            "store is never overwritten.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(self.BLUEPRINT, self.tr("Blueprint (一张蓝图)"),
                                                              [QgsProcessing.TypeVectorPolygon]))
        for name, label in ((self.APPROVAL, self.tr("Approval document (批文号)")),
                            (self.DATE, self.tr("Approval date (YYYY-MM-DD; empty: today)")),
                            (self.REASON, self.tr("Reason")), (self.AUTHOR, self.tr("Who")),
                            (self.NOTE, self.tr("Note"))):
            self.addParameter(QgsProcessingParameterString(name, label, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.STORE, self.tr("Blueprint store"),
                                                                fileFilter="GeoPackage (*.gpkg)"))
        self.addOutput(QgsProcessingOutputNumber(self.VERSION, self.tr("Version")))
        self.addOutput(QgsProcessingOutputNumber(self.FEATURE_COUNT, self.tr("Number of pieces")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        destination = static_destination(parameters.get(self.STORE))
        if destination and os.path.exists(destination):
            return False, self.tr("{} already exists: a blueprint store is never overwritten (its history would be "
                                  "lost). Choose a new file, or add a version with the update blueprint tool.").format(
                os.path.basename(destination))
        return super().checkParameterValues(parameters, context)

    def run_algorithm(self, parameters, context, feedback):
        data = read_layer(self, parameters, self.BLUEPRINT, context, feedback)
        names = [field.name() for field in data.fields if field.name().upper() not in store.STORE_FIELDS]
        attributes = pd.DataFrame({name: data.values(name) for name in names})
        present = np.array([geometry is not None for geometry in data.geometries], dtype=bool)
        path = self.parameterAsFileOutput(parameters, self.STORE, context)
        text = {name: (self.parameterAsString(parameters, name, context) or "").strip()
                for name in (self.APPROVAL, self.DATE, self.REASON, self.AUTHOR, self.NOTE)}
        self.run_core(store.create_store, path, data.geometries[present], attributes[present].reset_index(drop=True),
                      data.crs, approval=text[self.APPROVAL], date=text[self.DATE] or None, reason=text[self.REASON],
                      author=text[self.AUTHOR], note=text[self.NOTE])
        if (~present).any():
            feedback.pushWarning(self.tr("{} features without geometry were left out.").format(int((~present).sum())))
        feedback.pushInfo(self.tr("Version 1: {} pieces.").format(int(present.sum())))
        return {self.STORE: path, self.VERSION: 1, self.FEATURE_COUNT: int(present.sum())}
