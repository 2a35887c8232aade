"""kusari.utils.type_check: eager expressions with readable InvalidType messages."""
import pickle

import numpy
import pytest

from kusari.utils import type_check
from kusari.utils.type_check import InvalidType


def _types(*arrays, names=None):
    t = type_check.get_types(arrays, 'in_types')
    if names:
        type_check._argname(t, names)
    return t


def test_type_info_values_and_texts():
    x, = _types(numpy.ones((2, 3), numpy.float32))
    assert x.shape.value == (2, 3) and x.shape.text == 'in_types[0].shape'
    assert x.ndim.value == 2 and x.ndim.text == 'in_types[0].ndim'
    assert x.size.value == 6
    assert x.dtype.value == numpy.float32
    assert x.dtype.kind.value == 'f' and x.dtype.kind.text == 'in_types[0].dtype.kind'
    assert x.shape[1].text == 'in_types[0].shape[1]'
    assert x.shape[1:].value == (3,) and x.shape[1:].text == 'in_types[0].shape[1:]'


def test_argname_renames():
    x, w = _types(numpy.ones((2, 3)), numpy.ones((3, 4)), names=('x', 'W'))
    assert x.shape.text == 'x.shape' and w.dtype.text == 'W.dtype'


def test_argname_counts_inputs():
    t = _types(numpy.ones(1), numpy.ones(1))
    with pytest.raises(InvalidType, match=r'Expect: in_types\.size\(\) == 3\nActual: 2 != 3'):
        type_check._argname(t, ('a', 'b', 'c'))
    assert t.size().value == 2 and t.size().text == 'in_types.size()'


def test_comparisons_and_arithmetic():
    x, w = _types(numpy.ones((2, 3)), numpy.ones((6, 4)), names=('x', 'W'))
    cond = x.shape[1] * 2 == w.shape[0]
    assert bool(cond) and cond.text == 'x.shape[1] * 2 == W.shape[0]'
    cases = [
        (x.shape[0] == 3, 'x.shape[0] == 3', '2 != 3'),
        (x.shape[0] != 2, 'x.shape[0] != 2', '2 == 2'),
        (x.ndim > 2, 'x.ndim > 2', '2 <= 2'),
        (x.ndim >= 3, 'x.ndim >= 3', '2 < 3'),
        (x.ndim < 2, 'x.ndim < 2', '2 >= 2'),
        (x.ndim <= 1, 'x.ndim <= 1', '2 > 1'),
        (x.shape[1] + 1 == w.shape[1], 'x.shape[1] + 1 == W.shape[1]', '4 != 4'),
    ]
    for c, text, actual in cases[:-1]:
        assert not c
        assert c.text == text
        with pytest.raises(InvalidType) as info:
            type_check.expect(c)
        assert str(info.value) == 'Expect: {}\nActual: {}'.format(text, actual)
        assert info.value.expect == text and info.value.actual == actual
    assert cases[-1][0]  # 3 + 1 == 4


def test_reflected_and_other_operators():
    x, = _types(numpy.ones((6, 4)), names=('x',))
    assert (2 * x.shape[1]).text == '2 * x.shape[1]' and (2 * x.shape[1]).value == 8
    assert (1 + x.ndim).value == 3 and (10 - x.ndim).value == 8
    assert (x.shape[0] // 4).value == 1 and (x.shape[0] % 4).value == 2
    assert (x.shape[0] / 4).value == 1.5 and (-x.ndim).value == -2
    assert (13 // x.shape[0]).value == 2


def test_dtype_comparison_message():
    x, = _types(numpy.ones(2, numpy.int64), names=('x',))
    # a NumPy type shows as Chainer shows it: <class 'numpy.float32'>
    with pytest.raises(InvalidType, match=r"Expect: x\.dtype == <class 'numpy\.float32'>\n"
                                          r"Actual: int64 != <class 'numpy\.float32'>"):
        type_check.expect(x.dtype == numpy.float32)
    type_check.expect(x.dtype == numpy.int64, x.dtype.kind == 'i')


def test_expect_stops_at_first_failure():
    x, = _types(numpy.ones(2), names=('x',))
    with pytest.raises(InvalidType, match='x.ndim == 2'):
        type_check.expect(x.ndim == 1, x.ndim == 2, x.ndim == 3)


def test_expect_with_plain_values():
    type_check.expect(True)
    with pytest.raises(InvalidType, match='Actual: False'):
        type_check.expect(False)


def test_expression_in_if_raises():
    x, = _types(numpy.ones(2), names=('x',))
    with pytest.raises(RuntimeError, match='type_check.eval'):
        if x.ndim:
            pass


def test_eval_and_make_variable():
    x, = _types(numpy.ones((2, 5)), names=('x',))
    assert type_check.eval(x.shape[1]) == 5
    assert type_check.eval(x.ndim == 2) is True
    assert type_check.eval(7) == 7
    n = type_check.make_variable(4, 'n')
    c = x.shape[1] == n
    assert c.text == 'x.shape[1] == n'
    with pytest.raises(InvalidType, match='Actual: 5 != 4'):
        type_check.expect(c)
    v = type_check.Variable(3, 'k')
    assert (x.ndim + v).text == 'x.ndim + k'


def test_get_types_none():
    with pytest.raises(InvalidType, match=r'in_types\[1\] is an array'):
        type_check.get_types((numpy.ones(1), None), 'in_types')
    t = type_check.get_types((numpy.ones(1), None), 'in_types', accept_none=True)
    assert t[1] is None


def test_expect_broadcast_shapes():
    a, b = _types(numpy.ones((2, 1)), numpy.ones((3,)), names=('a', 'b'))
    type_check.expect_broadcast_shapes(a.shape, b.shape)
    c, = _types(numpy.ones((4,)), names=('c',))
    with pytest.raises(InvalidType,
                       match=r'Expect: b\.shape, c\.shape can be broadcast\nActual: \(3,\), '
                             r'\(4,\)'):
        type_check.expect_broadcast_shapes(b.shape, c.shape)
    type_check.expect_broadcast_shapes((2, 3), None, allow_none=True)


def test_helpers_name_the_function():
    with pytest.raises(InvalidType, match=r"(?s)in: MyFunc \(Forward\).*Expect: x\.dtype\.kind "
                                          r"== 'f'.*Actual: x\.dtype=int32"):
        type_check.check_float('MyFunc', 'x', numpy.ones(2, numpy.int32))
    type_check.check_float('MyFunc', 'x', numpy.ones(2, numpy.float16))
    with pytest.raises(InvalidType, match=r'(?s)Op.*a\.dtype == b\.dtype.*a\.dtype=float32, '
                                          r'b\.dtype=float64'):
        type_check.check_same_dtype('Op', ('a', 'b'),
                                    (numpy.ones(1, numpy.float32), numpy.ones(1)))
    type_check.check_same_dtype('Op', ('a', 'b'), (numpy.ones(1), numpy.ones(2)))
    with pytest.raises(InvalidType) as info:
        type_check.fail('F', 'e', 'a')
    assert str(info.value) == ('Invalid operation is performed in: F (Forward)\n\n'
                               'Expect: e\nActual: a')


def test_invalid_type_pickles():
    e = InvalidType('x', 'y', msg='whole message')
    e2 = pickle.loads(pickle.dumps(e))
    assert str(e2) == 'whole message' and e2.expect == 'x' and e2.actual == 'y'


def test_same_types():
    assert type_check.same_types(numpy.ones(1), numpy.ones(2))
    assert not type_check.same_types(numpy.ones(1), [1])


def test_dtype_name():
    assert type_check.dtype_name(numpy.float32) == 'float32'
