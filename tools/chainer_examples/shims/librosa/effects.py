"""``trim`` of the librosa stand-in."""
import numpy


def trim(y, top_db=60, ref=numpy.max, frame_length=2048, hop_length=512):
    """Cut leading and trailing samples quieter than ``top_db`` below the peak."""
    power = numpy.abs(y) ** 2
    peak = ref(power) if callable(ref) else ref
    loud = numpy.nonzero(10 * numpy.log10(numpy.maximum(power, 1e-10) / max(peak, 1e-10))
                         > -top_db)[0]
    if len(loud) == 0:
        return y[:0], numpy.array([0, 0])
    start, stop = int(loud[0]), int(loud[-1]) + 1
    return y[start:stop], numpy.array([start, stop])
