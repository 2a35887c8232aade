"""function_hooks.PrintHook: the label and a summary of every input (and output gradient)."""
import io
import re
import warnings

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.function_hooks import PrintHook

_VAR = (r'<variable at 0x[0-9a-f]+>\n- device: CPU\n- backend: <class \'numpy.ndarray\'>\n'
        r'- shape: \(2, 3\)\n- dtype: float32\n- statistics: mean=[-0-9.]+, std=[-0-9.]+\n'
        r'- grad: {}\n')


def test_forward_prints_label_and_inputs():
    out = io.StringIO()
    x = kusari.Variable(numpy.ones((2, 3), numpy.float32))
    with PrintHook(file=out):
        F.exp(x)
    text = out.getvalue()
    assert re.fullmatch('function\texp\ninput data\n' + _VAR.format('None'), text), text
    assert 'mean=1.00000000, std=0.00000000' in text


def test_backward_prints_removed_inputs_and_output_gradient():
    out = io.StringIO()
    x = kusari.Variable(numpy.ones((2, 3), numpy.float32))
    y = F.exp(x)              # retains its output only: the input prints as (removed)
    y.grad = numpy.full((2, 3), 3, numpy.float32)
    f = y.creator_node
    f.add_hook(PrintHook(file=out))
    y.backward()
    text = out.getvalue()
    expected = ('function\texp\ninput data\n\\(removed\\)\noutput gradient\n'
                + _VAR.format('mean=3.00000000, std=0.00000000'))
    assert re.fullmatch(expected, text), text


def test_missing_output_gradient_prints_an_empty_variable():
    out = io.StringIO()
    hook = PrintHook(file=out, end='|')
    hook.backward_preprocess(F.math.exponential.Exp(), (None,), (None,))
    assert re.fullmatch(r'function\texp\|input data\|\(removed\)\|output gradient\|'
                        r'<variable at 0x[0-9a-f]+>\n- device: None\n- backend: None\n'
                        r'- shape: None\n- dtype: None\n- statistics: None\n- grad: None\|',
                        out.getvalue()), out.getvalue()


def test_sep_is_deprecated():
    with pytest.warns(DeprecationWarning, match='sep argument of PrintHook is deprecated'):
        PrintHook(sep=' ')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        PrintHook()


def test_flush_false_does_not_flush():
    class File(io.StringIO):
        flushed = 0

        def flush(self):
            self.flushed += 1

    f = File()
    with PrintHook(file=f, flush=False):
        F.exp(numpy.ones(2, numpy.float32))
    assert f.flushed == 0 and f.getvalue()
    with PrintHook(file=f):
        F.exp(numpy.ones(2, numpy.float32))
    assert f.flushed == 1
