"""MultiprocessParallelUpdater: data parallelism with one process per device.

Chainer runs it on GPUs only, one process per GPU, with NCCL summing the gradients. kusari
runs it on CPU devices: one process per entry of ``devices`` (all ``'@numpy'`` / ``-1``),
each with its own iterator and its own copy of the model, the gradients summed into the
main process through pipes. The GPU form (NCCL between CUDA processes) is not implemented:
GPU devices raise a RuntimeError that names the alternatives.
"""
import multiprocessing
import traceback
import warnings
import weakref

import numpy

from kusari import backend, reporter
from kusari.dataset import convert
from kusari.training.updaters.standard_updater import StandardUpdater


def _calc_loss(model, in_arrays):
    if isinstance(in_arrays, tuple):
        return model(*in_arrays)
    if isinstance(in_arrays, dict):
        return model(**in_arrays)
    return model(in_arrays)


def _sized_params(link):
    return [p for _, p in sorted(link.namedparams()) if p.size != 0]


def size_num_grads(link):
    """The total size and the number of the non-empty parameters of ``link``.

    Parameters
    ----------
    link : Link

    Returns
    -------
    tuple of int
        ``(total number of elements, number of parameters)``.
    """
    params = _sized_params(link)
    return sum(p.size for p in params), len(params)


def _grads(link):
    """The gradient arrays of ``link``'s parameters in path order (None where absent)."""
    return [p.grad for p in _sized_params(link)]


def _add_grads(link, grads):
    for p, g in zip(_sized_params(link), grads):
        if g is None:
            continue
        if p.grad is None:
            p.grad = g.copy()
        else:
            p.grad += g


def _params(link):
    return [p.array for p in _sized_params(link)]


def _set_params(link, arrays):
    for p, a in zip(_sized_params(link), arrays):
        p.array[...] = a


class _Worker(multiprocessing.Process):
    """One subordinate process: on each ``'update'`` message it takes the parameters sent
    along (when there are any), computes the gradient of its model on its own iterator's
    next batch and sends the gradients back."""

    def __init__(self, proc_id, pipe, master, main_end=None):
        # not a daemon: a daemon may not start processes (a MultiprocessIterator does)
        super().__init__()
        self.proc_id = proc_id
        self.pipe = pipe
        self.converter = master.converter
        self.model = master._master
        self.device = master._devices[proc_id]
        self.iterator = master._mpu_iterators[proc_id]
        self.main_end = main_end

    def run(self):
        if self.main_end is not None:
            # a forked child holds a copy of the main process's end: without closing it,
            # the pipe never reports EOF here when the main process dies
            self.main_end.close()
        observer = reporter.Reporter()
        observer.add_observer('main', self.model)
        observer.add_observers('main', self.model.namedlinks(skipself=True))
        while True:
            try:
                job, data = self.pipe.recv()
            except (EOFError, OSError):    # the main process is gone
                break
            if job == 'finalize':
                break
            if job == 'update':
                try:
                    self.pipe.send(self._gradients(observer, data))
                except BaseException as e:   # reported to the main process, which raises
                    self.pipe.send(_WorkerError('{}: {}'.format(type(e).__name__, e),
                                                traceback.format_exc()))
                    break
        # this process's iterator may run its own worker processes (MultiprocessIterator)
        if hasattr(self.iterator, 'finalize'):
            self.iterator.finalize()

    def _gradients(self, observer, params):
        if params is not None:
            _set_params(self.model, params)
        self.model.cleargrads()
        batch = convert._call_converter(self.converter, self.iterator.next(), self.device)
        with observer.scope({}):   # the subordinate copies' reports are dropped
            loss = _calc_loss(self.model, batch)
        self.model.cleargrads()
        loss.backward()
        del loss
        return _grads(self.model)


class _WorkerError:
    def __init__(self, message, trace):
        self.message = message
        self.trace = trace


