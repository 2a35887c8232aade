"""``get_trainer_with_mock_updater``: a Trainer whose updater only counts iterations."""
import unittest.mock


def is_available():
    """Always True (``unittest.mock`` is part of Python)."""
    return True


def check_available():
    """Nothing to check (``unittest.mock`` is part of Python)."""


def get_error():
    """Always None."""
    return None


def get_trainer_with_mock_updater(stop_trigger=(10, 'iteration'), iter_per_epoch=10,
                                  extensions=None):
    """A :class:`~kusari.training.Trainer` over a mock updater, for testing extensions.

    Each ``update()`` calls the mock's ``update_core()`` and advances ``iteration``,
    ``epoch``, ``epoch_detail``, ``is_new_epoch`` and ``previous_epoch_detail`` as an
    updater with ``iter_per_epoch`` iterations per epoch would.

    Parameters
    ----------
    stop_trigger : trigger or tuple
        When the trainer stops.
    iter_per_epoch : int or float
        Iterations per epoch (may be fractional).
    extensions : list, optional
        Extensions registered with the trainer.

    Returns
    -------
    Trainer
        Its ``updater`` is a :class:`unittest.mock.Mock`.
    """
    from kusari import training

    updater = unittest.mock.Mock()
    updater.get_all_optimizers.return_value = {}
    updater.iteration = 0
    updater.epoch = 0
    updater.epoch_detail = 0
    updater.is_new_epoch = True
    updater.previous_epoch_detail = None

    def update():
        updater.update_core()
        updater.iteration += 1
        n = updater.iteration
        updater.epoch = n // iter_per_epoch
        updater.epoch_detail = n / iter_per_epoch
        updater.is_new_epoch = (n - 1) // iter_per_epoch != updater.epoch
        updater.previous_epoch_detail = (n - 1) / iter_per_epoch

    updater.update = update
    return training.Trainer(updater, stop_trigger,
                            extensions=[] if extensions is None else extensions)
