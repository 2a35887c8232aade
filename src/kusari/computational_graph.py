"""The computational graph behind some variables, as Graphviz dot text.

>>> g = build_computational_graph([loss])
>>> with open('graph.dot', 'w') as f:
...     f.write(g.dump())          # then: dot -Tpng graph.dot -o graph.png
"""
import heapq
import itertools

from kusari.function_node import FunctionNode
from kusari.variable import Variable, VariableNode

_var_style = {'shape': 'octagon', 'fillcolor': '#E0E0E0', 'style': 'filled'}
_func_style = {'shape': 'record', 'fillcolor': '#6495ED', 'style': 'filled'}
_RANKDIRS = ('TB', 'BT', 'LR', 'RL')


def _quote(value):
    return '"{}"'.format(str(value).replace('\\', '\\\\').replace('"', '\\"'))


class DotNode:
    """One node of the graph with its dot attributes.

    The label is the node's ``label`` (for a variable: its shape and dtype, prefixed with
    ``name: `` when it has a name and ``show_name`` is set); the shape is ``oval`` for a
    variable and ``box`` for a function, both overridden by ``attribute``.

    Parameters
    ----------
    node : VariableNode or FunctionNode
        The node.
    attribute : dict, optional
        Dot attributes, applied last (a ``label`` here replaces the computed one).
    show_name : bool
        Prefix a variable's label with its name.
    """

    def __init__(self, node, attribute=None, show_name=True):
        if not isinstance(node, (VariableNode, FunctionNode)):
            raise TypeError('DotNode: node must be a VariableNode or a FunctionNode, not '
                            '{}'.format(type(node).__name__))
        self.node = node
        self.id_ = id(node)
        self.attribute = {'label': node.label}
        if isinstance(node, VariableNode):
            if show_name and node.name is not None:
                self.attribute['label'] = '{}: {}'.format(node.name, node.label)
            self.attribute['shape'] = 'oval'
        else:
            self.attribute['shape'] = 'box'
        if attribute:
            self.attribute.update(attribute)

    @property
    def label(self):
        """The dot statement of this node: ``<id> [key="value",...];``.

        Returns
        -------
        str
        """
        return '{} [{}];'.format(self.id_, ','.join(
            '{}={}'.format(k, _quote(v)) for k, v in self.attribute.items()))


class ComputationalGraph:
    """Nodes and edges of a graph of variables and functions, written out as dot.

    Made by :func:`build_computational_graph`, which describes the parameters.

    Attributes
    ----------
    nodes : list of VariableNode and FunctionNode
    edges : list of (node, node)
        ``(input variable, function)`` and ``(function, output variable)`` pairs.
    """

    def __init__(self, nodes, edges, variable_style='default', function_style='default',
                 rankdir='TB', remove_variable=False, show_name=True):
        if rankdir not in _RANKDIRS:
            raise ValueError('ComputationalGraph: rankdir must be one of TB, BT, LR or RL, '
                             'got {!r}'.format(rankdir))
        self.nodes = nodes
        self.edges = edges
        self.variable_style = _style(variable_style, _var_style)
        self.function_style = _style(function_style, _func_style)
        self.rankdir = rankdir
        self.remove_variable = remove_variable
        self.show_name = show_name

    def _to_dot(self):
        nodes, edges = self.nodes, self.edges
        if self.remove_variable:
            nodes, edges = _function_edges(nodes, edges)
        lines = ['digraph graphname{rankdir=%s;' % self.rankdir]
        for node in nodes:
            if isinstance(node, VariableNode):
                if not self.remove_variable:
                    lines.append(DotNode(node, self.variable_style, self.show_name).label)
            else:
                lines.append(DotNode(node, self.function_style, self.show_name).label)
        drawn = set()
        for head, tail in edges:
            kinds = (isinstance(head, VariableNode), isinstance(tail, VariableNode))
            if not self.remove_variable and kinds not in ((True, False), (False, True)):
                raise TypeError('ComputationalGraph: an edge must join a variable and a '
                                'function, got {} -> {}'.format(
                                    type(head).__name__, type(tail).__name__))
            edge = (id(head), id(tail))
            if edge not in drawn:
                drawn.add(edge)
                lines.append('{} -> {};'.format(*edge))
        lines.append('}')
        return '\n'.join(lines)

    def dump(self, format='dot'):
        """The graph as text in ``format``.

        Parameters
        ----------
        format : str
            Only ``'dot'`` (Graphviz) is supported.

        Returns
        -------
        str

        Raises
        ------
        NotImplementedError
            For any other format.
        """
        if format == 'dot':
            return self._to_dot()
        raise NotImplementedError('ComputationalGraph.dump: only the dot format is supported, '
                                  'got {!r}'.format(format))


