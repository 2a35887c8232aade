"""The loaders, run on small files written here in the original binary formats."""
import gzip
import hashlib
import io
import os
import struct
import sys
import tarfile

import numpy
import pytest

from kusari import datasets as D
from kusari.dataset import download
from kusari.datasets import _formats, cifar, fashion_mnist, mnist


@pytest.fixture
def root(tmp_path):
    old = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path))
    yield tmp_path
    download.set_dataset_root(old)


def idx_bytes(arr, code=0x08):
    dtype = {0x08: '>u1', 0x09: '>i1', 0x0B: '>i2', 0x0C: '>i4', 0x0D: '>f4', 0x0E: '>f8'}[code]
    header = bytes([0, 0, code, arr.ndim]) + struct.pack('>' + 'I' * arr.ndim, *arr.shape)
    return header + numpy.ascontiguousarray(arr, dtype=dtype).tobytes()


def write_gz(path, data):
    with gzip.open(path, 'wb') as f:
        f.write(data)
    return 'md5:' + hashlib.md5(open(path, 'rb').read()).hexdigest()


def make_mnist_files(folder, n_train=5, n_test=3, seed=0):
    rng = numpy.random.RandomState(seed)
    os.makedirs(folder, exist_ok=True)
    files, content = {}, {}
    for prefix, n in (('train', n_train), ('t10k', n_test)):
        x = rng.randint(0, 256, size=(n, 28, 28)).astype(numpy.uint8)
        y = rng.randint(0, 10, size=n).astype(numpy.uint8)
        name_x, name_y = prefix + '-images-idx3-ubyte.gz', prefix + '-labels-idx1-ubyte.gz'
        files[name_x] = write_gz(os.path.join(folder, name_x), idx_bytes(x))
        files[name_y] = write_gz(os.path.join(folder, name_y), idx_bytes(y))
        content[prefix] = (x, y)
    return files, content


@pytest.mark.parametrize('code, dtype', [(0x08, 'u1'), (0x09, 'i1'), (0x0B, 'i2'), (0x0C, 'i4'),
                                         (0x0D, 'f4'), (0x0E, 'f8')])
