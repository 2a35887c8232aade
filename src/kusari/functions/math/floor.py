"""floor: elementwise, not differentiable (the result is outside any graph)."""
from kusari.functions.math._util import apply_without_grad


def floor(x):
    """Elementwise floor: the largest integer not above each element.

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
    return apply_without_grad('floor', x)
