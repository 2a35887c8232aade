"""Scale: multiply by a learned (or given) scale broadcast from ``axis``, optionally add a
bias."""
import kusari.functions as F
from kusari import link
from kusari.links.connection.bias import Bias, _argc_error
from kusari.variable import Parameter


class Scale(link.Chain):
    """Multiplies the input by a scale broadcast along ``axis``.

    Parameters
    ----------
    axis : int
    W_shape : tuple of ints, optional
        The shape of a learned scale ``W`` (initialized to 1); without it the scale is the
        second argument of :meth:`forward`.
    bias_term : bool
        Add a learned bias after scaling.
    bias_shape : tuple of ints, optional
        The bias shape when ``W`` is not learned.
    """

    def __init__(self, axis=1, W_shape=None, bias_term=False, bias_shape=None):
        super().__init__()
        self.axis = axis
        with self.init_scope():
            if W_shape is not None:
                self.W = Parameter(1, W_shape)
                if bias_term:
                    self.bias = Bias(axis, W_shape)
            elif bias_term:
                if bias_shape is None:
                    raise ValueError('bias_shape should be given if W is not learnt parameter '
                                     'and bias_term is True.')
                self.bias = Bias(axis, bias_shape)

    def forward(self, *xs):
        """``x * W`` (or ``x * y``), plus the bias if any.

        Parameters
        ----------
        *xs : Variable
            ``x`` alone (learned ``W``), or ``x`` and the scale ``y``.

        Returns
        -------
        Variable of the shape of ``x``

        Raises
        ------
        ValueError
            If the number of inputs is wrong (AssertionError in debug mode, as in Chainer).
        """
        if hasattr(self, 'W'):
            if len(xs) != 1:
                raise _argc_error('Scale with a learned W takes one input, got {}'.format(
                    len(xs)))
            z = F.scale(xs[0], self.W, self.axis)
        else:
            if len(xs) != 2:
                raise _argc_error('Scale without a learned W takes two inputs, got {}'.format(
                    len(xs)))
            z = F.scale(xs[0], xs[1], self.axis)
        if hasattr(self, 'bias'):
            return self.bias(z)
        return z
