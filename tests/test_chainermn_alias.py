"""The top-level ``chainermn`` package: every ``chainermn.X`` is the module
``kusari.chainermn.X``; importing it needs no mpi4py."""
import subprocess
import sys

import chainermn
import kusari
import kusari.chainermn


def test_version_and_names():
    assert chainermn.__version__ == '7.8.1'
    assert chainermn.create_communicator is kusari.chainermn.create_communicator
    assert chainermn.MultiNodeChainList is kusari.chainermn.MultiNodeChainList
    assert kusari.chainermn.communicators is chainermn.communicators


def test_submodules_are_kusari_modules():
    import chainermn.communicators.naive_communicator
    import chainermn.functions

    import kusari.chainermn.communicators.naive_communicator as naive
    assert chainermn.functions is kusari.chainermn.functions
    assert chainermn.communicators.naive_communicator is naive
    from chainermn.links import MultiNodeBatchNormalization
    assert MultiNodeBatchNormalization is kusari.chainermn.links.MultiNodeBatchNormalization


def test_setting_an_attribute_sets_it_on_kusari():
    chainermn.some_flag = 3
    try:
        assert kusari.chainermn.some_flag == 3
    finally:
        del kusari.chainermn.some_flag


def test_import_does_not_need_or_load_mpi4py():
    code = ('import sys, chainermn, chainermn.functions, chainermn.links, '
            'chainermn.iterators, chainermn.extensions; '
            'assert "mpi4py" not in sys.modules, "mpi4py was imported"; '
            'import kusari; assert kusari.chainermn.links is chainermn.links')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_missing_mpi4py_names_the_extra():
    code = ('import sys; sys.modules["mpi4py"] = None\n'
            'import chainermn\n'
            'try:\n'
            '    chainermn.create_communicator("naive")\n'
            'except ImportError as e:\n'
            '    assert "kusari[mpi]" in str(e), e\n'
            'else:\n'
            '    raise SystemExit("no ImportError")\n')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
