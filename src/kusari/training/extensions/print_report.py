"""PrintReport: print the LogReport's entries as a table."""
import sys

from kusari.training import extension
from kusari.training.extensions import log_report as log_report_module


def _isatty(out):
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


class PrintReport(extension.Extension):
    """Print a header, then one row per new entry of a :class:`LogReport`.

    Each column is at least 10 characters wide (or the width of its key); numbers are written
    with ``{:g}``, missing values as blanks.

    Parameters
    ----------
    entries : list of str
        The keys to print, in order.
    log_report : str or LogReport
        The name of the trainer's LogReport, or a LogReport (which is then run by this
        extension).
    out : file, optional
        Where to print; ``None`` (the default) is ``sys.stdout`` at the time of writing, so
        redirections of standard output are followed.
    """

    def __init__(self, entries, log_report='LogReport', out=None):
        self._entries = entries
        self._log_report = log_report
        self._out = out
        self._log_len = 0
        widths = [max(10, len(e)) for e in entries]
        self._header = '  '.join('{:%d}' % w for w in widths).format(*entries) + '\n'
        self._templates = [(e, '{:<%dg}  ' % w, ' ' * (w + 2)) for e, w in zip(entries, widths)]

    def _stream(self):
        return sys.stdout if self._out is None else self._out

    def __call__(self, trainer):
        out = self._stream()
        if self._header:
            out.write(self._header)
            self._header = None
        log_report = self._log_report
        if isinstance(log_report, str):
            log_report = trainer.get_extension(log_report)
        elif isinstance(log_report, log_report_module.LogReport):
            log_report(trainer)
        else:
            raise TypeError('log report has a wrong type %s' % type(log_report))
        log = log_report.log
        tty = _isatty(out)
        while len(log) > self._log_len:
            if tty:
                out.write('\x1b[J')  # clear a progress bar drawn below the cursor
            self._print(log[self._log_len])
            self._log_len += 1

    def _print(self, entry):
        out = self._stream()
        for key, template, empty in self._templates:
            value = entry.get(key)
            if value is None:
                out.write(empty)
            elif isinstance(value, str):
                out.write(template.replace('g}', 's}').format(value))
            else:
                out.write(template.format(value))
        out.write('\n')
        if hasattr(out, 'flush'):
            out.flush()

    def serialize(self, serializer):
        if isinstance(self._log_report, log_report_module.LogReport):
            self._log_report.serialize(serializer['_log_report'])
