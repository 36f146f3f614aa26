"""Every MultiPlan algorithm, in the order the provider registers them.

One sub-package per Processing group, named as the matching domain package of ``core``:
``intake`` (group ``data``), ``conflicts``, ``control_lines`` (group ``control``),
``suitability``, ``statistics``, ``database``, ``versions``, ``collaboration`` and ``maps``. ``base`` holds what every algorithm shares.
"""
from .collaboration.department_ledger import DepartmentLedgerAlgorithm
from .collaboration.setup_collaboration import SetupCollaborationAlgorithm
from .conflicts.build_blueprint import BuildBlueprintAlgorithm
from .conflicts.detect_conflicts import DetectConflictsAlgorithm
from .conflicts.suggest_resolutions import SuggestResolutionsAlgorithm
from .control_lines.check_control_lines import CheckControlLinesAlgorithm
from .control_lines.optimise_control_lines import ApplyLineProposalsAlgorithm, OptimiseControlLinesAlgorithm
from .control_lines.project_compliance import ProjectComplianceAlgorithm
from .control_lines.site_selection import SiteSelectionAlgorithm
from .database.check_database import CheckDatabaseAlgorithm
from .maps.make_maps import MakeMapsAlgorithm
from .maps.query_location import QueryLocationAlgorithm
from .database.export_database import ExportDatabaseAlgorithm
from .intake.ellipsoidal_area import EllipsoidalAreaAlgorithm
from .intake.export_coordinate_txt import ExportCoordinateTxtAlgorithm
from .intake.import_coordinate_txt import ImportCoordinateTxtAlgorithm
from .intake.integrate_boundaries import IntegrateBoundariesAlgorithm
from .intake.quality_check import QualityCheckAlgorithm
from .intake.reclassify_landuse import ReclassifyLanduseAlgorithm
from .statistics.area_statistics import AreaStatisticsAlgorithm
from .statistics.planning_indicators import PlanningIndicatorsAlgorithm
from .suitability.carrying_capacity import CarryingCapacityAlgorithm
from .suitability.guideline_evaluations import (AgriculturalSuitabilityAlgorithm, EcologicalImportanceAlgorithm,
                                                UrbanSuitabilityAlgorithm)
from .suitability.weighted_suitability import WeightedSuitabilityAlgorithm
from .versions.compare_blueprints import CompareBlueprintsAlgorithm
from .versions.create_blueprint_store import CreateBlueprintStoreAlgorithm
from .versions.extract_blueprint_version import ExtractBlueprintVersionAlgorithm
from .versions.implementation_assessment import ImplementationAssessmentAlgorithm
from .versions.update_blueprint import UpdateBlueprintAlgorithm

ALGORITHMS = [
    EllipsoidalAreaAlgorithm,
    ReclassifyLanduseAlgorithm,
    ImportCoordinateTxtAlgorithm,
    ExportCoordinateTxtAlgorithm,
    QualityCheckAlgorithm,
    IntegrateBoundariesAlgorithm,
    AreaStatisticsAlgorithm,
    DetectConflictsAlgorithm,
    SuggestResolutionsAlgorithm,
    BuildBlueprintAlgorithm,
    CheckControlLinesAlgorithm,
    OptimiseControlLinesAlgorithm,
    ApplyLineProposalsAlgorithm,
    PlanningIndicatorsAlgorithm,
    ProjectComplianceAlgorithm,
    SiteSelectionAlgorithm,
    WeightedSuitabilityAlgorithm,
    EcologicalImportanceAlgorithm,
    AgriculturalSuitabilityAlgorithm,
    UrbanSuitabilityAlgorithm,
    CarryingCapacityAlgorithm,
    ExportDatabaseAlgorithm,
    CheckDatabaseAlgorithm,
    CreateBlueprintStoreAlgorithm,
    UpdateBlueprintAlgorithm,
    ExtractBlueprintVersionAlgorithm,
    CompareBlueprintsAlgorithm,
    ImplementationAssessmentAlgorithm,
    SetupCollaborationAlgorithm,
    DepartmentLedgerAlgorithm,
    QueryLocationAlgorithm,
    MakeMapsAlgorithm,
]
