"""The checks that both function-test runners perform, written once.

:class:`kusari.testing.FunctionTestCase` (Chainer's contract: a ``unittest.TestCase`` with
injected backends) and :class:`kusari.testing.FunctionSpecTestCase` (kusari's spec runner,
parametrized by pytest) differ in how a test declares its inputs and tolerances; what they
check is the same and lives here: the outputs against the expected arrays, the inputs left
unmodified, and the first and second derivatives through :mod:`kusari.gradient_check`
(resampling the inputs where they fall on a non-differentiable point, if asked).
"""
import contextlib
import io

import numpy

from kusari import gradient_check
from kusari.testing import array as array_module
from kusari.utils import _format_array_props
from kusari.variable import Variable


class TestError(AssertionError):
    """A failure of the code under test found by a test runner (not of the test itself)."""

    __test__ = False      # not a test class for pytest

    @classmethod
    def check(cls, condition, message):
        """Raise ``cls(message)`` unless ``condition`` holds."""
        if not condition:
            raise cls(message)

    @classmethod
    def fail(cls, message, exc=None):
        """Raise ``cls(message)``, chained to ``exc`` if given (its message appended)."""
        if exc is not None:
            raise cls('{}\n\n(caused by)\n{}: {}'.format(
                message, type(exc).__name__, exc)).with_traceback(exc.__traceback__) from exc
        raise cls(message)

    @classmethod
    @contextlib.contextmanager
    def raise_if_fail(cls, message, error_types=AssertionError):
        """A context that turns ``error_types`` raised inside into ``cls`` (with
        ``message``)."""
        try:
            yield
        except error_types as e:
            if isinstance(e, cls):
                raise
            cls.fail(message, e)


class FunctionTestError(TestError):
    """Raised when the function under test is implemented incorrectly."""


class LinkTestError(TestError):
    """Raised when the link under test is implemented incorrectly."""


def _array_types():
    from kusari import get_array_types
    return get_array_types()


def check_array_types(arrays, device, func_name):
    """Raise TypeError unless ``arrays`` is a tuple of arrays of ``device`` (or None): what
    the test's own methods (``generate_inputs``, ``forward_expected``...) must return."""
    if not isinstance(arrays, tuple):
        raise TypeError('{}() must return a tuple, not {}'.format(
            func_name, type(arrays).__name__))
    if not all(a is None or isinstance(a, device.supported_array_types) for a in arrays):
        raise TypeError('{}() must return a tuple of arrays of device {} (or None); got {}'
                        .format(func_name, device,
                                ', '.join(type(a).__name__ for a in arrays)))


def check_variable_types(variables, device, func_name, error_cls):
    """Raise ``error_cls`` unless ``variables`` is a tuple of Variables over arrays of
    ``device``: what the code under test must return."""
    if not isinstance(variables, tuple):
        error_cls.fail('{}() must return a tuple, not {}'.format(
            func_name, type(variables).__name__))
    if not all(isinstance(v, Variable) for v in variables):
        error_cls.fail('{}() must return a tuple of Variables; got {}'.format(
            func_name, ', '.join(type(v).__name__ for v in variables)))
    if not all(isinstance(v.array, device.supported_array_types) for v in variables):
        error_cls.fail('{}() must return Variables over arrays of device {}; got {}'.format(
            func_name, device, ', '.join(type(v.array).__name__ for v in variables)))


