"""Runnable examples shipped with kusari, each run as a module from a clone after the README's
set-up (``.venv`` holds kusari with the ``examples`` extra), e.g.
``.venv/bin/python -m kusari.examples.train_digits``:

- ``train_digits``: the main job, a CNN with batch normalization on scikit-learn's digits,
- ``mnist_mlp``: Chainer's classic MNIST MLP,
- ``cifar10_resnet``, ``cifar10_vgg``: CIFAR-10 with a ResNet or a VGG-style network,
- ``iris_mlp``: iris flowers with a small MLP,
- ``wgan_gp_2d``: WGAN-GP on a 2-D toy distribution (second-order gradients through batch
  normalization),
- ``maml_sine``: MAML on sine-wave regression (second-order meta-gradients).

``--help`` lists each one's options.
"""
