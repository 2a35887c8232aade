"""A stand-in for ``kusari.utils.WalkerAlias`` while that class is built on another branch.

Only the tests use it (the links import the real one); it is installed only if the real one
is missing, and removed afterwards.
"""
import numpy
import pytest

import kusari.utils
from kusari import backend


class _FallbackWalkerAlias:
    """Samples ``i`` with probability ``p[i] / sum(p)`` by inverse CDF (not constant time)."""

    def __init__(self, probs):
        p = numpy.asarray(probs, numpy.float64)
        self.cdf = numpy.cumsum(p / p.sum())
        self._device = backend.CpuDevice()

    @property
    def device(self):
        return self._device

    def to_device(self, device):
        self._device = backend.get_device(device)
        return self

    def sample(self, shape):
        u = numpy.random.uniform(0, 1, shape)
        idx = numpy.minimum(numpy.searchsorted(self.cdf, u, side='right'), len(self.cdf) - 1)
        return self._device.send(idx.astype(numpy.int32))


@pytest.fixture
def walker_alias(monkeypatch):
    """``kusari.utils.WalkerAlias``, the stand-in where the real one is missing."""
    try:
        from kusari.utils import WalkerAlias
    except ImportError:
        monkeypatch.setattr(kusari.utils, 'WalkerAlias', _FallbackWalkerAlias, raising=False)
        WalkerAlias = _FallbackWalkerAlias
    return WalkerAlias
