"""multiplan.dependencies: the check the plugin runs before importing its provider, and the
install command it shows (no QGIS needed; missing or old packages are simulated)."""
import dataclasses
import importlib
import os
import subprocess
import sys
import types

import pytest
import shapely

from multiplan import dependencies
from multiplan.dependencies import Problem, System, check, install_command, version_tuple

REAL_GEOS = shapely.geos_version[:2]


def importer(**fakes):
    """An ``import_module`` where ``fakes`` (module name → module or exception) replace real ones."""
    def import_module(name):
        fake = fakes.get(name.replace(".", "_"))
        if isinstance(fake, BaseException):
            raise fake
        return fake if fake is not None else importlib.import_module(name)

    return import_module


def missing(name):
    return ModuleNotFoundError(f"No module named '{name}'", name=name)


def fake_shapely(version="2.1.2", geos=(3, 11, 1), to_wkb=None):
    return types.SimpleNamespace(__version__=version, geos_version=geos, box=shapely.box,
                                 from_wkb=shapely.from_wkb, to_wkb=to_wkb or shapely.to_wkb, area=shapely.area)


def kinds(problems):
    return [(problem.requirement.name, problem.kind) for problem in problems]


def test_this_environment_has_every_package():
    assert check(qgis_geos=REAL_GEOS) == []


def test_missing_packages_are_named():
    problems = check(importer(pandas=missing("pandas"), openpyxl=missing("openpyxl")), qgis_geos=REAL_GEOS)
    assert kinds(problems) == [("pandas", "missing"), ("openpyxl", "missing")]
    assert dependencies.summary(problems) == "pandas, openpyxl"
    assert problems[0].describe() == "pandas is not installed."


def test_missing_gdal_bindings_are_named():
    assert kinds(check(importer(osgeo_gdal=missing("osgeo")), qgis_geos=REAL_GEOS)) == [("GDAL", "missing")]


def test_a_package_whose_own_dependency_is_missing_is_broken_not_missing():
    (problem,) = check(importer(pandas=missing("dateutil")), qgis_geos=REAL_GEOS)
    assert (problem.kind, problem.requirement.name) == ("broken", "pandas")
    assert "dateutil" in problem.describe()


def test_a_package_that_raises_on_import_is_broken():
    (problem,) = check(importer(openpyxl=ValueError("numpy.dtype size changed")), qgis_geos=REAL_GEOS)
    assert problem.kind == "broken" and "numpy.dtype size changed" in problem.describe()


def test_debian_12_shapely_1_8_is_too_old():
    (problem,) = check(importer(shapely=fake_shapely("1.8.5")), qgis_geos=REAL_GEOS)
    assert (problem.kind, problem.found, problem.short()) == ("old", "1.8.5", "shapely 1.8.5")
    assert problem.describe() == "shapely 1.8.5 is too old: MultiPlan needs 2.0 or newer."


def test_old_openpyxl_and_pandas_are_too_old():
    problems = check(importer(pandas=types.SimpleNamespace(__version__="1.5.3"),
                              openpyxl=types.SimpleNamespace(__version__="3.0.9")), qgis_geos=REAL_GEOS)
    assert kinds(problems) == [("pandas", "old"), ("openpyxl", "old")]


def test_a_package_without_version_counts_as_too_old():
    """An empty ``shapely`` folder on sys.path imports as a namespace package with no version."""
    (problem,) = check(importer(shapely=types.SimpleNamespace()), qgis_geos=REAL_GEOS)
    assert problem.kind == "old"


def test_shapely_with_another_geos_than_qgis_fails_on_linux_only():
    wheel = fake_shapely(geos=(3, 13, 0))
    (problem,) = check(importer(shapely=wheel), qgis_geos=(3, 11), platform="linux")
    assert problem.kind == "geos" and problem.describe().startswith(
        "shapely 2.1.2 uses GEOS 3.13.0 but QGIS uses GEOS 3.11; on Linux both must be the same")
    assert check(importer(shapely=wheel), qgis_geos=(3, 11), platform="win32") == []
    assert check(importer(shapely=wheel), qgis_geos=(3, 11), platform="darwin") == []
    assert check(importer(shapely=fake_shapely(geos=(3, 11, 2))), qgis_geos=(3, 11), platform="linux") == []


