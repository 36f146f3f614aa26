"""The same numbers in every output format, the same feature ids whatever the input format, and
result layers that open styled — for every algorithm with a vector output, on a small sample
county, with the batch chain's own parameters (scripts/batch_chain.py).

One run of the whole chain writes GeoPackages (the reference); each step with a vector output
is then run again writing Shapefile, GeoJSON and FlatGeobuf, and once more reading its layers
from shapefiles instead of the county GeoPackage.
"""
import math
import subprocess
import sys
from pathlib import Path

import pytest
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from batch_chain import STEPS  # noqa: E402

FORMATS = {"shp": "ESRI Shapefile", "geojson": "GeoJSON", "fgb": "FlatGeobuf"}
PARCEL_STEP = ("Weighted suitability parcels 加权评价（地块）", "multiplan:weighted_suitability",
               {"FACTORS": ["{sample}/DEM.tif"], "SCORING": "1,ranges: ..50:5; 50..100:4; 100..200:3; 200..:1,1",
                "AREA": "{sample}/sample_county.gpkg|layername=XZQ",
                "PARCELS": "{sample}/sample_county.gpkg|layername=CGYD",
                "SCORE": "{out}/地块_得分.tif", "GRADED": "{out}/地块_分级.tif", "REPORT": "{out}/地块.xlsx",
                "PARCELS_OUTPUT": "{out}/地块评价.gpkg"})
#: Vector outputs the chain does not write: the proposals applied, and a blueprint store that the
#: sample's approved projects update (those of XMHX whose YTDM is a 用地用海 code), its first version
#: extracted and compared with the current one.
STORE = "{out}/一张蓝图版本库.gpkg"
EXTRA_STEPS = [
    PARCEL_STEP,
    ("Proposals applied 采纳控制线优化建议", "multiplan:apply_line_proposals",
     {"PROPOSALS": "{out}/控制线优化_建议.gpkg", "ECOLOGICAL_REDLINE": "{sample}/sample_county.gpkg|layername=STBHHX",
      "FARMLAND": "{sample}/sample_county.gpkg|layername=YJJBNTTB",
      "URBAN_BOUNDARY": "{sample}/sample_county.gpkg|layername=CZKFBJ",
      "OUT_ECOLOGICAL_REDLINE": "{out}/采纳_生态保护红线.gpkg", "OUT_FARMLAND": "{out}/采纳_永久基本农田.gpkg",
      "OUT_URBAN_BOUNDARY": "{out}/采纳_城镇开发边界.gpkg"}),
    ("Blueprint store 一张蓝图版本库", "multiplan:create_blueprint_store",
     {"BLUEPRINT": "{out}/一张蓝图.gpkg", "APPROVAL": "县政府〔2025〕1号", "DATE": "2025-03-01", "STORE": STORE}),
    ("Blueprint update 一张蓝图更新", "multiplan:update_blueprint",
     {"STORE": STORE, "CHANGES": "{sample}/sample_county.gpkg|layername=XMHX|subset=\"YTDM\" IN ('0601', '1003')",
      "CODE_FIELD": "YTDM",
      "APPROVAL": "县政府〔2026〕3号", "DATE": "2026-05-01"}),
    ("Blueprint version 1 一张蓝图第1版", "multiplan:extract_blueprint_version",
     {"STORE": STORE, "VERSION": "1", "OUTPUT": "{out}/一张蓝图_第1版.gpkg"}),
    ("Blueprint versions compared 一张蓝图版本对比", "multiplan:compare_blueprints",
     {"STORE": STORE, "VERSION_A": "1", "VERSION_B": "0", "OUTPUT": "{out}/一张蓝图_变化.gpkg",
      "REPORT": "{out}/一张蓝图_变化.xlsx"}),
]
ALL_STEPS = {name: (algorithm, template) for name, algorithm, template in STEPS + EXTRA_STEPS}
#: Steps that write vector layers (sinks), by step name: every one
#: (test_every_algorithm_with_a_vector_output_is_compared checks the list against the registry).
VECTOR_ALGORITHMS = ("multiplan:ellipsoidal_area", "multiplan:reclassify_landuse", "multiplan:quality_check",
                     "multiplan:import_coordinate_txt", "multiplan:check_control_lines",
                     "multiplan:project_compliance", "multiplan:detect_conflicts", "multiplan:suggest_resolutions",
                     "multiplan:build_blueprint", "multiplan:site_selection", "multiplan:integrate_boundaries",
                     "multiplan:optimise_control_lines", "multiplan:apply_line_proposals",
                     "multiplan:check_database", "multiplan:implementation_assessment",
                     "multiplan:extract_blueprint_version", "multiplan:compare_blueprints",
                     "multiplan:weighted_suitability")
