"""Link, Chain and ChainList: registration, calls, text, copies, updates, devices."""
import copy
import pickle
import warnings

import numpy
import pytest

import kusari
import kusari.links as L
from kusari import backend, initializers
from kusari.optimizer import UpdateRule


def _link_xy():
    link = kusari.Link()
    with link.init_scope():
        link.x = kusari.Parameter(initializers.Normal(), (2, 3))
        link.u = kusari.Parameter()                 # uninitialized, no shape
    link.add_persistent('p', numpy.arange(3.0))
    link.add_persistent('s', {'step': 1})
    link.name = 'a'
    return link


# -- construction ----------------------------------------------------------------------------

def test_deprecated_param_specs_shape_or_shape_dtype_pair():
    link = kusari.Link(a=(2, numpy.int64(3)), b=((2, 3), 'd'), c=(None, 'd'), d=4, e=None)
    assert link.a.shape == (2, 3) and link.a.dtype == numpy.float32
    assert link.b.shape == (2, 3) and link.b.dtype == numpy.float64
    assert link.c.array is None and link.c.dtype == numpy.float64
    assert link.d.shape == (4,)
    assert link.e.array is None


class _NoInit(kusari.Link):
    def __init__(self):
        pass

    def forward(self, x):
        return x


def test_missing_link_init_is_reported_when_the_link_is_made():
    with pytest.raises(RuntimeError, match=r'^Link\.__init__\(\) has not been called\.$'):
        _NoInit()


def test_missing_link_init_is_reported_by_init_scope_and_add_param():
    class Scope(kusari.Link):
        def __init__(self):
            with self.init_scope():
                pass

    class AddParam(kusari.Link):
        def __init__(self):
            self.add_param('w', (2,))

    class AddPersistent(kusari.Link):
        def __init__(self):
            self.add_persistent('w', 1)

    for cls in (Scope, AddParam, AddPersistent):
        with pytest.raises(RuntimeError, match=r'^Link\.__init__\(\) has not been called\.$'):
            cls()


def test_a_link_with_its_own_call_may_skip_link_init():
    # Chainer allows it (its str, for instance, only needs printable_specs)
    class Own(kusari.Link):
        def __init__(self, n):
            self.n = n

        @property
        def printable_specs(self):
            yield 'n', self.n

        def __call__(self, x):
            return x * self.n

    own = Own(3)
    assert own(2) == 6
    assert str(own) == 'Own(n=3)'


# -- calls -----------------------------------------------------------------------------------

def test_a_mixin_call_is_preferred_to_forward():
    class CallMixin:
        def __call__(self, *args, **kwargs):
            return ('mixin', args, kwargs)

    class Injected(kusari.Link, CallMixin):
        def forward(self, x):
            return 'forward'

    link = Injected()
    assert link(1, a=2) == ('mixin', (1,), {'a': 2})

    class Hook(kusari.LinkHook):
        name = 'record'

        def __init__(self):
            self.seen = []

        def forward_postprocess(self, args):
            self.seen.append(args.out)

    hook = Hook()
    with hook:
        assert link(5) == ('mixin', (5,), {})
    assert hook.seen == [('mixin', (5,), {})]


def test_a_mixin_call_still_needs_link_init():
    class CallMixin:
        def __call__(self, x):
            return x

    class Injected(kusari.Link, CallMixin):
        def __init__(self):
            pass

    link = Injected()       # not detected at construction: the mixin's call path checks
    with pytest.raises(RuntimeError, match=r'^Link\.__init__\(\) has not been called\.$'):
        link(1)


def test_call_without_forward_raises_attribute_error():
    class NoForward(kusari.Chain):
        pass

    with pytest.raises(AttributeError, match='forward'):
        NoForward()(0)


def test_an_instance_call_attribute_is_ignored():
    class Model(kusari.Chain):
        def forward(self, x):
            return x + 1

    model = Model()
    model.__call__ = lambda x: 'instance'
    assert model(1) == 2


# -- text ------------------------------------------------------------------------------------

def test_str_uses_printable_specs():
    assert str(kusari.Link()) == 'Link()'
    assert str(L.Linear(10, 1)) == 'Linear(in_size=10, out_size=1, nobias=False)'
    assert str(L.Linear(None, 2, nobias=True)) == 'Linear(in_size=None, out_size=2, nobias=True)'
    assert str(L.Convolution2D(3, 4, 3)) == (
        'Convolution2D(in_channels=3, out_channels=4, ksize=3, stride=(1, 1), pad=(0, 0), '
        'nobias=False, dilate=(1, 1), groups=1)')
    assert repr(L.Linear(10, 1)) == str(L.Linear(10, 1))


