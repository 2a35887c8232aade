"""``FunctionSpecTestCase``: the checks every differentiable function gets, derived from a spec.

A test class declares ``params`` (a list of dicts), ``generate_inputs`` (float64 arrays),
``forward`` (the kusari call on Variables) and ``forward_expected`` (a NumPy float64
reference). The runner then checks, for each parameter set:

- forward at float16/32/64, contiguous and strided inputs, against the reference computed
  from the same (rounded) inputs; output dtypes kept; inputs not mutated;
- first- and second-order gradients at float64 against directional central differences;
- float16/32 analytic gradients against the float64 analytic gradients;
- third order (``check_order3 = True``) for Grad nodes and other flagship functions.

Each check runs twice (the ``kernel_path`` axis): on the NumPy reference paths
(``use_numba`` off) and on the CPU kernels with every size threshold lowered to 0
(:func:`kusari.utils._numba.small_sizes`) and at least two threads, so that the small arrays
of a spec take the kernels (and the thread splits) that only large arrays take otherwise.

Tolerances come from :data:`TOLERANCES`; a class overrides single entries in ``tolerances``
(keyed ``(check, dtype_name)``), saying why in a comment.

A subclass of :class:`kusari.testing.FunctionTestCase` that declares ``params`` is built on
this class. The checks themselves (outputs, unmodified inputs, gradient checks) are those of
:mod:`kusari.testing._checks`, shared with Chainer's ``FunctionTestCase``.
"""
import contextlib

import numpy

from kusari import backend, gradient_check
from kusari.configuration import using_config
from kusari.testing import _checks
from kusari.testing._checks import FunctionTestError
from kusari.utils import _numba, _threads
from kusari.variable import Variable

TOLERANCES = {
    ('forward', 'float16'): dict(atol=5e-3, rtol=5e-3),
    ('forward', 'float32'): dict(atol=1e-5, rtol=1e-4),
    ('forward', 'float64'): dict(atol=1e-12, rtol=1e-10),
    # float64 central differences with a step of 1e-4: the truncation error (eps**2 times
    # the third derivative) stays below these tolerances even where the third derivative is
    # in the hundreds (log near 0), and rounding error (1e-16 / eps) is far below them
    ('backward', 'float64'): dict(atol=1e-6, rtol=1e-5, eps=1e-4),
    ('double_backward', 'float64'): dict(atol=1e-5, rtol=1e-4, eps=1e-4),
    ('order3', 'float64'): dict(atol=1e-4, rtol=1e-3, eps=1e-4),
    ('grad', 'float16'): dict(atol=1e-2, rtol=1e-2),
    ('grad', 'float32'): dict(atol=1e-4, rtol=1e-4),
}

_FLOATS = (numpy.float16, numpy.float32, numpy.float64)

#: The values of the ``kernel_path`` axis.
KERNEL_PATHS = ('numpy', 'kernels')


@contextlib.contextmanager
def on_kernel_path(path):
    """Run the block on the NumPy reference paths (``'numpy'``) or on the CPU kernels with
    every size threshold at 0 and at least two threads (``'kernels'``).

    Parameters
    ----------
    path : str
        ``'numpy'`` or ``'kernels'``.
    """
    if path == 'numpy':
        with using_config('use_numba', False):
            yield
    elif path == 'kernels':
        # at least two threads, so that the splits run on worker threads on any machine
        saved = _threads._count[0]
        _threads.set_num_threads(max(2, _threads.get_num_threads()))
        try:
            with using_config('use_numba', True), _numba.small_sizes():
                yield
        finally:
            _threads._count[0] = saved
    else:
        raise ValueError('kernel_path: expected one of {}, got {!r}'.format(KERNEL_PATHS,
                                                                           path))


def pytest_generate_tests(metafunc):
    """Parametrize ``param`` and ``dtype`` of FunctionSpecTestCase methods (used by conftest).

    Parameters
    ----------
    metafunc : pytest.Metafunc
        The test function being collected.
    """
    cls = metafunc.cls
    if cls is None or not issubclass(cls, FunctionSpecTestCase):
        return
    if 'param' in metafunc.fixturenames:
        params = cls.params
        metafunc.parametrize('param', params, ids=[_pid(p) for p in params])
    if 'kernel_path' in metafunc.fixturenames:
        metafunc.parametrize('kernel_path', cls.kernel_paths)
    if 'dtype' in metafunc.fixturenames:
        dtypes = [numpy.dtype(d) for d in cls.dtypes]
        if metafunc.function.__name__ == 'test_grad_low_precision':
            dtypes = [d for d in dtypes if d != numpy.float64]
        metafunc.parametrize('dtype', dtypes, ids=[d.name for d in dtypes])


