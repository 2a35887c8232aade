import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestEinsum(testing.FunctionTestCase):
    params = [{'subs': 'ij,jk->ik', 'shapes': ((2, 3), (3, 4))},
              {'subs': 'ii->i', 'shapes': ((3, 3),)},
              {'subs': 'ii', 'shapes': ((3, 3),)},
              {'subs': 'ij,j', 'shapes': ((2, 3), (3,))},
              {'subs': '...ij,...jk->...ik', 'shapes': ((2, 2, 3), (2, 3, 2))},
              {'subs': 'iij,jk->ik', 'shapes': ((3, 3, 2), (2, 4))},
              {'subs': 'i,j->ij', 'shapes': ((2,), (3,))},
              {'subs': 'ijk->kj', 'shapes': ((2, 3, 4),)},
              {'subs': 'ij,jk,kl->il', 'shapes': ((2, 3), (3, 2), (2, 2))}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return F.einsum(self.subs, *inputs),

    def forward_expected(self, inputs):
        return numpy.asarray(numpy.einsum(self.subs, *inputs)),


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
    with pytest.raises(InvalidType, match=r"Einsum.*\n\nExpect: the sizes of subscript 'j' agree"):
        F.einsum('ij,jk', a, numpy.ones((2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'Expect: x0.ndim == 3'):
        F.einsum('ijk', a)
    with pytest.raises(InvalidType, match=r'Expect: x1.dtype == x0.dtype'):
        F.einsum('ij,jk', a, numpy.ones((3, 2), numpy.float64))
    with pytest.raises(InvalidType, match=r"Expect: x0.dtype.kind == 'f'"):
        F.einsum('ij', numpy.ones((2, 3), numpy.int32))
