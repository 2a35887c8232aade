"""The Iterator interface that trainers and updaters rely on."""


class Iterator:
    """Base class of dataset iterators.

    An iterator returns a list of examples (a minibatch) from ``next()`` and keeps track of the
    epoch. Subclasses implement ``__next__`` and the attributes ``epoch``, ``epoch_detail``,
    ``previous_epoch_detail`` and ``is_new_epoch``, and may implement ``serialize``.
    """

    def __iter__(self):
        return self

    def __next__(self):
        raise NotImplementedError

    def next(self):
        """Python 2 style alias of ``__next__``."""
        return self.__next__()

    def finalize(self):
        """Release resources (threads, processes); the default does nothing."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.finalize()

    def serialize(self, serializer):
        """Save or load the iteration state; the default has none."""
