"""Convolution2D: the two-dimensional convolution layer."""
import kusari.functions as F
from kusari import link
from kusari.links.connection._util import (
    check_groups,
    check_no_kwargs,
    init_weight_and_bias,
    pair,
)
from kusari.variable import as_array


class Convolution2D(link.Link):
    """A two-dimensional convolution layer.

    Parameters
    ----------
    in_channels : int or None
        Input channels; None defers creating ``W`` to the first forward pass.
        ``Convolution2D(out_channels, ksize)`` is accepted too.
    out_channels : int
        Output channels.
    ksize : int or pair of ints
        The filter size.
    stride, pad : int or pair of ints
    nobias : bool
    initialW, initial_bias : initializer, scalar or array, optional
    dilate : int or pair of ints (keyword)
        The filter dilation.
    groups : int (keyword)
        The number of channel groups.

    Attributes
    ----------
    W : Parameter of shape ``(out_channels, in_channels / groups, kh, kw)``
    b : Parameter of shape ``(out_channels,)`` or None
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
                 initialW=None, initial_bias=None, *, dilate=1, groups=1, **kwargs):
        super().__init__()
        check_no_kwargs(kwargs)
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        self.ksize = ksize
        self.stride = pair(stride)
        self.pad = pair(pad)
        self.dilate = pair(dilate)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.groups = int(groups)
        init_weight_and_bias(self, initialW, in_channels, nobias, initial_bias, out_channels)

    @property
    def printable_specs(self):
        """The constructor's arguments, shown by ``str(link)``."""
        yield 'in_channels', self.in_channels
        yield 'out_channels', self.out_channels
        yield 'ksize', self.ksize
        yield 'stride', self.stride
        yield 'pad', self.pad
        yield 'nobias', self.b is None
        yield 'dilate', self.dilate
        yield 'groups', self.groups

    def _initialize_params(self, in_channels):
        kh, kw = pair(self.ksize)
        check_groups(self.out_channels, in_channels, self.groups)
        self.W.initialize((self.out_channels, in_channels // self.groups, kh, kw))

    @classmethod
    def from_params(cls, W, b=None, stride=1, pad=0, nobias=False, *, dilate=1, groups=1):
        """A Convolution2D holding copies of the arrays ``W`` (and ``b``)."""
        out_channels, in_per_group, kh, kw = W.shape
        if b is not None and out_channels != b.size:
            raise ValueError('`out_channels` does not match the size of `b`')
        return cls(in_per_group * groups, out_channels, (kh, kw), stride, pad, nobias,
                   initialW=as_array(W), initial_bias=None if b is None else as_array(b),
                   dilate=dilate, groups=groups)

    def forward(self, x):
        """Apply the convolution.

        Parameters
        ----------
        x : Variable or array of shape ``(n, in_channels, h, w)``

        Returns
        -------
        Variable of shape ``(n, out_channels, h_out, w_out)``
        """
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return F.convolution_2d(x, self.W, self.b, self.stride, self.pad, dilate=self.dilate,
                                groups=self.groups)
