"""Run one example script as written, inside the process the runner (run.py) starts:

    python child.py [--datasets mnist,cifar,ptb] [--shims gym,librosa] [--max-iter N]
                    -- SCRIPT [ARGS...]

It installs the stand-ins the case asks for (dataset getters replaced in the package that
``import chainer`` resolves to; stand-in modules registered under their import names), then runs
SCRIPT with ``runpy`` as ``__main__`` with SCRIPT's folder first on ``sys.path``, as
``python SCRIPT ARGS`` would. ``--max-iter`` caps every ``Trainer`` at N iterations (for scripts
whose epoch cannot be shortened from the command line); the cap is reported by the runner.
"""
import argparse
import importlib.util
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_shim(name):
    folder = os.path.join(HERE, 'shims', name)
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(folder, '__init__.py'), submodule_search_locations=[folder])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


def _cap_trainer(max_iter):
    from chainer import training

    class CappedStop:
        """The script's stop trigger, or ``max_iter`` iterations, whichever comes first."""

        def __init__(self, inner):
            self.inner = inner

        def __call__(self, trainer):
            return self.inner(trainer) or trainer.updater.iteration >= max_iter

        def get_training_length(self):
            return max_iter, 'iteration'

        def serialize(self, serializer):
            if hasattr(self.inner, 'serialize'):
                self.inner.serialize(serializer)

    original = training.Trainer.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.stop_trigger = CappedStop(self.stop_trigger)

    training.Trainer.__init__ = __init__


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--datasets', default='')
    parser.add_argument('--shims', default='')
    parser.add_argument('--max-iter', type=int, default=0)
    parser.add_argument('script')
    parser.add_argument('args', nargs=argparse.REMAINDER)
    opts = parser.parse_args(argv)

    sys.path.insert(0, HERE)
    for name in filter(None, opts.shims.split(',')):
        _load_shim(name)
    if opts.datasets:
        import standins
        standins.install(opts.datasets.split(','))
    if opts.max_iter:
        _cap_trainer(opts.max_iter)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]

    script = os.path.abspath(opts.script)
    args = list(opts.args)
    if args[:1] == ['--']:
        args = args[1:]
    sys.argv = [script] + args
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name='__main__')
    return 0


if __name__ == '__main__':
    sys.exit(main())
