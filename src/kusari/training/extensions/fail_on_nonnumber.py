"""FailOnNonNumber: stop training when a parameter becomes NaN or infinite."""
from kusari.training import extension


class FailOnNonNumber(extension.Extension):
    """Raise ``RuntimeError`` when a parameter of any optimizer's target is not finite."""

    def __call__(self, trainer):
        for name, optimizer in trainer.updater.get_all_optimizers().items():
            target = optimizer.target
            xp = target.xp
            for param in target.params():
                if param.array is not None and not xp.isfinite(param.array).all():
                    raise RuntimeError(
                        "Kill the process since parameters in optimizer '{}' diverge. "
                        'R.I.P.'.format(name))
