"""The code layout the README's architecture section describes, checked on the source tree:
domain packages in ``core``, mirrored by ``processing/algorithms`` and ``tests/unit``; shared
helpers at the top of ``core`` that import no domain; no QGIS in ``core``; no import circle."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "core"
ALGORITHMS = ROOT / "processing" / "algorithms"
DOMAINS = {"intake", "conflicts", "control_lines", "suitability", "statistics", "database", "versions",
           "collaboration", "maps"}
# Processing group ids are stable (models and scripts may name them), so two differ from the folder.
GROUP_OF = {"intake": "data", "conflicts": "conflicts", "control_lines": "control",
            "suitability": "suitability", "statistics": "statistics", "database": "database",
            "versions": "versions", "collaboration": "collaboration",
            "maps": "maps"}


def packages(folder):
    return {path.name for path in folder.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}


def module_name(path):
    """Dotted name of a plugin file, relative to the plugin folder."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path, top_level_only=False):
    """Plugin modules a file imports (dotted, relative to the plugin folder), resolved; with
    ``top_level_only`` only the imports run when the module loads (not those inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{target}.{alias.name}" if target else alias.name
                found.add(candidate if _exists(candidate) else target)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.update(f"external:{name}" for name in names)
    return found


def _exists(dotted):
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_core_is_grouped_into_the_documented_domains_each_with_a_docstring():
    assert packages(CORE) == DOMAINS
    for domain in DOMAINS:
        init = CORE / domain / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and "\n" not in docstring.strip(), f"{init}: one-line docstring"


def test_processing_algorithms_and_unit_tests_mirror_the_core_domains():
    assert packages(ALGORITHMS) == DOMAINS
    for domain in DOMAINS:
        init = ALGORITHMS / domain / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and "\n" not in docstring.strip(), f"{init}: one-line docstring"
    # tests at the top of tests/unit test only the shared modules at the top of core/
    for test in (ROOT / "tests" / "unit").glob("test_*.py"):
        source = test.read_text(encoding="utf-8")
        for domain in DOMAINS:
            assert f"multiplan.core.{domain}" not in source, f"{test.name} tests core/{domain}: move it to tests/unit/{domain}"
    unit = ROOT / "tests" / "unit"
    assert {path.name for path in unit.iterdir() if path.is_dir() and not path.name.startswith(("_", "."))} == DOMAINS
    for domain in DOMAINS:
        for test in (unit / domain).glob("test_*.py"):
            # each test file is named after the module of the same domain it tests (test_<module>
            # or test_<module>_<topic>)
            tested = test.stem[len("test_"):]
            modules = {path.stem for path in (CORE / domain).glob("*.py")}
            assert any(tested == module or tested.startswith(module + "_") for module in modules), test


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_algorithm_sits_in_the_folder_of_its_processing_group(domain):
    modules = [path for path in (ALGORITHMS / domain).glob("*.py") if path.name != "__init__.py"]
    assert modules
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        groups = {node.value.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and any(getattr(target, "id", "") == "GROUP_ID" for target in node.targets)}
        assert groups == {GROUP_OF[domain]}, path


def test_the_shared_modules_at_the_top_of_core_import_no_domain():
    shared = [path for path in CORE.glob("*.py")]
    assert {path.stem for path in shared} >= {"progress", "units", "report", "wording"}
    for path in shared:
        domains = {name.split(".")[1] for name in imported_modules(path) if name.startswith("core.")
                   and len(name.split(".")) > 1} & DOMAINS
        assert not domains, f"{path.name} imports {domains}"


def test_core_never_imports_qgis_or_qt():
    for path in CORE.rglob("*.py"):
        external = {name for name in imported_modules(path) if name.startswith("external:")}
        assert not {name for name in external if name.split(":")[1].split(".")[0] in ("qgis", "PyQt5", "PyQt6")}, path
        assert not {name for name in imported_modules(path) if not name.startswith(("external:", "core"))}, \
            f"{path}: core imports only core"


def test_no_import_circle_among_the_plugins_modules():
    """Module-level imports only (an import inside a function runs later and cannot deadlock a
    package's start-up); ``plugin.py`` is imported by nothing of the plugin but ``__init__``."""
    files = [path for path in ROOT.rglob("*.py") if not any(
        part.startswith(".") or part in ("tests", "scripts", "bench", "output") for part in path.relative_to(ROOT).parts)]
    graph = {}
    for path in files:
        name = module_name(path)
        graph[name] = {target for target in imported_modules(path, top_level_only=True)
                       if not target.startswith("external:") and target != name and not name.startswith(target + ".")}
    importers_of_plugin = {name for name, targets in graph.items() if "plugin" in targets}
    assert importers_of_plugin <= {""}, importers_of_plugin
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                pytest.fail("import circle: " + " → ".join(trail[trail.index(target):] + [target]))
            if target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
