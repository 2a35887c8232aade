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
    # Chainer 7.8.1 keeps these two names here for backward compatibility
    # (``chainer.training.updater.StandardUpdater``, used by its image-captioning example);
    # imported on first use, since their modules import this one.
    if name == 'StandardUpdater':
        from kusari.training.updaters.standard_updater import StandardUpdater
        return StandardUpdater
    if name == 'ParallelUpdater':
        from kusari.training.updaters.parallel_updater import ParallelUpdater
        return ParallelUpdater
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
