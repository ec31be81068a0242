#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine: the package with its test extras, and Java
# for the HermiT reasoner when the machine does not have it.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi

# Headless Chromium and its driver for the browser tests (tests/browser drive /usr/bin/chromium with Playwright;
# Playwright's own browser download is not used).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

python -m pip install --quiet --disable-pip-version-check -e '.[test]'
