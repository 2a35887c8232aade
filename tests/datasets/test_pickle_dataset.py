import io
import multiprocessing
import os
import pickle

import pytest

from kusari import datasets as D
from kusari.datasets import pickle_dataset


def test_write_then_read_in_any_order():
    f = io.BytesIO()
    w = D.PickleDatasetWriter(f)
    items = [1, 'two', (3.0, [4]), {'five': None}]
    for x in items:
        w.write(x)
    w.flush()
    d = D.PickleDataset(f)
    assert len(d) == 4
    assert [d[i] for i in (3, 0, 2, 1)] == [items[3], items[0], items[2], items[1]]
    assert d[1:3] == items[1:3]


def test_helpers_open_and_close_files(tmp_path):
    path = str(tmp_path / 'data.pkl')
    with D.open_pickle_dataset_writer(path, protocol=2) as w:
        w.write({'x': 1})
        w.write([2])
    with D.open_pickle_dataset(path) as d:
        assert len(d) == 2 and d[0] == {'x': 1}
    with pytest.raises(ValueError):
        d[0]  # closed


def test_the_dataset_pickles(tmp_path):
    path = str(tmp_path / 'data.pkl')
    with D.open_pickle_dataset_writer(path) as w:
        w.write('a')
        w.write('b')
    d = D.open_pickle_dataset(path)
    e = pickle.loads(pickle.dumps(d))  # the reader reopens the file
    assert e[1] == 'b' and d[0] == 'a'
    d.close()
    e.close()


def test_unseekable_reader():
    class Pipe(io.BytesIO):
        def seekable(self):
            return False

    with pytest.raises(ValueError, match='must support random access'):
        D.PickleDataset(Pipe())


class _Reader(io.BytesIO):
    """A reader whose after_fork writes the child's pid to a pipe."""

    def __init__(self, data, conn):
        super().__init__(data)
        self.conn = conn

    def after_fork(self):
        self.conn.send(os.getpid())


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs fork')
def test_after_fork_is_called_in_the_child():
    f = io.BytesIO()
    D.PickleDatasetWriter(f).write(1)
    parent, child = multiprocessing.Pipe()
    d = D.PickleDataset(_Reader(f.getvalue(), child))
    ctx = multiprocessing.get_context('fork')
    p = ctx.Process(target=lambda: None)
    p.start()
    p.join()
    assert parent.poll(5) and parent.recv() == p.pid
    assert not parent.poll(0.1)  # once, and not in this process
    assert d[0] == 1


def test_file_reader_reopens_after_fork(tmp_path):
    path = tmp_path / 'x.pkl'
    path.write_bytes(pickle.dumps(7))
    r = pickle_dataset._FileReader(str(path))
    first = r._fp
    r.after_fork()
    assert first.closed and not r._fp.closed
    assert pickle.load(r) == 7
    r.close()


def test_docstrings_warn_that_reading_runs_code():
    for obj in (pickle_dataset, D.PickleDataset, D.open_pickle_dataset):
        text = ' '.join(obj.__doc__.split())
        assert 'run arbitrary code' in text or 'run any code' in text
