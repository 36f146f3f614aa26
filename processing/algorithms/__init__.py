"""Every MultiPlan algorithm, in the order the provider registers them."""
from .area_statistics import AreaStatisticsAlgorithm
from .build_blueprint import BuildBlueprintAlgorithm
from .carrying_capacity import CarryingCapacityAlgorithm
from .check_control_lines import CheckControlLinesAlgorithm
from .detect_conflicts import DetectConflictsAlgorithm
from .ellipsoidal_area import EllipsoidalAreaAlgorithm
from .guideline_evaluations import (AgriculturalSuitabilityAlgorithm, EcologicalImportanceAlgorithm,
                                    UrbanSuitabilityAlgorithm)
from .export_coordinate_txt import ExportCoordinateTxtAlgorithm
from .import_coordinate_txt import ImportCoordinateTxtAlgorithm
from .planning_indicators import PlanningIndicatorsAlgorithm
from .project_compliance import ProjectComplianceAlgorithm
from .quality_check import QualityCheckAlgorithm
from .reclassify_landuse import ReclassifyLanduseAlgorithm
from .site_selection import SiteSelectionAlgorithm
from .suggest_resolutions import SuggestResolutionsAlgorithm
from .weighted_suitability import WeightedSuitabilityAlgorithm

ALGORITHMS = [
    EllipsoidalAreaAlgorithm,
    ReclassifyLanduseAlgorithm,
    ImportCoordinateTxtAlgorithm,
    ExportCoordinateTxtAlgorithm,
    QualityCheckAlgorithm,
    AreaStatisticsAlgorithm,
    DetectConflictsAlgorithm,
    SuggestResolutionsAlgorithm,
    BuildBlueprintAlgorithm,
    CheckControlLinesAlgorithm,
    PlanningIndicatorsAlgorithm,
    ProjectComplianceAlgorithm,
    SiteSelectionAlgorithm,
    WeightedSuitabilityAlgorithm,
    EcologicalImportanceAlgorithm,
    AgriculturalSuitabilityAlgorithm,
    UrbanSuitabilityAlgorithm,
    CarryingCapacityAlgorithm,
]
