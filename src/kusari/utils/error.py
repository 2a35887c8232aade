"""Formatting of array properties for error messages (``chainer.utils.error``)."""


def _format_array_props(arrays):
    """``'(2, 3):float32, None'``: the shape and dtype of each array, for a message.

    Parameters
    ----------
    arrays : list or tuple of array or None
        The arrays.

    Returns
    -------
    str
        One ``shape:dtype`` (or ``None``) per array, comma-separated.
    """
    if not isinstance(arrays, (list, tuple)):
        raise TypeError('arrays must be a list or a tuple, got {}'.format(type(arrays)))
    return ', '.join(['None' if a is None else '{}:{}'.format(a.shape, a.dtype.name)
                      for a in arrays])
