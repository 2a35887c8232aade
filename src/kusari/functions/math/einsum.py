"""einsum: Einstein summation, differentiable to every order.

Subscripts are kept as Chainer keeps them: the input terms joined by commas, with ``@``
standing for an ellipsis (``'@ij,@jk'``), and the output term. Both nodes compute a
*generalized* einsum whose output term may repeat a letter (the result is placed on that
diagonal, zeros elsewhere) or hold letters no input has (the result is constant along them):
:class:`DiagEinSum`. The gradient of operand ``i`` is such a generalized einsum again, of the
output gradient and the other operands, onto operand ``i``'s own term, so one backward rule
serves every order. :class:`EinSum` is the public function's node: it takes no diagonal
outputs and refuses to sum over a non-empty ellipsis (NumPy has no such summation).
"""
import string

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check

_SYMBOLS = string.ascii_uppercase + string.ascii_lowercase   # int subscript k: _SYMBOLS[k]


def _check_term(term):
    if term.count('@') > 1:
        raise ValueError('einsum: an operand can have only one ellipsis (got {!r})'
                         .format(term.replace('@', '...')))


def _sublist_to_term(sublist):
    chars = []
    for s in sublist:
        if s is Ellipsis:
            chars.append('@')
        elif isinstance(s, (int, numpy.integer)) and not isinstance(s, bool):
            if not 0 <= s < len(_SYMBOLS):
                raise ValueError('einsum: subscript {} is not within the valid range '
                                 '[0, {})'.format(s, len(_SYMBOLS)))
            chars.append(_SYMBOLS[s])
        else:
            raise TypeError('For this input type lists must contain either int or Ellipsis')
    return ''.join(chars)


def _parse_einsum_input(operands):
    """``(in_subs, out_sub, operands)`` from either form of the arguments of :func:`einsum`.

    ``in_subs`` is the input terms joined by ``','`` and ``out_sub`` the output term, with
    ``'@'`` for an ellipsis.
    """
    if not operands:
        raise ValueError('No input operands')
    if isinstance(operands[0], str):
        subscripts = operands[0].replace(' ', '')
        operands = list(operands[1:])
        for c in subscripts:
            if c not in '.,->' and c not in _SYMBOLS:
                raise ValueError('Character {} is not a valid symbol.'.format(c))
        if ('-' in subscripts or '>' in subscripts) and (
                subscripts.count('-') > 1 or subscripts.count('>') > 1 or
                subscripts.count('->') != 1):
            raise ValueError("Subscripts can only contain one '->'.")
        subscripts = subscripts.replace('...', '@')
        if '.' in subscripts:
            raise ValueError('Invalid Ellipses.')
        if '->' in subscripts:
            lhs, out = subscripts.split('->')
        else:
            lhs, out = subscripts, None
        terms = lhs.split(',')
    else:
        rest = list(operands)
        operands, terms = [], []
        while len(rest) >= 2:
            operands.append(rest.pop(0))
            terms.append(_sublist_to_term(rest.pop(0)))
        out = _sublist_to_term(rest[0]) if rest else None
    for term in terms:
        _check_term(term)
    lhs = ','.join(terms)
    if out is None:
        letters = lhs.replace(',', '')
        out = ''.join(c for c in sorted(set(letters)) if c == '@' or letters.count(c) == 1)
    else:
        _check_term(out)
        for c in out:
            if c not in lhs:
                raise ValueError('Output character {} did not appear in the input'.format(
                    '...' if c == '@' else c))
            if out.count(c) > 1:
                raise ValueError('einsum: output subscript {} is repeated'.format(
                    '...' if c == '@' else c))
    if len(terms) != len(operands):
        raise ValueError('Number of einsum subscripts must be equal to the number of '
                         'operands.')
    return lhs, out, operands


def _axes(term, shape):
    """``(letter, size)`` pairs of an operand's term; ``'@'`` comes with the shape tuple of
    the axes it stands for."""
    if '@' not in term:
        return list(zip(term, shape))
    left, right = term.split('@')
    k = len(shape) - len(left) - len(right)
    return (list(zip(left, shape)) + [('@', tuple(shape[len(left):len(left) + k]))] +
            list(zip(right, shape[len(left) + k:])))


def _expand(terms, ell):
    return [t.replace('@', ell) for t in terms]


def _generalized_einsum(xp, in_terms, out_term, inputs, out_shape=None):
    """The einsum of ``inputs`` onto ``out_term``, which may repeat a letter (a diagonal of
    zeros of ``out_shape``) or hold letters no input has (constant along them)."""
    dtype = inputs[0].dtype
    n_ell = 0
    for term, x in zip(in_terms, inputs):
        if '@' in term:
            n_ell = x.ndim - len(term) + 1
            break
    else:
        if '@' in out_term:
            n_ell = len(out_shape) - len(out_term) + 1
    used = set(''.join(in_terms) + out_term)
    ell = ''.join([c for c in _SYMBOLS if c not in used][:n_ell])
    ins = _expand(in_terms, ell)
    out = out_term.replace('@', ell)
    have = set(''.join(ins))
    uniq = ''.join(dict.fromkeys(out))
    direct = ''.join(c for c in uniq if c in have)
    work = [x.astype(numpy.float32) for x in inputs] if dtype == numpy.float16 else inputs
    z = xp.einsum('{}->{}'.format(','.join(ins), direct), *work, optimize=len(work) > 2)
    z = force_array(xp.asarray(z), dtype)
    if direct == out:
        return z
    sizes = {c: n for term, x in zip(ins, inputs) for c, n in zip(term, x.shape)}
    if out_shape is not None:
        sizes.update({c: n for c, n in zip(out, out_shape) if c not in sizes})
    y = xp.zeros(tuple(sizes[c] for c in out), dtype)
    strides = [sum(st for c2, st in zip(out, y.strides) if c2 == c) for c in uniq]
    view = xp.lib.stride_tricks.as_strided(y, tuple(sizes[c] for c in uniq), strides)
    view[...] = z.reshape(tuple(sizes[c] if c in have else 1 for c in uniq))
    return y


