#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine: Java for the HermiT reasoner, headless Chromium
# for the browser tests (driven by Playwright at /usr/bin/chromium; Playwright's own browser download is never
# used), Virtuoso (Debian's virtuoso-opensource-7, the second SPARQL engine the endpoint tests start on
# loopback ports with a database of their own), and the package with its test extras (which include the
# `oxigraph` server the tests start).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource-7)
if ((${#missing[@]})); then
  apt-get update -qq
  # The tests start their own Virtuoso; the package's system service is not started (policy-rc.d 101).
  own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  if ((own_policy)); then rm -f /usr/sbin/policy-rc.d; fi
fi

python -m pip install --quiet --disable-pip-version-check -e '.[test]'
