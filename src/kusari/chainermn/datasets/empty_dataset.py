"""create_empty_dataset: a dataset of empty examples of another dataset's length."""


def create_empty_dataset(dataset):
    """A dataset of ``len(dataset)`` empty tuples.

    For the ranks of a model-parallel job whose part of the model takes no input (it starts
    with :func:`~kusari.chainermn.functions.recv`): their iterator must still produce as many
    batches as the ranks that read the data.

    Parameters
    ----------
    dataset : sized
        The dataset whose length to copy.

    Returns
    -------
    list of tuple
        ``[()] * len(dataset)``.
    """
    return [()] * len(dataset)
