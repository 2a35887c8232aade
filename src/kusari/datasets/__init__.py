"""Datasets: containers (TupleDataset, SubDataset, ...) and loaders of standard data."""
from kusari.datasets.cifar import get_cifar10, get_cifar100  # noqa: F401
from kusari.datasets.concatenated_dataset import ConcatenatedDataset  # noqa: F401
from kusari.datasets.dict_dataset import DictDataset  # noqa: F401
from kusari.datasets.digits import get_digits  # noqa: F401
from kusari.datasets.fashion_mnist import get_fashion_mnist, get_fashion_mnist_labels  # noqa: F401
from kusari.datasets.image_dataset import (  # noqa: F401
    ImageDataset,
    LabeledImageDataset,
    LabeledZippedImageDataset,
    MultiZippedImageDataset,
    ZippedImageDataset,
)
from kusari.datasets.kuzushiji_mnist import (  # noqa: F401
    get_kuzushiji_mnist,
    get_kuzushiji_mnist_labels,
)
from kusari.datasets.mnist import get_mnist  # noqa: F401
from kusari.datasets.pickle_dataset import (  # noqa: F401
    PickleDataset,
    PickleDatasetWriter,
    open_pickle_dataset,
    open_pickle_dataset_writer,
)
from kusari.datasets.ptb import get_ptb_words, get_ptb_words_vocabulary  # noqa: F401
from kusari.datasets.sub_dataset import (  # noqa: F401
    SubDataset,
    get_cross_validation_datasets,
    get_cross_validation_datasets_random,
    split_dataset,
    split_dataset_n,
    split_dataset_n_random,
    split_dataset_random,
)
from kusari.datasets.svhn import get_svhn  # noqa: F401
from kusari.datasets.text_dataset import TextDataset  # noqa: F401
from kusari.datasets.transform_dataset import TransformDataset  # noqa: F401
from kusari.datasets.tuple_dataset import TupleDataset  # noqa: F401
