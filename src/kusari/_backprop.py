"""The backprop engine: walk the graph from the outputs in decreasing rank, apply the chain rule.

A function's rank exceeds the rank of every function that made its inputs, so popping the
highest rank first guarantees that the gradient of every output of a function is complete
before its backward runs. Gradients are Variables; with ``enable_double_backprop`` the
backward computations are themselves recorded, which is all that higher orders need.
"""
import heapq
import itertools

from kusari import backend
from kusari.configuration import config, using_config
from kusari.function_node import FunctionNode, _check_nan
from kusari.variable import Variable, _check_grad

_default_accumulate = FunctionNode.backward_accumulate


def _initial_grads(outputs, grad_outputs, loss_scale):
    gys = []
    for i, y in enumerate(outputs):
        gy = None if grad_outputs is None else grad_outputs[i]
        if gy is None:
            gy = backend.get_array_module(y._data).ones_like(y._data)
        if not isinstance(gy, Variable):
            _check_grad(y.node, gy)
            gy = Variable._new(gy, True)
        if loss_scale is not None:
            gy = gy * loss_scale
        gys.append(gy)
    return gys


def _useful_functions(output_nodes, target_nodes):
    """The functions on some path from a target node to an output node (no recursion)."""
    funcs = []
    seen = set()
    stack = [n.creator_node for n in output_nodes if n.creator_node is not None]
    while stack:
        func = stack.pop()
        if func in seen or func.inputs is None:
            continue
        seen.add(func)
        funcs.append(func)
        for x in func.inputs:
            c = x.creator_node
            if c is not None and c not in seen:
                stack.append(c)
    funcs.sort(key=lambda f: f.rank)  # a creator's rank is below its consumers'
    useful = set()
    for func in funcs:
        for x in func.inputs:
            if x in target_nodes or x.creator_node in useful:
                useful.add(func)
                break
    return useful


def _run(output_nodes, gys, retain_grad, target_nodes=None):
    """Propagate ``gys`` from ``output_nodes``; return the table of remaining gradients."""
    grads = {}
    for node, gy in zip(output_nodes, gys):
        prev = grads.get(node)
        grads[node] = gy if prev is None else prev + gy
    useful = None if target_nodes is None else _useful_functions(output_nodes, target_nodes)
    keep = target_nodes or ()
    counter = itertools.count()
    heap = []
    seen = set()
    for node in output_nodes:
        func = node.creator_node
        if func is not None and func not in seen and (useful is None or func in useful):
            seen.add(func)
            heap.append((-func.rank, next(counter), func))
    heapq.heapify(heap)
    debug = config.debug
    heappop = heapq.heappop
    heappush = heapq.heappush
    while heap:
        func = heappop(heap)[2]
        in_nodes = func.inputs
        if in_nodes is None:  # unchained meanwhile
            continue
        out_grads = []
        any_grad = False
        for ref in func.outputs:
            node = ref()
            if node is None:
                out_grads.append(None)
                continue
            gy = grads.get(node) if node in keep else grads.pop(node, None)
            if gy is not None:
                any_grad = True
                if retain_grad:
                    var = node.get_variable_or_none()
                    if var is not None:
                        var._grad_var = gy
            out_grads.append(gy)
        if not any_grad:
            continue
        if useful is None:
            if len(in_nodes) == 1:
                targets = (0,) if in_nodes[0].requires_grad else ()
            else:
                targets = tuple([i for i, x in enumerate(in_nodes) if x.requires_grad])
        else:
            targets = tuple([i for i, x in enumerate(in_nodes) if x.requires_grad and (
                x in keep or x.creator_node in useful)])
        if not targets:
            continue
        out_grads = tuple(out_grads)
        try:
            if type(func).backward_accumulate is _default_accumulate:
                gxs = func.backward(targets, out_grads)
            else:
                gxs = func.backward_accumulate(
                    targets, out_grads, tuple([grads.pop(in_nodes[i], None) for i in targets]))
        except RuntimeError as e:
            if debug and str(e).startswith('NaN is detected'):  # say whose backward it was
                raise RuntimeError('{} (inside the backward of {})'.format(
                    e, func.label)) from e
            raise
        if len(gxs) != len(targets):
            if len(gxs) != len(in_nodes):
                raise ValueError(
                    '{}.backward returned {} gradients for {} inputs ({} requested)'.format(
                        func.label, len(gxs), len(in_nodes), len(targets)))
            gxs = [gxs[i] for i in targets]
        if debug:
            _check_nan(gxs, func.label, 'backward')
        for i, gx in zip(targets, gxs):
            if gx is None:
                continue
            node = in_nodes[i]
            if not isinstance(gx, Variable):
                gx = Variable._new(gx, True)
            d = gx._data
            if d.shape != node.shape or d.dtype != node.dtype:
                _check_grad(node, d, func)
            prev = grads.get(node)
            grads[node] = gx if prev is None else prev + gx
            creator = node.creator_node
            if creator is not None and creator not in seen and (
                    useful is None or creator in useful):
                seen.add(creator)
                heappush(heap, (-creator.rank, next(counter), creator))
    return grads


