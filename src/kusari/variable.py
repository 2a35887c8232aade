"""Variables: arrays that remember the function that made them.

A :class:`Variable` owns its array and gradient; its :class:`VariableNode` (made on first need)
is what the graph holds, so that the graph keeps no Variable alive and a Variable going out of
scope frees what only it referenced.
"""
import warnings
import weakref

import numpy

from kusari import backend
from kusari.configuration import config


def _check_array(data, what='data'):
    if data is None or isinstance(data, numpy.ndarray) or backend._is_cupy_array(data):
        return
    raise TypeError(
        'numpy.ndarray or cuda.ndarray are expected for the {} of a Variable.\n'
        'Actual: {}'.format(what, type(data)))


def _check_grad(var, grad, func=None):
    """Raise if ``grad`` cannot be the gradient of ``var`` (wrong type, dtype or shape)."""
    where = '' if func is None else ' computed by {}'.format(func.label)
    if grad is None:
        return
    _check_array(grad, 'gradient')
    if var.dtype is not None and grad.dtype != var.dtype:
        raise TypeError('the gradient{} has dtype {} but its variable has dtype {}'.format(
            where, grad.dtype, var.dtype))
    if var.shape is not None and grad.shape != var.shape:
        raise ValueError('the gradient{} has shape {} but its variable has shape {}'.format(
            where, grad.shape, var.shape))


def _to_string(var, separator):
    arr = var._data
    prefix = 'variable' if not var._name else 'variable ' + var._name
    if arr is None:
        body = 'None'
    else:
        arr = backend.CpuDevice().send(arr)
        if separator == ' ' or arr.size > 0 or arr.shape == (0,):
            body = numpy.array2string(arr, separator=separator, prefix=prefix + '(')
        else:  # an empty array other than (0,): say its shape, as numpy.array_repr does
            body = '[], shape={!r}'.format(arr.shape)
    return '{}({})'.format(prefix, body)


def variable_repr(var):
    """The ``repr`` of a variable: ``variable name([1., 2.])``, as Chainer writes it.

    The array is written by :func:`numpy.array2string` with ``', '`` between elements, its
    continuation lines indented under the first; an empty array other than shape ``(0,)``
    shows its shape (``variable([], shape=(2, 0))``) and an uninitialized one ``None``.
    A :class:`Parameter` is written the same way (``variable``, as in Chainer).

    Parameters
    ----------
    var : Variable
        The variable (its array is copied to the host if it lives on a GPU).

    Returns
    -------
    str
    """
    return _to_string(var, ', ')


def variable_str(var):
    """The ``str`` of a variable: ``variable name([1. 2.])``, as Chainer writes it.

    Like :func:`variable_repr` with the elements separated by spaces, as :func:`str` of a
    NumPy array.

    Parameters
    ----------
    var : Variable
        The variable.

    Returns
    -------
    str
    """
    return _to_string(var, ' ')


