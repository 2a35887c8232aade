"""FunctionNode: one differentiable operation in the graph, and ``grad``."""
import traceback
import weakref

import numpy

from kusari import _hook_tables, backend
from kusari.configuration import config
from kusari.utils import type_check
from kusari.variable import Variable, VariableNode


def _as_output(y):
    if y is None or type(y) is numpy.ndarray or backend._is_cupy_array(y):
        return y    # None: an output without data (Chainer allows it; it gets no gradient)
    if isinstance(y, (numpy.generic, numpy.ndarray)):
        return numpy.asarray(y)
    raise TypeError('forward output must be a tuple of ndarrays: got an element of type {}'
                    .format(type(y)))


class FunctionNode:
    """A node of the graph: ``forward`` on arrays, ``backward`` on Variables.

    Subclasses implement ``forward(inputs)`` (or ``forward_cpu`` / ``forward_gpu``) returning a
    tuple of arrays, and ``backward(target_input_indexes, grad_outputs)`` returning a tuple of
    Variables (or ``None``) written with differentiable functions, so that the backward can be
    recorded and differentiated again. Only the inputs and outputs declared with
    :meth:`retain_inputs` / :meth:`retain_outputs` are kept for backward.
    """

    inputs = None
    outputs = None
    rank = 0
    lazy_grad_sum = False
    _input_indexes_to_retain = None
    _output_indexes_to_retain = None
    _retained_output_data = None
    _n_outputs = None
    stack = None    # where apply was called, recorded in debug mode (traceback.StackSummary)

    @property
    def label(self):
        """The name shown in error messages and graphs (the class name by default)."""
        return type(self).__name__

    @property
    def local_function_hooks(self):
        """The dict ``{name: hook}`` of the hooks registered on this node only.

        Changing it installs or removes hooks of this node (without calling ``added`` /
        ``deleted``, which :meth:`add_hook` and :meth:`delete_hook` do).
        """
        hooks = self.__dict__.get('_local_function_hooks')
        if hooks is None:
            hooks = self._local_function_hooks = _hook_tables.FunctionHookTable()
        return hooks

    @property
    def _impl_name(self):
        """The name of the class that implements this function (used by the hooks)."""
        return type(self).__name__

    @property
    def output_data(self):
        """A tuple over the outputs: the retained arrays, ``None`` elsewhere."""
        if self._retained_output_data is None:
            raise RuntimeError('retained output data is not available: call retain_outputs '
                               'in forward')
        out = [None] * self._n_outputs
        for i, d in zip(self._output_indexes_to_retain, self._retained_output_data):
            out[i] = d
        return tuple(out)

    def apply(self, inputs):
        """Compute the outputs and, when gradients can flow, record this node in the graph.

        Parameters
        ----------
        inputs : tuple of Variable or array
            The inputs, of the shapes and dtypes this function accepts.

        Returns
        -------
        tuple of Variable
            The outputs, one per array returned by ``forward`` (same shapes and dtypes).

        Raises
        ------
        InvalidType
            If the inputs fail the type check (:meth:`check_type_forward`).
        TypeError
            If ``forward`` does not return a tuple of arrays.
        """
        input_vars = []
        in_data = []
        requires_grad = False
        for x in inputs:
            if type(x) is ndarray:
                # a raw NumPy array: wrapped into a Variable only if the graph is recorded
                in_data.append(x)
            else:
                if not isinstance(x, Variable):
                    x = Variable(x, requires_grad=False)
                elif x._requires_grad:
                    requires_grad = True
                in_data.append(x._data)
            input_vars.append(x)
        in_data = tuple(in_data)
        cfg = config
        if cfg.type_check:
            self._check_data_type_forward(in_data)
        self._input_indexes_to_retain = None
        self._output_indexes_to_retain = None
        if _hooked:  # a function hook is installed somewhere: the path that calls them
            outputs = self._forward_with_hooks(in_data)
        else:
            outputs = self.forward(in_data)
        if type(outputs) is not tuple:
            raise TypeError('{}.forward output must be a tuple of ndarrays, got {}'.format(
                self.label, type(outputs)))
        if cfg.debug:
            self.stack = traceback.extract_stack()[:-1]
            _check_nan(outputs, self.label, 'forward')
        new = Variable._new
        if not cfg.enable_backprop:
            if len(outputs) == 1:
                y = outputs[0]
                return new(y if type(y) is ndarray else _as_output(y), requires_grad),
            return tuple([new(y if type(y) is ndarray else _as_output(y), requires_grad)
                          for y in outputs])

        # record the graph
        rank = 0
        input_nodes = []
        for x in input_vars:
            if type(x) is ndarray:
                x = Variable(x, requires_grad=False)
            n = x._node
            if n is None:
                n = x.node
            if n._rank > rank:
                rank = n._rank
            input_nodes.append(n)
        self.rank = rank
        self.inputs = input_nodes = tuple(input_nodes)
        ret = []
        out_refs = []
        new_node = object.__new__
        ref = weakref.ref
        for y in outputs:
            if type(y) is ndarray:
                dtype = y.dtype
                shape = y.shape
            else:
                y = _as_output(y)
                dtype = shape = None
                if y is not None:
                    dtype = y.dtype
                    shape = y.shape
            v = new(y, requires_grad)
            n = v._node = new_node(VariableNode)
            n._variable = ref(v)
            n.creator_node = self
            n.data = None
            n._rank = rank + 1
            n.name = None
            n.requires_grad = requires_grad
            n.dtype = dtype
            n.shape = shape
            ret.append(v)
            out_refs.append(ref(n))
        self.outputs = tuple(out_refs)
        self._n_outputs = len(ret)
        if self._input_indexes_to_retain is not None:
            for i in self._input_indexes_to_retain:
                input_nodes[i].data = in_data[i]
        if self._output_indexes_to_retain is not None:
            retained = []
            for i in self._output_indexes_to_retain:
                v = ret[i]
                v._node.data = v._data
                retained.append(v._data)
            self._retained_output_data = tuple(retained)
        return tuple(ret)

    def _forward_with_hooks(self, in_data):
        hooks = self._hooks_to_call()
        for hook in hooks:
            hook.forward_preprocess(self, in_data)
        outputs = self.forward(in_data)
        for hook in hooks:
            hook.forward_postprocess(self, in_data)
        return outputs

    def _hooks_to_call(self):
        """The hooks of this thread, then this node's own (a list, in calling order)."""
        return _hook_tables.merged(_hook_tables.get_function_hooks(), self._local_hooks())

    def _local_hooks(self):
        return self.__dict__.get('_local_function_hooks')

    def _check_data_type_forward(self, in_data):
        if type(self).check_type_forward is FunctionNode.check_type_forward and \
                'check_type_forward' not in self.__dict__:
            return
        # as Chainer: a cheap check on light type infos, and only when it fails the full
        # expressions again, for the message
        try:
            with type_check.light_mode:
                self.check_type_forward(type_check.get_light_types(in_data))
            return
        except type_check.InvalidType:
            pass
        with type_check.get_function_check_context(self):
            self.check_type_forward(type_check.get_types(in_data, 'in_types', False))

    def check_type_forward(self, in_types):
        """Check the input types with :mod:`kusari.utils.type_check` (override to use).

        Parameters
        ----------
        in_types : TypeInfoTuple
            One :class:`~kusari.utils.type_check.TypeInfo` (shape and dtype) per input.
        """

    def forward(self, inputs):
        """Compute the outputs from a tuple of arrays.

        Override this, or :meth:`forward_cpu` and :meth:`forward_gpu`, to which this
        default dispatches by the inputs' array module.

        Parameters
        ----------
        inputs : tuple of array
            The input arrays.

        Returns
        -------
        tuple of array
            The output arrays.
        """
        if backend.get_array_module(*inputs) is numpy:
            return self.forward_cpu(inputs)
        return self.forward_gpu(inputs)

    def forward_cpu(self, inputs):
        """:meth:`forward` for NumPy inputs (used when ``forward`` is not overridden)."""
        raise NotImplementedError('{} implements neither forward nor forward_cpu'.format(
            self.label))

    def forward_gpu(self, inputs):
        """:meth:`forward` for CuPy inputs (used when ``forward`` is not overridden)."""
        raise NotImplementedError('{} implements neither forward nor forward_gpu'.format(
            self.label))

    def retain_inputs(self, indexes):
        """Keep the inputs at ``indexes`` for backward (call inside forward)."""
        self._input_indexes_to_retain = indexes

    def retain_outputs(self, indexes):
        """Keep the outputs at ``indexes`` for backward (call inside forward)."""
        self._output_indexes_to_retain = indexes

    def backward(self, target_input_indexes, grad_outputs):
        """Gradients of the inputs at ``target_input_indexes`` as Variables (or None).

        Parameters
        ----------
        target_input_indexes : tuple of int
            The inputs that need a gradient.
        grad_outputs : tuple of Variable or None
            The gradients of the outputs, each of its output's shape and dtype; ``None``
            stands for zero.

        Returns
        -------
        tuple of Variable or None
            One element per input, or one per target index; each gradient has the shape and
            dtype of its input.
        """
        return (None,) * len(target_input_indexes)

    def backward_accumulate(self, target_input_indexes, grad_outputs, grad_inputs):
        """Like :meth:`backward`, adding ``grad_inputs`` (the gradients so far) to the result.

        Parameters
        ----------
        target_input_indexes : tuple of int
            The inputs that need a gradient.
        grad_outputs : tuple of Variable or None
            The gradients of the outputs; ``None`` stands for zero.
        grad_inputs : tuple of Variable or None
            The gradients accumulated so far, one per target index, each of its input's
            shape.

        Returns
        -------
        tuple of Variable or None
            One gradient per target index, of the shape and dtype of its input.
        """
        gxs = self.backward(target_input_indexes, grad_outputs)
        n = len(target_input_indexes)
        if len(gxs) != n:
            gxs = tuple([gxs[i] for i in target_input_indexes])
        out = []
        for gx, g_in in zip(gxs, grad_inputs):
            if gx is None:
                out.append(g_in)
            elif g_in is None:
                out.append(gx)
            else:
                out.append(gx + g_in)
        return tuple(out)

    def get_retained_inputs(self):
        """The inputs kept with :meth:`retain_inputs`, as Variables connected to the graph
        (None for an input that was None, as in Chainer)."""
        inputs = self.inputs
        if self._input_indexes_to_retain is None or inputs is None:
            return ()
        retained = []
        for i in self._input_indexes_to_retain:
            var = inputs[i].get_variable()
            retained.append(None if var._data is None else var)
        return tuple(retained)

    def get_retained_outputs(self):
        """The outputs kept with :meth:`retain_outputs`, as Variables connected to the graph.

        An output Variable that is gone is rebuilt over the retained array with this node as
        its creator, so that differentiating the backward reaches this node again.
        """
        if self._output_indexes_to_retain is None or self.outputs is None:
            return ()
        ret = []
        outputs = list(self.outputs)
        for i, data in zip(self._output_indexes_to_retain, self._retained_output_data):
            node = outputs[i]()
            if node is None:
                if data is None:
                    ret.append(None)
                    continue
                var = Variable._new(data, True)
                node = var.node
                node.set_creator_node(self)
                outputs[i] = weakref.ref(node)
                ret.append(var)
            else:
                var = node.get_variable()
                ret.append(None if var._data is None else var)
        self.outputs = tuple(outputs)
        return tuple(ret)

    def unchain(self):
        """Detach this node: its outputs become leaves and its inputs are released."""
        for y in self.outputs or ():
            node = y()
            if node is not None:
                node.unchain()
        self.inputs = None

    def add_hook(self, hook, name=None):
        """Install ``hook`` on this node only, under ``name``, and call ``hook.added(self)``.

        The hook is then called around this node's forward (in :meth:`apply`) and
        backward, after the hooks installed for the thread with ``with hook:``.

        Parameters
        ----------
        hook : FunctionHook
            The hook.
        name : str, optional
            The key in :attr:`local_function_hooks` (``hook.name`` by default).

        Raises
        ------
        TypeError
            If ``hook`` is not a :class:`~kusari.FunctionHook`.
        KeyError
            If a hook of that name is installed on this node already.
        """
        from kusari.function_hook import FunctionHook
        if not isinstance(hook, FunctionHook):
            raise TypeError('{}.add_hook: the hook must be a FunctionHook, not {}'.format(
                type(self).__name__, type(hook).__name__))
        if name is None:
            name = hook.name
        hooks = self.local_function_hooks
        if name in hooks:
            raise KeyError('{}.add_hook: a hook named {!r} exists already'.format(
                type(self).__name__, name))
        hooks[name] = hook
        hook.added(self)

    def delete_hook(self, name):
        """Remove the hook installed on this node under ``name``; calls its ``deleted(self)``.

        Parameters
        ----------
        name : str
            The key in :attr:`local_function_hooks`.

        Raises
        ------
        KeyError
            If no hook of that name is installed on this node.
        """
        hooks = self.local_function_hooks
        if name not in hooks:
            raise KeyError('{}.delete_hook: no hook named {!r} on this node'.format(
                type(self).__name__, name))
        hooks[name].deleted(self)
        del hooks[name]

    def __repr__(self):
        return '<{} rank={}>'.format(self.label, self.rank)


