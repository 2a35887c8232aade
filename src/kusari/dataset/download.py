"""Where datasets are cached, and fetching files into that cache once, with checksums.

The root folder is ``$KUSARI_DATASET_ROOT`` if set, else ``~/.kusari/dataset``. Downloads go
through `pooch <https://www.fatiando.org/pooch>`_ (the optional ``datasets`` extra), imported
only when a file is missing. A file already in its folder is used as it is, after its checksum
is verified, so a machine without network access can be given the files by hand.
"""
import hashlib
import os
import shutil
import tempfile

_dataset_root = os.environ.get(
    'KUSARI_DATASET_ROOT', os.path.join(os.path.expanduser('~'), '.kusari', 'dataset'))


def get_dataset_root():
    """The root folder of the dataset cache.

    Returns
    -------
    str
        ``$KUSARI_DATASET_ROOT`` or ``~/.kusari/dataset``, unless :func:`set_dataset_root`
        changed it.
    """
    return _dataset_root


def set_dataset_root(path):
    """Change the root folder of the dataset cache (for this process).

    Parameters
    ----------
    path : str
        The new root folder.
    """
    global _dataset_root
    _dataset_root = path


def get_dataset_directory(dataset_name, create_directory=True):
    """The folder of one dataset under the root, created if needed.

    Parameters
    ----------
    dataset_name : str
        A relative path under the root, e.g. ``'mnist'``.
    create_directory : bool
        Create the folder if it does not exist.

    Returns
    -------
    str
        The folder's path.
    """
    path = os.path.join(_dataset_root, dataset_name)
    if create_directory:
        os.makedirs(path, exist_ok=True)
    return path


def file_hash(path, alg='md5'):
    """The hex digest of a file's content.

    Parameters
    ----------
    path : str
        The file.
    alg : str
        A :mod:`hashlib` algorithm name (``'md5'``, ``'sha256'``, ...).

    Returns
    -------
    str
        The hex digest.
    """
    h = hashlib.new(alg)
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def _split_hash(known_hash):
    if ':' in known_hash:
        alg, value = known_hash.split(':', 1)
    else:
        alg, value = 'sha256', known_hash
    return alg.lower(), value.lower()


def verify_file(path, known_hash):
    """Raise if the file's checksum is not ``known_hash``.

    Parameters
    ----------
    path : str
        The file.
    known_hash : str or None
        ``'<alg>:<hexdigest>'`` (``'md5:...'``, ``'sha256:...'``), a bare SHA-256 digest, or
        ``None`` (nothing is checked).

    Raises
    ------
    ValueError
        If the checksum differs, naming the file, the expected and the actual digest.
    """
    if known_hash is None:
        return
    alg, expected = _split_hash(known_hash)
    actual = file_hash(path, alg)
    if actual != expected:
        raise ValueError(
            'kusari: the {} checksum of {} is {}, expected {}. The file is damaged or not '
            'the expected one: delete it and fetch it again.'.format(alg, path, actual, expected))


def fetch_file(url, known_hash=None, fname=None, path=None):
    """Return the local path of ``url``'s file, downloading it once into the cache.

    A file already at ``path/fname`` is used (after its checksum is verified); otherwise it is
    downloaded with pooch. Without pooch or without network access, the error names the file
    and the folder to put it in.

    Parameters
    ----------
    url : str
        Where the file can be downloaded from.
    known_hash : str or None
        Its checksum, ``'md5:<hex>'`` or ``'sha256:<hex>'``; ``None`` checks nothing.
    fname : str, optional
        The file name in the cache (the last part of ``url`` by default).
    path : str, optional
        The folder (``<root>/_dl_cache`` by default).

    Returns
    -------
    str
        The path of the file.

    Raises
    ------
    RuntimeError
        If the file is missing and cannot be downloaded.
    ValueError
        If its checksum is wrong.
    """
    if fname is None:
        fname = url.rstrip('/').rsplit('/', 1)[-1]
    if path is None:
        path = get_dataset_directory('_dl_cache')
    else:
        os.makedirs(path, exist_ok=True)
    target = os.path.join(path, fname)
    if os.path.exists(target):
        verify_file(target, known_hash)
        return target
    by_hand = ('Download {} and put it at {} (the root folder is set by the '
               'KUSARI_DATASET_ROOT environment variable).'.format(url, target))
    try:
        import pooch
    except ImportError:
        raise RuntimeError(
            'kusari: {} is not in {}. {} Or install pooch to let kusari download it: '
            "pip install 'kusari[datasets]'.".format(fname, path, by_hand)) from None
    try:
        return pooch.retrieve(url, known_hash=known_hash, fname=fname, path=path,
                              progressbar=False)
    except ValueError:
        raise
    except Exception as e:
        raise RuntimeError('kusari: could not download {} ({}: {}). {}'.format(
            fname, type(e).__name__, e, by_hand)) from e


def cached_download(url, known_hash=None):
    """Download ``url`` once into ``<root>/_dl_cache`` and return the local path.

    Parameters
    ----------
    url : str
        The file's address.
    known_hash : str or None
        Its checksum (see :func:`fetch_file`).

    Returns
    -------
    str
        The path of the cached file.
    """
    name = hashlib.md5(url.encode('utf-8')).hexdigest()
    return fetch_file(url, known_hash, fname=name, path=get_dataset_directory('_dl_cache'))


def cache_or_load_file(path, creator, loader):
    """Load ``path`` with ``loader``, creating it first with ``creator`` if it is missing.

    The file is created in a temporary folder next to ``path`` and moved into place, so that an
    interrupted creation never leaves a partial file behind.

    Parameters
    ----------
    path : str
        The cache file.
    creator : callable
        ``creator(path)`` writes the file at ``path`` and returns the loaded content.
    loader : callable
        ``loader(path)`` returns the content of an existing file.

    Returns
    -------
    The content.

    Raises
    ------
    RuntimeError
        If the dataset root folder cannot be created (as Chainer, which keeps a lock file
        there), or if ``creator`` wrote no file.
    """
    if os.path.exists(path):
        return loader(path)
    try:
        os.makedirs(_dataset_root, exist_ok=True)
    except OSError:
        raise RuntimeError('kusari: cannot create the dataset root folder {} (set it with '
                           'set_dataset_root or KUSARI_DATASET_ROOT)'.format(
                               _dataset_root)) from None
    folder = os.path.dirname(path) or '.'
    os.makedirs(folder, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=folder, prefix='.tmp-')
    try:
        tmp_path = os.path.join(tmp, os.path.basename(path))
        content = creator(tmp_path)
        if not os.path.exists(tmp_path):
            raise RuntimeError('kusari: the creator of {} returned without writing the file '
                               'it was given ({})'.format(path, tmp_path))
        if not os.path.exists(path):
            shutil.move(tmp_path, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return content
