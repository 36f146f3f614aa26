"""multiplan.zip, built from committed files, must pass the plugin repository's upload checks."""
import subprocess
import sys
import zipfile

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def package(repo_root, tmp_path_factory):
    output = tmp_path_factory.mktemp("package") / "multiplan.zip"
    result = subprocess.run([sys.executable, str(repo_root / "scripts" / "package.py"), "--output", str(output)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def checker(repo_root):
    sys.path.insert(0, str(repo_root / "scripts"))
    from check_plugin_zip import check_plugin_zip

    return check_plugin_zip


def test_package_passes_repository_checks(repo_root, package):
    assert checker(repo_root)(package) == []
    assert package.stat().st_size < 25_000_000


def test_package_layout(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        metadata = archive.read("multiplan/metadata.txt").decode("utf-8")
    assert names[0] == "multiplan/"
    assert {"multiplan/__init__.py", "multiplan/LICENSE", "multiplan/plugin.py",
            "multiplan/i18n/multiplan_zh_CN.qm", "multiplan/resources/icons/multiplan.svg"} <= set(names)
    assert not [n for n in names if n.startswith(("multiplan/tests/", "multiplan/.ci/", "multiplan/scripts/"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/.git" in n]
    assert "qgisMinimumVersion=3.22" in metadata and "hasProcessingProvider=yes" in metadata


def test_package_is_lean_docs_images_and_translation_sources_stay_out(repo_root, package):
    """The README's screenshots and the .ts catalogue do not ship; the compiled .qm does."""
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.startswith("multiplan/docs/")]
    assert not [n for n in names if n.endswith(".ts")]
    assert "multiplan/i18n/multiplan_zh_CN.qm" in names
    assert (repo_root / "docs" / "images").is_dir() and (repo_root / "i18n" / "multiplan_zh_CN.ts").is_file()
    assert not [n for n in names if n.lower().endswith((".png", ".jpg", ".jpeg", ".gif"))]


def test_metadata_installs_through_the_plugins_dialog(package):
    """QGIS 3.22's installer raises KeyError 'use_stable_version' on an empty plugin_dependencies."""
    import configparser

    with zipfile.ZipFile(package) as archive:
        parser = configparser.ConfigParser()
        parser.optionxform = str
        parser.read_string(archive.read("multiplan/metadata.txt").decode("utf-8"))
    metadata = dict(parser.items("general"))
    assert metadata.get("plugin_dependencies", "missing").strip() != ""  # absent, or naming plugins
    assert "skeleton" not in metadata["changelog"].split("0.1.0")[0]
    assert metadata["changelog"].strip().startswith(metadata["version"])


def test_package_contains_only_committed_files(repo_root, package):
    # -z: names as they are (without it git quotes non-ASCII names, e.g. resources/database/导出映射.csv)
    tracked = set(subprocess.run(["git", "-C", str(repo_root), "ls-files", "-z"], capture_output=True,
                                 check=True).stdout.decode("utf-8").split("\0")) - {""}
    with zipfile.ZipFile(package) as archive:
        files = [n.removeprefix("multiplan/") for n in archive.namelist() if not n.endswith("/")]
    assert [f for f in files if f not in tracked and not f.endswith(".qm")] == []


@pytest.mark.parametrize("entries,problem", [
    ({"MultiPlan/__init__.py": "", "MultiPlan/LICENSE": ""}, "top folder is 'MultiPlan'"),
    ({"multiplan/__init__.py": "", "multiplan/__pycache__/x.cpython-311.pyc": ""}, "compiled Python file"),
    ({"multiplan/__init__.py": "", "multiplan/../evil.py": ""}, "unsafe path"),
    ({"multiplan/__init__.py": "", "multiplan/metadata.txt": "[general]\nname=x\n"}, "LICENSE is missing"),
    ({"multiplan/__init__.py": "", "multiplan/LICENSE": "", "multiplan/metadata.txt": "[general]\nname=x\n"},
     "lacks 'tracker'"),
    ({"multiplan/__init__.py": "", "multiplan/LICENSE": "",
      "multiplan/metadata.txt": "[general]\nname=x\nplugin_dependencies=\n"}, "empty plugin_dependencies"),
])
def test_checker_rejects_bad_zips(repo_root, tmp_path, entries, problem):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    assert any(problem in found for found in checker(repo_root)(bad))
