"""The keyword arguments of the 2-d convolution functions (Chainer 7's messages)."""
from kusari.utils._args import parse_kwargs

_DETERMINISTIC = ("deterministic argument is not supported anymore. Use "
                  "chainer.using_config('cudnn_deterministic', value) context where value is "
                  "either `True` or `False`.")
_REQUIRES_X_GRAD = ('requires_x_grad argument is not supported anymore. Just remove the '
                    'argument. Note that whether to compute the gradient w.r.t. x is '
                    'automatically decided during backpropagation.')


def conv2d_kwargs(caller, kwargs, cudnn_fast=False):
    """``dilate`` and ``groups`` (and ``cudnn_fast``) from a 2-d function's ``**kwargs``."""
    names = [('dilate', 1), ('groups', 1)]
    if cudnn_fast:
        names.append(('cudnn_fast', False))
    return parse_kwargs(caller, kwargs, *names, deterministic=_DETERMINISTIC,
                        requires_x_grad=_REQUIRES_X_GRAD)
