"""ChainerMN's API on MPI (mpi4py): data- and model-parallel training over processes.

``import chainermn`` resolves here. Run the script under ``mpiexec -n N python script.py``
(``pip install 'kusari[mpi]'`` brings mpi4py and the MPICH wheel with ``mpiexec``). mpi4py is
imported when a communicator is created, not by ``import kusari.chainermn``.
"""
from kusari.chainermn import (  # noqa: F401
    communicators,
    datasets,
    extensions,
    functions,
    global_except_hook,
    iterators,
    links,
    optimizers,
)
from kusari.chainermn.communicators import CommunicatorBase, create_communicator  # noqa: F401
from kusari.chainermn.datasets import DataSizeError, scatter_dataset, scatter_index  # noqa: F401
from kusari.chainermn.extensions import (  # noqa: F401
    create_multi_node_checkpointer,
    create_multi_node_evaluator,
)
from kusari.chainermn.links import MultiNodeChainList  # noqa: F401
from kusari.chainermn.optimizers import create_multi_node_optimizer  # noqa: F401

#: The ChainerMN API level (that of Chainer 7.8.1).
__version__ = '7.8.1'

global_except_hook._add_hook_if_enabled()
