import io
import json
import os
import re

import numpy
import pytest

import kusari
from kusari import iterators
from kusari.serializers import DictionarySerializer, NpzDeserializer
from kusari.training import extensions as E


class TTY(io.StringIO):
    def isatty(self):
        return True


def roundtrip(src, dst):
    s = DictionarySerializer()
    src.serialize(s)
    dst.serialize(NpzDeserializer(dict(s.target)))


def test_evaluator_reports_means_in_test_mode(tiny_model, tiny_data):
    model = tiny_model()
    modes = []
    orig = model.forward

    def forward(x, t):
        modes.append((kusari.config.train, kusari.config.enable_backprop))
        return orig(x, t)

    model.forward = forward
    data = tiny_data(6)
    ev = E.Evaluator(iterators.SerialIterator(data, 3, repeat=False, shuffle=False), model)
    ev.name = 'validation'
    r = kusari.Reporter()
    r.add_observer('main', model)
    obs = {}
    with r.scope(obs):
        result = ev()
    xs = numpy.stack([data[i][0] for i in range(6)])
    ts = numpy.stack([data[i][1] for i in range(6)])
    per_batch = [float((((xs[s] @ model.w.array) - ts[s]) ** 2).sum() / 3)
                 for s in (slice(0, 3), slice(3, 6))]
    assert set(result) == {'validation/main/loss', 'validation/main/n'}
    assert float(obs['validation/main/loss']) == pytest.approx(numpy.mean(per_batch), rel=1e-5)
    assert modes == [(False, False)] * 2
    assert ev.get_target('main') is model and 'main' in ev.get_all_iterators()
    with r.scope({}):
        result2 = ev.evaluate()  # the iterator is reset: same result again
    assert float(result2['main/loss']) == pytest.approx(numpy.mean(per_batch), rel=1e-5)


def test_evaluator_warns_on_repeating_iterator_and_eval_hook(tiny_model, tiny_data):
    with pytest.warns(UserWarning, match='`repeat` property of the iterator main'):
        E.Evaluator(iterators.SerialIterator(tiny_data(4), 2), tiny_model())
    hooked = []
    ev = E.Evaluator(iterators.SerialIterator(tiny_data(4), 2, repeat=False), tiny_model(),
                     eval_hook=hooked.append, eval_func=lambda x, t: None)
    with kusari.Reporter().scope({}):
        assert ev.evaluate() == {}
    assert hooked == [ev]


def test_evaluator_copies_an_iterator_without_reset_and_warns(tiny_model, tiny_data):
    class NoReset(kusari.dataset.Iterator):  # an old-style iterator: copied, not reset
        repeat = False

        def __init__(self, data):
            self.data, self.position = data, 0

        def __next__(self):
            if self.position >= len(self.data):
                raise StopIteration
            self.position += 2
            return [self.data[i] for i in range(self.position - 2, self.position)]

    it = NoReset(tiny_data(4))
    model = tiny_model()
    ev = E.Evaluator(it, model)
    r = kusari.Reporter()
    r.add_observer('main', model)
    for _ in range(2):  # the copy runs over the data; the original is never consumed
        with r.scope({}):
            with pytest.warns(DeprecationWarning, match='does not have the reset method'):
                assert 'main/loss' in ev.evaluate()
    assert it.position == 0


def test_log_report_writes_json_per_epoch(tiny, tmp_path):
    log = E.LogReport()
    trainer, _, _ = tiny(tmp_path, stop=(3, 'epoch'), n=20, batch=5, extensions=[log])
    trainer.run()
    assert len(log.log) == 3
    entry = log.log[1]
    assert set(entry) == {'main/loss', 'main/n', 'epoch', 'iteration', 'elapsed_time'}
    assert entry['epoch'] == 2 and entry['iteration'] == 8 and entry['main/n'] == 5.0
    on_disk = json.load(open(tmp_path / 'log'))
    assert on_disk == log.log
    assert [f for f in os.listdir(tmp_path) if 'tmp' in f] == []


