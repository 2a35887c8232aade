"""Trainer extensions."""
from kusari.training.extensions._snapshot import snapshot, snapshot_object  # noqa: F401
from kusari.training.extensions.computational_graph import DumpGraph, dump_graph  # noqa: F401
from kusari.training.extensions.evaluator import Evaluator  # noqa: F401
from kusari.training.extensions.exponential_shift import ExponentialShift  # noqa: F401
from kusari.training.extensions.fail_on_nonnumber import FailOnNonNumber  # noqa: F401
from kusari.training.extensions.inverse_shift import InverseShift  # noqa: F401
from kusari.training.extensions.linear_shift import LinearShift  # noqa: F401
from kusari.training.extensions.log_report import LogReport  # noqa: F401
from kusari.training.extensions.micro_average import MicroAverage  # noqa: F401
from kusari.training.extensions.multistep_shift import MultistepShift  # noqa: F401
from kusari.training.extensions.parameter_statistics import ParameterStatistics  # noqa: F401
from kusari.training.extensions.plot_report import PlotReport  # noqa: F401
from kusari.training.extensions.polynomial_shift import PolynomialShift  # noqa: F401
from kusari.training.extensions.print_report import PrintReport  # noqa: F401
from kusari.training.extensions.progress_bar import ProgressBar  # noqa: F401
from kusari.training.extensions.step_shift import StepShift  # noqa: F401
from kusari.training.extensions.value_observation import observe_lr, observe_value  # noqa: F401
from kusari.training.extensions.variable_statistics_plot import VariableStatisticsPlot  # noqa: F401,E501
from kusari.training.extensions.variable_unchain import unchain_variables  # noqa: F401
from kusari.training.extensions.warmup_shift import WarmupShift  # noqa: F401
