import numpy
import pytest


def _inputs(t, mode):
    a, b, c = t.data if mode is not None else (t.data[0],) * 3
    return a, b, c


@pytest.mark.parametrize('in_mode', [tuple, dict, None])
@pytest.mark.parametrize('out_mode', [tuple, dict, None])
@pytest.mark.parametrize('rows', [None, [7, 2], slice(None, 3)])
@pytest.mark.parametrize('batch', [False, True])
def test_transform(in_mode, out_mode, rows, batch, table):
    base = table(mode=in_mode, arrays=True)
    t = base.with_converter(lambda *a, **k: 'converted')
    got = []

    def f(*args, **kwargs):
        if in_mode is dict:
            assert not args and sorted(kwargs) == ['a', 'b', 'c']
            a, b, c = kwargs['a'], kwargs['b'], kwargs['c']
        elif in_mode is tuple:
            assert not kwargs
            a, b, c = args
        else:
            (a,), b, c = args, args[0], args[0]
        got.append(a)
        if out_mode is tuple:
            return a + b, b * c
        if out_mode is dict:
            return {'x': a + b, 'y': b * c}
        return a - c + 1

    keys = ('x', 'y') if out_mode is not None else 'x'
    view = t.transform_batch(keys, f) if batch else t.transform(keys, f)
    assert view.keys == (('x', 'y') if out_mode is not None else ('x',))
    assert len(view) == 10
    assert view.mode is out_mode
    a, b, c = _inputs(base, in_mode)
    ref = [a + b, b * c] if out_mode is not None else [a - c + 1]
    ref = [r if rows is None else r[rows] for r in ref]
    out = view.get_examples(rows, None)
    for col, r in zip(out, ref):
        assert isinstance(col, numpy.ndarray if batch else list)
        numpy.testing.assert_allclose(col, r)
    if out_mode is not None:
        second, = view.get_examples(rows, (1,))
        numpy.testing.assert_allclose(second, ref[1])
    # the first call (asked by `mode`) saw one row; batches see whole columns
    assert isinstance(got[-1], numpy.ndarray if batch else float)
    assert view.convert(view.fetch()) == 'converted'


def test_mode_is_found_by_running_the_transform_on_row_0(table):
    t = table(mode=tuple)
    view = t.transform(('s',), lambda a, b, c: {'s': a})
    assert t.calls == []
    assert view.mode is dict and t.calls == [([0], None)]
    assert view[3] == {'s': t.data[0, 3]}


@pytest.mark.parametrize('batch', [False, True])
def test_transform_must_keep_its_return_type(batch, table):
    results = iter([(1.0,), {'a': 1.0}])

    def f(a, b, c):
        out = next(results)
        if batch:
            return tuple([v] * len(a) for v in out) if isinstance(out, tuple) else {
                'a': [1.0] * len(a)}
        return out

    t = table()
    view = (t.transform_batch if batch else t.transform)(('a',), f)
    view.get_examples([0], None)
    name = 'transform_batch' if batch else 'transform'
    with pytest.raises(ValueError, match=name + ' must not change its return type: it '
                                               'returned a tuple before and now a dict'):
        view.get_examples([0], None)


def test_transform_batch_must_keep_the_length(table):
    view = table().transform_batch('a', lambda a, b, c: a + [0.0])
    with pytest.raises(ValueError, match=r'must not change the length of data: it was given '
                                         r'2 rows and returned columns of lengths \[3\]'):
        view.get_examples([0, 1], None)


def test_single_value_transform_has_one_column(table):
    view = table().transform(('p', 'q'), lambda a, b, c: a)
    with pytest.raises(IndexError, match=r"returned a single value but the view has the keys "
                                         r"\('p', 'q'\)"):
        view.get_examples([0], (1,))
