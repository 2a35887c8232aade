"""``CRF1d``: a linear-chain conditional random field layer."""
from kusari import initializers, link
from kusari.functions.array.transpose_sequence import transpose_sequence
from kusari.functions.loss import crf1d as _crf1d
from kusari.links.rnn.n_step_rnn import argsort_list_descent, permutate_list
from kusari.variable import Parameter


class CRF1d(link.Link):
    """Linear-chain CRF holding the transition scores (:func:`kusari.functions.crf1d`).

    Parameters
    ----------
    n_label : int
        The number of labels ``K``.
    initial_cost : initializer or array, optional
        Of the transition scores (zeros by default).

    Attributes
    ----------
    cost : Parameter
        The transition scores, shape ``(K, K)``: ``cost[i, j]`` from label ``i`` to ``j``.
    """

    def __init__(self, n_label, initial_cost=None):
        super().__init__()
        if initial_cost is None:
            initial_cost = initializers.constant.Zero()
        with self.init_scope():
            self.cost = Parameter(initializer=initial_cost, shape=(n_label, n_label))

    def forward(self, xs, ys, reduce='mean', transpose=False):
        """The CRF loss of unary scores ``xs`` and gold labels ``ys``.

        Parameters
        ----------
        xs : list of Variable or array
            Time-major ``xs[t]`` of shape ``(B_t, K)`` with ``B_t`` non-increasing, or, with
            ``transpose=True``, one ``(length_b, K)`` array per sequence in any order.
        ys : list of array
            The labels, laid out like ``xs`` (int32, without the ``K`` axis).
        reduce : str
            ``'mean'`` or ``'no'``.
        transpose : bool
            Whether ``xs`` and ``ys`` are per sequence (sorted and transposed here).

        Returns
        -------
        Variable
            The loss: a scalar (``'mean'``) or one value per sequence (``'no'``; in the
            sorted order when ``transpose`` is True).
        """
        if transpose:
            indices = argsort_list_descent(xs)
            xs = transpose_sequence(permutate_list(xs, indices, inv=False))
            ys = transpose_sequence(permutate_list(ys, indices, inv=False))
        return _crf1d.crf1d(self.cost, xs, ys, reduce)

    def argmax(self, xs, transpose=False):
        """The best label paths of unary scores ``xs`` (:func:`kusari.functions.argmax_crf1d`).

        Parameters
        ----------
        xs : list of Variable or array
            As in :meth:`forward`.
        transpose : bool
            Whether ``xs`` is per sequence; the paths are then per sequence too, in the
            input order (the scores stay in the sorted order).

        Returns
        -------
        tuple
            ``(score, path)``: a Variable of shape ``(B,)`` and the list of label arrays.
        """
        if not transpose:
            return _crf1d.argmax_crf1d(self.cost, xs)
        indices = argsort_list_descent(xs)
        xs = transpose_sequence(permutate_list(xs, indices, inv=False))
        score, path = _crf1d.argmax_crf1d(self.cost, xs)
        path = [p.array for p in transpose_sequence(path)]
        return score, permutate_list(path, indices, inv=True)
