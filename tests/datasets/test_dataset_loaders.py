"""The loaders, run on small files written here in the original binary formats."""
import gzip
import hashlib
import io
import os
import struct
import sys
import tarfile
import zlib

import numpy
import pytest

from kusari import datasets as D
from kusari.dataset import download
from kusari.datasets import _formats, cifar, fashion_mnist, kuzushiji_mnist, mnist, ptb, svhn


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
    labels = D.get_fashion_mnist_labels()
    assert isinstance(labels, list) and len(labels) == 10 and labels[9] == 'Ankle boot'


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


def test_get_kuzushiji_mnist(root, monkeypatch):
    files, content = make_mnist_files(str(root / 'kuzushiji_mnist'), 3, 2, seed=2)
    monkeypatch.setattr(kuzushiji_mnist, 'KUZUSHIJI_MNIST_FILES', files)
    train, test = D.get_kuzushiji_mnist(ndim=3, scale=255.0, label_dtype=numpy.int64)
    assert len(train) == 3 and len(test) == 2
    x, t = test[1]
    assert x.shape == (1, 28, 28) and t.dtype == numpy.int64
    numpy.testing.assert_allclose(x[0], content['t10k'][0][1], rtol=1e-6)
    assert int(t) == content['t10k'][1][1]


def test_kuzushiji_mnist_labels_and_offline_message(root, monkeypatch):
    labels = D.get_kuzushiji_mnist_labels()
    assert isinstance(labels, list) and len(labels) == 10
    assert labels[0] == ('o', '\u304a') and labels[9] == ('wo', '\u3092')
    monkeypatch.setitem(sys.modules, 'pooch', None)
    with pytest.raises(RuntimeError) as e:
        D.get_kuzushiji_mnist()
    msg = str(e.value)
    assert 'train-images-idx3-ubyte.gz is not in ' + str(root / 'kuzushiji_mnist') in msg
    assert kuzushiji_mnist.KUZUSHIJI_MNIST_URL + 'train-images-idx3-ubyte.gz' in msg
    assert "kusari[datasets]" in msg


# -- MATLAB level-5 files (SVHN) ------------------------------------------------------------

_MI = {'i1': 1, 'u1': 2, 'i2': 3, 'u2': 4, 'i4': 5, 'u4': 6, 'f4': 7, 'f8': 9, 'i8': 12,
       'u8': 13}
_MX = {'f8': 6, 'f4': 7, 'i1': 8, 'u1': 9, 'i2': 10, 'u2': 11, 'i4': 12, 'u4': 13, 'i8': 14,
       'u8': 15}


def _element(order, mtype, data):
    if len(data) <= 4 and mtype != 14:  # the small element format
        # one 32-bit word in the file's byte order: the size above, the type below
        return struct.pack(order + 'I', len(data) << 16 | mtype) + data.ljust(4, b'\0')
    return struct.pack(order + 'II', mtype, len(data)) + data + b'\0' * (-len(data) % 8)


def mat_bytes(variables, compress=False, order='<'):
    """A level-5 MAT-file. ``variables``: name -> array, or name -> (array, stored dtype)
    to store a class's values in another type, as MATLAB does."""
    text = b'MATLAB 5.0 MAT-file, written by the kusari tests'.ljust(116)
    out = [text + b'\0' * 8 + struct.pack(order + 'H', 0x0100) +
           (b'IM' if order == '<' else b'MI')]
    for name, value in variables.items():
        array, stored = value if isinstance(value, tuple) else (value, None)
        array = numpy.asarray(array)
        kind = 'b' if array.dtype == bool else array.dtype.str[1:]
        cls = _MX['u1'] if kind == 'b' else _MX[kind.replace('c16', 'f8')]
        flags = cls | (0x200 if kind == 'b' else 0) | (0x800 if kind == 'c16' else 0)
        real = array.real if kind == 'c16' else array
        stored = stored or ('u1' if kind == 'b' else kind.replace('c16', 'f8'))
        body = _element(order, 6, struct.pack(order + 'II', flags, 0))
        body += _element(order, 5, numpy.array(array.shape, order + 'i4').tobytes())
        body += _element(order, 1, name.encode('ascii'))
        body += _element(order, _MI[stored],
                         numpy.asarray(real, order + stored).tobytes(order='F'))
        if kind == 'c16':
            body += _element(order, 9, numpy.asarray(array.imag, order + 'f8').tobytes('F'))
        matrix = struct.pack(order + 'II', 14, len(body)) + body
        if compress:
            packed = zlib.compress(matrix)
            matrix = struct.pack(order + 'II', 15, len(packed)) + packed
        out.append(matrix)
    return b''.join(out)


