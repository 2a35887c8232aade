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
