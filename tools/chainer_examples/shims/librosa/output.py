"""``write_wav`` of the librosa stand-in."""
import wave

import numpy


def write_wav(path, y, sr, norm=False):
    """Write a mono float signal in [-1, 1] as 16-bit PCM."""
    y = numpy.asarray(y, dtype=numpy.float64)
    if norm and numpy.abs(y).max() > 0:
        y = y / numpy.abs(y).max()
    data = (numpy.clip(y, -1, 1) * 32767).astype('<i2')
    with wave.open(path, 'wb') as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(int(sr))
        f.writeframes(data.tobytes())
