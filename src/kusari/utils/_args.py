"""Argument parsing shared by the convolution and pooling families."""


def as_tuple(x, n):
    """``x`` repeated ``n`` times if it is a scalar, else ``tuple(x)`` (of length ``n``)."""
    if hasattr(x, '__getitem__'):
        t = tuple(int(v) for v in x)
        if len(t) != n:
            raise ValueError('expected {} values, got {!r}'.format(n, x))
        return t
    return (int(x),) * n


def check_spatial(x, n):
    """Raise ValueError (Chainer's message) unless ``x`` has ``n`` axes after the channels."""
    if len(x.shape[2:]) != n:
        raise ValueError(
            "The number of dimensions under channel dimension of the input 'x' should be {}. "
            'But the actual ndim was {}.'.format(n, len(x.shape[2:])))


def parse_kwargs(caller, kwargs, *names_and_defaults, **unexpected):
    """Chainer's ``argument.parse_kwargs``: pop the known keys, reject the others.

    A key listed in ``unexpected`` raises ValueError with its message; any other leftover
    key raises TypeError naming ``caller``.
    """
    kwargs = dict(kwargs)
    values = tuple(kwargs.pop(name, default) for name, default in names_and_defaults)
    if kwargs:
        for key, message in unexpected.items():
            if key in kwargs:
                raise ValueError(message)
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            caller, ', '.join(repr(k) for k in sorted(kwargs))))
    return values
