import numpy
import pytest

from kusari import backend
from kusari.dataset import Converter, concat_examples, converter, to_device
from kusari.dataset.convert import _call_converter


def test_arrays():
    batch = [numpy.full((2, 3), i, numpy.float32) for i in range(4)]
    y = concat_examples(batch)
    assert y.shape == (4, 2, 3) and y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y[:, 0, 0], [0, 1, 2, 3])


def test_tuples_with_scalar_labels():
    batch = [(numpy.ones(2, numpy.float32) * i, numpy.int32(i)) for i in range(3)]
    x, t = concat_examples(batch)
    assert x.shape == (3, 2) and t.shape == (3,) and t.dtype == numpy.int32
    numpy.testing.assert_array_equal(t, [0, 1, 2])


def test_dicts():
    batch = [{'a': numpy.zeros(2), 'b': numpy.array(i)} for i in range(3)]
    out = concat_examples(batch)
    assert set(out) == {'a', 'b'}
    assert out['a'].shape == (3, 2)
    numpy.testing.assert_array_equal(out['b'], [0, 1, 2])


def test_padding_single_value():
    batch = [numpy.ones((1, 3)), numpy.ones((2, 2))]
    y = concat_examples(batch, padding=-1)
    assert y.shape == (2, 2, 3)
    numpy.testing.assert_array_equal(y[0], [[1, 1, 1], [-1, -1, -1]])
    numpy.testing.assert_array_equal(y[1], [[1, 1, -1], [1, 1, -1]])


def test_padding_per_position():
    batch = [(numpy.ones(2), numpy.ones(1)), (numpy.ones(3), numpy.ones(2))]
    x, t = concat_examples(batch, padding=(0, -1))
    numpy.testing.assert_array_equal(x, [[1, 1, 0], [1, 1, 1]])
    numpy.testing.assert_array_equal(t, [[1, -1], [1, 1]])


def test_padding_dict():
    batch = [{'x': numpy.ones(1)}, {'x': numpy.ones(2)}]
    out = concat_examples(batch, padding={'x': 7})
    numpy.testing.assert_array_equal(out['x'], [[1, 7], [1, 1]])


def test_padding_ndim_mismatch_raises():
    with pytest.raises(ValueError, match='same number of dimensions'):
        concat_examples([numpy.ones(2), numpy.ones((2, 2))], padding=0)


def test_padding_tuple_length_mismatch_raises():
    with pytest.raises(ValueError, match='padding has 1 elements'):
        concat_examples([(numpy.ones(1), numpy.ones(1))], padding=(0,))


def test_empty_batch_raises():
    with pytest.raises(ValueError, match='batch is empty'):
        concat_examples([])


@pytest.mark.parametrize('device', [-1, '-1', '@numpy', backend.CpuDevice()])
def test_device_cpu(device):
    x = concat_examples([numpy.ones(2)], device)
    assert isinstance(x, numpy.ndarray)


def test_invalid_device_raises():
    with pytest.raises(ValueError, match='invalid device specifier'):
        concat_examples([numpy.ones(2)], '@tpu')
    with pytest.raises(TypeError, match='invalid device specifier'):
        concat_examples([numpy.ones(2)], numpy)


def test_to_device_none_is_identity():
    a = numpy.ones(2)
    assert to_device(None, a) is a
    assert to_device(-1, a) is a


def test_converter_decorator_receives_device_objects():
    seen = []

    @converter()
    def conv(batch, device=None):
        seen.append(device)
        return batch

    assert isinstance(conv, Converter)
    conv([1], -1)
    conv([1], device='@numpy')
    conv([1])
    assert seen[0] == backend.CpuDevice() and seen[1] == backend.CpuDevice()
    assert seen[2] is None


def test_converter_decorator_rejects_non_callable():
    with pytest.raises(TypeError, match='Can only wrap a callable'):
        converter()(3)


def test_call_converter_gives_plain_functions_int_devices():
    got = []

    def plain(batch, device):
        got.append(device)
        return batch

    _call_converter(plain, [1], backend.CpuDevice())
    _call_converter(plain, [1], None)
    assert got == [-1, None]


def test_base_converter_is_abstract():
    with pytest.raises(NotImplementedError):
        Converter()([1], None)