def check_arrays_equal(actual, expected, error_cls, expected_dtypes=None, **tolerance):
    """Compare outputs with the expected arrays: number, shapes, dtypes, then values.

    Parameters
    ----------
    actual, expected : sequence of arrays
        The outputs (any device) and the expected values.
    error_cls : type
        The :class:`TestError` to raise.
    expected_dtypes : sequence of dtype or None, optional
        The dtypes the outputs must have (None entries: not checked); by default those of
        ``expected``.
    **tolerance
        ``atol`` / ``rtol`` for :func:`~kusari.testing.assert_allclose`.

    Raises
    ------
    TestError
        ``error_cls``, saying what differs and where.
    """
    problem = detail = None
    if len(actual) != len(expected):
        problem = 'Number of outputs ({}, {}) does not match'.format(len(actual), len(expected))
    else:
        if expected_dtypes is None:
            expected_dtypes = [e.dtype for e in expected]
        shapes_ok = all(a.shape == e.shape for a, e in zip(actual, expected))
        dtypes_ok = all(d is None or a.dtype == d for a, d in zip(actual, expected_dtypes))
        if not (shapes_ok and dtypes_ok):
            problem = 'Shapes and/or dtypes do not match'
        else:
            errors = []
            for i, (a, e) in enumerate(zip(actual, expected)):
                try:
                    array_module.assert_allclose(a, e, **tolerance)
                except AssertionError as err:
                    errors.append((i, err))
            if errors:
                problem = ('Outputs do not match the expected values.\nIndices of outputs '
                           'that do not match: {}'.format(', '.join(str(i) for i, _ in errors)))
                detail = ''.join('Error details of output [{}]:\n{}\n'.format(i, err)
                                 for i, err in errors)
    if problem is not None:
        message = '{}\nExpected shapes and dtypes: {}\nActual shapes and dtypes:   {}\n'.format(
            problem, _format_array_props(expected), _format_array_props(actual))
        if detail is not None:
            message += '\n\n' + detail
        error_cls.fail(message)


def check_unmodified(before, after, error_cls):
    """Raise ``error_cls`` if some array of ``after`` differs from its copy in ``before``
    (the inputs, around a forward call)."""
    changed = []
    for i, (b, a) in enumerate(zip(before, after)):
        if a is None:
            continue
        try:
            array_module.assert_allclose(b, a, atol=0, rtol=0)
        except AssertionError:
            changed.append(i)
    if changed:
        s = io.StringIO()
        s.write('Input arrays have been modified during forward.\nIndices of modified inputs: '
                '{}\nInput array shapes and dtypes: {}\n'.format(
                    ', '.join(str(i) for i in changed), _format_array_props(after)))
        for i in changed:
            s.write('\nInput[{}]:\nOriginal:\n{}\nAfter forward:\n{}\n'.format(
                i, before[i], after[i]))
        error_cls.fail(s.getvalue())


def check_gradients(order, func, make_arguments, error_cls, dodge_nondifferentiable=False,
                    **options):
    """Check the first (``order=1``) or second (``order=2``) derivatives of ``func``.

    Parameters
    ----------
    order : int or callable
        1: :func:`~kusari.gradient_check.check_backward`; 2:
        :func:`~kusari.gradient_check.check_double_backward`; or another check of their
        signature (a link's parameters are checked by ``_check_backward_with_params``).
    func : callable
        The function under test, on Variables.
    make_arguments : callable
        Returns the positional arguments after ``func``: ``(inputs, grad_outputs)``, with
        ``grad_grad_inputs`` for order 2. Called again for each new sample.
    error_cls : type
        The :class:`TestError` that a wrong derivative raises.
    dodge_nondifferentiable : bool
        Detect non-differentiable points and draw new arguments until the point is
        differentiable (at most 100 times).
    **options
        Passed to the gradient check (``eps``, ``atol``, ``rtol``, ``dtype``, ...).
    """
    check = {1: gradient_check.check_backward,
             2: gradient_check.check_double_backward}.get(order, order)
    what = 'double backward' if order == 2 else 'backward'
    for _ in range(100):
        arguments = make_arguments()
        try:
            with error_cls.raise_if_fail('{} is not implemented correctly'.format(what)):
                check(func, *arguments, detect_nondifferentiable=dodge_nondifferentiable,
                      **options)
        except gradient_check.NondifferentiableError:
            if dodge_nondifferentiable:
                continue
            raise
        return
    error_cls.fail('no differentiable point found in 100 samples of the inputs')


def random_like(templates):
    """Uniform numbers in [-1, 1) of each template's shape and dtype (None kept), from the
    global NumPy generator: the default output gradients of Chainer's runners."""
    return tuple(None if t is None else
                 numpy.random.uniform(-1, 1, t.shape).astype(t.dtype) for t in templates)
