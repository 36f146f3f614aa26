"""The batch pipeline as a Processing model: in sync with the chain, and run by qgis_process."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.e2e


def child_ids(path):
    root = ET.parse(path).getroot()
    return sorted(node.get("name") for node in root.iter("Option") if (node.get("name") or "").startswith("step"))


def test_committed_model_matches_the_chain(repo_root, tmp_path):
    fresh = tmp_path / "chain.model3"
    subprocess.run([sys.executable, str(repo_root / "scripts" / "make_model.py"), str(fresh)], check=True,
                   capture_output=True, timeout=180)
    committed = repo_root / "resources" / "models" / "multiplan_chain.model3"
    assert child_ids(committed) == child_ids(fresh) and len(child_ids(fresh)) >= 20, \
        "run scripts/make_model.py after changing scripts/batch_chain.py STEPS"


def test_run_county_runs_the_model_into_one_folder(repo_root, tmp_path):
    sample = tmp_path / "示范县"
    subprocess.run([sys.executable, str(repo_root / "scripts" / "make_sample_county.py"), "--scale", "0.25",
                    "--output", str(sample)], check=True, capture_output=True, timeout=120)
    out = tmp_path / "成果 2026"
    result = subprocess.run([str(repo_root / "scripts" / "run-county"), str(sample / "sample_county.gpkg"),
                             str(sample / "DEM.tif"), str(sample / "项目红线坐标.txt"), str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    names = {path.name for path in out.iterdir()}
    for expected in ("质检报告_图斑与三区.xlsx", "DLTB_用地用海.gpkg", "城镇建设适宜性.tif", "差异图斑.gpkg",
                     "一张蓝图.gpkg", "三区三线检查.xlsx", "地类面积统计.xlsx", "规划指标.xlsx", "项目选址.xlsx"):
        assert expected in names
    assert "Traceback" not in (out / "run.log").read_text(encoding="utf-8", errors="replace")


def test_chinese_run_hands_over_chinese_deliverables(repo_root, tmp_path):
    """Under a Chinese QGIS the sample county's reports, pages, tables and layers are Chinese
    (no English sentence or word, no machine path) and the log has no GDAL width warning."""
    sys.path.insert(0, str(repo_root / "tests"))
    from deliverables import deliverable_problems, english_sentences

    sample = tmp_path / "示范县"
    subprocess.run([sys.executable, str(repo_root / "scripts" / "make_sample_county.py"), "--scale", "0.25",
                    "--output", str(sample)], check=True, capture_output=True, timeout=120)
    out = tmp_path / "成果"
    environment = {key: value for key, value in os.environ.items() if key != "MULTIPLAN_REPORT_LANGUAGE"}
    environment["MULTIPLAN_LOCALE"] = "zh_CN"
    result = subprocess.run([str(repo_root / "scripts" / "run-county"), str(sample / "sample_county.gpkg"),
                             str(sample / "DEM.tif"), str(sample / "项目红线坐标.txt"), str(out)],
                            capture_output=True, text=True, timeout=600, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    log = (out / "run.log").read_text(encoding="utf-8", errors="replace")
    assert "maximum allowed" not in log and "not successfully written" not in log
    assert "Traceback" not in log
    # the log too: qgis_process's frame (inputs with their paths, progress ticks, English lines) is left out
    problems = deliverable_problems(out, words=True)
    assert problems == [], "\n".join(f"{where}: {what}: {text}" for where, what, text in problems[:40])
    assert str(sample) not in log and str(out) not in log and "Inputs" not in log and "WARNING" not in log
    flagged = [line for line in log.splitlines() if english_sentences(line)]
    assert flagged == [], "\n".join(flagged)
    assert log.rstrip().endswith("公顷。") and "边界整合的效果" in log and "模型运行完成：执行 33 个算法" in log
