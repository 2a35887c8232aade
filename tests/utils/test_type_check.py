"""kusari.utils.type_check: expression trees with readable InvalidType messages."""
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
    assert type_check.eval(x.shape) == (2, 3) and str(x.shape) == 'in_types[0].shape'
    assert type_check.eval(x.ndim) == 2 and str(x.ndim) == 'in_types[0].ndim'
    assert type_check.eval(x.size) == 6
    assert type_check.eval(x.dtype) == numpy.float32
    assert type_check.eval(x.dtype.kind) == 'f' and str(x.dtype.kind) == 'in_types[0].dtype.kind'
    assert str(x.shape[1]) == 'in_types[0].shape[1]'
    assert type_check.eval(x.shape[1:]) == (3,) and str(x.shape[1:]) == 'in_types[0].shape[1:]'


def test_argname_renames():
    x, w = _types(numpy.ones((2, 3)), numpy.ones((3, 4)), names=('x', 'W'))
    assert str(x.shape) == 'x.shape' and str(w.dtype) == 'W.dtype'


def test_argname_counts_inputs():
    t = _types(numpy.ones(1), numpy.ones(1))
    with pytest.raises(InvalidType, match=r'Expect: in_types\.size\(\) == 3\nActual: 2 != 3'):
        type_check._argname(t, ('a', 'b', 'c'))
    assert type_check.eval(t.size()) == 2 and str(t.size()) == 'in_types.size()'
    assert t.name == 'in_types'


def test_comparisons_and_arithmetic():
    x, w = _types(numpy.ones((2, 3)), numpy.ones((6, 4)), names=('x', 'W'))
    cond = x.shape[1] * 2 == w.shape[0]
    assert type_check.eval(cond) and str(cond) == 'x.shape[1] * 2 == W.shape[0]'
    cases = [
        (x.shape[0] == 3, 'x.shape[0] == 3', '2 != 3'),
        (x.shape[0] != 2, 'x.shape[0] != 2', '2 == 2'),
        (x.ndim > 2, 'x.ndim > 2', '2 <= 2'),
        (x.ndim >= 3, 'x.ndim >= 3', '2 < 3'),
        (x.ndim < 2, 'x.ndim < 2', '2 >= 2'),
        (x.ndim <= 1, 'x.ndim <= 1', '2 > 1'),
    ]
    for c, text, actual in cases:
        assert not type_check.eval(c)
        assert str(c) == text
        with pytest.raises(InvalidType) as info:
            type_check.expect(c)
        assert str(info.value) == 'Expect: {}\nActual: {}'.format(text, actual)
        assert info.value.expect == text and info.value.actual == actual
    assert type_check.eval(x.shape[1] + 1 == w.shape[1])  # 3 + 1 == 4


