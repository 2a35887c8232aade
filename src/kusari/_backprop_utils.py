"""``chainer._backprop_utils``: one node's backward step with Chainer's interface.

kusari's engine (:mod:`kusari._backprop`) keeps one gradient per node; Chainer's helpers pass
lists of gradients per node. These adapters give Chainer's interface over the same step.
"""
from kusari import _backprop
from kusari.configuration import config
from kusari.function_node import FunctionNode


def _reduce(grad_list):
    """Sum a list of gradients in place into its first element; return it (None if empty)."""
    if not grad_list:
        return None
    if len(grad_list) >= 2:
        total = grad_list[0]
        for g in grad_list[1:]:
            total = total + g
        grad_list[:] = [total]
    return grad_list[0]


def _pop_or_none(grad_list):
    return grad_list.pop() if grad_list else None


def backprop_step(func, target_input_indexes, grad_outputs, grad_inputs, is_debug):
    """Run ``func``'s backward and append the input gradients to ``grad_inputs``.

    Parameters
    ----------
    func : FunctionNode
        The node (its ``inputs`` set).
    target_input_indexes : tuple of int
        The sorted indexes of the inputs that need gradients.
    grad_outputs : tuple of Variable or None
        The gradients of the outputs.
    grad_inputs : dict
        Maps each target input node to the list of its gradients so far; the new gradient
        is appended (and the list summed unless ``config.lazy_grad_sum``).
    is_debug : bool
        Check the gradients (types, shapes, dtypes, NaN).
    """
    inputs = func.inputs
    if type(func).backward_accumulate is FunctionNode.backward_accumulate:
        gxs = _backprop.backward_step(func, target_input_indexes, grad_outputs, None,
                                      is_debug, check_dtype=False)
    else:
        acc = tuple([_pop_or_none(grad_inputs[inputs[i]]) for i in target_input_indexes])
        gxs = _backprop.backward_step(func, target_input_indexes, grad_outputs, acc, is_debug,
                                      check_dtype=False)
    for i, gx in zip(target_input_indexes, gxs):
        if gx is None:
            continue
        grad_list = grad_inputs[inputs[i]]
        if is_debug and grad_list:
            first = grad_list[0]
            if gx.dtype != first.dtype:
                raise ValueError(_backprop.error_message(
                    func, 'dtype of gradients returned from backward is incorrect: '
                          'input-index={}, actual {} != expected {}'.format(
                              i, gx.dtype, first.dtype)))
        grad_list.append(gx)
    if not config.lazy_grad_sum:
        for grad_list in grad_inputs.values():
            _reduce(grad_list)
