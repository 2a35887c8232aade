"""Backends (``chainer.backends``); ``cuda`` is the Chainer-compatible CuPy shim."""
from kusari.backends import cpu_memory, cuda  # noqa: F401

cpu_memory._apply_from_environment()   # only with KUSARI_KEEP_FREED_MEMORY=1
