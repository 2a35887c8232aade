"""computational_graph: the nodes and edges behind some outputs, and their dot text."""
import re

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import computational_graph as c


@pytest.fixture
def graph_vars():
    x1 = kusari.Variable(numpy.zeros((1, 2), numpy.float32), name='x1')
    x2 = kusari.Variable(numpy.zeros((1, 2), numpy.float32))
    h = x1 + x2
    y = F.exp(h)
    y.name = 'y'
    return x1, x2, h, y


def test_nodes_and_edges(graph_vars):
    x1, x2, h, y = graph_vars
    g = c.build_computational_graph([y])
    add, exp = h.creator_node, y.creator_node
    assert set(map(id, g.nodes)) == {id(n) for n in (x1.node, x2.node, add, h.node, exp, y.node)}
    assert {(id(a), id(b)) for a, b in g.edges} == {
        (id(x1.node), id(add)), (id(x2.node), id(add)), (id(add), id(h.node)),
        (id(h.node), id(exp)), (id(exp), id(y.node))}
    assert len(g.edges) == 5


def test_starting_points(graph_vars):
    x1, x2, h, y = graph_vars
    assert len(c.build_computational_graph(x1).nodes) == 1       # a leaf alone
    assert len(c.build_computational_graph(x1).edges) == 0
    assert len(c.build_computational_graph((h,)).nodes) == 4
    g = c.build_computational_graph(y.creator_node)               # a function node
    assert len(g.nodes) == 5 and len(g.edges) == 4
    g = c.build_computational_graph(iter([y.node, x2]))           # any iterable
    assert len(g.nodes) == 6


def test_shared_input_and_multiple_outputs():
    x = kusari.Variable(numpy.ones((2, 2), numpy.float32))
    a, b = F.split_axis(x, 2, axis=0)
    y = a * b
    g = c.build_computational_graph([y])
    # x -> split -> a, b -> mul -> y
    assert len(g.nodes) == 6 and len(g.edges) == 6


def test_dot_default_styles_labels_and_edges(graph_vars):
    x1, x2, h, y = graph_vars
    dot = c.build_computational_graph([y]).dump()
    assert dot.startswith('digraph graphname{rankdir=TB;') and dot.endswith('}')
    lines = dot.splitlines()
    node = re.compile(r'(\d+) \[(.*)\];')
    nodes = {int(m.group(1)): m.group(2) for m in map(node.fullmatch, lines) if m}
    edges = {tuple(map(int, line[:-1].split(' -> '))) for line in lines if '->' in line}
    assert len(nodes) == 6 and len(edges) == 5
    assert nodes[id(x1.node)] == ('label="x1: (1, 2), float32",shape="octagon",'
                                  'fillcolor="#E0E0E0",style="filled"')
    assert nodes[id(x2.node)].startswith('label="(1, 2), float32",shape="octagon"')
    assert nodes[id(y.creator_node)] == ('label="exp",shape="record",fillcolor="#6495ED",'
                                         'style="filled"')
    assert (id(h.node), id(y.creator_node)) in edges


def test_styles_none_and_custom(graph_vars):
    y = graph_vars[3]
    dot = c.build_computational_graph([y], variable_style=None, function_style=None).dump()
    assert 'label="exp",shape="box"' in dot and 'label="y: (1, 2), float32",shape="oval"' in dot
    style = {'label': 'V', 'color': 'red'}
    dot = c.build_computational_graph([y], variable_style=style,
                                      function_style={'shape': 'circle'}).dump()
    assert dot.count('label="V",shape="oval",color="red"') == 4
    assert 'label="exp",shape="circle"' in dot


def test_show_name_rankdir_and_quotes(graph_vars):
    y = graph_vars[3]
    dot = c.build_computational_graph([y], show_name=False).dump()
    assert 'x1:' not in dot and 'y:' not in dot
    for rankdir in ('TB', 'BT', 'LR', 'RL'):
        assert c.build_computational_graph([y], rankdir=rankdir).dump().startswith(
            'digraph graphname{rankdir=%s;' % rankdir)
    y.name = 'say "hi"'
    assert 'label="say \\"hi\\": (1, 2), float32"' in c.build_computational_graph(y).dump()


def test_remove_variable(graph_vars):
    x1, x2, h, y = graph_vars
    g = c.build_computational_graph([y], remove_variable=True)
    dot = g.dump()
    assert str(id(x1.node)) not in dot and str(id(y.node)) not in dot
    assert '{} -> {};'.format(id(h.creator_node), id(y.creator_node)) in dot
    assert dot.count('->') == 1
    assert 'label="{}"'.format(h.creator_node.label) in dot and 'label="exp"' in dot


def test_errors(graph_vars):
    y = graph_vars[3]
    with pytest.raises(ValueError, match='rankdir must be one of TB, BT, LR or RL'):
        c.build_computational_graph([y], rankdir='TL')
    with pytest.raises(ValueError, match='remove_split=False is not supported'):
        c.build_computational_graph([y], remove_split=False)
    with pytest.raises(TypeError, match='got an element of type ndarray'):
        c.build_computational_graph(y.array)
    with pytest.raises(TypeError, match='got an element of type int'):
        c.build_computational_graph([y, 3])
    with pytest.raises(NotImplementedError, match="only the dot format is supported, got "
                       "'graphml'"):
        c.build_computational_graph([y]).dump('graphml')
    with pytest.raises(TypeError, match='DotNode: node must be a VariableNode or a '
                       'FunctionNode, not Variable'):
        c.DotNode(y)


def test_legacy_function_nodes():
    class Double(kusari.Function):
        def forward(self, inputs):
            return inputs[0] * 2,

    x = kusari.Variable(numpy.ones(2, numpy.float32))
    y = Double()(x)
    dot = c.build_computational_graph(y).dump()
    assert 'label="Double"' in dot


def test_unchained_variable_stops_the_walk(graph_vars):
    x1, x2, h, y = graph_vars
    h.unchain_backward()
    g = c.build_computational_graph([y])
    assert len(g.nodes) == 3 and len(g.edges) == 2
