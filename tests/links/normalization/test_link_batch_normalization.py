import numpy
import pytest

import kusari
import kusari.links as L
from kusari import initializers


def _expand(a, x, axes):
    shape = [1 if i in axes else d for i, d in enumerate(x.shape)]
    return numpy.broadcast_to(a, [d for i, d in enumerate(x.shape) if i not in axes]).reshape(shape)


def _bn_ref(x, gamma, beta, mean, var, eps, axes):
    return (_expand(gamma, x, axes) * (x - _expand(mean, x, axes))
            / numpy.sqrt(_expand(var, x, axes) + eps) + _expand(beta, x, axes))


def _x(shape, seed=0, dtype=numpy.float64):
    return numpy.random.default_rng(seed).normal(1., 2., shape).astype(dtype)


def test_size_or_axis_required():
    with pytest.raises(RuntimeError, match='size or axis is required'):
        L.BatchNormalization()


@pytest.mark.parametrize('size', [{}, 'abc', 2.5, (3, 'a'), True])
def test_size_must_be_a_shape(size):
    with pytest.raises(TypeError, match='BatchNormalization: size must be an int or a tuple '
                                        'of ints'):
        L.BatchNormalization(size)


def test_size_accepts_ints_and_tuples():
    assert L.BatchNormalization(numpy.int64(3)).avg_mean.shape == (3,)
    assert L.BatchNormalization((2, 3)).avg_mean.shape == (2, 3)
    assert L.BatchNormalization([2, 3]).avg_mean.shape == (2, 3)


def test_defaults():
    bn = L.BatchNormalization(3)
    assert bn.decay == 0.9 and bn.eps == 2e-5 and bn.N == 0 and bn.axis is None
    assert sorted(bn._persistent) == ['N', 'avg_mean', 'avg_var']
    assert sorted(name for name, _ in bn.namedparams()) == ['/beta', '/gamma']
    for a, v in ((bn.avg_mean, 0.), (bn.avg_var, 1.), (bn.gamma.array, 1.), (bn.beta.array, 0.)):
        assert a.dtype == numpy.float32 and a.shape == (3,)
        numpy.testing.assert_array_equal(a, v)
    assert dict(bn.printable_specs)['size'] == 3


@pytest.mark.parametrize('dtype,expected', [
    (numpy.float64, numpy.float64), (numpy.float16, numpy.float16), ('mixed16', numpy.float32)])
def test_dtype(dtype, expected):
    bn = L.BatchNormalization(2, dtype=dtype)
    for a in (bn.avg_mean, bn.avg_var, bn.gamma.array, bn.beta.array):
        assert a.dtype == expected


def test_initial_values():
    init_gamma = initializers.Constant(2.)
    bn = L.BatchNormalization(3, dtype=numpy.float64, initial_gamma=init_gamma,
                              initial_beta=numpy.array([1., 2., 3.]), initial_avg_mean=0.5,
                              initial_avg_var=initializers.Constant(4.))
    numpy.testing.assert_array_equal(bn.gamma.array, 2.)
    numpy.testing.assert_array_equal(bn.beta.array, [1., 2., 3.])
    numpy.testing.assert_array_equal(bn.avg_mean, .5)
    numpy.testing.assert_array_equal(bn.avg_var, 4.)
    assert init_gamma.dtype is None   # the caller's initializer is left alone


def test_without_gamma_and_beta():
    bn = L.BatchNormalization(3, use_gamma=False, use_beta=False, dtype=numpy.float64)
    assert bn.gamma is None and bn.beta is None
    assert list(bn.namedparams()) == []
    x = _x((5, 3))
    y = bn(x)
    numpy.testing.assert_allclose(
        y.array, _bn_ref(x, 1., 0., x.mean(0), x.var(0), 2e-5, (0,)), rtol=1e-10)


