"""einsum: Einstein summation, differentiable to every order.

The gradient of an operand is again an einsum (of the output gradient and the other
operands), followed by a broadcast over the letters only that operand has and, for a
repeated letter such as ``'ii'``, a placement on the diagonal (:class:`DiagEmbed`, whose
adjoint is the diagonal-taking einsum ``'ii->i'``).
"""
import string

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _parse(subscripts, shapes):
    """Explicit subscripts (ellipses replaced by spare letters) and the output subscript."""
    if not isinstance(subscripts, str):
        raise TypeError('the first operand of einsum must be a subscripts string')
    subscripts = subscripts.replace(' ', '')
    if subscripts.count('->') > 1:
        raise ValueError("Subscripts can only contain one '->'.")
    if '->' in subscripts:
        lhs, out = subscripts.split('->')
    else:
        lhs, out = subscripts, None
    ins = lhs.split(',')
    if len(ins) != len(shapes):
        raise ValueError('Number of einsum subscripts must be equal to the number of '
                         'operands.')
    used = set(subscripts) - set('.,->')
    for c in used:
        if c not in string.ascii_letters:
            raise ValueError('Character {} is not a valid symbol.'.format(c))
    spare = [c for c in string.ascii_letters if c not in used]
    n_ell = 0
    for sub, shape in zip(ins, shapes):
        if '.' in sub:
            if sub.count('.') != 3 or '...' not in sub:
                raise ValueError('Invalid Ellipses.')
            n_ell = max(n_ell, len(shape) - (len(sub) - 3))
    if n_ell > len(spare):
        raise ValueError('einsum: too many dimensions under the ellipsis')
    ell = ''.join(spare[:n_ell])
    explicit = []
    for sub, shape in zip(ins, shapes):
        if '...' in sub:
            k = len(shape) - (len(sub) - 3)
            if k < 0:
                raise ValueError('einsum: operand has fewer dimensions than subscripts '
                                 '{!r}'.format(sub))
            sub = sub.replace('...', ell[n_ell - k:])
        explicit.append(sub)
    if out is None:
        letters = ''.join(explicit)
        out = ell + ''.join(sorted(c for c in set(letters) - set(ell)
                                   if letters.count(c) == 1))
    else:
        if '.' in out:
            if out.count('.') != 3 or '...' not in out:
                raise ValueError('Invalid Ellipses.')
            out = out.replace('...', ell)
        for c in out:
            if out.count(c) > 1:
                raise ValueError('einsum: output subscript {!r} repeated'.format(c))
            if not any(c in s for s in explicit):
                raise ValueError('einsum: output subscript {!r} is not in any input'
                                 .format(c))
    return explicit, out


def _einsum_array(xp, subs, out, inputs):
    dtype = inputs[0].dtype
    if dtype == numpy.float16:
        inputs = [x.astype(numpy.float32) for x in inputs]
    y = xp.einsum('{}->{}'.format(','.join(subs), out), *inputs,
                  optimize=len(inputs) > 2)
    return force_array(xp.asarray(y), dtype)


class Einsum(FunctionNode):
    def __init__(self, in_subs, out_sub):
        self.in_subs = in_subs
        self.out_sub = out_sub

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) != len(self.in_subs):
            type_check.fail(label, 'len(operands) == {}'.format(len(self.in_subs)),
                            str(len(in_data)))
        sizes = {}
        for i, (sub, x) in enumerate(zip(self.in_subs, in_data)):
            name = 'x{}'.format(i)
            type_check.check_float(label, name, x)
            if x.dtype != in_data[0].dtype:
                type_check.fail(label, '{}.dtype == x0.dtype'.format(name),
                                '{} != {}'.format(x.dtype, in_data[0].dtype))
            if x.ndim != len(sub):
                type_check.fail(label, '{}.ndim == {}'.format(name, len(sub)),
                                '{}.ndim={} (subscripts {!r})'.format(name, x.ndim, sub))
            for c, n in zip(sub, x.shape):
                if sizes.setdefault(c, n) != n:
                    type_check.fail(label, 'the sizes of subscript {!r} agree'.format(c),
                                    '{} != {}'.format(sizes[c], n))
        self._sizes = sizes

    def forward(self, inputs):
        xp = backend.get_array_module(*inputs)
        self.retain_inputs(tuple(range(len(inputs))))
        if not hasattr(self, '_sizes'):
            self._sizes = {c: n for sub, x in zip(self.in_subs, inputs)
                           for c, n in zip(sub, x.shape)}
        return _einsum_array(xp, self.in_subs, self.out_sub, inputs),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.broadcast import broadcast_to
        from kusari.functions.array.reshape import reshape
        xs = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            sub = self.in_subs[i]
            uniq = ''.join(dict.fromkeys(sub))
            others = [s for j, s in enumerate(self.in_subs) if j != i]
            elsewhere = set(self.out_sub).union(*others)
            kept = ''.join(c for c in uniq if c in elsewhere)
            g = Einsum([self.out_sub] + others, kept).apply(
                [gy] + [x for j, x in enumerate(xs) if j != i])[0]
            if kept != uniq:
                # letters summed in this operand alone: the gradient is constant along them
                g = reshape(g, tuple(self._sizes[c] if c in kept else 1 for c in uniq))
                g = broadcast_to(g, tuple(self._sizes[c] for c in uniq))
            if uniq != sub:
                g = DiagEmbed(uniq, sub, xs[i].shape).apply((g,))[0]
            ret.append(g)
        return tuple(ret)


class DiagEmbed(FunctionNode):
    """Zeros of ``shape`` (subscripts ``sub``, with repeated letters) with the input (on
    subscripts ``uniq``) written on the diagonal where the repeated letters agree."""

    def __init__(self, uniq, sub, shape):
        self.uniq = uniq
        self.sub = sub
        self.shape = tuple(shape)

    def forward(self, inputs):
        g, = inputs
        xp = backend.get_array_module(g)
        out = xp.zeros(self.shape, g.dtype)
        strides = [sum(st for c2, st in zip(self.sub, out.strides) if c2 == c)
                   for c in self.uniq]
        view = xp.lib.stride_tricks.as_strided(out, g.shape, strides)
        view[...] = g
        return out,

    def backward(self, indexes, grad_outputs):
        return Einsum([self.sub], self.uniq).apply(grad_outputs)


def einsum(*operands):
    """Einstein summation over the operands, as :func:`numpy.einsum` with a subscripts string.

    ``einsum('ij,jk->ik', a, b)`` is a matrix product; repeated letters inside an operand take
    diagonals (``'ii->i'``), letters absent from the output are summed, and ``...`` stands for
    the leading axes. Without ``->`` the output has the letters that appear once, sorted.

    Parameters
    ----------
    *operands : str, then Variables or arrays
        The subscripts string, then one float operand per comma-separated subscript (all of
        one dtype); each letter names an axis of one size throughout.

    Returns
    -------
    Variable
        Axes in the order of the output subscript, dtype of the operands.

    >>> import numpy, kusari.functions as F
    >>> F.einsum('ij,jk->ik', numpy.ones((2, 3)), numpy.ones((3, 4))).shape
    (2, 4)
    """
    if not operands:
        raise ValueError('No input operands')
    subscripts, inputs = operands[0], operands[1:]
    in_subs, out_sub = _parse(subscripts, [x.shape for x in inputs])
    return Einsum(in_subs, out_sub).apply(inputs)[0]
