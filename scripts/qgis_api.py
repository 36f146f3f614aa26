"""The QGIS and Qt API the plugin uses, read from its source: every name imported from ``qgis.*``
and every ``Name.attribute`` (enum value, static method, nested class) used on it.

    scripts/qgis_api.py            a table: module, name, attributes used
    scripts/qgis_api.py --missing  only what the running QGIS lacks (exit 1 if anything)
    scripts/qgis_api.py --compat   the table for compat.py, whose names exist on one version only
    scripts/qgis_api.py --markdown the table for docs/compatibility.md, with what this QGIS says
                                   of each member (an alias of a newer spelling, absent)

``tests/test_qgis_compat.py`` runs the same check on whichever QGIS is installed; the table in
``docs/compatibility.md`` was made from this listing.
"""
import ast
import importlib
import pathlib
import sys
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The plugin's own code: what QGIS loads (scripts, tests and benchmarks are not shipped).
PLUGIN_PARTS = ("*.py", "core/**/*.py", "processing/**/*.py", "ui/**/*.py")


# compat.py is where the spellings that exist on one version only live, each behind a check.
COMPAT = "compat.py"


def plugin_files(root=ROOT, compat=False):
    """The plugin's modules; ``compat.py`` only when asked."""
    files = set()
    for pattern in PLUGIN_PARTS:
        files.update(path for path in root.glob(pattern) if path.is_file())
    return sorted(path for path in files if compat or path.relative_to(root).as_posix() != COMPAT)


def usage(files=None):
    """{(module, name): {attribute, ...}} for every name imported from a ``qgis`` module, and
    {(module, name): [file:line, ...]} where each one is used."""
    used, where = defaultdict(set), defaultdict(list)
    for path in files or plugin_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imported = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "qgis":
                for alias in node.names:
                    imported[alias.asname or alias.name] = (node.module, alias.name)
                    used[(node.module, alias.name)]
                    where[(node.module, alias.name)].append(f"{path.relative_to(ROOT)}:{node.lineno}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
                key = imported[node.value.id]
                used[key].add(node.attr)
                where[key].append(f"{path.relative_to(ROOT)}:{node.lineno}")
            # Two levels: Qgis.LayerType.Vector, QgsWkbTypes.GeometryType.PolygonGeometry
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                    and isinstance(node.value.value, ast.Name) and node.value.value.id in imported):
                used[imported[node.value.value.id]].add(f"{node.value.attr}.{node.attr}")
    return dict(used), dict(where)


_ABSENT = object()


def _resolve(module_name, name):
    """The object ``from module_name import name`` gives, ``_ABSENT`` if it does not exist, or
    None when the module itself cannot be imported."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    try:  # ``from qgis import utils`` names a submodule, maybe not imported yet
        return getattr(module, name) if hasattr(module, name) else importlib.import_module(f"{module_name}.{name}")
    except ImportError:
        return _ABSENT


def _member(value, attribute):
    """``value.a.b`` for ``attribute`` "a.b", or ``_ABSENT``."""
    for part in attribute.split("."):
        if not hasattr(value, part):
            return _ABSENT
        value = getattr(value, part)
    return value


def missing(used=None):
    """[(module, name, attribute or ""), ...]: what the running QGIS does not have."""
    used = used if used is not None else usage()[0]
    absent = []
    for (module_name, name), attributes in sorted(used.items()):
        value = _resolve(module_name, name)
        if value is None or value is _ABSENT:
            absent.append((module_name, name, "(module)" if value is None else ""))
            continue
        absent += [(module_name, name, attribute) for attribute in sorted(attributes)
                   if _member(value, attribute) is _ABSENT]
    return absent


def notes(module_name, name, attributes):
    """What the running QGIS says of the members used: "alias of Qgis.X.Y" for the old names
    QGIS keeps for compatibility (marked ``is_monkey_patched``), "absent" for missing ones."""
    value = _resolve(module_name, name)
    if value is None or value is _ABSENT:
        return ["absent"]
    said = []
    for attribute in sorted(attributes):
        target = _member(value, attribute)
        if target is _ABSENT:
            said.append(f"{attribute} absent")
        elif getattr(target, "is_monkey_patched", False):
            said.append(f"{attribute} = {type(target).__qualname__}.{target.name}")
    return said


def main(argv):
    used, _where = usage([ROOT / COMPAT] if "--compat" in argv else None)
    if "--missing" in argv:
        absent = missing(used)
        for module_name, name, attribute in absent:
            print(f"{module_name}.{name}{'.' + attribute if attribute else ''}")
        return 1 if absent else 0
    if "--markdown" in argv:
        from qgis.core import Qgis

        print(f"| module | name | members used | on QGIS {Qgis.QGIS_VERSION.split('-')[0]} |")
        print("|---|---|---|---|")
        for (module_name, name), attributes in sorted(used.items()):
            said = "; ".join(notes(module_name, name, attributes)) or "as used"
            print(f"| {module_name} | {name} | {', '.join(sorted(attributes))} | {said} |")
        return 0
    for (module_name, name), attributes in sorted(used.items()):
        print(f"{module_name}\t{name}\t{', '.join(sorted(attributes))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
