"""Linear: the fully connected layer ``y = x W^T + b``."""
import kusari.functions as F
from kusari import link
from kusari.links.connection._util import init_weight_and_bias
from kusari.utils import size_of_shape
from kusari.variable import as_array


class Linear(link.Link):
    """A fully connected layer.

    Parameters
    ----------
    in_size : int or None
        The input dimension; None (or giving only one size) defers creating ``W`` to the first
        forward pass.
    out_size : int, optional
        The output dimension. ``Linear(n)`` means ``Linear(None, n)``.
    nobias : bool
        No bias if True.
    initialW : initializer, scalar or array, optional
        The initializer of ``W`` (LeCunNormal by default).
    initial_bias : initializer, scalar or array, optional
        The initializer of ``b`` (zero by default).

    Attributes
    ----------
    W : Parameter
        The weight, shape ``(out_size, in_size)``.
    b : Parameter or None
        The bias, shape ``(out_size,)``.
    """

    def __init__(self, in_size, out_size=None, nobias=False, initialW=None, initial_bias=None):
        super().__init__()
        if out_size is None:
            in_size, out_size = None, in_size
        self.in_size = in_size
        self.out_size = out_size
        init_weight_and_bias(self, initialW, in_size, nobias, initial_bias, out_size)

    def _initialize_params(self, in_size):
        self.W.initialize((self.out_size, in_size))

    @classmethod
    def from_params(cls, W, b=None, nobias=False):
        """A Linear holding copies of the arrays ``W`` (and ``b``).

        Parameters
        ----------
        W : array or Variable of shape ``(out_size, in_size)``
        b : array or Variable of shape ``(out_size,)``, optional
        nobias : bool
        """
        out_size, in_size = W.shape
        if b is not None and out_size != b.size:
            raise ValueError('`out_size` does not match the size of `b`')
        return cls(in_size, out_size, nobias, initialW=as_array(W),
                   initial_bias=None if b is None else as_array(b))

    def forward(self, x, n_batch_axes=1):
        """Apply the layer.

        Parameters
        ----------
        x : Variable or array of shape ``(batch..., in_size...)``
            The leading ``n_batch_axes`` axes are batch axes; the rest are flattened.
        n_batch_axes : int

        Returns
        -------
        Variable of shape ``(batch..., out_size)``
        """
        if self.W.array is None:
            self._initialize_params(size_of_shape(x.shape[n_batch_axes:]))
        return F.linear(x, self.W, self.b, n_batch_axes=n_batch_axes)

    @property
    def printable_specs(self):
        """``in_size``, ``out_size`` and ``nobias``, shown by ``str(link)``."""
        yield 'in_size', self.in_size
        yield 'out_size', self.out_size
        yield 'nobias', self.b is None
