"""ParameterStatistics: report statistics of the parameters and gradients of links."""
import numpy

from kusari import backend, reporter
from kusari.training import extension, util


def _xp(x):
    return backend.get_array_module(x)


_default_statistics = {
    'mean': lambda x: _xp(x).mean(x),
    'std': lambda x: _xp(x).std(x),
    'min': lambda x: _xp(x).min(x),
    'max': lambda x: _xp(x).max(x),
    'zeros': lambda x: _xp(x).count_nonzero(x == 0),
    'percentile': lambda x: _xp(x).percentile(
        x, (0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87)),
}


class ParameterStatistics(extension.Extension):
    """Report statistics (mean, std, min, max, zeros, percentiles) of each parameter's data
    and gradient, averaged over the trigger's interval.

    Keys are ``'{prefix}/{link name}{parameter path}/{data|grad}/{statistic}'``, e.g.
    ``'main/l1/W/data/mean'`` for a link named ``main`` (statistics returning several values,
    like the percentiles, get ``/0``, ``/1``, ... appended).

    Parameters
    ----------
    links : Link or list of Link
        The links whose parameters are observed.
    statistics : dict or 'default' or None
        Names to functions of a 1-d array.
    report_params, report_grads : bool
        Observe the data, the gradients.
    prefix : str, optional
        Prepended to every key.
    trigger : tuple or callable
        When to report.
    skip_nan_params : bool
        Report NaN instead of computing statistics of arrays containing NaN.
    """

    default_name = 'parameter_statistics'
    priority = extension.PRIORITY_WRITER
    report_key_template = '{prefix}{link_name}{param_name}/{attr_name}/{function_name}'
    default_statistics = _default_statistics

    def __init__(self, links, statistics='default', report_params=True, report_grads=True,
                 prefix=None, trigger=(1, 'epoch'), skip_nan_params=False):
        if not isinstance(links, (list, tuple)):
            links = (links,)
        self._links = links
        if statistics is None:
            statistics = {}
        elif isinstance(statistics, str) and statistics == 'default':
            statistics = self.default_statistics
        self._statistics = dict(statistics)
        self._attrs = (['data'] if report_params else []) + (['grad'] if report_grads else [])
        self._prefix = prefix
        self._trigger = util.get_trigger(trigger)
        self._summary = reporter.DictSummary()
        self._skip_nan_params = skip_nan_params

    def __call__(self, trainer):
        stats = {}
        prefix = self._prefix + '/' if self._prefix else ''
        for link in self._links:
            link_name = getattr(link, 'name', 'None')
            for param_name, param in link.namedparams():
                for attr_name in self._attrs:
                    array = getattr(param, attr_name)
                    if array is None:
                        continue
                    flat = array.ravel()
                    skip = self._skip_nan_params and bool(_xp(flat).isnan(flat).any())
                    for function_name, function in self._statistics.items():
                        value = numpy.nan if skip else function(flat)
                        key = self.report_key_template.format(
                            prefix=prefix, link_name=link_name, param_name=param_name,
                            attr_name=attr_name, function_name=function_name)
                        if getattr(value, 'size', 1) > 1:
                            stats.update({'{}/{}'.format(key, i): v for i, v in enumerate(value)})
                        else:
                            stats[key] = value
        self._summary.add(stats)
        if self._trigger(trainer):
            reporter.report(self._summary.compute_mean())
            self._summary = reporter.DictSummary()

    def register_statistics(self, name, function):
        """Add a statistic ``function(1-d array) -> scalar or array`` under ``name``."""
        self._statistics[name] = function
