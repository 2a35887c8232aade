"""Image helpers (``chainer.utils.imgproc``)."""
import numpy


def oversample(images, crop_dims):
    """Ten crops of each image: the four corners and the center, and their mirror images.

    Parameters
    ----------
    images : sequence of numpy.ndarray
        Images of shape ``(C, H, W)``, all of one shape and dtype.
    crop_dims : tuple of int
        ``(crop_h, crop_w)``, at most ``(H, W)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(10 * len(images), C, crop_h, crop_w)``: for each image the crops at the
        top-left, top-right, bottom-left, bottom-right and center, then the same five flipped
        left to right.
    """
    channels, h, w = images[0].shape
    ch, cw = crop_dims
    if ch > h or cw > w:
        raise ValueError('oversample: crop_dims {} exceed the image size {}'.format(
            tuple(crop_dims), (h, w)))
    tops = (0, 0, h - ch, h - ch, int(h / 2.0 - ch / 2.0))
    lefts = (0, w - cw, 0, w - cw, int(w / 2.0 - cw / 2.0))
    out = numpy.empty((10 * len(images), channels, ch, cw), dtype=images[0].dtype)
    i = 0
    for img in images:
        for t, left in zip(tops, lefts):
            out[i] = img[:, t:t + ch, left:left + cw]
            i += 1
        out[i:i + 5] = out[i - 5:i, :, :, ::-1]
        i += 5
    return out
