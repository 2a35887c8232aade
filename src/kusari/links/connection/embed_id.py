"""EmbedID: a lookup table of word vectors."""
import kusari.functions as F
from kusari import initializers, link
from kusari.variable import Parameter, as_array


class EmbedID(link.Link):
    """Maps integer IDs to rows of a learned matrix.

    Parameters
    ----------
    in_size : int
        The number of IDs (rows of ``W``).
    out_size : int
        The vector size.
    initialW : initializer, scalar or array, optional
        ``Normal(1.0)`` by default.
    ignore_label : int, optional
        IDs equal to it map to zero vectors.

    Attributes
    ----------
    W : Parameter of shape ``(in_size, out_size)``
    """

    ignore_label = None

    def __init__(self, in_size, out_size, initialW=None, ignore_label=None):
        super().__init__()
        self.ignore_label = ignore_label
        if initialW is None:
            initialW = initializers.Normal(1.0)
        with self.init_scope():
            self.W = Parameter(initializers._get_initializer(initialW), (in_size, out_size))

    @classmethod
    def from_params(cls, W, ignore_label=None):
        """An EmbedID holding a copy of the array ``W``."""
        in_size, out_size = W.shape
        return cls(in_size, out_size, initialW=as_array(W), ignore_label=ignore_label)

    def forward(self, x):
        """Look the IDs up.

        Parameters
        ----------
        x : Variable or int array of any shape ``s``

        Returns
        -------
        Variable of shape ``s + (out_size,)``
        """
        return F.embed_id(x, self.W, ignore_label=self.ignore_label)
