"""Print the pip constraints that keep the venv on this machine's own Python packages.

Run by ``scripts/setup`` with the system interpreter (``/usr/bin/python3``), so it reads the
versions Debian installed (12: numpy 1.24, GDAL 3.6; 13: numpy 2.2, GDAL 3.10): QGIS's own
libraries are built against them and pip must never replace them. It also narrows the pip
requirements that depend on numpy (shapely 2.2 needs numpy >= 1.26) with the same rule the
plugin's install command uses (``dependencies.pip_spec``). Nothing here names a version of a
system package: every one is read.
"""
import importlib
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_dependencies():
    spec = importlib.util.spec_from_file_location("multiplan_dependencies", ROOT / "dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def constraints():
    """Pins for the packages the system provides (``dependencies.provided_by_system`` on Linux:
    numpy, GDAL, pyproj), then the pip requirements narrowed to the system's numpy."""
    dependencies = load_dependencies()
    lines = ["# Written by scripts/setup from this machine's system Python packages; do not edit."]
    found = {}
    for requirement in dependencies.REQUIREMENTS:
        if not dependencies.provided_by_system(requirement, linux=True):
            continue
        try:
            version = str(importlib.import_module(requirement.module).__version__)
        except Exception as error:  # noqa: BLE001
            sys.exit(f"system_constraints: the system Python has no usable {requirement.module} ({error}); "
                     "install QGIS's Python packages first (scripts/setup does)")
        found[requirement.name] = version
        lines.append(f"{requirement.name}=={version}")
    for requirement in dependencies.REQUIREMENTS:
        narrowed = dependencies.pip_spec(requirement, found["numpy"])
        if requirement.pip and narrowed != requirement.pip:
            lines.append(f"{narrowed}  # the newer releases need a newer numpy than {found['numpy']}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(constraints())