def test_log_report_keys_trigger_postprocess_filename(tiny, tmp_path):
    def post(entry):
        entry['double'] = 2 * entry['main/loss']

    log = E.LogReport(keys=['main/loss'], trigger=(2, 'iteration'), postprocess=post,
                      filename='log_{iteration}.json')
    trainer, _, _ = tiny(tmp_path, stop=(4, 'iteration'), extensions=[log])
    trainer.run()
    assert [e['iteration'] for e in log.log] == [2, 4]
    assert 'main/n' not in log.log[0]
    assert log.log[0]['double'] == pytest.approx(2 * log.log[0]['main/loss'])
    assert (tmp_path / 'log_2.json').exists() and (tmp_path / 'log_4.json').exists()
    quiet = E.LogReport(log_name=None)
    trainer, _, _ = tiny(tmp_path / 'q', stop=(1, 'epoch'), extensions=[quiet])
    trainer.run()
    assert len(quiet.log) == 1 and os.listdir(tmp_path / 'q') == []


def test_log_report_serialize(tiny, tmp_path):
    log = E.LogReport()
    trainer, _, _ = tiny(tmp_path, stop=(2, 'epoch'), extensions=[log])
    trainer.run()
    other = E.LogReport()
    roundtrip(log, other)
    assert other.log == log.log


def test_print_report_output(tiny, tmp_path):
    out = io.StringIO()
    log = E.LogReport()
    pr = E.PrintReport(['epoch', 'main/loss', 'missing'], out=out)
    trainer, _, _ = tiny(tmp_path, stop=(2, 'epoch'), extensions=[log, pr])
    trainer.run()
    lines = out.getvalue().split('\n')
    assert lines[0] == 'epoch       main/loss   missing   '
    assert lines[1].startswith('1           ')
    assert lines[1][12:24].strip() == '{:g}'.format(log.log[0]['main/loss'])
    assert lines[1][24:] == ' ' * 12
    assert lines[2].startswith('2   ') and lines[3] == ''
    assert '\x1b' not in out.getvalue()


def test_print_report_on_terminal_clears_below_and_runs_given_log_report(tiny, tmp_path):
    out = TTY()
    log = E.LogReport(trigger=(1, 'iteration'))
    trainer, _, _ = tiny(tmp_path, stop=(2, 'iteration'),
                         extensions=[E.PrintReport(['iteration'], log_report=log, out=out)])
    trainer.run()
    text = out.getvalue()
    assert text == 'iteration \n\x1b[J1           \n\x1b[J2           \n'
    with pytest.raises(TypeError, match='log report has a wrong type'):
        E.PrintReport(['x'], log_report=3)(trainer)


def test_progress_bar_log_file_lines(tiny, tmp_path):
    out = io.StringIO()
    pb = E.ProgressBar(update_interval=2, out=out, bar_length=10, log_interval=0)
    trainer, _, _ = tiny(tmp_path, stop=(2, 'epoch'), n=20, batch=5, extensions=[pb])
    trainer.run()
    lines = out.getvalue().splitlines()
    assert '\x1b' not in out.getvalue()
    # one line per check (log_interval=0); the first has no speed yet, nor a speed of 'inf'
    assert lines[0] == 'progress: epoch 0/2 (25.00%), iteration 2'
    for line, head in zip(lines[1:3], ['progress: epoch 1/2 (50.00%), iteration 4, ',
                                       'progress: epoch 1/2 (75.00%), iteration 6, ']):
        assert line.startswith(head)
        assert re.fullmatch(r'[0-9.]+ iters/sec, 0:00:\d\d to finish', line[len(head):])
    assert re.fullmatch(r'progress: finished 2 epochs, 8 iterations in 0:00:\d\d '
                        r'\([0-9.]+ iters/sec\)', lines[3])
    assert len(lines) == 4


def test_progress_bar_log_lines_are_spaced_in_time(tiny, tmp_path, monkeypatch):
    from kusari.training.extensions import progress_bar
    clock = [100.0]
    monkeypatch.setattr(progress_bar.time, 'perf_counter', lambda: clock[0])
    out = io.StringIO()
    pb = E.ProgressBar(training_length=(100, 'iteration'), update_interval=1, out=out,
                       log_interval=10)
    trainer, _, _ = tiny(tmp_path, stop=(100, 'iteration'))
    for i in range(1, 31):
        trainer.updater.iteration = i   # (the iterator does not move: the epoch stays 0)
        pb(trainer)
        clock[0] += 1.0         # one iteration per second
    lines = out.getvalue().splitlines()
    # the first check, then one line per 10 seconds with the speed and the time left
    assert lines == ['progress: iteration 1/100 (1.00%), epoch 0',
                     'progress: iteration 11/100 (11.00%), epoch 0, 1 iters/sec, 0:01:29 to '
                     'finish',
                     'progress: iteration 21/100 (21.00%), epoch 0, 1 iters/sec, 0:01:19 to '
                     'finish']
    pb.finalize()               # stopped early: no 'finished' line
    assert len(out.getvalue().splitlines()) == 3


