"""link_hooks.SpectralNormalization: W / sigma(W) during the forward, u kept on the link."""
import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import gradient_check, serializers
from kusari.link_hooks import SpectralNormalization
from kusari.link_hooks.spectral_normalization import (
    calculate_max_singular_value,
    update_approximate_vectors,
)


def _sigma(W):
    return numpy.linalg.svd(W.reshape(W.shape[0], -1), compute_uv=False)[0]


def _linear(dtype=numpy.float64, in_size=5, out_size=4):
    layer = L.Linear(in_size, out_size)
    layer.W.array = layer.W.array.astype(dtype)
    layer.b.array = numpy.random.uniform(-1, 1, out_size).astype(dtype)
    return layer


def test_forward_uses_the_weight_divided_by_its_spectral_norm():
    layer = _linear()
    W = layer.W.array.copy()
    hook = SpectralNormalization(n_power_iteration=100, eps=1e-12)
    layer.add_hook(hook)
    assert layer.W_u.shape == (4,) and layer.W_u.dtype == numpy.float64
    x = numpy.random.uniform(-1, 1, (3, 5))
    y = layer(x)
    expected = x @ (W / _sigma(W)).T + layer.b.array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-7)
    assert layer.W is hook.original_weight or hook.original_weight is None
    assert isinstance(layer.W, kusari.Parameter)
    numpy.testing.assert_array_equal(layer.W.array, W)   # the parameter is untouched


def test_factor_and_gamma():
    layer = _linear()
    W = layer.W.array.copy()
    layer.add_hook(SpectralNormalization(n_power_iteration=100, factor=3.0, eps=1e-12))
    x = numpy.eye(5)
    Wbar = (layer(x).array - layer.b.array).T
    assert _sigma(Wbar) == pytest.approx(3.0, rel=1e-7)

    layer2 = _linear()
    W2 = layer2.W.array.copy()
    layer2.add_hook(SpectralNormalization(n_power_iteration=100, use_gamma=True, eps=1e-12))
    assert isinstance(layer2.gamma, kusari.Parameter) and layer2.gamma.shape == ()
    assert float(layer2.gamma.array) == pytest.approx(_sigma(W2), rel=1e-12)
    layer2.gamma.array[...] = 2.5
    Wbar = (layer2(x).array - layer2.b.array).T
    assert _sigma(Wbar) == pytest.approx(2.5, rel=1e-7)
    assert _sigma(W) > 0


def test_u_is_updated_in_training_only_and_reused_when_recomputing():
    layer = _linear()
    hook = SpectralNormalization()
    layer.add_hook(hook)
    x = numpy.random.uniform(-1, 1, (3, 5))
    with kusari.using_config('train', False):
        u0 = layer.W_u.copy()
        y0 = layer(x).array
        numpy.testing.assert_array_equal(layer.W_u, u0)
        numpy.testing.assert_array_equal(layer(x).array, y0)
    y1 = layer(x).array
    u1 = layer.W_u.copy()
    assert not numpy.array_equal(u0, u1)
    numpy.testing.assert_array_equal(y1, y0)   # the same u and v computed as in test mode
    v1 = hook.v.copy()
    with kusari.using_config('in_recomputing', True):
        y2 = layer(x).array
    numpy.testing.assert_array_equal(layer.W_u, u1)
    numpy.testing.assert_array_equal(hook.v, v1)
    numpy.testing.assert_allclose(y2, y1, rtol=1e-12)


def test_power_iteration_converges_to_the_singular_vectors():
    W = numpy.random.uniform(-1, 1, (4, 6))
    u, v = update_approximate_vectors(W, numpy.ones(4), 200, 1e-12)
    U, s, Vt = numpy.linalg.svd(W)
    assert abs(u @ U[:, 0]) == pytest.approx(1, rel=1e-9)
    assert abs(v @ Vt[0]) == pytest.approx(1, rel=1e-9)
    sigma = calculate_max_singular_value(kusari.Variable(W), u, v)
    assert sigma.shape == () and float(sigma.array) == pytest.approx(s[0], rel=1e-9)


def test_deconvolution_uses_axis_1_and_convolution_reshapes():
    deconv = L.Deconvolution2D(3, 5, 2)
    hook = SpectralNormalization()
    deconv.add_hook(hook)
    assert hook.axis == 1 and deconv.W_u.shape == (5,)
    assert hook.reshape_W(deconv.W.array).shape == (5, 3 * 2 * 2)
    conv = L.Convolution2D(3, 5, 2)
    hook = SpectralNormalization(n_power_iteration=200)
    conv.add_hook(hook)
    assert hook.axis == 0 and conv.W_u.shape == (5,)
    x = numpy.random.uniform(-1, 1, (2, 3, 4, 4)).astype(numpy.float32)
    W = conv.W.array
    expected = F.convolution_2d(x, W / _sigma(W), conv.b).array
    numpy.testing.assert_allclose(conv(x).array, expected, rtol=1e-4, atol=1e-5)


