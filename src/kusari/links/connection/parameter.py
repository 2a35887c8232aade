"""Parameter: a link that holds one parameter array and returns it."""
from kusari import link
from kusari.variable import Parameter as _Parameter


class Parameter(link.Link):
    """A link holding the parameter ``W`` initialized with ``array``; calling it returns ``W``.

    Parameters
    ----------
    array : numpy.ndarray or cupy.ndarray
        The initial value.
    """

    def __init__(self, array):
        super().__init__()
        with self.init_scope():
            self.W = _Parameter(array)

    def forward(self, volatile='off'):
        """Return the parameter ``W``."""
        return self.W
