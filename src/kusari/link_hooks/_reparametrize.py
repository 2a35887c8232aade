"""What the weight-reparametrizing hooks share: swap a link's weight for a computed Variable
during its forward, and put the Parameter back afterwards."""
from kusari import link_hook


class WeightHook(link_hook.LinkHook):
    """Base of the hooks that replace ``link.<weight_name>`` during the link's forward.

    Subclasses implement ``_weight(link, W)`` (the Variable to use instead of the Parameter
    ``W``, written with functions so that gradients reach ``W``) and may override
    ``_initialize(link)``. They are installed on one link with :meth:`Link.add_hook`; using
    them as ``with hook:`` raises ``NotImplementedError``.
    """

    def __init__(self, weight_name, name):
        self.weight_name = weight_name
        self._initialized = False
        self.original_weight = None   # the Parameter, while the link's forward runs
        if name is not None:
            self.name = name

    def __enter__(self):
        raise NotImplementedError(
            '{} reparametrizes the weight of one link: install it with link.add_hook(hook), '
            'not as a context manager'.format(type(self).__name__))

    def __exit__(self, *_):
        raise NotImplementedError

    def added(self, link):
        if link is None:
            raise NotImplementedError(
                '{} must be added to a link (link.add_hook(hook))'.format(type(self).__name__))
        if not hasattr(link, self.weight_name):
            raise ValueError('{}: the link {} has no weight {!r}'.format(
                type(self).__name__, type(link).__name__, self.weight_name))
        if getattr(link, self.weight_name).array is not None:
            self._initialize(link)

    def _initialize(self, link):
        self._initialized = True

    def _initialize_lazily(self, link, x):
        """Shape the link's uninitialized weight from the first input ``x``, then prepare."""
        if getattr(link, self.weight_name).array is None:
            if x is None:
                raise ValueError('{}: the weight {!r} of {} is not initialized and there is '
                                 'no input to infer its shape from'.format(
                                     type(self).__name__, self.weight_name,
                                     type(link).__name__))
            link._initialize_params(x.shape[1])
        self._initialize(link)

    def forward_preprocess(self, cb_args):
        link = cb_args.link
        if not self._initialized:
            x = cb_args.args[0] if cb_args.args else None
            self._initialize_lazily(link, x)
        W = self.original_weight = getattr(link, self.weight_name)
        # a plain attribute (not registered as a parameter) for the duration of the call
        object.__setattr__(link, self.weight_name, self._weight(link, W))

    def forward_postprocess(self, cb_args):
        link = cb_args.link
        object.__setattr__(link, self.weight_name, self.original_weight)
        self.original_weight = None

    def _weight(self, link, W):
        raise NotImplementedError
