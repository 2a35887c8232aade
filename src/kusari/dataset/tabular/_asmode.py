"""The tuple and dict views of a tabular dataset (``astuple()`` / ``asdict()``)."""
from kusari.dataset.tabular._view import View


class AsMode(View):
    """The rows and columns of ``dataset``, with examples of type ``mode`` (tuple or dict)."""

    def __init__(self, dataset, mode):
        super().__init__(dataset)
        self._mode = mode

    @property
    def mode(self):
        return self._mode
