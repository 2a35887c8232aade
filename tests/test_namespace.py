"""Chainer code's top-level names resolve (``import kusari as chainer``)."""
import pytest

import kusari as chainer


@pytest.mark.parametrize('name', [
    'Variable', 'Parameter', 'FunctionNode', 'Function', 'grad', 'backward', 'config',
    'global_config', 'using_config', 'no_backprop_mode', 'force_backprop_mode', 'Link', 'Chain',
    'ChainList', 'Sequential', 'Optimizer', 'GradientMethod', 'UpdateRule', 'Reporter', 'report',
    'report_scope', 'Summary', 'DictSummary', 'DatasetMixin', 'Initializer', 'get_device',
    'get_array_types', 'is_debug', 'set_debug', 'DebugMode', 'get_dtype', 'functions', 'links',
    'optimizers', 'optimizer_hooks', 'serializers', 'training', 'datasets', 'dataset',
    'iterators', 'initializers', 'testing', 'gradient_check', 'backends', 'backend', 'utils',
    'FunctionHook', 'LinkHook', 'get_function_hooks', '_get_link_hooks', 'function_hooks',
    'link_hooks', 'computational_graph', 'graph_optimizations', 'static_graph', 'static_code'])
def test_name_resolves(name):
    assert getattr(chainer, name) is not None


def test_cuda_alias_is_the_backends_shim():
    from kusari import cuda
    assert cuda is chainer.backends.cuda


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        chainer.no_such_name  # noqa: B018


@pytest.mark.parametrize('module, name', [
    ('training', 'IntervalTrigger'), ('training', 'ParallelUpdater'),
    ('training', 'StandardUpdater'), ('training.updater', 'StandardUpdater'),
    ('training.updater', 'ParallelUpdater'), ('training.trigger', 'IntervalTrigger'),
])
def test_training_aliases_of_chainer(module, name):
    import importlib
    mod = importlib.import_module('kusari.' + module)
    assert getattr(mod, name) is getattr(importlib.import_module(
        'kusari.training.updaters' if 'Updater' in name else 'kusari.training.triggers'), name)
    with pytest.raises(AttributeError, match='no_such_name'):
        importlib.import_module('kusari.training.updater').no_such_name  # noqa: B018
