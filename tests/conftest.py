"""Shared test set-up: makes the plugin importable as ``multiplan`` and registers its provider."""
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PLUGINS_DIR = REPO_ROOT / ".build" / "plugins"

os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
# Reports follow QGIS's language (English here) unless asked; most tests read both wordings, so
# they ask for bilingual reports. Tests of the language itself set it with monkeypatch.
os.environ.setdefault("MULTIPLAN_REPORT_LANGUAGE", "bilingual")
# QGIS knows the plugin by its folder name; the checkout may be called anything.
PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
if not (PLUGINS_DIR / "multiplan").exists():
    (PLUGINS_DIR / "multiplan").symlink_to(REPO_ROOT, target_is_directory=True)
# The repo root must not be importable as top-level modules: its ``processing/`` package would
# shadow QGIS's own ``processing`` (``python -m pytest`` puts the current folder on sys.path).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT]
sys.path.insert(0, str(PLUGINS_DIR))
sys.path.insert(0, str(Path(__file__).parent))  # for ``import factories``


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def postgis_server():
    """A PostgreSQL + PostGIS cluster of this test session (tests/postgis_server.py)."""
    import postgis_server as server_module

    server = server_module.start()
    yield server
    server.stop()


@pytest.fixture
def postgis_database(postgis_server):
    """A fresh database with PostGIS for one test: its superuser DSN."""
    postgis_server.databases = getattr(postgis_server, "databases", 0) + 1
    return postgis_server.create_database(f"t{postgis_server.databases}")


@pytest.fixture(scope="session")
def quarter_sample_county(repo_root, tmp_path_factory):
    """The sample county at a quarter of its size, made once per run (in a Chinese-named folder,
    as offices keep their data) for the tests that compare with the batch chain."""
    import subprocess

    folder = tmp_path_factory.mktemp("示范县")
    subprocess.run([sys.executable, str(repo_root / "scripts" / "make_sample_county.py"), "--scale", "0.25",
                    "--output", str(folder)], check=True, capture_output=True, timeout=300)
    return folder


@pytest.fixture(scope="module")
def multiplan_provider(qgis_processing):
    """MultiPlan's provider, registered for one test module and removed afterwards.

    Module scope (not session) so the GUI tests can check that the plugin registers it itself.
    """
    from qgis.core import QgsApplication

    from multiplan.processing.provider import MultiPlanProvider

    registry = QgsApplication.processingRegistry()
    assert registry.providerById("multiplan") is None, "provider leaked from another test"
    provider = MultiPlanProvider()
    assert registry.addProvider(provider)
    yield provider
    registry.removeProvider(provider)


@pytest.fixture
def make_layer(tmp_path):
    """Factory for small QGIS layers with hand-built geometries (see ``factories.make_layer``)."""
    from factories import make_layer

    def build(geometries, crs="EPSG:4527", attributes=None, fields=None, gpkg_name=None, name="test"):
        path = tmp_path / gpkg_name if gpkg_name else None
        return make_layer(geometries, crs, attributes, fields, path, name)

    return build


def pytest_report_header(config):
    """The versions this run tested: QGIS and what it is built on, and the venv's packages."""
    import platform

    import numpy
    import pandas
    import pyproj
    import shapely
    from osgeo import gdal
    from qgis.core import Qgis
    from qgis.PyQt.Qt import PYQT_VERSION_STR
    from qgis.PyQt.QtCore import QT_VERSION_STR

    try:
        debian = Path("/etc/debian_version").read_text().strip()
    except OSError:
        debian = "?"
    return [f"QGIS {Qgis.QGIS_VERSION} on Debian {debian}, Python {platform.python_version()}, Qt {QT_VERSION_STR}, "
            f"PyQt {PYQT_VERSION_STR}",
            f"GDAL {gdal.__version__}, GEOS {Qgis.geosVersion()}, PROJ {pyproj.proj_version_str}, "
            f"numpy {numpy.__version__}, shapely {shapely.__version__} (GEOS {'.'.join(map(str, shapely.geos_version))}), "
            f"pyproj {pyproj.__version__}, pandas {pandas.__version__}"]


def pytest_sessionfinish(session, exitstatus):
    session.config._multiplan_exit_status = int(exitstatus)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    """Leave without tearing QGIS down. QGIS 3.22 may crash (SIGSEGV, exit 139) when Python
    destroys layers after QGIS has exited — layers a failed run's stored exception still holds —
    and CI would read the crash as a failed suite after every test passed. The report is written
    by now; the exit status is pytest's own."""
    status = getattr(config, "_multiplan_exit_status", None)
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
