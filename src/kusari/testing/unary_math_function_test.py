"""``unary_math_function_unittest``: the standard tests of an elementwise unary function."""
import unittest
import warnings

import numpy

from kusari.testing import attr


def is_available():
    """Whether the decorator can be used (it needs pytest for the GPU marks)."""
    return attr.is_available()


def check_available():
    """Raise RuntimeError if pytest is missing."""
    attr.check_available()


def _is_old_style(func):
    from kusari.function import Function
    return isinstance(func, Function)


def _name(func):
    return type(func).__name__.lower() if _is_old_style(func) else func.__name__


def _function_class(func):
    if _is_old_style(func):
        return type(func)
    from kusari import functions
    return getattr(functions, func.__name__.capitalize(), None)


def _uniform_data(shape, dtype):
    return tuple(numpy.random.uniform(-1, 1, shape).astype(dtype, copy=False)
                 for _ in range(3))


def _squared(func):
    def squared(x):
        y = func(x)
        return y * y
    return squared


def _default_options(dtype):
    if dtype == numpy.float16:
        eps16 = float(numpy.finfo(numpy.float16).eps)
        forward = {'atol': eps16, 'rtol': eps16}
        grad = {'eps': 2 ** -4, 'atol': 2 ** -4, 'rtol': 2 ** -4, 'dtype': numpy.float64}
    else:
        forward = {'atol': 1e-4, 'rtol': 1e-4}
        grad = {'dtype': numpy.float64, 'atol': 1e-4, 'rtol': 1e-4}
    return forward, dict(grad), dict(grad)


def unary_math_function_unittest(func, func_expected=None, label_expected=None,
                                 make_data=None, is_linear=None, forward_options=None,
                                 backward_options=None, double_backward_options=None):
    """Class decorator: the forward, backward and double-backward tests of a unary
    elementwise function, on the CPU and (marked ``gpu``) the GPU, for shapes ``(3, 2)`` and
    ``()`` and dtypes float16, float32 and float64.

    Parameters
    ----------
    func : callable or Function
        The function under test (a legacy :class:`~kusari.Function` instance is accepted;
        it gets no double-backward test).
    func_expected : callable, optional
        ``func_expected(x, dtype=...)`` on NumPy arrays; by default the NumPy function of
        ``func``'s name.
    label_expected : str, optional
        The expected ``label`` of the function's class (tested when ``kusari.functions``
        has a class of the capitalized name, or ``func`` is a Function).
    make_data : callable, optional
        ``make_data(shape, dtype) -> (x, gy, ggx)`` (``(x, gy)`` for a legacy Function);
        uniform in [-1, 1) by default.
    is_linear : bool, optional
        Deprecated: squares the function for the double-backward test.
    forward_options, backward_options, double_backward_options : dict, optional
        Override entries of the tolerances given to ``assert_allclose``, ``check_backward``
        and ``check_double_backward``.

    Returns
    -------
    callable
        The decorator, for a ``unittest.TestCase`` class; it returns the parameterized
        classes.

    Raises
    ------
    ValueError
        If NumPy has no function of ``func``'s name and ``func_expected`` is not given, or
        ``label_expected`` is given for a function without a class.
    """
    check_available()
    from kusari import gradient_check, testing
    from kusari.backends import cuda
    from kusari.variable import Variable

    old_style = _is_old_style(func)
    name = _name(func)
    function_class = _function_class(func)
    if func_expected is None:
        func_expected = getattr(numpy, name, None)
        if func_expected is None:
            raise ValueError('NumPy has no function {!r}; give func_expected'.format(name))
    if label_expected is None:
        label_expected = name
    elif function_class is None:
        raise ValueError('label_expected is given but the function {!r} has no class to '
                         'take the label from'.format(name))
    if make_data is None:
        make_data = _uniform_data if not old_style else (
            lambda shape, dtype: _uniform_data(shape, dtype)[:2])
    if is_linear is not None:
        warnings.warn('is_linear option is deprecated', DeprecationWarning, stacklevel=2)

    def decorate(klass):
        if not (isinstance(klass, type) and issubclass(klass, unittest.TestCase)):
            raise TypeError('unary_math_function_unittest decorates a unittest.TestCase')

        def setUp(self):
            data = make_data(self.shape, self.dtype)
            if old_style:
                self.x, self.gy = data
            else:
                self.x, self.gy, self.ggx = data
            self.forward_options, self.backward_options, self.double_backward_options = \
                _default_options(self.dtype)
            self.forward_options.update(forward_options or {})
            self.backward_options.update(backward_options or {})
            self.double_backward_options.update(double_backward_options or {})

        def check_forward(self, x_data):
            y = func(Variable(x_data))
            self.assertEqual(y.array.dtype, x_data.dtype)
            expected = func_expected(cuda.to_cpu(x_data), dtype=x_data.dtype)
            testing.assert_allclose(expected, y.array, **self.forward_options)

        def check_backward(self, x_data, y_grad):
            gradient_check.check_backward(func, x_data, y_grad, **self.backward_options)

        def check_double_backward(self, x_data, y_grad, x_grad_grad):
            f = _squared(func) if is_linear else func
            gradient_check.check_double_backward(f, x_data, y_grad, x_grad_grad,
                                                 **self.double_backward_options)

        def test_forward_cpu(self):
            self.check_forward(self.x)

        def test_forward_gpu(self):
            self.check_forward(cuda.to_gpu(self.x))

        def test_backward_cpu(self):
            self.check_backward(self.x, self.gy)

        def test_backward_gpu(self):
            self.check_backward(cuda.to_gpu(self.x), cuda.to_gpu(self.gy))

        def test_double_backward_cpu(self):
            self.check_double_backward(self.x, self.gy, self.ggx)

        def test_double_backward_gpu(self):
            self.check_double_backward(cuda.to_gpu(self.x), cuda.to_gpu(self.gy),
                                       cuda.to_gpu(self.ggx))

        members = {'setUp': setUp, 'check_forward': check_forward,
                   'test_forward_cpu': test_forward_cpu,
                   'test_forward_gpu': attr.gpu(test_forward_gpu),
                   'check_backward': check_backward,
                   'test_backward_cpu': test_backward_cpu,
                   'test_backward_gpu': attr.gpu(test_backward_gpu)}
        if not old_style:
            members.update({'check_double_backward': check_double_backward,
                            'test_double_backward_cpu': test_double_backward_cpu,
                            'test_double_backward_gpu': attr.gpu(test_double_backward_gpu)})
        if function_class is not None:
            def test_label(self):
                self.assertEqual(function_class().label, label_expected)
            members['test_label'] = test_label
        for key, value in members.items():
            setattr(klass, key, value)
        return testing.parameterize(*testing.product({
            'shape': [(3, 2), ()],
            'dtype': [numpy.float16, numpy.float32, numpy.float64],
        }))(klass)

    return decorate
