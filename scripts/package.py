#!/usr/bin/env python3
"""Build multiplan.zip for the QGIS plugin repository from committed files only.

    python3 scripts/package.py [--ref HEAD | --worktree] [--output multiplan.zip]

Takes the tree of a git commit (so uncommitted edits, venvs and caches never ship), leaves out
development-only files, the documentation images and the translation sources, adds the compiled
translations (.qm, built from the committed .ts with lrelease), and checks the result with
scripts/check_plugin_zip.py. ``--worktree`` packages the files git tracks or would track
(``git ls-files --cached --others --exclude-standard``) as they are on disk, so the end-to-end
install test checks uncommitted work too; releases are built from a commit.
"""
import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from check_plugin_zip import check_plugin_zip  # noqa: E402

PACKAGE_NAME = "multiplan"
# Development-only paths: tests, benchmarks, CI and tooling stay in the repository; so do the
# README's screenshots (docs/) and the translation sources (.ts: the compiled .qm ships).
EXCLUDED_PREFIXES = (".ci/", "tests/", "bench/", "scripts/", ".github/", "docs/")
EXCLUDED_FILES = {".gitignore", ".gitattributes", "pytest.ini", "Makefile", "constraints.txt",
                  "requirements.txt", "requirements-dev.txt", "requirements-build.txt"}
EXCLUDED_SUFFIXES = (".ts",)


def committed_files(ref):
    """(path, bytes) of every file in the commit, read with ``git archive``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                yield member.name, tar.extractfile(member).read()


def worktree_files():
    """(path, bytes) of every file git tracks or would track, as it is on disk now."""
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout
    for path in sorted(set(listing.decode("utf-8").split("\0")) - {""}):
        if (ROOT / path).is_file():  # deleted but not yet committed: gone
            yield path, (ROOT / path).read_bytes()


def compiled_translations(files):
    """{path.qm: bytes} for every committed i18n/*.ts."""
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path, data in files.items():
            if path.startswith("i18n/") and path.endswith(".ts"):
                source = Path(tmp) / Path(path).name
                source.write_bytes(data)
                target = source.with_suffix(".qm")
                subprocess.run(["lrelease", "-silent", str(source), "-qm", str(target)], check=True)
                result[path[:-3] + ".qm"] = target.read_bytes()
    return result


def shipped(path):
    return (path not in EXCLUDED_FILES and not path.startswith(EXCLUDED_PREFIXES)
            and not path.endswith(EXCLUDED_SUFFIXES))


def build(ref, output, worktree=False):
    files = dict(worktree_files() if worktree else committed_files(ref))
    files.update(compiled_translations(files))  # from the .ts, which itself does not ship
    files = {path: data for path, data in files.items() if shipped(path)}
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"{PACKAGE_NAME}/"), b"")  # the top folder comes first
        folders = set()
        for path in sorted(files):
            for depth in range(1, path.count("/") + 1):
                folder = "/".join(path.split("/")[:depth]) + "/"
                if folder not in folders:
                    folders.add(folder)
                    archive.writestr(zipfile.ZipInfo(f"{PACKAGE_NAME}/{folder}"), b"")
            archive.writestr(f"{PACKAGE_NAME}/{path}", files[path])
    return output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--ref", default="HEAD", help="git commit to package (default HEAD)")
    source.add_argument("--worktree", action="store_true",
                        help="package the files on disk (tracked and new, not ignored) instead of a commit")
    parser.add_argument("--output", type=Path, default=ROOT / f"{PACKAGE_NAME}.zip")
    args = parser.parse_args()
    output = build(args.ref, args.output.resolve(), worktree=args.worktree)
    problems = check_plugin_zip(output)
    if problems:
        print(f"{output}: NOT valid for the QGIS plugin repository:", *problems, sep="\n  ")
        return 1
    print(f"{output}: {output.stat().st_size / 1e6:.2f} MB, passes the plugin repository checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
