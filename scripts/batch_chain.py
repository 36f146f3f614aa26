#!/usr/bin/env python3
"""MultiPlan's batch chain on a county, run step by step through ``qgis_process``.

    python scripts/batch_chain.py SAMPLE_DIR OUTPUT_DIR

Each step is one ``scripts/qgis-process --json run multiplan:...`` call, exactly what a batch
job on a server would run. Results and timings go to OUTPUT_DIR/run_summary.json. New
algorithms join the chain by adding a step to STEPS.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QGIS_PROCESS = ROOT / "scripts" / "qgis-process"

# The two plans of the sample county, as the conflict algorithms take them: integrated to the 三调
# parcels first (边界整合; MULTIPLAN_INTEGRATION_TOLERANCE=0 switches it off), and as they came.
PLANS = {"PLAN_1": "{out}/边界整合_CGYD.gpkg", "PLAN_1_FIELD": "YDDM", "PLAN_1_STANDARD": "1",
         "PLAN_1_NAME": "城规", "PLAN_2": "{out}/边界整合_TGYT.gpkg", "PLAN_2_FIELD": "GHDLDM",
         "PLAN_2_STANDARD": "2", "PLAN_2_NAME": "土规"}
RAW_PLANS = dict(PLANS, PLAN_1="{sample}/sample_county.gpkg|layername=CGYD",
                 PLAN_2="{sample}/sample_county.gpkg|layername=TGYT")
INTEGRATION_TOLERANCE = "{integration_tolerance}"  # a model input (INTEGRATION_TOLERANCE, default 2 m)

# (step name, algorithm, parameters); {sample} and {out} are filled in.
def weighted_factors(dem):
    """The weighted evaluation's factors, scorings, AHP judgements, veto and area on ``dem``."""
    return {"FACTORS": [dem, "{sample}/sample_county.gpkg|layername=HL", "{sample}/sample_county.gpkg|layername=DL"],
            "SCORING": "1,ranges: ..50:5; 50..100:4; 100..200:3; 200..400:2; 400..:1,,"
                       "2,distance ranges: ..300:2; 300..1000:5; 1000..3000:3; 3000..:1,,"
                       "3,distance linear 5000 0,",
            "AHP_MATRIX": "1 3 2; 1/3 1 1/2; 1/2 2 1",
            "CONSTRAINTS": ["{sample}/sample_county.gpkg|layername=STBHHX"],
            "AREA": "{sample}/sample_county.gpkg|layername=XZQ"}


