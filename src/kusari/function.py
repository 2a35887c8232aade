"""The legacy ``Function`` (forward and backward on arrays) and the backprop-mode contexts.

A ``Function`` runs through :class:`FunctionAdapter`, a FunctionNode whose backward calls the
user's array-level backward. Its gradients are first order: differentiating them again raises.
"""
import numpy

from kusari import backend, configuration
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import Variable


def no_backprop_mode():
    """A context in which no graph is recorded (``config.enable_backprop = False``)."""
    return configuration.using_config('enable_backprop', False)


def force_backprop_mode():
    """A context in which the graph is recorded even inside :func:`no_backprop_mode`."""
    return configuration.using_config('enable_backprop', True)


class FunctionAdapter(FunctionNode):
    """Runs a legacy :class:`Function` as a FunctionNode (first-order gradients only)."""

    def __init__(self, function):
        self._function = function

    @property
    def function(self):
        return self._function

    @property
    def label(self):
        return self._function.label

    def check_type_forward(self, in_types):
        self._function.check_type_forward(in_types)

    def _check_data_type_forward(self, in_data):
        if type(self._function).check_type_forward is not Function.check_type_forward:
            super()._check_data_type_forward(in_data)

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        f = self._function
        if type(f).forward is not Function.forward:
            outputs = f.forward(inputs)
        elif backend.get_array_module(*inputs) is numpy:
            outputs = f.forward_cpu(inputs)
        else:
            outputs = f.forward_gpu(inputs)
        outputs = tuple(outputs)
        self.retain_outputs(tuple(range(len(outputs))))
        return outputs

    def backward(self, target_input_indexes, grad_outputs):
        in_data = tuple([x.data for x in self.inputs])
        gy_data = tuple([None if g is None else g.array for g in grad_outputs])
        f = self._function
        if type(f).backward is Function.backward:
            if backend.get_array_module(*in_data) is numpy:
                gxs = f.backward_cpu(in_data, gy_data)
            else:
                gxs = f.backward_gpu(in_data, gy_data)
        else:
            gxs = f.backward(in_data, gy_data)
        gxs = tuple(gxs)
        if len(gxs) != len(in_data):
            raise ValueError('{}.backward returned {} gradients for {} inputs'.format(
                self.label, len(gxs), len(in_data)))
        out = []
        record = configuration.config.enable_backprop
        if record:
            # the gradients depend on the inputs and the output gradients: connect them to
            # both, so that differentiating them again reaches _FirstOrderOnly and raises
            deps = self.get_retained_inputs() + tuple(
                [g for g in grad_outputs if g is not None])
        for i in target_input_indexes:
            g = gxs[i]
            if g is None:
                out.append(None)
            elif record:
                out.append(_FirstOrderOnly(self.label, g).apply(deps)[0])
            else:
                out.append(Variable._new(g, True))
        return tuple(out)


class _FirstOrderOnly(FunctionNode):
    """Returns a precomputed gradient, connected to what it depends on; its backward raises."""

    def __init__(self, label, gx):
        self._what = label
        self._gx = gx

    def forward(self, inputs):
        return self._gx,

    def backward(self, indexes, grad_outputs):
        raise RuntimeError('the gradient of the legacy Function {} is first order only: '
                           'write it as a FunctionNode to differentiate it again'.format(
                               self._what))


class Function:
    """Chainer's legacy function: ``forward`` and ``backward`` both on tuples of arrays.

    Calling it returns a Variable (or a tuple of them for several outputs).
    """

    @property
    def node(self):
        node = getattr(self, '_node', None)
        if node is None:
            node = self._node = FunctionAdapter(self)
        return node

    @property
    def label(self):
        return type(self).__name__

    @property
    def inputs(self):
        return self.node.inputs

    @property
    def outputs(self):
        return self.node.outputs

    @property
    def rank(self):
        return self.node.rank

    @property
    def output_data(self):
        return self.node.output_data

    def __call__(self, *inputs):
        self._node = None
        outputs = self.node.apply(inputs)
        return outputs[0] if len(outputs) == 1 else outputs

    def check_type_forward(self, in_types):
        """Check the input types with :mod:`kusari.utils.type_check`."""

    def forward(self, inputs):
        raise NotImplementedError

    def forward_cpu(self, inputs):
        raise NotImplementedError

    def forward_gpu(self, inputs):
        raise NotImplementedError

    def backward(self, inputs, grad_outputs):
        raise NotImplementedError

    def backward_cpu(self, inputs, grad_outputs):
        raise NotImplementedError

    def backward_gpu(self, inputs, grad_outputs):
        raise NotImplementedError

    def retain_inputs(self, indexes):
        pass

    def retain_outputs(self, indexes, retain_after_backward=False):
        pass

    def unchain(self):
        self.node.unchain()


__all__ = ['Function', 'FunctionAdapter', 'no_backprop_mode', 'force_backprop_mode',
           'type_check']  # type_check re-exported: Chainer code imports it from here
