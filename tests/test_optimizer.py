"""Optimizer, GradientMethod, UpdateRule and Hyperparameter behaviour."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import optimizer, optimizers, serializers


class Tiny(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.child = kusari.Link()
            with self.child.init_scope():
                self.child.b = kusari.Parameter(numpy.array([1.0, -2.0]))
            self.w = kusari.Parameter(numpy.array([[0.5, -1.0], [2.0, 0.25]]))

    def loss(self, x):
        return F.sum(F.matmul(x, self.w) * self.child.b)


X = numpy.array([[1.0, 2.0], [-1.0, 0.5]])


def test_setup_returns_self_and_creates_rules():
    model = Tiny()
    opt = optimizers.MomentumSGD()
    assert opt.setup(model) is opt
    assert opt.target is model
    for p in model.params():
        assert isinstance(p.update_rule, optimizers.momentum_sgd.MomentumSGDRule)
        assert p.update_rule.state is None
    assert (opt.t, opt.epoch) == (0, 0)


def test_setup_refuses_non_links():
    with pytest.raises(TypeError, match='optimization target must be a link'):
        optimizers.SGD().setup(object())


def test_update_with_lossfun_clears_grads_first():
    model = Tiny()
    opt = optimizers.SGD(lr=1.0).setup(model)
    for p in model.params():
        p.grad = numpy.full_like(p.array, 100.0)   # stale gradients must not be used
    w0 = model.w.array.copy()
    opt.update(model.loss, X)
    gw = X.T @ numpy.ones((2, 2)) * numpy.array([1.0, -2.0])
    numpy.testing.assert_allclose(model.w.array, w0 - gw)
    assert opt.t == 1


def test_update_without_lossfun_uses_existing_grads_and_zeros_for_missing():
    model = Tiny()
    opt = optimizers.MomentumSGD(lr=0.1, momentum=0.5).setup(model)
    model.w.grad = numpy.ones((2, 2))
    model.child.b.cleargrad()
    b0 = model.child.b.array.copy()
    opt.update()
    numpy.testing.assert_allclose(model.w.array, [[0.4, -1.1], [1.9, 0.15]])
    numpy.testing.assert_array_equal(model.child.b.array, b0)
    numpy.testing.assert_array_equal(model.child.b.grad, numpy.zeros(2))
    assert model.child.b.update_rule.t == 1


def test_update_passes_args_and_kwargs():
    model = Tiny()
    opt = optimizers.SGD().setup(model)
    seen = {}

    def lossfun(a, b=None):
        seen['args'] = (a, b)
        return model.loss(X)
    opt.update(lossfun, 1, b=2)
    assert seen['args'] == (1, 2)


def test_disabled_rule_and_disable_update():
    model = Tiny()
    opt = optimizers.SGD(lr=1.0).setup(model)
    model.child.disable_update()
    b0 = model.child.b.array.copy()
    w0 = model.w.array.copy()
    opt.update(model.loss, X)
    numpy.testing.assert_array_equal(model.child.b.array, b0)
    assert not numpy.array_equal(model.w.array, w0)
    assert model.child.b.update_rule.t == 0
    model.child.enable_update()
    opt.update(model.loss, X)
    assert not numpy.array_equal(model.child.b.array, b0)


def test_loss_scale_is_divided_out():
    results = []
    for scale in (None, 128.0):
        model = Tiny()
        opt = optimizers.SGD(lr=0.1).setup(model)
        if scale is not None:
            opt.set_loss_scale(scale)
        opt.update(model.loss, X)
        results.append(model.w.array.copy())
    numpy.testing.assert_allclose(results[0], results[1], rtol=1e-12)


def test_loss_scale_errors():
    opt = optimizers.SGD().setup(Tiny())
    with pytest.raises(ValueError, match='loss_scale must be a positive number'):
        opt.loss_scaling(scale=0)
    with pytest.raises(ValueError, match='interval must be greater than or equal to 1'):
        opt.loss_scaling(interval=0)


def test_dynamic_loss_scaling_skips_update_on_overflow():
    model = Tiny()
    opt = optimizers.SGD(lr=0.1).setup(model)
    opt.loss_scaling()
    opt.update(model.loss, X)
    assert opt._loss_scale == 2.0
    w = model.w.array.copy()
    model.w.grad = numpy.full((2, 2), numpy.inf)
    with pytest.warns(UserWarning, match='Non finite number found in param.grad of /w'):
        opt.update()
    numpy.testing.assert_array_equal(model.w.array, w)
    assert opt._loss_scale == 1.0


def test_hooks_order_timing_and_removal():
    model = Tiny()
    opt = optimizers.SGD(lr=1.0).setup(model)
    log = []

    def pre(o):
        log.append(('pre', o.t))

    def post(o):
        log.append(('post', o.t))

    class Each:
        name = 'each'
        call_for_each_param = True
        timing = 'post'

        def __call__(self, rule, param):
            log.append(('each', param.name))

    opt.add_hook(pre)
    opt.add_hook(post, timing='post')
    opt.add_hook(Each())
    opt.update(model.loss, X)
    assert log == [('pre', 0), ('post', 1), ('each', 'w'), ('each', 'b')]
    with pytest.raises(KeyError, match='already exists'):
        opt.add_hook(pre)
    with pytest.raises(ValueError, match='timing must be one of'):
        opt.add_hook(lambda o: None, name='x', timing='later')
    with pytest.raises(TypeError, match='must be callable'):
        opt.add_hook(3, name='y')
    opt.remove_hook('pre')
    opt.remove_hook('post')
    opt.remove_hook('each')
    log.clear()
    opt.update(model.loss, X)
    assert log == []
    with pytest.raises(KeyError):
        opt.remove_hook('pre')


def test_hook_with_invalid_timing_attribute_falls_back_to_pre():
    opt = optimizers.SGD().setup(Tiny())

    def hook(o):
        pass
    hook.timing = 'sometime'
    with pytest.warns(UserWarning, match="defaulting timing to 'pre'"):
        opt.add_hook(hook)
    assert 'hook' in opt._hookable._pre_update_hooks


def test_hooks_need_setup():
    with pytest.raises(RuntimeError, match='Optimizer is not set up'):
        optimizers.SGD().add_hook(lambda o: None, name='h')


def test_update_rule_hooks():
    model = Tiny()
    opt = optimizers.SGD(lr=1.0).setup(model)
    log = []

    def pre(rule, param):
        log.append(('pre', rule.t, param.grad.copy()))
        param.grad[...] = 0.0     # a pre hook sees and may change the gradient

    model.w.update_rule.add_hook(pre)
    model.w.update_rule.add_hook(lambda r, p: log.append(('post', r.t)), name='post',
                                 timing='post')
    w0 = model.w.array.copy()
    opt.update(model.loss, X)
    assert [e[0] for e in log] == ['pre', 'post'] and log[0][1] == 1
    numpy.testing.assert_array_equal(model.w.array, w0)
    model.w.update_rule.remove_hook('pre')
    opt.update(model.loss, X)
    assert not numpy.array_equal(model.w.array, w0)


def test_new_epoch():
    opt = optimizers.SGD().setup(Tiny())
    opt.new_epoch()
    assert opt.epoch == 1
    with pytest.raises(RuntimeError, match='invalid new_epoch call with auto=True'):
        opt.new_epoch(auto=True)
    opt.use_auto_new_epoch = True
    opt.new_epoch(auto=True)
    assert opt.epoch == 2
    with pytest.raises(RuntimeError, match='duplicated new_epoch with the updater'):
        opt.new_epoch()


def test_hyperparameter_parent_lookup_and_repr():
    parent = optimizer.Hyperparameter()
    parent.lr = 0.1
    parent.momentum = 0.9
    child = optimizer.Hyperparameter(parent)
    child.lr = 0.5
    assert (child.lr, child.momentum) == (0.5, 0.9)
    assert child.parent is parent
    assert child.get_dict() == {'lr': 0.5, 'momentum': 0.9}
    assert repr(child) == 'Hyperparameter(lr=0.5, momentum=0.9)'
    with pytest.raises(AttributeError):
        child.beta


def test_hyperparameter_proxy():
    opt = optimizers.MomentumSGD(lr=0.3)
    assert isinstance(optimizers.MomentumSGD.lr, optimizer.HyperparameterProxy)
    opt.momentum = 0.1
    assert opt.hyperparam.momentum == 0.1
    assert opt.create_update_rule().hyperparam.momentum == 0.1


def test_optimizer_serialize_keys_follow_chainer():
    model = Tiny()
    opt = optimizers.Adam().setup(model)
    opt.update(model.loss, X)
    opt.new_epoch()
    d = serializers.npz.serialize(opt)
    assert set(d) == {'t', 'epoch', 'child/b/t', 'child/b/m', 'child/b/v', 'w/t', 'w/m', 'w/v'}
    assert d['t'] == 1 and d['epoch'] == 1 and d['w/t'] == 1


def test_deserialize_into_fresh_optimizer_restores_state_and_continues_identically():
    model = Tiny()
    opt = optimizers.Adam(alpha=0.05).setup(model)
    for _ in range(2):
        opt.update(model.loss, X)
    saved_model = serializers.npz.serialize(model)
    saved_opt = serializers.npz.serialize(opt)

    model2 = Tiny()
    opt2 = optimizers.Adam(alpha=0.05).setup(model2)
    serializers.NpzDeserializer(saved_model).load(model2)
    serializers.NpzDeserializer(saved_opt).load(opt2)
    assert opt2.t == 2 and model2.w.update_rule.t == 2
    numpy.testing.assert_array_equal(model2.w.update_rule.state['m'],
                                     model.w.update_rule.state['m'])
    opt.update(model.loss, X)
    opt2.update(model2.loss, X)
    numpy.testing.assert_array_equal(model2.w.array, model.w.array)


def test_deserialize_missing_state():
    model = Tiny()
    opt = optimizers.Adam().setup(model)
    # no state saved for w (its rule never updated): the state is made at the next update
    serializers.NpzDeserializer({'t': numpy.asarray(3), 'epoch': numpy.asarray(1),
                                 'w/t': numpy.asarray(0), 'child/b/t': numpy.asarray(3),
                                 'child/b/m': numpy.ones(2),
                                 'child/b/v': numpy.ones(2)}).load(opt)
    assert model.w.update_rule.state is None
    numpy.testing.assert_array_equal(model.child.b.update_rule.state['v'], numpy.ones(2))
    # a partial state is an error, unless the rule is disabled
    model = Tiny()
    opt = optimizers.Adam().setup(model)
    partial = {'t': numpy.asarray(3), 'epoch': numpy.asarray(1), 'w/t': numpy.asarray(1),
               'w/m': numpy.ones((2, 2)), 'child/b/t': numpy.asarray(0)}
    with pytest.raises(KeyError):
        serializers.NpzDeserializer(partial).load(opt)
    model.w.update_rule.enabled = False
    serializers.NpzDeserializer(partial).load(opt)
    assert model.w.update_rule.state is None


def test_fp32_update_of_float16_parameter():
    model = Tiny()
    for p in model.params():
        p.array = p.array.astype(numpy.float16)
    opt = optimizers.SGD(lr=1e-4)
    opt.use_fp32_update()
    opt.setup(model)
    w0 = model.w.array.copy()
    for _ in range(3):
        model.w.grad = numpy.ones((2, 2), numpy.float16)
        model.child.b.grad = numpy.zeros(2, numpy.float16)
        opt.update()
    # 1e-4 steps vanish in float16 arithmetic near 2.0, but accumulate in the float32 copy
    assert model.w.dtype == numpy.float16
    numpy.testing.assert_allclose(model.w.update_rule._fp32_param.array,
                                  w0.astype(numpy.float32) - 3e-4, rtol=1e-6)


class _Recorder(optimizer.UpdateRule):
    def __init__(self):
        super().__init__()
        self.calls = []

    def update_core_cpu(self, param):
        self.calls.append(('cpu', param))

    def update_core_gpu(self, param):
        self.calls.append(('gpu', param))


def test_uninitialized_parameter_is_updated_on_its_device():
    # an uninitialized parameter is on the CPU (where it will be made): update_core_cpu
    rule = _Recorder()
    p = kusari.Parameter()
    rule.update(p)
    assert rule.calls == [('cpu', p)]


def test_update_core_chainerx_says_there_is_no_chainerx():
    with pytest.raises(RuntimeError, match='_Recorder.update_core_chainerx: ChainerX is not '
                                           'available'):
        _Recorder().update_core_chainerx(kusari.Parameter(numpy.ones(2)))


@pytest.mark.parametrize('dtype', [None, numpy.float16, numpy.float32])
def test_fp32_update_of_an_uninitialized_parameter(dtype):
    def initializer(array):
        raise AssertionError('never called')

    if dtype is not None:
        initializer.dtype = dtype
    p = kusari.Parameter(initializer)     # its dtype is unknown without initializer.dtype
    seen = []
    rule = optimizer.UpdateRule()
    rule.update_core = seen.append
    rule.use_fp32_update()
    rule.update(p)
    target, = seen
    if dtype == numpy.float16:      # the float32 copy, uninitialized as well
        assert target is not p and target.array is None and target.dtype == numpy.float32
    else:
        assert target is p
    assert p.array is None


def test_deprecated_hook_aliases():
    with pytest.warns(DeprecationWarning, match='optimizer_hooks.WeightDecay'):
        hook = optimizer.WeightDecay(0.1)
    assert hook.rate == 0.1
    from kusari import optimizer_hooks
    assert isinstance(hook, optimizer_hooks.WeightDecay)


def test_use_cleargrads_is_deprecated():
    with pytest.warns(DeprecationWarning, match='use_cleargrads is deprecated'):
        optimizers.SGD().use_cleargrads()
