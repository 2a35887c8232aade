"""A tabular view with another converter (``with_converter``)."""
from kusari.dataset.tabular._view import View


class WithConverter(View):
    """The data of ``dataset``; :meth:`convert` calls ``converter`` with the data unpacked."""

    def __init__(self, dataset, converter):
        super().__init__(dataset)
        self._converter = converter

    def convert(self, data):
        if isinstance(data, tuple):
            return self._converter(*data)
        if isinstance(data, dict):
            return self._converter(**data)
        return self._converter(data)
