"""Serializers (``chainer.serializers``): NPZ and HDF5 files in Chainer's key layout."""
from kusari.serializers.hdf5 import HDF5Deserializer, HDF5Serializer, load_hdf5, save_hdf5  # noqa: F401
from kusari.serializers.npz import (  # noqa: F401
    DictionarySerializer,
    NpzDeserializer,
    load_npz,
    save_npz,
)
