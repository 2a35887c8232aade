import threading
import warnings

import numpy
import pytest

import kusari
from kusari import reporter
from kusari.serializers import DictionarySerializer, NpzDeserializer


class Obs:
    pass


def _roundtrip(obj_save, obj_load):
    s = DictionarySerializer()
    obj_save.serialize(s)
    obj_load.serialize(NpzDeserializer(s.target))


def test_report_without_observer_and_with_observer():
    r = reporter.Reporter()
    obs = Obs()
    r.add_observer('model', obs)
    observation = {}
    with r.scope(observation):
        reporter.report({'x': 1.0})
        reporter.report({'y': 2.0}, obs)
    assert observation == {'x': 1.0, 'model/y': 2.0}


def test_add_observers_prefixes_names():
    r = reporter.Reporter()
    a, b = Obs(), Obs()
    r.add_observers('main', [('/a', a), ('/b', b)])
    obs = {}
    with r.scope(obs):
        reporter.report({'v': 3}, b)
    assert obs == {'main/b/v': 3}


def test_unregistered_observer_raises():
    r = reporter.Reporter()
    with r:
        with pytest.raises(KeyError, match='not registered'):
            reporter.report({'v': 1}, Obs())


def test_report_without_current_reporter_is_a_noop():
    reporter.report({'v': 1})  # must not raise


def test_get_current_reporter_and_nesting():
    r1, r2 = reporter.Reporter(), reporter.Reporter()
    with r1:
        assert reporter.get_current_reporter() is r1
        with r2:
            assert reporter.get_current_reporter() is r2
        assert reporter.get_current_reporter() is r1
    with pytest.raises(IndexError):
        reporter.get_current_reporter()


def test_reporters_are_thread_local():
    r = reporter.Reporter()
    seen = []
    with r:
        t = threading.Thread(target=lambda: seen.append(len(reporter._reporters())))
        t.start()
        t.join()
    assert seen == [0]


def test_report_scope_redirects_and_restores():
    r = reporter.Reporter()
    outer, inner = {}, {}
    with r.scope(outer):
        with reporter.report_scope(inner):
            reporter.report({'a': 1})
        reporter.report({'b': 2})
    assert inner == {'a': 1} and outer == {'b': 2}


def test_reported_variable_loses_graph_unless_keep_graph():
    x = kusari.Variable(numpy.array([1.0, 2.0], numpy.float32))
    y = x * 2
    r = reporter.Reporter()
    obs = {}
    with r.scope(obs):
        reporter.report({'y': y})
    assert obs['y'].creator_node is None
    numpy.testing.assert_array_equal(obs['y'].array, [2.0, 4.0])
    obs2 = {}
    with kusari.using_config('keep_graph_on_report', True), r.scope(obs2):
        reporter.report({'y': y})
    assert obs2['y'] is y and y.creator_node is not None


def test_summary_mean_and_std_weighted():
    s = reporter.Summary()
    s.add(1.0)
    s.add(numpy.float32(3.0), weight=3)
    s.add(kusari.Variable(numpy.array(5.0, numpy.float32)))
    mean, std = s.make_statistics()
    values = numpy.array([1, 3, 3, 3, 5], numpy.float64)
    assert s.compute_mean() == pytest.approx(values.mean())
    assert mean == pytest.approx(values.mean())
    assert std == pytest.approx(values.std(), rel=1e-5)


def test_summary_serialize_roundtrip_and_missing_warns():
    s = reporter.Summary()
    s.add(2.0)
    s.add(4.0)
    t = reporter.Summary()
    _roundtrip(s, t)
    assert t.compute_mean() == pytest.approx(3.0)
    with pytest.warns(UserWarning, match='not saved'):
        reporter.Summary().serialize(NpzDeserializer({}))


def test_dict_summary_scalars_only_and_weights():
    d = reporter.DictSummary()
    d.add({'a': 1.0, 'b': numpy.array(2.0), 'v': numpy.ones(3), 's': 'text'})
    d.add({'a': (3.0, 3), 'b': kusari.Variable(numpy.array(4.0))})
    mean = d.compute_mean()
    assert set(mean) == {'a', 'b'}
    assert mean['a'] == pytest.approx(2.5)
    assert mean['b'] == pytest.approx(3.0)
    stats = d.make_statistics()
    assert set(stats) == {'a', 'a.std', 'b', 'b.std'}
    assert stats['b.std'] == pytest.approx(1.0)


def test_dict_summary_nonscalar_weight_raises():
    d = reporter.DictSummary()
    with pytest.raises(ValueError, match='Given weight to a was not scalar'):
        d.add({'a': (1.0, numpy.ones(2))})


def test_dict_summary_serialize_roundtrip():
    d = reporter.DictSummary()
    d.add({'x': 1.0, 'y/z': 10.0})
    d.add({'x': 3.0})
    e = reporter.DictSummary()
    e.add({'stale': 5.0})
    _roundtrip(d, e)
    assert e.compute_mean() == pytest.approx({'x': 2.0, 'y/z': 10.0})
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        d2 = reporter.DictSummary()
        _roundtrip(reporter.DictSummary(), d2)
        assert d2.compute_mean() == {}


def test_top_level_names():
    assert kusari.Reporter is reporter.Reporter
    assert kusari.report is reporter.report
    assert kusari.DictSummary is reporter.DictSummary
