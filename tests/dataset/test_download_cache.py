import hashlib
import os
import sys

import pytest

from kusari.dataset import download


@pytest.fixture
def root(tmp_path):
    old = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path))
    yield tmp_path
    download.set_dataset_root(old)


def test_root_and_directory(root):
    assert download.get_dataset_root() == str(root)
    d = download.get_dataset_directory('a/b')
    assert os.path.isdir(d) and d == os.path.join(str(root), 'a/b')
    assert not os.path.exists(download.get_dataset_directory('c', create_directory=False))


def test_fetch_file_uses_cached_file_after_checksum(root):
    folder = root / 'x'
    folder.mkdir()
    (folder / 'f.bin').write_bytes(b'hello')
    md5 = hashlib.md5(b'hello').hexdigest()
    path = download.fetch_file('https://example.invalid/f.bin', 'md5:' + md5, path=str(folder))
    assert path == str(folder / 'f.bin')
    sha = hashlib.sha256(b'hello').hexdigest()
    assert download.fetch_file('https://example.invalid/f.bin', sha, path=str(folder)) == path


def test_fetch_file_bad_checksum_names_file(root):
    (root / 'f.bin').write_bytes(b'hello')
    with pytest.raises(ValueError, match=r'md5 checksum of .*f\.bin is .* expected 0+'):
        download.fetch_file('https://example.invalid/f.bin', 'md5:' + '0' * 32,
                            path=str(root))


def test_missing_file_without_pooch_names_file_and_folder(root, monkeypatch):
    monkeypatch.setitem(sys.modules, 'pooch', None)  # import pooch -> ImportError
    with pytest.raises(RuntimeError) as e:
        download.fetch_file('https://example.invalid/data/g.gz', None, path=str(root / 'dst'))
    msg = str(e.value)
    assert 'g.gz is not in' in msg and str(root / 'dst') in msg
    assert 'https://example.invalid/data/g.gz' in msg and 'kusari[datasets]' in msg


def test_missing_file_download_failure_names_file(root, monkeypatch):
    class FakePooch:
        @staticmethod
        def retrieve(url, known_hash, fname, path, progressbar):
            raise OSError('network is unreachable')

    monkeypatch.setitem(sys.modules, 'pooch', FakePooch)
    with pytest.raises(RuntimeError, match=r'could not download g\.gz .*network is unreachable'
                                           r'.*put it at'):
        download.fetch_file('https://example.invalid/g.gz', None, path=str(root))


def test_download_goes_through_pooch(root, monkeypatch):
    calls = []

    class FakePooch:
        @staticmethod
        def retrieve(url, known_hash, fname, path, progressbar):
            calls.append((url, known_hash, fname, path))
            p = os.path.join(path, fname)
            with open(p, 'wb') as f:
                f.write(b'data')
            return p

    monkeypatch.setitem(sys.modules, 'pooch', FakePooch)
    p = download.cached_download('https://example.invalid/h.txt')
    assert open(p, 'rb').read() == b'data'
    assert calls[0][0] == 'https://example.invalid/h.txt'
    # the second call finds the cached file and does not download again
    assert download.cached_download('https://example.invalid/h.txt') == p
    assert len(calls) == 1


def test_cache_or_load_file(root):
    path = str(root / 'sub' / 'cache.txt')
    made = []

    def creator(p):
        made.append(p)
        with open(p, 'w') as f:
            f.write('v')
        return 'created'

    def loader(p):
        return 'loaded:' + open(p).read()

    assert download.cache_or_load_file(path, creator, loader) == 'created'
    assert download.cache_or_load_file(path, creator, loader) == 'loaded:v'
    assert len(made) == 1 and made[0] != path
    assert os.listdir(root / 'sub') == ['cache.txt']


def test_cache_or_load_file_failure_leaves_nothing(root):
    path = str(root / 'cache.txt')

    def creator(p):
        with open(p, 'w') as f:
            f.write('partial')
        raise RuntimeError('interrupted')

    with pytest.raises(RuntimeError, match='interrupted'):
        download.cache_or_load_file(path, creator, open)
    assert os.listdir(root) == []


def test_cache_or_load_file_needs_the_dataset_root(tmp_path):
    # as in Chainer: a root that cannot be made a folder is a RuntimeError
    old = download.get_dataset_root()
    (tmp_path / 'root').write_text('a file, not a folder')
    download.set_dataset_root(str(tmp_path / 'root'))
    try:
        with pytest.raises(RuntimeError, match='cannot create the dataset root folder'):
            download.cache_or_load_file(str(tmp_path / 'x' / 'c.txt'), lambda p: 1, open)
    finally:
        download.set_dataset_root(old)
    assert not (tmp_path / 'x' / 'c.txt').exists()


def test_cache_or_load_file_creator_must_write_the_file(root):
    with pytest.raises(RuntimeError, match='returned without writing the file'):
        download.cache_or_load_file(str(root / 'c.txt'), lambda p: 'content', open)
    assert os.listdir(root) == []