def backward(outputs, grad_outputs, retain_grad, enable_double_backprop, loss_scale):
    """Backprop from ``outputs``; accumulate into the gradients of the leaf variables.

    Parameters
    ----------
    outputs : tuple of Variable
        The variables to start from.
    grad_outputs : sequence of Variable, array or None, or None
        The initial gradients, each of its output's shape and dtype. ``None`` (or a ``None``
        element) means: each output's own ``grad``, or ones for a size-1 output.
    retain_grad : bool
        Keep the gradients of intermediate variables too.
    enable_double_backprop : bool
        Record the backward computation so that the gradients can be differentiated again.
    loss_scale : float or None
        Multiplies a gradient started from ones; recorded on the leaves for optimizers.

    Raises
    ------
    ValueError
        If an output with more than one element has no gradient.
    """
    gys = []
    for i, y in enumerate(outputs):
        gy = None if grad_outputs is None else grad_outputs[i]
        if gy is None:
            gy = y._grad_var
        if gy is None:
            if y._data.size > 1:
                # a size-1 output (a loss) starts from ones; an empty one (a delegate variable
                # of model-parallel communication) from its empty gradient, as in Chainer
                raise ValueError(
                    'backward() of a variable with {} elements needs its gradient: set '
                    'y.grad first (only a size-1 output starts from ones)'.format(y._data.size))
            gy = Variable._new(backend.get_array_module(y._data).ones_like(y._data), True)
            if loss_scale is not None:
                gy = Variable._new(gy._data * y._data.dtype.type(loss_scale), True)
            y._grad_var = gy
        elif not isinstance(gy, Variable):
            gy = Variable._new(gy, True)
        gys.append(gy)
    nodes = [y.node for y in outputs]
    if all([n.creator_node is None for n in nodes]):
        return
    with using_config('enable_backprop', enable_double_backprop):
        grads = _run(nodes, gys, retain_grad)
        for node, g in grads.items():
            if node.creator_node is not None or g is None or not node.requires_grad:
                continue
            var = node.get_variable_or_none()
            if var is None or any([var is y for y in outputs]):
                continue
            old = var._grad_var
            var._grad_var = g if old is None else old + g
            var._loss_scale = loss_scale


def grad(outputs, inputs, grad_outputs, grad_inputs, set_grad, retain_grad,
         enable_double_backprop, loss_scale):
    """The engine of :func:`kusari.grad`, whose docstring describes the parameters.

    The arguments are validated there; only the part of the graph between the outputs and
    the inputs is traversed.

    Returns
    -------
    list of Variable or None
        One gradient per input, of its shape and dtype (``None`` where none flows).
    """
    in_nodes = [x.node for x in inputs]
    with using_config('enable_backprop', enable_double_backprop):
        gys = _initial_grads(outputs, grad_outputs, loss_scale)
        grads = _run([y.node for y in outputs], gys, retain_grad, set(in_nodes))
        # an input that is also an output gets its initial gradient
        result = []
        for i, node in enumerate(in_nodes):
            g = grads.get(node)
            if grad_inputs is not None and grad_inputs[i] is not None:
                g0 = grad_inputs[i]
                if not isinstance(g0, Variable):
                    g0 = Variable._new(g0, True)
                g = g0 if g is None else g + g0
            result.append(g)
    if set_grad:
        for x, g in zip(inputs, result):
            x._grad_var = g
    return result