def test_lazy_weight_is_prepared_by_the_first_call():
    layer = L.Linear(None, 4)
    hook = SpectralNormalization(use_gamma=True)
    layer.add_hook(hook)
    assert not hasattr(layer, 'W_u') and not hasattr(layer, 'gamma')
    layer(numpy.ones((2, 3), numpy.float32))
    assert layer.W.shape == (4, 3) and layer.W_u.shape == (4,) and layer.gamma.shape == ()


def test_delete_restores_the_plain_link():
    layer = _linear()
    layer.add_hook(SpectralNormalization(use_gamma=True))
    x = numpy.random.uniform(-1, 1, (3, 5))
    y_sn = layer(x).array
    layer.delete_hook('SpectralNormalization')
    assert not hasattr(layer, 'W_u') and not hasattr(layer, 'gamma')
    numpy.testing.assert_allclose(layer(x).array, x @ layer.W.array.T + layer.b.array)
    assert not numpy.allclose(y_sn, layer(x).array)


def test_u_and_gamma_are_saved(tmp_path):
    layer = _linear()
    layer.add_hook(SpectralNormalization(use_gamma=True))
    x = numpy.random.uniform(-1, 1, (3, 5))
    layer(x)
    with kusari.using_config('train', False):
        y1 = layer(x).array
    serializers.save_npz(str(tmp_path / 'sn.npz'), layer)
    other = _linear()
    other.add_hook(SpectralNormalization(use_gamma=True))
    serializers.load_npz(str(tmp_path / 'sn.npz'), other)
    numpy.testing.assert_array_equal(other.W_u, layer.W_u)
    numpy.testing.assert_array_equal(other.gamma.array, layer.gamma.array)
    with kusari.using_config('train', False):
        numpy.testing.assert_allclose(other(x).array, y1, rtol=1e-12)


def test_an_optimizer_updates_the_parameter_through_the_hook():
    layer = _linear()
    layer.add_hook(SpectralNormalization())
    opt = kusari.optimizers.SGD(lr=0.1)
    opt.setup(layer)
    W0 = layer.W.array.copy()
    loss = F.sum(layer(numpy.ones((2, 5))) ** 2)
    layer.cleargrads()
    loss.backward()
    assert layer.W.grad is not None and layer.W.grad.shape == W0.shape
    opt.update()
    assert not numpy.array_equal(layer.W.array, W0)


def test_gradients_first_and_second_order_through_the_link():
    layer = _linear()
    layer.add_hook(SpectralNormalization(use_gamma=True, factor=1.5))
    x = numpy.random.uniform(-1, 1, (3, 5))
    layer(x)                       # fixes u and v for the recomputing calls below
    gy = numpy.random.uniform(-1, 1, (3, 4))
    ggx = numpy.random.uniform(-1, 1, (3, 5))
    with kusari.using_config('in_recomputing', True):   # u, v constant: a function of W
        gradient_check.check_backward(layer, x, gy, params=(layer.W, layer.b, layer.gamma),
                                      eps=1e-6, atol=1e-7, rtol=1e-6)
        gradient_check.check_double_backward(
            layer, x, gy, ggx, params=(layer.W, layer.gamma),
            params_grad_grad=(numpy.random.uniform(-1, 1, (4, 5)), numpy.array(0.3)),
            eps=1e-6, atol=1e-7, rtol=1e-6)


def test_normalized_weight_gradients_first_and_second_order():
    hook = SpectralNormalization()
    W = numpy.random.uniform(-1, 1, (3, 2, 2))
    u, v = update_approximate_vectors(W.reshape(3, -1), numpy.ones(3), 3, 1e-6)

    def normalized(W):
        return W / calculate_max_singular_value(hook.reshape_W(W), u, v)

    gy = numpy.random.uniform(-1, 1, W.shape)
    gradient_check.check_backward(normalized, W, gy, eps=1e-6, atol=1e-8, rtol=1e-6)
    gradient_check.check_double_backward(normalized, W, gy, numpy.random.uniform(-1, 1, W.shape),
                                         eps=1e-6, atol=1e-8, rtol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="SpectralNormalization: the link Linear has no "
                       "weight 'w'"):
        L.Linear(3, 2).add_hook(SpectralNormalization(weight_name='w'))
    with pytest.raises(NotImplementedError, match='install it with link.add_hook'):
        with SpectralNormalization():
            pass
    with pytest.raises(ValueError, match=r'W.shape\[0\] must be positive'):
        L.Linear(3, 0).add_hook(SpectralNormalization())
    with pytest.raises(ValueError, match='n_power_iteration must be at least 1, got 0'):
        SpectralNormalization(n_power_iteration=0)


def test_named_hook_and_other_weight():
    layer = L.Linear(3, 2)
    layer.add_param('V', (2, 3))
    layer.V.array[...] = 1
    hook = SpectralNormalization(weight_name='V', name='sn_v')
    layer.add_hook(hook)
    assert hook.name == 'sn_v' and hook.vector_name == 'V_u' and layer.V_u.shape == (2,)
    layer.delete_hook('sn_v')
    assert not hasattr(layer, 'V_u')
