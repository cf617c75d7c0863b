#!/usr/bin/env bash
# Set up newslineage in ./.venv from a fresh clone.
#   bash scripts/setup.sh          the tool
#   bash scripts/setup.sh --test   the tool, the test tools, the index, service and spark extras, and
#                                  the browser for the HTML report and web page tests
# System packages come from Debian's registry when apt-get is usable (root or sudo):
#   wordnet-base  synonyms for spin detection (read from /usr/share/wordnet at run time)
#   chromium      only with --test, for the browser test of the HTML report
#   openjdk-17-jre-headless  only with --test and no java yet, for the Spark job's tests
# Elsewhere the scan still runs and says what it skipped and how to install it.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && sudo="sudo -n" || return 0
    fi
    command -v apt-get >/dev/null 2>&1 || return 0
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "setup: installing system packages: ${missing[*]}" >&2
    $sudo apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || echo "setup: could not install ${missing[*]}; the features that need them will say so" >&2
}

packages=(wordnet-base)
[ $want_test -eq 1 ] && packages+=(chromium)
# Spark runs on the JVM; its tests are skipped with a reason when no java is found.
[ $want_test -eq 1 ] && ! command -v java >/dev/null 2>&1 && packages+=(openjdk-17-jre-headless)
apt_install "${packages[@]}"

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ $want_test -eq 1 ]; then
    # The Spark job's tests run a real local Spark: CI needs pyspark (and Java, above).
    .venv/bin/python -m pip install -q -e '.[test,service,spark]'
else
    .venv/bin/python -m pip install -q -e .
fi
echo "setup: ready (.venv/bin/newslineage)" >&2
