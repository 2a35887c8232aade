"""Differentiable communication for model parallelism."""
from kusari.chainermn.functions.batch_normalization import (  # noqa: F401
    multi_node_batch_normalization,
)
from kusari.chainermn.functions.collective_communication import (  # noqa: F401
    allgather,
    allreduce,
    alltoall,
    bcast,
    gather,
    scatter,
)
from kusari.chainermn.functions.point_to_point_communication import recv, send  # noqa: F401
from kusari.chainermn.functions.pseudo_connect import pseudo_connect  # noqa: F401
