"""Atomic file writing: write a temporary file beside the target, fsync it, then rename it."""
import contextlib
import os
import secrets
import stat


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path in the directory of ``path``; on success it replaces ``path``.

    The temporary file is created empty (with the usual permissions, or those of an existing
    ``path``); the caller writes it, after which it is fsynced and renamed over ``path`` with
    :func:`os.replace`, so ``path`` never holds a partly written file. On an exception the
    temporary file is removed and ``path`` is left untouched.

    Parameters
    ----------
    path : str or os.PathLike
        The target file name.

    Yields
    ------
    str
        The temporary file name to write.
    """
    path = os.fspath(path)
    directory, base = os.path.split(os.path.abspath(path))
    while True:
        tmp = os.path.join(directory, '.{}.{}.tmp'.format(base, secrets.token_hex(6)))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        break
    try:
        try:
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        except OSError:
            pass
        yield tmp
        with open(tmp, 'rb+') as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def _fsync_dir(directory):
    """Make the rename durable where the platform allows it (best effort)."""
    flags = getattr(os, 'O_DIRECTORY', None)
    if flags is None:
        return
    try:
        fd = os.open(directory, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