class MultiprocessParallelUpdater(StandardUpdater):
    """Synchronous data-parallel training with one process per device.

    The main process and ``len(devices) - 1`` subordinate processes each read a batch from
    their own iterator and compute the gradient of their own copy of the model; the
    gradients are summed into the main model, which the ``'main'`` optimizer updates, and
    the new parameters go back to the subordinates with the next step. Reports made in the
    subordinates are dropped (only the main process's reach the trainer). Because the
    gradients are summed rather than averaged, the optimizer's hyperparameter is adjusted
    as Chainer does, with a warning: ``eps`` multiplied by the number of devices for Adam,
    AdaGrad and RMSprop, by its square for RMSpropGraves and AdaDelta, otherwise ``lr``
    divided by it.

    kusari runs it on CPU devices (``'@numpy'`` or ``-1``, repeated): on a machine with
    several cores the processes compute in parallel. The processes start at the first
    update (with the default start method of :mod:`multiprocessing`; under ``spawn`` the
    model, iterators and converter must be picklable) and stop in :meth:`finalize`, which
    the trainer calls at the end.

    Parameters
    ----------
    iterators : list of Iterator
        One per device, over datasets of equal length (e.g. from
        :func:`kusari.datasets.split_dataset_n_random`); the first is the main iterator.
    optimizer : Optimizer
        The optimizer of the model (its target).
    converter : callable
        Turns a batch into arrays (:func:`kusari.dataset.concat_examples` by default).
    devices : list, tuple or dict
        The devices, one per iterator; in a dict the ``'main'`` entry comes first.
    auto_new_epoch : bool
        Call ``optimizer.new_epoch(auto=True)`` at the end of each epoch.

    Raises
    ------
    ValueError
        If ``devices`` is missing or of another type, contains None, or its length differs
        from that of ``iterators``, or the datasets differ in length.
    RuntimeError
        If a device is a GPU (kusari implements the CPU form only).
    """

    def __init__(self, iterators, optimizer, converter=convert.concat_examples, devices=None,
                 auto_new_epoch=True):
        if isinstance(devices, dict):
            devices = dict(devices)
            if 'main' not in devices:
                raise ValueError("MultiprocessParallelUpdater: a devices dict needs a 'main' "
                                 'entry, got {}'.format(sorted(devices)))
            main = devices.pop('main')
            devices = [main] + list(devices.values())
        elif isinstance(devices, (list, tuple)):
            devices = list(devices)
        else:
            raise ValueError('MultiprocessParallelUpdater: devices must be a dict, a list or '
                             'a tuple, got {}'.format(type(devices).__name__))
        if any(d is None for d in devices):
            raise ValueError('MultiprocessParallelUpdater: every device must be given, got '
                             '{}'.format(devices))
        if len(iterators) != len(devices):
            raise ValueError('MultiprocessParallelUpdater: one iterator per device is '
                             'needed, got {} iterators and {} devices'.format(
                                 len(iterators), len(devices)))
        lengths = {len(it.dataset) for it in iterators if hasattr(it, 'dataset')}
        if len(lengths) > 1:
            raise ValueError('MultiprocessParallelUpdater: the datasets of the iterators '
                             'must have one length, got {}'.format(sorted(lengths)))
        devices = [backend.get_device(d) for d in devices]
        for d in devices:
            if d.xp is not numpy:
                raise RuntimeError(
                    'MultiprocessParallelUpdater: kusari runs it on CPU devices only, got {}. '
                    'Use ParallelUpdater for several GPUs in one process, or ChainerMN '
                    '(kusari.chainermn) for one process per GPU.'.format(d))
        n = len(devices)
        name = type(optimizer).__name__
        if name in ('Adam', 'AdaGrad', 'RMSprop'):
            optimizer.eps *= n
            warnings.warn('optimizer.eps is changed to {} by MultiprocessParallelUpdater for '
                          'the new batch size.'.format(optimizer.eps))
        elif name in ('RMSpropGraves', 'AdaDelta'):
            optimizer.eps *= n ** 2
            warnings.warn('optimizer.eps is changed to {} by MultiprocessParallelUpdater for '
                          'the new batch size.'.format(optimizer.eps))
        elif hasattr(optimizer, 'lr'):
            optimizer.lr /= n
            warnings.warn('optimizer.lr is changed to {} by MultiprocessParallelUpdater for '
                          'the new batch size.'.format(optimizer.lr))
        super().__init__(iterator=iterators[0], optimizer=optimizer, converter=converter,
                         auto_new_epoch=auto_new_epoch)
        self._master = optimizer.target
        self._devices = devices
        self._mpu_iterators = iterators
        self._initialized = False
        self._pipes = []
        self._workers = []
        self._stopper = None
        self._params_changed = False

    @staticmethod
    def available():
        """Whether this updater can run here: always True (CPU devices need nothing else).

        Returns
        -------
        bool
        """
        return True

    def setup_workers(self):
        """Start the subordinate processes (once; called by the first update)."""
        if self._initialized:
            return
        self._initialized = True
        self._master.cleargrads()
        for i in range(1, len(self._devices)):
            pipe, worker_end = multiprocessing.Pipe()
            worker = _Worker(i, worker_end, self, main_end=pipe)
            worker.start()
            worker_end.close()      # the worker holds its end: EOF reaches it if we go
            self._workers.append(worker)
            self._pipes.append(pipe)
        # stop them when this updater is collected or the interpreter exits without
        # finalize() (multiprocessing would wait for them forever at exit)
        self._stopper = weakref.finalize(self, _stop_workers, self._pipes, self._workers)

    def update_core(self):
        """One step: all processes compute gradients, the main one sums and updates."""
        self.setup_workers()
        params = _params(self._master) if self._params_changed else None
        for pipe in self._pipes:
            pipe.send(('update', params))
        optimizer = self.get_optimizer('main')
        iterator = self.get_iterator('main')
        self._master.cleargrads()
        batch = convert._call_converter(self.converter, iterator.next(), self._devices[0])
        loss = _calc_loss(self._master, batch)
        self._master.cleargrads()
        loss.backward()
        del loss
        for i in range(len(self._pipes)):
            _add_grads(self._master, self._receive(i))
        optimizer.update()
        self._params_changed = True
        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)

    def _receive(self, i):
        pipe, worker = self._pipes[i], self._workers[i]
        while not pipe.poll(0.5):
            if not worker.is_alive():
                raise self._ended(i)
        try:
            result = pipe.recv()
        except EOFError:   # the process closed its end of the pipe: it has ended
            raise self._ended(i) from None
        if isinstance(result, _WorkerError):
            raise RuntimeError('MultiprocessParallelUpdater: the process of device {} failed: '
                               '{}\n{}'.format(i + 1, result.message, result.trace))
        return result

    def _ended(self, i):
        worker = self._workers[i]
        worker.join(timeout=10)
        return RuntimeError('MultiprocessParallelUpdater: the process of device {} ended '
                            '(exit code {})'.format(i + 1, worker.exitcode))

    def finalize(self):
        """Stop the subordinate processes, then finalize the iterators."""
        if self._stopper is not None:
            self._stopper()
            self._stopper = None
        self._pipes, self._workers = [], []
        self._initialized = False
        super().finalize()


