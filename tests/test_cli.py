"""The jfp-graph command as a user meets it: help everywhere, exact summaries, exit codes, no tracebacks."""

import shutil
import subprocess

import click
import pytest
from click.testing import CliRunner

from jfp_graph import __version__
from jfp_graph.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="jfp-graph", catch_exceptions=False)


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_version():
    result = run("--version")
    assert (result.exit_code, result.output) == (0, f"jfp-graph, version {__version__}\n")


@pytest.mark.parametrize("path", list(all_commands(main)), ids=" ".join)
def test_every_command_has_help(path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: jfp-graph {' '.join(path)}")


EXPECTED_FIXED_COUNTS = {
    "integrated care boards": 42,
    "NHS England regions": 7,
    "upper-tier local authorities": 153,
    "health and wellbeing boards": 153,
}


def summary_counts(output: str) -> dict[str, int]:
    counts = {}
    for line in output.splitlines()[1:]:
        if line.startswith("  "):
            label, _, number = line.strip().rpartition("  ")
            counts[label.strip()] = int(number)
    return counts


def test_info_counts_the_bundled_graph():
    result = run("info", "--store", "memory")
    assert result.exit_code == 0, result.output
    counts = summary_counts(result.output)
    assert {k: counts[k] for k in EXPECTED_FIXED_COUNTS} == EXPECTED_FIXED_COUNTS
    assert counts["NHS trusts"] + counts["NHS foundation trusts"] == 206
    assert counts["joint forward plan editions"] == 8  # 3 invented examples and 5 real plans (data/real-plans)
    assert counts["statutory requirements"] > 0


def test_info_loads_an_on_disk_store_once(tmp_path):
    location = str(tmp_path / "store")
    first = run("info", "--store", location)
    second = run("info", "--store", location)
    assert "loaded" in first.output.splitlines()[1]
    assert not any(line.startswith("loaded") for line in second.output.splitlines())
    assert summary_counts(first.output) == summary_counts(second.output)


def test_info_on_an_unusable_store_is_a_configuration_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["info", "--store", str(blocker / "store")])
    assert result.exit_code == 3
    assert result.output.startswith(f"error: cannot open store at {blocker / 'store'}")
    assert "Traceback" not in result.output


def test_installed_console_script_runs():
    executable = shutil.which("jfp-graph")
    assert executable, "the package must be installed (pip install -e .)"
    completed = subprocess.run([executable, "info", "--store", "memory", "--no-examples"], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert summary_counts(completed.stdout)["integrated care boards"] == 42
    assert summary_counts(completed.stdout)["joint forward plan editions"] == 0


def test_a_closed_pipe_is_not_an_error():
    executable = shutil.which("jfp-graph")
    listing = subprocess.Popen([executable, "query", "--list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    listing.stdout.close()  # the reader is gone before anything is written, as with `| head` on long output
    assert listing.wait(timeout=60) == 0
    assert listing.stderr.read() == b""