def test_shapely_that_cannot_round_trip_wkb_is_broken():
    def to_wkb(geometry):
        raise shapely.errors.GEOSException("IllegalArgumentException: WKB output dimension must be 2 or 3")

    (problem,) = check(importer(shapely=fake_shapely(to_wkb=to_wkb)), qgis_geos=REAL_GEOS, platform="win32")
    assert problem.kind == "broken" and "WKB output dimension" in problem.describe()


@pytest.mark.parametrize("text,expected", [
    ("2.1.2", (2, 1, 2)), ("1.8.5", (1, 8, 5)), ("2.0.0rc1", (2, 0, 0)), ("3.4.1+dfsg", (3, 4, 1)),
    ("", ()), (None, ()), ("dev", ()),
])
def test_version_tuple(text, expected):
    assert version_tuple(text) == expected


# -- install commands ------------------------------------------------------------------------
DEBIAN_12 = System(platform="linux", python="/usr/bin/python3.11", python_version=(3, 11),
                   externally_managed=True, os_id="debian", os_version=(12,), numpy="1.24.2",
                   data_home="/home/wang/.local/share", home="/home/wang")


def problems_for(*names, kind="missing"):
    return [Problem(r, kind) for r in dependencies.REQUIREMENTS if r.name in names]


ALL_THREE = problems_for("shapely", "pandas", "openpyxl")


def test_debian_12_command_makes_the_private_environment_with_shapely_from_source():
    command = install_command(ALL_THREE, DEBIAN_12)
    assert command == (
        "sudo apt install python3-venv python3-dev libgeos-dev gcc"
        " && /usr/bin/python3.11 -m venv --system-site-packages ~/.local/share/multiplan/venv"
        " && ~/.local/share/multiplan/venv/bin/python -m pip install --no-binary shapely"
        " 'shapely>=2.0,<2.2' 'pandas>=2,<3' 'openpyxl>=3.1,<4' numpy==1.24.2")
    assert DEBIAN_12.private_site_packages() == "/home/wang/.local/share/multiplan/venv/lib/python3.11/site-packages"


def test_only_the_missing_packages_are_installed():
    command = install_command(problems_for("openpyxl"), DEBIAN_12)
    assert "'openpyxl>=3.1,<4'" in command and "shapely" not in command and "pandas" not in command


def test_distributions_with_shapely_2_use_their_packages():
    for system in (dataclasses.replace(DEBIAN_12, os_version=(13,)),
                   dataclasses.replace(DEBIAN_12, os_id="ubuntu", os_version=(24, 4))):
        assert install_command(ALL_THREE, system) == "sudo apt install python3-shapely python3-pandas python3-openpyxl"


def test_linux_without_pep_668_installs_for_the_user_from_source():
    ubuntu_22 = dataclasses.replace(DEBIAN_12, os_id="ubuntu", os_version=(22, 4), externally_managed=False)
    assert install_command(ALL_THREE, ubuntu_22) == (
        "sudo apt install python3-pip python3-dev libgeos-dev gcc && /usr/bin/python3.11 -m pip install --user"
        " --no-binary shapely 'shapely>=2.0,<2.2' 'pandas>=2,<3' 'openpyxl>=3.1,<4' numpy==1.24.2")
    fedora = dataclasses.replace(ubuntu_22, os_id="fedora", os_version=(40,))
    assert install_command(ALL_THREE, fedora).startswith("/usr/bin/python3.11 -m pip install --user --no-binary")


def test_qgis_own_packages_come_from_the_distribution_on_linux():
    assert install_command(problems_for("pyproj", "GDAL"), DEBIAN_12) == "sudo apt install python3-gdal python3-pyproj"


def test_windows_command_runs_in_the_osgeo4w_shell():
    windows = dataclasses.replace(DEBIAN_12, platform="win32", python=r"C:\Program Files\QGIS 3.22\apps\Python39\python.exe",
                                  numpy="1.22.4", externally_managed=False, os_id="", os_version=())
    assert install_command(problems_for("shapely", kind="old") + problems_for("pandas"), windows) == (
        'python -m pip install "shapely>=2.0,<2.2" "pandas>=2,<3" numpy==1.22.4')
    assert "OSGeo4W Shell" in dependencies.where_to_run(windows)
    assert install_command(problems_for("numpy"), windows) == ""  # part of QGIS: reinstall it
    assert "reinstall QGIS" in dependencies.notice(problems_for("numpy"), windows)


