"""Test helpers: ``assert_allclose``, ``parameterize``, ``product``, and ``FunctionTestCase``."""
import itertools
import sys

import numpy

from kusari import backend
from kusari.testing.function_test import (  # noqa: F401
    TOLERANCES,
    FunctionTestCase,
    pytest_collection_modifyitems,
    pytest_generate_tests,
)


def _cpu(a):
    a = getattr(a, 'array', a)
    return backend.CpuDevice().send(a) if a is not None else None


def assert_allclose(x, y, atol=1e-5, rtol=1e-4, verbose=True):
    """Assert ``|x - y| <= atol + rtol * |y|`` elementwise (arrays or Variables, any device).

    The message gives the largest errors and where they are.

    Parameters
    ----------
    x, y : array or Variable
        The actual and expected values; their shapes must broadcast together.
    atol, rtol : float
        The tolerances.
    verbose : bool
        Passed on to :func:`numpy.testing.assert_allclose`.

    Raises
    ------
    AssertionError
        If the shapes do not broadcast or some element is out of tolerance.
    """
    x = numpy.asarray(_cpu(x))
    y = numpy.asarray(_cpu(y))
    if x.shape != y.shape:
        try:
            x, y = numpy.broadcast_arrays(x, y)
        except ValueError:
            raise AssertionError('shapes differ: {} and {}'.format(x.shape, y.shape)) from None
    try:
        numpy.testing.assert_allclose(x, y, atol=atol, rtol=rtol, verbose=verbose)
    except AssertionError as e:
        err = numpy.abs(x.astype(numpy.float64) - y.astype(numpy.float64))
        msg = str(e)
        if err.size:
            i = numpy.unravel_index(numpy.nanargmax(err) if not numpy.isnan(err).all() else 0,
                                    err.shape)
            msg += '\nlargest error {} at index {}: {} vs {}'.format(err[i], i, x[i], y[i])
        raise AssertionError(msg) from None


def _param_name(params):
    parts = []
    for k, v in sorted(params.items()):
        s = getattr(v, '__name__', None) or str(v)
        parts.append('{}={}'.format(k, s))
    return '_'.join(parts).replace(' ', '')


def parameterize(*params):
    """Class decorator: one test class per parameter dict, its keys set as class attributes.

    The generated classes are named ``<Class>_param_<i>_<key=value...>`` and added to the
    class's module; the decorated class itself is no longer collected.

    Parameters
    ----------
    *params : dict
        One dict per generated class.

    Returns
    -------
    callable
        The class decorator.
    """
    def wrap(klass):
        module = sys.modules[klass.__module__]
        for i, p in enumerate(params):
            name = '{}_param_{}_{}'.format(klass.__name__, i, _param_name(p))
            attrs = dict(p)
            attrs['__test__'] = True
            attrs['__module__'] = klass.__module__
            setattr(module, name, type(name, (klass,), attrs))
        klass.__test__ = False
        return klass
    return wrap


def product(parameter):
    """All combinations of parameter values.

    Parameters
    ----------
    parameter : dict or list of lists of dicts
        A dict ``{key: [values]}`` giving dicts, or a list of lists of dicts whose
        combinations are merged.

    Returns
    -------
    list of dict
        One dict per combination.

    Raises
    ------
    TypeError
        If ``parameter`` is neither a dict nor a list of lists.
    """
    if isinstance(parameter, dict):
        keys = sorted(parameter)
        return [dict(zip(keys, vals)) for vals in itertools.product(
            *[parameter[k] for k in keys])]
    if isinstance(parameter, (list, tuple)):
        return product_dict(*parameter)
    raise TypeError('product takes a dict or a list of lists of dicts')


def product_dict(*parameters):
    """Merge every combination of one dict from each list.

    Parameters
    ----------
    *parameters : list of dict
        The lists.

    Returns
    -------
    list of dict
        One merged dict per combination.
    """
    out = []
    for combo in itertools.product(*parameters):
        d = {}
        for p in combo:
            d.update(p)
        out.append(d)
    return out
