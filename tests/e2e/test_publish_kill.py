"""The real commands under SIGKILL and concurrency: `run` killed between the two renames of its
publish step loses nothing (the next command, a `dialog`, restores the report and keeps it);
`run` and `dialog` started together on one period both land, neither destroys the other."""

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"

DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from so_analysis import cli
    from so_analysis.run import swap as publish

    point, argv = sys.argv[1], sys.argv[2:]

    def checkpoint(name):
        if name == point:
            os.kill(os.getpid(), signal.SIGKILL)

    publish.checkpoint = checkpoint
    publish._exchange = lambda a, b: False  # the two-rename swap, with its window
    sys.exit(cli.main(argv))
    """
)


def _command(command: str, out: Path, point: str = "-") -> list[str]:
    return [
        sys.executable,
        "-c",
        DRIVER,
        point,
        command,
        "--data",
        str(SAMPLE),
        "--period",
        "2016",
        "--as-of",
        "2017-06-30",
        "--out",
        str(out),
    ]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _report_files(folder: Path) -> set[str]:
    return {name for name in _files(folder) if not name.startswith("dialog/")}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """OUT/2016 with the report and the dialog templates, as `make report` leaves it."""
    out = tmp_path_factory.mktemp("published")
    for command in ("run", "dialog"):
        done = subprocess.run(_command(command, out), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return out


def test_run_killed_between_the_renames_is_restored_by_the_next_dialog(published, tmp_path):
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(published), str(out)], check=True)
    before = _files(out / "2016")
    assert any(n.startswith("dialog/") for n in before) and "kvalitetsrapport.html" in before
    killed = subprocess.run(
        _command("run", out, "between-renames"), capture_output=True, timeout=300
    )
    assert killed.returncode == -signal.SIGKILL
    assert not (out / "2016").exists()  # the window the two renames leave
    old = [p for p in out.iterdir() if p.name.startswith(".2016.old-")]
    assert len(old) == 1 and _files(old[0]) == before
    dialog = subprocess.run(_command("dialog", out), capture_output=True, text=True, timeout=300)
    assert dialog.returncode == 0, dialog.stderr
    assert "återställde 2016" in dialog.stderr
    after = _files(out / "2016")
    assert {n: b for n, b in after.items() if not n.startswith("dialog/")} == {
        n: b for n, b in before.items() if not n.startswith("dialog/")
    }
    assert {n for n in after if n.startswith("dialog/")} == {
        n for n in before if n.startswith("dialog/")
    }
    assert sorted(p.name for p in out.iterdir()) == [".2016.lock", "2016"]


def test_run_and_dialog_at_the_same_time_keep_each_others_files(published, tmp_path):
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(published), str(out)], check=True)
    expected_report = _report_files(out / "2016")
    expected_dialog = set(_files(out / "2016")) - expected_report
    for dialog in (out / "2016" / "dialog").iterdir():
        dialog.unlink()  # so that the dialog templates in the end can only be the new ones
    (out / "2016" / "kvalitetsrapport.html").write_text("earlier", encoding="utf-8")
    run = subprocess.Popen(_command("run", out), stderr=subprocess.PIPE, text=True)
    dialog = subprocess.Popen(_command("dialog", out), stderr=subprocess.PIPE, text=True)
    _, run_err = run.communicate(timeout=300)
    _, dialog_err = dialog.communicate(timeout=300)
    assert run.returncode == 0, run_err
    assert dialog.returncode == 0, dialog_err
    files = _files(out / "2016")
    assert _report_files(out / "2016") == expected_report
    assert set(files) - expected_report == expected_dialog
    assert files["kvalitetsrapport.html"] != b"earlier"  # the run's report landed
    assert sorted(p.name for p in out.iterdir()) == [".2016.lock", "2016"]
