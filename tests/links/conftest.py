"""Helpers shared by the link tests: float64 links and a parameter-gradient check."""
import numpy
import pytest

import kusari
from kusari import gradient_check


@pytest.fixture
def link_float64():
    """Create links inside this context to get float64 parameters."""
    with kusari.using_config('dtype', numpy.float64):
        yield


def _check_link_backward(func, inputs, params, n_outputs=1, atol=1e-6, rtol=1e-5,
                         eps=1e-4, seed=1):
    """Numerically check the gradients of ``func(*inputs)`` w.r.t. inputs and ``params``."""
    params = tuple(params)
    assert params and all(p.dtype == numpy.float64 for p in params)
    ys = func(*[kusari.Variable(x) if x.dtype.kind == 'f' else x for x in inputs])
    ys = ys if isinstance(ys, (tuple, list)) else (ys,)
    rng = numpy.random.default_rng(seed)
    gys = tuple(rng.standard_normal(y.shape) for y in ys)
    gradient_check.check_backward(func, tuple(inputs), gys if len(gys) > 1 else gys[0],
                                  params=params, eps=eps, atol=atol, rtol=rtol)


@pytest.fixture
def check_link_backward():
    return _check_link_backward
