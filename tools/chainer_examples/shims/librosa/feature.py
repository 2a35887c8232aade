"""``melspectrogram`` of the librosa stand-in."""
import numpy


def _hz_to_mel(f):
    return 2595.0 * numpy.log10(1.0 + numpy.asarray(f) / 700.0)


def _mel_to_hz(m):
    return 700.0 * (10.0 ** (numpy.asarray(m) / 2595.0) - 1.0)


def _mel_filters(sr, n_fft, n_mels):
    freqs = numpy.linspace(0, sr / 2, 1 + n_fft // 2)
    edges = _mel_to_hz(numpy.linspace(_hz_to_mel(0.0), _hz_to_mel(sr / 2), n_mels + 2))
    lower = (freqs[None, :] - edges[:-2, None]) / (edges[1:-1] - edges[:-2])[:, None]
    upper = (edges[2:, None] - freqs[None, :]) / (edges[2:] - edges[1:-1])[:, None]
    weights = numpy.maximum(0, numpy.minimum(lower, upper))
    return weights * (2.0 / (edges[2:] - edges[:-2]))[:, None]


def melspectrogram(y=None, sr=22050, S=None, n_fft=2048, hop_length=512, n_mels=128,
                   power=2.0):
    """Mel power spectrogram ``(n_mels, 1 + len(y) // hop_length)`` of a centred STFT."""
    if S is None:
        pad = n_fft // 2
        y = numpy.pad(numpy.asarray(y, dtype=numpy.float64), pad, mode='reflect')
        n_frames = 1 + (len(y) - n_fft) // hop_length
        index = numpy.arange(n_fft)[None, :] + hop_length * numpy.arange(n_frames)[:, None]
        frames = y[index] * numpy.hanning(n_fft + 1)[:-1]
        S = (numpy.abs(numpy.fft.rfft(frames, axis=1)) ** power).T
    return _mel_filters(sr, n_fft, n_mels) @ S
