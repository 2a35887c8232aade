import io

import numpy

import kusari


def test_print_runtime_info():
    out = io.StringIO()
    kusari.print_runtime_info(out)
    text = out.getvalue()
    assert 'kusari: {} (Chainer API 7.8.1)'.format(kusari.__version__) in text
    assert 'NumPy: {}'.format(numpy.__version__) in text
    assert 'ChainerX: Not Available' in text and 'iDeep: Not Available' in text
    assert text.startswith('Platform: ') and text.endswith('\n')
    assert ('CuPy: Not Available' in text) != ('CuPy:\n' in text)
