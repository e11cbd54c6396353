"""Headless Chromium opens the report: no console error, nothing fetched, a screenshot.

`.ci/run` installs Debian's chromium. Where it is not installed (a developer's laptop) this test
skips, except in CI (CI=true), where a missing browser is a failure.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from so_analysis.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run must install it")
    pytest.skip("chromium not installed (apt-get install chromium); runs in CI")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    os.environ["SO_ANALYSIS_KEY"] = "test-key-only-for-the-test-suite"
    assert (
        main(
            [
                "run",
                "--data",
                str(SAMPLE),
                "--period",
                "2016",
                "--out",
                str(out),
                "--as-of",
                "2017-06-30",
                "--quiet",
            ]
        )
        == 0
    )
    return out / "2016" / "kvalitetsrapport.html"


@pytest.mark.chromium
def test_chromium_renders_the_report_cleanly(report_page, tmp_path):
    browser = _chromium()
    shot = tmp_path / "kvalitetsrapport.png"
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            # Every host resolves to nothing: a fetch by the page would log a console error.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1280,2400",
            f"--screenshot={shot}",
            report_page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    assert shot.exists() and shot.stat().st_size > 20_000
    keep = os.environ.get("SO_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy2(shot, Path(keep) / shot.name)
