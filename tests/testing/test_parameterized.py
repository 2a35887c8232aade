import unittest

import pytest

from kusari import testing
from kusari.testing import _cases, parameterized

SCRATCH = 'kusari_testing_scratch'


def _classes(module):
    return {k: v for k, v in vars(module).items() if isinstance(v, type)}


def _run(klass, name):
    result = unittest.TestResult()
    klass(name).run(result)
    return result


def helper(x):
    return x + 1


def test_parameterize_makes_one_named_class_per_dict(scratch):
    @testing.parameterize({'a': 1, 'b': 'x'}, {'a': 2, 'b': helper})
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def test_it(self):
            pass

    assert isinstance(T, _cases.CaseBundle)          # the base itself is not collected
    classes = _classes(scratch)
    assert sorted(classes) == ["T_param_0_{a=1, b='x'}", 'T_param_1_{a=2, b=helper}']
    first, second = classes["T_param_0_{a=1, b='x'}"], classes['T_param_1_{a=2, b=helper}']
    assert (first.a, first.b) == (1, 'x')
    assert [c for c in T.classes()] == [first, second]
    # A function parameter stays a plain function on the instance.
    assert second('test_it').b(1) == 2
    assert 'parameter: ' in str(first('test_it'))


def test_parameterize_twice_gives_the_product(scratch):
    @testing.parameterize({'p': 1}, {'p': 2})
    @testing.parameterize({'q': 3}, {'q': 4})
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def test_it(self):
            pass

    pairs = sorted((c.p, c.q) for c in _classes(scratch).values())
    assert pairs == [(1, 3), (1, 4), (2, 3), (2, 4)]
    # Only the final classes stay in the module.
    assert len(_classes(scratch)) == 4
    assert len(T.classes()) == 4


def test_parameterize_with_no_dicts_makes_no_class(scratch):
    @testing.parameterize()
    class T(unittest.TestCase):
        __module__ = SCRATCH

    assert _classes(scratch) == {}
    assert T.classes() == []


def test_a_failure_keeps_its_class_and_names_the_parameters(scratch):
    class Boom(Exception):
        pass

    @testing.parameterize({'n': 7})
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def test_fails(self):
            raise Boom('inner message')

        def test_skips(self):
            self.skipTest('why')

    klass, = T.classes()
    with pytest.raises(Boom, match='inner message') as info:
        klass('test_fails').test_fails()
    note = '\n'.join(info.value.__notes__)
    assert 'T.test_fails' in note and 'n: 7' in note
    result = _run(klass, 'test_skips')
    assert [r for _, r in result.skipped] == ['why']


def test_long_values_are_shortened_in_the_name():
    name = parameterized.class_name('T', 0, {'k': 'x' * 300})
    value = name[len('T_param_0_{k='):-1]
    assert len(value) == 100 and '...' in value


def test_product_of_a_dict_in_sorted_key_order():
    assert testing.product({'b': [1, 2], 'a': ['x']}) == [
        {'a': 'x', 'b': 1}, {'a': 'x', 'b': 2}]
    assert testing.product({'a': [1, 2], 'b': []}) == []
    assert testing.product({}) == [{}]
    # A comma-separated name takes tuples.
    assert testing.product({'a,b': [(1, 2), (3, 4)], 'c': [0]}) == [
        {'a': 1, 'b': 2, 'c': 0}, {'a': 3, 'b': 4, 'c': 0}]


def test_product_of_lists_of_dicts_and_product_dict():
    got = testing.product([[{'a': 1}, {'a': 2}], [{'b': 3}]])
    assert got == [{'a': 1, 'b': 3}, {'a': 2, 'b': 3}]
    assert testing.product_dict() == [{}]
    assert testing.product_dict([{'a': 1}], []) == []
    assert testing.product_dict is parameterized._product_dict_orig


@pytest.mark.parametrize('bad', [3, [{'a': 1}], [[1]]])
def test_product_refuses_other_types(bad):
    with pytest.raises(TypeError, match='product takes a dict or a list of lists of dicts'):
        testing.product(bad)


def test_pytest_style_parameters(scratch):
    assert testing.from_pytest_parameterize('a', [1, 2]) == [{'a': 1}, {'a': 2}]
    assert testing.from_pytest_parameterize('a,b', [(1, 2)]) == [{'a': 1, 'b': 2}]
    with pytest.raises(ValueError, match='one value for each'):
        testing.from_pytest_parameterize('a,b', [(1, 2, 3)])
    with pytest.raises(TypeError, match='comma-separated string'):
        testing.from_pytest_parameterize(['a'], [1])

    @testing.parameterize_pytest('a,b', [(1, 2), (3, 4)])
    class T(unittest.TestCase):
        __module__ = SCRATCH

    assert sorted((c.a, c.b) for c in T.classes()) == [(1, 2), (3, 4)]


def test_parameterize_works_on_plain_pytest_classes(scratch):
    @testing.parameterize({'a': 1})
    class TestPlain:
        __module__ = SCRATCH

        def test_it(self, tmp_path):
            return self.a, tmp_path

    klass, = TestPlain.classes()
    import inspect
    # The wrapper keeps the signature, so pytest still passes fixtures.
    assert list(inspect.signature(klass.test_it).parameters) == ['self', 'tmp_path']
    assert klass().test_it('p') == (1, 'p')


def test_decorating_something_else_is_a_type_error():
    with pytest.raises(TypeError, match='applies to a class'):
        testing.parameterize({'a': 1})(lambda: None)


# Real use: these classes are collected and run by pytest.
@testing.parameterize(*testing.product({'x': [1, 2], 'y': [10]}))
class TestCollectedParameters(unittest.TestCase):

    def test_values(self):
        assert self.x in (1, 2) and self.y == 10