@pytest.mark.parametrize('compress', [False, True])
@pytest.mark.parametrize('order', ['<', '>'])
def test_read_mat(tmp_path, compress, order):
    rng = numpy.random.RandomState(0)
    variables = {
        'X': rng.randint(0, 256, size=(4, 3, 2, 5)).astype(numpy.uint8),
        'y': (rng.randint(1, 11, size=(5, 1)).astype(numpy.float64), 'u1'),
        'z': rng.randn(2, 3) + 1j * rng.randn(2, 3),
        'm': numpy.array([[True, False, True]]),
        'i': numpy.arange(-3, 3, dtype=numpy.int16).reshape(2, 3),
        'f': rng.randn(3).astype(numpy.float32).reshape(1, 3),
        'e': numpy.zeros((0, 2)),
    }
    path = tmp_path / 'a.mat'
    path.write_bytes(mat_bytes(variables, compress, order))
    out = _formats.read_mat(str(path))
    assert sorted(out) == sorted(variables)
    for name, value in variables.items():
        array = value[0] if isinstance(value, tuple) else value
        assert out[name].dtype == array.dtype and out[name].dtype.isnative, name
        numpy.testing.assert_array_equal(out[name], array)
    assert list(_formats.read_mat(str(path), names={'y'})) == ['y']


def test_read_mat_agrees_with_scipy(tmp_path):
    sio = pytest.importorskip('scipy.io')
    rng = numpy.random.RandomState(1)
    arrays = {'X': rng.randint(0, 256, size=(32, 32, 3, 3)).astype(numpy.uint8),
              'y': rng.randint(1, 11, size=(3, 1)).astype(numpy.float64),
              'w': rng.randn(4, 2).astype(numpy.float32), 'text': 'skipped'}
    for compress in (False, True):
        path = str(tmp_path / 'b{}.mat'.format(compress))
        sio.savemat(path, arrays, do_compression=compress)
        ours, theirs = _formats.read_mat(path), sio.loadmat(path)
        assert sorted(ours) == ['X', 'w', 'y']
        for k in ours:
            assert ours[k].dtype == theirs[k].dtype
            numpy.testing.assert_array_equal(ours[k], theirs[k])


def test_read_mat_errors(tmp_path):
    p = tmp_path / 'x.mat'
    p.write_bytes(b'\x93NUMPY' + b'\0' * 200)
    with pytest.raises(ValueError, match='is not a level-5 MAT-file'):
        _formats.read_mat(str(p))
    v73 = bytearray(mat_bytes({}))
    v73[124:126] = struct.pack('<H', 0x0200)
    p.write_bytes(bytes(v73))
    with pytest.raises(ValueError, match='version 0x0200.*HDF5 and can be read with h5py'):
        _formats.read_mat(str(p))
    good = mat_bytes({'a': numpy.arange(6.0)})
    p.write_bytes(good[:-9])
    with pytest.raises(ValueError, match='truncated MAT-file'):
        _formats.read_mat(str(p))
    packed = mat_bytes({'a': numpy.arange(6.0)}, compress=True)
    p.write_bytes(packed[:-5])
    with pytest.raises(ValueError, match='truncated MAT-file'):
        _formats.read_mat(str(p))


def make_svhn_files(folder, sizes, seed=0):
    rng = numpy.random.RandomState(seed)
    os.makedirs(folder, exist_ok=True)
    files, content = {}, {}
    for split, n in sizes.items():
        x = rng.randint(0, 256, size=(32, 32, 3, n)).astype(numpy.uint8)
        y = rng.randint(1, 11, size=(n, 1)).astype(numpy.float64)
        y[0] = 10  # the digit 0
        name = '{}_32x32.mat'.format(split)
        data = mat_bytes({'X': x, 'y': (y, 'u1')}, compress=True)
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(data)
        files[split] = (name, 'md5:' + hashlib.md5(data).hexdigest())
        content[split] = (x, y)
    return files, content


def test_get_svhn(root, monkeypatch):
    files, content = make_svhn_files(str(root / 'svhn'), {'train': 4, 'test': 3, 'extra': 2})
    monkeypatch.setattr(svhn, 'SVHN_FILES', files)
    train, test = D.get_svhn()
    assert len(train) == 4 and len(test) == 3
    x, t = test[2]
    assert x.shape == (3, 32, 32) and x.dtype == numpy.float32 and t.dtype == numpy.int32
    xs, ys = content['test']
    # image i is X[:, :, :, i] with channels first: x[c, h, w] == X[h, w, c, i]
    numpy.testing.assert_allclose(x, xs[:, :, :, 2].transpose(2, 0, 1) / 255.0, rtol=1e-6)
    assert int(t) == int(ys[2, 0]) % 10
    assert int(test[0][1]) == 0  # label 10 is the digit 0
    train, test, extra = D.get_svhn(withlabel=False, scale=255.0, dtype=numpy.float64,
                                    add_extra=True)
    assert isinstance(extra, numpy.ndarray) and extra.shape == (2, 3, 32, 32)
    numpy.testing.assert_array_equal(train[1], content['train'][0][:, :, :, 1].transpose(2, 0, 1))
    _, test = D.get_svhn(label_dtype=numpy.int64)
    assert test[0][1].dtype == numpy.int64


