"""Backends (``chainer.backends``); ``cuda`` is the Chainer-compatible CuPy shim."""
from kusari.backends import cuda  # noqa: F401
