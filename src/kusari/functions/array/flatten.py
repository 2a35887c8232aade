"""flatten, as a reshape (differentiable to every order)."""
from kusari.functions.array.reshape import reshape


def flatten(x):
    """Flatten ``x`` into one dimension.

    Parameters
    ----------
    x : Variable or array
        Input of any shape (a 0-d input gives shape ``(1,)``).

    Returns
    -------
    Variable
        Shape ``(x.size,)``, dtype of ``x``.
    """
    return reshape(x, (x.size,))
