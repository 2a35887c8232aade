"""The class-label range check shared by the classification losses and metrics.

A label that is neither a class index nor ``ignore_label`` is an error in every mode (Chainer
checks only in debug mode; an out-of-range label otherwise reads another class's score or
counts silently as a wrong prediction). The check is one reduction over the labels viewed as
unsigned integers, about a microsecond for a small batch (``benchmarks/losses.py`` measures
its cost).
"""
import numpy

from kusari import backend

_UNSIGNED = {1: numpy.dtype(numpy.uint8), 2: numpy.dtype(numpy.uint16),
             4: numpy.dtype(numpy.uint32), 8: numpy.dtype(numpy.uint64)}
_NEGATIVE = {1: 1 << 7, 2: 1 << 15, 4: 1 << 31, 8: 1 << 63}    # the least negative, unsigned


def _in_range(a, n_class):
    """True when each element of the signed integer array ``a`` is in ``[0, n_class)``.

    Read as unsigned, a negative value becomes at least ``2 ** (bits - 1)``, above every
    valid label, so the largest unsigned value decides: one pass, no temporary array
    (``argmax`` then one element: on small arrays a third of the time of ``max()``).
    """
    size = a.itemsize
    u = a.view(_UNSIGNED[size])
    if u.ndim != 1:
        u = u.reshape(-1)
    top = int(u[u.argmax()])
    return top < n_class and top < _NEGATIVE[size]


def check_labels(func_name, t, n_class, ignore_label=None, t_safe=None):
    """Raise a ValueError naming ``func_name`` unless each label is in ``[0, n_class)`` or
    equals ``ignore_label``.

    Parameters
    ----------
    func_name : str
        The public function's name, for the message (``'softmax_cross_entropy'``).
    t : array
        The integer labels, of any shape.
    n_class : int
        The number of classes (``x.shape[1]``).
    ignore_label : int or None
        A label value that is allowed (and ignored by the caller); None allows none.
    t_safe : array, optional
        ``t`` with the ignored labels already replaced by a class index, when the caller
        has it: the check then reads only this array.

    Raises
    ------
    ValueError
        If a label is out of range; the message gives the range, the first offending
        label and where it is, and how many there are.
    """
    if t.size == 0 or _in_range(t if t_safe is None else t_safe, n_class):
        return      # the common case: one reduction
    if t_safe is None and ignore_label is not None:
        xp = backend.get_array_module(t)
        if _in_range(xp.where(t == ignore_label, 0, t), n_class):
            return
    t_host = backend.CpuDevice().send(t)
    bad = (t_host < 0) | (t_host >= n_class)
    if ignore_label is not None:
        bad &= t_host != ignore_label
    where = numpy.unravel_index(int(bad.argmax()), t_host.shape)
    value = int(t_host[where])
    count = int(bad.sum())
    allowed = 'a class index in [0, {}) (x.shape[1] is {})'.format(n_class, n_class)
    if ignore_label is not None:
        allowed += ' or ignore_label ({})'.format(ignore_label)
    hint = ''
    if value < 0 and ignore_label is None:
        hint = '; to skip such labels, pass ignore_label={}'.format(value)
    raise ValueError('{}: each label in t must be {}, but t[{}] is {} ({} of {} labels out of '
                     'range){}'.format(func_name, allowed, ', '.join(str(int(i)) for i in where),
                                       value, count, t.size, hint))
