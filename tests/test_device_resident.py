"""DeviceResident: device moves as a visitor walk, final and deprecated methods."""
import numpy
import pytest

import kusari
from kusari import backend, device_resident
from kusari.device_resident import DeviceResident, DeviceResidentsVisitor


class Table(DeviceResident):
    """A non-link resident holding one array and one Variable."""

    def __init__(self):
        super().__init__()
        self.values = numpy.arange(4.0)
        self.var = kusari.Variable(numpy.ones(2))

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.values = visitor.visit_array(self.values)
        visitor.visit_variable(self.var)


class Record(DeviceResidentsVisitor):
    def __init__(self):
        self.seen = []

    def visit_device_resident(self, device_resident):
        self.seen.append(('resident', device_resident))

    def visit_array(self, arr):
        self.seen.append(('array', arr))
        return arr * 2

    def visit_variable(self, param):
        self.seen.append(('variable', param))


def test_a_custom_resident_moves_and_is_visited():
    table = Table()
    assert table.device == backend.CpuDevice() and table.xp is numpy
    assert table.to_device('@numpy') is table and table.device == backend.CpuDevice()
    record = Record()
    values = table.values
    table.device_resident_accept(record)
    assert [kind for kind, _ in record.seen] == ['resident', 'array', 'variable']
    assert record.seen[0][1] is table and record.seen[1][1] is values
    numpy.testing.assert_array_equal(table.values, values * 2)


def test_a_link_holding_a_resident_passes_the_visitor_on():
    class Holder(kusari.Link):
        def __init__(self):
            super().__init__()
            self.table = Table()
            with self.init_scope():
                self.w = kusari.Parameter(0.0, (2,))

        def device_resident_accept(self, visitor):
            super().device_resident_accept(visitor)
            self.table.device_resident_accept(visitor)

    holder = Holder()
    record = Record()
    holder.device_resident_accept(record)
    kinds = [kind for kind, _ in record.seen]
    assert kinds == ['resident', 'variable', 'resident', 'array', 'variable']
    assert record.seen[1][1] is holder.w


def test_the_base_visitor_names_what_is_missing():
    visitor = DeviceResidentsVisitor()
    for call in (lambda: visitor.visit_device_resident(Table()),
                 lambda: visitor.visit_array(numpy.zeros(1)),
                 lambda: visitor.visit_variable(kusari.Variable(numpy.zeros(1)))):
        with pytest.raises(NotImplementedError, match='DeviceResidentsVisitor'):
            call()


def test_deprecated_to_methods_and_final_ones():
    table = Table()
    with pytest.warns(DeprecationWarning, match=r"to_cpu is deprecated.*'@numpy'"):
        table.to_cpu()
    with pytest.raises(TypeError, match="method 'to_device' is final"):
        type('Bad', (DeviceResident,), {'to_device': lambda self, d: self})
    with pytest.warns(DeprecationWarning, match="Overriding method 'to_gpu'"):
        cls = type('Old', (DeviceResident,), {'to_gpu': lambda self, device=None: self})
    assert cls._overridden_to_methods == ('to_gpu',)
    with pytest.warns(DeprecationWarning, match='to_intel64 is deprecated'):
        with pytest.raises(RuntimeError, match='iDeep'):
            table.to_intel64()


def test_to_device_calls_an_overridden_to_cpu_of_a_resident():
    calls = []
    with pytest.warns(DeprecationWarning):
        class Old(Table):
            def to_cpu(self):
                calls.append(self)
                return self

    old = Old()
    old.to_device('@numpy')            # to_device honours the override, on the root too
    assert calls == [old]

    class Holder(kusari.Link):
        def __init__(self):
            super().__init__()
            self.old = old

        def device_resident_accept(self, visitor):
            super().device_resident_accept(visitor)
            self.old.device_resident_accept(visitor)

    Holder().to_device(backend.CpuDevice())
    assert calls == [old, old]


def test_gpu_to_gpu_flag_is_thread_local_and_defaults_to_none():
    assert getattr(device_resident._thread_local, 'flag_gpu_to_gpu', None) is None


def _cupy_or_skip():
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    return cupy


@pytest.mark.gpu
def test_gpu_moves_parameters_persistents_and_state():
    cupy = _cupy_or_skip()
    import kusari.links as L
    model = kusari.Sequential(L.Linear(2, 3), L.LSTM(3, 2), L.BatchNormalization(2))
    model(numpy.ones((4, 2), numpy.float32))
    lstm = model[1]
    model.to_device('@cupy:0')
    assert all(link.xp is cupy for link in model.links())
    assert isinstance(model[0].W.array, cupy.ndarray) and isinstance(model[0].W.grad,
                                                                       (cupy.ndarray, type(None)))
    assert isinstance(model[2].avg_mean, cupy.ndarray)
    assert isinstance(lstm.h.array, cupy.ndarray) and isinstance(lstm.c.array, cupy.ndarray)
    y = model(cupy.ones((4, 2), numpy.float32))
    assert isinstance(y.array, cupy.ndarray)
    model.to_device('@numpy')
    assert isinstance(model[2].avg_mean, numpy.ndarray) and isinstance(lstm.h.array,
                                                                        numpy.ndarray)


@pytest.mark.gpu
def test_gpu_deprecated_to_gpu_and_overrides():
    cupy = _cupy_or_skip()
    calls = []
    with pytest.warns(DeprecationWarning):
        class Old(kusari.Link):
            def to_gpu(self, device=None):
                calls.append(device)
                with pytest.warns(DeprecationWarning):
                    return super().to_gpu(device)

    parent = kusari.Chain(child=Old())
    with parent.child.init_scope():
        parent.child.w = kusari.Parameter(0.0, (2,))
    parent.to_device('@cupy:0')
    assert calls == [0] and isinstance(parent.child.w.array, cupy.ndarray)
    with pytest.warns(DeprecationWarning, match="to_gpu is deprecated"):
        parent.to_gpu()
    assert len(calls) == 2 and isinstance(calls[1], cupy.cuda.Device)
    with pytest.warns(DeprecationWarning, match='to_cpu is deprecated'):
        parent.to_cpu()
    assert isinstance(parent.child.w.array, numpy.ndarray)
