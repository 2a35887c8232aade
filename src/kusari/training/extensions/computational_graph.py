"""DumpGraph (``dump_graph``): write the graph of an observed Variable as Graphviz dot."""
import os
import subprocess

from kusari import computational_graph
from kusari.configuration import config
from kusari.training import extension
from kusari.variable import Variable

_var_style = computational_graph._var_style
_func_style = computational_graph._func_style


def is_return_code_zero(args):
    """Whether the command ``args`` runs and exits with status 0 (its output discarded).

    Parameters
    ----------
    args : list of str
        The command and its arguments.

    Returns
    -------
    bool
        False also when the program cannot be started.
    """
    try:
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    except (subprocess.CalledProcessError, OSError):
        return False
    return True


def is_graphviz_available():
    """Whether Graphviz's ``dot`` program can be run.

    Returns
    -------
    bool
    """
    return is_return_code_zero(['dot', '-V'])


class DumpGraph(extension.Extension):
    """After the first iteration, write the graph of ``observation[root_name]`` (e.g.
    ``'main/loss'``) to ``<out>/<filename>`` as Graphviz dot, and render it to a PNG of the
    same name if Graphviz's ``dot`` is installed.

    The graph of a reported value is normally dropped; this extension turns
    ``config.keep_graph_on_report`` on when the training starts and back to its former
    value once the graph is written, so that only the first iteration keeps it (keep the
    default trigger).

    Parameters
    ----------
    root_name : str
        The observation key of the Variable.
    filename : str
        The output file name (``'cg.dot'``); ``out_name`` is accepted as an alias.
    variable_style, function_style : dict, optional
        Dot attributes of the variable / function nodes (see
        :func:`kusari.computational_graph.build_computational_graph`); grey octagons and
        blue records by default.
    """

    default_name = 'dump_graph'

    def __init__(self, root_name, filename=None, variable_style=None, function_style=None,
                 **kwargs):
        out_name = kwargs.pop('out_name', 'cg.dot')
        if kwargs:
            raise TypeError('DumpGraph() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        self._root_name = root_name
        self._filename = out_name if filename is None else filename
        self._variable_style = _var_style if variable_style is None else variable_style
        self._function_style = _func_style if function_style is None else function_style
        self._original_flag = None
        self._flag_called = False

    def initialize(self, trainer):
        if not self._flag_called:
            # whether this thread had its own value (else the global one shows through)
            self._had_local_flag = 'keep_graph_on_report' in config.__dict__
            self._original_flag = config.keep_graph_on_report
            config.keep_graph_on_report = True

    def _restore_flag(self):
        if getattr(self, '_had_local_flag', True):
            config.keep_graph_on_report = bool(self._original_flag)
        else:
            config.__dict__.pop('keep_graph_on_report', None)

    def trigger(self, trainer):
        if self._flag_called:
            return False
        self._flag_called = True
        return True

    def __call__(self, trainer):
        try:
            var = trainer.observation[self._root_name]
            if not isinstance(var, Variable):
                raise TypeError('DumpGraph: root value is not a Variable: observation[{!r}] '
                                'is a {}'.format(self._root_name, type(var).__name__))
            dot = computational_graph.build_computational_graph(
                [var], variable_style=self._variable_style,
                function_style=self._function_style).dump()
            path = os.path.join(trainer.out, self._filename)
            with open(path, 'w') as f:
                f.write(dot)
            if is_graphviz_available():
                png = os.path.join(trainer.out, os.path.splitext(self._filename)[0] + '.png')
                subprocess.run(['dot', '-Tpng', path, '-o', png], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            self._restore_flag()

    def serialize(self, serializer):
        self._original_flag = bool(serializer('_original_flag', bool(self._original_flag)))
        self._flag_called = bool(serializer('_flag_called', self._flag_called))


dump_graph = DumpGraph   # Chainer's alias
