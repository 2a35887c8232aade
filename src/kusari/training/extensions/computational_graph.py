"""DumpGraph: write the computational graph of an observed Variable as Graphviz dot."""
import os
import shutil
import subprocess

from kusari.configuration import config
from kusari.training import extension
from kusari.variable import Variable

_var_style = {'shape': 'octagon', 'fillcolor': '#E0E0E0', 'style': 'filled'}
_func_style = {'shape': 'record', 'fillcolor': '#6495ED', 'style': 'filled'}


def _attrs(label, style):
    items = dict(style or {})
    items['label'] = label
    return ','.join('{}="{}"'.format(k, str(v).replace('"', '\\"')) for k, v in items.items())


def _var_label(node):
    name = node.name + '\n' if node.name else ''
    if node.shape is None:
        return name + 'None'
    return '{}({}), {}'.format(name, ', '.join(map(str, node.shape)), node.dtype)


def build_dot(outputs, variable_style=None, function_style=None, rankdir='TB'):
    """Graphviz dot text of the graph behind ``outputs`` (Variables or VariableNodes).

    Variables are octagons labelled with their name, shape and dtype, functions are boxes
    labelled with their ``label``; edges run from inputs to functions to outputs.

    Parameters
    ----------
    outputs : list of Variable
        Where the graph ends.
    variable_style, function_style : dict, optional
        Graphviz node attributes.
    rankdir : str
        The layout direction.

    Returns
    -------
    str
    """
    variable_style = _var_style if variable_style is None else variable_style
    function_style = _func_style if function_style is None else function_style
    lines = ['digraph graphname{rankdir=%s;' % rankdir]
    seen = set()
    edges = set()
    stack = []
    for out in outputs:
        node = out.node if isinstance(out, Variable) else out
        stack.append(node)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if hasattr(node, 'creator_node') and not hasattr(node, 'inputs'):  # a VariableNode
            lines.append('{} [{}];'.format(id(node), _attrs(_var_label(node), variable_style)))
            func = node.creator_node
            if func is not None:
                edges.add((id(func), id(node)))
                stack.append(func)
        else:  # a FunctionNode
            lines.append('{} [{}];'.format(id(node), _attrs(node.label, function_style)))
            for x in node.inputs or ():
                edges.add((id(x), id(node)))
                stack.append(x)
    for a, b in sorted(edges):
        lines.append('{} -> {};'.format(a, b))
    lines.append('}')
    return '\n'.join(lines) + '\n'


class DumpGraph(extension.Extension):
    """After the first iteration, write the graph of ``observation[root_name]`` (e.g.
    ``'main/loss'``) to ``<out>/<filename>`` in Graphviz dot, and a PNG next to it if the
    ``dot`` program is installed.

    It turns ``config.keep_graph_on_report`` on until then, so that the reported loss keeps
    its graph for one iteration.

    Parameters
    ----------
    root_name : str
        The observation key of the Variable.
    filename : str
        The output file name (``'cg.dot'``).
    variable_style, function_style : dict, optional
        Graphviz node attributes.
    """

    default_name = 'dump_graph'
    priority = -100

    def __init__(self, root_name, filename=None, variable_style=None, function_style=None,
                 **kwargs):
        out_name = kwargs.pop('out_name', 'cg.dot')
        if kwargs:
            raise TypeError('DumpGraph() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        self._root_name = root_name
        self._filename = out_name if filename is None else filename
        self._variable_style = variable_style
        self._function_style = function_style
        self._original_flag = None
        self._flag_called = False

    def initialize(self, trainer):
        if not self._flag_called:
            self._original_flag = config.keep_graph_on_report
            config.keep_graph_on_report = True

    def trigger(self, trainer):
        if self._flag_called:
            return False
        self._flag_called = True
        return True

    def __call__(self, trainer):
        try:
            var = trainer.observation[self._root_name]
            if not isinstance(var, Variable):
                raise TypeError('root value is not a Variable')
            dot = build_dot([var], self._variable_style, self._function_style)
            path = os.path.join(trainer.out, self._filename)
            with open(path, 'w') as f:
                f.write(dot)
            if shutil.which('dot'):
                png = os.path.splitext(path)[0] + '.png'
                subprocess.run(['dot', '-Tpng', path, '-o', png], check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            config.keep_graph_on_report = bool(self._original_flag)

    def serialize(self, serializer):
        self._original_flag = bool(serializer('_original_flag', bool(self._original_flag)))
        self._flag_called = bool(serializer('_flag_called', self._flag_called))
