"""ParallelUpdater: data parallelism over several devices within one process."""
import copy

from kusari import backend
from kusari.dataset import convert
from kusari.function import force_backprop_mode
from kusari.training.updaters.standard_updater import StandardUpdater


class ParallelUpdater(StandardUpdater):
    """Split each minibatch across several copies of the model, one per device, and update
    the main copy with the sum of their gradients (synchronous data-parallel SGD).

    Each update takes a batch from the ``'main'`` iterator, gives the copy number ``i`` of
    ``n`` the examples ``batch[i::n]`` (converted onto its device), runs every copy's
    forward, then every backward, adds the other copies' gradients into the main model,
    updates it with the ``'main'`` optimizer and copies its parameters (and persistent
    values) back into the other copies. As in Chainer the copies run one after the other:
    on GPUs their kernels overlap because CUDA runs them asynchronously; on CPU devices
    (``'@numpy'`` or ``-1``, allowed any number of times) there is no speed-up, but the
    result is the same as on GPUs. Since the gradients are summed over ``n`` half-batch
    losses, the step equals one on the whole batch with the loss multiplied by ``n``
    (for mean losses of equal-sized parts).

    Parameters
    ----------
    iterator : Iterator or dict of Iterator
        The data; a dict needs a ``'main'`` entry.
    optimizer : Optimizer or dict of Optimizer
        The optimizer of the main model (``'main'`` in a dict).
    converter : callable
        Turns a part of a batch into arrays on a device
        (:func:`kusari.dataset.concat_examples` by default).
    models : dict of Link, optional
        The copies by name; ``'main'`` must be the optimizer's target. Without it, the
        copies are deep copies of the target, one per entry of ``devices``.
    devices : dict
        The device of each copy by name (``'main'`` included): Device, int or str.
    loss_func : callable, optional
        Called on each copy's arrays instead of the copy itself.
    loss_scale : float, optional
        Loss scaling factor for float16 training.
    auto_new_epoch : bool
        Call ``optimizer.new_epoch(auto=True)`` at the end of each epoch.

    Raises
    ------
    ValueError
        If neither ``models`` nor ``devices`` is given.
    KeyError
        If ``devices`` (or ``models``) has no ``'main'`` entry, or their names differ.
    """

    def __init__(self, iterator, optimizer, converter=convert.concat_examples, models=None,
                 devices=None, loss_func=None, loss_scale=None, auto_new_epoch=True):
        super().__init__(iterator=iterator, optimizer=optimizer, converter=converter,
                         loss_func=loss_func, loss_scale=loss_scale,
                         auto_new_epoch=auto_new_epoch)
        if models is None and devices is None:
            raise ValueError('ParallelUpdater: either models or devices must be given')
        if devices is None:
            raise ValueError('ParallelUpdater: devices must be given (the device of each '
                             'model, by the names of models)')
        if 'main' not in devices:
            raise KeyError("ParallelUpdater: devices must contain a 'main' key, got "
                           '{}'.format(sorted(devices)))
        devices = {name: backend.get_device(d) for name, d in devices.items()}
        target = self.get_optimizer('main').target
        if models is None:
            models = {'main': target}
            for name in devices:
                if name != 'main':
                    models[name] = copy.deepcopy(target).to_device(devices[name])
            target.to_device(devices['main'])
        else:
            if set(models) != set(devices):
                raise KeyError('ParallelUpdater: models and devices must have the same names, '
                               'got {} and {}'.format(sorted(models), sorted(devices)))
            if models.get('main') is not target:
                raise ValueError("ParallelUpdater: models['main'] must be the target of the "
                                 "'main' optimizer")
        self._devices = devices
        self._models = models

    def connect_trainer(self, trainer):
        """Let the trainer's reporter observe the copies other than the main model."""
        main = self.get_optimizer('main').target
        for name, model in self._models.items():
            if model is not main:
                trainer.reporter.add_observer(name, model)

    def update_core(self):
        """One data-parallel step (see the class docstring)."""
        optimizer = self.get_optimizer('main')
        main = optimizer.target
        iterator = self.get_iterator('main')
        batch = iterator.next()
        n = len(self._models)
        inputs = {name: convert._call_converter(self.converter, batch[i::n],
                                                self._devices[name])
                  for i, name in enumerate(self._models)}
        losses = []
        for name, model in self._models.items():
            model.cleargrads()
            in_arrays = inputs[name]
            loss_func = self.loss_func or model
            with force_backprop_mode(), backend.using_device(self._devices[name]):
                if isinstance(in_arrays, tuple):
                    loss = loss_func(*in_arrays)
                elif isinstance(in_arrays, dict):
                    loss = loss_func(**in_arrays)
                else:
                    loss = loss_func(in_arrays)
            losses.append(loss)
        for model in self._models.values():
            model.cleargrads()
        for loss in losses:
            loss.backward(loss_scale=self.loss_scale)
        others = [m for m in self._models.values() if m is not main]
        for model in others:
            main.addgrads(model)
        optimizer.update()
        for model in others:
            model.copyparams(main)
        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)
