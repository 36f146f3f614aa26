"""Install the built zip exactly as QGIS's Plugins dialog ("Install from ZIP") does, in the real
desktop under Xvfb, with a fresh profile, no link to the checkout and the plugin not enabled.

scripts/install_zip_probe.py runs inside QGIS: it calls
``pyplugin_installer.instance().installFromZipFile(zip)``, accepts any modal dialog the install
opens (as a user clicking OK would) and reports what the user then has.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def plugin_zip(repo_root, tmp_path_factory):
    """multiplan.zip as scripts/package.py builds it, from the working tree (so uncommitted work is
    what gets installed) and without its repository checks (test_package.py runs those): what
    QGIS itself makes of the zip is the question here."""
    sys.path.insert(0, str(repo_root / "scripts"))
    try:
        from package import build
    finally:
        sys.path.remove(str(repo_root / "scripts"))
    return build(None, tmp_path_factory.mktemp("zip") / "multiplan.zip", worktree=True)


def venv_site_packages():
    """Where the venv keeps shapely/pandas/openpyxl (QGIS's embedded Python ignores venvs)."""
    return os.environ.get("MULTIPLAN_PY_SITE") or sysconfig.get_paths()["purelib"]


def install_in_desktop(repo_root, out, plugin_zip, pythonpath, locale="en_US"):
    """(report, QGIS's console output) after installing ``plugin_zip`` in a fresh profile."""
    profiles = out / "profiles"
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[PythonPlugins]\nprocessing=true\n\n"  # multiplan: not installed, not enabled
                   f"[locale]\noverrideFlag=true\nuserLocale={locale}\n\n"
                   "[qgis]\nshowTips=false\ncheckVersion=false\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH", "PYTHONPATH", "QGIS_CUSTOM_CONFIG_PATH")}
    runtime = repo_root / ".build" / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env.update(MULTIPLAN_PROBE_DIR=str(out), MULTIPLAN_PROBE_ZIP=str(plugin_zip), XDG_RUNTIME_DIR=str(runtime),
               XDG_DATA_HOME=str(out / "xdg-data"),  # no private package folder of the machine's user
               PROJ_DATA=os.environ.get("PROJ_DATA", "/usr/share/proj"))
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    result = subprocess.run(
        ["timeout", "150", "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path",
         str(profiles), "--nologo", "--code", str(repo_root / "scripts" / "install_zip_probe.py")],
        capture_output=True, text=True, env=env, timeout=200)
    console = result.stdout + result.stderr
    (out / "qgis.log").write_text(console, encoding="utf-8")
    assert (out / "report.json").exists(), f"QGIS wrote no report:\n{console[-3000:]}"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    installed = profiles / "profiles" / "default" / "python" / "plugins" / "multiplan"
    assert report["installed_in"] == str(installed.parent) and installed.is_dir()
    assert not report["plugin_folder_is_link"]
    return report, console


def python_errors(report, console):
    """Everything that would show the user a Python error: tracebacks, "Python error" log entries."""
    errors = list(report["python_errors"])
    errors += [entry["message"] for entry in report["log"] if entry["tag"] == "Python error"]
    if "Traceback" in console:
        errors.append(console[console.index("Traceback"):][:2000])
    return errors


def keep_screenshot(repo_root, out, name):
    screenshots = repo_root / ".build" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    shutil.copy(out / "install.png", screenshots / name)


def test_install_from_zip_activates_plugin_and_provider_without_python_error(repo_root, tmp_path, plugin_zip):
    report, console = install_in_desktop(repo_root, tmp_path, plugin_zip, [venv_site_packages()])
    assert python_errors(report, console) == []
    assert report["modal_dialogs"] == []  # e.g. QGIS's plugin-dependency dialog
    assert report["install_returned"]
    assert "multiplan" in report["active_plugins"]
    assert str(report["enabled_setting"]).lower() == "true"
    assert report["provider_name"] == "MultiPlan 多规合一"
    assert "multiplan:ellipsoidal_area" in report["algorithms"]
    # … and the first tool runs: a 100 m square on the central meridian of zone 39 (Gauss-Krüger
    # scale 1 there) measures 10,000 m² on the ellipsoid.
    assert report["algorithm_run"]["output_exists"]
    assert report["algorithm_run"]["total_m2"] == pytest.approx(10_000, rel=1e-3)
    assert not [entry for entry in report["message_bar"] if "multiplan" in (entry["title"] + entry["text"]).lower()]
    assert report["screenshot_saved"]
    keep_screenshot(repo_root, tmp_path, "install-from-zip.png")


def fake_old_shapely(folder):
    """A ``shapely`` that says it is Debian 12's python3-shapely 1.8.5 (no ``from_wkb``)."""
    package = folder / "shapely"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "1.8.5"\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", ["without-venv", "old-shapely"])
def test_install_from_zip_without_usable_packages_loads_without_provider_and_one_notice(
        repo_root, tmp_path, plugin_zip, case):
    """QGIS's own Python without the venv (this machine's Debian has no shapely, pandas or
    openpyxl), or with a shapely 1.8: the plugin loads, registers no provider, shows exactly one
    message-bar entry naming the problem with a details button, and no traceback."""
    if case == "without-venv":
        pythonpath, expected = [], ["shapely", "pandas", "openpyxl"]
        missing = subprocess.run(["/usr/bin/python3", "-c", "import shapely, pandas, openpyxl"], capture_output=True)
        if missing.returncode == 0:
            pytest.skip("this machine's system Python has shapely, pandas and openpyxl")
    else:
        pythonpath, expected = [str(fake_old_shapely(tmp_path / "old")), venv_site_packages()], ["shapely 1.8.5"]
    out = tmp_path / "run"
    out.mkdir()
    report, console = install_in_desktop(repo_root, out, plugin_zip, pythonpath)
    assert python_errors(report, console) == []
    assert report["modal_dialogs"] == []
    assert "multiplan" in report["active_plugins"]
    assert report["provider_name"] is None
    assert report["plugin_actions"] == ["MultiPlanDependencies", "MultiPlanHelp"]
    notices = [entry for entry in report["message_bar"] if "MultiPlan" in entry["title"] + entry["text"]]
    assert len(notices) == 1, report["message_bar"]
    notice = notices[0]
    text = html.unescape(notice["text"])
    for name in expected:
        assert name in text
    assert "MultiPlanDependencyDetails" in notice["buttons"]
    command = html.unescape(re.search(r"<code>(.+)</code>", notice["text"]).group(1))
    details = report["details_dialog"]["text"]  # what Details… shows
    assert command in details and all(name.split()[0] in command for name in expected)
    # This system's way: Debian 13 packages shapely 2 (apt), Debian 12 needs pip in a private venv.
    from multiplan import dependencies
    if dependencies.current_system().distribution_has_shapely2:
        assert command.startswith("sudo apt install python3-")
    else:
        assert "pip install" in command and "--no-binary shapely" in command
    assert report["details_screenshot_saved"]
    assert "MultiPlan" in console  # the same text on stderr, for logs of unattended runs
    keep_screenshot(repo_root, out, f"install-from-zip-{case}.png")
    shutil.copy(out / "details.png", repo_root / ".build" / "screenshots" / f"install-from-zip-{case}-details.png")
