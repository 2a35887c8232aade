"""config, global_config, using_config (thread-local), backprop modes, debug mode."""
import io
import threading

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import FunctionNode, Variable, config, global_config, using_config


def test_defaults():
    assert config.train is True
    assert config.enable_backprop is True
    assert config.debug is False
    assert config.type_check is True
    assert config.dtype == numpy.float32
    assert config.keep_graph_on_report is False
    assert config.in_recomputing is False
    assert config.use_cudnn == 'never'
    # keys Chainer 7.8.1 has (kusari accepts them; it has no cuDNN or layout modes)
    assert config.compute_mode is None
    assert config.cudnn_fast_batch_normalization is False


def test_unknown_key_raises_attribute_error():
    with pytest.raises(AttributeError):
        config.no_such_key
    with pytest.raises(AttributeError, match='no key'):
        global_config.no_such_key


def test_using_config_sets_and_restores():
    assert config.train is True
    with using_config('train', False):
        assert config.train is False
        with using_config('train', 'nested'):
            assert config.train == 'nested'
        assert config.train is False
    assert config.train is True
    assert 'train' not in config.__dict__


def test_using_config_restores_on_exception():
    with pytest.raises(KeyError):
        with using_config('train', False):
            raise KeyError
    assert config.train is True


def test_using_config_new_key():
    with using_config('my_key', 3):
        assert config.my_key == 3
    with pytest.raises(AttributeError):
        config.my_key


def test_using_config_keeps_a_thread_local_override():
    config.train = 'local'
    try:
        with using_config('train', False):
            assert config.train is False
        assert config.train == 'local'
    finally:
        del config.train
    assert config.train is True


def test_global_config_is_seen_unless_overridden():
    old = global_config.keep_graph_on_report
    try:
        global_config.keep_graph_on_report = True
        assert config.keep_graph_on_report is True
        with using_config('keep_graph_on_report', False):
            assert config.keep_graph_on_report is False
            assert global_config.keep_graph_on_report is True
    finally:
        global_config.keep_graph_on_report = old
    assert config.keep_graph_on_report is False


def test_using_config_is_thread_local():
    seen = {}
    entered = threading.Event()
    release = threading.Event()

    def worker():
        with using_config('train', False):
            seen['worker_inside'] = config.train
            entered.set()
            release.wait(5)
        seen['worker_after'] = config.train

    t = threading.Thread(target=worker)
    t.start()
    assert entered.wait(5)
    # the worker's override is invisible here, and ours is invisible there
    seen['main_while_worker_inside'] = config.train
    with using_config('enable_backprop', False):
        release.set()
        t.join(5)
        assert config.enable_backprop is False
    assert seen == {'worker_inside': False, 'main_while_worker_inside': True,
                    'worker_after': True}


def test_thread_sees_global_change():
    out = []
    old = global_config.debug
    try:
        global_config.debug = True
        t = threading.Thread(target=lambda: out.append(config.debug))
        t.start()
        t.join(5)
    finally:
        global_config.debug = old
    assert out == [True]


def test_show():
    buf = io.StringIO()
    with using_config('train', False):
        config.show(buf)
    text = buf.getvalue()
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert any(line.split() == ['train', 'False'] for line in lines)
    buf = io.StringIO()
    global_config.show(buf)
    assert any(line.split() == ['train', 'True'] for line in buf.getvalue().splitlines())


def test_show_writes_chainer_columns():
    # key, one space, padding to the longest key, value (Chainer's format)
    from kusari.configuration import GlobalConfig, LocalConfig
    g = GlobalConfig()
    local = LocalConfig(g)
    g.abc = 1
    g.x = 'global x'
    local.long_key = 'here'
    buf = io.StringIO()
    local.show(buf)
    assert buf.getvalue() == 'abc      1\nlong_key here\nx        global x\n'
    buf = io.StringIO()
    g.show(buf)
    assert buf.getvalue() == 'abc 1\nx   global x\n'


def test_a_new_global_config_with_its_local_view():
    from kusari.configuration import GlobalConfig, LocalConfig
    g = GlobalConfig()
    local = LocalConfig(g)
    assert isinstance(local, LocalConfig)
    g.x, g.y = 'gx', 'gy'
    local.y, local.z = 'ly', 'lz'
    assert (local.x, local.y, local.z) == ('gx', 'ly', 'lz')
    assert not hasattr(local, 'w') and not hasattr(g, 'z')
    with pytest.raises(AttributeError, match="no key 'z'"):
        g.z
    del local.y
    assert local.y == 'gy'
    with pytest.raises(AttributeError):
        del local.x         # not set in this thread
    with using_config('x', 'tmp', local):
        assert local.x == 'tmp' and g.x == 'gx'
    assert local.x == 'gx'
    # independent of kusari's own configuration, and of another GlobalConfig
    assert not hasattr(config, 'x')
    other = LocalConfig(GlobalConfig())
    assert not hasattr(other, 'x')
    del g.x
    assert not hasattr(local, 'x')
    with pytest.raises(AttributeError):
        del g.x
    with pytest.raises(TypeError, match='LocalConfig needs a GlobalConfig'):
        LocalConfig(object())


