"""Sequential: layers (links and callables) applied in order, a mutable sequence of them."""
import copy
import functools
import pickle

import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L


def _model():
    l1, l2 = L.Linear(3, 2), L.Linear(2, 2)
    return kusari.Sequential(l1, F.relu, l2), l1, l2


def test_forward_applies_the_layers_in_order():
    seq, l1, l2 = _model()
    x = numpy.ones((1, 3), numpy.float32)
    numpy.testing.assert_allclose(seq(x).array, l2(F.relu(l1(x))).array)
    assert kusari.Sequential(lambda a, b: (a + b, a * b), lambda s, p: s - p)(2, 3) == -1
    with pytest.raises(RuntimeError, match='does not have any layer'):
        kusari.Sequential()(x)


def test_children_are_the_links_named_by_their_rank():
    seq, l1, l2 = _model()
    assert list(seq.children()) == [l1, l2] and (l1.name, l2.name) == ('0', '1')
    assert [path for path, _ in seq.namedparams()] == ['/0/W', '/0/b', '/1/W', '/1/b']
    assert len(seq) == 3 and seq[1] is F.relu and seq[-1] is l2
    assert seq[1:] == [F.relu, l2]            # a slice is a list, as in Chainer
    assert list(reversed(seq)) == [l2, F.relu, l1] and F.relu in seq


def test_insert_checks_the_position():
    for layers, pos in (((), 1), ((), -1), ((F.sin,), 2), ((F.sin,), -2)):
        seq = kusari.Sequential(*layers)
        with pytest.raises(IndexError, match='Index out of range'):
            seq.insert(pos, F.cos)
    seq = kusari.Sequential(F.sin)
    seq.insert(-1, F.cos)
    seq.insert(2, F.tan)
    assert list(seq) == [F.cos, F.sin, F.tan]
    with pytest.raises(ValueError, match='must be callable'):
        seq.insert(0, 3)
    with pytest.raises(ValueError, match='must be callable'):
        kusari.Sequential(0)


def test_inserting_links_among_functions_keeps_children_in_layer_order():
    a, b, c = L.Linear(2, 2), L.Linear(2, 2), L.Linear(2, 2)
    seq = kusari.Sequential(F.relu, b, F.tanh)
    seq.insert(3, c)
    seq.insert(1, a)
    assert list(seq.children()) == [a, b, c] and [a.name, b.name, c.name] == ['0', '1', '2']


def test_setitem_delitem_pop_remove_clear():
    seq, l1, l2 = _model()
    l3 = L.Linear(2, 2)
    seq[1] = l3
    assert list(seq.children()) == [l1, l3, l2] and l3.name == '1' and l2.name == '2'
    with pytest.raises(IndexError, match='out of range'):
        seq[3] = F.relu
    with pytest.raises(ValueError, match='must be callable'):
        seq[0] = 'relu'
    del seq[0]
    assert list(seq.children()) == [l3, l2] and l3.name == '0'
    seq[0:1] = [F.relu, F.sigmoid]
    assert list(seq) == [F.relu, F.sigmoid, l2] and l2.name == '0'
    assert seq.pop() is l2 and list(seq.children()) == []
    seq.remove(F.relu)
    assert list(seq) == [F.sigmoid]
    with pytest.raises(ValueError, match='no layer object'):
        seq.remove(F.relu)
    seq.append(l1)
    seq.clear()
    assert len(seq) == 0 and list(seq.children()) == []


def test_the_same_link_twice():
    lin = L.Linear(2, 2)
    seq = kusari.Sequential(lin, F.relu, lin)
    assert seq.count(lin) == 2 and len(list(seq.children())) == 2
    del seq[0]
    assert list(seq) == [F.relu, lin] and list(seq.children()) == [lin]


