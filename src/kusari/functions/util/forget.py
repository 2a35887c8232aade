"""forget: call a function without keeping its intermediate results, and run it again in
backward (recomputation), differentiable to every order.

In forward the function runs without recording a graph, so only the inputs are kept. In
backward it runs again with the graph recorded (``config.in_recomputing`` is True during
that second call, so that links such as batch normalization do not update their
statistics twice), and the recomputed graph gives the gradients. With double backprop
enabled the recomputed graph is connected to the inputs, so the gradients can be
differentiated again (Chainer's ``forget`` refuses double backprop).

Gradients of parameters used inside the function (link weights, captured leaf
Variables) are accumulated into their ``grad`` during the backward, as in Chainer.
"""
from kusari.configuration import config, using_config
from kusari.function import force_backprop_mode, no_backprop_mode
from kusari.function_node import FunctionNode, grad
from kusari.variable import Variable


def _ordinal(n):
    suffix = {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10 if not 10 <= n % 100 <= 20 else 0, 'th')
    return '{}{}'.format(n, suffix)


def _call_func(func, xs):
    outs = func(*xs)
    if isinstance(outs, tuple):
        for i, out in enumerate(outs):
            if not isinstance(out, Variable):
                raise RuntimeError('{} element of a returned tuple is not Variable, but is {}'
                                   .format(_ordinal(i + 1), type(out)))
        return outs
    if isinstance(outs, Variable):
        return (outs,)
    raise RuntimeError('A tuple of Variables or a Variable are expected, but {} is returned.'
                       .format(type(outs)))


class _Barrier(FunctionNode):
    """Identity on each input; marks where the recomputed graph starts."""

    def forward(self, inputs):
        return tuple(inputs)

    def backward(self, indexes, grad_outputs):
        return tuple([grad_outputs[i] for i in indexes])


def _leaves(outs):
    """The leaf Variables (requiring gradients) that the graph of ``outs`` reaches, stopping
    at unchained nodes."""
    leaves, seen_nodes, seen_funcs = [], set(), set()
    stack = [o.node.creator_node for o in outs if o.node.creator_node is not None]
    while stack:
        func = stack.pop()
        if func in seen_funcs or func.inputs is None:
            continue
        seen_funcs.add(func)
        for node in func.inputs:
            creator = node.creator_node
            if creator is not None:
                stack.append(creator)
            elif node.requires_grad and node not in seen_nodes:
                seen_nodes.add(node)
                var = node.get_variable_or_none()
                if var is not None:
                    leaves.append(var)
    return leaves


class Forget(FunctionNode):
    """Runs ``func`` on the inputs without a graph; its backward recomputes it.

    Parameters
    ----------
    func : callable
        Takes Variables, returns a Variable or a tuple of Variables.
    """

    def __init__(self, func):
        if not callable(func):
            raise TypeError('func must be callable, got {}'.format(type(func)))
        self.func = func

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        with no_backprop_mode(), using_config('_will_recompute', True):
            outs = _call_func(self.func, [Variable(x) for x in inputs])
        return tuple([out.array for out in outs])

    def backward(self, indexes, grad_outputs):
        xs = self.get_retained_inputs()
        double = bool(config.enable_backprop)
        with force_backprop_mode(), using_config('in_recomputing', True):
            barrier = _Barrier()
            starts = barrier.apply(xs)
            outs = _call_func(self.func, starts)
        if len(outs) != len(grad_outputs):
            raise RuntimeError('forget: the function returned {} outputs when recomputed, {} '
                               'the first time'.format(len(outs), len(grad_outputs)))
        pairs = [(o, g) for o, g in zip(outs, grad_outputs) if g is not None]
        if not pairs:
            return (None,) * len(indexes)
        # the recomputed graph only: hide the barrier's edges to the inputs meanwhile
        edges, barrier.inputs = barrier.inputs, None
        try:
            leaves = [v for v in _leaves([o for o, _ in pairs])
                      if all(v is not s for s in starts)]
            targets = [starts[i] for i in indexes]
            gs = grad([o for o, _ in pairs], targets + leaves, [g for _, g in pairs],
                      enable_double_backprop=double)
        finally:
            barrier.inputs = edges
        for leaf, g in zip(leaves, gs[len(targets):]):
            if g is not None:
                old = leaf.grad_var
                leaf.grad_var = g if old is None else old + g
        return tuple(gs[:len(targets)])


def forget(func, *xs):
    """Call ``func(*xs)`` without storing its intermediate results; recompute them in
    backward.

    This trades computation for memory: the forward keeps only the inputs, and the backward
    calls ``func`` a second time to rebuild the graph it needs. ``func`` must compute the
    same thing both times (no dropout or other randomness); links can check
    ``config.in_recomputing`` to skip state updates in the second call. Gradients of
    parameters used inside ``func`` are accumulated into their ``grad``. Unlike Chainer's,
    kusari's ``forget`` supports double backprop.

    Parameters
    ----------
    func : callable
        Takes Variables, returns a Variable or a tuple of Variables.
    *xs : Variable or array
        The arguments (arrays become Variables that require gradients).

    Returns
    -------
    Variable or tuple of Variable
        What ``func`` returns (one Variable if it returns one, or a tuple of one).

    Raises
    ------
    TypeError
        If ``func`` is not callable.
    RuntimeError
        If ``func`` returns something other than a Variable or a tuple of Variables.

    >>> import numpy, kusari, kusari.functions as F
    >>> x = kusari.Variable(numpy.array([1., 2.]))
    >>> y = F.forget(lambda a: F.exp(a) * a, x)
    >>> F.sum(y).backward()
    >>> x.grad
    array([ 5.43656366, 22.1671683 ])
    """
    xs = tuple([x if isinstance(x, Variable) else Variable(x, requires_grad=True) for x in xs])
    ys = Forget(func).apply(xs)
    return ys[0] if len(ys) == 1 else ys
