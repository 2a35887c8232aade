"""N-step RNN links against a per-sequence NumPy loop of the documented equations."""
import importlib.util
import os

import numpy
import pytest

import kusari
import kusari.links as L

# the cell equations of the N-step functions' reference (one copy of the documented equations)
_spec = importlib.util.spec_from_file_location(
    '_n_step_rnn_ref', os.path.join(os.path.dirname(__file__), '..', '..', 'functions', 'rnn',
                                    'test_n_step_rnn.py'))
_ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ref)
_cell = _ref._cell


def reference(link, kind, hx, cx, xs):
    """Each sequence on its own, layer by layer, direction by direction."""
    ws = [[w.array for w in layer] for layer in link.ws]
    bs = [[b.array for b in layer] for layer in link.bs]
    d = link.direction
    hy = numpy.zeros_like(hx)
    cy = None if cx is None else numpy.zeros_like(cx)
    ys = []
    for s, seq in enumerate(xs):
        inp = list(seq)
        for layer in range(link.n_layers):
            outs = []
            for di in range(d):
                k = layer * d + di
                h, c = hx[k, s], (None if cx is None else cx[k, s])
                steps = inp if di == 0 else inp[::-1]
                out = []
                for x in steps:
                    h, c = _cell(kind, x, h, c, ws[k], bs[k])
                    out.append(h)
                hy[k, s] = h
                if cx is not None:
                    cy[k, s] = c
                outs.append(out if di == 0 else out[::-1])
            inp = [numpy.concatenate(v) for v in zip(*outs)]
        ys.append(numpy.stack(inp))
    return hy, cy, ys


CASES = [('NStepRNNTanh', 'tanh'), ('NStepRNNReLU', 'relu'), ('NStepBiRNNTanh', 'tanh'),
         ('NStepBiRNNReLU', 'relu'), ('NStepGRU', 'gru'), ('NStepBiGRU', 'gru'),
         ('NStepLSTM', 'lstm'), ('NStepBiLSTM', 'lstm')]


@pytest.mark.parametrize('name,kind', CASES)
def test_forward_and_gradients(link_float64, check_link_backward, name, kind):
    link = getattr(L, name)(2, 3, 2, 0.5)
    for layer in link.bs:     # nonzero biases: no ReLU input sits exactly on its kink
        for b in layer:
            b.array[...] = numpy.random.uniform(-0.5, 0.5, b.shape)
    d = link.direction
    lengths = (2, 3, 1)
    xs = [numpy.random.uniform(-1, 1, (n, 3)) for n in lengths]
    hx = numpy.random.uniform(-1, 1, (2 * d, 3, 2))
    cx = numpy.random.uniform(-1, 1, (2 * d, 3, 2)) if kind == 'lstm' else None
    with kusari.using_config('train', False):    # no dropout
        if kind == 'lstm':
            hy, cy, ys = link(hx, cx, xs)
        else:
            hy, ys = link(hx, xs)
    ehy, ecy, eys = reference(link, kind, hx, cx, xs)
    numpy.testing.assert_allclose(hy.array, ehy, rtol=1e-10, atol=1e-12)
    if kind == 'lstm':
        numpy.testing.assert_allclose(cy.array, ecy, rtol=1e-10, atol=1e-12)
    assert [y.shape for y in ys] == [(n, 2 * d) for n in lengths]
    for y, e in zip(ys, eys):
        numpy.testing.assert_allclose(y.array, e, rtol=1e-10, atol=1e-12)

    def f(hx, *rest):
        with kusari.using_config('train', False):
            if kind == 'lstm':
                hy, cy, ys = link(hx, rest[0], list(rest[1:]))
                return (hy, cy) + tuple(ys)
            hy, ys = link(hx, list(rest))
            return (hy,) + tuple(ys)
    inputs = [hx] + ([cx] if kind == 'lstm' else []) + xs
    check_link_backward(f, inputs, link.params(), atol=1e-5, rtol=1e-4)


def test_layout_and_default_state(link_float64):
    link = L.NStepBiLSTM(2, 3, 4, 0.0)
    names = {n for n, _ in link.namedparams()}
    assert len(link) == 4 and len(names) == 4 * 16
    assert link[0].w0.shape == (4, 3) and link[0].w4.shape == (4, 4)
    assert link[2].w0.shape == (4, 8) and link[3].b7.shape == (4,)
    assert '/3/w7' in names
    xs = [numpy.random.uniform(-1, 1, (n, 3)) for n in (1, 2)]
    hy, cy, ys = link(None, None, xs)
    zeros = numpy.zeros((4, 2, 4))
    ehy, ecy, _ = reference(link, 'lstm', zeros, zeros, xs)
    numpy.testing.assert_allclose(hy.array, ehy, rtol=1e-10, atol=1e-12)
    numpy.testing.assert_allclose(cy.array, ecy, rtol=1e-10, atol=1e-12)


def test_dropout_only_in_training_and_not_on_first_layer():
    link = L.NStepLSTM(1, 3, 2, 0.9)         # one layer: dropout never applies
    xs = [numpy.ones((2, 3), numpy.float32)]
    a = link(None, None, xs)[2][0].array
    b = link(None, None, xs)[2][0].array
    numpy.testing.assert_array_equal(a, b)
    link = L.NStepLSTM(2, 3, 2, 0.9)
    outs = {link(None, None, xs)[2][0].array.tobytes() for _ in range(4)}
    assert len(outs) > 1


def test_errors():
    with pytest.raises(ValueError, match='use_cudnn argument is not supported'):
        L.NStepLSTM(1, 2, 2, 0.0, use_cudnn=True)
    with pytest.raises(ValueError, match='train argument is not supported'):
        L.NStepGRU(1, 2, 2, 0.0)(None, [numpy.ones((1, 2), numpy.float32)], train=False)
    with pytest.raises(TypeError, match='xs must be a list'):
        L.NStepGRU(1, 2, 2, 0.0)(None, numpy.ones((1, 2), numpy.float32))
