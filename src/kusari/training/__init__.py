"""Training: the Trainer, updaters, triggers and extensions."""
from kusari.training import extensions, triggers, updaters, util  # noqa: F401
from kusari.training.extension import (  # noqa: F401
    PRIORITY_EDITOR,
    PRIORITY_READER,
    PRIORITY_WRITER,
    Extension,
    make_extension,
)
from kusari.training.trainer import Trainer  # noqa: F401
from kusari.training.trigger import IntervalTrigger  # noqa: F401
from kusari.training.updater import Updater  # noqa: F401
from kusari.training.updaters.parallel_updater import ParallelUpdater  # noqa: F401
from kusari.training.updaters.standard_updater import StandardUpdater  # noqa: F401
from kusari.training.util import get_trigger  # noqa: F401
