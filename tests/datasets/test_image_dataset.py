import sys

import numpy
import pytest

from kusari import datasets as D

Image = pytest.importorskip('PIL.Image')


@pytest.fixture
def images(tmp_path):
    rgb = (numpy.arange(4 * 5 * 3) % 256).astype(numpy.uint8).reshape(4, 5, 3)
    gray = (numpy.arange(4 * 5) * 3).astype(numpy.uint8).reshape(4, 5)
    Image.fromarray(rgb).save(tmp_path / 'rgb.png')
    Image.fromarray(gray).save(tmp_path / 'gray.png')
    (tmp_path / 'pairs.txt').write_text('rgb.png 3\ngray.png 7\n')
    (tmp_path / 'paths.txt').write_text('rgb.png\ngray.png\n')
    return tmp_path, rgb, gray


def test_labeled_image_dataset_from_file(images):
    root, rgb, gray = images
    d = D.LabeledImageDataset(str(root / 'pairs.txt'), root=str(root))
    assert len(d) == 2
    x, t = d[0]
    assert x.shape == (3, 4, 5) and x.dtype == numpy.float32
    assert t.dtype == numpy.int32 and int(t) == 3
    numpy.testing.assert_array_equal(x, rgb.transpose(2, 0, 1))
    x, t = d[1]
    assert x.shape == (1, 4, 5) and int(t) == 7
    numpy.testing.assert_array_equal(x[0], gray)


def test_labeled_image_dataset_from_pairs(images):
    root, _, gray = images
    d = D.LabeledImageDataset([('gray.png', 1)], root=str(root), dtype=numpy.float64,
                              label_dtype=numpy.int64)
    x, t = d[0]
    assert x.dtype == numpy.float64 and t.dtype == numpy.int64


def test_labeled_image_dataset_bad_line(images):
    root, _, _ = images
    (root / 'bad.txt').write_text('rgb.png 1 extra\n')
    with pytest.raises(ValueError, match='invalid format at line 0'):
        D.LabeledImageDataset(str(root / 'bad.txt'))


def test_image_dataset(images):
    root, rgb, _ = images
    d = D.ImageDataset(str(root / 'paths.txt'), root=str(root))
    assert len(d) == 2 and d[0].shape == (3, 4, 5)


def test_missing_pillow_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, 'PIL', None)
    with pytest.raises(ImportError, match=r"kusari\[pillow\]"):
        D.LabeledImageDataset([])


@pytest.fixture
def zips(images):
    import zipfile
    root, rgb, gray = images
    rgba = (numpy.arange(3 * 2 * 4) * 7 % 256).astype(numpy.uint8).reshape(3, 2, 4)
    Image.fromarray(rgba).save(root / 'rgba.png')
    with zipfile.ZipFile(root / 'one.zip', 'w') as z:
        z.write(root / 'rgb.png', 'rgb.png')
        z.writestr('sub/', '')  # a folder entry is not an example
        z.write(root / 'gray.png', 'sub/gray.png')
    with zipfile.ZipFile(root / 'two.zip', 'w') as z:
        z.write(root / 'rgba.png', 'rgba.png')
    (root / 'zlabels.txt').write_text('sub/gray.png 4\nrgb.png 2\n')
    return root, rgb, gray, rgba


def test_zipped_image_dataset(zips):
    root, rgb, gray, _ = zips
    d = D.ZippedImageDataset(str(root / 'one.zip'), dtype=numpy.int32)
    assert len(d) == 2
    x = d[0]
    assert x.dtype == numpy.int32 and x.shape == (3, 4, 5)
    numpy.testing.assert_array_equal(x, rgb.transpose(2, 0, 1))
    numpy.testing.assert_array_equal(d.get_example('sub/gray.png')[0], gray)
    assert d[-1].shape == (1, 4, 5)


def test_zipped_image_dataset_pickles_and_survives_a_fork(zips):
    import os
    import pickle
    root, rgb, _, _ = zips
    d = D.ZippedImageDataset(str(root / 'one.zip'))
    e = pickle.loads(pickle.dumps(d))
    assert e._zf is None  # reopened on first use
    numpy.testing.assert_array_equal(e[0], d[0])
    d._zf_pid = os.getpid() + 1  # as seen from a forked child: the archive is reopened
    old = d._zf
    numpy.testing.assert_array_equal(d[0], rgb.transpose(2, 0, 1))
    assert d._zf is not old and d._zf_pid == os.getpid()


def test_multi_zipped_image_dataset(zips):
    import pickle
    root, rgb, gray, rgba = zips
    d = D.MultiZippedImageDataset([str(root / 'one.zip'), str(root / 'two.zip')])
    assert len(d) == 3
    shapes = [(3, 4, 5), (1, 4, 5), (4, 3, 2)]
    for i, shape in enumerate(shapes):
        assert d[i].shape == shape and d[i].dtype == numpy.float32
    numpy.testing.assert_array_equal(d[2], rgba.transpose(2, 0, 1))
    numpy.testing.assert_array_equal(d[-3], d[0])
    assert [x.shape for x in pickle.loads(pickle.dumps(d))[0:3]] == shapes
    with pytest.raises(IndexError, match='index 3 is out of range for 3 images'):
        d[3]


def test_labeled_zipped_image_dataset(zips):
    root, rgb, gray, _ = zips
    d = D.LabeledZippedImageDataset(str(root / 'one.zip'), str(root / 'zlabels.txt'),
                                    dtype=numpy.float64, label_dtype=numpy.float32)
    assert len(d) == 2
    x, t = d[0]
    assert x.dtype == numpy.float64 and x.shape == (1, 4, 5)
    assert t.dtype == numpy.float32 and float(t) == 4
    numpy.testing.assert_array_equal(d[1][0], rgb.transpose(2, 0, 1))
    (root / 'bad.txt').write_text('rgb.png\n')
    with pytest.raises(ValueError, match='invalid format at line 0 in file .*bad.txt'):
        D.LabeledZippedImageDataset(str(root / 'one.zip'), str(root / 'bad.txt'))


def test_available_tells_whether_pillow_imports(monkeypatch):
    from kusari.datasets import image_dataset
    assert image_dataset.available is True
    monkeypatch.setattr('importlib.util.find_spec', lambda name: None)
    assert image_dataset.available is False
    with pytest.raises(AttributeError, match='no attribute'):
        image_dataset.nothing_here


def test_zipped_datasets_without_pillow_name_the_extra(monkeypatch, zips):
    root = zips[0]
    monkeypatch.setitem(sys.modules, 'PIL', None)
    with pytest.raises(ImportError, match=r"kusari\[pillow\]"):
        D.ZippedImageDataset(str(root / 'one.zip'))
    with pytest.raises(ImportError, match=r"kusari\[pillow\]"):
        D.LabeledZippedImageDataset(str(root / 'one.zip'), str(root / 'zlabels.txt'))
