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