def test_str_of_chain_and_chainlist():
    inner = kusari.Chain(l1=kusari.Link(), l2=L.Linear(2, 3))
    outer = kusari.Chain(c1=inner, l3=kusari.Link())
    assert str(kusari.Chain()) == 'Chain()'
    assert str(outer) == (
        'Chain(\n'
        '  (c1): Chain(\n'
        '    (l1): Link(),\n'
        '    (l2): Linear(in_size=2, out_size=3, nobias=False),\n'
        '  ),\n'
        '  (l3): Link(),\n'
        ')')
    assert str(kusari.ChainList()) == 'ChainList()'
    assert str(kusari.ChainList(kusari.ChainList(kusari.Link()), kusari.Link())) == (
        'ChainList(\n'
        '  (0): ChainList(\n'
        '    (0): Link(),\n'
        '  ),\n'
        '  (1): Link(),\n'
        ')')


# -- copies ----------------------------------------------------------------------------------

def test_copy_share():
    link = _link_xy()
    c = link.copy('share')
    assert c.name is None and c._params == link._params and c._params is not link._params
    assert c.x is not link.x and c.x.array is link.x.array and c.x.grad is None
    assert c.u is not link.u and c.u.array is None and c.u.grad is None
    assert c.p is link.p and c.s is link.s
    assert link.x.grad is not None          # the original keeps its gradient


def test_copy_share_made_before_reinitialization_follows_the_new_array():
    link = _link_xy()
    c = link.copy('share')
    link.x.initialize((2, 3))
    assert c.x.array is link.x.array
    link.u.initialize((4,))
    assert c.u.array is link.u.array


def test_shared_copies_pickle_and_deep_copy_independently():
    link = _link_xy()
    shared = link.copy('share')
    for clone in (pickle.loads(pickle.dumps(shared)), copy.deepcopy(shared)):
        clone.x.initialize((2, 3))
        clone.u.initialize((2,))
        assert clone.x.array is not link.x.array and link.u.array is None


def test_copy_copy_is_deep_and_keeps_the_name():
    link = _link_xy()
    c = link.copy('copy')
    assert c.name == 'a'
    assert c.x.array is not link.x.array
    numpy.testing.assert_array_equal(c.x.array, link.x.array)
    assert c.u.array is None
    assert c.p is not link.p and c.s == link.s and c.s is not link.s


def test_copy_init_reinitializes_with_nan_gradients():
    link = _link_xy()
    link.x.cleargrad()
    c = link.copy('init')
    assert c.name == 'a'
    assert not numpy.array_equal(c.x.array, link.x.array)
    assert numpy.isnan(c.x.grad).all() and link.x.grad is None
    assert c.u.array is None


def test_copy_of_chains_renames_children():
    c1 = kusari.Chain(l1=_link_xy())
    c2 = kusari.Chain(c1=c1)
    cl = kusari.ChainList(_link_xy(), kusari.ChainList(_link_xy()))
    for mode in ('share', 'copy', 'init'):
        d2 = c2.copy(mode)
        assert d2.c1 is not c1 and d2.c1.name == 'c1' and d2.c1.l1.name == 'l1'
        assert isinstance(d2._children, set)
        dl = cl.copy(mode)
        assert [child.name for child in dl] == ['0', '1'] and dl[1][0].name == '0'
        assert dl[0] is not cl[0] and isinstance(dl._children, list)
    assert c2.copy('share').c1.l1.x.array is c1.l1.x.array


def test_copy_mode_is_checked():
    with pytest.raises(ValueError, match="'init', 'copy', or 'share'"):
        kusari.Link().copy('deep')
    with pytest.raises(ValueError, match="'init', 'copy', or 'share'"):
        kusari.Link().repeat(2, mode='deep')
    assert len(kusari.Link().repeat(0, mode='deep')) == 0


# -- gradients and values --------------------------------------------------------------------

def _pair():
    def make():
        c = kusari.Chain(l1=kusari.Link())
        with c.l1.init_scope():
            c.l1.w = kusari.Parameter(0.0, (2,))
            c.l1.v = kusari.Parameter()
        c.l1.add_persistent('mean', numpy.zeros(2))
        c.l1.add_persistent('count', 0)
        return c
    return make(), make()


def test_copyparams_copies_values_and_persistents():
    dst, src = _pair()
    src.l1.w.array[...] = 3
    src.l1.v.initialize((3,))
    src.l1.v.array[...] = 5
    src.l1.mean[...] = 7
    src.l1.count = 9
    mean = dst.l1.mean
    dst.copyparams(src)
    numpy.testing.assert_array_equal(dst.l1.w.array, [3, 3])
    numpy.testing.assert_array_equal(dst.l1.v.array, [5, 5, 5])    # initialized from src
    assert dst.l1.mean is mean and (mean == 7).all() and dst.l1.count == 9
    dst.l1.mean[...] = 0
    dst.copyparams(src, copy_persistent=False)
    assert (dst.l1.mean == 0).all()


