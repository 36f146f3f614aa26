# Shared environment for MultiPlan's scripts. Source it; it sets variables only.
# MULTIPLAN_ROOT   the repository (= the plugin folder, whatever it is called on disk)
# MULTIPLAN_VENV   the Python venv (made from /usr/bin/python3 with system site packages)
# MULTIPLAN_BUILD  scratch space: plugin link, private QGIS profiles, runtime dir
MULTIPLAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MULTIPLAN_VENV="${MULTIPLAN_VENV:-$MULTIPLAN_ROOT/.venv}"
MULTIPLAN_BUILD="${MULTIPLAN_BUILD:-$MULTIPLAN_ROOT/.build}"
# QGIS finds plugins by folder name, so expose the repo as .../plugins/multiplan.
MULTIPLAN_PLUGINS="$MULTIPLAN_BUILD/plugins"
MULTIPLAN_PY_SITE="$MULTIPLAN_VENV/lib/python3.11/site-packages"
export MULTIPLAN_ROOT MULTIPLAN_VENV MULTIPLAN_BUILD MULTIPLAN_PLUGINS MULTIPLAN_PY_SITE

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$MULTIPLAN_BUILD/runtime}"
# pyproj inside a venv does not find Debian's PROJ data on its own.
export PROJ_DATA="${PROJ_DATA:-/usr/share/proj}"

multiplan_link_plugin() {
    mkdir -p "$MULTIPLAN_PLUGINS" "$XDG_RUNTIME_DIR"
    chmod 0700 "$XDG_RUNTIME_DIR"
    ln -sfn "$MULTIPLAN_ROOT" "$MULTIPLAN_PLUGINS/multiplan"
}
