"""Function hooks: profiling and debugging around every function's forward and backward."""
from kusari.function_hooks.cuda_profile import CUDAProfileHook  # noqa: F401
from kusari.function_hooks.cupy_memory_profile import CupyMemoryProfileHook  # noqa: F401
from kusari.function_hooks.debug_print import PrintHook  # noqa: F401
from kusari.function_hooks.timer import TimerHook  # noqa: F401
