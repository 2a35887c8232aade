"""dump_graph (DumpGraph) and VariableStatisticsPlot."""
import warnings

import numpy
import pytest

import kusari
import kusari.links as L
from kusari.training import extensions as E
from kusari.training.extensions import computational_graph as cg_ext
from kusari.training.extensions import variable_statistics_plot as vsp


def test_dump_graph_is_the_alias_and_writes_once(tiny, tmp_path, monkeypatch):
    assert E.dump_graph is E.DumpGraph
    monkeypatch.setattr(cg_ext, 'is_graphviz_available', lambda: False)
    trainer, _, _ = tiny(tmp_path, stop=(3, 'iteration'),
                         extensions=[E.dump_graph('main/loss', out_name='graph.dot')])
    with kusari.using_config('keep_graph_on_report', False):
        trainer.run()
        assert kusari.config.keep_graph_on_report is False
    dot = (tmp_path / 'graph.dot').read_text()
    assert 'label="MatMul"' in dot or 'atmul' in dot.lower()
    assert 'shape="octagon",fillcolor="#E0E0E0"' in dot
    assert not (tmp_path / 'graph.png').exists()
    # the thread had no value of its own before: the global one shows through again
    assert 'keep_graph_on_report' not in kusari.config.__dict__


def test_dump_graph_renders_png_when_graphviz_runs(tiny, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(cg_ext, 'is_graphviz_available', lambda: True)
    monkeypatch.setattr(cg_ext.subprocess, 'run', lambda args, **kw: calls.append(args))
    trainer, _, _ = tiny(tmp_path, stop=(1, 'iteration'),
                         extensions=[E.DumpGraph('main/loss', filename='g.dot')])
    trainer.run()
    assert calls == [['dot', '-Tpng', str(tmp_path / 'g.dot'), '-o', str(tmp_path / 'g.png')]]


def test_is_return_code_zero():
    assert cg_ext.is_return_code_zero(['true']) is True
    assert cg_ext.is_return_code_zero(['false']) is False
    assert cg_ext.is_return_code_zero(['/no/such/program']) is False


def test_dump_graph_unknown_keyword():
    with pytest.raises(TypeError, match=r"unexpected keyword arguments: \['bogus'\]"):
        E.DumpGraph('main/loss', bogus=1)


def test_reservoir_keeps_a_sorted_sample_of_fixed_size():
    numpy.random.seed(1)
    r = vsp.Reservoir(size=3, data_shape=(2,))
    for i in range(10):
        r.add(numpy.full(2, i), idx=i)
    idxs, data = r.get_data()
    assert len(idxs) == 3 and list(idxs) == sorted(idxs)
    numpy.testing.assert_array_equal(data[:, 0], idxs)
    small = vsp.Reservoir(size=5, data_shape=())
    small.add(7.0)
    small.add(8.0)
    idxs, data = small.get_data()
    assert list(idxs) == [0, 1] and list(data) == [7.0, 8.0]


def test_reservoir_samples_uniformly():
    numpy.random.seed(0)
    counts = numpy.zeros(20)
    for _ in range(400):
        r = vsp.Reservoir(size=5, data_shape=())
        for i in range(20):
            r.add(float(i), idx=i)
        counts[r.get_data()[0]] += 1
    # each index kept with probability 5/20: 100 of 400 expected, std ~ 8.7
    assert counts.min() > 60 and counts.max() < 140


def test_statistician():
    x = numpy.random.uniform(-1, 1, (2, 7, 3)).astype(numpy.float32)
    s = vsp.Statistician(True, True, (0., 50., 100.))(x, axis=None)
    assert all(v.dtype == numpy.float32 for v in s.values())
    numpy.testing.assert_allclose(s['mean'], x.mean(), rtol=1e-6)
    numpy.testing.assert_allclose(s['std'], x.std(), rtol=1e-6)
    numpy.testing.assert_allclose(s['percentile'], [x.min(), numpy.median(x), x.max()],
                                  rtol=1e-6)
    s = vsp.Statistician(False, True, ())(x, axis=0)
    assert set(s) == {'std'} and s['std'].shape == (7, 3)


@pytest.mark.parametrize('kwargs', [{}, {'plot_std': False}, {'percentile_sigmas': 50},
                                    {'plot_mean': False, 'plot_std': False,
                                     'percentile_sigmas': (10, 50, 90)},
                                    {'report_grad': False, 'percentile_sigmas': ()}])
def test_variable_statistics_plot_draws(tiny, tmp_path, kwargs):
    pytest.importorskip('matplotlib')
    trainer, model, _ = tiny(tmp_path, stop=(4, 'iteration'))
    ext = E.VariableStatisticsPlot(model, trigger=(2, 'iteration'), file_name='s.png',
                                   **kwargs)
    trainer.extend(ext, trigger=(1, 'iteration'))
    trainer.run()
    png = (tmp_path / 's.png').read_bytes()
    assert png.startswith(b'\x89PNG')
    idxs, data = ext._samples.get_data()
    assert list(idxs) == [1, 2, 3, 4]
    if kwargs == {}:
        # 'data' row: mean, std, 9 percentiles of the one parameter w at each iteration
        assert data.shape == (4, 2, 11)
        w_final = model.w.array.ravel()
        numpy.testing.assert_allclose(data[-1, 0, 0], w_final.mean(), rtol=1e-6)
        numpy.testing.assert_allclose(data[-1, 0, 2], w_final.min(), rtol=1e-6)
        numpy.testing.assert_allclose(data[-1, 1, 0], model.w.grad.mean(), rtol=1e-6)


def test_variable_statistics_plot_targets_and_errors():
    link = L.Linear(3, 2)
    ext = E.VariableStatisticsPlot([link, kusari.Variable(numpy.zeros(2))])
    assert len(ext._vars) == 3
    with pytest.raises(ValueError, match='targets must hold at least one variable'):
        E.VariableStatisticsPlot([])
    with pytest.raises(ValueError, match='nothing to plot'):
        E.VariableStatisticsPlot(link, plot_mean=False, plot_std=False, percentile_sigmas=())
    with pytest.raises(TypeError, match='unexpected keyword arguments'):
        E.VariableStatisticsPlot(link, bogus=1)


def test_variable_statistics_plot_without_matplotlib(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr(vsp, '_matplotlib_available', lambda: False)
    trainer, model, _ = tiny(tmp_path, stop=(1, 'iteration'))
    ext = E.VariableStatisticsPlot(model, trigger=(1, 'iteration'))
    trainer.extend(ext, trigger=(1, 'iteration'))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        trainer.run()
    assert any('matplotlib is not installed' in str(x.message) for x in w)
    assert not (tmp_path / 'statistics.png').exists()