def test_progress_bar_rejects_a_bad_interval():
    with pytest.raises(ValueError, match='update_interval must be a positive integer, not 0'):
        E.ProgressBar(update_interval=0)


def test_progress_bar_terminal_redraws_in_place(tiny, tmp_path):
    out = TTY()
    pb = E.ProgressBar(training_length=(4, 'iteration'), update_interval=1, out=out,
                       bar_length=4)
    trainer, _, _ = tiny(tmp_path, stop=(4, 'iteration'), extensions=[pb])
    trainer.run()
    text = out.getvalue()
    assert text.count('\x1b[4A') == 4 and text.endswith('\x1b[J')
    assert '     total [#...] 25.00%\n' in text
    assert '         4 iter, 1 epoch / 4 iterations\n' in text
    eta = [line for line in text.split('\n') if 'Estimated time' in line]
    assert len(eta) == 4 and all('iters/sec' in s for s in eta)


def test_plot_report_epoch_ticks_are_integers(tiny, tmp_path):
    pytest.importorskip('matplotlib')
    ticks = []

    def look(figure, axes, summary):
        figure.canvas.draw()
        ticks.append([t for ax in figure.axes for t in ax.get_xticks()
                      if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]])

    pr = E.PlotReport([['main/loss'], ['main/n']], 'epoch', postprocess=look)
    trainer, _, _ = tiny(tmp_path, stop=(5, 'epoch'), extensions=[pr])
    trainer.run()
    assert len(ticks) == 5 and all(ticks)
    assert all(float(t).is_integer() for t in ticks[-1])   # no tick at 2.5 epochs


def test_plot_report_writes_png(tiny, tmp_path):
    pytest.importorskip('matplotlib')
    assert E.PlotReport.available()
    pr = E.PlotReport(['main/loss'], 'epoch', filename='loss.png')
    two = E.PlotReport([['main/loss'], ['main/n']], 'iteration', trigger=(2, 'iteration'),
                       filename='two.png')
    trainer, _, _ = tiny(tmp_path, stop=(2, 'epoch'), extensions=[pr, two])
    trainer.run()
    for name in ('loss.png', 'two.png'):
        data = (tmp_path / name).read_bytes()
        assert data[:8] == b'\x89PNG\r\n\x1a\n'
    assert [x for x, _ in pr._data['main/loss']] == [1, 2]
    assert len(two._data['main/n']) == 4
    from PIL import Image
    w1, _ = Image.open(tmp_path / 'loss.png').size
    w2, _ = Image.open(tmp_path / 'two.png').size
    assert w2 > 1.5 * w1  # two panels side by side
    other = E.PlotReport(['main/loss'], 'epoch', filename='loss.png')
    roundtrip(pr, other)
    assert other._data == pr._data


def test_plot_report_nothing_to_plot_writes_nothing(tiny, tmp_path):
    pr = E.PlotReport(['absent'], filename='none.png')
    trainer, _, _ = tiny(tmp_path, stop=(1, 'epoch'), extensions=[pr])
    trainer.run()
    assert not (tmp_path / 'none.png').exists()


def test_micro_average(tiny, tmp_path, fake_trainer):
    ma = E.MicroAverage('num', 'den', 'ratio', trigger=(2, 'iteration'))
    tr = fake_trainer()
    r = kusari.Reporter()
    results = []
    for num, den in [(1, 2), (3, 6), (5, 10), (0, 0)]:
        tr.updater.step()
        tr.observation = {'num': num, 'den': den}
        with r.scope(tr.observation):
            ma(tr)
        results.append(tr.observation.get('ratio'))
    assert results[0] is None and results[1] == pytest.approx(4 / 8)
    assert results[3] == pytest.approx(5 / 10)
    tr.observation = {'num': 1}
    ma(tr)  # incomplete observation: ignored
    other = E.MicroAverage('num', 'den', 'ratio')
    roundtrip(ma, other)
    assert other._numerator == 0


def test_observe_value_and_lr(tiny, tmp_path):
    seen = []
    trainer, _, opt = tiny(tmp_path, stop=(2, 'epoch'))
    trainer.extend(E.observe_lr())
    trainer.extend(E.observe_value('it', lambda tr: tr.updater.iteration))
    trainer.extend(lambda tr: seen.append((tr.observation.get('lr'), tr.observation.get('it'))),
                   name='spy', trigger=(1, 'epoch'))
    trainer.run()
    assert seen == [(opt.lr, 4), (opt.lr, 8)]