def test_get_svhn_checks_the_variables(root, monkeypatch):
    folder = root / 'svhn'
    folder.mkdir()
    data = mat_bytes({'X': numpy.zeros((32, 32, 3, 2), numpy.uint8)})
    (folder / 'train_32x32.mat').write_bytes(data)
    monkeypatch.setitem(svhn.SVHN_FILES, 'train', (
        'train_32x32.mat', 'md5:' + hashlib.md5(data).hexdigest()))
    with pytest.raises(ValueError, match=r'does not hold the SVHN variables X and y'):
        D.get_svhn()


def test_get_svhn_offline_message(root, monkeypatch):
    monkeypatch.setitem(sys.modules, 'pooch', None)
    with pytest.raises(RuntimeError) as e:
        D.get_svhn()
    msg = str(e.value)
    assert 'train_32x32.mat is not in ' + str(root / 'svhn') in msg
    assert svhn.SVHN_URL + 'train_32x32.mat' in msg and "kusari[datasets]" in msg


# -- Penn Treebank --------------------------------------------------------------------------

PTB_TEXT = {
    'train': ' the cat sat on the mat \n a dog <unk> \n',
    'valid': ' the dog sat \n',
    'test': ' a cat \n on <unk> mat \n',
}


def make_ptb_files(folder, texts=PTB_TEXT):
    os.makedirs(folder, exist_ok=True)
    files = {}
    for split, text in texts.items():
        name = 'ptb.{}.txt'.format(split)
        data = text.encode('ascii')
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(data)
        files[split] = (name, 'md5:' + hashlib.md5(data).hexdigest())
    return files


def test_get_ptb_words(root, monkeypatch):
    monkeypatch.setattr(ptb, 'PTB_FILES', make_ptb_files(str(root / 'ptb')))
    vocab = D.get_ptb_words_vocabulary()
    assert vocab == {'the': 0, 'cat': 1, 'sat': 2, 'on': 3, 'mat': 4, '<eos>': 5, 'a': 6,
                     'dog': 7, '<unk>': 8}
    train, valid, test = D.get_ptb_words()
    assert all(a.dtype == numpy.int32 for a in (train, valid, test))
    assert train.tolist() == [0, 1, 2, 3, 0, 4, 5, 6, 7, 8, 5]
    assert valid.tolist() == [0, 7, 2, 5]
    assert test.tolist() == [6, 1, 5, 3, 8, 4, 5]


def test_get_ptb_words_unknown_word(root, monkeypatch):
    texts = dict(PTB_TEXT, test=' a zebra \n')
    monkeypatch.setattr(ptb, 'PTB_FILES', make_ptb_files(str(root / 'ptb'), texts))
    with pytest.raises(ValueError, match=r"ptb\.test\.txt: the word 'zebra' is not in the "
                                         r"vocabulary"):
        D.get_ptb_words()


def test_get_ptb_offline_message(root, monkeypatch):
    monkeypatch.setitem(sys.modules, 'pooch', None)
    with pytest.raises(RuntimeError) as e:
        D.get_ptb_words()
    msg = str(e.value)
    assert 'ptb.train.txt is not in ' + str(root / 'ptb') in msg
    assert ptb.PTB_URL + 'ptb.train.txt' in msg and "kusari[datasets]" in msg


def test_getters_download_through_pooch_into_the_dataset_folder(root, monkeypatch, tmp_path):
    """A fake pooch serves the files from a local 'server' folder, as pooch.retrieve would."""
    server = tmp_path / 'server'
    files = make_ptb_files(str(server))
    monkeypatch.setattr(ptb, 'PTB_FILES', files)
    fetched = []

    class FakePooch:
        @staticmethod
        def retrieve(url, known_hash, fname, path, progressbar):
            assert url == ptb.PTB_URL + fname and known_hash == dict(files.values())[fname]
            fetched.append(fname)
            data = (server / fname).read_bytes()
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, fname), 'wb') as f:
                f.write(data)
            return os.path.join(path, fname)

    monkeypatch.setitem(sys.modules, 'pooch', FakePooch)
    train, _, _ = D.get_ptb_words()
    assert len(train) == 11
    assert sorted(set(fetched)) == ['ptb.test.txt', 'ptb.train.txt', 'ptb.valid.txt']
    assert (root / 'ptb' / 'ptb.valid.txt').exists()
    fetched.clear()
    D.get_ptb_words()  # now from the cache
    assert fetched == []
