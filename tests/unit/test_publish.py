"""Publishing a period's folder: a SIGKILL at any named instant of the publish step leaves the
folder complete (earlier or new) or restored by the next command; leftovers are removed; two
commands on the same folder never interleave.

Each publish runs in a child process that kills itself (SIGKILL, no clean-up of any kind) when
the publish step reaches the named checkpoint; the test then inspects the folder and runs again.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from so_analysis.run import swap as publish

FILES = 40  # enough that removing a folder takes more than one step

DRIVER = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from so_analysis.run import swap as publish

    final, content, point, swap, mode = sys.argv[1:6]
    final = Path(final)

    def checkpoint(name):
        if name == point:
            os.kill(os.getpid(), signal.SIGKILL)

    publish.checkpoint = checkpoint
    if swap == "renames":
        publish._exchange = lambda a, b: False
    log = final.parent / "intervals.log"
    with publish.publishing(final, "test", keep=lambda name: name == "dialog") as stage:
        with log.open("a") as f:
            f.write(f"start {content} {time.monotonic()}\\n")
        for i in range(FILES):
            (stage / f"f{i:02d}.txt").write_text(content)
        (stage / "sub").mkdir()
        (stage / "sub" / "x.txt").write_text(content)
        if mode.startswith("hold"):
            time.sleep(float(mode[4:]))
        with log.open("a") as f:
            f.write(f"end {content} {time.monotonic()}\\n")
        if mode == "fail":
            raise SystemExit(3)
    """
).replace("FILES", str(FILES))


def _publish(final: Path, content: str, point: str = "", swap: str = "exchange", mode: str = ""):
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(final), content, point or "-", swap, mode or "-"],
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(final: Path, content: str, point: str = "", swap: str = "exchange", mode: str = ""):
    process = _publish(final, content, point, swap, mode)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def _state(final: Path) -> str:
    """Which complete publication `final` is ('missing' if absent); fail if it is incomplete."""
    if not final.exists():
        return "missing"
    files = {p.relative_to(final).as_posix(): p.read_text() for p in final.rglob("*.txt")}
    assert files.pop("dialog/t.txt") == "dialog", "the dialog folder was not kept"
    contents = set(files.values())
    assert len(contents) == 1, f"a mixed folder: {sorted(contents)}"
    assert len(files) == FILES + 1, f"an incomplete folder: {len(files)} files"
    return contents.pop()


def _leftovers(final: Path) -> list[str]:
    return sorted(p.name for p in final.parent.iterdir() if p.name not in (final.name,))


@pytest.fixture
def earlier(tmp_path) -> Path:
    """OUT/2016 as an earlier run left it, with dialog templates a `dialog` command wrote."""
    final = tmp_path / "out" / "2016"
    final.mkdir(parents=True)
    for i in range(FILES):
        (final / f"f{i:02d}.txt").write_text("old")
    (final / "sub").mkdir()
    (final / "sub" / "x.txt").write_text("old")
    (final / "dialog").mkdir()
    (final / "dialog" / "t.txt").write_text("dialog")
    return final


KILL_POINTS = [
    # (checkpoint, swap, what OUT/2016 may be right after the kill)
    ("staged", "exchange", {"old"}),
    ("carried-over", "exchange", {"old"}),
    ("exchanged", "exchange", {"new"}),
    ("removing", "exchange", {"new"}),
    ("staged", "renames", {"old"}),
    ("between-renames", "renames", {"missing"}),
    ("after-renames", "renames", {"new"}),
    ("removing", "renames", {"new"}),
]


@pytest.mark.parametrize(("point", "swap", "allowed"), KILL_POINTS)
def test_a_kill_at_any_instant_leaves_the_folder_complete_or_restored(
    earlier, point, swap, allowed
):
    code, err = _run(earlier, "new", point, swap)
    assert code == -signal.SIGKILL, err
    assert _state(earlier) in allowed
    # the next command (here one that fails) first restores the earlier folder and cleans up
    code, err = _run(earlier, "failed", swap=swap, mode="fail")
    assert code == 3, err
    assert _state(earlier) == ("old" if "missing" in allowed else allowed.pop())
    assert _leftovers(earlier) == [".2016.lock", "intervals.log"]
    # and the next successful command publishes in full
    assert _run(earlier, "third", swap=swap) == (0, "")
    assert _state(earlier) == "third"
    assert _leftovers(earlier) == [".2016.lock", "intervals.log"]


def test_a_kill_while_restoring_or_cleaning_up_is_repaired_by_the_command_after(earlier):
    assert _run(earlier, "new", "between-renames", "renames")[0] == -signal.SIGKILL
    assert (
        _run(earlier, "stale", "staged", "renames")[0] == -signal.SIGKILL
    )  # restored, then killed
    assert _state(earlier) == "old"
    # now kill the recovery itself while it removes the staged folder the last kill left
    assert _run(earlier, "x", "removing", "renames")[0] == -signal.SIGKILL
    assert _state(earlier) == "old"
    assert any(".trash-" in name for name in _leftovers(earlier))
    assert _run(earlier, "fourth") == (0, "")
    assert _state(earlier) == "fourth"
    assert _leftovers(earlier) == [".2016.lock", "intervals.log"]


def test_a_kill_of_the_first_publication_leaves_nothing_half_written(tmp_path):
    final = tmp_path / "out" / "2016"
    assert _run(final, "new", "staged")[0] == -signal.SIGKILL
    assert not final.exists()
    (tmp_path / "out" / "2016H2").mkdir()  # another period's folder is left alone
    assert _run(final, "new", "renamed-into-place")[0] == -signal.SIGKILL
    files = {p.read_text() for p in final.rglob("*.txt")}
    assert files == {"new"} and len(list(final.rglob("*.txt"))) == FILES + 1
    assert not any(".partial-" in n for n in _leftovers(final))
    assert "2016H2" in _leftovers(final)


def test_a_second_command_waits_for_the_first_and_says_for_whom(earlier):
    first = _publish(earlier, "first", mode="hold1.5")
    deadline = time.monotonic() + 30
    log = earlier.parent / "intervals.log"
    while not (log.exists() and "start first" in log.read_text()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = _publish(earlier, "second")
    _, err_second = second.communicate(timeout=60)
    _, err_first = first.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, (err_first, err_second)
    assert f"so-report test (pid {first.pid}" in err_second  # names the run it waited for
    events = [line.split() for line in log.read_text().splitlines()]
    assert [(kind, who) for kind, who, _ in events] == [
        ("start", "first"),
        ("end", "first"),
        ("start", "second"),
        ("end", "second"),
    ]
    assert _state(earlier) == "second"
    assert _leftovers(earlier) == [".2016.lock", "intervals.log"]


def test_recover_restores_the_newest_complete_earlier_folder(tmp_path):
    final = tmp_path / "2016"
    for name, content in (
        ("old-00000000000000000001-1", "older"),
        ("old-00000000000000000002-1", "newer"),
    ):
        folder = tmp_path / f".2016.{name}"
        folder.mkdir()
        (folder / "a.txt").write_text(content)
    (tmp_path / ".2016.partial-abc").mkdir()
    (tmp_path / ".2016.trash-00000000000000000003-1").mkdir()
    publish.recover(final)
    assert (final / "a.txt").read_text() == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2016"]


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only; elsewhere the two renames are tested above")
    assert publish._exchange(a, b)
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


def test_carried_over_files_are_links_not_copies(earlier):
    before = os.stat(earlier / "dialog" / "t.txt").st_ino
    assert _run(earlier, "new") == (0, "")
    assert os.stat(earlier / "dialog" / "t.txt").st_ino == before
