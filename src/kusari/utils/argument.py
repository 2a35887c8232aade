"""Keyword-argument parsing for functions that take ``**kwargs`` (``chainer.utils.argument``).

Chainer's functions accept some options only as keywords (``F.dropout(x, ratio, **kwargs)``)
and reject retired ones with a message saying what replaced them. These helpers give every
function the same errors::

    def f(x, **kwargs):
        train, = argument.parse_kwargs(
            kwargs, ('train', True), volatile='volatile was removed in v2')
"""
import sys


def check_unexpected_kwargs(kwargs, **unexpected):
    """Raise ValueError with the given message if a retired keyword is present.

    Parameters
    ----------
    kwargs : dict
        The keyword arguments a function received.
    **unexpected : str
        ``name=message`` for each retired keyword.

    Raises
    ------
    ValueError
        With ``message`` of the first retired keyword found in ``kwargs``.
    """
    for key, message in unexpected.items():
        if key in kwargs:
            raise ValueError(message)


def _caller_name(depth):
    try:
        return sys._getframe(depth + 1).f_code.co_name
    except ValueError:  # pragma: no cover - no such frame
        return '<unknown>'


def parse_kwargs(kwargs, *name_and_values, **unexpected):
    """Pop the known keywords from ``kwargs``, with defaults; reject everything else.

    Parameters
    ----------
    kwargs : dict
        The keyword arguments a function received; the known ones are removed from it.
    *name_and_values : tuple of (str, object)
        ``(name, default)`` for each accepted keyword, in the order of the result.
    **unexpected : str
        ``name=message`` for each retired keyword (raises ValueError with the message).

    Returns
    -------
    tuple
        The value of each accepted keyword (its default when absent), in the given order.

    Raises
    ------
    ValueError
        If a retired keyword is present.
    TypeError
        If any other unknown keyword is present: ``f() got unexpected keyword argument(s)
        'a', 'b'``, naming the calling function ``f``.
    """
    values = tuple([kwargs.pop(name, default) for name, default in name_and_values])
    if kwargs:
        check_unexpected_kwargs(kwargs, **unexpected)
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            _caller_name(1), ', '.join(repr(k) for k in sorted(kwargs))))
    return values


def assert_kwargs_empty(kwargs):
    """Raise TypeError naming the calling function if ``kwargs`` is not empty.

    Parameters
    ----------
    kwargs : dict
        The keyword arguments left over.

    Raises
    ------
    TypeError
        If ``kwargs`` has any key.
    """
    if kwargs:
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            _caller_name(1), ', '.join(repr(k) for k in sorted(kwargs))))
