"""ceil: elementwise, not differentiable (the result is outside any graph)."""
from kusari import backend
from kusari.utils import force_array
from kusari.variable import Variable


def ceil(x):
    """Elementwise ceiling: the smallest integer not below each element.

    The result has no gradient: it is a Variable with ``requires_grad=False`` and no
    creator.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.

    Returns
    -------
    Variable
        Same shape and dtype as x.
    """
    x = getattr(x, 'array', x)
    xp = backend.get_array_module(x)
    return Variable(force_array(xp.ceil(x), x.dtype), requires_grad=False)
