import pytest

from kusari.utils import argument


def _f(**kwargs):
    return argument.parse_kwargs(kwargs, ('foo', 1), ('bar', 2), train='train was removed')


def test_parse_kwargs_defaults_and_values():
    assert _f() == (1, 2)
    assert _f(bar=3, foo=4) == (4, 3)


def test_parse_kwargs_names_the_caller_and_the_keys():
    with pytest.raises(TypeError, match=r"^_f\(\) got unexpected keyword argument\(s\) 'ham', "
                                        r"'spam'$"):
        _f(spam=1, ham=2)


def test_retired_keyword_gives_its_message():
    with pytest.raises(ValueError, match='train was removed'):
        _f(train=True)


def test_check_unexpected_kwargs_and_assert_empty():
    argument.check_unexpected_kwargs({'a': 1}, b='no b')
    with pytest.raises(ValueError, match='no b'):
        argument.check_unexpected_kwargs({'b': 1}, b='no b')
    argument.assert_kwargs_empty({})

    def g(**kwargs):
        argument.assert_kwargs_empty(kwargs)

    with pytest.raises(TypeError, match=r"^g\(\) got unexpected keyword argument\(s\) 'x'$"):
        g(x=1)
