# Shared environment for MultiPlan's scripts. Source it; it sets variables only.
# MULTIPLAN_ROOT   the repository (= the plugin folder, whatever it is called on disk)
# MULTIPLAN_VENV   the Python venv (made from /usr/bin/python3 with system site packages)
# MULTIPLAN_BUILD  scratch space: plugin link, private QGIS profiles, runtime dir
MULTIPLAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MULTIPLAN_VENV="${MULTIPLAN_VENV:-$MULTIPLAN_ROOT/.venv}"
MULTIPLAN_BUILD="${MULTIPLAN_BUILD:-$MULTIPLAN_ROOT/.build}"
# QGIS finds plugins by folder name, so expose the repo as .../plugins/multiplan.
MULTIPLAN_PLUGINS="$MULTIPLAN_BUILD/plugins"
# The venv's site-packages, for the embedded Python of qgis_process and QGIS (they ignore venvs).
# Its name follows the system Python's version (3.11 on Debian 12, 3.13 on Debian 13); before
# scripts/setup has installed Python it stays empty, and setup sources this file again.
MULTIPLAN_PYTHON_VERSION="$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
MULTIPLAN_PY_SITE="${MULTIPLAN_PYTHON_VERSION:+$MULTIPLAN_VENV/lib/python$MULTIPLAN_PYTHON_VERSION/site-packages}"
export MULTIPLAN_ROOT MULTIPLAN_VENV MULTIPLAN_BUILD MULTIPLAN_PLUGINS MULTIPLAN_PYTHON_VERSION MULTIPLAN_PY_SITE

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$MULTIPLAN_BUILD/runtime}"
# pyproj inside a venv does not find Debian's PROJ data on its own.
export PROJ_DATA="${PROJ_DATA:-/usr/share/proj}"

multiplan_link_plugin() {
    mkdir -p "$MULTIPLAN_PLUGINS" "$XDG_RUNTIME_DIR"
    chmod 0700 "$XDG_RUNTIME_DIR"
    ln -sfn "$MULTIPLAN_ROOT" "$MULTIPLAN_PLUGINS/multiplan"
}
