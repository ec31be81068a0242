#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine: Java for the HermiT reasoner, headless Chromium
# for the browser tests (driven by Playwright at /usr/bin/chromium; Playwright's own browser download is never
# used), and the package with its test extras (which include the `oxigraph` server the tests start).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python -m pip install --quiet --disable-pip-version-check -e '.[test]'
