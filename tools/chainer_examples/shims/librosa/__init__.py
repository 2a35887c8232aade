"""A stand-in for the few functions of librosa 0.6 that Chainer's WaveNet example calls, with
0.6's positional signatures (librosa >= 0.10 made them keyword-only, so the example cannot run
on a current librosa unmodified): ``load(path, sr)``, ``effects.trim(y, top_db)``,
``feature.melspectrogram(y, sr, n_fft=, hop_length=, n_mels=)``, ``power_to_db(S, ref=)`` and
``output.write_wav(path, y, sr)``. 16-bit PCM WAV files through the standard ``wave`` module,
resampling by linear interpolation, a Hann-window STFT and a Slaney-style triangular mel filter
bank: enough to turn the runner's synthetic tones into the same shapes and ranges the example
expects. Only the runner of tools/chainer_examples puts this folder on ``sys.path``.
"""
import wave

import numpy

from . import effects, feature, output  # noqa: F401

__version__ = '0.6.3-standin'


def load(path, sr=22050, mono=True, offset=0.0, duration=None, res_type='kaiser_best'):
    """Read a 16-bit PCM WAV file as float32 in [-1, 1], resampled to ``sr``."""
    with wave.open(path, 'rb') as f:
        n_channels, width, rate = f.getnchannels(), f.getsampwidth(), f.getframerate()
        frames = f.readframes(f.getnframes())
    if width != 2:
        raise ValueError('librosa stand-in: only 16-bit PCM WAV is read, got {} bytes per '
                         'sample in {}'.format(width, path))
    y = numpy.frombuffer(frames, dtype='<i2').astype(numpy.float32) / 32768.0
    y = y.reshape(-1, n_channels)
    y = y.mean(axis=1) if mono else y.T
    if sr is not None and sr != rate:
        n_out = int(round(len(y) * sr / rate))
        y = numpy.interp(numpy.arange(n_out) * (rate / sr), numpy.arange(len(y)),
                         y).astype(numpy.float32)
    else:
        sr = rate
    return y, sr


def power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0):
    """``10 log10(S / ref)``, clipped to ``top_db`` below the peak."""
    S = numpy.asarray(S)
    ref_value = ref(S) if callable(ref) else numpy.abs(ref)
    db = 10.0 * numpy.log10(numpy.maximum(amin, S))
    db -= 10.0 * numpy.log10(numpy.maximum(amin, ref_value))
    if top_db is not None:
        db = numpy.maximum(db, db.max() - top_db)
    return db
