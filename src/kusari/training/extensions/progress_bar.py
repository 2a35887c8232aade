"""ProgressBar: the training progress, speed and estimated time to finish."""
import collections
import datetime
import sys
import time

from kusari.training import extension


def _rate(speed):
    """Iterations per second for a log line: 3 significant digits, no exponent."""
    return '{:.0f}'.format(speed) if speed >= 100 else '{:.3g}'.format(speed)


def _isatty(out):
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar(extension.Extension):
    """Show the progress of training, its speed and the estimated time to finish.

    On a terminal it draws what Chainer's ProgressBar draws, every ``update_interval``
    iterations, in place (ANSI cursor movement): the whole run and the current epoch as bars
    with percentages, the iteration and epoch counts, and the speed with the estimated time
    to finish (from the last 100 draws).

    Anywhere else (a log file, a pipe, CI, a notebook's captured output) a redrawn block
    would be appended again and again, so it writes one plain line instead, at most every
    ``log_interval`` seconds (checked every ``update_interval`` iterations)::

        progress: epoch 0/20 (0.56%), iteration 10
        progress: epoch 9/20 (47.78%), iteration 430, 44.3 iters/sec, 0:00:11 to finish
        progress: finished 20 epochs, 900 iterations in 0:00:20 (44.9 iters/sec)

    The first line comes at the first check and has no speed yet; the speed and the
    estimated time are measured over the recent checks; the last line comes when training
    reaches its length.

    Parameters
    ----------
    training_length : tuple, optional
        ``(length, unit)``; by default the stop trigger's ``get_training_length()``.
    update_interval : int
        Iterations between redraws (and between checks of the clock when not on a
        terminal).
    bar_length : int
        Characters per bar.
    out : file, optional
        Where to write; ``None`` (the default) is ``sys.stdout`` at the time of writing.
    log_interval : float
        Keyword only: the least number of seconds between two lines when ``out`` is not a
        terminal (10).
    """

    def __init__(self, training_length=None, update_interval=100, bar_length=50,
                 out=None, *, log_interval=10.0):
        if not (isinstance(update_interval, int) and update_interval > 0):
            raise ValueError('update_interval must be a positive integer, not {!r}'.format(
                update_interval))
        self._training_length = training_length
        self._update_interval = update_interval
        self._bar_length = bar_length
        self._out = out
        self._log_interval = log_interval
        self._recent = collections.deque(maxlen=100)
        self._drawn = False
        self._tty = None
        self._last_line = None      # perf_counter of the last plain line
        self._start = None          # perf_counter at the first check
        self._trainer = None
        self._finished = False

    def _stream(self):
        return sys.stdout if self._out is None else self._out

    def __call__(self, trainer):
        self._trainer = trainer
        iteration = trainer.updater.iteration
        if iteration % self._update_interval == 0:
            self._draw(trainer)

    def _length(self, trainer):
        if self._training_length is None:
            self._training_length = trainer.stop_trigger.get_training_length()
        return self._training_length

    def _bar(self, rate):
        marks = '#' * int(rate * self._bar_length)
        return '[{}{}] {:6.2%}'.format(marks, '.' * (self._bar_length - len(marks)), rate)

    def _speed(self, iteration, epoch_detail):
        """Iterations and epochs per second over the recent checks (None at the first)."""
        now = time.perf_counter()
        self._recent.append((iteration, epoch_detail, now))
        old_iter, old_epoch, old_time = self._recent[0]
        span = now - old_time
        if span <= 0 or iteration == old_iter:
            return None, None
        return (iteration - old_iter) / span, (epoch_detail - old_epoch) / span

    def get_lines(self, trainer):
        """The lines of the terminal display for the trainer's current state."""
        updater = trainer.updater
        iteration = updater.iteration
        epoch_detail = updater.epoch_detail
        length, unit = self._length(trainer)
        done = iteration if unit == 'iteration' else epoch_detail
        rate = min(done / length, 1.0)
        lines = ['     total {}\n'.format(self._bar(rate)),
                 'this epoch {}\n'.format(self._bar(epoch_detail - int(epoch_detail))),
                 '{:10} iter, {} epoch / {} {}s\n'.format(iteration, updater.epoch, length,
                                                          unit)]
        speed_t, speed_e = self._speed(iteration, epoch_detail)
        speed = speed_t if unit == 'iteration' else speed_e
        if speed:
            eta = datetime.timedelta(seconds=round(max((length - done) / speed, 0.0)))
        else:
            eta = '--:--:--'
        lines.append('{:10.5g} iters/sec. Estimated time to finish: {}.\n'.format(
            float('inf') if speed_t is None else speed_t, eta))
        return lines

    def get_log_line(self, trainer):
        """The plain line written when the output is not a terminal."""
        updater = trainer.updater
        iteration = updater.iteration
        epoch_detail = updater.epoch_detail
        length, unit = self._length(trainer)
        done = iteration if unit == 'iteration' else epoch_detail
        rate = min(done / length, 1.0)
        if unit == 'epoch':
            where = 'epoch {}/{} ({:.2%}), iteration {}'.format(updater.epoch, length, rate,
                                                               iteration)
        else:
            where = 'iteration {}/{} ({:.2%}), epoch {}'.format(iteration, length, rate,
                                                               updater.epoch)
        speed_t, speed_e = self._speed(iteration, epoch_detail)
        speed = speed_t if unit == 'iteration' else speed_e
        if not speed:
            return 'progress: {}\n'.format(where)
        eta = datetime.timedelta(seconds=round(max((length - done) / speed, 0.0)))
        return 'progress: {}, {} iters/sec, {} to finish\n'.format(where, _rate(speed_t), eta)

    def _draw(self, trainer):
        out = self._stream()
        if self._tty is None:
            self._tty = _isatty(out)
        now = time.perf_counter()
        if self._start is None:
            self._start = now
        if self._tty:
            lines = self.get_lines(trainer)
            out.write('\x1b[J')
            out.write(''.join(lines))
            out.write('\x1b[{:d}A'.format(len(lines)))
        else:
            length, unit = self._length(trainer)
            updater = trainer.updater
            done = updater.iteration if unit == 'iteration' else updater.epoch_detail
            if done >= length:
                self._finish(trainer, out)
            elif self._last_line is None or now - self._last_line >= self._log_interval:
                out.write(self.get_log_line(trainer))
                self._last_line = now
            else:
                return
        self._drawn = True
        if hasattr(out, 'flush'):
            out.flush()

    def _finish(self, trainer, out):
        if self._finished:
            return
        self._finished = True
        length, unit = self._length(trainer)
        iteration = trainer.updater.iteration
        try:
            span = trainer.elapsed_time      # includes the time before a resume
        except RuntimeError:
            span = 0.0
        speed = ' ({} iters/sec)'.format(_rate(iteration / span)) if span > 0 else ''
        what = '{} epochs, {} iterations'.format(length, iteration) if unit == 'epoch' else \
            '{} iterations'.format(iteration)
        out.write('progress: finished {} in {}{}\n'.format(
            what, datetime.timedelta(seconds=round(span)), speed))

    def finalize(self):
        out = self._stream()
        if self._drawn and self._tty:
            out.write('\x1b[J')
        elif not self._tty and self._trainer is not None and self._start is not None:
            length, unit = self._length(self._trainer)
            updater = self._trainer.updater
            done = updater.iteration if unit == 'iteration' else updater.epoch_detail
            if done >= length:  # the last check fell before the end: say it finished
                self._finish(self._trainer, out)
        if hasattr(out, 'flush'):
            out.flush()