VECTOR_STEPS = [name for name, (algorithm, template) in ALL_STEPS.items()
                if algorithm in VECTOR_ALGORITHMS and (algorithm != "multiplan:weighted_suitability"
                                                       or "PARCELS_OUTPUT" in template)]


def sink_names(algorithm_id):
    from qgis.core import QgsApplication, QgsProcessingParameterFeatureSink

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    return {d.name() for d in algorithm.destinationParameterDefinitions()
            if isinstance(d, QgsProcessingParameterFeatureSink)}


def test_every_algorithm_with_a_vector_output_is_compared(multiplan_provider):
    from qgis.core import QgsProcessingParameterFeatureSink

    writing = {algorithm.id() for algorithm in multiplan_provider.algorithms()
               if any(isinstance(d, QgsProcessingParameterFeatureSink) for d in algorithm.destinationParameterDefinitions())}
    assert writing == set(VECTOR_ALGORITHMS)
    assert {ALL_STEPS[step][0] for step in VECTOR_STEPS} == writing


def filled(template, sample, inputs_dir, outputs_dir, sinks=(), extension="gpkg", shapefiles=None):
    """Parameters of a step: inputs from ``inputs_dir`` (earlier results), outputs to ``outputs_dir``;
    vector sinks with ``extension``; county layers from shapefiles when ``shapefiles`` is given."""
    def one(key, value):
        if shapefiles is not None and "sample_county.gpkg|layername=" in value:
            return str(shapefiles / (value.split("layername=")[1] + ".shp"))
        if key in sinks:
            value = value[:-len(".gpkg")] + "." + extension
        folder = outputs_dir if key in sinks or _is_output(key) else inputs_dir
        return value.format(sample=sample, out=folder, integration_tolerance="2")

    return {key: [one(key, item) for item in value] if isinstance(value, list) else one(key, value)
            for key, value in template.items()}


def _is_output(key):
    return key in ("OUTPUT", "REPORT", "REPORT_HTML", "SLIVERS", "PROJECTS_OUTPUT", "LINE_TOTALS", "UNKNOWN_REPORT",
                   "CHANGE_LOG", "REPAIRED_FOLDER", "SCORE", "GRADED", "AREA_TABLE", "PARCELS_OUTPUT", "LEVELS",
                   "TABLE", "OUTPUT_XLSX", "OUTPUT_CSV", "OUTPUT_MATRIX_CSV")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample_county.py"), "--scale", "0.25",
                    "--output", str(folder)], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def reference(sample, tmp_path_factory, multiplan_provider):
    """The whole chain into GeoPackages: {step name: results}."""
    import processing

    out = tmp_path_factory.mktemp("gpkg")
    results = {}
    for name, (algorithm, template) in ALL_STEPS.items():
        results[name] = processing.run(algorithm, filled(template, sample, out, out))
    return out, results


