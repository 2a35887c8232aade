import copy

import numpy
import pytest

import kusari
import kusari.links as L
from kusari.utils.type_check import InvalidType


def test_huffman_tree():
    make = L.BinaryHierarchicalSoftmax.create_huffman_tree
    assert make({'x': 8, 'y': 6, 'z': 5, 'w': 4, 'v': 3}) == (('z', 'y'), (('v', 'w'), 'x'))
    assert make({'a': 1}) == 'a'
    with pytest.raises(ValueError, match='Empty vocabulary'):
        make({})


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_probabilities_sum_to_one(dtype):
    with kusari.using_config('dtype', dtype):
        link = L.BinaryHierarchicalSoftmax(3, ((0, 1), ((2, 3), 4)))
    assert link.W.shape == (4, 3) and link.W.dtype == dtype
    x = numpy.array([[1.0, 2.0, 3.0]], dtype)
    losses = [link(x, numpy.array([w], numpy.int32)) for w in range(5)]
    assert all(loss.dtype == dtype and loss.shape == () for loss in losses)
    total = sum(numpy.exp(-float(loss.array)) for loss in losses)
    assert abs(total - 1) < (1e-2 if dtype == numpy.float16 else 1e-6)


def test_value_is_the_path_product(link_float64):
    link = L.BinaryHierarchicalSoftmax(2, ((0, 1), ((2, 3), 4)))
    W = link.W.array
    x = numpy.array([[0.3, -0.7], [1.0, 0.5]])
    sig = lambda z: 1 / (1 + numpy.exp(-z))  # noqa: E731
    # word 3: root (node 0) right, node 2 left, node 3 right; word 0: node 0 left, node 1 left
    p3 = sig(-W[0] @ x[0]) * sig(W[2] @ x[0]) * sig(-W[3] @ x[0])
    p0 = sig(W[0] @ x[1]) * sig(W[1] @ x[1])
    loss = link(x, numpy.array([3, 0], numpy.int32))
    numpy.testing.assert_allclose(loss.array, -numpy.log(p3) - numpy.log(p0), rtol=1e-12)
    func = link._func
    numpy.testing.assert_array_equal(func.begins, [0, 2, 4, 7, 10, 12])
    numpy.testing.assert_array_equal(func.paths[func.begins[3]:func.begins[4]], [0, 2, 3])
    numpy.testing.assert_array_equal(func.codes[func.begins[3]:func.begins[4]], [-1, 1, -1])


def test_gradients_and_deepcopy(link_float64, check_link_backward):
    link = L.BinaryHierarchicalSoftmax(3, (((0, 1), 2), (3, (4, 5))))
    rng = numpy.random.default_rng(0)
    t = numpy.array([5, 0, 2, 2], numpy.int32)
    check_link_backward(lambda x: link(x, t), [rng.uniform(-1, 1, (4, 3))], link.params())
    other = copy.deepcopy(link)
    numpy.testing.assert_array_equal(other._func.paths, link._func.paths)
    with pytest.warns(DeprecationWarning):
        link.to_cpu()
    numpy.testing.assert_array_equal(other._func.codes, link._func.codes)


def test_errors():
    link = L.BinaryHierarchicalSoftmax(3, ((0, 1), 2))
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match='t.dtype == int32'):
        link(x, numpy.zeros(2, numpy.int64))
    with pytest.raises(InvalidType, match=r'W.shape == \(2, x.shape\[1\]\)'):
        link(numpy.zeros((2, 4), numpy.float32), numpy.zeros(2, numpy.int32))
    with pytest.raises(ValueError, match='All internal nodes must have two child nodes'):
        L.BinaryHierarchicalSoftmax(3, ((0, 1, 2), 3))


def test_second_order(link_float64):
    # the loss is a composition of differentiable functions: second order in x and W
    link = L.BinaryHierarchicalSoftmax(2, ((0, (1, 2)), 3))
    rng = numpy.random.default_rng(3)
    t = numpy.array([2, 3, 0], numpy.int32)
    kusari.gradient_check.check_double_backward(
        lambda x, W: link._func(x, t, W), (rng.uniform(-1, 1, (3, 2)), link.W.array.copy()),
        rng.standard_normal(()), (rng.standard_normal((3, 2)), rng.standard_normal((3, 2))),
        atol=1e-5, rtol=1e-4)