def test_macos_command_uses_qgis_python_and_the_user_site():
    mac = dataclasses.replace(DEBIAN_12, platform="darwin", python="/Applications/QGIS-LTR.app/Contents/MacOS/bin/python3",
                              externally_managed=False, os_id="", os_version=(), home="/Users/wang")
    assert install_command(problems_for("pandas"), mac) == (
        "/Applications/QGIS-LTR.app/Contents/MacOS/bin/python3 -m pip install --user 'pandas>=2,<3' numpy==1.24.2")


def test_conda_command():
    conda = dataclasses.replace(DEBIAN_12, conda=True)
    assert install_command(ALL_THREE, conda) == (
        "conda install -c conda-forge 'shapely>=2.0,<2.3' 'pandas>=2,<3' 'openpyxl>=3.1,<4'")


def test_pip_requirements_are_those_of_requirements_txt(repo_root):
    listed = {line.split("#")[0].strip() for line in (repo_root / "requirements.txt").read_text().splitlines()}
    assert {r.pip for r in dependencies.REQUIREMENTS if r.module in ("shapely", "pandas", "openpyxl")} <= listed


def test_notice_and_details_name_the_problem_and_the_command():
    problems = problems_for("shapely", kind="old") + problems_for("pandas")
    problems[0] = dataclasses.replace(problems[0], found="1.8.5")
    notice = dependencies.notice(problems, DEBIAN_12)
    assert notice == ("Python packages missing or unusable: shapely 1.8.5, pandas; MultiPlan's tools are off. "
                      "Run this in a terminal, then restart QGIS:")
    details = dependencies.details(problems, DEBIAN_12)
    assert "shapely 1.8.5 is too old" in details and "pandas is not installed." in details
    assert install_command(problems, DEBIAN_12) in details and "/home/wang/.local/share/multiplan/venv" in details


# -- the private environment -----------------------------------------------------------------
def test_private_environment_goes_on_sys_path_before_the_site_folders(tmp_path, monkeypatch):
    system = dataclasses.replace(DEBIAN_12, data_home=str(tmp_path))
    folder = system.private_site_packages()
    site_folder = "/usr/lib/python3/dist-packages"
    monkeypatch.setattr(sys, "path", ["/usr/share/qgis/python", "/venv/site-packages", "/usr/lib/python3.11", site_folder])
    monkeypatch.setattr(dependencies.site, "getsitepackages", lambda: [site_folder])
    assert dependencies.use_private_venv(system) is None  # not created: nothing added
    assert folder not in sys.path
    os.makedirs(folder)
    assert dependencies.use_private_venv(system) == folder
    assert sys.path.index(folder) == sys.path.index(site_folder) - 1
    assert sys.path.index(folder) > sys.path.index("/venv/site-packages")  # PYTHONPATH still wins
    assert dependencies.use_private_venv(system) is None  # once
    assert dependencies.use_private_venv(dataclasses.replace(system, platform="win32")) is None


def test_module_imports_and_reports_without_shapely_pandas_openpyxl_or_qgis(repo_root):
    """What the plugin relies on: the check itself needs none of what it checks."""
    script = (
        "import sys\n"
        "for name in ('shapely', 'pandas', 'openpyxl', 'pyproj', 'qgis'):\n"
        "    sys.modules[name] = None\n"
        f"sys.path.insert(0, {str(repo_root / '.build' / 'plugins')!r})\n"
        "from multiplan import dependencies\n"
        "problems = dependencies.check(qgis_geos=(3, 11))\n"
        "print(dependencies.summary(problems))\n"
        "print(dependencies.details(problems))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "pyproj, shapely, pandas, openpyxl"
    assert "pip install" in result.stdout or "apt install" in result.stdout


def test_details_explain_only_what_applies():
    only_openpyxl = dependencies.details(problems_for("openpyxl"), DEBIAN_12)
    assert "private environment" in only_openpyxl and "built from source" not in only_openpyxl
    windows = dataclasses.replace(DEBIAN_12, platform="win32", externally_managed=False, os_id="", os_version=())
    text = dependencies.details(ALL_THREE, windows)
    assert "private environment" not in text and "built from source" not in text
    assert "numpy is pinned" in text and "does not install packages itself" in text
    debian_13 = dependencies.details(ALL_THREE, dataclasses.replace(DEBIAN_12, os_version=(13,)))
    assert "private environment" not in debian_13 and "numpy is pinned" not in debian_13
