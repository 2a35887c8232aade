"""Splitting a dataset over the ranks."""
from kusari.chainermn.datasets.empty_dataset import create_empty_dataset  # noqa: F401
from kusari.chainermn.datasets.scatter import (  # noqa: F401
    DataSizeError,
    get_epoch_trigger,
    get_n_iterations_for_one_epoch,
    scatter_dataset,
    scatter_index,
)
