import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.utils.cache import cached_property


class _Holder:
    def __init__(self, x):
        self.x = x
        self.calls = 0

    @cached_property
    def y(self):
        self.calls += 1
        return F.exp(self.x)


def test_value_is_computed_once_per_backprop_mode():
    h = _Holder(kusari.Variable(numpy.ones(2)))
    a, b = h.y, h.y
    assert a is b and h.calls == 1 and a.creator is not None
    with kusari.no_backprop_mode():
        c, d = h.y, h.y
    assert c is d and c is not a and h.calls == 2 and c.creator is None
    assert h.y is a and h.calls == 2


def test_cached_property_is_read_only_and_named():
    h = _Holder(kusari.Variable(numpy.ones(2)))
    with pytest.raises(AttributeError, match='read-only'):
        h.y = 1
    assert _Holder.y.__name__ == 'y' and isinstance(_Holder.__dict__['y'], cached_property)