def _check_train_step(bn, x, axes, old_mean, old_var, decay, eps=2e-5):
    y = bn(x)
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    m = x.size // mean.size
    numpy.testing.assert_allclose(
        y.array, _bn_ref(x, bn.gamma.array, bn.beta.array, mean, var, eps, axes), rtol=1e-9,
        atol=1e-10)
    numpy.testing.assert_allclose(bn.avg_mean, decay * old_mean + (1 - decay) * mean,
                                  rtol=1e-12)
    numpy.testing.assert_allclose(bn.avg_var,
                                  decay * old_var + (1 - decay) * var * m / (m - 1), rtol=1e-12)


@pytest.mark.parametrize('shape,size,axes', [
    ((6, 3), 3, (0,)), ((4, 3, 2, 2), 3, (0, 2, 3)), ((4, 3, 2), (3, 2), (0,))])
def test_train_mode_statistics(shape, size, axes):
    bn = L.BatchNormalization(size, decay=0.8, dtype=numpy.float64,
                              initial_gamma=1.5, initial_beta=0.25)
    x1, x2 = _x(shape, 1), _x(shape, 2)
    _check_train_step(bn, x1, axes, 0., 1., 0.8)
    old_mean, old_var = bn.avg_mean.copy(), bn.avg_var.copy()
    _check_train_step(bn, x2, axes, old_mean, old_var, 0.8)
    assert bn.N == 0


@pytest.mark.parametrize('axis,shape,param_shape', [
    ((0, 2, 3), (5, 3, 2, 2), (3,)), (0, (5, 3, 2), (3, 2)), ((0, 1), (4, 3, 2), (2,)),
    ((0, -1), (4, 3, 2), (3,))])
def test_lazy_size_from_axis(axis, shape, param_shape):
    bn = L.BatchNormalization(axis=axis, dtype=numpy.float64)
    assert bn.avg_mean is None and bn.avg_var is None and bn.gamma.array is None
    x = _x(shape)
    y = bn(x)
    assert bn.avg_mean.shape == param_shape and bn.gamma.shape == param_shape
    assert bn.beta.shape == param_shape and bn.avg_var.shape == param_shape
    axes = tuple(a % x.ndim for a in ((axis,) if isinstance(axis, int) else axis))
    numpy.testing.assert_allclose(
        y.array, _bn_ref(x, 1., 0., x.mean(axis=axes), x.var(axis=axes), 2e-5, axes),
        rtol=1e-9, atol=1e-10)


def test_test_mode_uses_population_statistics():
    bn = L.BatchNormalization(3, eps=1e-2, dtype=numpy.float64, initial_gamma=2.,
                              initial_beta=-1., initial_avg_mean=numpy.array([0., 1., 2.]),
                              initial_avg_var=numpy.array([1., 4., 9.]))
    x = _x((4, 3, 2))
    with kusari.using_config('train', False):
        y = bn(x)
    numpy.testing.assert_allclose(
        y.array, _bn_ref(x, 2., -1., [0., 1., 2.], [1., 4., 9.], 1e-2, (0, 2)), rtol=1e-12)
    numpy.testing.assert_array_equal(bn.avg_mean, [0., 1., 2.])
    numpy.testing.assert_array_equal(bn.avg_var, [1., 4., 9.])
    assert bn.N == 0


def test_finetune_averages_batches():
    bn = L.BatchNormalization(3, dtype=numpy.float64)
    xs = [_x((4, 3), seed) for seed in range(3)]
    for i, x in enumerate(xs):
        bn(x, finetune=True)
        assert bn.N == i + 1
    m = 4
    numpy.testing.assert_allclose(bn.avg_mean, numpy.mean([x.mean(0) for x in xs], 0),
                                  rtol=1e-12)
    numpy.testing.assert_allclose(bn.avg_var, numpy.mean([x.var(0) * m / (m - 1) for x in xs],
                                                         0), rtol=1e-12)
    bn.start_finetuning()
    assert bn.N == 0
    bn(xs[0], finetune=True)
    assert bn.N == 1
    numpy.testing.assert_allclose(bn.avg_mean, xs[0].mean(0), rtol=1e-12)
    numpy.testing.assert_allclose(bn.avg_var, xs[0].var(0) * m / (m - 1), rtol=1e-12)