def test_local_config_is_per_thread_and_sees_global_changes():
    from kusari.configuration import GlobalConfig, LocalConfig
    g = GlobalConfig()
    local = LocalConfig(g)
    g.x = 'gx'
    local.y = 'ly'
    seen = {}

    def target():
        seen['y'] = getattr(local, 'y', None)
        local.y = 'other thread'
        g.x = 'gx2'

    t = threading.Thread(target=target)
    t.start()
    t.join(5)
    assert seen == {'y': None}
    assert local.y == 'ly' and local.x == 'gx2'


def test_global_value_that_is_a_function_stays_a_function():
    from kusari.configuration import GlobalConfig, LocalConfig
    g = GlobalConfig()
    local = LocalConfig(g)

    def f():
        return 3

    g.fn = f
    assert g.fn is f and local.fn is f and local.fn() == 3


def test_no_backprop_mode_and_force_backprop_mode():
    x = Variable(numpy.ones(2))
    with kusari.no_backprop_mode():
        assert config.enable_backprop is False
        y = x * 2.0
        with kusari.force_backprop_mode():
            assert config.enable_backprop is True
            z = x * 2.0
    assert config.enable_backprop is True
    assert y.creator is None
    assert z.creator is not None
    F.sum(z).backward()
    numpy.testing.assert_array_equal(x.grad, 2.0)


def test_get_dtype():
    assert kusari.get_dtype() == numpy.float32
    assert kusari.get_dtype(numpy.float16) == numpy.float16
    # mixed16 (Chainer's chainer.mixed16): float16 unless the caller maps it
    assert kusari.get_dtype(kusari.mixed16) == numpy.float16
    assert kusari.get_dtype(kusari.mixed16, map_mixed16=numpy.float32) == numpy.float32
    assert kusari.get_dtype('mixed16') == numpy.float16
    assert numpy.dtype(kusari.mixed16) == numpy.float16
    assert repr(kusari.mixed16) == "dtype('mixed16')"
    # mixed16 is float16 unless the caller maps it (BN parameters: float32), as in Chainer
    assert kusari.get_dtype('mixed16') == numpy.float16
    assert kusari.get_dtype(kusari.mixed16) == numpy.float16
    assert kusari.get_dtype('mixed16', map_mixed16=numpy.float32) == numpy.float32
    assert numpy.ones(2).astype(kusari.mixed16).dtype == numpy.float16
    with using_config('dtype', kusari.mixed16):
        assert kusari.get_dtype() == numpy.float16
        assert kusari.get_dtype(map_mixed16=numpy.float32) == numpy.float32
    with using_config('dtype', numpy.dtype(numpy.float64)):
        assert kusari.get_dtype() == numpy.float64


def test_use_cudnn_is_accepted():
    x = Variable(numpy.ones((2, 2), numpy.float32))
    for value in ('always', 'auto', 'never'):
        with using_config('use_cudnn', value):
            assert config.use_cudnn == value
            y = F.sum(F.exp(x))
            y.backward()


# -- debug mode -----------------------------------------------------------------------------

def test_debug_raises_at_first_nan_in_forward():
    x = Variable(numpy.array([1.0, -1.0]))
    with using_config('debug', True), numpy.errstate(invalid='ignore'):
        with pytest.raises(RuntimeError, match='NaN is detected on forward computation of log'):
            F.log(x)
    with numpy.errstate(invalid='ignore'):
        y = F.log(x)  # without debug: a NaN, silently
    assert numpy.isnan(y.array[1])


class NanGrad(FunctionNode):
    def forward(self, inputs):
        return inputs[0] * 2,

    def backward(self, indexes, grad_outputs):
        return Variable(numpy.full(grad_outputs[0].shape, numpy.nan)),


def test_debug_raises_at_first_nan_in_backward():
    x = Variable(numpy.ones(2))
    with using_config('debug', True):
        y = F.sum(NanGrad().apply((x,))[0])
        with pytest.raises(RuntimeError,
                           match='NaN is detected on backward computation of NanGrad'):
            y.backward()
    y = F.sum(NanGrad().apply((x,))[0])
    y.backward()
    assert numpy.isnan(x.grad).all()


def test_debug_ignores_integer_outputs_and_infinities():
    with using_config('debug', True), numpy.errstate(divide='ignore'):
        y = F.log(Variable(numpy.array([0.0])))
        assert numpy.isinf(y.array).all()
        F.cast(Variable(numpy.array([1.0])), numpy.int32)


def test_debug_helpers():
    assert not kusari.is_debug()
    with kusari.DebugMode(True):
        assert kusari.is_debug()
    assert not kusari.is_debug()
    kusari.set_debug(True)
    try:
        assert kusari.is_debug() and global_config.debug
    finally:
        kusari.set_debug(False)
    assert not kusari.is_debug()


@pytest.mark.parametrize('value, expected', [
    (None, True), ('0', False), (' OFF ', False), ('no', False), ('False', False),
    ('1', True), ('yes', True), ('', True)])
def test_env_flag(monkeypatch, value, expected):
    from kusari.configuration import env_flag
    if value is None:
        monkeypatch.delenv('KUSARI_TEST_FLAG', raising=False)
    else:
        monkeypatch.setenv('KUSARI_TEST_FLAG', value)
    assert env_flag('KUSARI_TEST_FLAG') is expected
    if value is None:
        assert env_flag('KUSARI_TEST_FLAG', default=False) is False
