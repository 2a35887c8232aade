"""Training pieces on 2 processes (cases_training.py), and their single-process parts."""
import pytest

from kusari.chainermn.datasets.scatter import _scatter_index
from kusari.chainermn.extensions._multi_node_snapshot import _parse_replica_sets
from kusari.chainermn.extensions.checkpoint import _CheckpointStats

MPI_CASES = 'cases_training.py'


def test_mpi(mpi_case, mpi_results):
    mpi_results(*mpi_case)


@pytest.mark.parametrize('n,size', [(10, 3), (0, 2), (1, 4), (1244, 23)])
def test_scatter_index_parts(n, size):
    equal = list(_scatter_index(n, size, True))
    assert [r for r, _, _ in equal] == list(range(size))
    assert {e - b for _, b, e in equal} == {-(-n // size)}
    assert set().union(*[range(b, e) for _, b, e in equal]) == set(range(n))
    assert all(e <= n for _, _, e in equal)
    disjoint = list(_scatter_index(n, size, False))
    covered = [i for _, b, e in disjoint for i in range(b, e)]
    assert covered == list(range(n))
    lengths = [e - b for _, b, e in disjoint]
    assert max(lengths) - min(lengths) <= 1
    assert list(_scatter_index(10, 3, False)) == [(0, 0, 4), (1, 4, 7), (2, 7, 10)]


def test_scatter_index_refuses_bad_sizes():
    with pytest.raises(ValueError, match='size > 0'):
        list(_scatter_index(3, 0, True))


@pytest.mark.parametrize('sets,size,expected', [
    ([0], 4, [{0}, {1, 2, 3}]),
    ([[0, 1], [2, 3]], 4, [{0, 1}, {2, 3}]),
    ([], 3, [{0, 1, 2}]),
    ([range(0, 6, 2)], 6, [{0, 2, 4}, {1, 3, 5}]),
])
def test_replica_sets(sets, size, expected):
    assert _parse_replica_sets(sets, size) == expected


def test_replica_sets_errors():
    with pytest.raises(ValueError, match='not in'):
        _parse_replica_sets([5], 4)
    with pytest.raises(ValueError, match='overlap'):
        _parse_replica_sets([[0, 1], [1]], 4)


def test_checkpoint_stats():
    stats = _CheckpointStats()
    assert stats.report() == 'No stats available'
    stats.end()                           # without start: ignored
    stats.start()
    stats.end()
    assert stats.report().startswith('Snapshot duration stats (sec): avg=')
