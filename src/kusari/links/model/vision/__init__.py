"""Chainer's vision models (VGG, GoogLeNet, ResNet) with their pretrained-weight layout."""
