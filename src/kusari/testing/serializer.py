"""``save_and_load`` and its NPZ and HDF5 shortcuts: a serialization round trip."""
import os
import tempfile


def save_and_load(src, dst, filename, saver, loader):
    """Save ``src`` with ``saver`` and load the file into ``dst`` with ``loader``.

    The file lives in a temporary directory, removed afterwards.

    Parameters
    ----------
    src, dst : object
        What to save from and what to load into (links, optimizers, any serializable).
    filename : str
        The file's name inside the temporary directory.
    saver, loader : callable
        ``saver(path, src)`` and ``loader(path, dst)``.
    """
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, filename)
        saver(path, src)
        loader(path, dst)


def save_and_load_npz(src, dst):
    """:func:`save_and_load` through :func:`kusari.serializers.save_npz` and ``load_npz``."""
    from kusari import serializers
    save_and_load(src, dst, 'tmp.npz', serializers.save_npz, serializers.load_npz)


def save_and_load_hdf5(src, dst):
    """:func:`save_and_load` through :func:`kusari.serializers.save_hdf5` and ``load_hdf5``
    (the ``h5py`` extra)."""
    from kusari import serializers
    save_and_load(src, dst, 'tmp.h5', serializers.save_hdf5, serializers.load_hdf5)