class VariableNode:
    """The graph's view of a Variable: its creator, rank, and data retained for backward.

    Parameters
    ----------
    variable : Variable
        The variable this node stands for (held weakly).
    name : str
        The variable's name.
    """

    __slots__ = ('_variable', 'creator_node', 'data', 'dtype', 'shape', 'name',
                 'requires_grad', '_rank', '__weakref__')

    def __init__(self, variable, name, **kwargs):
        if kwargs:
            if 'grad' in kwargs:
                raise ValueError('VariableNode takes no grad argument: set the gradient on '
                                 'the Variable (variable.grad)')
            raise TypeError('VariableNode got unexpected keyword arguments {}'.format(
                sorted(kwargs)))
        self._variable = weakref.ref(variable)
        self.creator_node = None
        self.data = None
        self._rank = 0
        self.name = name
        self.requires_grad = variable._requires_grad
        d = variable._data
        if d is None:
            self.dtype = self.shape = None
        else:
            self.dtype, self.shape = d.dtype, d.shape

    @property
    def rank(self):
        """The position in the graph: 0 for a leaf, the creator's rank plus 1 otherwise."""
        return self._rank

    @property
    def _requires_grad(self):
        # Chainer's attribute name for ``requires_grad`` (Chainer code sets it directly)
        return self.requires_grad

    @_requires_grad.setter
    def _requires_grad(self, value):
        self.requires_grad = value

    @property
    def creator(self):
        """The function that created this node (its legacy ``Function`` if it has one)."""
        node = self.creator_node
        if node is None:
            return None
        return getattr(node, '_function', node)

    @creator.setter
    def creator(self, func):
        self.set_creator(func)

    def set_creator(self, creator):
        """Set the creator: a FunctionNode, or a legacy Function (its node is used)."""
        self.set_creator_node(getattr(creator, 'node', creator))

    def set_creator_node(self, fnode):
        """Make ``fnode`` this node's creator; the rank becomes ``fnode.rank + 1`` (None
        cuts the edge and keeps the rank)."""
        self.creator_node = fnode
        if fnode is not None:       # cutting the edge keeps the rank, as in Chainer
            self._rank = fnode.rank + 1

    @property
    def grad(self):
        """The variable's gradient array (``None`` if it has none or is gone)."""
        var = self._variable()
        return None if var is None else var.grad

    @property
    def grad_var(self):
        """The variable's gradient Variable (``None`` if it has none or is gone)."""
        var = self._variable()
        return None if var is None else var.grad_var

    @property
    def label(self):
        """A short description: shape and dtype (``'None'`` without data)."""
        if self.shape is None:
            return 'None'
        if self.shape == ():
            return str(self.dtype)
        return '({}), {}'.format(', '.join(map(str, self.shape)), self.dtype)

    def get_variable(self):
        """The Variable of this node; a new one over the retained data if it is gone."""
        var = self._variable()
        if var is not None:
            return var
        var = Variable._new(self.data, self.requires_grad)
        var._node = self
        var._name = self.name
        self._variable = weakref.ref(var)
        return var

    def get_variable_or_none(self):
        """The Variable of this node if it is still alive, else ``None``."""
        return self._variable()

    def retain_data(self):
        """Keep a reference to the variable's array for use in backward."""
        var = self._variable()
        if var is None:
            raise RuntimeError('cannot retain the data of a variable that is gone')
        self.data = var._data

    def unchain(self):
        """Cut the edge to the creator."""
        self.set_creator_node(None)

    def _update_data_info(self, d):
        if d is None:
            self.dtype = self.shape = None
        else:
            self.dtype, self.shape = d.dtype, d.shape
        if self.data is not None:   # a retained array follows the variable's
            self.data = d

    def __repr__(self):
        return '<VariableNode {} {}>'.format(self.name or '', self.label)


