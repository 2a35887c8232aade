"""Small helpers shared by the connection links."""


def pair(x):
    """``(x, x)`` for a scalar, ``x`` itself for a sequence."""
    if hasattr(x, '__getitem__'):
        return x
    return x, x


def as_tuple(x, ndim):
    """``x`` repeated ``ndim`` times for a scalar; a sequence of length ``ndim`` as a tuple."""
    if hasattr(x, '__getitem__'):
        if len(x) != ndim:
            raise ValueError('expected a sequence of length {}, got {!r}'.format(ndim, x))
        return tuple(x)
    return (x,) * ndim


def bias_param(initial_bias, size):
    """The bias Parameter of a link (zero by default)."""
    from kusari import initializers
    from kusari.variable import Parameter
    if initial_bias is None:
        initial_bias = 0
    return Parameter(initializers._get_initializer(initial_bias), size)


def init_weight_and_bias(link, initialW, in_size, nobias, initial_bias, out_size):
    """Register ``link.W`` (shaped now by ``link._initialize_params(in_size)`` if ``in_size``
    is known, else at the first forward pass) and ``link.b`` of shape ``(out_size,)`` (None
    with ``nobias``)."""
    from kusari import initializers
    from kusari.variable import Parameter
    with link.init_scope():
        link.W = Parameter(initializers._get_initializer(initialW))
        if in_size is not None:
            link._initialize_params(in_size)
        link.b = None if nobias else bias_param(initial_bias, out_size)


def check_groups(out_channels, in_channels, groups):
    if out_channels % groups != 0:
        raise ValueError('the number of output channels must be divisible by the number of '
                         'groups')
    if in_channels % groups != 0:
        raise ValueError('the number of input channels must be divisible by the number of '
                         'groups')


def check_no_kwargs(kwargs):
    """Raise for keyword arguments that a convolution link does not take.

    ``deterministic`` (an option Chainer removed) gets Chainer's ValueError; any other name a
    TypeError.
    """
    if 'deterministic' in kwargs:
        raise ValueError("deterministic argument is not supported anymore. Use "
                         "kusari.using_config('cudnn_deterministic', value) context "
                         'where value is either `True` or `False`.')
    if kwargs:
        raise TypeError('got unexpected keyword arguments: {}'.format(
            ', '.join(sorted(kwargs))))