def _style(style, default):
    if style is None:
        return {}
    if isinstance(style, str) and style == 'default':
        return dict(default)
    return style


def _function_edges(nodes, edges):
    """The edges between functions: ``f -> g`` where an output of ``f`` is an input of ``g``."""
    consumers = {}
    for node in nodes:
        if isinstance(node, FunctionNode):
            for x in node.inputs or ():
                consumers.setdefault(id(x), node)
    out = []
    for head, tail in edges:
        if isinstance(head, VariableNode):
            if head.creator_node is None:
                continue
            head = head.creator_node
        if isinstance(tail, VariableNode):
            tail = consumers.get(id(tail))
            if tail is None:
                continue
        out.append((head, tail))
    return nodes, out


def build_computational_graph(outputs, remove_split=True, variable_style='default',
                              function_style='default', rankdir='TB', remove_variable=False,
                              show_name=True):
    """The graph of the functions and variables that ``outputs`` were computed from.

    The walk goes backwards from each output through creators and their inputs, stopping
    at leaves and at variables cut off with ``unchain_backward``.

    Parameters
    ----------
    outputs : Variable, VariableNode, FunctionNode, or an iterable of them
        Where the graph ends.
    remove_split : bool
        Must be True (kept for compatibility with old Chainer).
    variable_style, function_style : dict, 'default' or None
        Dot attributes of the variable / function nodes (``'default'``: grey octagons and
        blue records; ``None``: none).
    rankdir : str
        The layout direction: ``'TB'``, ``'BT'``, ``'LR'`` or ``'RL'``.
    remove_variable : bool
        Leave the variables out and join the functions directly.
    show_name : bool
        Put each named variable's name in its label.

    Returns
    -------
    ComputationalGraph
        Call ``.dump()`` for the dot text.

    Raises
    ------
    ValueError
        If ``remove_split`` is False or ``rankdir`` is unknown.
    TypeError
        If an output is not a Variable, VariableNode or FunctionNode.
    """
    if not remove_split:
        raise ValueError('build_computational_graph: remove_split=False is not supported')
    kinds = (Variable, VariableNode, FunctionNode)
    if isinstance(outputs, kinds):
        outputs = [outputs]
    else:
        try:
            outputs = list(outputs)
        except TypeError:
            outputs = [outputs]
        for o in outputs:
            if not isinstance(o, kinds):
                raise TypeError('build_computational_graph: outputs must be Variables, '
                                'VariableNodes or FunctionNodes (or a list of them), got an '
                                'element of type {}'.format(type(o).__name__))
    order = itertools.count()
    heap = []
    nodes = {}      # id -> node, in discovery order
    edges = {}      # (id, id) -> (node, node)

    def push(node):
        heapq.heappush(heap, (-node.rank, next(order), node))

    for o in outputs:
        node = o.node if isinstance(o, Variable) else o
        nodes.setdefault(id(node), node)
        push(node)
    while heap:
        node = heapq.heappop(heap)[2]
        if isinstance(node, VariableNode):
            pairs = [] if node.creator_node is None else [(node.creator_node, node)]
        else:
            pairs = [(x, node) for x in node.inputs or () if x is not node]
        for head, tail in pairs:
            key = (id(head), id(tail))
            if key in edges:
                continue
            edges[key] = (head, tail)
            nodes.setdefault(id(head), head)
            nodes.setdefault(id(tail), tail)
            push(head)
    return ComputationalGraph(list(nodes.values()), list(edges.values()), variable_style,
                              function_style, rankdir, remove_variable, show_name)
