"""Bias: add a learned (or given) bias broadcast from ``axis``."""
import kusari.functions as F
from kusari import link
from kusari.configuration import config
from kusari.variable import Parameter


def _argc_error(message):
    """The error for a wrong number of inputs: Chainer's classes (an assertion in debug
    mode, a ValueError from unpacking otherwise), with a message."""
    return (AssertionError if config.debug else ValueError)(message)


class Bias(link.Link):
    """Adds a bias to the input, broadcast along ``axis``.

    Parameters
    ----------
    axis : int
        The first axis of the input the bias is aligned with.
    shape : tuple of ints, optional
        The shape of a learned bias ``b`` (initialized to 0). Without it the bias is given as
        the second argument of :meth:`forward`.

    Attributes
    ----------
    b : Parameter (only with ``shape``)
    """

    def __init__(self, axis=1, shape=None):
        super().__init__()
        if shape is not None:
            with self.init_scope():
                self.b = Parameter(0, shape)
        self.axis = axis

    def forward(self, *xs):
        """``x + b`` (learned ``b``) or ``x + y`` (two arguments), broadcast from ``axis``.

        Parameters
        ----------
        *xs : Variable
            ``x`` alone, or ``x`` and the bias ``y``.

        Returns
        -------
        Variable of the shape of ``x``

        Raises
        ------
        ValueError
            If the number of inputs is wrong (AssertionError in debug mode, as in Chainer).
        """
        if hasattr(self, 'b'):
            if len(xs) != 1:
                raise _argc_error('Bias with a learned bias takes one input, got {}'.format(
                    len(xs)))
            return F.bias(xs[0], self.b, self.axis)
        if len(xs) != 2:
            raise _argc_error('Bias without a learned bias takes two inputs, got {}'.format(
                len(xs)))
        return F.bias(xs[0], xs[1], self.axis)
