"""``parameterize``, ``product``, ``product_dict`` and the pytest-style spellings of them."""
import functools
import itertools
import types
import unittest

from kusari.testing import _cases

_VALUE_MAXLEN = 100      # the longest a single value appears in a class name
_PARAMS_MAXLEN = 5000    # the longest the parameter part of a class name gets


def _value_str(value):
    name = getattr(value, '__name__', None)
    if isinstance(name, str):        # classes, functions, modules
        return name
    return repr(value)


def _shorten(s, maxlen):
    if len(s) <= maxlen:
        return s
    head = (maxlen - 3) // 2
    tail = maxlen - 3 - head
    return s[:head] + '...' + s[len(s) - tail:]


def class_name(base_name, index, param):
    """The name of the class generated for the ``index``-th parameter dict.

    ``Base_param_<index>_{key=value, ...}`` with the keys sorted, as in Chainer (so test ids
    agree between the two).
    """
    body = ', '.join('{}={}'.format(k, _shorten(_value_str(v), _VALUE_MAXLEN))
                     for k, v in sorted(param.items()))
    return '{}_param_{}_{{{}}}'.format(base_name, index, _shorten(body, _PARAMS_MAXLEN))


def _param_lines(param):
    return ''.join('  {}: {}\n'.format(k, v) for k, v in sorted(param.items()))


def _members(base, param):
    members = {}
    for key, value in param.items():
        # A plain function as a parameter stays a function when read from the instance.
        members[key] = staticmethod(value) if isinstance(value, types.FunctionType) else value

    def __str__(self):
        return '{}  parameter: {}'.format(base.__str__(self), param)

    members['__str__'] = __str__
    return members


def _note_parameters(base, param):
    def wrap(method):
        @functools.wraps(method)
        def test(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except unittest.SkipTest:
                raise
            except Exception as e:
                # The exception keeps its class and traceback (pytest.mark.xfail(raises=...)
                # and pytest.raises still see it); the parameters are added as a note.
                e.add_note('Parameterized test failed.\nBase test method: {}.{}\n'
                           'Test parameters:\n{}'.format(base.__name__, method.__name__,
                                                         _param_lines(param)))
                raise
        return test
    return wrap


def parameterize(*params):
    """Class decorator: one test class per parameter dict.

    Each generated class is a subclass named ``Base_param_<i>_{key=value, ...}`` with the
    dict's items as class attributes (a plain function stays callable as
    ``self.key(...)``), added to the module of the decorated class. The decorated name is
    bound to a bundle of the generated classes, so that the base class itself is not
    collected, and decorators stack: two ``parameterize`` give the product of the two lists.
    A failing test gets the parameters as a note on its exception.

    Parameters
    ----------
    *params : dict
        One dict per generated class; no dicts generate no classes.

    Returns
    -------
    callable
        The decorator (it takes a class or the result of another such decorator).
    """
    params = list(params)

    def make_cases(base):
        for i, param in enumerate(params):
            yield (class_name(base.__name__, i, param), _members(base, param),
                   _note_parameters(base, param))

    return _cases.generator_decorator(make_cases)


def _values_to_dicts(names, values):
    if not isinstance(names, str):
        raise TypeError('names must be a comma-separated string, got {!r}'.format(names))
    if not isinstance(values, (tuple, list)):
        raise TypeError('values must be a tuple or list, got {!r}'.format(values))
    keys = names.split(',')
    dicts = []
    for value in values:
        if len(keys) == 1:
            dicts.append({keys[0]: value})
            continue
        if not isinstance(value, (tuple, list)) or len(value) != len(keys):
            raise ValueError('{!r} does not give one value for each of {}'.format(
                value, keys))
        dicts.append(dict(zip(keys, value)))
    return dicts


def from_pytest_parameterize(names, values):
    """The parameter dicts of ``pytest.mark.parametrize(names, values)``.

    Parameters
    ----------
    names : str
        Comma-separated names, e.g. ``'shape,dtype'``.
    values : list
        One value per dict for a single name, else one tuple of values per dict.

    Returns
    -------
    list of dict
    """
    return _values_to_dicts(names, values)


def parameterize_pytest(names, values):
    """:func:`parameterize` with arguments spelt like ``pytest.mark.parametrize``'s.

    Returns
    -------
    callable
        The class decorator.
    """
    return parameterize(*from_pytest_parameterize(names, values))


def product(parameter):
    """Every combination of parameter values, as a list of dicts.

    Parameters
    ----------
    parameter : dict or list of lists of dicts
        ``{name: [values]}`` (a name may be ``'a,b'`` with values given as tuples), the
        names combined in sorted order; or lists of dicts, one dict taken from each list and
        merged.

    Returns
    -------
    list of dict

    Raises
    ------
    TypeError
        If ``parameter`` is neither.
    """
    if isinstance(parameter, dict):
        return product_dict(*[_values_to_dicts(names, values)
                              for names, values in sorted(parameter.items())])
    if isinstance(parameter, list):
        if not all(isinstance(group, list) and all(isinstance(d, dict) for d in group)
                   for group in parameter):
            raise TypeError('product takes a dict or a list of lists of dicts')
        return product_dict(*parameter)
    raise TypeError('product takes a dict or a list of lists of dicts, got {}'.format(
        type(parameter).__name__))


def product_dict(*parameters):
    """Merge one dict from each list, for every combination.

    Parameters
    ----------
    *parameters : list of dict

    Returns
    -------
    list of dict
        ``[{}]`` for no lists, ``[]`` if some list is empty.
    """
    return [{k: v for d in combination for k, v in d.items()}
            for combination in itertools.product(*parameters)]


# What product_dict was before a test configuration replaced it (Chainer's conftest can swap
# in a pairwise product while collecting).
_product_dict_orig = product_dict
