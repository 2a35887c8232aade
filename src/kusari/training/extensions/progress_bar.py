"""ProgressBar: the training progress, speed and estimated time to finish."""
import collections
import datetime
import sys
import time

from kusari.training import extension


def _isatty(out):
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar(extension.Extension):
    """Show the progress of training every ``update_interval`` iterations.

    It writes four lines: the whole run and the current epoch as bars with percentages, the
    iteration and epoch counts, and the speed with the estimated time to finish (from the
    last 100 updates). On a terminal the block is redrawn in place (ANSI cursor movement); to
    a file or pipe the same lines are appended as plain text, so a log file shows the same
    information without control characters.

    Parameters
    ----------
    training_length : tuple, optional
        ``(length, unit)``; by default the stop trigger's ``get_training_length()``.
    update_interval : int
        Iterations between redraws.
    bar_length : int
        Characters per bar.
    out : file, optional
        Where to write; ``None`` (the default) is ``sys.stdout`` at the time of writing.
    """

    def __init__(self, training_length=None, update_interval=100, bar_length=50,
                 out=None):
        self._training_length = training_length
        self._update_interval = update_interval
        self._bar_length = bar_length
        self._out = out
        self._recent = collections.deque(maxlen=100)
        self._drawn = False
        self._tty = None

    def _stream(self):
        return sys.stdout if self._out is None else self._out

    def __call__(self, trainer):
        iteration = trainer.updater.iteration
        if iteration % self._update_interval == 0:
            self._draw(trainer)

    def _bar(self, rate):
        marks = '#' * int(rate * self._bar_length)
        return '[{}{}] {:6.2%}'.format(marks, '.' * (self._bar_length - len(marks)), rate)

    def get_lines(self, trainer):
        """The lines of the progress display for the trainer's current state."""
        updater = trainer.updater
        iteration = updater.iteration
        epoch_detail = updater.epoch_detail
        if self._training_length is None:
            self._training_length = trainer.stop_trigger.get_training_length()
        length, unit = self._training_length
        done = iteration if unit == 'iteration' else epoch_detail
        rate = min(done / length, 1.0)
        lines = ['     total {}\n'.format(self._bar(rate)),
                 'this epoch {}\n'.format(self._bar(epoch_detail - int(epoch_detail))),
                 '{:10} iter, {} epoch / {} {}s\n'.format(iteration, updater.epoch, length,
                                                          unit)]
        now = time.perf_counter()
        self._recent.append((iteration, epoch_detail, now))
        old_iter, old_epoch, old_time = self._recent[0]
        span = now - old_time
        if span > 0:
            speed_t = (iteration - old_iter) / span
            speed_e = (epoch_detail - old_epoch) / span
        else:
            speed_t = speed_e = float('inf')
        speed = speed_t if unit == 'iteration' else speed_e
        if speed > 0 and speed != float('inf'):
            eta = datetime.timedelta(seconds=round(max((length - done) / speed, 0.0)))
        else:
            eta = '--:--:--'
        lines.append('{:10.5g} iters/sec. Estimated time to finish: {}.\n'.format(speed_t, eta))
        return lines

    def _draw(self, trainer):
        out = self._stream()
        if self._tty is None:
            self._tty = _isatty(out)
        lines = self.get_lines(trainer)
        if self._tty:
            out.write('\x1b[J')
            out.write(''.join(lines))
            out.write('\x1b[{:d}A'.format(len(lines)))
        else:
            out.write(''.join(lines))
        self._drawn = True
        if hasattr(out, 'flush'):
            out.flush()

    def finalize(self):
        if self._drawn and self._tty:
            out = self._stream()
            out.write('\x1b[J')
            if hasattr(out, 'flush'):
                out.flush()