class Variable:
    """An array with a gradient and a place in the computational graph.

    Comparison operators and ``bool()`` raise, as in Chainer: compare ``x.array`` instead.

    Parameters
    ----------
    data : numpy.ndarray or cupy.ndarray, optional
        The initial array, of any shape (``None`` for an empty one).
    name : str, optional
        A name, shown in reprs and graphs.
    grad : numpy.ndarray or cupy.ndarray, optional
        The initial gradient, of the shape and dtype of ``data``.
    requires_grad : bool
        Whether gradients flow to this variable.

    Raises
    ------
    TypeError
        If ``data`` or ``grad`` is not an array, or ``grad`` has another dtype than ``data``.
    ValueError
        If ``grad`` has another shape than ``data``.
    """

    __slots__ = ('_data', '_node', '_grad_var', '_requires_grad', '_name', '_loss_scale',
                 '__weakref__', '__dict__')

    __array_priority__ = 200
    _has_chainerx_array = False     # kusari has no ChainerX (Chainer's attribute)
    # the device of the last to_device() while the array is still the one it sent (a device
    # class of the user's may hold arrays another device's type would claim)
    _sent_device = None

    def __init__(self, data=None, *, name=None, grad=None, requires_grad=True):
        _check_array(data)
        self._data = data
        self._requires_grad = requires_grad
        self._name = name
        self._loss_scale = None
        self._grad_var = None
        self._node = VariableNode(self, name)
        if grad is not None:
            self.grad = grad

    @classmethod
    def _init_unchecked(cls, data=None, name=None, grad=None, requires_grad=True,
                        is_chainerx_array=None, node=None):
        """Chainer's constructor without checks (``is_chainerx_array`` must be falsy)."""
        if is_chainerx_array:
            raise RuntimeError('ChainerX is not available in kusari')
        v = cls._new(data, requires_grad)
        v._name = name
        v._node = VariableNode(v, name) if node is None else node
        if grad is not None:
            v._grad_var = Variable._new(grad, True)
        return v

    @classmethod
    def _new(cls, data, requires_grad):
        """Construct without checks (for arrays the library just made)."""
        v = object.__new__(cls)
        v._data = data
        v._node = None
        v._requires_grad = requires_grad
        v._name = None
        v._loss_scale = None
        v._grad_var = None
        return v

    # -- pickling and copying: the node holds weak references and is never copied
    def __getstate__(self):
        state = dict(getattr(self, '__dict__', {}))
        state.update(_data=self._data, _grad_var=self._grad_var,
                     _requires_grad=self._requires_grad, _name=self._name)
        state.pop('_sent_device', None)     # a user's device object need not pickle
        return state

    def __setstate__(self, state):
        self._node = None
        self._loss_scale = None
        for k, v in state.items():
            setattr(self, k, v)

    # -- the graph
    @property
    def node(self):
        """The :class:`VariableNode` of this variable (made on first access)."""
        node = self._node
        if node is None:
            node = self._node = VariableNode(self, self._name)
        return node

    @property
    def creator_node(self):
        """The FunctionNode that created this variable, or ``None`` for a leaf."""
        node = self._node
        return None if node is None else node.creator_node

    @creator_node.setter
    def creator_node(self, fnode):
        self.node.set_creator_node(fnode)

    @property
    def creator(self):
        """The creator (a legacy Function where one made it), or ``None``."""
        node = self._node
        return None if node is None else node.creator

    @creator.setter
    def creator(self, func):
        self.node.set_creator(func)

    def set_creator(self, gen_func):
        """Set the creator: a FunctionNode, or a legacy Function (its node is used)."""
        self.node.set_creator(gen_func)

    def set_creator_node(self, fnode):
        """Make the FunctionNode ``fnode`` the creator of this variable."""
        self.node.set_creator_node(fnode)

    @property
    def rank(self):
        """The position in the graph: 0 for a leaf, the creator's rank plus 1 otherwise."""
        node = self._node
        return 0 if node is None else node._rank

    @property
    def requires_grad(self):
        """Whether gradients flow to this variable (read-only)."""
        return self._requires_grad

    @property
    def name(self):
        """The name (``None`` if unnamed), shown in reprs and graphs."""
        return self._name

    @name.setter
    def name(self, n):
        self._name = n
        if self._node is not None:
            self._node.name = n

    # -- data and gradient
    @property
    def array(self):
        """The underlying array."""
        return self._data

    @array.setter
    def array(self, d):
        _check_array(d)
        self._data = d
        if self._sent_device is not None:
            self._sent_device = None
        if self._node is not None:
            self._node._update_data_info(d)

    data = array

    @property
    def grad(self):
        """The gradient array (``None`` if there is none)."""
        gv = self._grad_var
        return None if gv is None else gv._data

    @grad.setter
    def grad(self, g):
        if g is None:
            self._grad_var = None
            return
        _check_grad(self, g)
        self._grad_var = Variable._new(g, True)

    @property
    def grad_var(self):
        """The gradient as a Variable (with its graph after double backprop)."""
        return self._grad_var

    @grad_var.setter
    def grad_var(self, g):
        if g is not None:
            _check_grad(self, g._data)
        self._grad_var = g

    def cleargrad(self):
        """Set the gradient to ``None`` (the cheap way to reset before a backward)."""
        self._grad_var = None

    def zerograd(self):
        """Fill the gradient with zeros, allocating it if needed (deprecated, as in Chainer:
        :meth:`cleargrad` is cheaper).

        An existing gradient is filled in place and cut from the graph that computed it (its
        values no longer come from there)."""
        warnings.warn('Variable.zerograd is deprecated. Use Variable.cleargrad instead.',
                      DeprecationWarning, stacklevel=2)
        if self._data is None:
            return
        gv = self._grad_var
        if gv is None:
            self.grad = backend.get_array_module(self._data).zeros_like(self._data)
        else:
            gv.unchain()
            gv._data.fill(0)

    def addgrad(self, var):
        """Add ``var``'s gradient to this variable's (copying across devices).

        The sum is a new gradient (the old array is not modified in place; a first gradient
        is a copy, never ``var``'s own array); an uninitialized parameter is initialized with
        ``var``'s shape first.

        Parameters
        ----------
        var : Variable
            The variable whose gradient is added, of this variable's shape.
        """
        src = var.grad_var
        if src is None:
            return
        if self._data is None:
            self.initialize(var.shape)
        dst = self._grad_var
        device = backend.get_device_from_array(self._data)
        if backend.get_device_from_array(src._data) != device:
            src = Variable._new(device.send(src._data), True)
        elif dst is None:
            src = Variable._new(src._data.copy(), True)
        self.grad_var = src if dst is None else src + dst

    def copydata(self, var):
        """Copy ``var``'s array into this variable's array in place.

        An uninitialized parameter on either side is first initialized with the other's
        shape (nothing happens when both are uninitialized).
        """
        src, dst = var.array, self._data
        if src is None:
            if dst is None:
                return
            var.initialize(self.shape)
            src = var.array
        elif dst is None:
            self.initialize(src.shape)
            dst = self._data
        backend.copyto(dst, src)

    @property
    def shape(self):
        """The shape of the data (a tuple of ints)."""
        return self._data.shape

    @property
    def ndim(self):
        """The number of dimensions of the data."""
        return self._data.ndim

    @property
    def size(self):
        """The number of elements of the data."""
        return self._data.size

    @property
    def dtype(self):
        """The dtype of the data."""
        return self._data.dtype

    @property
    def layout(self):
        """The memory layout of the data: always ``None`` (the standard one); kusari has no
        cuDNN channel-last layouts (Chainer's ``chainer.memory_layouts``)."""
        return None

    @property
    def xp(self):
        """The array module (numpy or cupy) of the data."""
        return backend.get_array_module(self._data)

    @property
    def device(self):
        """The :class:`kusari.backend.Device` the data lives on (the one given to the last
        :meth:`to_device`, unless the array was replaced since)."""
        if self._sent_device is not None:
            return self._sent_device
        return backend.get_device_from_array(self._data)

    @property
    def label(self):
        """A short description: shape and dtype."""
        if self._data is None:
            return 'None'
        if self._data.shape == ():
            return str(self._data.dtype)
        return '({}), {}'.format(', '.join(map(str, self._data.shape)), self._data.dtype)

    def item(self):
        """The single element of a size-1 variable as a Python scalar."""
        if self._data is None or self._data.size != 1:
            raise ValueError('can only convert a variable of size 1 to a Python scalar')
        return self._data.item()

    def __len__(self):
        if self._data is None or self._data.ndim == 0:
            raise TypeError('len() of a 0-d (or empty) variable')
        return len(self._data)

    def __repr__(self):
        return variable_repr(self)

    def __str__(self):
        return variable_str(self)

    def summary(self):
        """``'<variable NAME>'``, or ``'<variable at 0x...>'`` for an unnamed variable."""
        if self._name:
            return '<variable {}>'.format(self._name)
        return '<variable at 0x{:x}>'.format(id(self))

    def debug_print(self):
        """A multi-line description of the data and gradient, for debugging.

        Returns
        -------
        str
            :meth:`summary`, then the device, the array type, shape, dtype, the mean and
            standard deviation of the data, and those of the gradient (``0`` when it is all
            zeros, ``None`` when there is none).
        """
        def stats(a):
            xp = backend.get_array_module(a)
            return 'mean={:.8f}, std={:.8f}'.format(float(xp.mean(a)), float(xp.std(a)))

        data = self._data
        if data is None:
            device = array_type = statistics = shape = dtype = None
        else:
            # (NumPy 2 arrays have a .device too: 'cpu')
            device = 'CPU' if isinstance(data, numpy.ndarray) else data.device
            array_type = type(data)
            statistics = stats(data)
            shape, dtype = data.shape, data.dtype
        g = self.grad
        if g is None:
            grad = None
        elif not backend.get_array_module(g).any(g):
            grad = 0
        else:
            grad = stats(g)
        return ('{}\n- device: {}\n- backend: {}\n- shape: {}\n- dtype: {}\n'
                '- statistics: {}\n- grad: {}').format(
                    self.summary(), device, array_type, shape, dtype, statistics, grad)

    # -- comparisons raise (compare .array instead)
    def _no_compare(self, other):
        raise TypeError(
            'comparing Variables is not supported: compare their arrays (x.array) instead')

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _no_compare
    __hash__ = None     # unhashable, as in Chainer: key dicts by id(x)

    def __bool__(self):
        raise TypeError(
            'the truth value of a Variable is undefined: use bool(x.array) or x.item()')

    # -- devices
    def to_device(self, device):
        """Move the data and gradient to ``device`` in place.

        Parameters
        ----------
        device : Device, str or int
            A device specifier, as :func:`kusari.backend.get_device` accepts.

        Returns
        -------
        Variable
            This variable.
        """
        dev = backend.get_device(device)
        self._data = dev.send(self._data)
        self._sent_device = dev
        if self._grad_var is not None:
            self._grad_var._data = dev.send(self._grad_var._data)
        return self

    def to_cpu(self):
        """Move the data and gradient to the CPU in place.

        Returns
        -------
        Variable
            This variable.
        """
        return self.to_device(backend.CpuDevice())

    def to_gpu(self, device=None):
        """Move the data and gradient to a GPU in place.

        Parameters
        ----------
        device : int, optional
            The GPU id (0 by default).

        Returns
        -------
        Variable
            This variable.
        """
        return self.to_device(backend.GpuDevice(0 if device is None else device))

    # -- graph surgery and backprop
    def unchain(self):
        """Cut the edge to the creator: this variable becomes a leaf."""
        if self._node is not None:
            self._node.unchain()

    def unchain_backward(self):
        """Cut every edge of the graph behind this variable, freeing what it held."""
        node = self._node
        if node is None or node.creator_node is None:
            return
        stack = [node.creator_node]
        seen = {id(node.creator_node)}
        while stack:
            func = stack.pop()
            for x in func.inputs or ():
                c = x.creator_node
                if c is not None and id(c) not in seen:
                    seen.add(id(c))
                    stack.append(c)
            func.unchain()

    def retain_data(self):
        """Make the node keep a reference to the current array for use in backward."""
        self.node.data = self._data

    def backward(self, retain_grad=False, enable_double_backprop=False, loss_scale=None):
        """Accumulate the gradients of this variable into the leaves of its graph.

        A size-1 variable without a gradient starts from ones; a larger one needs ``grad``.

        Parameters
        ----------
        retain_grad : bool
            Keep the gradients of intermediate variables too.
        enable_double_backprop : bool
            Record the backward computation, so that the gradients can be differentiated
            again.
        loss_scale : float, optional
            Multiply the initial gradient by this (for float16 training); optimizers divide
            it out.

        Raises
        ------
        ValueError
            If this variable is not a leaf, has more than one element and has no ``grad``.
        """
        from kusari import _backprop
        gy = self._grad_var
        leaf = self.creator_node is None
        if gy is None:
            if self._data.size > 1:
                if leaf:
                    return
                raise ValueError(
                    'backward() of a variable with {} elements needs its gradient: set '
                    'y.grad first (only a size-1 output starts from ones)'.format(
                        self._data.size))
            if self._data.ndim != 0 and self._data.size == 1:
                warnings.warn(
                    'backward() treats a variable with one element as a scalar: that is '
                    'deprecated (as in Chainer); make the loss 0-dimensional, e.g. with '
                    'F.squeeze', DeprecationWarning, stacklevel=2)
            ones = backend.get_array_module(self._data).ones_like(self._data)
            if loss_scale is not None:
                ones *= self._data.dtype.type(loss_scale)
            gy = Variable._new(ones, True)
        if leaf:  # its gradient is the initial one
            self._grad_var = gy
            return
        self._grad_var = None       # an output's own gradient is kept only with retain_grad
        _backprop.backward([(self, gy)], retain_grad, enable_double_backprop, loss_scale)

    def mean(self, axis=None, *, weights=None, keepdims=False):
        """``F.average``: the (weighted) mean over ``axis``.

        Parameters
        ----------
        axis : None, int or tuple of ints
            Axes to average over (all when None).
        weights : Variable or array, optional
            Weights, as for :func:`kusari.functions.average`.
        keepdims : bool
            Keep the reduced axes with size 1.

        Returns
        -------
        Variable
            The average, dtype kept.
        """
        from kusari.functions.math.average import average
        return average(self, axis, weights, keepdims)

    def reshape(self, *shape):
        """``F.reshape`` with the shape given as a tuple or as separate ints.

        Parameters
        ----------
        *shape : int or tuple of ints
            The new shape, with at most one ``-1`` (inferred).

        Returns
        -------
        Variable
            Shape ``shape``, dtype kept.
        """
        from kusari.functions.array.reshape import reshape
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return reshape(self, tuple(shape))

    def transpose(self, *axes):
        """``F.transpose`` with axes as a tuple or separate ints (none: reverse).

        Parameters
        ----------
        *axes : int, tuple of ints or None
            A permutation of ``range(self.ndim)``; none (or ``None``) reverses the axes.

        Returns
        -------
        Variable
            Shape ``tuple(self.shape[a] for a in axes)``, dtype kept.
        """
        from kusari.functions.array.transpose import transpose
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return transpose(self, axes or None)

    @property
    def T(self):  # noqa: N802
        """The transpose (axes reversed): shape ``self.shape[::-1]``."""
        from kusari.functions.array.transpose import transpose
        return transpose(self)

    def __getitem__(self, slices):
        from kusari.functions.array.get_item import get_item
        return get_item(self, slices)


