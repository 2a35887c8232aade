"""create_multi_node_optimizer: an optimizer whose update uses the gradients averaged over
the processes."""


class _MultiNodeOptimizer:
    """Wraps an optimizer: the first update broadcasts rank 0's parameters (and every update
    after the set of initialized parameters changed); the others average the gradients, then
    update."""

    def __init__(self, actual_optimizer, communicator, zero_fill):
        d = self.__dict__
        d['communicator'] = communicator
        d['actual_optimizer'] = actual_optimizer
        d['target_params'] = []
        d['zero_fill'] = zero_fill

    def update(self, lossfun=None, *args, **kwds):
        """Like :meth:`kusari.Optimizer.update`, with the gradients averaged over the
        processes first (or rank 0's parameters broadcast, on the first call)."""
        target = self.target
        if lossfun is not None:
            loss = lossfun(*args, **kwds)
            if getattr(self, '_use_cleargrads', True):
                target.cleargrads()
            else:
                target.zerograds()
            loss.backward(loss_scale=self.actual_optimizer._loss_scale)
            del loss
        if self.is_changed(target):
            self.communicator.bcast_data(target)
        else:
            self.communicator.multi_node_mean_grad(target, self.zero_fill)
            self.actual_optimizer.update(None, *args, **kwds)

    def is_changed(self, target):
        """True when the parameters (names, initialized or not) differ from the last call;
        remembers the current ones. ``needs_broadcast = False`` (set by a checkpointer
        that loaded the same state on every rank) skips the next broadcast."""
        previous = self.target_params
        current = [(name, p.array is not None) for name, p in sorted(target.namedparams())]
        self.__dict__['target_params'] = current
        if not self.__dict__.pop('needs_broadcast', True):
            return False
        return current != previous

    def setup(self, link):
        self.actual_optimizer.setup(link)
        return self

    def __getattr__(self, name):
        return getattr(self.__dict__['actual_optimizer'], name)

    def __setattr__(self, name, value):
        if name == 'needs_broadcast':
            self.__dict__[name] = value
        else:
            setattr(self.actual_optimizer, name, value)


class _DoubleBufferingOptimizer(_MultiNodeOptimizer):
    """GPU only (``pure_nccl``): the gradients of step t are averaged on a side CUDA stream
    while step t+1 computes, and step t+1 updates with them (one step stale)."""

    def __init__(self, actual_optimizer, communicator, zero_fill):
        import copy

        import cupy
        super().__init__(actual_optimizer, communicator, zero_fill)
        d = self.__dict__
        d['_copy'] = copy
        d['needs_update'] = False
        d['communicated_target'] = None
        d['target_params_list'] = [[], []]
        d['allreduce_grad_stream'] = cupy.cuda.Stream(non_blocking=True)

    def update(self, lossfun=None, *args, **kwds):
        target = self.target
        if lossfun is not None:
            loss = lossfun(*args, **kwds)
            if getattr(self, '_use_cleargrads', True):
                target.cleargrads()
            else:
                target.zerograds()
            loss.backward(loss_scale=self.actual_optimizer._loss_scale)
            del loss
        d = self.__dict__
        if self._structure_changed(target, self.target_params_list[0]):
            self.wait()
            self.communicator.bcast_data(target)
            d['communicated_target'] = self._copy.deepcopy(target)
            d['target_params_list'] = [list(sorted(target.namedparams())),
                                       list(sorted(self.communicated_target.namedparams()))]
            d['needs_update'] = False
        else:
            self.wait()
            for (_, p1), (_, p2) in zip(*self.target_params_list):
                p1.grad, p2.grad = p2.grad, p1.grad
            self.communicator._multi_node_mean_grad_async(
                self.communicated_target, self.zero_fill, self.allreduce_grad_stream)
            if self.needs_update:
                self.actual_optimizer.update(None, *args, **kwds)
            else:
                d['needs_update'] = True

    @staticmethod
    def _structure_changed(target, previous):
        current = list(sorted(target.namedparams()))
        if len(current) != len(previous):
            return True
        return any(n1 != n2 or (p1.array is None) != (p2.array is None)
                   for (n1, p1), (n2, p2) in zip(current, previous))

    def wait(self):
        """Wait for the side stream's all-reduce."""
        import cupy
        self.allreduce_grad_stream.synchronize()
        cupy.cuda.Stream.null.synchronize()


def create_multi_node_optimizer(actual_optimizer, communicator, double_buffering=False,
                                zero_fill=True):
    """Make ``actual_optimizer`` update with the gradients averaged over the processes.

    The first ``update()`` (and any after the model gained or initialized parameters)
    broadcasts rank 0's parameters instead of updating, so that every process starts from
    the same model; each later one calls ``communicator.multi_node_mean_grad`` and then the
    actual update. Everything else (``setup``, hyperparameters, ``t``, hooks, serialization)
    goes to ``actual_optimizer``.

    Parameters
    ----------
    actual_optimizer : kusari.Optimizer
        The optimizer (e.g. ``kusari.optimizers.Adam()``).
    communicator : CommunicatorBase
        The processes.
    double_buffering : bool
        Overlap the all-reduce of step t with the computation of step t+1 (updates use
        gradients one step old); needs a ``pure_nccl`` communicator on GPUs.
    zero_fill : bool
        Count missing gradients of initialized parameters as zeros (see
        :meth:`~kusari.chainermn.CommunicatorBase.multi_node_mean_grad`).

    Returns
    -------
    object
        The multi-node optimizer.

    Raises
    ------
    ValueError
        If ``double_buffering`` is asked of a communicator other than ``pure_nccl``.
    """
    if double_buffering:
        from kusari.chainermn.communicators.pure_nccl_communicator import PureNcclCommunicator
        if not isinstance(communicator, PureNcclCommunicator):
            raise ValueError(
                'double_buffering=True needs the pure_nccl communicator (CUDA GPUs with '
                'NCCL); this communicator ({}) does not support double buffering'.format(
                    type(communicator).__name__))
        return _DoubleBufferingOptimizer(actual_optimizer, communicator, zero_fill)
    return _MultiNodeOptimizer(actual_optimizer, communicator, zero_fill)
