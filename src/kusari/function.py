"""The legacy ``Function`` (forward and backward on arrays) and the backprop-mode contexts.

A ``Function`` runs through :class:`FunctionAdapter`, a FunctionNode whose backward calls the
user's array-level backward. Its gradients are first order: differentiating them again raises.
"""
import warnings

import numpy

from kusari import _backprop, _hook_tables, backend, configuration
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
    """Runs a legacy :class:`Function` as a FunctionNode (first-order gradients only).

    Parameters
    ----------
    function : Function
        The legacy function to run.
    """

    def __init__(self, function):
        self._function = function

    @property
    def function(self):
        """The wrapped :class:`Function`."""
        return self._function

    @property
    def label(self):
        """The label of the wrapped function."""
        return self._function.label

    @property
    def _impl_name(self):
        return type(self._function).__name__

    @property
    def local_function_hooks(self):
        """The hooks of the wrapped :class:`Function` (they outlive this node)."""
        return self._function.local_function_hooks

    def _local_hooks(self):
        return self._function.__dict__.get('_local_function_hooks')

    def check_type_forward(self, in_types):
        """Run the wrapped function's ``check_type_forward``."""
        self._function.check_type_forward(in_types)

    def _check_data_type_forward(self, in_data):
        f = self._function
        if type(f).check_type_forward is not Function.check_type_forward or \
                'check_type_forward' in f.__dict__:
            super()._check_data_type_forward(in_data)

    def forward(self, inputs):
        """Run the wrapped function's forward.

        Every input is kept for backward unless the function calls
        :meth:`Function.retain_inputs`; only the outputs it names with
        :meth:`Function.retain_outputs` are kept, as in Chainer.
        """
        self.retain_inputs(tuple(range(len(inputs))))
        return tuple(self._function.forward(inputs))

    def backward(self, target_input_indexes, grad_outputs):
        """Run the wrapped function's array-level backward and wrap the results.

        The wrapped backward gets the retained input arrays (``None`` for the others) and
        the output gradients (``None`` where none flows).

        Raises
        ------
        TypeError
            If a gradient is not an array, or has another dtype than its input.
        ValueError
            If the wrapped backward does not return one gradient per input, or a gradient
            has another shape than its input.
        """
        inputs = self.inputs
        in_data = [None] * len(inputs)
        for i in self._input_indexes_to_retain:
            in_data[i] = inputs[i].data
        in_data = tuple(in_data)
        gy_data = tuple([None if g is None else g.array for g in grad_outputs])
        gxs = tuple(self._function.backward(in_data, gy_data))
        if len(gxs) != len(in_data):
            raise ValueError('{}.backward returned {} gradients for {} inputs'.format(
                self.label, len(gxs), len(in_data)))
        if any([isinstance(gx, numpy.generic) for gx in gxs]):
            # a NumPy scalar (what arithmetic on 0-d arrays returns) stands for a 0-d array
            gxs = tuple([numpy.asarray(gx) if isinstance(gx, numpy.generic) else gx
                         for gx in gxs])
        for i, (x, gx) in enumerate(zip(inputs, gxs)):
            if gx is not None:
                self._check_grad(i, x, gx)
        out = []
        record = configuration.config.enable_backprop
        if record:
            # the gradients depend on the inputs and the output gradients: connect them to
            # both, so that differentiating them again reaches _FirstOrderOnly and raises
            deps = tuple([x for x in self.get_retained_inputs() if x is not None]
                         + [g for g in grad_outputs if g is not None])
        for i in target_input_indexes:
            g = gxs[i]
            if g is None:
                out.append(None)
            elif record:
                out.append(_FirstOrderOnly(self.label, g).apply(deps)[0])
            else:
                out.append(Variable._new(g, True))
        return tuple(out)

    def _check_grad(self, i, x, gx):
        """Raise the error Chainer raises for a wrong gradient of input ``i``."""
        if x.dtype is None or x.shape is None:     # an input that was None
            return
        if not (isinstance(gx, numpy.ndarray) or backend._is_cupy_array(gx)):
            error, message = TypeError, 'is of type {}, not an array'.format(
                type(gx).__name__)
        elif x.data is not None and \
                isinstance(gx, numpy.ndarray) != isinstance(x.data, numpy.ndarray):
            error, message = TypeError, 'is a {} but the input is a {}'.format(
                type(gx).__name__, type(x.data).__name__)
        elif gx.dtype != x.dtype:
            error, message = TypeError, 'has dtype {} but the input has dtype {}'.format(
                gx.dtype, x.dtype)
        elif gx.shape != x.shape:
            error, message = ValueError, 'has shape {} but the input has shape {}'.format(
                gx.shape, x.shape)
        else:
            return
        message = 'the gradient of input {} returned by {}.backward {}'.format(
            i, self.label, message)
        raise error(_backprop._with_stack(self, message))


class _FirstOrderOnly(FunctionNode):
    """Returns a precomputed gradient, connected to what it depends on; its backward raises."""

    def __init__(self, label, gx):
        self._old_style_label = label   # kusari.grad refuses to start from its output
        self._gx = gx

    def forward(self, inputs):
        return self._gx,

    def backward(self, indexes, grad_outputs):
        raise RuntimeError('the gradient of the legacy Function {} is first order only: '
                           'write it as a FunctionNode to differentiate it again'.format(
                               self._old_style_label))