def _stop_workers(pipes, workers):
    for pipe, worker in zip(pipes, workers):
        if worker.is_alive():
            try:
                pipe.send(('finalize', None))
            except OSError:
                pass
    for worker in workers:
        worker.join(timeout=10)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    for pipe in pipes:
        pipe.close()


def _gpu_only(link, what):
    if link.xp is numpy:
        raise RuntimeError('{} works only on GPU: the link is on the CPU'.format(what))


def _gather(link, target):
    import cupy
    arrays = []
    for p in _sized_params(link):
        a = getattr(p, target)
        arrays.append(cupy.zeros(p.size, cupy.float32) if a is None
                      else a.ravel().astype(cupy.float32))
    return cupy.concatenate(arrays) if arrays else cupy.zeros(0, cupy.float32)


def _scatter(link, array, target):
    import cupy
    offset = 0
    for p in _sized_params(link):
        part = array[offset:offset + p.size].reshape(p.shape).astype(p.dtype)
        offset += p.size
        current = getattr(p, target)
        if current is None:
            setattr(p, target, part)
        else:
            cupy.copyto(current, part)


def gather_grads(link):
    """All gradients of ``link``'s parameters in one float32 CuPy array (path order).

    Parameters
    ----------
    link : Link
        A link on a GPU.

    Returns
    -------
    cupy.ndarray, shape (total size,)

    Raises
    ------
    RuntimeError
        If the link is on the CPU.
    """
    _gpu_only(link, 'gather_grads')
    return _gather(link, 'grad')


def gather_params(link):
    """All parameter values of ``link`` in one float32 CuPy array (path order).

    Parameters
    ----------
    link : Link
        A link on a GPU.

    Returns
    -------
    cupy.ndarray, shape (total size,)

    Raises
    ------
    RuntimeError
        If the link is on the CPU.
    """
    _gpu_only(link, 'gather_params')
    return _gather(link, 'array')


def scatter_grads(link, array):
    """Put the parts of ``array`` (from :func:`gather_grads`) back into the gradients.

    Parameters
    ----------
    link : Link
        A link on a GPU, with the parameters ``array`` was gathered from.
    array : cupy.ndarray
    """
    _scatter(link, array, 'grad')


def scatter_params(link, array):
    """Put the parts of ``array`` (from :func:`gather_params`) back into the parameters.

    Parameters
    ----------
    link : Link
        A link on a GPU, with the parameters ``array`` was gathered from.
    array : cupy.ndarray
    """
    _scatter(link, array, 'array')
