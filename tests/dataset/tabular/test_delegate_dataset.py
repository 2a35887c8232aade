import pytest

from kusari.dataset import TabularDataset, tabular


@pytest.mark.parametrize('mode', [tuple, dict, None])
def test_delegate_dataset_reads_the_wrapped_one(mode, table):
    inner = table(mode=mode)
    d = tabular.DelegateDataset(inner)
    assert isinstance(d, TabularDataset) and d.dataset is inner
    assert len(d) == 10 and d.keys == inner.keys and d.mode is mode
    assert d[3] == inner[3]


def test_delegate_dataset_subclass_and_converter(table):
    class Doubled(tabular.DelegateDataset):
        def __init__(self):
            super().__init__(table(mode=None).with_converter(lambda a: 'mine'))

        def double(self, i):
            return 2 * self[i]

    d = Doubled()
    assert d.double(1) == 2 * d.dataset[1]
    # the wrapped dataset's converter is used
    assert d.convert(d.fetch()) == 'mine'
