"""Files the tracker writes for the user (exports, calendars, backups): private and all-or-nothing.

A copy is written under a temporary name in the target's own folder, flushed to disk, and only
then renamed over the target, so a full disk or a crash leaves the previous file whole; and it is
created 0600, as it holds the same personal notes as the database.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from tracker.model import UserError


class FileError(UserError):
    """A file that could not be written, said in one line naming it."""


def target_of(path: Path) -> Path:
    """Where writing to `path` lands: a symlink is followed, so the link itself is kept."""
    path = Path(path).expanduser()
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def is_same_file(a: Path, b: Path) -> bool:
    """Whether two names reach one file (through symlinks, hard links or `..`)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_database(target: Path, database: Path, option: str) -> None:
    """Refuses a target that is the database being read, or one of the files SQLite keeps
    beside it: writing there would destroy the data being copied."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if is_same_file(target, database.with_name(database.name + suffix)):
            raise FileError(
                f"{option}: {target} is the database itself ({database}); choose another file"
            )


def why(error: OSError) -> str:
    """An OSError in a few words, saying plainly when the disk is full."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return error.strerror or type(error).__name__


@contextlib.contextmanager
def private_temp(path: Path) -> Iterator[Path]:
    """A new, empty 0600 file beside `path` for the caller to fill; once the block ends without
    an error it is synced and renamed over `path` (a symlink's target), else it is removed."""
    import tempfile  # only when a file is written: it would slow every start-up

    target = target_of(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise FileError(f"cannot write {path}: {why(err)}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as err:
        raise FileError(
            f"cannot write {path}: {why(err)}; any old file there is unchanged"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fsync_dir(target.parent)


def write_private_atomic(path: Path, data: str | bytes | Iterable[str | bytes]) -> None:
    """Writes `data` (text is UTF-8) to `path` privately and all-or-nothing (see the module)."""
    chunks = [data] if isinstance(data, str | bytes) else data
    with private_temp(path) as tmp, open(tmp, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)


def fsync_dir(folder: Path) -> None:
    """Makes a rename durable (the folder's entry), where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
