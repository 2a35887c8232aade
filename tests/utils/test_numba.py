"""kusari.utils._numba: the one way kernels are built, their cache, the size thresholds."""
import os
import subprocess
import sys

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.utils import _numba

# One kernel of each kind: the thread pool's spin (an extern C call), batch normalization
# (helpers compiled in), Winograd, im2col, pooling, relu, an optimizer.
_USE_KERNELS = r"""
import json, numpy, kusari, kusari.functions as F
from kusari import optimizers
from kusari.utils import _numba, _threads
with _numba.small_sizes():
    z = numpy.zeros(1, numpy.int64)
    _threads._spin(z, 0, 0, 1, z, z, -1, 0)
    x = kusari.Variable(numpy.ones((2, 16, 6, 6), numpy.float32))
    W = kusari.Variable(numpy.ones((16, 16, 3, 3), numpy.float32))
    h = F.relu(F.batch_normalization(F.convolution_2d(x, W, pad=1),
                                     numpy.ones(16, numpy.float32),
                                     numpy.zeros(16, numpy.float32)))
    F.sum(F.max_pooling_2d(F.deconvolution_2d(h, W, stride=2), 2)).backward()
    optimizers.SGD().setup(kusari.Sequential(kusari.links.Linear(3, 2)))
    kusari.optimizers._kernels.get('sgd')(numpy.ones(3), numpy.ones(3), 0.1)
stats = {name: (k.dispatcher.stats.cache_hits, k.dispatcher.stats.cache_misses)
         for name, k in _numba.KERNELS.items() if k._dispatcher is not None}
print(json.dumps({n: [sum(h.values()), sum(m.values())] for n, (h, m) in stats.items()}))
"""


def _run(cache_dir):
    import json
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir))
    out = subprocess.run([sys.executable, '-c', _USE_KERNELS], env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def _cache_files(cache_dir):
    return sorted(os.path.relpath(os.path.join(d, f), cache_dir)
                  for d, _, fs in os.walk(cache_dir) for f in fs)


def test_a_second_process_loads_every_kernel_from_the_cache(tmp_path):
    first = _run(tmp_path)
    assert 'kusari.utils._threads._spin' in first
    assert any('_bn_kernels' in name for name in first)
    assert len(first) >= 8
    assert all(misses >= 1 for _, misses in first.values())
    files = _cache_files(tmp_path)
    second = _run(tmp_path)
    assert second.keys() == first.keys()
    for name, (hits, misses) in second.items():
        assert misses == 0 and hits >= 1, name
    assert _cache_files(tmp_path) == files      # no new cache file either


def test_kernels_are_module_level_functions():
    import kusari.functions.connection._winograd  # noqa: F401 - registers its kernels
    import kusari.functions.normalization._bn_kernels  # noqa: F401
    import kusari.optimizers._kernels  # noqa: F401
    assert len(_numba.KERNELS) >= 20
    for name, k in _numba.KERNELS.items():
        fn = k.py_func
        assert '<locals>' not in fn.__qualname__ and fn.__closure__ is None, name
        assert sys.modules[fn.__module__].__dict__[fn.__name__] is k, name


def test_building_a_kernel_rewrites_no_module_global():
    from kusari.functions.normalization import _bn_kernels as K
    from kusari.utils import _threads
    before = dict(vars(K))
    K._k3_grad.dispatcher
    K._k2_fixed_gradgrad.dispatcher
    _threads._spin.dispatcher
    assert vars(K) == before
    assert K.coef_grad.__module__ == K.__name__ and callable(K.coef_grad)
    assert not hasattr(K.coef_grad, 'py_func')          # still the plain Python function
    assert isinstance(_threads.sched_yield, _numba.extern)


def test_helpers_are_plain_python_on_arrays_and_compiled_in_kernels():
    # batch normalization's per-channel formulas: on arrays in the NumPy path, compiled into
    # the kernels, and both agree
    from kusari.functions.normalization import _bn_kernels as K
    gamma, s = numpy.array([0.5, 2.0]), numpy.array([1.5, 0.25])
    sg, sgx = numpy.array([0.3, -1.0]), numpy.array([2.0, 0.5])
    ggamma, k1, k2, k3 = K.coef_grad(gamma, s, 0.25, sg, sgx)
    x = numpy.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0], [2.0, 1.0]])
    gy = numpy.array([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6], [0.7, 0.8]])
    mu = x.mean(axis=0)
    gx = numpy.empty_like(x)
    out = numpy.empty(2), numpy.empty(2)
    K._k2_grad(x, gy, mu, s, gamma, 0.0, 2, *out, gx, 0, 2)
    sg, sgx = gy.sum(axis=0), (gy * (x - mu)).sum(axis=0)
    ggamma, k1, k2, k3 = K.coef_grad(gamma, s, 0.25, sg, sgx)
    numpy.testing.assert_allclose(out[0], ggamma, rtol=1e-12)
    numpy.testing.assert_allclose(gx, gy * k1 + (x - mu) * k2 + k3, rtol=1e-12)


def test_kernel_options():
    with pytest.raises(TypeError, match='threads come from kusari.utils._threads'):
        _numba.kernel(parallel=True)(lambda x: x)
    with pytest.raises(TypeError, match='the cache is always on'):
        _numba.kernel(cache=False)(lambda x: x)


def test_small_sizes_lowers_every_threshold():
    assert _numba.threshold(1 << 14) == 1 << 14
    with _numba.small_sizes():
        assert _numba.threshold(1 << 14) == 0
        with _numba.small_sizes():
            assert _numba.threshold(5) == 0
        assert _numba.threshold(5) == 0
    assert _numba.threshold(5) == 5


def test_small_sizes_sends_small_arrays_to_the_kernels():
    from kusari.functions.activation import relu as relu_module
    x = numpy.linspace(-1, 1, 12).reshape(3, 4)
    assert relu_module._kernel(relu_module._relu_kernel, x) is None
    with kusari.using_config('use_numba', True), _numba.small_sizes():
        assert relu_module._kernel(relu_module._relu_kernel, x) is relu_module._relu_kernel
        numpy.testing.assert_array_equal(F.relu(x).array, numpy.maximum(x, 0))
    with kusari.using_config('use_numba', False), _numba.small_sizes():
        assert relu_module._kernel(relu_module._relu_kernel, x) is None
