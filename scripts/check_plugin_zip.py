#!/usr/bin/env python3
"""Checks a plugin zip against the rules plugins.qgis.org applies on upload.

    python3 scripts/check_plugin_zip.py multiplan.zip

The rules follow the repository's upload validator (qgis/QGIS-Django, plugins/validator.py):
size, safe paths, no caches or VCS folders, one top folder with a valid name holding
__init__.py, LICENSE and metadata.txt with the required keys. The validator also requests
each URL; that needs the network and is not done here. One rule is QGIS's own: an empty
``plugin_dependencies=`` makes the 3.22 installer fail (Install from ZIP and the repository).
"""
import configparser
import io
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

MAX_SIZE_BYTES = 25_000_000
REQUIRED_METADATA = ("name", "description", "version", "qgisMinimumVersion", "author", "email",
                     "about", "tracker", "repository")
URL_METADATA = ("tracker", "repository", "homepage")
FORBIDDEN_FOLDERS = ("__MACOSX", ".git", "__pycache__")
EXPECTED_TOP_FOLDER = "multiplan"


def check_plugin_zip(path, expected_top_folder=EXPECTED_TOP_FOLDER):
    """A list of problems (empty when the zip would be accepted)."""
    path = Path(path)
    problems = []
    if path.stat().st_size > MAX_SIZE_BYTES:
        problems.append(f"larger than {MAX_SIZE_BYTES / 1e6:.0f} MB")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return problems + ["not a zip file"]
    with archive:
        names = archive.namelist()
        if not names:
            return problems + ["empty archive"]
        for name in names:
            if ".." in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
                problems.append(f"unsafe path {name!r}")
            if ".pyc" in name:
                problems.append(f"compiled Python file {name!r}")
            if any(folder in name.split("/") for folder in FORBIDDEN_FOLDERS):
                problems.append(f"forbidden folder in {name!r}")
        if archive.testzip() is not None:
            problems.append("corrupt member (CRC error)")
        top = names[0].split("/")[0] if "/" in names[0] else None
        if top is None:
            return problems + ["the first entry is not inside a folder"]
        if top != expected_top_folder:
            problems.append(f"top folder is {top!r}, expected {expected_top_folder!r}")
        if not re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", top):
            problems.append(f"top folder name {top!r} is not ASCII letters, digits, '-' and '_'")
        if len({name.split("/")[0] for name in names}) > 1:
            problems.append("more than one top-level entry")
        for required in ("__init__.py", "LICENSE", "metadata.txt"):
            if f"{top}/{required}" not in names:
                problems.append(f"{top}/{required} is missing")
        if f"{top}/metadata.txt" in names:
            problems.extend(_check_metadata(archive.read(f"{top}/metadata.txt"), top, names))
    return problems


def _check_metadata(raw, top, names):
    parser = configparser.ConfigParser()  # with interpolation, as the validator parses it
    parser.optionxform = str
    try:
        parser.read_file(io.StringIO(raw.decode("utf-8")))
        metadata = dict(parser.items("general"))
    except (UnicodeDecodeError, configparser.Error) as error:
        return [f"metadata.txt cannot be parsed: {error}"]
    problems = [f"metadata.txt lacks {key!r}" for key in REQUIRED_METADATA if not metadata.get(key, "").strip()]
    for key in URL_METADATA:
        parsed = urlparse(metadata.get(key, ""))
        if not (parsed.scheme in ("http", "https") and parsed.netloc):
            problems.append(f"metadata.txt {key!r} is not a valid URL")
    if "/" in metadata.get("author", ""):
        problems.append("author contains a slash")
    if not re.match(r"^\d+\.\d+(\.\d+)?$", metadata.get("version", "")):
        problems.append(f"version {metadata.get('version')!r} is not like 1.2.3")
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", metadata.get("email", "")):
        problems.append("email is not an e-mail address")
    if "plugin_dependencies" in metadata and not metadata["plugin_dependencies"].strip():
        # QGIS 3.22's installer then raises KeyError 'use_stable_version' and leaves the plugin off.
        problems.append("metadata.txt has an empty plugin_dependencies line (breaks Install from ZIP): remove it")
    icon = metadata.get("icon")
    if icon and f"{top}/{icon.removeprefix('./')}" not in names:
        problems.append(f"icon {icon!r} is not in the zip")
    return problems


if __name__ == "__main__":
    found = check_plugin_zip(sys.argv[1])
    print("\n".join(found) if found else "ok")
    sys.exit(1 if found else 0)
