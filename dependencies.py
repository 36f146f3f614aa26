"""The Python packages MultiPlan needs besides QGIS: are they there, new enough and working, and
the exact command that installs them on this machine.

Imports neither QGIS nor the packages it checks at module level, so ``plugin.py`` runs the check
before it imports the Processing provider (which imports shapely, pandas, pyproj, ...). Messages
go through ``QCoreApplication.translate`` when Qt is there, else they stay English.

MultiPlan never installs packages itself (see the README, "Installing in QGIS desktop"): it names
what is missing and shows the command, which the user runs.
"""
import importlib
import os
import re
import shlex
import site
import sys
import sysconfig
from dataclasses import dataclass


def translate(context, text):
    try:
        from qgis.PyQt.QtCore import QCoreApplication
    except ImportError:  # plain Python (scripts, unit tests without Qt): English
        return text
    return QCoreApplication.translate(context, text)


@dataclass(frozen=True)
class Requirement:
    module: str          # what ``import`` names
    name: str            # what users and pip call it
    minimum: tuple = ()  # the oldest version that works; () when any does
    pip: str = ""        # the pip requirement (as requirements.txt), "" when pip must not install it
    debian: str = ""     # the Debian/Ubuntu package that brings it
    conda: str = ""      # the conda-forge package


# Everything core/ and processing/ import at module level that QGIS itself may lack. numpy, GDAL
# and pyproj come with QGIS on Windows and macOS and are QGIS dependencies on Debian; pip must
# never replace them under QGIS (its own libraries are built against them).
REQUIREMENTS = (
    Requirement("numpy", "numpy", (), "", "python3-numpy", "numpy"),
    Requirement("osgeo.gdal", "GDAL", (), "", "python3-gdal", "gdal"),
    Requirement("pyproj", "pyproj", (3, 0), "pyproj>=3", "python3-pyproj", "pyproj"),
    Requirement("shapely", "shapely", (2, 0), "shapely>=2.0,<2.3", "python3-shapely", "shapely>=2.0,<2.3"),
    Requirement("pandas", "pandas", (2, 0), "pandas>=2,<3", "python3-pandas", "pandas>=2,<3"),
    Requirement("openpyxl", "openpyxl", (3, 1), "openpyxl>=3.1,<4", "python3-openpyxl", "openpyxl>=3.1,<4"),
)
SHAPELY = "shapely"

# Releases that need a newer numpy than some QGIS builds carry, read from each release's
# pyproject.toml: shapely 2.2 needs numpy >= 1.26, Debian 12's QGIS runs numpy 1.24. pip cannot
# find this out by itself when it builds shapely from source (it would have to build 2.2 first).
# (pip name, the numpy the newer releases need, the requirement under an older numpy)
NUMPY_FLOORS = (("shapely", (1, 26), "shapely>=2.0,<2.2"),)


def pip_spec(requirement, numpy=""):
    """``requirement.pip``, narrowed to the releases that run on ``numpy`` (QGIS's numpy, never
    replaced): ``shapely>=2.0,<2.3`` becomes ``shapely>=2.0,<2.2`` under numpy 1.24."""
    numpy = version_tuple(numpy)
    for name, floor, older in NUMPY_FLOORS:
        if requirement.pip and requirement.name == name and numpy and numpy < floor:
            return older
    return requirement.pip


@dataclass(frozen=True)
class Problem:
    requirement: Requirement
    kind: str        # "missing", "old", "broken" (cannot be imported or does not work) or "geos"
    found: str = ""  # the version found
    detail: str = ""  # the error, or the GEOS version shapely uses
    qgis_geos: str = ""  # the GEOS version QGIS uses ("geos" problems)

    def short(self):
        """``shapely 1.8.5`` / ``pandas``: what the message bar names."""
        return f"{self.requirement.name} {self.found}".strip() if self.kind == "old" else self.requirement.name

    def describe(self):
        """One translated sentence: what is wrong with this package."""
        name, minimum = self.requirement.name, ".".join(map(str, self.requirement.minimum))
        if self.kind == "missing":
            return translate("MultiPlanDependencies", "{name} is not installed.").format(name=name)
        if self.kind == "old":
            return translate("MultiPlanDependencies", "{name} {found} is too old: MultiPlan needs {minimum} or newer.").format(
                name=name, found=self.found or "?", minimum=minimum)
        if self.kind == "geos":
            return translate(
                "MultiPlanDependencies", "{name} {found} uses GEOS {geos} but QGIS uses GEOS {qgis_geos}; on Linux "
                "both must be the same, so shapely has to be built from source (pip --no-binary shapely).").format(
                name=name, found=self.found, geos=self.detail, qgis_geos=self.qgis_geos)
        return translate("MultiPlanDependencies", "{name} is installed but does not work inside QGIS: {detail}").format(
            name=name, detail=self.detail)