class Function:
    """Chainer's legacy function: ``forward`` and ``backward`` both on tuples of arrays.

    Calling it returns a Variable (or a tuple of them for several outputs).
    """

    @property
    def node(self):
        """The :class:`FunctionAdapter` that runs this function in the graph."""
        node = getattr(self, '_node', None)
        if node is None:
            node = self._node = FunctionAdapter(self)
        return node

    @property
    def label(self):
        """The name shown in error messages and graphs (the class name by default)."""
        return type(self).__name__

    @property
    def inputs(self):
        """The input VariableNodes of the last call."""
        return self.node.inputs

    @property
    def outputs(self):
        """Weak references to the output VariableNodes of the last call."""
        return self.node.outputs

    @property
    def rank(self):
        """The rank of the node in the graph."""
        return self.node.rank

    @property
    def output_data(self):
        """The output arrays of the last call kept with :meth:`retain_outputs` (``None``
        for the others)."""
        return self.node.output_data

    @property
    def stack(self):
        """Where the last call was made (a traceback.StackSummary), recorded in debug mode
        only; ``None`` otherwise."""
        return self.node.stack

    @property
    def local_function_hooks(self):
        """The dict ``{name: hook}`` of the hooks installed on this function only.

        They are called on every later call of this function (each call runs a new node).
        """
        hooks = self.__dict__.get('_local_function_hooks')
        if hooks is None:
            hooks = self._local_function_hooks = _hook_tables.FunctionHookTable()
        return hooks

    def add_hook(self, hook, name=None):
        """Install ``hook`` on this function only (see :meth:`FunctionNode.add_hook`).

        Parameters
        ----------
        hook : FunctionHook
            The hook; its ``added`` gets this function's node.
        name : str, optional
            The key in :attr:`local_function_hooks` (``hook.name`` by default).
        """
        self.node.add_hook(hook, name)

    def delete_hook(self, name):
        """Remove the hook installed under ``name`` (see :meth:`FunctionNode.delete_hook`).

        Parameters
        ----------
        name : str
            The key in :attr:`local_function_hooks`.
        """
        self.node.delete_hook(name)

    def __call__(self, *inputs):
        self._node = None
        outputs = self.node.apply(inputs)
        return outputs[0] if len(outputs) == 1 else outputs

    def check_type_forward(self, in_types):
        """Check the input types with :mod:`kusari.utils.type_check`.

        Parameters
        ----------
        in_types : TypeInfoTuple
            One :class:`~kusari.utils.type_check.TypeInfo` (shape and dtype) per input.
        """

    def forward(self, inputs):
        """Compute the outputs; without an override, forward_cpu/forward_gpu is used.

        The GPU method is chosen when any input is a CuPy array.

        Parameters
        ----------
        inputs : tuple of array
            The input arrays.

        Returns
        -------
        tuple of array
            The output arrays.
        """
        if any([backend._is_cupy_array(x) for x in inputs]):
            return self.forward_gpu(inputs)
        return self.forward_cpu(inputs)

    def forward_cpu(self, inputs):
        """:meth:`forward` for NumPy inputs."""
        raise NotImplementedError(
            '{} implements neither forward nor forward_cpu'.format(self.label))

    def forward_gpu(self, inputs):
        """:meth:`forward` for CuPy inputs."""
        raise NotImplementedError(
            '{} implements neither forward nor forward_gpu'.format(self.label))

    def backward(self, inputs, grad_outputs):
        """Compute the input gradients; without an override, backward_cpu/gpu is used.

        The GPU method is chosen when any input or output gradient is a CuPy array.

        Parameters
        ----------
        inputs : tuple of array or None
            The input arrays (``None`` for an input not kept with :meth:`retain_inputs`).
        grad_outputs : tuple of array or None
            The output gradients, each of its output's shape; ``None`` stands for zero.

        Returns
        -------
        tuple of array or None
            One gradient per input, of its shape and dtype.
        """
        if any([backend._is_cupy_array(x) for x in inputs + grad_outputs]):
            return self.backward_gpu(inputs, grad_outputs)
        return self.backward_cpu(inputs, grad_outputs)

    def backward_cpu(self, inputs, grad_outputs):
        """:meth:`backward` for NumPy arrays (no gradient by default: ``None`` for each
        input)."""
        return (None,) * len(inputs)

    def backward_gpu(self, inputs, grad_outputs):
        """:meth:`backward` for CuPy arrays (no gradient by default: ``None`` for each
        input)."""
        return (None,) * len(inputs)

    def retain_inputs(self, indexes):
        """Keep only the inputs at ``indexes`` for backward (call it inside forward).

        Without a call every input is kept; the backward receives ``None`` in place of the
        inputs that were not kept.

        Parameters
        ----------
        indexes : sequence of int
            The inputs to keep.
        """
        self.node.retain_inputs(tuple(indexes))

    def retain_outputs(self, indexes, retain_after_backward=False):
        """Keep the outputs at ``indexes`` for backward (call it inside forward).

        Without a call no output is kept; :attr:`output_data` holds the kept arrays.

        Parameters
        ----------
        indexes : sequence of int
            The outputs to keep.
        retain_after_backward : bool
            Has no effect (a DeprecationWarning says so), as in Chainer.
        """
        if retain_after_backward:
            warnings.warn('retain_after_backward option has no effect', DeprecationWarning,
                          stacklevel=2)
        self.node.retain_outputs(tuple(indexes))

    def unchain(self):
        """Detach the node of this function from the graph."""
        self.node.unchain()


__all__ = ['Function', 'FunctionAdapter', 'no_backprop_mode', 'force_backprop_mode',
           'type_check']  # type_check re-exported: Chainer code imports it from here
