"""Files with client data that Lotse writes (exports, reports) are readable by their owner only.

An export folder on a shared server must not be readable by every account on it: files are
created with mode 0600 (an existing file is set to it before it is written), a new folder
with 0700, whatever the process's umask.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO


def private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def private_open(path: Path, mode: str = "w", **kwargs) -> IO:
    """``open(path, mode)`` for writing, the file readable and writable by the owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode, **kwargs)


def write_private(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    if isinstance(data, str):
        with private_open(path, "w", encoding=encoding) as handle:
            handle.write(data)
    else:
        with private_open(path, "wb") as handle:
            handle.write(data)
