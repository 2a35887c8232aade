import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.normalization.decorrelated_batch_normalization import (
    InvSqrtSym,
    sym_sylvester,
)
from kusari.utils.type_check import InvalidType


def _groups(x, g):
    """``(N, c, ...)`` to ``(g, c / g, m)``."""
    return numpy.moveaxis(x, 1, 0).reshape(g, x.shape[1] // g, -1)


def _ungroup(y, shape):
    return numpy.moveaxis(y.reshape((shape[1], shape[0]) + shape[2:]), 0, 1)


def whitening(x, g, eps):
    """The group means and ZCA matrices of ``x``, by eigendecomposition."""
    xg = _groups(x, g)
    mean = xg.mean(axis=2)
    xc = xg - mean[..., None]
    proj = []
    for a in xc:
        w, v = numpy.linalg.eigh(a @ a.T / a.shape[1] + eps * numpy.eye(len(a)))
        proj.append(v @ numpy.diag(w ** -0.5) @ v.T)
    return mean, numpy.stack(proj)


def fixed_ref(x, mean, proj, g):
    return _ungroup(proj @ (_groups(x, g) - mean[..., None]), x.shape)


class TestDecorrelatedBatchNormalization(testing.FunctionTestCase):
    params = [{'shape': (20, 4), 'groups': 1, 'eps': 2e-5},
              {'shape': (5, 6, 3), 'groups': 2, 'eps': 2e-5},
              {'shape': (3, 4, 2, 2), 'groups': 4, 'eps': 1e-3},
              # fewer samples than channels: the covariance has a repeated eigenvalue eps
              {'shape': (3, 6), 'groups': 1, 'eps': 0.5}]
    check_order3 = True
    tolerances = {
        # the whitening matrix of a float16 input (computed in float32) amplifies its
        # rounding by up to 1 / sqrt(smallest eigenvalue)
        ('forward', 'float16'): dict(atol=5e-2, rtol=5e-2),
        ('forward', 'float32'): dict(atol=1e-4, rtol=1e-4),
        ('grad', 'float16'): dict(atol=1e-1, rtol=1e-1),
        ('grad', 'float32'): dict(atol=1e-3, rtol=1e-3),
    }

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.decorrelated_batch_normalization(inputs[0], groups=self.groups, eps=self.eps),

    def forward_expected(self, inputs):
        x, = inputs
        return fixed_ref(x, *whitening(x, self.groups, self.eps), self.groups),


class TestFixedDecorrelatedBatchNormalization(testing.FunctionTestCase):
    params = [{'shape': (5, 4), 'groups': 1}, {'shape': (3, 6, 2), 'groups': 3},
              {'shape': (2, 4, 2, 3), 'groups': 2}]

    def generate_inputs(self):
        c = self.shape[1] // self.groups
        return (self.uniform(-1, 1, self.shape), self.uniform(-1, 1, (self.groups, c)),
                self.uniform(-1, 1, (self.groups, c, c)))

    def forward(self, inputs, device):
        return F.fixed_decorrelated_batch_normalization(*inputs, groups=self.groups),

    def forward_expected(self, inputs):
        return fixed_ref(*inputs, self.groups),


class TestInvSqrtSym(testing.FunctionTestCase):
    """The private node on its own, with symmetric perturbations (its domain)."""
    params = [{}]
    check_order3 = True
    dtypes = (numpy.float32, numpy.float64)   # float16 has no eigendecomposition of its own
    tolerances = {('forward', 'float32'): dict(atol=1e-4, rtol=1e-4)}

    def generate_inputs(self):
        return self.normal((2, 3, 5)),

    def forward(self, inputs, device):
        b, = inputs
        a = F.matmul(b, b, transb=True) / b.dtype.type(5) + b.dtype.type(0.1) * numpy.eye(
            3, dtype=b.dtype)
        return InvSqrtSym().apply((a,))[0],

    def forward_expected(self, inputs):
        b, = inputs
        out = []
        for m in b:
            w, v = numpy.linalg.eigh(m @ m.T / 5 + 0.1 * numpy.eye(3))
            out.append(v @ numpy.diag(w ** -0.5) @ v.T)
        return numpy.stack(out),


def test_sylvester_solution():
    rng = numpy.random.default_rng(0)
    b = rng.normal(size=(2, 4, 4))
    s = b @ b.swapaxes(1, 2) + numpy.eye(4)
    c = rng.normal(size=(2, 4, 4))
    x = sym_sylvester(s, c).array
    numpy.testing.assert_allclose(s @ x + x @ s, c, atol=1e-12)


def test_output_is_white():
    x = numpy.random.default_rng(1).normal(size=(200, 6, 2))
    x[:, 1] += 0.9 * x[:, 0]
    y = F.decorrelated_batch_normalization(x, groups=2, eps=1e-8).array
    yg = _groups(y, 2)
    numpy.testing.assert_allclose(yg.mean(axis=2), 0, atol=1e-12)
    for a in yg:
        numpy.testing.assert_allclose(a @ a.T / a.shape[1], numpy.eye(3), atol=1e-6)


def test_running_statistics():
    x = numpy.random.default_rng(2).normal(size=(10, 4, 3))
    rm = numpy.ones((2, 2))
    rp = numpy.zeros((2, 2, 2))
    F.decorrelated_batch_normalization(x, groups=2, eps=1e-3, running_mean=rm,
                                       running_projection=rp, decay=0.75)
    mean, proj = whitening(x, 2, 1e-3)
    numpy.testing.assert_allclose(rm, 0.75 + 0.25 * mean)
    numpy.testing.assert_allclose(rp, 0.25 * 30 / 29 * proj)


def test_float16_keeps_dtype():
    x = kusari.Variable(numpy.random.default_rng(3).normal(size=(20, 4)).astype(numpy.float16))
    y = F.decorrelated_batch_normalization(x, groups=2)
    assert y.dtype == numpy.float16
    y.grad = numpy.ones(y.shape, numpy.float16)
    y.backward()
    assert x.grad.dtype == numpy.float16


def test_groups_must_divide_channels():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] % groups == 0'):
        F.decorrelated_batch_normalization(numpy.ones((4, 6)), groups=4)


def test_unknown_keyword():
    with pytest.raises(TypeError):
        F.decorrelated_batch_normalization(numpy.ones((4, 4)), group=4)


def test_fixed_projection_shape():
    with pytest.raises(InvalidType, match=r'projection.shape == \(2, 2, 2\)'):
        F.fixed_decorrelated_batch_normalization(numpy.ones((3, 4)), numpy.ones((2, 2)),
                                                 numpy.ones((2, 2, 3)), groups=2)


def test_fixed_dtype():
    with pytest.raises(InvalidType, match='mean.dtype == x.dtype'):
        F.fixed_decorrelated_batch_normalization(numpy.ones((3, 4)),
                                                 numpy.ones((1, 4), numpy.float32),
                                                 numpy.ones((1, 4, 4)), groups=1)
