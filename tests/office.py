"""LibreOffice for the tests that open our workbooks and memo in it (marked `libreoffice`).

`.ci/run` installs it: missing in CI is a failure, elsewhere a skip.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def office() -> str:
    """The LibreOffice program, or a failure (CI) or skip (elsewhere) when it is missing."""
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found:
        return found
    packages = "libreoffice-calc-nogui libreoffice-writer-nogui"
    if os.environ.get("CI"):
        pytest.fail(f"LibreOffice is not installed: .ci/run must install {packages}")
    pytest.skip(f"LibreOffice not installed (apt-get install {packages}); runs in CI")


def convert(path: Path, to: str, outdir: Path, profile: Path) -> Path:
    """`path` converted by headless LibreOffice (`--convert-to to`) into `outdir`, with its own
    user profile; the converted file, asserted to exist."""
    result = subprocess.run(
        [
            office(),
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    converted = outdir / f"{path.stem}.{to.split(':')[0]}"
    assert result.returncode == 0 and converted.is_file(), result.stderr
    return converted
