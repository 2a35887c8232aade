"""Layer-wise adaptive rate scaling (LARS, You et al., 2017)."""


class GradientLARS:
    """Scale each gradient by ``|param| / (eps + |grad| + weight_decay * |param|)`` (after
    adding ``weight_decay * param``) when ``|param| > threshold``.

    Parameters
    ----------
    threshold : float
        Parameters with a smaller L2 norm are left unscaled.
    weight_decay : float
        The coefficient of the weight decay.
    eps : float
        Added to the denominator for stability.
    """

    name = 'GradientLARS'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, threshold=1e-2, weight_decay=0.0, eps=1e-9):
        self.threshold = threshold
        self.weight_decay = weight_decay
        self.eps = eps

    def __call__(self, rule, param):
        p, g = param.array, param.grad
        if p is None or g is None:
            return
        xp = param.xp
        p_norm = xp.linalg.norm(p)
        g_norm = xp.linalg.norm(g)
        local_rate = p_norm / (self.eps + g_norm + self.weight_decay * p_norm)
        rate = xp.where(p_norm > self.threshold, local_rate, 1.0)
        g += self.weight_decay * p
        g *= rate
