"""LinkHook: called around Link.__call__, globally (with) and per link."""
import gc

import numpy
import pytest

import kusari
import kusari.links as L
from kusari import link as link_module


class Log(kusari.LinkHook):
    def __init__(self, name='Log', log=None):
        self.name = name
        self.log = [] if log is None else log

    def added(self, link):
        self.log.append((self.name, 'added', link))

    def deleted(self, link):
        self.log.append((self.name, 'deleted', link))

    def forward_preprocess(self, args):
        self.log.append((self.name, 'pre', args))

    def forward_postprocess(self, args):
        self.log.append((self.name, 'post', args))


class Model(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(3, 2, initialW=numpy.arange(6).reshape(2, 3))

    def forward(self, x, tag, scale=1):
        return self.l1(x) * scale


@pytest.fixture(autouse=True)
def _collect():
    gc.collect()


@pytest.fixture
def x():
    return kusari.Variable(numpy.array([[1, 2, 3]], numpy.float32))


def test_flag_is_down_without_hooks():
    assert link_module._hooked is False


def test_global_hook_order_and_arguments(x):
    model = Model()
    hook = Log()
    with hook:
        assert link_module._hooked is True
        y = model(x, 'tag', scale=2)
    assert link_module._hooked is False
    kinds = [(e[1], getattr(e[2], 'link', e[2])) for e in hook.log]
    assert kinds == [('added', None), ('pre', model), ('pre', model.l1), ('post', model.l1),
                     ('post', model), ('deleted', None)]
    pre = hook.log[1][2]
    assert pre.forward_name == 'forward' and pre.args[0] is x and pre.args[1] == 'tag'
    assert pre.kwargs == {'scale': 2} and not hasattr(pre, 'out')
    post = hook.log[4][2]
    assert post.out is y and post.args == pre.args and post.kwargs == {'scale': 2}
    numpy.testing.assert_array_equal(y.array, [[16, 52]])
    assert 'forward_name' in repr(post) and 'out=' in repr(post)


def test_local_hook(x):
    model = Model()
    hook = Log()
    assert model.add_hook(hook) is model
    assert model.local_link_hooks == {'Log': hook}
    model(x, 'tag')
    model.l1(x)                       # another link: not hooked
    assert [(e[1], getattr(e[2], 'link', e[2])) for e in hook.log] == [
        ('added', model), ('pre', model), ('post', model)]
    model.delete_hook('Log')
    assert hook.log[-1] == ('Log', 'deleted', model)
    model(x, 'tag')
    assert len(hook.log) == 4
    gc.collect()
    assert link_module._hooked is False


def test_named_local_hook_and_global_order(x):
    log = []
    model = Model()
    model.add_hook(Log('B', log), name='b')
    with Log('A', log):
        model(x, 'tag')
    assert [e[0] for e in log if e[1] == 'pre'] == ['A', 'B', 'A']   # model: A then B; l1: A


def test_errors(x):
    model = Model()
    with pytest.raises(TypeError, match='Model.add_hook: the hook must be a LinkHook, not '
                       'FunctionHook'):
        model.add_hook(kusari.FunctionHook())
    model.add_hook(Log())
    with pytest.raises(KeyError, match="Model.add_hook: a hook named 'Log' exists already"):
        model.add_hook(Log())
    with pytest.raises(KeyError, match="Model.delete_hook: no hook named 'x' on this link"):
        model.delete_hook('x')
    with Log():
        with pytest.raises(KeyError, match='hook Log already exists'):
            with Log():
                pass


def test_hooks_survive_copy_and_pickle(x):
    import copy
    import pickle
    model = Model()
    model.add_hook(kusari.LinkHook(), name='h')
    clone = copy.deepcopy(model)
    assert list(clone.local_link_hooks) == ['h']
    restored = pickle.loads(pickle.dumps(model))
    assert list(restored.local_link_hooks) == ['h']
    restored.delete_hook('h')
    assert restored.local_link_hooks == {}
