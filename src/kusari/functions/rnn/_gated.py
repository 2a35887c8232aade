"""The math of a gated cell with ``K`` children, shared by ``lstm`` (K = 1) and ``slstm`` (K = 2).

With gate pre-activations ``a_k, i_k, f_k`` per child and ``o`` (the sum of the children's
output gates)::

    c = sum_k tanh(a_k) sigmoid(i_k) + sigmoid(f_k) c_prev_k
    h = sigmoid(o) tanh(c)

:func:`cell_grad` gives the first-order gradients (on arrays or on Variables alike: pass the
array or the Variable namespace as ``ops``), :func:`cell_grad_grad` the gradients of those
with respect to every input of the gradient node, written with Variables, so that any order
of derivative follows.
"""
from kusari import backend


class ArrayOps:
    """``tanh`` and ``sigmoid`` on arrays."""

    @staticmethod
    def tanh(x):
        return backend.get_array_module(x).tanh(x)

    @staticmethod
    def sigmoid(x):
        half = x.dtype.type(0.5)
        return backend.get_array_module(x).tanh(x * half) * half + half


class VariableOps:
    """``tanh`` and ``sigmoid`` on Variables (differentiable)."""

    @staticmethod
    def tanh(x):
        from kusari.functions.activation.tanh import tanh
        return tanh(x)

    @staticmethod
    def sigmoid(x):
        from kusari.functions.activation.sigmoid import sigmoid
        return sigmoid(x)


def forward(ops, c_prevs, As, Is, Fs, o):
    """``(c, h)`` of the cell."""
    c = None
    for cp, a, i, f in zip(c_prevs, As, Is, Fs):
        t = ops.tanh(a) * ops.sigmoid(i) + ops.sigmoid(f) * cp
        c = t if c is None else c + t
    return c, ops.sigmoid(o) * ops.tanh(c)


def cell_grad(ops, c_prevs, As, Is, Fs, o, c, gc, gh):
    """First-order gradients given the updated state ``c`` and the gradients ``gc``, ``gh``.

    Returns
    -------
    tuple
        ``(gc_prevs, gas, gis, gfs, go)``: lists over the children and the gradient of
        ``o`` (each child's output gate receives it).
    """
    so = ops.sigmoid(o)
    tc = ops.tanh(c)
    g = gh * so * (1 - tc * tc) + gc        # all of the gradient reaching c
    gc_prevs, gas, gis, gfs = [], [], [], []
    for cp, a, i, f in zip(c_prevs, As, Is, Fs):
        ta, si, sf = ops.tanh(a), ops.sigmoid(i), ops.sigmoid(f)
        gc_prevs.append(g * sf)
        gas.append(g * si * (1 - ta * ta))
        gis.append(g * ta * si * (1 - si))
        gfs.append(g * cp * sf * (1 - sf))
    go = gh * tc * so * (1 - so)
    return gc_prevs, gas, gis, gfs, go


def _acc(total, term):
    return term if total is None else total + term


def cell_grad_grad(c_prevs, As, Is, Fs, o, c, gc, gh, Gc_prevs, Gas, Gis, Gfs, Go):
    """The gradients of :func:`cell_grad`'s outputs, on Variables.

    ``Gc_prevs, Gas, Gis, Gfs`` are lists over the children of the gradients flowing into
    ``cell_grad``'s outputs (None elements: none flows), ``Go`` the sum over the children
    of those into ``go`` (or None).

    Returns
    -------
    dict
        ``'c_prev', 'a', 'i', 'f'`` (lists over the children), ``'o', 'c', 'gc', 'gh'``:
        the gradients with respect to those inputs (None where none flows).
    """
    ops = VariableOps
    so = ops.sigmoid(o)
    dso = so * (1 - so)
    tc = ops.tanh(c)
    dtc = 1 - tc * tc
    g = gh * so * dtc + gc
    out = {'c_prev': [], 'a': [], 'i': [], 'f': []}
    dg = None                                   # the gradient reaching g
    for k, (cp, a, i, f) in enumerate(zip(c_prevs, As, Is, Fs)):
        ta, si, sf = ops.tanh(a), ops.sigmoid(i), ops.sigmoid(f)
        dta = 1 - ta * ta
        dsi = si * (1 - si)
        dsf = sf * (1 - sf)
        Gcp, Ga, Gi, Gf = Gc_prevs[k], Gas[k], Gis[k], Gfs[k]
        ga_k = gi_k = gf_k = gcp_k = None
        if Gcp is not None:
            dg = _acc(dg, Gcp * sf)
            gf_k = _acc(gf_k, Gcp * g * dsf)
        if Ga is not None:
            dg = _acc(dg, Ga * si * dta)
            ga_k = _acc(ga_k, Ga * g * si * (-2 * ta * dta))
            gi_k = _acc(gi_k, Ga * g * dta * dsi)
        if Gi is not None:
            dg = _acc(dg, Gi * ta * dsi)
            ga_k = _acc(ga_k, Gi * g * dsi * dta)
            gi_k = _acc(gi_k, Gi * g * ta * dsi * (1 - 2 * si))
        if Gf is not None:
            dg = _acc(dg, Gf * cp * dsf)
            gf_k = _acc(gf_k, Gf * g * cp * dsf * (1 - 2 * sf))
            gcp_k = Gf * g * dsf
        out['c_prev'].append(gcp_k)
        out['a'].append(ga_k)
        out['i'].append(gi_k)
        out['f'].append(gf_k)
    go = gcc = ggh = None
    if dg is not None:
        ggh = dg * so * dtc
        gcc = dg * gh * so * (-2 * tc * dtc)
        go = dg * gh * dtc * dso
    if Go is not None:
        ggh = _acc(ggh, Go * tc * dso)
        gcc = _acc(gcc, Go * gh * dtc * dso)
        go = _acc(go, Go * gh * tc * dso * (1 - 2 * so))
    out['o'] = go
    out['c'] = gcc
    out['gc'] = dg
    out['gh'] = ggh
    return out
