"""PlotReport: plot observed values over iterations or epochs into a PNG (matplotlib)."""
import json
import os
import warnings

import numpy

from kusari import reporter
from kusari.reporter import _is_saving
from kusari.training import extension, util


def _matplotlib_available():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _groups(y_keys):
    if isinstance(y_keys, str):
        return [[y_keys]]
    y_keys = list(y_keys)
    if y_keys and all(isinstance(k, (list, tuple)) for k in y_keys):
        return [list(g) for g in y_keys]
    return [y_keys]


class PlotReport(extension.Extension):
    """Plot the means of observed values at each ``trigger`` and save the figure as a PNG.

    matplotlib is imported when the first figure is drawn, with the non-interactive Agg
    canvas (no display is needed).

    Parameters
    ----------
    y_keys : str, list of str, or list of lists of str
        The keys to plot. A list of lists draws one panel per inner list, side by side, in
        the same file (e.g. ``[['main/loss', 'validation/main/loss'], ['main/accuracy',
        'validation/main/accuracy']]``).
    x_key : {'iteration', 'epoch'}
        The horizontal axis (its ticks are integers).
    trigger : tuple or callable
        When to add a point and redraw (``(1, 'epoch')``).
    postprocess : callable, optional
        ``postprocess(figure, axes, summary)`` before saving (``axes`` is the first panel).
    filename : str
        The file in the trainer's output folder (``'plot.png'``).
    marker : str
        The matplotlib marker of the points.
    grid : bool
        Draw a grid.
    """

    def __init__(self, y_keys, x_key='iteration', trigger=(1, 'epoch'), postprocess=None,
                 filename=None, marker='x', grid=True, **kwargs):
        file_name = kwargs.pop('file_name', 'plot.png')
        if kwargs:
            raise TypeError('PlotReport() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        if not _matplotlib_available():
            warnings.warn('matplotlib is not installed, so nothing will be plotted. Install '
                          "it with `pip install 'kusari[matplotlib]'`.")
        self._groups = _groups(y_keys)
        self._y_keys = [k for g in self._groups for k in g]
        self._x_key = x_key
        self._trigger = util.get_trigger(trigger)
        self._file_name = file_name if filename is None else filename
        self._marker = marker
        self._grid = grid
        self._postprocess = postprocess
        self._summary = reporter.DictSummary()
        self._data = {k: [] for k in self._y_keys}

    @staticmethod
    def available():
        """True when matplotlib can be imported."""
        return _matplotlib_available()

    def __call__(self, trainer):
        observation = trainer.observation
        self._summary.add({k: observation[k] for k in self._y_keys if k in observation})
        if not (trainer.is_before_training or self._trigger(trainer)):
            return
        stats = {k: float(v) for k, v in self._summary.compute_mean().items()}
        stats['epoch'] = trainer.updater.epoch
        stats['iteration'] = trainer.updater.iteration
        x = stats[self._x_key]
        for k in self._y_keys:
            if k in stats:
                self._data[k].append((x, stats[k]))
        if self.available():
            self._draw(os.path.join(trainer.out, self._file_name))
        self._summary = reporter.DictSummary()

    def _draw(self, path):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
        n = len(self._groups)
        fig = Figure(figsize=(6.4 * n, 4.8))
        FigureCanvasAgg(fig)
        legends = []
        first = None
        for i, group in enumerate(self._groups):
            ax = fig.add_subplot(1, n, i + 1)
            first = first or ax
            ax.set_xlabel(self._x_key)
            if self._x_key in ('epoch', 'iteration'):   # counts: no ticks at 2.5 epochs
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if self._grid:
                ax.grid()
            for k in group:
                xy = self._data[k]
                if xy:
                    xy = numpy.asarray(xy)
                    ax.plot(xy[:, 0], xy[:, 1], marker=self._marker, label=k)
            if ax.has_data():
                legends.append(ax.legend(loc='best'))
        if not legends:
            return
        if self._postprocess is not None:
            self._postprocess(fig, first, self._summary)
        tmp = '{}.tmp{}.png'.format(path, os.getpid())
        fig.savefig(tmp, bbox_inches='tight')
        os.replace(tmp, path)

    def serialize(self, serializer):
        key = '_plot_{}'.format(self._file_name)
        if _is_saving(serializer):
            serializer(key, json.dumps(self._data))
        else:
            data = json.loads(str(serializer(key, '')))
            self._data = {k: [tuple(p) for p in data.get(k, [])] for k in self._y_keys}
