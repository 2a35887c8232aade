"""``BinaryHierarchicalSoftmax``: a softmax over a vocabulary arranged as a binary tree.

The probability of a word is the product, along its root-to-leaf path, of
``sigmoid(code * W[node] . x)`` with ``code = +1`` to the left child and ``-1`` to the
right. The loss is a composition of differentiable functions (``embed_id``, a batched
``matmul``, ``softplus``), exact to every order in ``x`` and ``W``.
"""
import heapq

import numpy

from kusari import backend, configuration, device_resident, link
from kusari.initializers.uniform import Uniform
from kusari.utils import type_check
from kusari.variable import Parameter, as_array


def _parse_tree(tree):
    """Number the internal nodes of ``tree`` in preorder; return the path (internal node
    ids) and the codes (+1 left, -1 right) of every leaf, and the number of internal nodes.
    """
    paths, codes = {}, {}
    count = 0
    stack = [(tree, (), ())]
    while stack:
        node, path, code = stack.pop()
        if isinstance(node, tuple):
            if len(node) != 2:
                raise ValueError('All internal nodes must have two child nodes')
            node_id = count
            count += 1
            left, right = node
            stack.append((right, path + (node_id,), code + (-1.0,)))
            stack.append((left, path + (node_id,), code + (1.0,)))
        else:
            paths[node] = path
            codes[node] = code
    return paths, codes, count


class BinaryHierarchicalSoftmaxFunction(device_resident.DeviceResident):
    """The tree of a :class:`BinaryHierarchicalSoftmax` and its loss.

    Parameters
    ----------
    tree : nested tuples
        A binary tree: an internal node is a pair, a leaf an int word id in ``[0, V)``.
    dtype : dtype
        The dtype of ``codes``.

    Attributes
    ----------
    paths : array
        int32, the internal node ids of every word's path, words one after the other.
    codes : array
        The matching directions (+1 left, -1 right).
    begins : array
        int32 of shape ``(V + 1,)``: word ``w``'s entries are ``begins[w]:begins[w + 1]``.
    parser_size : int
        The number of internal nodes (the rows of ``W``).
    """

    def __init__(self, tree, dtype):
        super().__init__()
        paths, codes, self.parser_size = _parse_tree(tree)
        n_vocab = max(paths) + 1
        self.paths = numpy.array([p for w in range(n_vocab) for p in paths.get(w, ())],
                                 numpy.int32)
        self.codes = numpy.array([c for w in range(n_vocab) for c in codes.get(w, ())],
                                 dtype)
        lengths = [len(paths.get(w, ())) for w in range(n_vocab)]
        self.begins = numpy.concatenate([[0], numpy.cumsum(lengths)]).astype(numpy.int32)

    def device_resident_accept(self, visitor):
        """Move the tree arrays with the object (``to_device`` and the like)."""
        super().device_resident_accept(visitor)
        self.paths = visitor.visit_array(self.paths)
        self.codes = visitor.visit_array(self.codes)
        self.begins = visitor.visit_array(self.begins)

    def _check(self, x, t, W):
        label = 'BinaryHierarchicalSoftmaxFunction'
        type_check.check_float(label, 'x', x)
        if x.ndim != 2:
            type_check.fail(label, 'x.ndim == 2', 'x.ndim={}'.format(x.ndim))
        if t.dtype != numpy.int32 or t.ndim != 1:
            type_check.fail(label, 't.dtype == int32 and t.ndim == 1',
                            't.dtype={}, t.ndim={}'.format(t.dtype, t.ndim))
        if x.shape[0] != t.shape[0]:
            type_check.fail(label, 'x.shape[0] == t.shape[0]',
                            '{} != {}'.format(x.shape[0], t.shape[0]))
        if W.dtype != x.dtype:
            type_check.fail(label, 'W.dtype == x.dtype', '{} != {}'.format(W.dtype, x.dtype))
        if W.shape != (self.parser_size, x.shape[1]):
            type_check.fail(label, 'W.shape == ({}, x.shape[1])'.format(self.parser_size),
                            'W.shape={}, x.shape={}'.format(W.shape, x.shape))

    def __call__(self, x, t, W):
        """The loss ``-sum_i log p(t_i | x_i)``, a scalar Variable of ``x``'s dtype."""
        import kusari.functions as F
        t = as_array(t)
        x_array = as_array(x)
        self._check(x_array, t, as_array(W))
        xp = backend.get_array_module(x_array)
        device = backend.get_device_from_array(x_array)
        if backend.get_device_from_array(self.paths) != device:
            self.to_device(device)
        begins = self.begins[t]
        lengths = self.begins[t + 1] - begins
        width = int(lengths.max()) if len(t) else 0
        offset = xp.arange(width)
        valid = offset < lengths[:, None]
        where = xp.where(valid, begins[:, None] + offset, 0)
        mask = valid.astype(x_array.dtype)
        if len(self.paths):
            nodes = self.paths[where]
            codes = self.codes[where].astype(x_array.dtype) * mask
        else:                                   # a one-word tree: every loss is 0
            nodes = xp.zeros(where.shape, numpy.int32)
            codes = mask
        wx = F.matmul(F.embed_id(nodes, W), F.expand_dims(x, 2))[:, :, 0]     # (N, width)
        return F.sum(F.softplus(-wx * codes) * mask)


class BinaryHierarchicalSoftmax(link.Link):
    """Hierarchical softmax over a binary tree of the vocabulary (Morin and Bengio, 2005).

    Parameters
    ----------
    in_size : int
        The input size ``D``.
    tree : nested tuples
        The tree: an internal node is a pair, a leaf an int word id (e.g. from
        :meth:`create_huffman_tree`).
    dtype : dtype, optional
        The dtype of the path codes (default ``config.dtype``).

    Attributes
    ----------
    W : Parameter
        One vector per internal node, shape ``(n_internal, D)``, uniform in ``[-1, 1)``.
    """

    def __init__(self, in_size, tree, dtype=None):
        super().__init__()
        dtype = configuration.get_dtype(dtype)
        self._func = BinaryHierarchicalSoftmaxFunction(tree, dtype)
        with self.init_scope():
            self.W = Parameter(Uniform(1), (self._func.parser_size, in_size))

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self._func.device_resident_accept(visitor)      # the tree arrays move along

    @staticmethod
    def create_huffman_tree(word_counts):
        """A Huffman tree of the words: the two rarest subtrees are merged first.

        Parameters
        ----------
        word_counts : dict
            Word to count.

        Returns
        -------
        nested tuples
            The tree, with the words as leaves.

        Raises
        ------
        ValueError
            If ``word_counts`` is empty.

        Examples
        --------
        >>> from kusari import links as L
        >>> L.BinaryHierarchicalSoftmax.create_huffman_tree({'a': 3, 'b': 1, 'c': 1})
        (('b', 'c'), 'a')
        """
        if not word_counts:
            raise ValueError('Empty vocabulary')
        # (count, id, subtree); the id (the smallest among the merged words) breaks ties
        heap = [(c, uid, w) for uid, (w, c) in enumerate(word_counts.items())]
        heapq.heapify(heap)
        while len(heap) >= 2:
            count1, id1, tree1 = heapq.heappop(heap)
            count2, id2, tree2 = heapq.heappop(heap)
            heapq.heappush(heap, (count1 + count2, min(id1, id2), (tree1, tree2)))
        return heap[0][2]

    def forward(self, x, t):
        """The loss ``-sum_i log p(t_i | x_i)`` of ``x`` (shape ``(N, D)``) and the word ids
        ``t`` (int32 ``(N,)``); a scalar Variable."""
        return self._func(x, t, self.W)
