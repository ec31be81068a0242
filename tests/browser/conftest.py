"""A real server and a headless Chromium (Debian's /usr/bin/chromium) for the browser tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

CHROMIUM = "/usr/bin/chromium"
# Flags for a closed network: no background fetches to Google's services at start-up.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "jfp_graph", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--store", str(tmp_path_factory.mktemp("browser") / "store")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )
    url = process.stdout.readline().split(" at ", 1)[1].split(" ", 1)[0]
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "openapi.json", timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield url.rstrip("/")
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
