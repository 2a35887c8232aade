"""Tabular datasets (``chainer.dataset.tabular``): column-wise views over rows of data."""
from kusari.dataset.tabular import (  # noqa: F401
    _asmode,
    _concat,
    _join,
    _slice,
    _transform,
    _with_converter,
)
from kusari.dataset.tabular.delegate_dataset import DelegateDataset  # noqa: F401
from kusari.dataset.tabular.from_data import from_data  # noqa: F401
