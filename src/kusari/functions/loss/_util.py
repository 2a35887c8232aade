"""Checks shared by the loss functions."""
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def check_pair(label, a, b, names):
    """``a`` float, ``b`` of the same dtype and shape."""
    type_check.check_float(label, names[0], a)
    if a.dtype != b.dtype:
        type_check.fail(label, '{}.dtype == {}.dtype'.format(*names),
                        '{} != {}'.format(a.dtype, b.dtype))
    if a.shape != b.shape:
        type_check.fail(label, '{}.shape == {}.shape'.format(*names),
                        '{} != {}'.format(a.shape, b.shape))


def check_reduce(reduce, valid):
    if reduce not in valid:
        raise ValueError('only {} are valid for \'reduce\', but \'{}\' is given'.format(
            ' and '.join("'{}'".format(v) for v in valid) if len(valid) == 2 else
            ', '.join("'{}'".format(v) for v in valid[:-1]) + " and '{}'".format(valid[-1]),
            reduce))


class MarginLoss(FunctionNode):
    """Base of a loss with a positive ``margin`` and ``reduce`` in ``('mean', 'no')``."""

    def __init__(self, margin, reduce='mean'):
        if margin <= 0:
            raise ValueError('margin should be positive value.')
        check_reduce(reduce, ('mean', 'no'))
        self.margin = margin
        self.reduce = reduce