def version_tuple(text):
    """(2, 1, 2) from ``2.1.2``, ``2.1.2+dfsg``, ``2.0.0rc1``; () when there is no number."""
    match = re.match(r"\s*(\d+(?:\.\d+)*)", str(text or ""))
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def check(import_module=None, qgis_geos=None, platform=None):
    """Problems with the packages MultiPlan needs, [] when every one is usable.

    ``qgis_geos`` is the (major, minor) GEOS version QGIS uses. On Linux shapely shares the
    process with QGIS's GEOS library and only works when it was built against the same
    major.minor (a PyPI wheel bundles its own GEOS and fails there); Windows and macOS keep each
    library's symbols apart, so a wheel's own GEOS is fine there.
    """
    import_module = import_module or importlib.import_module
    platform = platform or sys.platform
    problems = []
    for requirement in REQUIREMENTS:
        try:
            module = import_module(requirement.module)
        except ModuleNotFoundError as error:
            top = requirement.module.split(".")[0]
            if error.name in (requirement.module, top):
                problems.append(Problem(requirement, "missing"))
            else:  # one of *its* dependencies is missing
                problems.append(Problem(requirement, "broken", detail=f"{type(error).__name__}: {error}"))
            continue
        except Exception as error:  # noqa: BLE001 (a broken install can raise anything on import)
            problems.append(Problem(requirement, "broken", detail=f"{type(error).__name__}: {error}"))
            continue
        found = str(getattr(module, "__version__", "") or "")
        if requirement.minimum and version_tuple(found) < requirement.minimum:
            problems.append(Problem(requirement, "old", found))
        elif requirement.module == SHAPELY:
            problems.extend(_shapely_problems(requirement, module, found, qgis_geos, platform))
    return problems


def _shapely_problems(requirement, shapely, found, qgis_geos, platform):
    geos = tuple(getattr(shapely, "geos_version", ()) or ())
    if platform.startswith("linux") and qgis_geos and geos and tuple(geos[:2]) != tuple(qgis_geos[:2]):
        return [Problem(requirement, "geos", found, ".".join(map(str, geos)), ".".join(map(str, qgis_geos)))]
    try:  # what every algorithm does first: WKB from QGIS into shapely, and an area
        back = shapely.from_wkb(shapely.to_wkb(shapely.box(0, 0, 2, 1)))
        if abs(float(shapely.area(back)) - 2.0) > 1e-9:
            raise ValueError(f"the area of a 2 × 1 box comes out as {shapely.area(back)}")
    except Exception as error:  # noqa: BLE001
        return [Problem(requirement, "broken", found, f"{type(error).__name__}: {error}")]
    return []


# -- where and how to install ------------------------------------------------------------------
@dataclass(frozen=True)
class System:
    """What decides the install command: the OS, how QGIS's Python was installed, which interpreter."""
    platform: str                   # sys.platform
    python: str                     # the interpreter QGIS embeds, for ``<python> -m pip``
    python_version: tuple           # (3, 11)
    conda: bool = False             # QGIS from conda(-forge)
    externally_managed: bool = False  # PEP 668: the distribution forbids pip in its Python
    os_id: str = ""                 # /etc/os-release ID: debian, ubuntu, ...
    os_like: tuple = ()             # /etc/os-release ID_LIKE
    os_version: tuple = ()          # /etc/os-release VERSION_ID: (12,), (24, 4)
    numpy: str = ""                 # the numpy QGIS runs with (pinned so pip never replaces it)
    data_home: str = ""             # $XDG_DATA_HOME or ~/.local/share
    home: str = ""

    @property
    def debian_like(self):
        return self.os_id in ("debian", "ubuntu") or "debian" in self.os_like or "ubuntu" in self.os_like

    @property
    def distribution_has_shapely2(self):
        """Debian 13 and Ubuntu 24.04 package shapely 2, pandas 2 and openpyxl 3.1 (Debian 12: 1.8)."""
        return (self.os_id == "debian" and self.os_version >= (13,)) or (
            self.os_id == "ubuntu" and self.os_version >= (24, 4))

    @property
    def private_venv(self):
        """The folder of the private environment for Linux distributions that forbid pip."""
        return os.path.join(self.data_home, "multiplan", "venv")

    def private_site_packages(self):
        major, minor = self.python_version
        return os.path.join(self.private_venv, "lib", f"python{major}.{minor}", "site-packages")


