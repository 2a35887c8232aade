"""The one place that imports mpi4py (lazily, with an error naming the ``mpi`` extra)."""


def MPI():
    """The ``mpi4py.MPI`` module; importing it initializes MPI.

    Returns
    -------
    module
        ``mpi4py.MPI``.

    Raises
    ------
    ImportError
        If mpi4py (or the MPI library it links to) is not installed.
    """
    try:
        from mpi4py import MPI as mpi
    except ImportError as e:
        raise ImportError(
            'kusari.chainermn needs mpi4py and an MPI library: pip install \'kusari[mpi]\' '
            '(mpi4py and the MPICH wheel, which puts mpiexec into the environment); '
            'the import failed with: {}'.format(e)) from e
    return mpi


def available():
    """True when mpi4py can be imported (without initializing MPI).

    Returns
    -------
    bool
        Whether ``import mpi4py`` succeeds.
    """
    import importlib.util
    return importlib.util.find_spec('mpi4py') is not None


def comm_world():
    """``MPI.COMM_WORLD``.

    Returns
    -------
    mpi4py.MPI.Comm
        The world communicator.
    """
    return MPI().COMM_WORLD
