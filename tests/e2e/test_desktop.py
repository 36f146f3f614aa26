"""The plugin in the real QGIS desktop under Xvfb (scripts/desktop-probe)."""
import json
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_desktop_loads_plugin_with_menu_toolbar_and_no_python_error(repo_root, tmp_path, locale):
    result = subprocess.run([str(repo_root / "scripts" / "desktop-probe"), str(tmp_path), locale],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["python_errors"] == []
    assert "multiplan" in report["active_plugins"]
    assert report["provider_name"] == "MultiPlan 多规合一"
    assert "multiplan:ellipsoidal_area" in report["algorithms"]
    assert report["menu_title"] == "&MultiPlan 多规合一"
    docks = ["MultiPlanBlueprintDock", "MultiPlanConflictReviewDock", "MultiPlanOneMapQuery"]
    assert report["menu_actions"] == ["MultiPlanShowAlgorithms"] + docks + ["MultiPlanHelp"]
    assert report["toolbar_actions"] == ["MultiPlanShowAlgorithms"] + docks
    assert report["toolbox_visible"] and report["toolbox_filter"] == "multiplan"
    assert not [text for text in report["message_bar"] if "multiplan" in text.lower()]
    log = (tmp_path / "qgis.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "error loading plugin" not in log
    assert report["screenshot_saved"]
    # Both docks on the sample county: workspace filled, check run, a patch decided.
    assert report["workspace_created"] and report["violations"] > 0
    areas = dict(report["blueprint_area_rows"])
    assert areas["STBHHX"] > 0 and areas["YJJBNT"] > 0 and areas["CZKFBJ"] > 0
    assert report["review_rows"] > 0 and report["review_done"] == 1
    assert report["blueprint_screenshot"] and report["review_screenshot"]
    # Keep the screenshot where a developer can look at it after the run.
    screenshots = repo_root / ".build" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    for name in ("desktop", "blueprint_dock", "review_dock"):
        shutil.copy(tmp_path / f"{name}.png", screenshots / f"{name}-{locale}.png")
