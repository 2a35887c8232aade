"""MLPConvolution2D: a convolution followed by 1x1 convolutions (Network in Network)."""
import kusari.functions as F
from kusari import link
from kusari.links.connection.convolution_2d import Convolution2D
from kusari.utils import argument


class MLPConvolution2D(link.ChainList):
    """A stack of a convolution and 1x1 convolutions with an activation between them.

    Parameters
    ----------
    in_channels : int or None
        Input channels (``MLPConvolution2D(out_channels, ksize)`` is accepted too).
    out_channels : tuple of ints
        The output channels of each convolution.
    ksize : int or pair of ints
        The first convolution's filter size.
    stride, pad : int or pair of ints
        Of the first convolution.
    activation : callable
        Applied between the convolutions (``F.relu`` by default).
    conv_init, bias_init : initializers (keywords), optional

    Raises
    ------
    TypeError
        If a seventh positional argument is given (Chainer v1's ``wscale``).
    ValueError
        If ``wscale`` is given as a keyword, as in Chainer.
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 activation=None, *args, conv_init=None, bias_init=None, **kwargs):
        msg = ('wscale is not supported anymore. Use conv_init and bias_init argument to '
               'change the scale of initial parameters.')
        if args:        # v1's wscale given by position
            raise TypeError(msg)
        argument.check_unexpected_kwargs(kwargs, wscale=msg)    # ValueError, as in Chainer
        if kwargs:
            raise TypeError('got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        if len(out_channels) == 0:
            raise ValueError('out_channels must not be empty')
        convs = [Convolution2D(in_channels, out_channels[0], ksize, stride, pad,
                               initialW=conv_init, initial_bias=bias_init)]
        for n_in, n_out in zip(out_channels, out_channels[1:]):
            convs.append(Convolution2D(n_in, n_out, 1, initialW=conv_init,
                                       initial_bias=bias_init))
        super().__init__(*convs)
        self.activation = F.relu if activation is None else activation

    def forward(self, x):
        """Apply the convolutions to ``x`` of shape ``(n, c, h, w)``.

        Returns
        -------
        Variable of shape ``(n, out_channels[-1], h_out, w_out)``
        """
        f = self.activation
        for conv in self[:-1]:
            x = f(conv(x))
        return self[-1](x)
