"""Dataset utilities: the DatasetMixin, the Iterator interface, converters and the cache."""
from kusari.dataset import tabular  # noqa: F401
from kusari.dataset.convert import (  # noqa: F401
    ConcatWithAsyncTransfer,
    Converter,
    concat_examples,
    converter,
    to_device,
)
from kusari.dataset.dataset_mixin import DatasetMixin  # noqa: F401
from kusari.dataset.download import (  # noqa: F401
    cache_or_load_file,
    cached_download,
    fetch_file,
    get_dataset_directory,
    get_dataset_root,
    set_dataset_root,
)
from kusari.dataset.iterator import Iterator  # noqa: F401
from kusari.dataset.tabular.tabular_dataset import TabularDataset  # noqa: F401
