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
