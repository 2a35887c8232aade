"""Updaters."""
from kusari.training.updaters.multiprocess_parallel_updater import MultiprocessParallelUpdater  # noqa: F401,E501
from kusari.training.updaters.parallel_updater import ParallelUpdater  # noqa: F401
from kusari.training.updaters.standard_updater import StandardUpdater  # noqa: F401
