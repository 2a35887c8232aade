"""The right-aligned text tables that the profiling hooks print."""


def write_table(rows, file):
    """Write ``rows`` (lists of str, the first one the header) right-aligned, two spaces apart.

    Parameters
    ----------
    rows : list of list of str
        The header row, then one row per entry.
    file : file-like
        Where to write; flushed afterwards when it can be.
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        file.write('  '.join(cell.rjust(w) for cell, w in zip(row, widths)) + '\n')
    if hasattr(file, 'flush'):
        file.flush()


def time_unit(seconds):
    """The factor and unit (``sec``, ``ms``, ``us`` or ``ns``) that show ``seconds`` >= 1.

    Parameters
    ----------
    seconds : float

    Returns
    -------
    tuple of (float, str)
    """
    factor = 1.0
    for unit in ('sec', 'ms', 'us'):
        if seconds * factor >= 1:
            return factor, unit
        factor *= 1000.0
    return factor, 'ns'


TIME_UNITS = {'sec': 1, 'ms': 10 ** 3, 'us': 10 ** 6, 'ns': 10 ** 9}


def time_rows(header, summary, unit):
    """Rows of a timing table: name, elapsed time in ``unit``, occurrences.

    Parameters
    ----------
    header : str
        The title of the name column.
    summary : dict
        ``{name: {'elapsed_time': seconds, 'occurrence': count}}``.
    unit : str
        ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``, ``'auto'`` (one unit that suits the largest
        time) or ``'auto_foreach'`` (a unit per row).

    Returns
    -------
    list of list of str

    Raises
    ------
    ValueError
        If ``unit`` is none of these.
    """
    if unit not in TIME_UNITS and unit not in ('auto', 'auto_foreach'):
        raise ValueError('print_report: unit must be one of {} or auto / auto_foreach, got '
                         '{!r}'.format(sorted(TIME_UNITS), unit))
    rows = [[header, 'ElapsedTime', 'Occurrence']]
    if unit == 'auto':
        longest = max([r['elapsed_time'] for r in summary.values()], default=0.0)
        factor, unit = time_unit(longest)
    elif unit != 'auto_foreach':
        factor = TIME_UNITS[unit]
    for name, record in summary.items():
        seconds = record['elapsed_time']
        if unit == 'auto_foreach':
            f, u = time_unit(seconds)
        else:
            f, u = factor, unit
        rows.append([name, '%3.2f%s' % (seconds * f, u), str(record['occurrence'])])
    return rows
