"""get_device: the device of a process in a multi-process test."""


def get_device(device_id=None, use_chainerx=False):
    """The device for ``device_id`` (a GPU index, or None for the CPU).

    Parameters
    ----------
    device_id : int or None
        The GPU (usually ``comm.intra_rank``); None means the CPU.
    use_chainerx : bool
        A ChainerX device (``'native:0'`` / ``'cuda:N'``); kusari has no ChainerX, so this
        raises what :func:`kusari.get_device` raises for those names.

    Returns
    -------
    kusari.backend.Device
        ``@numpy`` or ``@cupy:N``.
    """
    from kusari import backend
    if device_id is not None:
        name = 'cuda:{}'.format(device_id) if use_chainerx else '@cupy:{}'.format(device_id)
    else:
        name = 'native:0' if use_chainerx else '@numpy'
    return backend.get_device(name)