ndarray = numpy.ndarray
# True while a function hook is installed in any thread or on any node; kept up to date by
# kusari._hook_tables, read once per apply (and once per backprop).
_hooked = False


def _check_nan(arrays, label, where):
    for a in arrays:
        if a is None:
            continue
        a = getattr(a, 'array', a)
        if a.dtype.kind == 'f' and backend.get_array_module(a).isnan(a).any():
            raise RuntimeError('NaN is detected on {} computation of {}'.format(where, label))


def grad(outputs, inputs, grad_outputs=None, grad_inputs=None, set_grad=False,
         retain_grad=False, enable_double_backprop=False, loss_scale=None):
    """Gradients of ``outputs`` with respect to ``inputs``, as a list of Variables.

    Only the part of the graph between the outputs and the inputs is traversed, and the
    ``grad`` of no variable is touched unless ``set_grad`` is True.

    Parameters
    ----------
    outputs : list of Variable
        The variables to differentiate.
    inputs : list of Variable
        The variables to differentiate with respect to.
    grad_outputs : list of Variable, array or None, optional
        The initial output gradients, each of its output's shape and dtype; ``None`` (or a
        ``None`` element) means ones.
    grad_inputs : list of Variable or None, optional
        Values added to the input gradients, each of its input's shape and dtype.
    set_grad : bool
        Also store the results in ``x.grad_var`` for each input.
    retain_grad : bool
        Keep the gradients of intermediate variables.
    enable_double_backprop : bool
        Record the computation so that the results can be differentiated again.
    loss_scale : float, optional
        Multiplies the initial gradients.

    Returns
    -------
    list of Variable or None
        One Variable (or ``None`` where no gradient flows) per input, of its shape and dtype.

    Raises
    ------
    TypeError
        If ``outputs`` or ``inputs`` is not a tuple or list of Variables.
    ValueError
        If ``grad_outputs`` or ``grad_inputs`` has the wrong length.
    RuntimeError
        If an output is a gradient computed by a legacy :class:`~kusari.Function` (first
        order only); checked first, as in Chainer.
    """
    from kusari import _backprop
    if not isinstance(outputs, (tuple, list)):
        raise TypeError('outputs must be a tuple or a list, not {}'.format(type(outputs)))
    if not isinstance(inputs, (tuple, list)):
        raise TypeError('inputs must be a tuple or a list, not {}'.format(type(inputs)))
    for name, seq, ref in (('grad_outputs', grad_outputs, outputs),
                           ('grad_inputs', grad_inputs, inputs)):
        if seq is None:
            continue
        if not isinstance(seq, (tuple, list)):
            raise TypeError('{} must be a tuple or a list or None, not {}'.format(
                name, type(seq)))
        if len(seq) != len(ref):
            raise ValueError('{} has {} elements but {} has {}'.format(
                name, len(seq), name[5:], len(ref)))
    for v in outputs:
        if not isinstance(v, Variable):
            raise TypeError('outputs and inputs must be Variables, got {}'.format(type(v)))
        # a gradient computed by a legacy Function cannot be differentiated (as in Chainer,
        # this is said before anything else is checked)
        label = getattr(v.creator_node, '_old_style_label', None)
        if label is not None:
            raise RuntimeError('cannot differentiate the gradient computed by the legacy '
                               'Function {}: it is first order only'.format(label))
    for v in inputs:
        if not isinstance(v, Variable):
            raise TypeError('outputs and inputs must be Variables, got {}'.format(type(v)))
    return _backprop.grad(outputs, inputs, grad_outputs, grad_inputs, set_grad, retain_grad,
                          enable_double_backprop, loss_scale)
