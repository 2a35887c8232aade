"""Chainer's keyword-argument parsing for the noise functions."""

_TRAIN_MSG = 'train argument is not supported anymore. Use chainer.using_config'


def parse_kwargs(func_name, kwargs, **defaults):
    """Return the values of ``defaults``' keys from ``kwargs``; reject ``train`` (ValueError)
    and any other key (TypeError), as Chainer does."""
    if 'train' in kwargs:
        raise ValueError(_TRAIN_MSG)
    unknown = sorted(set(kwargs) - set(defaults))
    if unknown:
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            func_name, ', '.join("'{}'".format(k) for k in unknown)))
    return tuple(kwargs.get(k, v) for k, v in defaults.items())
