"""Link: the deprecated device moves."""
import numpy
import pytest

import kusari
import kusari.links as L


def test_to_cpu_and_to_gpu_are_deprecated():
    link = L.Linear(2, 3)
    with pytest.warns(DeprecationWarning, match=r"to_cpu is deprecated. Please use "
                                                r"to_device\('@numpy'\) instead."):
        assert link.to_cpu() is link
    assert isinstance(link.W.array, numpy.ndarray)
    with pytest.warns(DeprecationWarning, match=r"to_gpu is deprecated. Please use "
                                                r"to_device\('@cupy:N'\) instead."):
        try:
            link.to_gpu()
        except Exception:  # noqa: BLE001 - without CuPy the move itself fails after warning
            pass


def test_to_device_does_not_warn(recwarn):
    link = kusari.Link()
    link.to_device('@numpy')
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
