"""Publishing a period's folder so that no crash can lose it and no two commands interleave.

`OUT/<period>/` is written aside, in `OUT/.<period>.partial-*`, and swapped in when complete:

- On Linux the swap is one system call (`renameat2` with `RENAME_EXCHANGE`): at every instant
  `OUT/<period>/` is the complete earlier folder or the complete new one. Elsewhere it is two
  renames (the earlier folder to `.<period>.old-*`, the new one into place); a kill between
  them leaves no `OUT/<period>/` until the next command, which puts the earlier folder back.
- A folder is only deleted after it has been renamed to `.<period>.trash-*`, so a
  `.<period>.old-*` folder is always complete and a `.trash-*` folder is always garbage.
- Every command first takes the period's lock (`OUT/.<period>.lock`, `fcntl.flock`), then
  restores or removes what an interrupted command left (`recover`). A second command on the
  same period waits for the first to finish, and says which run it waits for.
- `run` keeps the `dialog/` folder and `dialog` keeps the report: each command carries over
  (as hard links, or copies where links are not possible) what the other one wrote.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from so_analysis.core.texts import texts

log = logging.getLogger(__name__)

PARTIAL, OLD, TRASH = "partial", "old", "trash"
_RENAME_EXCHANGE = 2  # linux/fs.h


def checkpoint(name: str) -> None:
    """A named instant of the publish step; does nothing (tests replace it to kill the process)."""


def _aside(final: Path, kind: str) -> Path:
    """A name beside `final` for a staged, earlier or discarded folder; sorts by creation time."""
    return final.parent / f".{final.name}.{kind}-{time.time_ns():020d}-{os.getpid()}"


def _leftovers(final: Path, kind: str) -> list[Path]:
    return sorted(p for p in final.parent.glob(f".{final.name}.{kind}-*") if p.is_dir())


def _discard(path: Path, final: Path) -> None:
    """Delete a folder: first renamed to trash (atomic), then removed (a kill leaves only trash)."""
    trash = _aside(final, TRASH)
    try:
        path.rename(trash)
    except FileNotFoundError:
        return
    _remove(trash)


def _remove(trash: Path) -> None:
    for i, child in enumerate(sorted(trash.iterdir())):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
        if i == 0:
            checkpoint("removing")
    trash.rmdir()


def recover(final: Path) -> None:
    """Repair what an interrupted publish of `final` left: restore the earlier folder if
    `final` is missing, then remove every staged, earlier and discarded folder beside it."""
    olds = _leftovers(final, OLD)
    if not final.exists() and olds:
        olds[-1].rename(final)
        log.warning(texts("sv")("run.restored", folder=final.name))
        olds = olds[:-1]
    for path in [*_leftovers(final, PARTIAL), *olds]:
        _discard(path, final)
    for path in _leftovers(final, TRASH):
        _remove(path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(
        at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _swap_in(stage: Path, final: Path) -> None:
    """Put the complete `stage` in place of `final`; the earlier folder is removed after."""
    if not final.exists():
        stage.rename(final)
        checkpoint("renamed-into-place")
        return
    if _exchange(stage, final):
        checkpoint("exchanged")
        _discard(stage, final)  # now holds the earlier folder
        return
    old = _aside(final, OLD)
    final.rename(old)
    checkpoint("between-renames")
    stage.rename(final)
    checkpoint("after-renames")
    _discard(old, final)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _carry_over(final: Path, stage: Path, keep: Callable[[str], bool]) -> None:
    """Bring into `stage` what `final` holds under the top-level names `keep` accepts."""
    if not final.is_dir():
        return
    for entry in sorted(final.iterdir()):
        if not keep(entry.name) or (stage / entry.name).exists() or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, stage / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(stage / entry.name))
    checkpoint("carried-over")


@contextlib.contextmanager
def period_lock(final: Path, command: str) -> Iterator[None]:
    """Hold `OUT/.<period>.lock` for the block; wait (saying for whom) while another run holds it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(final.parent / f".{final.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            t = texts("sv")
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            log.warning(t("run.waiting", holder=holder or t("run.another_run"), folder=final.name))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        started = datetime.now().isoformat(timespec="seconds")
        holder = texts("sv")("run.lock_holder", command=command, pid=os.getpid(), started=started)
        os.pwrite(fd, holder.encode(), 0)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def publishing(final: Path, command: str, keep: Callable[[str], bool]) -> Iterator[Path]:
    """Yield an empty folder to write `final`'s new content into; on success it replaces `final`.

    Holds the period's lock throughout; first repairs what an interrupted command left. What
    `final` holds under the top-level names `keep` accepts is carried over into the new folder.
    On failure the new folder vanishes and `final` is untouched.
    """
    final = Path(final)
    with period_lock(final, command):
        recover(final)
        stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.{PARTIAL}-", dir=final.parent))
        try:
            yield stage
            checkpoint("staged")
            _carry_over(final, stage, keep)
            os.chmod(stage, 0o755)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        _swap_in(stage, final)
