"""Sequential: a ChainList that applies its layers (links or callables) in order."""
from kusari.link import ChainList, Link


class Sequential(ChainList):
    """Apply ``layers`` one after another: ``Sequential(L.Linear(3), F.relu, L.Linear(2))``.

    Layers may be links (registered as children, so their parameters are found) or any
    callables such as ``F.relu``. A layer returning a tuple passes it on as positional
    arguments.
    """

    def __init__(self, *layers):
        super().__init__()
        self._layers = []
        for layer in layers:
            self.append(layer)

    def _sync(self):
        self._children = [layer for layer in self._layers if isinstance(layer, Link)]
        for i, c in enumerate(self._children):
            c.name = str(i)

    def __len__(self):
        return len(self._layers)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Sequential(*self._layers[i])
        return self._layers[i]

    def __iter__(self):
        return iter(self._layers)

    def __setitem__(self, i, layer):
        if not callable(layer):
            raise ValueError('a layer of Sequential must be callable, got {!r}'.format(layer))
        self._layers[i] = layer
        self._sync()

    def __delitem__(self, i):
        del self._layers[i]
        self._sync()

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise TypeError('can only add a Sequential to a Sequential')
        return Sequential(*(self._layers + other._layers))

    def append(self, layer):
        """Add ``layer`` (a link or a callable) at the end."""
        self.insert(len(self._layers), layer)

    def insert(self, i, layer):
        """Insert ``layer`` at position ``i``."""
        if not callable(layer):
            raise ValueError('a layer of Sequential must be callable, got {!r}'.format(layer))
        self._layers.insert(i, layer)
        self._sync()

    def extend(self, layers):
        for layer in layers:
            self.append(layer)

    def pop(self, i=-1):
        layer = self._layers.pop(i)
        self._sync()
        return layer

    def remove(self, layer):
        self._layers.remove(layer)
        self._sync()

    def clear(self):
        self._layers = []
        self._sync()

    def index(self, layer):
        return self._layers.index(layer)

    def count(self, layer):
        return self._layers.count(layer)

    def count_by_layer_type(self, type_name):
        """The number of layers whose class name is ``type_name``."""
        return sum(1 for layer in self._layers if type(layer).__name__ == type_name)

    def remove_by_layer_type(self, type_name):
        """Remove every layer whose class name is ``type_name``."""
        self._layers = [layer for layer in self._layers if type(layer).__name__ != type_name]
        self._sync()

    def flatten(self):
        """A Sequential with nested Sequentials expanded in place."""
        out = []
        for layer in self._layers:
            out.extend(layer.flatten()._layers if isinstance(layer, Sequential) else [layer])
        return Sequential(*out)

    def forward(self, *x):
        """Apply the layers in order.

        Parameters
        ----------
        *x : Variables or arrays
            The inputs of the first layer.

        Returns
        -------
        The output of the last layer.
        """
        if not self._layers:
            raise RuntimeError('Sequential has no layers')
        for layer in self._layers:
            x = layer(*x) if isinstance(x, tuple) else layer(x)
        return x

    def copy(self, mode='share'):
        ret = super().copy(mode)
        if mode == 'share':
            it = iter(ret._children)
            ret._layers = [next(it) if isinstance(layer, Link) else layer
                           for layer in self._layers]
        else:
            kids = iter(ret._children)
            ret._layers = [next(kids) if isinstance(layer, Link) else layer
                           for layer in ret._layers]
        return ret

    def __repr__(self):
        lines = ['Sequential(']
        for i, layer in enumerate(self._layers):
            name = repr(layer) if isinstance(layer, Link) else getattr(
                layer, '__name__', repr(layer))
            lines.append('  ({}): {}'.format(i, name.replace('\n', '\n  ')))
        lines.append(')')
        return '\n'.join(lines)