def pytest_collection_modifyitems(items):
    """Mark the runner's ``test_gpu`` checks with ``gpu`` (used by conftest)."""
    import pytest
    for item in items:
        if getattr(item, 'originalname', None) == 'test_gpu':
            item.add_marker(pytest.mark.gpu)


def _pid(p):
    return '-'.join('{}={}'.format(k, getattr(v, '__name__', v)) for k, v in sorted(
        p.items())) or 'default'


def _strided(a):
    """A non-contiguous array equal to ``a``."""
    if a.ndim == 0:
        return a
    xp = backend.get_array_module(a)
    big = xp.empty(a.shape[:-1] + (a.shape[-1] * 2,), a.dtype)
    view = big[..., ::2]
    view[...] = a
    return view


class FunctionSpecTestCase:
    """Base class of kusari's spec-driven function tests; see the module docstring."""

    params = [{}]
    dtypes = _FLOATS
    tolerances = {}
    check_order3 = False
    skip_double_backward = None   # a reason string where the math has no second derivative
    skip_backward = None          # a reason string for functions with no gradient at all
    seed = 0
    kernel_paths = KERNEL_PATHS

    # -- spec, provided by subclasses
    def generate_inputs(self):
        """The inputs, as float64 (or integer) arrays; use :meth:`uniform` / :meth:`normal`.

        Returns
        -------
        tuple of numpy.ndarray
            The input arrays.
        """
        raise NotImplementedError

    def forward(self, inputs, device):
        """The kusari call under test.

        Parameters
        ----------
        inputs : tuple of Variable
            The inputs, of the shapes given by :meth:`generate_inputs`.
        device : Device
            The device of the inputs.

        Returns
        -------
        Variable or tuple of Variable
            The outputs.
        """
        raise NotImplementedError

    def forward_expected(self, inputs):
        """The NumPy float64 reference of :meth:`forward`.

        Parameters
        ----------
        inputs : tuple of numpy.ndarray
            The inputs (float inputs as float64).

        Returns
        -------
        tuple of numpy.ndarray
            The expected outputs, of the shapes :meth:`forward` returns.
        """
        raise NotImplementedError

    # -- hooks with defaults
    def cast_inputs(self, inputs, dtype):
        """The inputs at ``dtype`` (float inputs only); override for mixed precision.

        Parameters
        ----------
        inputs : tuple of numpy.ndarray
            The float64 inputs.
        dtype : numpy.dtype
            The dtype under test.

        Returns
        -------
        tuple of numpy.ndarray
            The inputs, shapes kept.
        """
        return tuple(x.astype(dtype) if x.dtype.kind == 'f' else x for x in inputs)

    def expected_dtype(self, dtype):
        """The dtype of the float outputs for inputs of ``dtype`` (None: not checked)."""
        return dtype

    def grad_output_shapes(self, inputs):
        """The shapes of the output gradients (those of :meth:`forward_expected`)."""
        return [numpy.shape(y) for y in self.forward_expected(inputs)]

    # -- helpers for generate_inputs
    def uniform(self, low, high, shape, dtype=numpy.float64):
        """Uniform random numbers in ``[low, high)`` of ``shape`` from the test's generator.

        Returns
        -------
        numpy.ndarray
            Shape ``shape``, dtype ``dtype``.
        """
        return self.rng.uniform(low, high, shape).astype(dtype)

    def normal(self, shape, dtype=numpy.float64):
        """Standard normal random numbers of ``shape`` from the test's generator.

        Returns
        -------
        numpy.ndarray
            Shape ``shape``, dtype ``dtype``.
        """
        return self.rng.standard_normal(shape).astype(dtype)

    def _setup(self, param):
        for k, v in param.items():
            setattr(self, k, v)
        self.rng = numpy.random.default_rng(self.seed)
        inputs = tuple(numpy.asarray(x) for x in self.generate_inputs())
        shapes = self.grad_output_shapes(inputs)
        gys = tuple(self.rng.standard_normal(s) for s in shapes)
        return inputs, gys

    def tol(self, check, dtype):
        """The tolerances ``dict(atol=..., rtol=...)`` of ``check`` at ``dtype``.

        Parameters
        ----------
        check : str
            ``'forward'``, ``'backward'``, ``'double_backward'``, ``'order3'`` or
            ``'grad'``.
        dtype : dtype
            The dtype of the check.

        Returns
        -------
        dict
            The default from :data:`TOLERANCES`, updated with the class's entry in
            ``tolerances`` (which may override any key, ``eps`` included).
        """
        key = (check, numpy.dtype(dtype).name)
        return dict(TOLERANCES[key], **self.tolerances.get(key, {}))

    def _run_forward(self, inputs):
        dev = backend.CpuDevice()
        ys = self.forward(tuple(Variable(x) for x in inputs), dev)
        return ys if isinstance(ys, tuple) else (ys,)

    def _grad_indexes(self, inputs):
        return [i for i, x in enumerate(inputs) if x.dtype.kind == 'f']

    # -- the checks
    def test_forward(self, param, dtype, kernel_path):
        """Forward at ``dtype``, contiguous and strided, against the float64 reference."""
        with on_kernel_path(kernel_path):
            self._test_forward(param, dtype)

    def _test_forward(self, param, dtype):
        inputs, _ = self._setup(param)
        low = self.cast_inputs(inputs, dtype)
        expected = self.forward_expected(tuple(
            x.astype(numpy.float64) if x.dtype.kind == 'f' else x for x in low))
        want = self.expected_dtype(dtype)
        dtypes = [want if want is not None and numpy.asarray(e).dtype.kind == 'f' else None
                  for e in expected]
        tol = self.tol('forward', dtype)
        for layout in ('contiguous', 'strided'):
            xs = low if layout == 'contiguous' else tuple(_strided(x) for x in low)
            before = [x.copy() for x in xs]
            ys = self._run_forward(xs)
            _checks.check_unmodified(before, xs, FunctionTestError)
            for y, d in zip(ys, dtypes):
                FunctionTestError.check(d is None or y.dtype == d,
                                        'output dtype {} != {}'.format(y.dtype, d))
            _checks.check_arrays_equal(
                [y.array.astype(numpy.float64) for y in ys],
                [numpy.asarray(e) for e in expected], FunctionTestError,
                expected_dtypes=[None] * len(ys), **tol)

    def _function(self, xs):
        return self.forward(xs, backend.CpuDevice())

    def test_backward(self, param, kernel_path):
        """First-order gradients at float64 against central differences."""
        with on_kernel_path(kernel_path):
            self._test_backward(param)

    def _test_backward(self, param):
        if self.skip_backward:
            import pytest
            pytest.skip(self.skip_backward)
        inputs, gys = self._setup(param)
        idx = self._grad_indexes(inputs)
        _checks.check_gradients(
            1, lambda *xs: self._function(xs), lambda: (inputs, gys), FunctionTestError,
            no_grads=[i not in idx for i in range(len(inputs))],
            **self.tol('backward', numpy.float64))

    def test_double_backward(self, param, kernel_path):
        """Second-order gradients at float64 against central differences."""
        with on_kernel_path(kernel_path):
            self._test_double_backward(param)

    def _test_double_backward(self, param):
        import pytest
        if self.skip_backward or self.skip_double_backward:
            pytest.skip(self.skip_backward or self.skip_double_backward)
        inputs, gys = self._setup(param)
        idx = self._grad_indexes(inputs)
        ggxs = tuple(self.rng.standard_normal(inputs[i].shape) for i in idx)
        _checks.check_gradients(
            2, lambda *xs: self._function(xs), lambda: (inputs, gys, ggxs), FunctionTestError,
            no_grads=[i not in idx for i in range(len(inputs))],
            **self.tol('double_backward', numpy.float64))

    def test_order3(self, param, kernel_path):
        """Third-order gradients at float64 (only with ``check_order3 = True``)."""
        with on_kernel_path(kernel_path):
            self._test_order3(param)

    def _test_order3(self, param):
        import pytest
        if not self.check_order3:
            pytest.skip('third order is checked for Grad nodes and flagship functions only')
        inputs, gys = self._setup(param)
        idx = self._grad_indexes(inputs)
        n = len(inputs)
        first_order = gradient_check._first_order_grad(
            lambda *xs: self._function(xs), n, zeros_for_none=True,
            skip={i for i in range(n) if i not in idx})
        all_in = inputs + gys
        ggxs = tuple(self.rng.standard_normal(inputs[i].shape) for i in idx)
        gggs = tuple(self.rng.standard_normal(x.shape) for x in all_in)
        _checks.check_gradients(
            2, first_order, lambda: (all_in, ggxs, gggs), FunctionTestError,
            no_grads=[i < n and i not in idx for i in range(len(all_in))],
            **self.tol('order3', numpy.float64))

    def test_grad_low_precision(self, param, dtype, kernel_path):
        """float16/32 analytic gradients against the float64 analytic gradients."""
        with on_kernel_path(kernel_path):
            self._test_grad_low_precision(param, dtype)

    def _test_grad_low_precision(self, param, dtype):
        if self.skip_backward:
            import pytest
            pytest.skip(self.skip_backward)
        from kusari.function_node import grad
        inputs, gys = self._setup(param)
        low = self.cast_inputs(inputs, dtype)
        idx = self._grad_indexes(low)
        ref_in = tuple(x.astype(numpy.float64) if x.dtype.kind == 'f' else x for x in low)

        def grads(xs, gy_dtype):
            vs = tuple(Variable(x) for x in xs)
            ys = self.forward(vs, backend.CpuDevice())
            ys = ys if isinstance(ys, tuple) else (ys,)
            g = grad(list(ys), [vs[i] for i in idx],
                     [gy.astype(y.dtype if gy_dtype is None else gy_dtype)
                      for gy, y in zip(gys, ys)])
            return [None if x is None else x.array for x in g]

        g_low = grads(low, None)
        g_ref = grads(ref_in, numpy.float64)
        from kusari.testing.array import assert_allclose
        for a, b, i in zip(g_low, g_ref, idx):
            if b is None:
                assert a is None
                continue
            assert a.dtype == low[i].dtype, 'gradient dtype {} != {}'.format(a.dtype, low[i].dtype)
            scale = max(1.0, float(numpy.abs(b).max())) if b.size else 1.0
            t = self.tol('grad', dtype)
            assert_allclose(a.astype(numpy.float64), b, atol=t['atol'] * scale, rtol=t['rtol'])

    def test_gpu(self, param):
        """Forward and first-order gradients on CuPy equal the CPU's at float64.

        Runs only where CuPy and a CUDA device are available (marked ``gpu``).
        """
        import pytest

        from kusari.backends import cuda
        if not cuda.available:
            pytest.skip('CuPy is not installed')
        cupy = backend._cupy()
        try:
            if cupy.cuda.runtime.getDeviceCount() < 1:
                pytest.skip('no CUDA device')
        except Exception:  # noqa: BLE001 - any CUDA runtime error means no usable device
            pytest.skip('no CUDA device')
        from kusari.function_node import grad
        from kusari.testing.array import assert_allclose
        inputs, gys = self._setup(param)
        idx = self._grad_indexes(inputs)
        results = []
        for dev in (backend.CpuDevice(), backend.GpuDevice(0)):
            xs = tuple(Variable(dev.send(x)) for x in inputs)
            ys = self.forward(xs, dev)
            ys = ys if isinstance(ys, tuple) else (ys,)
            gs = [] if self.skip_backward else grad(
                list(ys), [xs[i] for i in idx], [dev.send(g) for g in gys])
            results.append(([y.array for y in ys], [None if g is None else g.array
                                                    for g in gs]))
        (y_cpu, g_cpu), (y_gpu, g_gpu) = results
        for a, b in zip(y_gpu, y_cpu):
            assert backend.get_array_module(a) is cupy, 'the output is not on the GPU'
            assert_allclose(a, b, atol=1e-10, rtol=1e-8)
        for a, b in zip(g_gpu, g_cpu):
            assert (a is None) == (b is None)
            if a is not None:
                assert_allclose(a, b, atol=1e-10, rtol=1e-8)


# The name this module's class had before kusari.testing.FunctionTestCase became Chainer's
# class (which builds subclasses declaring ``params`` on this one).
FunctionTestCase = FunctionSpecTestCase
