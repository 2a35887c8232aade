"""Bias: add a learned (or given) bias broadcast from ``axis``."""
import kusari.functions as F
from kusari import link
from kusari.variable import Parameter


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
        """
        if hasattr(self, 'b'):
            if len(xs) != 1:
                raise TypeError('Bias with a learned bias takes one input, got {}'.format(
                    len(xs)))
            return F.bias(xs[0], self.b, self.axis)
        if len(xs) != 2:
            raise TypeError('Bias without a learned bias takes two inputs, got {}'.format(
                len(xs)))
        return F.bias(xs[0], xs[1], self.axis)
