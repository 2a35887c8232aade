"""Sequential: a ChainList that applies its layers (links or callables) in order."""
import copy as _copy
import inspect
import operator

from kusari.link import ChainList, Link, _str_with_items


def _layer_name(layer):
    # a link's class name, a function's name (what count/remove_by_layer_type match)
    if isinstance(layer, Link):
        return type(layer).__name__
    return getattr(layer, '__name__', type(layer).__name__)


def _is_lambda(layer):
    return getattr(layer, '__name__', None) == '<lambda>'


def _check_callable(layer):
    if not callable(layer):
        raise ValueError('a layer of Sequential must be callable (a link or a function), '
                         'got {!r}'.format(layer))


class Sequential(ChainList):
    """Apply ``layers`` one after another: ``Sequential(L.Linear(3), F.relu, L.Linear(2))``.

    Layers may be links (registered as children, so their parameters are found) or any
    callables such as ``F.relu``. A layer returning a tuple passes it on as positional
    arguments. A Sequential is a mutable sequence of its layers (indexing, slicing gives a
    list, assignment, ``del``, ``insert``, ``append``, ``extend``, ``+``, ``+=``, ``pop``,
    ``remove``, ``index``, ``count``); the links among them are its children, named by their
    position among the links.

    A Sequential with a lambda among its layers cannot be pickled (``ValueError``): use a
    named function or :func:`functools.partial`.

    Parameters
    ----------
    *layers : Link or callable
        The layers, in order.

    Raises
    ------
    ValueError
        If a layer is not callable.
    """

    def __init__(self, *layers):
        super().__init__()
        self._layers = []
        for layer in layers:
            self.append(layer)

    def _sync(self):
        # the children are the links among the layers, in order
        self._children = [layer for layer in self._layers if isinstance(layer, Link)]
        self._rename()

    # -- the sequence of layers
    def __len__(self):
        return len(self._layers)

    def __getitem__(self, i):
        return self._layers[i]

    def __iter__(self):
        return iter(self._layers)

    def __reversed__(self):
        return reversed(self._layers)

    def __contains__(self, layer):
        return layer in self._layers

    def __setitem__(self, i, layer):
        if isinstance(i, slice):
            layer = list(layer)
            for item in layer:
                _check_callable(item)
        else:
            i = operator.index(i)
            if not -len(self._layers) <= i < len(self._layers):
                raise IndexError('Sequential index {} out of range (it has {} layers)'.format(
                    i, len(self._layers)))
            _check_callable(layer)
        self._layers[i] = layer
        self._sync()

    def __delitem__(self, i):
        del self._layers[i]
        self._sync()

    def insert(self, i, layer):
        """Insert ``layer`` before position ``i`` (``-len(self) <= i <= len(self)``).

        Raises
        ------
        IndexError
            If ``i`` is out of that range.
        ValueError
            If ``layer`` is not callable.
        """
        n = len(self._layers)
        if not -n <= i <= n:
            raise IndexError('Index out of range: {} (Sequential.insert takes -{} to {})'.format(
                i, n, n))
        _check_callable(layer)
        self._layers.insert(i, layer)
        self._sync()

    def append(self, layer):
        """Add ``layer`` (a link or a callable) at the end."""
        _check_callable(layer)
        self._layers.append(layer)
        if isinstance(layer, Link):
            layer.name = str(len(self._children))
            self._children.append(layer)

    def extend(self, layers):
        """Append every layer of ``layers`` (a Sequential or any iterable of layers)."""
        for layer in list(layers):
            self.append(layer)

    def pop(self, i=-1):
        """Remove and return the layer at ``i`` (the last by default)."""
        layer = self._layers.pop(i)
        self._sync()
        return layer

    def remove(self, layer):
        """Remove the first occurrence of ``layer``.

        Raises
        ------
        ValueError
            If ``layer`` is not a layer of this Sequential.
        """
        if layer not in self._layers:
            raise ValueError('There is no layer object that is same as {}'.format(layer))
        self._layers.remove(layer)
        self._sync()

    def clear(self):
        """Remove every layer."""
        self._layers = []
        self._sync()

    def index(self, layer, *args):
        """The position of ``layer`` (``list.index`` semantics, with optional start, end)."""
        return self._layers.index(layer, *args)

    def count(self, layer):
        """The number of occurrences of ``layer``."""
        return self._layers.count(layer)

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError('add (+) operator supports only objects of Sequential class, '
                             'but {} is given.'.format(type(other)))
        ret = Sequential()
        ret.extend(self._layers)
        ret.extend(other._layers)
        return ret

    def __iadd__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError('add (+) operator supports only objects of Sequential class, '
                             'but {} is given.'.format(type(other)))
        self.extend(other._layers)
        return self

    def count_by_layer_type(self, type_name):
        """The number of layers named ``type_name``: a link's class name (``'Linear'``) or a
        function's name (``'relu'``)."""
        return sum(1 for layer in self._layers if _layer_name(layer) == type_name)

    def remove_by_layer_type(self, type_name):
        """Remove every layer named ``type_name`` (see :meth:`count_by_layer_type`)."""
        self._layers = [layer for layer in self._layers if _layer_name(layer) != type_name]
        self._sync()

    def flatten(self):
        """A Sequential with nested Sequentials expanded in place (the same layer objects)."""
        ret = Sequential()
        for layer in self._layers:
            if isinstance(layer, Sequential):
                ret.extend(layer.flatten())
            else:
                ret.append(layer)
        return ret

    def forward(self, *x):
        """Apply the layers in order.

        Parameters
        ----------
        *x : Variables or arrays
            The inputs of the first layer.

        Returns
        -------
        The output of the last layer.

        Raises
        ------
        RuntimeError
            If there is no layer.
        """
        if not self._layers:
            raise RuntimeError('Sequential does not have any layer.')
        for layer in self._layers:
            x = layer(*x) if isinstance(x, tuple) else layer(x)
        return x

    # -- copies and pickling
    def copy(self, mode='share'):
        ret = super().copy(mode)
        if mode == 'share':
            # ChainList.copy copied the links; the other layers are copied shallowly
            links = iter(ret._children)
            ret._layers = [next(links) if isinstance(layer, Link) else _copy.copy(layer)
                           for layer in self._layers]
        return ret

    def copyparams(self, link, copy_persistent=True):
        """Copy parameter values from the Sequential ``link`` of the same structure.

        Raises
        ------
        ValueError
            If ``link`` is not a Sequential.
        """
        if not isinstance(link, Sequential):
            raise ValueError('Objects other than Sequential object cannot be copied to a '
                             'Sequential object.')
        super().copyparams(link, copy_persistent)

    def __copy__(self):
        ret = object.__new__(type(self))
        ret.__dict__.update(self.__dict__)
        return ret

    def __deepcopy__(self, memo):
        # lambdas are kept as they are (functions are not copied); only pickling refuses them
        ret = object.__new__(type(self))
        memo[id(self)] = ret
        for key, value in self.__dict__.items():
            ret.__dict__[key] = _copy.deepcopy(value, memo)
        return ret

    def __reduce_ex__(self, protocol):
        for i, layer in enumerate(self._layers):
            if _is_lambda(layer):
                raise ValueError(
                    'This Sequential has a lambda function as its layer {}, and lambda '
                    'functions cannot be pickled: use a named function or functools.partial '
                    'instead.'.format(i))
        return super().__reduce_ex__(protocol)

    def __str__(self):
        items = []
        for i, layer in enumerate(self._layers):
            text = None
            if _is_lambda(layer):
                try:
                    text = inspect.getsource(layer).strip().rstrip(',')
                except (OSError, TypeError):
                    text = None
            items.append((i, str(layer) if text is None else text))
        return _str_with_items(type(self).__name__, items)