class Parameter(Variable):
    """A Variable that a Link owns and an optimizer updates.

    Parameters
    ----------
    initializer : callable, array, scalar or None
        An initializer (callable filling an array), an array (the data itself, of any
        shape), a scalar (a constant), or ``None`` (NaN).
    shape : int or tuple of ints, optional
        If given, the data is allocated now with this shape; otherwise the parameter stays
        uninitialized until :meth:`initialize`.
    name : str, optional
        The name.
    """

    def __init__(self, initializer=None, shape=None, name=None):
        from kusari import initializers
        from kusari.initializers import constant
        if initializer is None:
            initializer = constant.NaN()
        elif numpy.isscalar(initializer):
            initializer = constant.Constant(initializer)
        is_array = isinstance(initializer, numpy.ndarray) or backend._is_cupy_array(initializer)
        # what initialize() fills the gradient with: 'nan', 'zero' or None (no gradient)
        self._grad_initializer = None
        self._initial_device = None
        if shape is None:
            if is_array:
                super().__init__(initializer, name=name)
            else:
                super().__init__(name=name)
                self._grad_initializer = 'nan'
        else:
            xp = backend.get_array_module(initializer) if is_array else numpy
            if is_array:
                initializer = constant.Constant(initializer)
            data = initializers.generate_array(initializer, shape, xp)
            super().__init__(data, name=name, grad=xp.full_like(data, numpy.nan))
        self.initializer = initializer
        self.update_rule = None
        # copies made while uninitialized share the array made by initialize()
        self._share_group = None

    def __copy__(self):
        new = object.__new__(type(self))
        for slot in ('_data', '_node', '_grad_var', '_requires_grad', '_name', '_loss_scale'):
            setattr(new, slot, getattr(self, slot))
        new.__dict__.update(self.__dict__)
        new._node = VariableNode(new, self._name)
        # copies share the array slot, as in Chainer: initialize() on one of them (before or
        # after the first initialization) gives the new array to those still sharing it
        group = self._share_group
        if group is None:
            group = self._share_group = [weakref.ref(self)]
        new._share_group = group
        group.append(weakref.ref(new))
        return new

    def __getstate__(self):
        state = super().__getstate__()
        state['_share_group'] = None    # weak references: neither pickled nor deep-copied
        return state

    @property
    def grad(self):
        """The gradient array (``None`` if there is none).

        Raises
        ------
        RuntimeError
            If the parameter is uninitialized and its gradient will be made by
            :meth:`initialize` (call :meth:`cleargrad` first to read ``None``).
        """
        gv = self._grad_var
        if gv is None and self._data is None and self._grad_initializer is not None:
            raise RuntimeError('the gradient of an uninitialized parameter does not exist yet: '
                               'initialize it first (or call cleargrad())')
        return None if gv is None else gv._data

    @grad.setter
    def grad(self, g):
        Variable.grad.fset(self, g)

    @property
    def _grad(self):
        # Chainer's internal name for the raw gradient array
        gv = self._grad_var
        return None if gv is None else gv._data

    @property
    def is_initialized(self):
        """Whether the data has been allocated."""
        return self._data is not None

    @property
    def dtype(self):
        """The dtype of the data, or the one it will have (initializer's or config's)."""
        if self._data is not None:
            return self._data.dtype
        if not hasattr(self.initializer, 'dtype'):
            raise RuntimeError('the dtype of an uninitialized parameter is not known: its '
                               'initializer has no dtype attribute')
        dtype = self.initializer.dtype
        return numpy.dtype(dtype if dtype is not None else config.dtype)

    def initialize(self, shape):
        """Allocate the data of ``shape`` with the initializer.

        The data goes on the device given to :meth:`to_device` before (the CPU by default).
        The gradient is NaN, or zeros after :meth:`zerograd`, or ``None`` after
        :meth:`cleargrad` (both called while uninitialized), as in Chainer.

        Parameters
        ----------
        shape : int or tuple of ints
            The shape of the data (and of the gradient).
        """
        from kusari import initializers
        device = self._initial_device
        xp = numpy if device is None else device.xp
        data = initializers.generate_array(self.initializer, shape, xp, device=device)
        fill = self._grad_initializer
        for p in self._sharing():
            p.array = data
            p._sent_device = device     # made there (a user's device class may hold numpy)
            if fill is None:
                p.grad = None
            else:
                p.grad = xp.full_like(data, numpy.nan if fill == 'nan' else 0)

    def _sharing(self):
        """This parameter and its copies that still share its array (or its absence) on the
        same device."""
        group = self._share_group
        if group is None:
            return (self,)
        here = self._initial_device or backend.CpuDevice()
        members = [r() for r in group]
        return [self] + [p for p in members if p is not None and p is not self and
                         p._data is self._data and p._share_group is group and
                         (p._initial_device or backend.CpuDevice()) == here]

    def cleargrad(self):
        """Set the gradient to ``None``.

        While uninitialized, this makes :meth:`initialize` leave the gradient ``None``.
        """
        super().cleargrad()
        if self._data is None:
            self._grad_initializer = None

    def zerograd(self):
        """Fill the gradient with zeros.

        While uninitialized, this makes :meth:`initialize` fill the gradient with zeros.
        """
        super().zerograd()
        if self._data is None:
            self._grad_initializer = 'zero'

    @property
    def device(self):
        """The :class:`kusari.backend.Device` the data lives on; for an uninitialized
        parameter, the device it will be initialized on (the last :meth:`to_device`'s)."""
        if self._data is None:
            return self._initial_device or backend.CpuDevice()
        return super().device

    def to_device(self, device):
        """Move the data and gradient to ``device``.

        An uninitialized parameter is initialized there later.

        Parameters
        ----------
        device : Device, str or int
            A device specifier, as :func:`kusari.backend.get_device` accepts.

        Returns
        -------
        Parameter
            This parameter.
        """
        device = backend.get_device(device)
        if self._data is None and self._share_group is not None and \
                (self._initial_device or backend.CpuDevice()) != device:
            self._share_group = None            # another device: no longer shared
        self._initial_device = device
        return super().to_device(device)

    def update(self):
        """Update the data with the update rule (no-op without one)."""
        if self.update_rule is not None:
            self.update_rule.update(self)


def as_variable(obj):
    """Return ``obj`` if it is a Variable, else a Variable over it with ``requires_grad=False``.

    Parameters
    ----------
    obj : Variable or array
        The object, of any shape.

    Returns
    -------
    Variable
        ``obj`` itself, or a new Variable over the array ``obj`` (same shape and dtype).
    """
    if isinstance(obj, Variable):
        return obj
    return Variable(obj, requires_grad=False)


def as_array(obj):
    """Return the array of a Variable, or ``obj`` itself if it is an array.

    Parameters
    ----------
    obj : Variable or array
        The object, of any shape.

    Returns
    -------
    array
        The array, of the shape and dtype of ``obj``.
    """
    if isinstance(obj, Variable):
        return obj._data
    return obj
