"""``TheanoFunction`` (Chainer's bridge to compiled Theano functions), reported unavailable.

Theano is out of kusari's scope (it is unmaintained and does not run on NumPy 2): the name
exists so that code importing it loads, and constructing it says why it cannot work.
"""


class TheanoFunction:
    """Unavailable in kusari: constructing it raises RuntimeError.

    Parameters
    ----------
    forward_func, backward_func : object
        Compiled Theano functions (in Chainer).

    Raises
    ------
    RuntimeError
        Always: kusari does not support Theano.
    """

    def __init__(self, forward_func, backward_func):
        raise RuntimeError('TheanoFunction is not available: kusari does not support Theano '
                           '(a Chainer build without Theano behaves the same way for this '
                           'function). Rewrite the computation with kusari.functions.')
