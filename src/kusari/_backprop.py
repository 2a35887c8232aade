"""The backprop engine: walk the graph from the outputs in decreasing rank, apply the chain rule.

A function's rank exceeds the rank of every function that made its inputs, so popping the
highest rank first guarantees that the gradient of every output of a function is complete
before its backward runs. Gradients are Variables; with ``enable_double_backprop`` the
backward computations are themselves recorded, which is all that higher orders need.
"""
import heapq
import itertools
import traceback

from kusari import backend
from kusari import function_node as _function_node
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


def _backward_preprocess(func, in_nodes, out_grads):
    """Call the hooks' backward_preprocess; return the hooks and the arguments they got."""
    hooks = func._hooks_to_call()
    args = (func, tuple([x.data for x in in_nodes]),
            tuple([None if g is None else g._data for g in out_grads]))
    for hook in hooks:
        hook.backward_preprocess(*args)
    return hooks, args


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


def error_message(func, message):
    """``message`` followed by the function's name and its inputs' and outputs' shapes."""
    lines = [message, '  function={} ({})'.format(type(func).__name__, func.label)]
    for i, x in enumerate(func.inputs or ()):
        lines.append('    input {}: shape={} dtype={}'.format(i, x.shape, x.dtype))
    for i, ref in enumerate(func.outputs or ()):
        y = ref()
        lines.append('    output {}: not available'.format(i) if y is None else
                     '    output {}: shape={} dtype={}'.format(i, y.shape, y.dtype))
    return _with_stack(func, '\n'.join(lines))


def _with_stack(func, message):
    """``message``, followed by where ``func`` was applied when debug mode recorded it."""
    stack = func.stack
    if not stack:
        return message
    return '{}\nStacktrace of the function is below:\n{}'.format(
        message, ''.join(traceback.format_list(stack)))


def backward_step(func, targets, out_grads, grad_inputs, debug, check_dtype=True):
    """Run one node's backward and check what it returns.

    Parameters
    ----------
    func : FunctionNode
        The node.
    targets : tuple of int
        The sorted indexes of the inputs that need a gradient.
    out_grads : tuple of Variable or None
        The gradients of the outputs.
    grad_inputs : tuple of Variable or None, or None
        The gradients of the targets accumulated so far, for a node that overrides
        ``backward_accumulate``; None calls ``backward``.
    debug : bool
        Check the types of the gradients and look for NaN.
    check_dtype : bool
        Check that each gradient has its input's dtype.

    Returns
    -------
    tuple of Variable or None
        One gradient per target, each of its input's shape and dtype.

    Raises
    ------
    ValueError
        If the number, type, shape or dtype of the gradients is wrong.
    """
    gxs = _call_backward(func, targets, out_grads, grad_inputs, debug)
    return _check_gradients(func, targets, gxs, debug, check_dtype)


def _call_backward(func, targets, out_grads, grad_inputs, debug):
    """``func.backward`` (or ``backward_accumulate`` with ``grad_inputs``); an error says
    whose backward it was, and where the function was applied when debug mode recorded it."""
    try:
        if grad_inputs is None:
            return func.backward(targets, out_grads)
        return func.backward_accumulate(targets, out_grads, grad_inputs)
    except Exception as e:
        if debug and isinstance(e, RuntimeError) and str(e).startswith('NaN is detected'):
            # say whose backward it was
            raise RuntimeError(_with_stack(func, '{} (inside the backward of {})'.format(
                e, func.label))) from e
        if func.stack is not None and e.args and isinstance(e.args[0], str):
            # debug mode recorded where the function was applied: add it, as Chainer does
            e.args = (_with_stack(func, e.args[0]),) + e.args[1:]
        raise


def _check_gradients(func, targets, gxs, debug, check_dtype):
    """The gradients ``gxs`` of ``func``'s inputs at ``targets``, checked (see
    :func:`backward_step`): one per target, raw arrays wrapped into Variables."""
    if debug:
        for gx in gxs:
            if gx is not None and not isinstance(gx, Variable):
                raise ValueError(error_message(
                    func, 'type of gradients returned from backward is incorrect: {} != '
                          'expected {}'.format(type(gx), Variable)))
    if len(gxs) != len(targets):
        n_in = len(func.inputs)
        if len(gxs) != n_in:
            expected = str(n_in) if n_in == len(targets) else '{} or {}'.format(
                n_in, len(targets))
            raise ValueError(error_message(
                func, 'number of gradients returned from backward is incorrect: {} != '
                      'expected {}'.format(len(gxs), expected)))
        gxs = tuple([gxs[i] for i in targets])
    in_nodes = func.inputs
    checked = []
    for i, gx in zip(targets, gxs):
        if gx is not None:
            if not isinstance(gx, Variable):
                gx = Variable._new(gx, True)
            d = gx._data
            node = in_nodes[i]
            if node.shape is None:
                pass
            elif d.shape != node.shape:
                raise ValueError(error_message(
                    func, 'shape of gradients returned from backward is incorrect: '
                          'input-index={}, actual {} != expected {}'.format(
                              i, d.shape, node.shape)))
            if check_dtype and node.dtype is not None and d.dtype != node.dtype:
                raise ValueError(error_message(
                    func, 'dtype of gradients returned from backward is incorrect: '
                          'input-index={}, actual {} != expected {}'.format(
                              i, d.dtype, node.dtype)))
        checked.append(gx)
    if debug:
        _check_nan(checked, func.label, 'backward')
    return tuple(checked)


