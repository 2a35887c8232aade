"""CUDAProfileHook: NVTX ranges around each function's forward and backward (GPU only)."""
from kusari import function_hook


class CUDAProfileHook(function_hook.FunctionHook):
    """Push an NVTX range named ``<label>.forward`` / ``<label>.backward`` around every
    forward and backward of the hooked functions, so that a CUDA profiler (Nsight Systems,
    nvprof) shows them on its timeline. CuPy is imported when the hook is made.

    Raises
    ------
    RuntimeError
        On construction without CuPy (naming the ``cupy`` extra), or when CuPy was built
        without NVTX.
    """

    name = 'CUDAProfileHook'

    def __init__(self):
        from kusari.backends import cuda
        cuda.check_cuda_available()
        import cupy
        if not cupy.cuda.nvtx_enabled:
            raise RuntimeError('CUDAProfileHook needs NVTX, which this CuPy was built without')
        self._nvtx = cupy.cuda.nvtx

    def forward_preprocess(self, function, in_data):
        self._nvtx.RangePush(function.label + '.forward')

    def forward_postprocess(self, function, in_data):
        self._nvtx.RangePop()

    def backward_preprocess(self, function, in_data, out_grad):
        self._nvtx.RangePush(function.label + '.backward')

    def backward_postprocess(self, function, in_data, out_grad):
        self._nvtx.RangePop()