def test_add_and_iadd_take_sequentials_only():
    seq, l1, l2 = _model()
    other = kusari.Sequential(F.sigmoid)
    added = seq + other
    assert list(added) == [l1, F.relu, l2, F.sigmoid] and list(seq) == [l1, F.relu, l2]
    with pytest.raises(ValueError, match='only objects of Sequential'):
        seq + 0
    seq += other
    assert list(seq) == [l1, F.relu, l2, F.sigmoid]
    with pytest.raises(ValueError, match='only objects of Sequential'):
        seq += [F.relu]


def test_count_and_remove_by_layer_type():
    seq, l1, l2 = _model()
    seq.append(functools.partial(F.leaky_relu, slope=0.1))
    seq.append(F.relu)
    assert seq.count_by_layer_type('Linear') == 2
    assert seq.count_by_layer_type('relu') == 2
    assert seq.count_by_layer_type('partial') == 1
    seq.remove_by_layer_type('relu')
    assert seq.count_by_layer_type('relu') == 0 and len(seq) == 3
    seq.remove_by_layer_type('Linear')
    assert len(seq) == 1 and list(seq.children()) == []


def test_str_shows_lambda_sources_and_partials():
    part = functools.partial(F.leaky_relu, slope=0.2)
    seq = kusari.Sequential(
        kusari.Sequential(L.Linear(None, 3)),
        lambda x: F.leaky_relu(x, slope=0.2),
        part,
    )
    assert str(kusari.Sequential()) == 'Sequential()'
    assert str(seq) == (
        'Sequential(\n'
        '  (0): Sequential(\n'
        '    (0): Linear(in_size=None, out_size=3, nobias=False),\n'
        '  ),\n'
        '  (1): lambda x: F.leaky_relu(x, slope=0.2),\n'
        '  (2): {},\n'
        ')'.format(part))


def test_pickle_refuses_lambdas_but_copies_keep_them():
    seq, l1, _ = _model()
    back = pickle.loads(pickle.dumps(seq))
    assert [type(layer) for layer in back] == [type(layer) for layer in seq]
    numpy.testing.assert_array_equal(back[0].W.array, l1.W.array)
    seq.append(lambda x: x)
    with pytest.raises(ValueError, match='lambda'):
        pickle.dumps(seq)
    with pytest.raises(ValueError, match='lambda'):
        pickle.dumps(kusari.Chain(body=seq))
    deep = copy.deepcopy(seq)
    assert deep[3] is seq[3] and deep[0] is not l1 and list(deep.children())[0] is deep[0]
    for mode in ('share', 'copy', 'init'):
        c = seq.copy(mode)
        assert c[3] is seq[3] and c[1] is F.relu and c[0] is not l1
        assert list(c.children()) == [c[0], c[2]] and c[2].name == '1'


def test_copy_share():
    seq = kusari.Sequential(L.Linear(None, 3), F.relu, L.Linear(3, 2))
    c = seq.copy()
    assert c[0].W is not seq[0].W and c[0].W.array is None and c[0].W.grad is None
    assert c[0].b.array is seq[0].b.array and c[0].b.grad is None
    assert c[2].W.array is seq[2].W.array and c.name is None
    seq[0](numpy.ones((1, 4), numpy.float32))        # initializes W: the copy follows
    assert c[0].W.array is seq[0].W.array


def test_copyparams_and_flatten():
    a, _, _ = _model()
    b, _, _ = _model()
    b.copyparams(a)
    numpy.testing.assert_array_equal(b[2].W.array, a[2].W.array)
    with pytest.raises(ValueError, match='Sequential'):
        b.copyparams(kusari.ChainList(*a.children()))
    inner = kusari.Sequential(F.relu, L.Linear(2, 2))
    outer = kusari.Sequential(L.Linear(2, 2), inner)
    flat = outer.flatten()
    assert list(flat) == [outer[0], F.relu, inner[1]]


def test_repeat_gives_sequentials():
    seq, _, _ = _model()
    ret = seq.repeat(2, mode='copy')
    assert len(ret) == 2 and all(type(r) is kusari.Sequential for r in ret)
    assert ret[0][0] is not ret[1][0]
    numpy.testing.assert_array_equal(ret[0][0].W.array, seq[0].W.array)
