"""Every MultiPlan algorithm, in the order the provider registers them."""
from .build_blueprint import BuildBlueprintAlgorithm
from .carrying_capacity import CarryingCapacityAlgorithm
from .check_control_lines import CheckControlLinesAlgorithm
from .detect_conflicts import DetectConflictsAlgorithm
from .ellipsoidal_area import EllipsoidalAreaAlgorithm
from .guideline_evaluations import (AgriculturalSuitabilityAlgorithm, EcologicalImportanceAlgorithm,
                                    UrbanSuitabilityAlgorithm)
from .export_coordinate_txt import ExportCoordinateTxtAlgorithm
from .import_coordinate_txt import ImportCoordinateTxtAlgorithm
from .project_compliance import ProjectComplianceAlgorithm
from .quality_check import QualityCheckAlgorithm
from .reclassify_landuse import ReclassifyLanduseAlgorithm
from .suggest_resolutions import SuggestResolutionsAlgorithm
from .weighted_suitability import WeightedSuitabilityAlgorithm

ALGORITHMS = [
    EllipsoidalAreaAlgorithm,
    ReclassifyLanduseAlgorithm,
    ImportCoordinateTxtAlgorithm,
    ExportCoordinateTxtAlgorithm,
    QualityCheckAlgorithm,
    DetectConflictsAlgorithm,
    SuggestResolutionsAlgorithm,
    BuildBlueprintAlgorithm,
    CheckControlLinesAlgorithm,
    ProjectComplianceAlgorithm,
    WeightedSuitabilityAlgorithm,
    EcologicalImportanceAlgorithm,
    AgriculturalSuitabilityAlgorithm,
    UrbanSuitabilityAlgorithm,
    CarryingCapacityAlgorithm,
]
