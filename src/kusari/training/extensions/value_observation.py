"""observe_value and observe_lr: put a computed value into the observation."""
from kusari.training import extension


def observe_value(observation_key, target_func):
    """An extension that stores ``target_func(trainer)`` as ``observation[observation_key]``.

    Parameters
    ----------
    observation_key : str
        The key.
    target_func : callable
        ``target_func(trainer)`` returns the value.

    Returns
    -------
    callable
        The extension (triggered each epoch by default, with writer priority).
    """
    @extension.make_extension(trigger=(1, 'epoch'), priority=extension.PRIORITY_WRITER)
    def _observe_value(trainer):
        trainer.observation[observation_key] = target_func(trainer)
    return _observe_value


def observe_lr(optimizer_name='main', observation_key='lr'):
    """An extension that observes the learning rate (``optimizer.lr``).

    Parameters
    ----------
    optimizer_name : str
        The updater's optimizer.
    observation_key : str
        The key.

    Returns
    -------
    callable
        The extension.
    """
    return observe_value(
        observation_key, lambda trainer: trainer.updater.get_optimizer(optimizer_name).lr)