def test_parameter_statistics(tiny_model):
    model = tiny_model()
    model.name = 'main'
    model.w.grad = numpy.array([[0.0], [2.0]], numpy.float32)
    ps = E.ParameterStatistics(model, trigger=(1, 'iteration'))
    ps.register_statistics('sum', lambda a: a.sum())
    r = kusari.Reporter()

    class T:
        observation = {}

        class updater:
            iteration = 1
            epoch_detail = 0.1
            previous_epoch_detail = 0.0

    obs = {}
    with r.scope(obs):
        ps(T())
    assert obs['main/w/data/mean'] == pytest.approx(0.0)
    assert obs['main/w/data/max'] == pytest.approx(0.5)
    assert obs['main/w/grad/zeros'] == 1
    assert obs['main/w/grad/sum'] == pytest.approx(2.0)
    assert obs['main/w/data/percentile/3'] == pytest.approx(0.0)
    assert 'main/w/data/percentile/6' in obs
    ps2 = E.ParameterStatistics([model], statistics={'max': numpy.max}, report_grads=False,
                                prefix='p', trigger=(1, 'iteration'), skip_nan_params=True)
    model.w.array[0, 0] = numpy.nan
    obs = {}
    with r.scope(obs):
        ps2(T())
    assert list(obs) == ['p/main/w/data/max'] and numpy.isnan(obs['p/main/w/data/max'])


@pytest.mark.filterwarnings('ignore::RuntimeWarning')
def test_fail_on_nonnumber(tiny, tmp_path):
    trainer, model, _ = tiny(tmp_path, stop=(3, 'iteration'), extensions=[E.FailOnNonNumber()])
    trainer.run()  # finite: fine
    trainer, model, _ = tiny(tmp_path / 'b', stop=(3, 'iteration'), lr=1e30,
                             extensions=[E.FailOnNonNumber()])
    with pytest.raises(RuntimeError, match="parameters in optimizer 'main' diverge"):
        trainer.run(show_loop_exception_msg=False)


def test_dump_graph_writes_dot(tiny, tmp_path):
    assert not kusari.config.keep_graph_on_report
    trainer, _, _ = tiny(tmp_path, stop=(2, 'iteration'),
                         extensions=[E.DumpGraph('main/loss', filename='g.dot')])
    trainer.run()
    dot = (tmp_path / 'g.dot').read_text()
    assert dot.startswith('digraph graphname{') and dot.rstrip().endswith('}')
    assert 'label="MatMul' in dot or 'label="Matmul' in dot or 'atmul' in dot.lower()
    assert '(2, 1), float32' in dot  # the parameter w
    assert dot.count('->') >= 4
    assert not kusari.config.keep_graph_on_report  # restored


def test_dump_graph_non_variable_root(tiny, tmp_path):
    trainer, _, _ = tiny(tmp_path, stop=(1, 'iteration'),
                         extensions=[E.DumpGraph('main/n')])
    with pytest.raises(TypeError, match='root value is not a Variable'):
        trainer.run(show_loop_exception_msg=False)
    assert not kusari.config.keep_graph_on_report


def test_unchain_variables(tiny, tmp_path):
    kept = []
    trainer, _, _ = tiny(tmp_path, stop=(1, 'iteration'))
    trainer.extend(lambda tr: kept.append((tr.observation['main/loss'],
                                           tr.observation['main/loss'].creator_node)),
                   name='grab', priority=50)
    trainer.extend(E.unchain_variables())
    with kusari.using_config('keep_graph_on_report', True):
        trainer.run()
    loss, creator = kept[0]
    assert creator is not None  # the graph was kept for the report ...
    assert loss.creator_node is None  # ... and cut after the iteration


def test_unchain_variables_only_after_keep_graph_iterations(tiny, tmp_path):
    kept = []
    trainer, _, _ = tiny(tmp_path, stop=(1, 'iteration'))
    trainer.extend(lambda tr: kept.append(tr.observation['main/loss']), name='grab',
                   priority=50)
    ext = E.unchain_variables()
    trainer.extend(ext)
    trainer.run()  # keep_graph_on_report is off: reports are already detached
    assert ext.trigger(trainer) is False