@pytest.fixture(scope="module")
def shapefile_inputs(sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("shp_inputs")
    source = ogr.Open(str(sample / "sample_county.gpkg"))
    for index in range(source.GetLayerCount()):
        name = source.GetLayer(index).GetName()
        gdal.VectorTranslate(str(folder / f"{name}.shp"), str(sample / "sample_county.gpkg"), layers=[name],
                             layerCreationOptions=["ENCODING=UTF-8"])
    return folder


def read_rows(path):
    """(field names, [{field: value}], [area]) of a vector file (or 'file|layername=x')."""
    path, _, layer_name = str(path).partition("|layername=")
    source = ogr.Open(path)
    layer = source.GetLayerByName(layer_name) if layer_name else source.GetLayer(0)
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    rows, areas = [], []
    for feature in layer:
        rows.append({name: feature.GetField(name) for name in names})
        geometry = feature.GetGeometryRef()
        areas.append(geometry.GetArea() if geometry is not None and not geometry.IsEmpty() else 0.0)
    return names, rows, areas


def without_geometry(path):
    """Whether the layer (a file or 'file|layername=x') has a feature without geometry (null or empty)."""
    path, _, layer_name = str(path).partition("|layername=")
    source = ogr.Open(path)
    layer = source.GetLayerByName(layer_name) if layer_name else source.GetLayer(0)
    return any(feature.GetGeometryRef() is None or feature.GetGeometryRef().IsEmpty() for feature in layer)


def same_value(found, expected):
    if isinstance(expected, float) or isinstance(found, float):
        if expected is None or found is None:
            return found is None and expected is None
        return math.isclose(float(found), float(expected), rel_tol=1e-12, abs_tol=1e-9)
    return found == expected


def compare_layers(reference_path, other_path, shapefile=False):
    names, rows, areas = read_rows(reference_path)
    other_names, other_rows, other_areas = read_rows(other_path)
    assert len(other_rows) == len(rows), f"{other_path}: {len(other_rows)} features instead of {len(rows)}"
    if not rows:
        return  # an empty GeoJSON keeps no fields at all
    if shapefile:
        from multiplan.processing.sinks import shapefile_names

        mapping = shapefile_names(names)
    else:
        mapping = {name: name for name in names}
    names = [name for name in names if name.lower() != "fid"]
    assert {mapping[name] for name in names} <= set(other_names), (names, other_names)
    # FlatGeobuf stores features in the order of its spatial index: compare in one order.
    rows, areas = _ordered(rows, areas, names)
    other_rows, other_areas = _ordered(other_rows, other_areas, [mapping[name] for name in names])
    problems = []
    for number, (row, other) in enumerate(zip(rows, other_rows)):
        for name in names:
            expected, found = row[name], other[mapping[name]]
            if shapefile and isinstance(expected, str) and isinstance(found, str) and len(expected.encode()) > 254:
                ok = expected.startswith(found)
            elif shapefile and expected in ("", None) and found in ("", None):
                ok = True
            else:
                ok = same_value(found, expected)
            if not ok:
                problems.append(f"feature {number + 1} {name}: {found!r} instead of {expected!r}")
    assert problems == [], "\n".join(problems[:20])
    for number, (area, other_area) in enumerate(zip(areas, other_areas)):
        assert math.isclose(area, other_area, rel_tol=1e-9, abs_tol=1e-6), f"feature {number + 1}: area"


def _ordered(rows, areas, names):
    def key(item):
        row, area = item
        return tuple(("" if row[name] is None else f"{row[name]:.6f}" if isinstance(row[name], float)
                      else str(row[name])[:80]) for name in names) + (f"{area:.3f}",)

    pairs = sorted(zip(rows, areas), key=key)
    return [row for row, _ in pairs], [area for _, area in pairs]


@pytest.mark.parametrize("extension", list(FORMATS))
@pytest.mark.parametrize("step", VECTOR_STEPS)
def test_every_vector_output_holds_the_same_numbers_in_every_format(step, extension, sample, reference,
                                                                    tmp_path):
    import processing

    base, results = reference
    algorithm, template = ALL_STEPS[step]
    sinks = sink_names(algorithm) & set(template)
    parameters = filled(template, sample, base, tmp_path, sinks, extension)
    if extension == "fgb" and any(without_geometry(results[step][name]) for name in sinks):
        # FlatGeobuf drops features without geometry: refused, nothing written
        with pytest.raises(QgsProcessingException, match="FlatGeobuf"):
            processing.run(algorithm, parameters)
        assert not any(Path(str(parameters[name])).exists() for name in sinks)
        return
    result = processing.run(algorithm, parameters)
    for name in sinks:
        written = Path(str(result[name]).split("|")[0])
        assert written.suffix == f".{extension}" and written.is_file()
        compare_layers(results[step][name], result[name], shapefile=extension == "shp")
        if extension == "shp":
            assert written.with_suffix(".cpg").read_text().strip().upper() in ("UTF-8", "UTF8")
    numbers = {key: value for key, value in results[step].items() if isinstance(value, (int, float))}
    assert {key: result[key] for key in numbers} == numbers


@pytest.mark.parametrize("step", VECTOR_STEPS)
def test_feature_ids_do_not_depend_on_the_input_format(step, sample, reference, shapefile_inputs, tmp_path):
    """The same red line is the same id whether the county came as a GeoPackage or shapefiles
    (shapefile fids start at 0, GeoPackage fids at 1: ids must come from the data)."""
    import processing

    base, results = reference
    algorithm, template = ALL_STEPS[step]
    if not any("sample_county.gpkg|layername=" in str(value) for value in template.values()):
        pytest.skip("reads no county layer")
    sinks = sink_names(algorithm) & set(template)
    result = processing.run(algorithm, filled(template, sample, base, tmp_path, sinks, shapefiles=shapefile_inputs))
    for name in sinks:
        compare_layers(results[step][name], result[name])


def test_result_layers_open_styled(reference):
    """Each styled output keeps its style (the GeoPackage's default style in layer_styles), and the
    style says what the data says: every feature drawn by a symbol of its own value (none falls to
    an "other" class when its value has one), 用地用海 classes in the 附录B colours, errors red and
    warnings orange."""
    from qgis.core import QgsApplication, QgsRenderContext, QgsVectorLayer

    from multiplan.processing.styles import ydyh_colours

    base, results = reference
    colours = ydyh_colours()
    checked, kinds = 0, set()
    for step, (algorithm_id, template) in ALL_STEPS.items():
        algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
        for name, kind in type(algorithm).OUTPUT_STYLES.items():
            if name not in template:
                continue
            layer = QgsVectorLayer(str(results[step][name]), "styled", "ogr")
            assert layer.isValid()
            renderer = layer.renderer()
            assert renderer.type() != "singleSymbol" or kind in ("slivers", "overlaps", "outline"), (step, name)
            if renderer.type() == "RuleRenderer":
                assert renderer.rootRule().children(), (step, name)
            context = QgsRenderContext()
            renderer.startRender(context, layer.fields())
            try:
                for feature in layer.getFeatures():
                    symbols = renderer.symbolsForFeature(feature, context)
                    assert symbols, (step, name, feature.id())  # nothing is left undrawn
                    colour = symbols[0].color()
                    rgb = (colour.red(), colour.green(), colour.blue())
                    if kind.startswith("landuse:"):
                        code = str(feature[kind.split(":")[1]] or "")
                        classes = [prefix for prefix in colours if code.startswith(prefix)]
                        if classes:
                            assert rgb == tuple(colours[max(classes, key=len)][1]), (step, code, rgb)
                            kinds.add("landuse")
                    elif kind.startswith("severity:"):
                        severity = str(feature[kind.split(":")[1]] or "")
                        if severity in ("错误", "error", "警告", "warning"):
                            assert rgb == ((215, 25, 28) if severity in ("错误", "error") else (253, 174, 97)), \
                                (step, severity, rgb)
                            kinds.add("severity")
            finally:
                renderer.stopRender(context)
            checked += 1
    assert checked >= 10 and kinds == {"landuse", "severity"}
