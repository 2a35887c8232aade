"""ConcatWithAsyncTransfer and Conveyor (kusari.dataset.convert)."""
import pickle

import numpy
import pytest

from kusari import dataset
from kusari.dataset import convert


def _batches(kind, rng):
    if kind == 'array':
        return [rng.rand(2, 3) for _ in range(4)]
    if kind == 'tuple':
        return [(rng.rand(2, 3), numpy.int32(i)) for i in range(4)]
    return [{'x': rng.rand(2, 3), 'y': rng.rand(1)} for _ in range(4)]


@pytest.mark.parametrize('kind', ['array', 'tuple', 'dict'])
@pytest.mark.parametrize('device', [None, -1, '@numpy'])
def test_cpu_results_equal_concat_examples(kind, device):
    rng = numpy.random.RandomState(0)
    conv = dataset.ConcatWithAsyncTransfer()
    for _ in range(3):  # the same converter, called again
        batch = _batches(kind, rng)
        out = conv(batch, device)
        ref = dataset.concat_examples(batch, device)
        if kind == 'array':
            out, ref = {0: out}, {0: ref}
        elif kind == 'tuple':
            out, ref = dict(enumerate(out)), dict(enumerate(ref))
        assert out.keys() == ref.keys()
        for k in ref:
            assert type(out[k]) is numpy.ndarray
            numpy.testing.assert_array_equal(out[k], ref[k])


def test_padding():
    conv = dataset.ConcatWithAsyncTransfer()
    x, y = conv([(numpy.ones(2), numpy.ones(1)), (numpy.ones(1), numpy.ones(3))],
                padding=(-1, 0))
    numpy.testing.assert_array_equal(x, [[1, 1], [1, -1]])
    numpy.testing.assert_array_equal(y, [[1, 0, 0], [1, 1, 1]])


def test_errors():
    conv = dataset.ConcatWithAsyncTransfer()
    with pytest.raises(ValueError, match='batch is empty'):
        conv([])
    conv([numpy.zeros(1)], None)
    with pytest.raises(ValueError, match=r"device is different from the first call's "
                                         r"\(-1 now, None before\)"):
        conv([numpy.zeros(1)], -1)


def test_pickle_and_use_in_an_updater_call():
    conv = pickle.loads(pickle.dumps(dataset.ConcatWithAsyncTransfer()))
    out = convert._call_converter(conv, [numpy.arange(2), numpy.arange(2)],
                                  convert._get_device(-1))
    numpy.testing.assert_array_equal(out, [[0, 1], [0, 1]])
    # a used converter pickles too, starting afresh
    again = pickle.loads(pickle.dumps(conv))
    again([numpy.zeros(1)], -1)


def test_conveyor_on_the_cpu_is_first_in_first_out():
    c = convert.Conveyor(-1)
    a, b = numpy.arange(3), numpy.arange(4)
    c.put(a)
    c.put(b)
    numpy.testing.assert_array_equal(c.get(), a)
    numpy.testing.assert_array_equal(c.get(), b)
    same = convert.Conveyor()  # no device: arrays stay where they are
    same.put(a)
    assert same.get() is a


def _cupy_or_skip():
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    return cupy


@pytest.mark.gpu
@pytest.mark.parametrize('kind', ['array', 'tuple', 'dict'])
@pytest.mark.parametrize('with_compute_stream', [False, True])
def test_gpu_double_buffering(kind, with_compute_stream):
    cupy = _cupy_or_skip()
    rng = numpy.random.RandomState(0)
    compute = cupy.cuda.Stream(non_blocking=True) if with_compute_stream else None
    conv = dataset.ConcatWithAsyncTransfer(compute_stream=compute)
    previous = None
    for step in range(5):
        batch = _batches(kind, rng)
        out = conv(batch, 0)
        ref = dataset.concat_examples(batch)
        if kind == 'array':
            out, ref = {0: out}, {0: ref}
        elif kind == 'tuple':
            out, ref = dict(enumerate(out)), dict(enumerate(ref))
        if compute is not None:
            compute.synchronize()
        for k in ref:
            assert isinstance(out[k], cupy.ndarray) and out[k].device.id == 0
            numpy.testing.assert_array_equal(cupy.asnumpy(out[k]), ref[k])
        if previous is not None:
            # two buffers in turn: this batch did not overwrite the previous one's arrays
            for k in ref:
                assert out[k].data.ptr != previous[k].data.ptr
        previous = out
    # a new shape gets new buffers
    out = conv([numpy.ones(7)] * 2 if kind == 'array' else
               [(numpy.ones(7), numpy.int32(1))] * 2 if kind == 'tuple' else
               [{'x': numpy.ones(7), 'y': numpy.ones(1)}] * 2, 0)
    first = out if kind == 'array' else out[0] if kind == 'tuple' else out['x']
    assert first.shape == (2, 7) and float(first.sum()) == 14.0


@pytest.mark.gpu
def test_gpu_conveyor_and_cupy_inputs():
    cupy = _cupy_or_skip()
    stream = cupy.cuda.Stream(non_blocking=True)
    c = convert.Conveyor(0, stream)
    c.put(numpy.arange(6.0))
    c.put(cupy.arange(3.0))  # already on the GPU: sent as it is
    first, second = c.get(), c.get()
    assert isinstance(first, cupy.ndarray) and first.tolist() == list(range(6))
    assert isinstance(second, cupy.ndarray) and second.tolist() == [0.0, 1.0, 2.0]
