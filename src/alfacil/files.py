"""Opening a file to read it without ever blocking on one that is not a file.

``open()`` on a FIFO waits for a writer, forever; a device can hand out endless
bytes. A set file, a record or a lock that is anything but a regular file is refused
the same way everywhere: opened with ``O_NONBLOCK`` (so the open returns at once),
then ``fstat`` on the open descriptor (so what is checked is what is read), and
:class:`NotRegularFile` unless it is a regular file. Plain Python, for every layer.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from alfacil.i18n import N_, _


class NotRegularFile(OSError):
    """A path that names a FIFO, socket, device or folder; ``kind`` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        self.kind = kind
        super().__init__(
            errno.EINVAL, _("is {kind}, not a regular file").format(kind=_(kind)), str(path)
        )


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words ("a FIFO (named pipe)", "a folder", ...): an
    English msgid, translated with ``_`` where it is shown."""
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISFIFO(mode):
        return N_("a FIFO (named pipe)")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISLNK(mode):
        return N_("a link")
    return N_("not a regular file")


def open_regular(path: Path, *, follow_links: bool = True) -> int:
    """A read-only descriptor on ``path``, which must be a regular file.

    Raises :class:`NotRegularFile` for anything else, ``OSError`` as ``os.open`` does
    (``ELOOP`` for a link when ``follow_links`` is false). Never blocks.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened: say what it is
            try:
                mode = os.stat(path, follow_symlinks=follow_links).st_mode
            except OSError:
                raise exc from None
            raise NotRegularFile(path, kind_of(mode)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(path, kind_of(mode))
    return fd


def read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``fd`` (one more than allowed shows it is too big),
    sized by the file rather than the limit, which read(n) would allocate up front."""
    size = os.fstat(fd).st_size
    data = os.read(fd, min(size, limit) + 1)
    while len(data) <= limit:
        more = os.read(fd, limit + 1 - len(data))
        if not more:
            break
        data += more
    return data


def read_regular(path: Path, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file ``path`` (see :func:`open_regular`)."""
    fd = open_regular(path)
    try:
        return read_at_most(fd, limit)
    finally:
        os.close(fd)