def test_parse_idx_all_types(code, dtype):
    a = (numpy.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
    if dtype == 'u1':
        a = numpy.arange(24, dtype='u1').reshape(2, 3, 4)
    out = _formats.parse_idx(idx_bytes(a, code))
    assert out.dtype == numpy.dtype(dtype) and out.dtype.isnative
    numpy.testing.assert_array_equal(out, a)


def test_read_idx_plain_and_gzip(tmp_path):
    a = numpy.arange(6, dtype=numpy.uint8).reshape(2, 3)
    (tmp_path / 'a.idx').write_bytes(idx_bytes(a))
    write_gz(str(tmp_path / 'a.idx.gz'), idx_bytes(a))
    numpy.testing.assert_array_equal(_formats.read_idx(str(tmp_path / 'a.idx')), a)
    numpy.testing.assert_array_equal(_formats.read_idx(str(tmp_path / 'a.idx.gz')), a)


def test_parse_idx_errors():
    with pytest.raises(ValueError, match='is not an IDX file'):
        _formats.parse_idx(b'\x1f\x8b\x08\x00rest')
    good = idx_bytes(numpy.zeros((2, 2), numpy.uint8))
    with pytest.raises(ValueError, match='IDX header says 4 elements'):
        _formats.parse_idx(good[:-1])
    with pytest.raises(ValueError, match='truncated IDX header'):
        _formats.parse_idx(bytes([0, 0, 8, 3, 0, 0]))


@pytest.mark.parametrize('ndim, shape', [(1, (784,)), (2, (28, 28)), (3, (1, 28, 28))])
def test_get_mnist(root, monkeypatch, ndim, shape):
    files, content = make_mnist_files(str(root / 'mnist'))
    monkeypatch.setattr(mnist, 'MNIST_FILES', files)
    train, test = D.get_mnist(ndim=ndim, scale=2.0)
    assert len(train) == 5 and len(test) == 3
    x, t = train[1]
    assert x.shape == shape and x.dtype == numpy.float32 and t.dtype == numpy.int32
    numpy.testing.assert_allclose(x.reshape(28, 28), content['train'][0][1] * (2.0 / 255),
                                  rtol=1e-6)
    assert int(t) == content['train'][1][1]
    assert int(test[2][1]) == content['t10k'][1][2]


def test_get_mnist_options(root, monkeypatch):
    files, content = make_mnist_files(str(root / 'mnist'))
    monkeypatch.setattr(mnist, 'MNIST_FILES', files)
    train, _ = D.get_mnist(withlabel=False, ndim=3, rgb_format=True, dtype=numpy.float64,
                           label_dtype=numpy.int64)
    assert isinstance(train, numpy.ndarray)
    assert train.shape == (5, 3, 28, 28) and train.dtype == numpy.float64
    numpy.testing.assert_array_equal(train[:, 0], train[:, 2])
    _, test = D.get_mnist(label_dtype=numpy.int64)
    assert test[0][1].dtype == numpy.int64
    with pytest.raises(ValueError, match='invalid ndim for MNIST dataset'):
        D.get_mnist(ndim=4)


def test_get_mnist_wrong_pair_raises(root, monkeypatch):
    files, _ = make_mnist_files(str(root / 'mnist'))
    folder = root / 'mnist'
    files['train-labels-idx1-ubyte.gz'] = write_gz(
        str(folder / 'train-labels-idx1-ubyte.gz'), idx_bytes(numpy.zeros(4, numpy.uint8)))
    monkeypatch.setattr(mnist, 'MNIST_FILES', files)
    with pytest.raises(ValueError, match='do not form a pair'):
        D.get_mnist()


def test_get_mnist_checksum_mismatch(root):
    make_mnist_files(str(root / 'mnist'))  # the real checksums do not match these files
    with pytest.raises(ValueError, match='md5 checksum of .*train-images-idx3-ubyte.gz'):
        D.get_mnist()


def test_get_mnist_offline_message(root, monkeypatch):
    monkeypatch.setitem(sys.modules, 'pooch', None)
    with pytest.raises(RuntimeError) as e:
        D.get_mnist()
    msg = str(e.value)
    assert 'train-images-idx3-ubyte.gz is not in ' + str(root / 'mnist') in msg
    assert mnist.MNIST_URL + 'train-images-idx3-ubyte.gz' in msg


def test_get_fashion_mnist(root, monkeypatch):
    files, content = make_mnist_files(str(root / 'fashion-mnist'), 4, 2, seed=1)
    monkeypatch.setattr(fashion_mnist, 'FASHION_MNIST_FILES', files)
    train, test = D.get_fashion_mnist(ndim=2)
    assert len(train) == 4 and train[0][0].shape == (28, 28)
    numpy.testing.assert_allclose(test[1][0], content['t10k'][0][1] / 255.0, rtol=1e-6)
    assert D.get_fashion_mnist_labels()[9] == 'Ankle boot'


def cifar_records(n, label_bytes, rng):
    labels = rng.randint(0, 100 if label_bytes == 2 else 10, size=(n, label_bytes))
    pixels = rng.randint(0, 256, size=(n, 3072))
    return numpy.concatenate([labels, pixels], axis=1).astype(numpy.uint8)


def make_cifar_archive(path, members):
    with tarfile.open(path, 'w:gz') as tar:
        for name, recs in members.items():
            data = recs.tobytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return 'md5:' + hashlib.md5(open(path, 'rb').read()).hexdigest()


def test_get_cifar10(root, monkeypatch):
    rng = numpy.random.RandomState(0)
    members = {'cifar-10-batches-bin/data_batch_{}.bin'.format(i): cifar_records(2, 1, rng)
               for i in range(1, 6)}
    members['cifar-10-batches-bin/test_batch.bin'] = cifar_records(3, 1, rng)
    os.makedirs(root / 'cifar')
    h = make_cifar_archive(str(root / 'cifar' / 'cifar-10-binary.tar.gz'), members)
    entry = list(cifar.CIFAR_ARCHIVES['cifar-10'])
    entry[1] = h
    monkeypatch.setitem(cifar.CIFAR_ARCHIVES, 'cifar-10', tuple(entry))
    train, test = D.get_cifar10()
    assert len(train) == 10 and len(test) == 3
    x, t = train[2]  # first record of data_batch_2
    rec = members['cifar-10-batches-bin/data_batch_2.bin'][0]
    assert x.shape == (3, 32, 32) and t.dtype == numpy.int32 and int(t) == rec[0]
    numpy.testing.assert_allclose(x[1, 0, :], rec[1 + 1024:1 + 1024 + 32] / 255.0, rtol=1e-6)
    flat, _ = D.get_cifar10(withlabel=False, ndim=1, scale=255.0)
    numpy.testing.assert_allclose(flat[2], rec[1:], rtol=1e-6)
    with pytest.raises(ValueError, match='invalid ndim for CIFAR dataset'):
        D.get_cifar10(ndim=2)


def test_get_cifar100_uses_fine_labels(root, monkeypatch):
    rng = numpy.random.RandomState(1)
    members = {'cifar-100-binary/train.bin': cifar_records(4, 2, rng),
               'cifar-100-binary/test.bin': cifar_records(2, 2, rng)}
    os.makedirs(root / 'cifar')
    h = make_cifar_archive(str(root / 'cifar' / 'cifar-100-binary.tar.gz'), members)
    entry = list(cifar.CIFAR_ARCHIVES['cifar-100'])
    entry[1] = h
    monkeypatch.setitem(cifar.CIFAR_ARCHIVES, 'cifar-100', tuple(entry))
    train, test = D.get_cifar100(dtype=numpy.float64)
    recs = members['cifar-100-binary/test.bin']
    x, t = test[1]
    assert x.dtype == numpy.float64 and int(t) == recs[1, 1]
    numpy.testing.assert_allclose(x.ravel(), recs[1, 2:] / 255.0)


def test_cifar_record_size_error():
    with pytest.raises(ValueError, match='not a whole number of 3073-byte CIFAR records'):
        _formats.parse_cifar_records(b'\x00' * 3074, 1)


def test_cifar_offline_message(root, monkeypatch):
    monkeypatch.setitem(sys.modules, 'pooch', None)
    with pytest.raises(RuntimeError, match=r'cifar-10-binary\.tar\.gz is not in .*cifar'):
        D.get_cifar10()


def test_get_digits_split():
    train, test = D.get_digits()
    assert len(train) + len(test) == 1797
    assert abs(len(test) - 0.2 * 1797) < 10
    x, t = train[0]
    assert x.shape == (1, 8, 8) and x.dtype == numpy.float32 and t.dtype == numpy.int32
    xs = numpy.stack([train[i][0] for i in range(len(train))])
    assert xs.min() == 0.0 and xs.max() == 1.0
    test_labels = numpy.array([int(test[i][1]) for i in range(len(test))])
    assert numpy.bincount(test_labels).min() >= 30  # stratified: every class is tested
    # deterministic, and disjoint: no test image appears in the training set
    train2, _ = D.get_digits()
    numpy.testing.assert_array_equal(train[5][0], train2[5][0])
    train_set = {xs[i].tobytes() for i in range(len(xs))}
    overlap = sum(test[i][0].tobytes() in train_set for i in range(len(test)))
    assert overlap < 5  # (the data has a few duplicate images)


def test_get_digits_options():
    train, test = D.get_digits(withlabel=False, ndim=1, scale=16.0, dtype=numpy.float64,
                               test_ratio=0.5, seed=2)
    assert train.shape[1] == 64 and train.dtype == numpy.float64 and train.max() == 16.0
    assert abs(len(test) - len(train)) < 12
    with pytest.raises(ValueError, match='invalid ndim for the digits dataset'):
        D.get_digits(ndim=4)
    with pytest.raises(ValueError, match=r'test_ratio must be in \(0, 1\)'):
        D.get_digits(test_ratio=1.0)


def test_get_digits_without_sklearn(monkeypatch):
    monkeypatch.setitem(sys.modules, 'sklearn', None)
    monkeypatch.setitem(sys.modules, 'sklearn.datasets', None)
    with pytest.raises(ImportError, match=r"kusari\[scikit-learn\]"):
        D.get_digits()