def test_reflected_and_other_operators():
    x, = _types(numpy.ones((6, 4)), names=('x',))
    assert str(2 * x.shape[1]) == '2 * x.shape[1]' and type_check.eval(2 * x.shape[1]) == 8
    assert type_check.eval(1 + x.ndim) == 3 and type_check.eval(10 - x.ndim) == 8
    assert type_check.eval(x.shape[0] // 4) == 1 and type_check.eval(x.shape[0] % 4) == 2
    assert type_check.eval(x.shape[0] / 4) == 1.5 and type_check.eval(-x.ndim) == -2
    assert type_check.eval(13 // x.shape[0]) == 2
    assert type_check.eval(x.ndim ** 3) == 8 and type_check.eval(3 ** x.ndim) == 9
    assert str(3 ** x.ndim) == '3 ** x.ndim'


def test_operator_text_keeps_precedence():
    v = type_check.Variable(1, 'v')
    assert str(v + v - v) == 'v + v - v'
    assert str(v + (v - v)) == 'v + (v - v)'
    assert str(v ** v ** v) == 'v ** v ** v'
    assert str((v ** v) ** v) == '(v ** v) ** v'
    assert str(-(v + v)) == '-(v + v)'
    assert str((-v) ** v) == '(-v) ** v'
    assert str(v[1:2, ...]) == 'v[1:2, ...]' and str(v[::2]) == 'v[::2]'
    assert str(type_check.prod([v, 2])) == 'prod([v, 2])'


def test_lazy_errors_surface_on_eval():
    c = type_check.Constant(0)
    item, attr, call = c[1], c.x, c()
    with pytest.raises(TypeError):
        item.eval()
    with pytest.raises(AttributeError):
        attr.eval()
    with pytest.raises(TypeError):
        call.eval()


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
        if x.ndim == 1:
            pass
    with pytest.raises(RuntimeError, match='type_check.eval'):
        bool(x.ndim)


def test_eval_and_make_variable():
    x, = _types(numpy.ones((2, 5)), names=('x',))
    assert type_check.eval(x.shape[1]) == 5
    assert type_check.eval(x.ndim == 2) is True
    assert type_check.eval(7) == 7
    n = type_check.make_variable(4, 'n')
    c = x.shape[1] == n
    assert str(c) == 'x.shape[1] == n'
    with pytest.raises(InvalidType, match='Actual: 5 != 4'):
        type_check.expect(c)
    v = type_check.Variable(3, 'k')
    assert str(x.ndim + v) == 'x.ndim + k'


def test_light_mode_uses_plain_values():
    with type_check.light_mode:
        assert type_check.in_light_mode()
        assert type_check.make_variable(4, 'n') == 4
        assert type_check.prod([2, 3]) == 6
        t = type_check.get_light_types((numpy.ones((2, 3)),))
        assert t.size() == 1 and t[0].shape == (2, 3)
        type_check.expect(t[0].ndim == 2)
        with pytest.raises(InvalidType):
            type_check.expect(t[0].ndim == 3)
    assert not type_check.in_light_mode()


def test_function_check_context_names_the_function():
    class Node:
        label = 'MyNode'

    with type_check.get_function_check_context(Node()):
        e = InvalidType('a', 'b')
    assert str(e).startswith('Invalid operation is performed in: MyNode (Forward)')
    assert str(InvalidType('a', 'b')) == 'Expect: a\nActual: b'


def test_get_types_none():
    with pytest.raises(InvalidType, match=r'in_types\[1\] is an array'):
        type_check.get_types((numpy.ones(1), None), 'in_types')
    t = type_check.get_types((numpy.ones(1), None), 'in_types', accept_none=True)
    assert type_check.eval(t[1].dtype) is None and type_check.eval(t[1].shape) == ()
    with pytest.raises(AssertionError):
        type_check.get_types(1, 'in_types')


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
    assert type_check.same_types(numpy.ones(1), numpy.ones(2).view(numpy.recarray))
    assert not type_check.same_types(numpy.ones(1), [1])


def test_dtype_name():
    assert type_check.dtype_name(numpy.float32) == 'float32'


def test_argument_errors_name_what_was_expected():
    with pytest.raises(AssertionError, match="get_types: data must be a tuple, got <class 'int'>"):
        type_check.get_types(1, 'in_types')
    with pytest.raises(AssertionError,
                       match="get_light_types: data must be a tuple, got <class 'int'>"):
        type_check.get_light_types(1)
    with pytest.raises(TypeError, match="Call: args must be a tuple, got <class 'list'>"):
        type_check.Call(type_check.Variable(len, 'len'), [1])
    with pytest.raises(TypeError, match=r"expect_broadcast_shapes\(\) got unexpected keyword "
                                        r"argument\(s\) 'allow', 'z'"):
        type_check.expect_broadcast_shapes((2,), z=1, allow=True)


def test_type_info_size_is_the_product_of_the_shape():
    assert type_check.TypeInfo((2, 3, 4), numpy.float32).size == 24
    assert type_check.TypeInfo((), numpy.float32).size == 1