STEPS = [
    # 边界整合 first: the plans' edges snapped to the 三调 parcels within 2 m (the first thing the
    # 浦口 work plan names after code harmonisation), so the conflicts below are not flooded with slivers.
    ("Boundary integration, urban plan 边界整合（城规）", "multiplan:integrate_boundaries",
     {"INPUT": "{sample}/sample_county.gpkg|layername=CGYD", "REFERENCE": "{sample}/sample_county.gpkg|layername=DLTB",
      "TOLERANCE": INTEGRATION_TOLERANCE, "OUTPUT": "{out}/边界整合_CGYD.gpkg", "REPORT": "{out}/边界整合_CGYD.xlsx"}),
    ("Boundary integration, land-use plan 边界整合（土规）", "multiplan:integrate_boundaries",
     {"INPUT": "{sample}/sample_county.gpkg|layername=TGYT", "REFERENCE": "{sample}/sample_county.gpkg|layername=DLTB",
      "TOLERANCE": INTEGRATION_TOLERANCE, "OUTPUT": "{out}/边界整合_TGYT.gpkg", "REPORT": "{out}/边界整合_TGYT.xlsx"}),
    ("Land-use survey areas 地类图斑面积", "multiplan:ellipsoidal_area",
     {"INPUT": "{sample}/sample_county.gpkg|layername=DLTB", "METHOD": "0",
      "OUTPUT": "{out}/DLTB_面积.gpkg"}),
    ("Project red-line areas 项目红线面积", "multiplan:ellipsoidal_area",
     {"INPUT": "{sample}/sample_county.gpkg|layername=XMHX", "METHOD": "0",
      "OUTPUT": "{out}/XMHX_面积.gpkg"}),
    ("Survey codes to 用地用海 三调地类转换", "multiplan:reclassify_landuse",
     {"INPUT": "{sample}/sample_county.gpkg|layername=DLTB", "CODE_FIELD": "DLBM", "STANDARD": "0",
      "OUTPUT": "{out}/DLTB_用地用海.gpkg", "UNKNOWN_REPORT": "{out}/DLTB_未知代码.csv"}),
    ("Urban plan codes to 用地用海 城规地类转换", "multiplan:reclassify_landuse",
     {"INPUT": "{sample}/sample_county.gpkg|layername=CGYD", "CODE_FIELD": "YDDM", "STANDARD": "1",
      "OUTPUT": "{out}/CGYD_用地用海.gpkg"}),
    ("Land-use plan codes to 用地用海 土规地类转换", "multiplan:reclassify_landuse",
     {"INPUT": "{sample}/sample_county.gpkg|layername=TGYT", "CODE_FIELD": "GHDLDM", "STANDARD": "2",
      "OUTPUT": "{out}/TGYT_用地用海.gpkg"}),
    # Coverages are checked for gaps inside the county; 1 m² hides the mm-wide slivers along the
    # sample's zone edges (real, but noise for a demonstration run; the default is 1e-5 亩).
    ("Quality of coverages 地类图斑和三区质检", "multiplan:quality_check",
     {"INPUTS": ["{sample}/sample_county.gpkg|layername=DLTB", "{sample}/sample_county.gpkg|layername=SQ"],
      "BOUNDARY": "{sample}/sample_county.gpkg|layername=XZQ", "CODE_FIELD": "DLBM", "STANDARD": "1",
      "MIN_GAP_AREA": "1", "OUTPUT": "{out}/质检_图斑与三区.gpkg", "AREAS": "{out}/质检_图斑与三区_问题范围.gpkg",
      "REPORT": "{out}/质检报告_图斑与三区.xlsx",
      "REPAIRED_FOLDER": "{out}/修复"}),
    ("Quality of the three draft lines 三线质检", "multiplan:quality_check",
     {"INPUTS": ["{sample}/sample_county.gpkg|layername=STBHHX", "{sample}/sample_county.gpkg|layername=YJJBNTTB",
                 "{sample}/sample_county.gpkg|layername=CZKFBJ"], "STANDARD": "0",
      "OUTPUT": "{out}/质检_三线.gpkg", "AREAS": "{out}/质检_三线_问题范围.gpkg", "REPORT": "{out}/质检报告_三线.xlsx"}),
    ("Import project red-line TXT 导入红线坐标", "multiplan:import_coordinate_txt",
     {"INPUT": "{sample}/项目红线坐标.txt", "OUTPUT": "{out}/项目红线_导入.gpkg"}),
    ("Export project red-lines as TXT 导出红线坐标", "multiplan:export_coordinate_txt",
     {"INPUT": "{sample}/sample_county.gpkg|layername=XMHX", "NUMBER_FIELD": "XMBH", "NAME_FIELD": "XMMC", "USE_FIELD": "YDYT", "CODE_FIELD": "YTDM",
      "OUTPUT": "{out}/项目红线_导出.txt"}),
    # Thresholds (MIN_AREA 1 m², fragments 400 m² / 2 m, expansion 1.3) are the algorithm's defaults,
    # core.control_lines.checks.ControlLineSettings: the 三区三线 dock's "check now" passes the same, so both
    # give the same counts (tests/ui/test_blueprint_dock.py). Override them here only together.
    ("Control-line check 三区三线检查", "multiplan:check_control_lines",
     {"ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "ZONES": "{sample}/sample_county.gpkg|layername=SQ", "ZONE_FIELD": "KJLXDM",
      "COUNTY": "{sample}/sample_county.gpkg|layername=XZQ",
      "BASE_CONSTRUCTION": "{sample}/sample_county.gpkg|layername=CZJSYD_2020",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "OUTPUT": "{out}/三区三线违规.gpkg", "REPORT": "{out}/三区三线检查.xlsx", "LINE_TOTALS": "{out}/控制线面积.csv"}),
    # 控制线优化建议: every change a reviewable proposal (all 是 here), the proposed lines, the balance;
    # the approved projects (XMHX) are taken into the urban boundary where no line forbids it, and the
    # lines follow the 三调 parcels (DLTB) within 2 m;
    # the proposed lines are checked again (the 三区 are not redrawn, so the check runs without them).
    ("Control-line proposals 控制线优化建议", "multiplan:optimise_control_lines",
     {"ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "BASE_CONSTRUCTION": "{sample}/sample_county.gpkg|layername=CZJSYD_2020",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ", "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC",
      "PROJECTS": "{sample}/sample_county.gpkg|layername=XMHX", "REFERENCE": "{sample}/sample_county.gpkg|layername=DLTB",
      "COUNTY": "{sample}/sample_county.gpkg|layername=XZQ", "PROPOSALS": "{out}/控制线优化_建议.gpkg", "OUT_ECOLOGICAL_REDLINE": "{out}/控制线优化_生态保护红线.gpkg",
      "OUT_FARMLAND": "{out}/控制线优化_永久基本农田.gpkg", "OUT_URBAN_BOUNDARY": "{out}/控制线优化_城镇开发边界.gpkg",
      "REPORT": "{out}/控制线优化.xlsx"}),
    ("Check of the proposed lines 优化后三线检查", "multiplan:check_control_lines",
     {"ECOLOGICAL_REDLINE": "{out}/控制线优化_生态保护红线.gpkg", "FARMLAND": "{out}/控制线优化_永久基本农田.gpkg",
      "URBAN_BOUNDARY": "{out}/控制线优化_城镇开发边界.gpkg", "COUNTY": "{sample}/sample_county.gpkg|layername=XZQ",
      "BASE_CONSTRUCTION": "{sample}/sample_county.gpkg|layername=CZJSYD_2020",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "OUTPUT": "{out}/控制线优化_检查.gpkg", "REPORT": "{out}/控制线优化_检查.xlsx"}),
    ("Project pre-review 项目空间预审", "multiplan:project_compliance",
     {"PROJECT_TXT": "{sample}/项目红线坐标.txt",
      "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "ZONES": "{sample}/sample_county.gpkg|layername=SQ", "SURVEY": "{sample}/sample_county.gpkg|layername=DLTB",
      "COUNTY": "{sample}/sample_county.gpkg|layername=XZQ", "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "OUTPUT": "{out}/项目预审_占用.gpkg", "PROJECTS_OUTPUT": "{out}/项目预审_项目.gpkg",
      "REPORT": "{out}/项目预审.xlsx", "REPORT_HTML": "{out}/项目预审.html"}),
    # 双评价 starts with ecology: 生态保护重要性 from the service-importance polygons (levels in DJ),
    # the 自然保护地 being the red line here.
    ("Ecological importance 生态保护重要性", "multiplan:ecological_importance",
     {"SERVICES": ["{sample}/sample_county.gpkg|layername=STFW"], "LEVEL_FIELD": "DJ", "CELL_SIZE": "30",
      "PROTECTED": "{sample}/sample_county.gpkg|layername=STBHHX", "AREA": "{sample}/sample_county.gpkg|layername=XZQ",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "LEVELS": "{out}/生态保护重要性_分级.tif", "OUTPUT": "{out}/生态保护重要性.tif", "REPORT": "{out}/生态保护重要性.xlsx"}),
    ("Agricultural suitability 农业生产适宜性", "multiplan:agricultural_suitability",
     {"DEM": "{sample}/DEM.tif", "AREA": "{sample}/sample_county.gpkg|layername=XZQ",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "LEVELS": "{out}/农业生产适宜性_分级.tif", "OUTPUT": "{out}/农业生产适宜性.tif", "REPORT": "{out}/农业生产适宜性.xlsx"}),
    ("Urban suitability 城镇建设适宜性", "multiplan:urban_suitability",
     {"DEM": "{sample}/DEM.tif", "AREA": "{sample}/sample_county.gpkg|layername=XZQ",
      "LOCATION_FEATURES": ["{sample}/sample_county.gpkg|layername=CZ", "{sample}/sample_county.gpkg|layername=DL"],
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "LEVELS": "{out}/城镇建设适宜性_分级.tif", "OUTPUT": "{out}/城镇建设适宜性.tif", "REPORT": "{out}/城镇建设适宜性.xlsx"}),
    # Factors by number: 1 elevation, 2 distance to rivers, 3 distance to roads; the red line is a veto.
    ("Weighted suitability 加权适宜性评价", "multiplan:weighted_suitability",
     {**weighted_factors("{sample}/DEM.tif"), "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "SCORE": "{out}/加权评价_得分.tif", "GRADED": "{out}/加权评价_分级.tif", "REPORT": "{out}/加权评价.xlsx",
      "AREA_TABLE": "{out}/加权评价_面积.csv"}),
    ("Carrying capacity 承载规模", "multiplan:carrying_capacity",
     {"URBAN_SUITABILITY": "{out}/城镇建设适宜性.tif", "AGRICULTURAL_SUITABILITY": "{out}/农业生产适宜性.tif",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ", "CURRENT_POPULATION": "169000",
      "REPORT": "{out}/承载规模.xlsx", "TABLE": "{out}/承载规模.csv"}),
    ("Multi-plan conflicts 多规差异图斑", "multiplan:detect_conflicts",
     {**PLANS, "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ", "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC",
      "OUTPUT": "{out}/差异图斑.gpkg", "SLIVERS": "{out}/差异图斑_碎片.gpkg", "REPORT": "{out}/冲突台账.xlsx"}),
    ("Multi-plan conflicts without integration 多规差异图斑（未整合，对照）", "multiplan:detect_conflicts",
     {**RAW_PLANS, "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ", "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC",
      "OUTPUT": "{out}/差异图斑_未整合.gpkg", "SLIVERS": "{out}/差异图斑_未整合_碎片.gpkg",
      "REPORT": "{out}/冲突台账_未整合.xlsx"}),
    ("Suggested resolutions 差异图斑处理建议", "multiplan:suggest_resolutions",
     {"INPUT": "{out}/差异图斑.gpkg", "OUTPUT": "{out}/差异图斑_处理建议.gpkg", "REPORT": "{out}/冲突台账_处理建议.xlsx"}),
    ("Coordinated blueprint 一张蓝图", "multiplan:build_blueprint",
     {**PLANS, "PATCHES": "{out}/差异图斑_处理建议.gpkg",
      "CURRENT_USE": "{sample}/sample_county.gpkg|layername=DLTB", "CURRENT_USE_FIELD": "DLBM",
      "COUNTY": "{sample}/sample_county.gpkg|layername=XZQ", "OUTPUT": "{out}/一张蓝图.gpkg",
      "CHANGE_LOG": "{out}/一张蓝图_变更记录.xlsx"}),
    ("Land-use statistics 地类面积统计", "multiplan:area_statistics",
     {"INPUT": "{sample}/sample_county.gpkg|layername=DLTB", "CODE_FIELD": "DLBM", "STANDARD": "0", "LEVEL": "2",
      "NAME_FIELD": "DLMC", "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC",
      "OUTPUT_XLSX": "{out}/地类面积统计.xlsx", "OUTPUT_CSV": "{out}/地类面积统计.csv"}),
    ("Current vs coordinated blueprint 现状与蓝图转移矩阵", "multiplan:area_statistics",
     {"INPUT": "{sample}/sample_county.gpkg|layername=DLTB", "CODE_FIELD": "DLBM", "STANDARD": "0", "LEVEL": "1",
      "COMPARE": "{out}/一张蓝图.gpkg", "COMPARE_CODE_FIELD": "YDYHDM", "COMPARE_STANDARD": "4", "COMPARE_LEVEL": "2",
      "OUTPUT_XLSX": "{out}/现状与蓝图对比.xlsx", "OUTPUT_MATRIX_CSV": "{out}/转移矩阵.csv"}),
    ("Blueprint statistics 一张蓝图地类面积", "multiplan:area_statistics",
     {"INPUT": "{out}/一张蓝图.gpkg", "CODE_FIELD": "YDYHDM", "STANDARD": "3", "LEVEL": "1",
      "OUTPUT_XLSX": "{out}/一张蓝图地类面积.xlsx", "OUTPUT_CSV": "{out}/一张蓝图地类面积.csv"}),
    ("Planning indicators 规划指标核算", "multiplan:planning_indicators",
     {"BLUEPRINT": "{out}/一张蓝图.gpkg", "CODE_FIELD": "YDYHDM",
      "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "BASE_CONSTRUCTION": "{sample}/sample_county.gpkg|layername=CZJSYD_2020",
      "POPULATION": "169000", "URBAN_POPULATION": "90000",
      "REPORT": "{out}/规划指标.xlsx", "TABLE": "{out}/规划指标.csv"}),
    ("Project siting 项目辅助选址", "multiplan:site_selection",
     {"FREE_LAND": "{sample}/sample_county.gpkg|layername=DLTB", "FREE_CODE_FIELD": "DLBM",
      "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "RIVERS": "{sample}/sample_county.gpkg|layername=HL", "RIVER_BUFFER": "30",
      "ROADS": "{sample}/sample_county.gpkg|layername=DL", "ROAD_BUFFER": "20",
      "TOWNS": "{sample}/sample_county.gpkg|layername=CZ", "DEM": "{sample}/DEM.tif",
      "SUITABILITY": "{out}/城镇建设适宜性.tif", "SUITABILITY_LOWER_BETTER": "true", "PROJECT_TYPE": "1",
      "MIN_AREA": "15", "MAX_AREA": "300", "OUTPUT": "{out}/项目选址.gpkg", "REPORT": "{out}/项目选址.xlsx"}),
    # The sample's 三区 (SQ) is a draft with planted overlaps and gaps for the 三区三线 check to find,
    # so it is not exported: the database check would rightly refuse it.
    ("Planning database 成果建库", "multiplan:export_database",
     {"COUNTY": "{sample}/sample_county.gpkg|layername=XZQ",
      "TOWNSHIPS": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "ECOLOGY": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "BLUEPRINT": "{out}/一张蓝图.gpkg", "INDICATORS": "{out}/规划指标.csv", "OUTPUT": "{out}/规划数据库.gpkg"}),
    ("Planning database check 数据库质检", "multiplan:check_database",
     {"DATABASE": "{out}/规划数据库.gpkg", "OUTPUT": "{out}/规划数据库质检.gpkg",
      "REPORT": "{out}/规划数据库质检报告.xlsx"}),
    # DLTB is the base-year survey (2023); DLTB_2024 and DLTB_2025 are the 年度变更调查 that follow,
    # with the sample's planted violations (sample_facts.json).
    ("Implementation assessment 实施评估", "multiplan:implementation_assessment",
     {"BLUEPRINT": "{out}/一张蓝图.gpkg", "CODE_FIELD": "YDYHDM",
      "SURVEYS": ["{sample}/sample_county.gpkg|layername=DLTB_2024", "{sample}/sample_county.gpkg|layername=DLTB_2025"],
      "SURVEY_CODE_FIELD": "DLBM", "BASE_SURVEY": "{sample}/sample_county.gpkg|layername=DLTB", "BASE_YEAR": "2023",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "ADMIN": "{sample}/sample_county.gpkg|layername=XZQ_XZ", "ADMIN_CODE_FIELD": "XZQDM", "ADMIN_NAME_FIELD": "XZQMC",
      "COUNTY_NAME": "示范县", "OUTPUT": "{out}/实施监测图斑.gpkg", "REPORT": "{out}/实施评估报告.xlsx",
      "CHARTS": "{out}/实施评估图表", "HTML": "{out}/实施评估.html"}),
    # Every map of the catalogue: the ecological importance map from the chain's own 生态保护重要性.
    ("Thematic maps 专题图", "multiplan:make_maps",
     {"COUNTY": "{sample}/sample_county.gpkg|layername=XZQ",
      "TOWNSHIPS": "{sample}/sample_county.gpkg|layername=XZQ_XZ",
      "ZONES": "{sample}/sample_county.gpkg|layername=SQ", "ZONE_FIELD": "KJLXDM",
      "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "BLUEPRINT": "{out}/一张蓝图.gpkg", "BLUEPRINT_CODE_FIELD": "YDYHDM",
      "PATCHES": "{out}/差异图斑_处理建议.gpkg", "VIOLATIONS": "{out}/三区三线违规.gpkg",
      "ECOLOGICAL_IMPORTANCE": "{out}/生态保护重要性_分级.tif",
      "AGRICULTURAL_SUITABILITY": "{out}/农业生产适宜性_分级.tif", "URBAN_SUITABILITY": "{out}/城镇建设适宜性_分级.tif",
      "PROJECTS": "{sample}/sample_county.gpkg|layername=XMHX", "PROJECT_ID_FIELD": "XMBH",
      "PROJECT_NAME_FIELD": "XMMC", "PAPER": "0", "DPI": "150", "OUTPUT": "{out}/专题图"}),
]