def test_finetune_ignored_in_test_mode():
    bn = L.BatchNormalization(3)
    with kusari.using_config('train', False):
        bn(_x((4, 3), dtype=numpy.float32), finetune=True)
    assert bn.N == 0


def test_in_recomputing_leaves_statistics():
    bn = L.BatchNormalization(3, dtype=numpy.float64)
    with kusari.using_config('in_recomputing', True):
        bn(_x((4, 3)), finetune=True)
    assert bn.N == 0
    numpy.testing.assert_array_equal(bn.avg_mean, 0.)
    numpy.testing.assert_array_equal(bn.avg_var, 1.)


def test_test_argument_raises():
    bn = L.BatchNormalization(3)
    with pytest.raises(ValueError, match='test argument is not supported anymore'):
        bn(_x((4, 3), dtype=numpy.float32), test=True)


def test_unknown_argument_raises():
    bn = L.BatchNormalization(3)
    with pytest.raises(TypeError, match="unexpected keyword argument.*'foo'"):
        bn(_x((4, 3), dtype=numpy.float32), foo=1)


def test_gradients_reach_parameters():
    bn = L.BatchNormalization(3, dtype=numpy.float64)
    x = _x((5, 3))
    gy = _x((5, 3), 7)
    y = bn(x)
    gg, gb = kusari.grad([y], [bn.gamma, bn.beta], [gy])
    x_hat = (x - x.mean(0)) / numpy.sqrt(x.var(0) + 2e-5)
    numpy.testing.assert_allclose(gg.array, (gy * x_hat).sum(0), rtol=1e-10)
    numpy.testing.assert_allclose(gb.array, gy.sum(0), rtol=1e-12)


def test_float32_input():
    bn = L.BatchNormalization(3)
    y = bn(_x((4, 3, 2), dtype=numpy.float32))
    assert y.dtype == numpy.float32 and bn.avg_mean.dtype == numpy.float32


# reference values from Chainer 7.8.1 and PyTorch 2.13 (copied from shared/oracles)
ORACLES = __import__('pathlib').Path(__file__).resolve().parents[2] / 'oracles' / \
    'bn_double_backward.npz'


@pytest.mark.parametrize('case', ['mlp', 'conv'])
@pytest.mark.parametrize('mode', ['train', 'fixed'])
def test_against_chainer_oracle(case, mode):
    o = numpy.load(ORACLES)
    c = o[case + '/gamma'].size
    bn = L.BatchNormalization(c, dtype=numpy.float64, initial_gamma=o[case + '/gamma'],
                              initial_beta=o[case + '/beta'],
                              initial_avg_mean=o[case + '/mean'],
                              initial_avg_var=o[case + '/var'])
    x = kusari.Variable(o[case + '/x'])
    with kusari.using_config('train', mode == 'train'):
        y = bn(x)
    loss = kusari.functions.sum(y * o[case + '/w'])
    gx, ggamma = kusari.grad([loss], [x, bn.gamma], enable_double_backprop=True)
    pen = kusari.functions.sum(gx * gx)
    pen_gx, pen_ggamma = kusari.grad([pen], [x, bn.gamma])
    key = '{}/{}/chainer/'.format(case, mode)
    for got, name in ((y, 'y'), (gx, 'gx'), (ggamma, 'ggamma'), (pen, 'pen'),
                      (pen_ggamma, 'pen_ggamma')):
        numpy.testing.assert_allclose(got.array, o[key + name], rtol=1e-10, atol=1e-13,
                                      err_msg=name)
    expected_pen_gx = o[key + 'pen_gx']
    if pen_gx is None:
        numpy.testing.assert_array_equal(expected_pen_gx, 0.)
    else:
        numpy.testing.assert_allclose(pen_gx.array, expected_pen_gx, rtol=1e-10, atol=1e-13)
