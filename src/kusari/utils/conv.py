"""Output sizes of convolutions and poolings (Chainer's ``chainer.utils.conv`` formulas)."""


def get_conv_outsize(size, k, s, p, cover_all=False, d=1):
    """The output length of a convolution (or pooling) along one axis.

    Parameters
    ----------
    size : int
        The input length.
    k : int
        The filter (window) length.
    s : int
        The stride.
    p : int
        The padding on each side.
    cover_all : bool
        Whether the last window may reach past the padded input, so that every input
        element is covered.
    d : int
        The dilation.

    Returns
    -------
    int
        The output length.
    """
    dk = k + (k - 1) * (d - 1)
    if cover_all:
        return (size + p * 2 - dk + s - 1) // s + 1
    return (size + p * 2 - dk) // s + 1


def get_deconv_outsize(size, k, s, p, cover_all=False, d=1):
    """The output length of a deconvolution (transposed convolution) along one axis.

    Parameters
    ----------
    size : int
        The input length.
    k : int
        The filter length.
    s : int
        The stride.
    p : int
        The padding on each side.
    cover_all : bool
        Whether the forward convolution used ``cover_all``.
    d : int
        The dilation.

    Returns
    -------
    int
        The output length.
    """
    dk = (k - 1) * d + 1
    if cover_all:
        return s * (size - 1) + dk - s + 1 - 2 * p
    return s * (size - 1) + dk - 2 * p