def test_copyparams_names_what_the_source_lacks():
    dst, src = _pair()
    with dst.l1.init_scope():
        dst.l1.extra = kusari.Parameter(0.0, (1,))
    with pytest.raises(KeyError, match="no parameter 'extra'"):
        dst.copyparams(src)
    with pytest.raises(KeyError, match="no child link 'l1'"):
        dst.copyparams(kusari.Chain())
    with pytest.raises(ValueError, match='1 child links'):
        kusari.ChainList(kusari.Link(), kusari.Link()).copyparams(kusari.ChainList(kusari.Link()))


def test_addgrads_adds_and_initializes():
    dst, src = _pair()
    src.l1.w.grad = numpy.full(2, 2, numpy.float32)
    src.l1.v.initialize((2,))
    src.l1.v.grad = numpy.full(2, 4, numpy.float32)
    dst.l1.w.grad = numpy.full(2, 1, numpy.float32)
    dst.l1.v.cleargrad()
    dst.addgrads(src)
    numpy.testing.assert_array_equal(dst.l1.w.grad, [3, 3])
    numpy.testing.assert_array_equal(dst.l1.v.grad, [4, 4])


def test_update_enabled_is_true_if_some_rule_is_enabled():
    link = _link_xy()
    assert not link.update_enabled           # no update rule yet
    link.x.update_rule = UpdateRule()
    link.x.update_rule.enabled = False
    link.u.update_rule = UpdateRule()
    assert link.update_enabled
    link.disable_update()
    assert not link.update_enabled and not link.u.update_rule.enabled
    link.enable_update()
    assert link.update_enabled and link.x.update_rule.enabled


def test_count_params_warns_about_uninitialized():
    link = _link_xy()
    with pytest.warns(UserWarning, match="'/u' has not been initialized"):
        assert link.count_params() == 6


# -- ChainList as a mutable sequence ---------------------------------------------------------

def _links(n):
    return [kusari.Link() for _ in range(n)]


def test_chainlist_setitem_and_slices_keep_names_equal_to_indices():
    a, b, c, d, e = _links(5)
    cl = kusari.ChainList(a, b, c)
    cl[1] = d
    assert list(cl) == [a, d, c] and d.name == '1'
    cl[-1] = e
    assert e.name == '2'
    cl[3:0:-1] = [b, c]
    assert list(cl) == [a, c, b] and (b.name, c.name) == ('2', '1')
    cl[1:] = [d]
    assert list(cl) == [a, d] and d.name == '1'
    cl[1:2] = [b, c, e]
    assert [link.name for link in cl] == ['0', '1', '2', '3']
    assert cl[1:3] == [b, c]                 # a slice is a list, as in Chainer
    assert list(cl.namedlinks(skipself=True))[1] == ('/1', b)


def test_chainlist_setitem_checks_values_and_indices():
    cl = kusari.ChainList(*_links(2))
    with pytest.raises(TypeError, match='non-link'):
        cl[0] = 3
    with pytest.raises(TypeError, match='non-link'):
        cl[0:1] = [kusari.Link(), 3]
    with pytest.raises(TypeError, match='integers or slices, not str'):
        cl['a'] = kusari.Link()
    with pytest.raises(IndexError):
        cl[5] = kusari.Link()


def test_chainlist_delete_insert_iadd_pop_reverse():
    a, b, c, d = _links(4)
    cl = kusari.ChainList(a, b, c)
    del cl[0]
    assert list(cl) == [b, c] and (b.name, c.name) == ('0', '1')
    cl.insert(0, d)
    assert [link.name for link in cl] == ['0', '1', '2'] and cl[0] is d
    other = kusari.ChainList(a)
    cl += other
    assert len(cl) == 4 and a.name == '3'
    assert cl.pop() is a and len(cl) == 3
    cl.reverse()
    assert list(cl) == [c, b, d] and d.name == '2'
    assert b in cl and cl.index(b) == 1 and cl.count(b) == 1
    cl.remove(b)
    assert list(cl) == [c, d] and d.name == '1'
    with pytest.raises(TypeError, match='non-link'):
        cl.append(numpy.zeros(1))


# -- devices ---------------------------------------------------------------------------------

def test_to_cpu_is_deprecated_and_keeps_cpu_arrays():
    link = kusari.Chain(l=_link_xy())
    x, gx, p = link.l.x.array, link.l.x.grad, link.l.p
    with pytest.warns(DeprecationWarning, match=r"to_cpu is deprecated.*to_device\('@numpy'\)"):
        assert link.to_cpu() is link
    assert link.l.x.array is x and link.l.x.grad is gx and link.l.p is p
    with pytest.raises(RuntimeError):
        link.l.u.grad                        # still uninitialized, gradient not made yet