class EinSum(FunctionNode):
    """``einsum`` of the inputs with input terms ``in_subs`` (comma-joined, ``'@'`` for an
    ellipsis) onto ``out_sub``."""

    _sums_ellipsis = False   # whether an ellipsis absent from the output may be summed

    def __init__(self, in_subs, out_sub):
        self.in_subs = in_subs
        self.out_sub = out_sub

    def _check_data_type_forward(self, in_data):
        label = self.label
        terms = self.in_subs.split(',')
        if len(in_data) != len(terms):
            type_check.fail(label, 'len(operands) == {}'.format(len(terms)),
                            str(len(in_data)))
        sizes = {}
        for i, (term, x) in enumerate(zip(terms, in_data)):
            name = 'x{}'.format(i)
            type_check.check_float(label, name, x)
            if x.dtype != in_data[0].dtype:
                type_check.fail(label, '{}.dtype == x0.dtype'.format(name),
                                '{} != {}'.format(x.dtype, in_data[0].dtype))
            shown = term.replace('@', '...')
            if '@' in term and x.ndim < len(term) - 1:
                type_check.fail(label, '{}.ndim >= {}'.format(name, len(term) - 1),
                                '{}.ndim={} (subscripts {!r})'.format(name, x.ndim, shown))
            if '@' not in term and x.ndim != len(term):
                type_check.fail(label, '{}.ndim == {}'.format(name, len(term)),
                                '{}.ndim={} (subscripts {!r})'.format(name, x.ndim, shown))
            for c, n in _axes(term, x.shape):
                if sizes.setdefault(c, n) != n:
                    type_check.fail(
                        label, 'the sizes of subscript {!r} agree (no broadcasting)'.format(
                            '...' if c == '@' else c),
                        '{} != {}'.format(sizes[c], n))

    def _out_shape(self, inputs):
        return None

    def forward(self, inputs):
        xp = backend.get_array_module(*inputs)
        if len(inputs) > 1:
            self.retain_inputs(tuple(range(len(inputs))))
        terms = self.in_subs.split(',')
        if not self._sums_ellipsis and '@' not in self.out_sub:
            for term, x in zip(terms, inputs):
                if '@' in term and x.ndim > len(term) - 1:
                    raise ValueError(
                        'einsum: summing over the axes of an ellipsis is not supported '
                        '(subscripts {!r}->{!r}, {}-dimensional ellipsis)'.format(
                            self.in_subs.replace('@', '...'), self.out_sub,
                            x.ndim - len(term) + 1))
        return _generalized_einsum(xp, terms, self.out_sub, inputs,
                                   self._out_shape(inputs)),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        terms = self.in_subs.split(',')
        xs = self.get_retained_inputs() if len(terms) > 1 else ()
        shapes = [node.shape for node in self.inputs]
        ret = []
        for i in indexes:
            in_subs = ','.join(self.out_sub if j == i else t for j, t in enumerate(terms))
            args = [gy if j == i else xs[j] for j in range(len(terms))]
            ret.append(DiagEinSum(in_subs=in_subs, out_sub=terms[i],
                                  out_shape=shapes[i]).apply(args)[0])
        return tuple(ret)


class DiagEinSum(EinSum):
    """The generalized einsum onto ``out_sub``, an output of shape ``out_shape``: a letter
    repeated in ``out_sub`` places the result on that diagonal (zeros elsewhere), a letter no
    input has broadcasts it, and an ellipsis absent from ``out_sub`` is summed."""

    _sums_ellipsis = True

    def __init__(self, in_subs, out_sub, out_shape):
        super().__init__(in_subs, out_sub)
        self.out_shape = tuple(out_shape)

    def _out_shape(self, inputs):
        return self.out_shape


def einsum(*operands):
    """Einstein summation over the operands, as :func:`numpy.einsum` (without broadcasting).

    Two forms: ``einsum('ij,jk->ik', a, b)`` with a subscripts string, or
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])`` with a list of ints (and ``Ellipsis``) after
    each operand and an optional output list. Repeated letters inside an operand take
    diagonals (``'ii->i'``), letters absent from the output are summed, and ``...`` stands
    for the same axes in every operand that has it (no broadcasting; it cannot be summed).
    Without an output the output has ``...`` and then the letters that appear once, sorted.

    Parameters
    ----------
    *operands : str, then Variables or arrays; or Variables or arrays each followed by a list
        The subscripts, then one float operand per comma-separated term (all of one dtype);
        each letter names an axis of one size throughout.

    Returns
    -------
    Variable
        Axes in the order of the output subscripts, dtype of the operands.

    Raises
    ------
    ValueError
        For malformed subscripts, a wrong number of operands or a summed ellipsis.
    InvalidType
        If the operands do not match the subscripts.

    >>> import numpy, kusari.functions as F
    >>> F.einsum('ij,jk->ik', numpy.ones((2, 3)), numpy.ones((3, 4))).shape
    (2, 4)
    >>> F.einsum(numpy.ones((2, 3)), [0, 1], numpy.ones((3, 4)), [1, 2], [0, 2]).shape
    (2, 4)
    """
    in_subs, out_sub, inputs = _parse_einsum_input(operands)
    return EinSum(in_subs=in_subs, out_sub=out_sub).apply(inputs)[0]