# Run by the batch chain (and its e2e test) after STEPS, not part of the Processing model: the DEM is
# reprojected with QGIS's own GDAL tool, whose log is GDAL's English, not a MultiPlan deliverable.
EXTRA_STEPS = [
    # The same evaluations on a DEM in CGCS2000 degrees, as many DEMs arrive (issue 19): the sample DEM
    # reprojected by QGIS's own GDAL tool, then the urban preset (15-cell relief window) and the
    # weighted evaluation (distances in metres on a geographic grid).
    ("DEM in degrees 经纬度高程", "gdal:warpreproject",
     {"INPUT": "{sample}/DEM.tif", "TARGET_CRS": "EPSG:4490", "RESAMPLING": "1", "OUTPUT": "{out}/经纬度高程.tif"}),
    ("Urban suitability, DEM in degrees 城镇建设适宜性（经纬度高程）", "multiplan:urban_suitability",
     {"DEM": "{out}/经纬度高程.tif", "AREA": "{sample}/sample_county.gpkg|layername=XZQ",
      "LOCATION_FEATURES": ["{sample}/sample_county.gpkg|layername=CZ", "{sample}/sample_county.gpkg|layername=DL"],
      "LEVELS": "{out}/城镇建设适宜性_经纬度_分级.tif", "OUTPUT": "{out}/城镇建设适宜性_经纬度.tif",
      "REPORT": "{out}/城镇建设适宜性_经纬度.xlsx"}),
    ("Agricultural suitability, DEM in degrees 农业生产适宜性（经纬度高程）", "multiplan:agricultural_suitability",
     {"DEM": "{out}/经纬度高程.tif", "AREA": "{sample}/sample_county.gpkg|layername=XZQ",
      "LEVELS": "{out}/农业生产适宜性_经纬度_分级.tif", "OUTPUT": "{out}/农业生产适宜性_经纬度.tif",
      "REPORT": "{out}/农业生产适宜性_经纬度.xlsx"}),
    ("Weighted suitability, DEM in degrees 加权适宜性评价（经纬度高程）", "multiplan:weighted_suitability",
     {**weighted_factors("{out}/经纬度高程.tif"),
      "SCORE": "{out}/加权评价_经纬度_得分.tif", "GRADED": "{out}/加权评价_经纬度_分级.tif",
      "REPORT": "{out}/加权评价_经纬度.xlsx"}),
]


