import numpy
import pytest

import kusari.links as L
from kusari import testing


class Value:
    def __init__(self, value):
        self.value = value

    def serialize(self, serializer):
        self.value = serializer('value', self.value)


def test_npz_round_trip():
    src, dst = Value(numpy.arange(3.0)), Value(numpy.zeros(3))
    testing.save_and_load_npz(src, dst)
    numpy.testing.assert_array_equal(dst.value, [0.0, 1.0, 2.0])


def test_hdf5_round_trip_of_a_link():
    pytest.importorskip('h5py')
    src, dst = L.Linear(2, 3), L.Linear(2, 3)
    testing.save_and_load_hdf5(src, dst)
    numpy.testing.assert_array_equal(dst.W.array, src.W.array)


def test_save_and_load_uses_the_given_functions():
    calls = []
    testing.save_and_load('a', 'b', 'name.bin', lambda path, obj: calls.append(('save', obj)),
                          lambda path, obj: calls.append(('load', obj, path[-8:])))
    assert calls == [('save', 'a'), ('load', 'b', 'name.bin')]