def _os_release(path="/etc/os-release"):
    values = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.strip().partition("=")
                values[key] = value.strip().strip('"')
    except OSError:
        pass
    return values


def _interpreter():
    """The python executable of the running interpreter's installation, outside any venv.

    Found under ``sys.base_exec_prefix`` first: inside QGIS ``sys.executable`` is whatever
    ``python3`` comes first on PATH (a pyenv shim, say), or QGIS itself.
    """
    major, minor = sys.version_info[:2]
    names = ["python.exe"] if sys.platform == "win32" else [f"python{major}.{minor}", f"python{major}", "python"]
    for folder in (os.path.join(sys.base_exec_prefix, "bin"), sys.base_exec_prefix):
        for name in names:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return candidate
    executable = sys.executable or ""
    if os.path.basename(executable).lower().startswith("python") and sys.prefix == sys.base_prefix:
        return executable
    return "python" if sys.platform == "win32" else "python3"


def _numpy_version():
    try:
        return str(importlib.import_module("numpy").__version__)
    except Exception:  # noqa: BLE001 (missing or broken: reported by check())
        return ""


def current_system():
    release = _os_release() if sys.platform.startswith("linux") else {}
    stdlib = sysconfig.get_paths().get("stdlib", "")
    home = os.path.expanduser("~")
    return System(
        platform=sys.platform, python=_interpreter(), python_version=tuple(sys.version_info[:2]),
        conda=os.path.isdir(os.path.join(sys.prefix, "conda-meta")),
        externally_managed=bool(stdlib) and os.path.isfile(os.path.join(stdlib, "EXTERNALLY-MANAGED")),
        os_id=release.get("ID", ""), os_like=tuple(release.get("ID_LIKE", "").split()),
        os_version=version_tuple(release.get("VERSION_ID", "")),
        numpy=_numpy_version(),
        data_home=os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share"), home=home)


def use_private_venv(system=None):
    """Put the private environment's packages on ``sys.path`` when it exists (Linux only).

    The Debian 12 command creates it (Debian's Python forbids pip, its shapely is 1.8). Its
    folder goes before the interpreter's own site folders, so its shapely 2 wins over a
    python3-shapely 1.8, but after PYTHONPATH. Returns the folder added, or None.
    """
    system = system or current_system()
    folder = system.private_site_packages()
    if not system.platform.startswith("linux") or not os.path.isdir(folder) or folder in sys.path:
        return None
    own = set(getattr(site, "getsitepackages", list)()) | {site.getusersitepackages()}
    index = next((i for i, entry in enumerate(sys.path) if entry in own), len(sys.path))
    sys.path.insert(index, folder)
    return folder


def _quote(text, system):
    if system.platform == "win32":
        return f'"{text}"' if re.search(r'[\s<>|&^"]', text) else text
    if system.home and text.startswith(system.home + os.sep) and re.fullmatch(r"[\w./+-]+", text):
        return "~" + text[len(system.home):]
    return shlex.quote(text)


def provided_by_system(requirement, linux):
    """Whether a package comes with QGIS or the distribution, never from pip: numpy and GDAL
    everywhere, and on Linux pyproj too (a dependency of the distribution's QGIS)."""
    return not requirement.pip or (linux and requirement.module == "pyproj")


def _split(requirements, system):
    """(from the system, from pip): :func:`provided_by_system` decides."""
    linux = system.platform.startswith("linux")
    from_system = [r for r in requirements if provided_by_system(r, linux)]
    return from_system, [r for r in requirements if r not in from_system]


def install_command(problems, system=None):
    """The one command (a single line) that installs what ``problems`` name on this system; ""
    when no command can (QGIS's own numpy or GDAL missing on Windows or macOS: reinstall QGIS)."""
    system = system or current_system()
    requirements = [problem.requirement for problem in problems]
    quote = lambda text: _quote(text, system)  # noqa: E731
    if not requirements:
        return ""
    if system.conda:
        return "conda install -c conda-forge " + " ".join(quote(r.conda) for r in requirements)
    linux = system.platform.startswith("linux")
    if linux and system.debian_like and system.distribution_has_shapely2:
        return "sudo apt install " + " ".join(r.debian for r in requirements)
    from_system, from_pip = _split(requirements, system)
    pip_specs = [quote(pip_spec(r, system.numpy)) for r in from_pip]
    if pip_specs and system.numpy:  # pip must never replace the numpy QGIS is built against
        pip_specs.append(quote(f"numpy=={system.numpy}"))
    if system.platform == "win32":  # in the OSGeo4W Shell, where ``python`` is QGIS's
        return "python -m pip install " + " ".join(pip_specs) if pip_specs else ""
    if not linux:  # macOS: QGIS's own interpreter, the user's site folder
        return f"{quote(system.python)} -m pip install --user " + " ".join(pip_specs) if pip_specs else ""
    # Linux: shapely built from source against the system GEOS, the one QGIS uses.
    no_binary = "--no-binary shapely " if any(r.module == SHAPELY for r in requirements) else ""
    tools = ["python3-venv" if system.externally_managed else "python3-pip", "python3-dev", "libgeos-dev", "gcc"]
    apt = (tools if pip_specs else []) + [r.debian for r in from_system]
    steps = ["sudo apt install " + " ".join(apt)] if system.debian_like and apt else []
    if pip_specs and system.externally_managed:
        venv = quote(system.private_venv)
        steps.append(f"{quote(system.python)} -m venv --system-site-packages {venv}")
        steps.append(f"{venv}/bin/python -m pip install {no_binary}" + " ".join(pip_specs))
    elif pip_specs:
        steps.append(f"{quote(system.python)} -m pip install --user {no_binary}" + " ".join(pip_specs))
    return " && ".join(steps)


def where_to_run(system, command=True):
    """Translated: where the user runs the command."""
    if not command:
        return translate("MultiPlanDependencies", "QGIS's own Python packages are incomplete: reinstall QGIS.")
    if system.conda:
        return translate("MultiPlanDependencies", "Run this in the conda environment QGIS runs in, then restart QGIS:")
    if system.platform == "win32":
        return translate("MultiPlanDependencies", "Open the OSGeo4W Shell (Start menu → QGIS → OSGeo4W Shell), "
                                                  "run this, then restart QGIS:")
    return translate("MultiPlanDependencies", "Run this in a terminal, then restart QGIS:")


def summary(problems):
    """``shapely 1.8.5, pandas``: what is missing or unusable, for the message bar."""
    return ", ".join(problem.short() for problem in problems)


def notice(problems, system=None):
    """The message bar's sentence (translated): what is missing and where to run the command
    (which follows it)."""
    system = system or current_system()
    command = install_command(problems, system)
    return translate("MultiPlanDependencies", "Python packages missing or unusable: {packages}; MultiPlan's "
                                              "tools are off. {where}").format(
        packages=summary(problems), where=where_to_run(system, bool(command)))


def details(problems, system=None):
    """The full explanation (translated) for the details dialog, the message log and stderr."""
    system = system or current_system()
    lines = [translate("MultiPlanDependencies", "MultiPlan loaded without its Processing tools and docks, because:")]
    lines += [f"  • {problem.describe()}" for problem in problems]
    command = install_command(problems, system)
    lines += ["", where_to_run(system, bool(command))] + (["", "    " + command] if command else []) + [""]
    # What the command does, explained (the notes follow the command, so they always match it).
    if " -m venv " in command:
        lines.append(translate(
            "MultiPlanDependencies", "This distribution does not let pip install into its Python (and Debian 12's "
            "python3-shapely is 1.8, too old), so the command makes a private environment in {folder}; "
            "MultiPlan adds it to QGIS's Python by itself.").format(folder=system.private_venv))
    if "--no-binary shapely" in command:
        lines.append(translate(
            "MultiPlanDependencies", "shapely is built from source against the GEOS library QGIS uses: binary "
            "wheels from PyPI bring another GEOS and fail inside QGIS on Linux."))
    if command:
        lines.append(translate(
            "MultiPlanDependencies", "MultiPlan does not install packages itself: the command above is all it takes, "
            "and you see what it changes."))
    if system.numpy and f"numpy=={system.numpy}" in command:
        lines.append(translate("MultiPlanDependencies", "numpy is pinned to the version QGIS uses, so pip never "
                                                        "replaces it."))
    lines += ["", translate("MultiPlanDependencies", "Python used by QGIS: {version} ({python})").format(
        version=sys.version.split()[0], python=system.python)]
    return "\n".join(lines)
