"""CommunicatorBase: the interface every ChainerMN communicator implements.

Methods without a suffix move arrays (NumPy, or CuPy on the GPU communicators); the ``_obj``
forms move any picklable Python object. Every method is collective over the communicator
unless it is point-to-point (``send``/``recv`` and their ``_obj`` forms): all processes must
call it, in the same order.
"""
import abc
import contextlib
import warnings


class CommunicatorBase(abc.ABC):
    """Interface of the communicators (``rank``, ``size``, collectives, model helpers).

    Configuration values set inside :meth:`config_scope` (``self.name = value``) are
    recorded in ``_configs`` and read back with :meth:`get_config`.
    """

    def __init__(self):
        self._within_config_scope = False

    @property
    def _configs(self):
        configs = self.__dict__.get('_configs_dict')
        if configs is None:
            configs = {}
            object.__setattr__(self, '_configs_dict', configs)
        return configs

    @property
    def rank(self):
        """int: The rank of this process in the communicator."""
        raise NotImplementedError()

    @property
    def size(self):
        """int: The number of processes in the communicator."""
        raise NotImplementedError()

    @property
    def intra_rank(self):
        """int: The rank of this process among the processes of its machine."""
        raise NotImplementedError()

    @property
    def intra_size(self):
        """int: The number of processes on this machine."""
        raise NotImplementedError()

    @property
    def inter_rank(self):
        """int: The index of this machine among the machines of the communicator."""
        raise NotImplementedError()

    @property
    def inter_size(self):
        """int: The number of machines in the communicator."""
        raise NotImplementedError()

    def set_config(self, name, **kwargs):
        """Set a configuration value of the communicator.

        Parameters
        ----------
        name : str
            The configuration (``batched_copy``; ``allreduce_grad_dtype`` on ``pure_nccl``).
        **kwargs
            Depend on the configuration.

        Raises
        ------
        ValueError
            If this communicator has no configuration ``name``.
        """
        raise ValueError('Unknown config: {} (the configurations of {} are: {})'.format(
            name, type(self).__name__, ', '.join(sorted(self._configs)) or 'none'))

    def get_config(self, name=None):
        """A configuration value, or the dict of all of them when ``name`` is None.

        Parameters
        ----------
        name : str or None
            The configuration.

        Returns
        -------
        object or dict
            The value of ``name``, or ``{name: value}`` of every configuration.
        """
        if name is not None:
            return self._configs[name]
        return self._configs

    @abc.abstractmethod
    def split(self, color, key):
        """Split into sub-communicators (``MPI_Comm_split``).

        Parameters
        ----------
        color : int
            Processes of the same color form one new communicator.
        key : int
            Orders the ranks inside the new communicator.

        Returns
        -------
        CommunicatorBase
            The communicator of this process's group, of the same class.
        """

    @abc.abstractmethod
    def alltoall(self, xs):
        """Send ``xs[i]`` to rank ``i`` and receive one array from every rank.

        Parameters
        ----------
        xs : tuple of arrays
            One array per rank (``len(xs) == size``), all of one dtype.

        Returns
        -------
        tuple of arrays
            ``ys[i]`` is what rank ``i`` sent to this process.
        """

    @abc.abstractmethod
    def send(self, data, dest, tag):
        """Send an array (or a tuple of arrays of one dtype) to ``dest``.

        Parameters
        ----------
        data : array or tuple of arrays
            What to send.
        dest : int
            The receiving rank (it calls :meth:`recv`).
        tag : int
            The message tag.
        """

    @abc.abstractmethod
    def recv(self, source, tag):
        """Receive what :meth:`send` sent.

        Parameters
        ----------
        source : int
            The sending rank.
        tag : int
            The message tag.

        Returns
        -------
        array or tuple of arrays
            As sent (a tuple when a tuple was sent).
        """

    @abc.abstractmethod
    def bcast(self, data, root=0):
        """Broadcast an array from ``root``.

        Parameters
        ----------
        data : array or None
            The array at ``root``; ignored elsewhere.
        root : int
            The rank that has the data.

        Returns
        -------
        array
            The root's array, on every rank.
        """

    @abc.abstractmethod
    def gather(self, data, root=0):
        """Gather one array from every rank at ``root``.

        Parameters
        ----------
        data : array
            This rank's array (shapes may differ between ranks, dtypes may not).
        root : int
            The receiving rank.

        Returns
        -------
        tuple of arrays or None
            At ``root``, the arrays in rank order; ``None`` elsewhere.
        """

    @abc.abstractmethod
    def allgather(self, x):
        """Every rank gets every rank's array.

        Parameters
        ----------
        x : array
            This rank's array.

        Returns
        -------
        tuple of arrays
            The arrays in rank order.
        """

    @abc.abstractmethod
    def allreduce(self, data):
        """The elementwise sum of an array over all ranks.

        Parameters
        ----------
        data : array
            This rank's array (one shape and dtype on every rank).

        Returns
        -------
        array
            The sum, on every rank.
        """

    @abc.abstractmethod
    def scatter(self, xs, root=0):
        """Send ``xs[i]`` from ``root`` to rank ``i``.

        Parameters
        ----------
        xs : tuple of arrays, array or None
            At ``root``: one array per rank, or an array whose first axis has ``size``
            entries; ignored elsewhere.
        root : int
            The sending rank.

        Returns
        -------
        array
            This rank's part.
        """

    def finalize(self):
        """Release the communicator's resources (it must not be used afterwards)."""

    @abc.abstractmethod
    def send_obj(self, obj, dest, tag):
        """Send a picklable object to ``dest``."""

    @abc.abstractmethod
    def recv_obj(self, source, tag):
        """Receive an object sent with :meth:`send_obj`."""

    @abc.abstractmethod
    def bcast_obj(self, obj, max_buf_len=None, root=0):
        """Broadcast a picklable object from ``root``."""

    @abc.abstractmethod
    def gather_obj(self, obj, root=0):
        """Gather one object per rank at ``root`` (a list in rank order; None elsewhere)."""

    @abc.abstractmethod
    def allreduce_obj(self, obj):
        """The sum (``+``) of one object per rank, on every rank."""

    @abc.abstractmethod
    def bcast_data(self, model):
        """Copy the parameters of ``model`` at rank 0 into ``model`` on every rank.

        Parameters
        ----------
        model : kusari.Link
            The model (same parameter names, shapes and dtypes on every rank).
        """

    def broadcast_data(self, model):
        """Old name of :meth:`bcast_data`."""
        self.bcast_data(model)

    @abc.abstractmethod
    def multi_node_mean_grad(self, model, zero_fill=False):
        """Replace the gradients of ``model`` by their mean over the ranks.

        Parameters
        ----------
        model : kusari.Link
            The model.
        zero_fill : bool
            Treat the missing gradient of an initialized parameter as zeros (so that ranks
            where a parameter was not used still take part); with False, parameters
            without a gradient are skipped, which must then be the same on every rank.
        """

    def allreduce_grad(self, model, zero_fill=False):
        """Deprecated name of :meth:`multi_node_mean_grad`."""
        warnings.warn('allreduce_grad() is deprecated: use multi_node_mean_grad()',
                      DeprecationWarning, stacklevel=2)
        self.multi_node_mean_grad(model, zero_fill)

    @property
    def within_config_scope(self):
        """bool: True inside :meth:`config_scope`."""
        return self.__dict__.get('_within_config_scope', False)

    @contextlib.contextmanager
    def config_scope(self):
        """A block in which attribute assignments are recorded as configurations."""
        old = self.within_config_scope
        object.__setattr__(self, '_within_config_scope', True)
        try:
            yield
        finally:
            object.__setattr__(self, '_within_config_scope', old)

    def __setattr__(self, name, value):
        if self.within_config_scope:
            self._configs[name] = value
        super().__setattr__(name, value)
