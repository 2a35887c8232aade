import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.math import einsum as einsum_mod
from kusari.utils.type_check import InvalidType


def _sublist(term):
    """'i...j' -> [8, Ellipsis, 9]: the int form of a lower-case term."""
    return [Ellipsis if c == '@' else ord(c) - ord('a') for c in term.replace('...', '@')]


class TestEinsum(testing.FunctionTestCase):
    params = [{'subs': 'ij,jk->ik', 'shapes': ((2, 3), (3, 4))},
              {'subs': 'ii->i', 'shapes': ((3, 3),)},
              {'subs': 'ii', 'shapes': ((3, 3),)},
              {'subs': 'ij,j', 'shapes': ((2, 3), (3,))},
              {'subs': '...ij,...jk->...ik', 'shapes': ((2, 2, 3), (2, 3, 2))},
              {'subs': 'i...j,jk...->k...i', 'shapes': ((4, 2, 3), (3, 2, 2))},
              {'subs': '...i,i', 'shapes': ((2, 2, 3), (3,))},
              {'subs': 'iij,jk->ik', 'shapes': ((3, 3, 2), (2, 4))},
              {'subs': 'i,j->ij', 'shapes': ((2,), (3,))},
              {'subs': ',ij->i', 'shapes': ((), (3, 4))},
              {'subs': 'ijk->kj', 'shapes': ((2, 3, 4),)},
              {'subs': 'ij,jk,kl->il', 'shapes': ((2, 3), (3, 2), (2, 2))}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return F.einsum(self.subs, *inputs),

    def forward_expected(self, inputs):
        return numpy.asarray(numpy.einsum(self.subs, *inputs)),


class TestEinsumSublists(testing.FunctionTestCase):
    """The ``einsum(op0, sublist0, op1, sublist1, ..., [out])`` form (Chainer's second)."""

    params = [{'subs': 'ij,jk->ik', 'shapes': ((2, 3), (3, 4))},
              {'subs': 'ij,jk', 'shapes': ((2, 3), (3, 4))},
              {'subs': 'i...,i->...i', 'shapes': ((3, 2, 2), (3,))},
              {'subs': 'ii', 'shapes': ((2, 2),)}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        lhs, _, out = self.subs.partition('->')
        args = []
        for x, term in zip(inputs, lhs.split(',')):
            args += [x, _sublist(term)]
        if out:
            args.append(_sublist(out))
        return F.einsum(*args),

    def forward_expected(self, inputs):
        return numpy.asarray(numpy.einsum(self.subs, *inputs)),


class TestDiagEinSum(testing.FunctionTestCase):
    """The generalized einsum the gradients are made of: output letters that no input has
    (broadcast) and repeated output letters (a diagonal)."""

    params = [{'in_subs': 'i', 'out_sub': 'ij', 'shapes': ((3,),), 'out_shape': (3, 4)},
              {'in_subs': '', 'out_sub': 'i', 'shapes': ((),), 'out_shape': (3,)},
              {'in_subs': ',i', 'out_sub': 'ij', 'shapes': ((), (2,)), 'out_shape': (2, 3)},
              {'in_subs': 'i', 'out_sub': 'ii', 'shapes': ((3,),), 'out_shape': (3, 3)},
              {'in_subs': 'ij,j', 'out_sub': 'jij', 'shapes': ((2, 3), (3,)),
               'out_shape': (3, 2, 3)},
              {'in_subs': '@i', 'out_sub': 'i', 'shapes': ((2, 2, 3),), 'out_shape': (3,)}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return einsum_mod.DiagEinSum(in_subs=self.in_subs, out_sub=self.out_sub,
                                     out_shape=self.out_shape).apply(inputs)

    def forward_expected(self, inputs):
        n_ell = max([x.ndim - len(t) + 1 for t, x in zip(self.in_subs.split(','), inputs)
                     if '@' in t] or [0])
        terms = [t.replace('@', 'xyz'[:n_ell]) for t in self.in_subs.split(',')]
        uniq = ''.join(dict.fromkeys(self.out_sub))
        have = ''.join(c for c in uniq if c in self.in_subs)
        z = numpy.einsum('{}->{}'.format(','.join(terms), have), *inputs)
        y = numpy.zeros(self.out_shape)
        sizes = dict(zip(self.out_sub, self.out_shape))
        for idx in numpy.ndindex(*[sizes[c] for c in uniq]):
            at = dict(zip(uniq, idx))
            y[tuple(at[c] for c in self.out_sub)] = z[tuple(at[c] for c in have)]
        return y,


def test_einsum_node_names():
    """Chainer's node classes and their comma-joined, '@'-for-ellipsis subscripts."""
    a = numpy.ones((2, 3), numpy.float32)
    y = F.einsum('...j,jk', kusari.Variable(a), numpy.ones((3, 4), numpy.float32))
    assert isinstance(y.creator, einsum_mod.EinSum)
    assert (y.creator.in_subs, y.creator.out_sub) == ('@j,jk', '@k')
    assert einsum_mod._parse_einsum_input((a, [Ellipsis, 0], a, [Ellipsis, 0]))[:2] == \
        ('@A,@A', '@')


def test_einsum_errors():
    a = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='Number of einsum subscripts'):
        F.einsum('ij,jk', a)
    with pytest.raises(ValueError, match="only contain one '->'"):
        F.einsum('ij->i->j', a)
    with pytest.raises(ValueError, match='not a valid symbol'):
        F.einsum('i1', a)
    with pytest.raises(ValueError, match='No input operands'):
        F.einsum()
    with pytest.raises(ValueError, match='Invalid Ellipses'):
        F.einsum('..i', a)
    with pytest.raises(ValueError, match='Output character k did not appear'):
        F.einsum('ij->k', a)
    with pytest.raises(ValueError, match=r'Output character \.\.\. did not appear'):
        F.einsum('i,i->...', a[0], a[0])
    with pytest.raises(ValueError, match='output subscript i is repeated'):
        F.einsum('ij->ii', a)
    with pytest.raises(ValueError, match='only one ellipsis'):
        F.einsum('...i...', a)
    with pytest.raises(TypeError, match='either int or Ellipsis'):
        F.einsum(a, [0, 'j'])
    with pytest.raises(ValueError, match='valid range'):
        F.einsum(a, [0, 52])
    with pytest.raises(InvalidType, match=r"EinSum.*\n\nExpect: the sizes of subscript 'j'"):
        F.einsum('ij,jk', a, numpy.ones((2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'Expect: x0.ndim == 3'):
        F.einsum('ijk', a)
    with pytest.raises(InvalidType, match=r'Expect: x0.ndim >= 3'):
        F.einsum('ijk...', a)
    with pytest.raises(InvalidType, match=r'Expect: x1.dtype == x0.dtype'):
        F.einsum('ij,jk', a, numpy.ones((3, 2), numpy.float64))
    with pytest.raises(InvalidType, match=r"Expect: x0.dtype.kind == 'f'"):
        F.einsum('ij', numpy.ones((2, 3), numpy.int32))


@pytest.mark.parametrize('subs,shapes', [
    ('...i,...i', ((2, 2), (1, 2))),     # no broadcasting of the ellipsis
    ('...i,...i', ((2,), (1, 2))),       # an ellipsis of a different length
    ('...i,j...', ((2, 3), (2, 3))),
])
def test_einsum_ellipsis_must_agree(subs, shapes):
    xs = [numpy.zeros(s, numpy.float32) for s in shapes]
    with pytest.raises(InvalidType, match=r"the sizes of subscript '\.\.\.' agree"):
        F.einsum(subs, *xs)


@pytest.mark.parametrize('subs,shapes', [
    ('...->', ((2,),)), ('j...i->ij', ((2, 1, 3),)), ('i,...i->', ((2,), (3, 2)))])
def test_einsum_refuses_summing_an_ellipsis(subs, shapes):
    xs = [numpy.zeros(s, numpy.float32) for s in shapes]
    with pytest.raises(ValueError, match='summing over the axes of an ellipsis'):
        F.einsum(subs, *xs)


def test_einsum_empty_ellipsis_may_be_dropped():
    """An ellipsis that stands for no axis can be left out of the output."""
    x = numpy.arange(3.)
    y = F.einsum('...i->', x)
    assert float(y.array) == 3.
