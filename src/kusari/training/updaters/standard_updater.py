"""StandardUpdater: one minibatch, one optimizer step."""
from kusari import backend
from kusari.dataset import convert
from kusari.dataset.iterator import Iterator
from kusari.training.updater import Updater


class StandardUpdater(Updater):
    """Each update reads a batch from the ``'main'`` iterator, converts it, and calls
    ``optimizer.update(loss_func, *arrays)``.

    Parameters
    ----------
    iterator : Iterator or dict of Iterator
        The data; a dict needs a ``'main'`` entry.
    optimizer : Optimizer or dict of Optimizer
        The optimizer (``'main'`` in a dict); its target is the default loss function.
    converter : callable
        Turns a batch into arrays (:func:`kusari.dataset.concat_examples` by default).
    device : None, int, str or Device
        Where the model and the batches go; the model is moved there at construction.
    loss_func : callable, optional
        Called with the converted arrays (positional for a tuple, keywords for a dict)
        instead of the optimizer's target.
    loss_scale : float, optional
        Loss scaling factor for float16 training (given to the optimizers).
    auto_new_epoch : bool
        Call ``optimizer.new_epoch(auto=True)`` at the end of each epoch.
    input_device : None, int, str or Device
        Where the batches go if different from ``device`` (keyword only).
    """

    def __init__(self, iterator, optimizer, converter=convert.concat_examples, device=None,
                 loss_func=None, loss_scale=None, auto_new_epoch=True, **kwargs):
        input_device = kwargs.pop('input_device', None)
        if kwargs:
            raise TypeError('StandardUpdater() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        if device is not None:
            device = backend.get_device(device)
        input_device = device if input_device is None else backend.get_device(input_device)
        if isinstance(iterator, Iterator) or not isinstance(iterator, dict):
            iterator = {'main': iterator}
        if not isinstance(optimizer, dict):
            optimizer = {'main': optimizer}
        self._iterators = iterator
        self._optimizers = optimizer
        if device is not None:
            for opt in optimizer.values():
                opt.target.to_device(device)
        self.converter = converter
        self.loss_func = loss_func
        self.iteration = 0
        self._device = device
        self._input_device = input_device
        self.loss_scale = loss_scale
        if loss_scale is not None:
            for opt in optimizer.values():
                opt.set_loss_scale(loss_scale)
        self.auto_new_epoch = auto_new_epoch
        if auto_new_epoch:
            for opt in optimizer.values():
                opt.use_auto_new_epoch = True

    @property
    def device(self):
        """The device of the model (None: left where it is)."""
        return self._device

    @property
    def input_device(self):
        """The device the batches are sent to."""
        return self._input_device

    @property
    def epoch(self):
        return self._iterators['main'].epoch

    @property
    def epoch_detail(self):
        return self._iterators['main'].epoch_detail

    @property
    def previous_epoch_detail(self):
        return self._iterators['main'].previous_epoch_detail

    @property
    def is_new_epoch(self):
        return self._iterators['main'].is_new_epoch

    def finalize(self):
        """Finalize the iterators."""
        for it in self._iterators.values():
            it.finalize()

    def get_optimizer(self, name):
        return self._optimizers[name]

    def get_all_optimizers(self):
        return dict(self._optimizers)

    def get_iterator(self, name):
        return self._iterators[name]

    def update(self):
        """Run one iteration and count it."""
        self.update_core()
        self.iteration += 1

    def update_core(self):
        """Read a batch, convert it, and update the ``'main'`` optimizer with it."""
        iterator = self._iterators['main']
        batch = iterator.next()
        in_arrays = convert._call_converter(self.converter, batch, self._input_device)
        optimizer = self._optimizers['main']
        loss_func = self.loss_func or optimizer.target
        if isinstance(in_arrays, tuple):
            optimizer.update(loss_func, *in_arrays)
        elif isinstance(in_arrays, dict):
            optimizer.update(loss_func, **in_arrays)
        else:
            optimizer.update(loss_func, in_arrays)
        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)

    def serialize(self, serializer):
        """Save or load the iterators, optimizers, models and the iteration count."""
        for name, it in self._iterators.items():
            it.serialize(serializer['iterator:' + name])
        for name, opt in self._optimizers.items():
            opt.serialize(serializer['optimizer:' + name])
            opt.target.serialize(serializer['model:' + name])
        value = serializer('iteration', self.iteration)
        if value is not None:     # (a serializer that only records the call returns None)
            self.iteration = int(value)
