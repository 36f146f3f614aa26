"""Plan-layer parameters shared by the conflict algorithms (detect, blueprint).

Processing has no parameter type for "a list of (layer, field, standard, name)", so plans come
in numbered slots: PLAN_1 … PLAN_4, each with _FIELD, _STANDARD, _NAME and the optional _ID_FIELD.
The first two are required; empty slots are skipped. Stable names keep models and ``qgis_process``
scripts valid.

A plan's features are named in the outputs (GH{k}BSM of the patches, YSBSM of the blueprint) by
:func:`.layer_io.feature_ids`: the chosen _ID_FIELD, else BSM / 标识码 / OBJECTID when filled and
unique, else the 1-based feature number, the same whatever format the plan is stored in.
"""
from dataclasses import dataclass

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterString)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.conflicts.detection import Plan
from .layer_io import feature_ids, read_layer

PLAN_SLOTS = 4
REQUIRED_PLANS = 2
STANDARD_IDS = ("sandiao", "chenggui", "tugui", "ydyh2023")


def plan_parameter(slot, suffix=""):
    return f"PLAN_{slot}{suffix}"


def add_plan_parameters(algorithm):
    translate = QCoreApplication.translate
    standards = [translate("MultiPlanPlanInputs", "三调 working classification (GB/T 21010)"),
                 translate("MultiPlanPlanInputs", "城规 urban plan (GB 50137-2011)"),
                 translate("MultiPlanPlanInputs", "土规 land-use plan (TD/T 1024-2010)"),
                 translate("MultiPlanPlanInputs", "用地用海分类 2023")]
    for slot in range(1, PLAN_SLOTS + 1):
        optional = slot > REQUIRED_PLANS
        layer = plan_parameter(slot)
        label = translate("MultiPlanPlanInputs", "Plan {} layer").format(slot)
        if optional:
            label += " " + translate("MultiPlanPlanInputs", "(optional)")
        algorithm.addParameter(QgsProcessingParameterFeatureSource(
            layer, label, [QgsProcessing.TypeVectorPolygon], optional=optional))
        algorithm.addParameter(QgsProcessingParameterField(
            plan_parameter(slot, "_FIELD"), translate("MultiPlanPlanInputs", "Plan {} land-use code field").format(slot),
            parentLayerParameterName=layer, optional=optional))
        algorithm.addParameter(QgsProcessingParameterEnum(
            plan_parameter(slot, "_STANDARD"), translate("MultiPlanPlanInputs", "Plan {} code standard").format(slot),
            options=standards, defaultValue=(1, 2, 3, 3)[slot - 1]))
        algorithm.addParameter(QgsProcessingParameterString(
            plan_parameter(slot, "_NAME"),
            translate("MultiPlanPlanInputs", "Plan {} short name (e.g. 城规, 土规; empty: layer name)").format(slot),
            optional=True))
        algorithm.addParameter(QgsProcessingParameterField(
            plan_parameter(slot, "_ID_FIELD"),
            translate("MultiPlanPlanInputs", "Plan {} feature id field (empty: BSM, 标识码 or OBJECTID, else the "
                                             "feature number)").format(slot),
            parentLayerParameterName=layer, optional=True))


def plan_map_layers(algorithm, parameters, context):
    """``[(slot, QgsVectorLayer)]`` of the plan slots that were filled."""
    layers = []
    for slot in range(1, PLAN_SLOTS + 1):
        value = parameters.get(plan_parameter(slot))
        if value in (None, ""):
            if slot <= REQUIRED_PLANS:
                raise QgsProcessingException(QCoreApplication.translate("MultiPlanPlanInputs", "Plan {} is required: choose its layer.").format(slot))
            continue
        layer = algorithm.parameterAsVectorLayer(parameters, plan_parameter(slot), context)
        if layer is None:
            raise QgsProcessingException(algorithm.invalidSourceError(parameters, plan_parameter(slot)))
        layers.append((slot, layer))
    return layers


@dataclass
class PlanInput:
    slot: int
    plan: Plan
    layer: object  # layer_io.LayerData


def read_plans(algorithm, parameters, context, feedback, working_crs):
    """Every filled plan slot as a core :class:`Plan` (codes, standard, name) plus its layer data."""
    plans = []
    for slot, _ in plan_map_layers(algorithm, parameters, context):
        layer = read_layer(algorithm, parameters, plan_parameter(slot), context, feedback, working_crs)
        if not len(layer):
            raise QgsProcessingException(QCoreApplication.translate("MultiPlanPlanInputs", "Plan {} (“{}”) has no features.").format(slot, layer.name))
        field = algorithm.parameterAsString(parameters, plan_parameter(slot, "_FIELD"), context)
        if not field:
            raise QgsProcessingException(QCoreApplication.translate("MultiPlanPlanInputs", "Choose the land-use code field of plan {} (“{}”).").format(slot, layer.name))
        standard = STANDARD_IDS[algorithm.parameterAsEnum(parameters, plan_parameter(slot, "_STANDARD"), context)]
        name = algorithm.parameterAsString(parameters, plan_parameter(slot, "_NAME"), context).strip() or layer.name
        id_field = (algorithm.parameterAsString(parameters, plan_parameter(slot, "_ID_FIELD"), context) or "").strip()
        ids = feature_ids(layer, id_field)
        feedback.pushInfo(ids.describe(layer.name))
        plans.append(PlanInput(slot, Plan(name, layer.geometries, layer.values(field), standard, ids.values), layer))
    names = [item.plan.name for item in plans]
    if len(set(names)) != len(names):
        raise QgsProcessingException(QCoreApplication.translate("MultiPlanPlanInputs", "Plans need different short names, got: {}").format(", ".join(names)))
    return plans
