"""The Updater interface (``chainer.training.Updater``)."""


class Updater:
    """Base class of updaters: one :meth:`update` is one training iteration.

    Subclasses implement ``update``, ``finalize``, ``get_optimizer``, ``get_all_optimizers``,
    ``serialize``, and the ``iteration``, ``epoch``, ``epoch_detail``,
    ``previous_epoch_detail`` and ``is_new_epoch`` attributes.
    """

    def connect_trainer(self, trainer):
        """Called by the trainer that owns this updater (nothing by default)."""

    def finalize(self):
        raise NotImplementedError

    def get_optimizer(self, name):
        raise NotImplementedError

    def get_all_optimizers(self):
        raise NotImplementedError

    def update(self):
        raise NotImplementedError

    def serialize(self, serializer):
        raise NotImplementedError


def __getattr__(name):
    # Chainer's ``chainer.training.updater`` also holds the two standard updaters
    if name in ('StandardUpdater', 'ParallelUpdater'):
        from kusari.training import updaters
        return getattr(updaters, name)
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
