"""Iterators that give every process the same batches."""
from kusari.chainermn.iterators.multi_node_iterator import create_multi_node_iterator  # noqa: F401
from kusari.chainermn.iterators.synchronized_iterator import (  # noqa: F401
    create_synchronized_iterator,
)
