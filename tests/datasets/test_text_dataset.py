import pickle

import pytest

from kusari import datasets as D


@pytest.fixture
def files(tmp_path):
    (tmp_path / 'a.txt').write_text('hello\nworld\ntest\n')
    (tmp_path / 'b.txt').write_text('test file\nhello test\nworld test\n')
    (tmp_path / 'noeol.txt').write_text('hello\nworld\ntest')
    (tmp_path / 'blank.txt').write_text('hello\n\nworld\n')
    (tmp_path / 'ja.txt').write_bytes('テスト1\r\nテスト2\r\nTest3\r\n'.encode('utf-8'))
    (tmp_path / 'bom.txt').write_bytes(b'\xef\xbb\xbf' + 'テスト1\nTest2\n'.encode('utf-8'))
    (tmp_path / 'short.txt').write_text('one\ntwo\n')
    return tmp_path


def test_lines_keep_their_ends(files):
    d = D.TextDataset(str(files / 'a.txt'))
    assert len(d) == 3 and d[0] == 'hello\n' and d[2] == 'test\n' and d[-1] == 'test\n'
    assert d[1:] == ['world\n', 'test\n']
    assert [len(D.TextDataset(str(files / n))) for n in ('noeol.txt', 'blank.txt')] == [3, 3]
    assert D.TextDataset(str(files / 'noeol.txt'))[2] == 'test'
    assert D.TextDataset(str(files / 'blank.txt'))[1] == '\n'


def test_random_access_reads_the_right_line(files):
    d = D.TextDataset(str(files / 'ja.txt'), encoding='utf-8')
    assert [d[i] for i in (2, 0, 1, 0)] == ['Test3\n', 'テスト1\n', 'テスト2\n', 'テスト1\n']
    keep = D.TextDataset(str(files / 'ja.txt'), encoding='utf-8', newline='\r\n')
    assert keep[1] == 'テスト2\r\n'
    assert D.TextDataset(str(files / 'bom.txt'), encoding='utf-8-sig')[0] == 'テスト1\n'
    assert D.TextDataset(str(files / 'ja.txt'), encoding='ascii', errors='ignore')[0] == '1\n'


def test_several_files_and_per_file_options(files):
    d = D.TextDataset([str(files / 'a.txt'), str(files / 'ja.txt')],
                      encoding=['ascii', 'utf-8'])
    assert d[1] == ('world\n', 'テスト2\n')


def test_filter(files):
    d = D.TextDataset([str(files / 'a.txt'), str(files / 'b.txt')],
                      filter_func=lambda x, y: x != 'world\n' and 'test' in y)
    assert len(d) == 2 and d[1] == ('test\n', 'world test\n')
    with pytest.raises(IndexError, match='index 2 is out of range for 2 lines'):
        d[2]


def test_pickle_reopens_and_reuses_positions(files):
    d = D.TextDataset([str(files / 'a.txt'), str(files / 'b.txt')])
    e = pickle.loads(pickle.dumps(d))
    assert e[2] == d[2] == ('test\n', 'world test\n')
    assert e._starts == d._starts


def test_close(files):
    d = D.TextDataset([str(files / 'a.txt')] * 3)
    d.close()
    with pytest.raises(ValueError):
        d[0]
    d = D.TextDataset([str(files / 'a.txt')] * 3)
    d._fps[1] = None
    with pytest.raises(AttributeError):
        d.close()
    assert d._fps[0].closed and d._fps[2].closed


def test_errors(files):
    with pytest.raises(ValueError, match='at least one text file'):
        D.TextDataset([])
    with pytest.raises(ValueError, match='do not have the same number of lines'):
        D.TextDataset([str(files / 'a.txt'), str(files / 'short.txt')])
    with pytest.raises(ValueError, match='encoding has 1 entries but 2 text files'):
        D.TextDataset([str(files / 'a.txt')] * 2, encoding=['ascii'])
