"""VariableStatisticsPlot: plot how the statistics of parameters (or any variables) evolve."""
import os
import warnings

import numpy

from kusari import backend
from kusari.training import extension, util
from kusari.variable import Variable

_COLOR = '#1f77b4'


def _matplotlib_available():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _unpack_variables(x):
    from kusari.link import Link
    if isinstance(x, Variable):
        return (x,)
    if isinstance(x, Link):
        return tuple(x.params(include_uninit=True))
    if isinstance(x, (list, tuple)):
        out = ()
        for item in x:
            out += _unpack_variables(item)
        return out
    return ()


class Reservoir:
    """A uniform random sample of fixed size from a stream (reservoir sampling).

    Each item added is kept with probability ``size / n`` once ``n`` items were seen, so at
    any time every item seen so far is in the sample with the same probability.

    Parameters
    ----------
    size : int
        The capacity.
    data_shape : tuple of int
        The shape of one item.
    dtype : dtype
        The dtype the items are stored in.
    """

    def __init__(self, size, data_shape, dtype=numpy.float32):
        self.size = size
        self.data = numpy.zeros((size,) + tuple(data_shape), dtype=dtype)
        self.idxs = numpy.zeros((size,), dtype=numpy.int32)
        self.counter = 0

    def add(self, x, idx=None):
        """Offer the item ``x`` with the index ``idx`` (the running count by default).

        Parameters
        ----------
        x : array of shape ``data_shape``
        idx : int, optional
        """
        idx = self.counter if idx is None else idx
        if self.counter < self.size:
            slot = self.counter
        elif numpy.random.random() < self.size / float(self.counter + 1):
            slot = numpy.random.randint(self.size)
        else:
            slot = None
        if slot is not None:
            self.data[slot] = x
            self.idxs[slot] = idx
        self.counter += 1

    def get_data(self):
        """The kept indices in increasing order and their items.

        Returns
        -------
        tuple of array
            ``(indices, items)`` with ``min(size, count)`` rows each.
        """
        n = min(self.counter, self.size)
        order = numpy.argsort(self.idxs[:n], kind='stable')
        return self.idxs[:n][order], self.data[:n][order]


class Statistician:
    """Mean, standard deviation and percentiles of an array, as a dict.

    Parameters
    ----------
    collect_mean, collect_std : bool
        Compute ``'mean'`` / ``'std'``.
    percentile_sigmas : float, sequence of float or None
        The percentiles (0 to 100) of ``'percentile'``; empty or None: none.
    """

    def __init__(self, collect_mean, collect_std, percentile_sigmas):
        self.collect_mean = collect_mean
        self.collect_std = collect_std
        self.percentile_sigmas = percentile_sigmas

    def __call__(self, x, axis=0, dtype=None, xp=None):
        """The statistics of ``x`` along ``axis`` (None: all axes).

        Parameters
        ----------
        x : array
        axis : int, tuple of int or None
        dtype, xp : ignored
            Accepted for compatibility.

        Returns
        -------
        dict
            Some of ``'mean'``, ``'std'`` and ``'percentile'`` (percentiles along the first
            axis of the result).
        """
        if axis is None:
            axis = tuple(range(x.ndim))
        elif not isinstance(axis, (tuple, list)):
            axis = (axis,)
        return self.collect(x, tuple(axis))

    def collect(self, x, axis):
        """The statistics of ``x`` over the axes ``axis`` (a tuple)."""
        out = {}
        if self.collect_mean:
            out['mean'] = x.mean(axis=axis)
        if self.collect_std:
            out['std'] = x.std(axis=axis)
        if self.percentile_sigmas is not None and numpy.size(self.percentile_sigmas):
            xp = backend.get_array_module(x)
            out['percentile'] = xp.percentile(x, self.percentile_sigmas, axis=axis).astype(
                x.dtype, copy=False)
        return out