def _run(output_nodes, gys, retain_grad, target_nodes=None, seeds=None, load_grads=False):
    """Propagate ``gys`` from ``output_nodes``; return the table of remaining gradients.

    ``seeds`` maps nodes to gradients added before the walk (they propagate further). With
    ``load_grads`` (``Variable.backward``, as in Chainer), an output of a function reached by
    the walk that received no gradient takes its variable's current ``grad`` instead: setting
    ``y2.grad`` of a sibling output before ``y1.backward()`` makes it flow too.
    """
    grads = dict(seeds) if seeds else {}
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
    hooked = _function_node._hooked   # function hooks installed (kusari.function_hook)
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
            if gy is None and load_grads:
                var = node.get_variable_or_none()
                if var is not None:
                    gy = var._grad_var
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
        if hooked:
            hooks, hook_args = _backward_preprocess(func, in_nodes, out_grads)
        if type(func).backward_accumulate is _default_accumulate:
            gxs = _call_backward(func, targets, out_grads, None, debug)
        else:
            gxs = _call_backward(func, targets, out_grads, tuple(
                [grads.pop(in_nodes[i], None) for i in targets]), debug)
        if debug or len(gxs) != len(targets):
            gxs = _check_gradients(func, targets, gxs, debug, True)
        if hooked:
            for hook in hooks:
                hook.backward_postprocess(*hook_args)
        for i, gx in zip(targets, gxs):
            if gx is None:
                continue
            node = in_nodes[i]
            if type(gx) is not Variable or gx._data.shape != node.shape or \
                    gx._data.dtype != node.dtype:
                # the slow path: wrap a raw array, or raise about a wrong shape or dtype
                gx, = _check_gradients(func, (i,), (gx,), False, True)
            prev = grads.get(node)
            grads[node] = gx if prev is None else prev + gx
            creator = node.creator_node
            if creator is not None and creator not in seen and (
                    useful is None or creator in useful):
                seen.add(creator)
                heappush(heap, (-creator.rank, next(counter), creator))
    return grads


def backward(pairs, retain_grad, enable_double_backprop, loss_scale):
    """Backprop from variables with given gradients; accumulate into the leaves' gradients.

    Parameters
    ----------
    pairs : list of (Variable, Variable)
        Each output with its initial gradient (not None), of its shape and dtype.
    retain_grad : bool
        Keep the gradients of intermediate variables (and of the outputs) too.
    enable_double_backprop : bool
        Record the backward computation so that the gradients can be differentiated again.
    loss_scale : float or None
        Recorded on the leaves, for optimizers to divide out.
    """
    if not pairs:
        return
    outputs = [y for y, _ in pairs]
    nodes = [y.node for y in outputs]
    gys = [gy for _, gy in pairs]
    with using_config('enable_backprop', enable_double_backprop):
        grads = _run(nodes, gys, retain_grad, load_grads=True)
        for node, g in grads.items():
            if node.creator_node is not None or g is None or not node.requires_grad:
                continue
            var = node.get_variable_or_none()
            if var is None:
                continue
            old = var._grad_var
            var._grad_var = g if old is None else old + g
            var._loss_scale = loss_scale


def grad(outputs, inputs, grad_outputs, grad_inputs, set_grad, retain_grad,
         enable_double_backprop, loss_scale):
    """The engine of :func:`kusari.grad`, whose docstring describes the parameters.

    The arguments are validated there; only the part of the graph between the outputs and
    the inputs is traversed. ``grad_inputs`` are added to the inputs' gradients before the
    walk, so that they flow on to inputs further back, as in Chainer.

    Returns
    -------
    list of Variable or None
        One gradient per input, of its shape and dtype (``None`` where none flows).
    """
    in_nodes = [x.node for x in inputs]
    seeds = {}
    if grad_inputs is not None:
        for node, g0 in zip(in_nodes, grad_inputs):
            if g0 is None:
                continue
            if not isinstance(g0, Variable):
                g0 = Variable._new(g0, True)
            prev = seeds.get(node)
            seeds[node] = g0 if prev is None else prev + g0
    with using_config('enable_backprop', enable_double_backprop):
        gys = _initial_grads(outputs, grad_outputs, loss_scale)
        grads = _run([y.node for y in outputs], gys, retain_grad, set(in_nodes), seeds)
        result = [grads.get(node) for node in in_nodes]
    if set_grad or retain_grad:
        for x, g in zip(inputs, result):
            if set_grad or g is not None:
                x._grad_var = g
    return result
