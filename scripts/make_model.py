#!/usr/bin/env python3
"""Writes ``resources/models/multiplan_chain.model3``: the batch chain as one Processing model.

    source scripts/env.sh && .venv/bin/python scripts/make_model.py [OUTPUT.model3]

The model is generated from ``scripts/batch_chain.py``'s STEPS, so the chain a server runs step
by step and the model a technician opens in the Model Designer are the same. Every layer of the
county package (``{sample}/sample_county.gpkg|layername=X``, ``DEM.tif``, the red-line TXT)
becomes a model input named after it; a step's file that a later step reads is passed as that
child's output; every file goes into the model's one folder input OUTPUT_FOLDER.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / ".build" / "plugins"))
DEFAULT_OUTPUT = ROOT / "resources" / "models" / "multiplan_chain.model3"
MODEL_NAME, MODEL_GROUP = "multiplan_chain", "MultiPlan 多规合一"
LAYER = re.compile(r"^\{sample\}/sample_county\.gpkg\|layername=(\w+)$")
DESCRIPTIONS = {
    "DLTB": "地类图斑 DLTB (三调 land-use parcels)", "XMHX": "项目红线 XMHX (project red lines)",
    "CGYD": "城规用地 CGYD (urban master plan)", "TGYT": "土规用途 TGYT (land-use plan)",
    "SQ": "三区 SQ (three zones)", "XZQ": "县域 XZQ (county boundary)", "XZQ_XZ": "乡镇 XZQ_XZ (townships)",
    "STBHHX": "生态保护红线 STBHHX", "YJJBNTTB": "永久基本农田 YJJBNTTB", "CZKFBJ": "城镇开发边界 CZKFBJ",
    "CZJSYD_2020": "现状城镇建设用地 CZJSYD_2020", "HL": "河流 HL (rivers)", "DL": "道路 DL (roads)",
    "CZ": "城镇 CZ (towns)", "DLTB_2024": "2024年度变更调查 DLTB_2024", "DLTB_2025": "2025年度变更调查 DLTB_2025",
    "STFW": "生态系统服务功能重要性 STFW (levels in DJ)", "DEM": "DEM (elevation raster)", "XMHX_TXT": "项目红线坐标 TXT (project red-line file)",
}


def input_name(value):
    """The model input a ``{sample}`` value stands for, or None."""
    match = LAYER.match(value)
    if match:
        return match.group(1)
    if value == "{sample}/DEM.tif":
        return "DEM"
    if value == "{sample}/项目红线坐标.txt":
        return "XMHX_TXT"
    if value == "{integration_tolerance}":
        return "INTEGRATION_TOLERANCE"
    return None


def build_model():
    from qgis.core import (QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
                           QgsProcessingModelChildParameterSource as Source, QgsProcessingModelParameter,
                           QgsProcessingParameterFile, QgsProcessingParameterNumber, QgsProcessingParameterRasterLayer,
                           QgsProcessingParameterVectorLayer)
    from qgis.PyQt.QtCore import QPointF

    import batch_chain

    model = QgsProcessingModelAlgorithm(MODEL_NAME, MODEL_GROUP, "multiplan")
    model.setHelpContent({"ALG_DESC": "多规合一全流程：边界整合、质检、地类转换、双评价、差异图斑、三区三线检查、统计与指标、成果建库、实施评估，全部成果写入一个文件夹。"
                                      " The whole MultiPlan chain on one county, every result in OUTPUT_FOLDER."})
    inputs = {}

    def add_input(name, parameter):
        if name in inputs:
            return
        component = QgsProcessingModelParameter(name)
        component.setPosition(QPointF(120, 60 + 60 * len(inputs)))
        model.addModelParameter(parameter, component)
        inputs[name] = parameter

    add_input("OUTPUT_FOLDER", QgsProcessingParameterFile("OUTPUT_FOLDER", "成果文件夹 Output folder",
                                                          QgsProcessingParameterFile.Folder))
    produced = {}  # "{out}/file" -> (child id, output key)
    for index, (title, algorithm_id, parameters) in enumerate(batch_chain.STEPS):
        child = QgsProcessingModelChildAlgorithm(algorithm_id)
        child.setChildId(f"step{index + 1:02d}_{algorithm_id.split(':')[1]}")
        child.setDescription(title)
        child.setPosition(QPointF(500, 60 + 90 * index))
        algorithm = child.algorithm()
        for key, value in parameters.items():
            values = value if isinstance(value, list) else [value]
            sources = []
            for item in values:
                name = input_name(item)
                definition = algorithm.parameterDefinition(key)
                if name is not None:
                    if name == "INTEGRATION_TOLERANCE":
                        add_input(name, QgsProcessingParameterNumber(
                            name, "边界整合容差（米，0 为不整合） Boundary integration tolerance (m, 0: off)",
                            QgsProcessingParameterNumber.Double, defaultValue=2.0, minValue=0.0))
                    elif name == "DEM":
                        add_input(name, QgsProcessingParameterRasterLayer(name, DESCRIPTIONS[name]))
                    elif name == "XMHX_TXT":
                        add_input(name, QgsProcessingParameterFile(name, DESCRIPTIONS[name], extension="txt"))
                    else:
                        add_input(name, QgsProcessingParameterVectorLayer(name, DESCRIPTIONS.get(name, name)))
                    sources.append(Source.fromModelParameter(name))
                elif item.startswith("{out}/"):
                    if definition is not None and definition.isDestination():
                        produced[item] = (child.childId(), key)
                        sources.append(Source.fromExpression(f"@OUTPUT_FOLDER || '/{item[6:]}'"))
                    elif item in produced:
                        sources.append(Source.fromChildOutput(*produced[item]))
                    else:
                        sources.append(Source.fromExpression(f"@OUTPUT_FOLDER || '/{item[6:]}'"))
                else:
                    sources.append(Source.fromStaticValue(item))
            child.addParameterSources(key, sources)
        model.addChildAlgorithm(child)
    return model


def main(path=DEFAULT_OUTPUT):
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from multiplan.processing.provider import MultiPlanProvider

    provider = MultiPlanProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    model = build_model()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(path)):
        print(f"could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}: {len(model.childAlgorithms())} steps, {len(model.parameterComponents())} inputs")
    QgsApplication.processingRegistry().removeProvider(provider)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