class VariableStatisticsPlot(extension.Extension):
    """Plot the mean, standard deviation and percentiles of the data and gradients of some
    variables over the iterations, into a PNG in the trainer's output folder.

    At every call the values of all the targets are pooled (flattened together) and their
    statistics computed; a reservoir sample of at most ``max_sample_size`` iterations is
    kept, and the figure is redrawn whenever ``trigger`` fires. The figure has a column for
    ``data`` and one for ``grad``, a row with the mean and standard deviation and a row with
    the percentile bands. matplotlib is needed for drawing (imported when first used, with
    the non-interactive Agg canvas); without it the extension warns and draws nothing.

    Parameters
    ----------
    targets : Variable, Link, or a list of them
        The variables (a link stands for its parameters).
    max_sample_size : int
        The number of iterations kept.
    report_data, report_grad : bool
        Plot the statistics of the data / of the gradients.
    plot_mean, plot_std : bool
        Plot the mean / the standard deviation.
    percentile_sigmas : float or tuple of float
        The percentiles drawn (0 to 100); the bands join symmetric pairs.
    trigger : tuple or callable
        When to redraw the figure (``(1, 'epoch')``).
    filename : str
        The image file (``'statistics.png'``); ``file_name`` is accepted as an alias.
    figsize : tuple of float, optional
        The figure size in inches.
    marker : str, optional
        The matplotlib marker of the lines.
    grid : bool
        Draw grids.

    Raises
    ------
    ValueError
        If ``targets`` holds no variable, or nothing is to be plotted.
    """

    def __init__(self, targets, max_sample_size=1000, report_data=True, report_grad=True,
                 plot_mean=True, plot_std=True,
                 percentile_sigmas=(0, 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87, 100),
                 trigger=(1, 'epoch'), filename=None, figsize=None, marker=None, grid=True,
                 **kwargs):
        file_name = kwargs.pop('file_name', 'statistics.png')
        if kwargs:
            raise TypeError('VariableStatisticsPlot() got unexpected keyword arguments: '
                            '{}'.format(sorted(kwargs)))
        self._vars = _unpack_variables(targets)
        if not self._vars:
            raise ValueError('VariableStatisticsPlot: targets must hold at least one '
                             'variable, got none')
        n_percentile = 0 if percentile_sigmas is None else int(numpy.size(percentile_sigmas))
        if not (plot_mean or plot_std or n_percentile):
            raise ValueError('VariableStatisticsPlot: nothing to plot (plot_mean, plot_std '
                             'and percentile_sigmas are all off)')
        self._keys = [k for k, on in (('data', report_data), ('grad', report_grad)) if on]
        self._statistician = Statistician(plot_mean, plot_std, percentile_sigmas)
        self._plot_mean = plot_mean
        self._plot_std = plot_std
        self._plot_percentile = bool(n_percentile)
        self._trigger = util.get_trigger(trigger)
        self._filename = file_name if filename is None else filename
        self._figsize = figsize
        self._marker = marker
        self._grid = grid
        self._data_shape = (len(self._keys), int(plot_mean) + int(plot_std) + n_percentile)
        self._samples = Reservoir(max_sample_size, data_shape=self._data_shape)

    @staticmethod
    def available():
        """Whether matplotlib can be imported (warns when it cannot).

        Returns
        -------
        bool
        """
        if _matplotlib_available():
            return True
        warnings.warn('matplotlib is not installed, so VariableStatisticsPlot draws nothing. '
                      "Install it with `pip install 'kusari[matplotlib]'`.")
        return False

    def _statistics(self):
        stats = numpy.zeros(self._data_shape, dtype=numpy.float32)
        for i, key in enumerate(self._keys):
            arrays = [getattr(v, key) for v in self._vars]
            arrays = [backend.CpuDevice().send(a).ravel() for a in arrays if a is not None]
            if not arrays:
                continue
            s = self._statistician(numpy.concatenate(arrays), axis=0)
            row = []
            if self._plot_mean:
                row.append(numpy.atleast_1d(s['mean']))
            if self._plot_std:
                row.append(numpy.atleast_1d(s['std']))
            if self._plot_percentile:
                row.append(numpy.atleast_1d(s['percentile']))
            stats[i] = numpy.concatenate(row)
        return stats

    def __call__(self, trainer):
        if not self.available():
            return
        self._samples.add(self._statistics(), idx=trainer.updater.iteration)
        if self._trigger(trainer):
            self.save_plot_using_module(os.path.join(trainer.out, self._filename), None)

    def save_plot_using_module(self, file_path, plt):
        """Draw the figure of the samples so far into ``file_path``.

        Parameters
        ----------
        file_path : str
            The PNG to write.
        plt : module or None
            Accepted for compatibility; the figure is drawn on matplotlib's Agg canvas
            without pyplot.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.colors import to_rgba
        from matplotlib.figure import Figure
        color = to_rgba(_COLOR)
        band = color[:3] + (0.2,)
        nrows = int(self._plot_mean or self._plot_std) + int(self._plot_percentile)
        ncols = len(self._keys)
        fig = Figure(figsize=self._figsize)
        FigureCanvasAgg(fig)
        axes = numpy.asarray(fig.subplots(nrows, ncols, sharex=True, squeeze=False))
        idxs, data = self._samples.get_data()
        offset = int(self._plot_mean) + int(self._plot_std)
        n_percentile = data.shape[-1] - offset
        for col, key in enumerate(self._keys):
            row = 0
            ax = axes[row, col]
            ax.set_title(key)
            if self._plot_mean or self._plot_std:
                if self._plot_mean and self._plot_std:
                    ax.errorbar(idxs, data[:, col, 0], data[:, col, 1], color=color,
                                ecolor=band, label='mean, std', marker=self._marker)
                else:
                    ax.plot(idxs, data[:, col, 0], color=color, marker=self._marker,
                            label='mean' if self._plot_mean else 'std')
                row += 1
            if self._plot_percentile:
                ax = axes[row, col]
                half = n_percentile // 2
                for i in range(half + 1):
                    lo, hi = offset + i, data.shape[-1] - 1 - i
                    if lo == hi:      # the middle percentile of an odd count: a line
                        ax.plot(idxs, data[:, col, lo], color=color, label='percentile',
                                marker=self._marker)
                    elif lo < hi:
                        ax.fill_between(idxs, data[:, col, lo], data[:, col, hi],
                                        label='percentile' if (
                                            n_percentile % 2 == 0 and i == half - 1)
                                        else '_nolegend_',
                                        alpha=0.2, linewidth=0, color=band)
                ax.set_xlabel('iteration')
        for ax in axes.ravel():
            if ax.has_data():
                ax.legend()
            if self._grid:
                ax.grid()
                ax.set_axisbelow(True)
        tmp = '{}.tmp{}.png'.format(file_path, os.getpid())
        fig.savefig(tmp)
        os.replace(tmp, file_path)
