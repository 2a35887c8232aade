"""Compile the CPU kernels of the main job ahead of its first run.

``pip install .`` runs this module on the package it has just built (see ``setup.py``): one
training step and one evaluation of the main job's network (``kusari.examples.train_digits``)
on random digits-shaped data make Numba compile every kernel that job uses, and Numba writes
the machine code beside each kernel's module (``__pycache__/*.nbi``, ``*.nbc``), inside the
wheel. Numba keys that cache by the content of the source file, its own version and the CPU,
so on the machine that built the wheel the installed package finds its kernels compiled and
the main job starts warm; elsewhere (another CPU, another Numba) the kernels compile on their
first call, as any kernel of another shape or dtype does.

Run it by hand as ``python -m kusari.utils._kernel_warmup`` to warm an editable install.
"""
import sys
import time


def warm():
    """One training step and one evaluation of the main job's model on random data.

    Returns
    -------
    float
        The seconds it took (almost all of it compiling, the first time).
    """
    import numpy

    import kusari
    import kusari.links as L
    from kusari import optimizers
    from kusari.examples.train_digits import DigitsCNN

    start = time.perf_counter()
    rng = numpy.random.default_rng(0)
    model = L.Classifier(DigitsCNN())
    optimizer = optimizers.MomentumSGD(lr=0.05).setup(model)
    # the shapes of the main job: training batches of 32, the test set (359) in one batch
    x = rng.standard_normal((32, 1, 8, 8)).astype(numpy.float32)
    t = rng.integers(0, 10, 32).astype(numpy.int32)
    for _ in range(2):
        model.cleargrads()
        model(x, t).backward()
        optimizer.update()
    x = rng.standard_normal((359, 1, 8, 8)).astype(numpy.float32)
    t = rng.integers(0, 10, 359).astype(numpy.int32)
    with kusari.using_config('train', False), kusari.no_backprop_mode():
        model(x, t)
    return time.perf_counter() - start


def main():
    seconds = warm()
    print('kusari: compiled the main job\'s CPU kernels in {:.1f} s'.format(seconds),
          file=sys.stderr)


if __name__ == '__main__':
    main()