def test_to_gpu_and_to_intel64_warn_before_a_missing_backend_raises(recwarn):
    link = L.Linear(2, 3)
    link.to_device('@numpy')
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
    if not kusari.backends.cuda.available:
        with pytest.warns(DeprecationWarning, match=r"to_gpu is deprecated.*'@cupy:N'"):
            with pytest.raises(RuntimeError):
                link.to_gpu()
    with pytest.warns(DeprecationWarning, match=r"to_intel64 is deprecated.*'@intel64'"):
        with pytest.raises(RuntimeError, match='iDeep'):
            link.to_intel64()


def test_to_device_sets_every_device_and_moves_state():
    model = kusari.Sequential(L.LSTM(2, 3), L.Linear(3, 1))
    model[0](numpy.ones((1, 2), numpy.float32))
    device = backend.CpuDevice()
    assert model.to_device(device) is model
    assert all(link.device == device and link.xp is numpy for link in model.links())
    assert model.to_device('@numpy').device == device


def test_to_device_to_chx_from_chx_are_final():
    for name in ('to_device', 'to_chx', 'from_chx'):
        with pytest.raises(TypeError, match="method '{}' is final".format(name)):
            type('Bad', (kusari.Link,), {name: lambda self, *a: self})


def test_to_chx_raises_and_from_chx_is_a_no_op():
    link = _link_xy()
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        link.to_chx()
    x = link.x.array
    assert link.from_chx() is link and link.x.array is x and link.device == backend.CpuDevice()


def test_overridden_to_cpu_warns_at_class_creation_and_is_honoured():
    calls = []
    with pytest.warns(DeprecationWarning, match="Overriding method 'to_cpu'"):
        class Child(kusari.Link):
            def to_cpu(self):
                calls.append('to_cpu')
                return super().to_cpu()

    assert Child._overridden_to_methods == ('to_cpu',)
    assert kusari.Link._overridden_to_methods == ()
    parent = kusari.Chain(child=Child())
    with pytest.warns(DeprecationWarning):      # the override calls the deprecated base
        parent.to_device('@numpy')
    assert calls == ['to_cpu']
    with pytest.warns(DeprecationWarning):
        parent.to_cpu()
    assert calls == ['to_cpu'] * 2
    with pytest.warns(DeprecationWarning):
        parent.child.to_cpu()                    # started on it: no second call of itself
    assert calls == ['to_cpu'] * 3


def test_device_id_is_deprecated():
    with pytest.warns(DeprecationWarning, match='_device_id'):
        assert kusari.Link()._device_id is None


def test_rnn_state_moves_with_the_link():
    lstm = L.LSTM(2, 3)
    lstm(numpy.ones((1, 2), numpy.float32))
    seen = []

    class Record(kusari.device_resident.DeviceResidentsVisitor):
        def visit_device_resident(self, device_resident):
            seen.append(type(device_resident).__name__)

        def visit_variable(self, param):
            seen.append(param)

        def visit_array(self, arr):
            return arr

    lstm.device_resident_accept(Record())
    assert any(v is lstm.c for v in seen) and any(v is lstm.h for v in seen)
    gru = L.StatefulGRU(2, 3)
    gru(numpy.ones((1, 2), numpy.float32))
    seen.clear()
    gru.device_resident_accept(Record())
    assert any(v is gru.h for v in seen)


# -- serialization and pickles ---------------------------------------------------------------

def test_serialize_initializes_uninitialized_parameters():
    link = kusari.Link()
    with link.init_scope():
        link.x = kusari.Parameter()
    link.add_persistent('z', None)
    data = numpy.arange(3, dtype=numpy.float32)
    calls = []

    def serializer(key, value):
        calls.append(key)
        return data

    link.serialize(serializer)
    assert calls == ['x', 'z']
    numpy.testing.assert_array_equal(link.x.array, data)
    assert link.x.array is not data and link.z is data


def test_pickle_and_deepcopy_keep_a_working_link():
    model = kusari.Chain(l=L.Linear(2, 3))
    x = numpy.ones((1, 2), numpy.float32)
    for clone in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            y = clone.l(x)
        numpy.testing.assert_array_equal(y.array, model.l(x).array)
        assert clone.l.W.array is not model.l.W.array and clone.l.name == 'l'


def test_device_resident_is_exported_under_both_names():
    import chainer
    assert kusari.DeviceResident is chainer.DeviceResident
    assert issubclass(kusari.Link, kusari.DeviceResident)
    assert chainer.device_resident is kusari.device_resident
