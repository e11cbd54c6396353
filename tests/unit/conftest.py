"""The unit tier runs on hand-made frames only.

A test here that asks for the sample's fixtures, reads anything under data/sample or starts
LibreOffice or a browser fails, naming what it did: such a test belongs in tests/integration/
(the sample) or carries its marker there (`libreoffice`, `chromium`).
"""

from __future__ import annotations

import os
import sys

import pytest
from conftest import SAMPLE

SAMPLE_FIXTURES = frozenset({"sample_dataset", "sample_analysis"})
PROGRAMS = frozenset({"libreoffice", "soffice", "chromium", "chromium-browser"})
_SAMPLE = os.fspath(SAMPLE)

_running = False  # a unit test is being set up, run or torn down
_found: list[str] = []


def _in_sample(path: object) -> bool:
    if not isinstance(path, str | bytes | os.PathLike):
        return False  # a file descriptor
    full = os.path.abspath(os.fsdecode(path))
    return full == _SAMPLE or full.startswith(_SAMPLE + os.sep)


def _program(args: tuple) -> str:
    executable, argv = args[0], args[1]
    if executable is None:
        first = argv.split()[0] if isinstance(argv, str | bytes) else next(iter(argv), "")
        executable = first
    return os.path.basename(os.fsdecode(executable))


def _audit(event: str, args: tuple) -> None:
    if not _running:
        return
    what = None
    if event in ("open", "os.listdir", "os.scandir") and args and _in_sample(args[0]):
        what = f"reads {os.fsdecode(args[0])}: it belongs in tests/integration/"
    elif event == "subprocess.Popen" and _program(args) in PROGRAMS:
        what = f"starts {_program(args)}: it belongs in tests/integration/ with its marker"
    if what:
        _found.append(what)
        raise RuntimeError(f"a unit test {what}")


sys.addaudithook(_audit)  # for the whole process; it acts only while a unit test runs


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    global _running
    _running = True
    used = sorted(SAMPLE_FIXTURES & set(getattr(item, "fixturenames", ())))
    if used:
        pytest.fail(f"a unit test uses {', '.join(used)}: it belongs in tests/integration/")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    global _running
    try:
        return (yield)
    finally:
        _running = False
        found = list(dict.fromkeys(_found))
        _found.clear()
        if found:
            pytest.fail("a unit test " + "; ".join(found), pytrace=False)