def run_step(name, algorithm, parameters):
    # A list value is a multiple-layer parameter: qgis_process takes the key once per layer.
    arguments = [f"{key}={item}" for key, value in parameters.items()
                 for item in (value if isinstance(value, list) else [value])]
    started = time.monotonic()
    completed = subprocess.run([str(QGIS_PROCESS), "--json", "run", algorithm, "--", *arguments],
                               capture_output=True, text=True)
    seconds = time.monotonic() - started
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        report = {}
    ok = completed.returncode == 0 and "results" in report
    return {"step": name, "algorithm": algorithm, "ok": ok, "seconds": round(seconds, 2),
            "parameters": parameters, "results": report.get("results", {}),
            "log": report.get("log", {}), "errors": "" if ok else (completed.stderr or completed.stdout)[-3000:]}


def main(sample_dir, out_dir):
    import os

    sample_dir, out_dir = Path(sample_dir).resolve(), Path(out_dir).resolve()
    tolerance = os.environ.get("MULTIPLAN_INTEGRATION_TOLERANCE", "2")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = []
    for name, algorithm, template in STEPS + EXTRA_STEPS:
        fill = {"sample": sample_dir, "out": out_dir, "integration_tolerance": tolerance}
        parameters = {key: [item.format(**fill) for item in value] if isinstance(value, list)
                      else value.format(**fill) for key, value in template.items()}
        step = run_step(name, algorithm, parameters)
        summary.append(step)
        status = "ok" if step["ok"] else "FAILED"
        print(f"[{status}] {name} ({algorithm}, {step['seconds']} s)")
        for key, value in step["results"].items():
            print(f"      {key} = {value}")
        if not step["ok"]:
            print(step["errors"], file=sys.stderr)
    (out_dir / "run_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    failed = [step["step"] for step in summary if not step["ok"]]
    print(f"\nOutputs in: {out_dir}")
    if failed:
        print(f"{len(failed)} step(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
