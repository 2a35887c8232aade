"""Classifier: wraps a predictor with a loss and an accuracy, reported each call."""
from kusari import link


def _report(values, observer):
    try:
        from kusari import reporter
    except ImportError:
        return
    reporter.report(values, observer)


class Classifier(link.Chain):
    """A predictor with a loss function (and an accuracy) for classification.

    Calling it as ``model(*args, t)`` computes ``y = predictor(*args)``, ``loss = lossfun(y,
    t)`` and, when :attr:`compute_accuracy` is true, ``accuracy = accfun(y, t)``; it reports
    ``loss`` and ``accuracy`` through :func:`kusari.reporter.report` and returns the loss.

    Parameters
    ----------
    predictor : Link
        The model producing the predictions.
    lossfun : callable, optional
        ``F.softmax_cross_entropy`` by default.
    accfun : callable, optional
        ``F.accuracy`` by default.
    label_key : int or str
        Where the label is among the call's arguments: a position (default -1, the last) or
        a keyword name.

    Attributes
    ----------
    y, loss, accuracy : Variable or None
        The results of the last call.
    compute_accuracy : bool
    """

    compute_accuracy = True

    def __init__(self, predictor, lossfun=None, accfun=None, label_key=-1):
        if not isinstance(label_key, (int, str)):
            raise TypeError('label_key must be int or str, but is {}'.format(type(label_key)))
        super().__init__()
        if lossfun is None:
            from kusari.functions import softmax_cross_entropy as lossfun
        if accfun is None:
            from kusari.functions import accuracy as accfun
        self.lossfun = lossfun
        self.accfun = accfun
        self.y = None
        self.loss = None
        self.accuracy = None
        self.label_key = label_key
        with self.init_scope():
            self.predictor = predictor

    def forward(self, *args, **kwargs):
        """Compute and report the loss (and accuracy); returns the loss Variable."""
        if isinstance(self.label_key, int):
            if not -len(args) <= self.label_key < len(args):
                raise ValueError('Label key {} is out of bounds'.format(self.label_key))
            t = args[self.label_key]
            if self.label_key == -1:
                args = args[:-1]
            else:
                args = args[:self.label_key] + args[self.label_key + 1:]
        else:
            if self.label_key not in kwargs:
                raise ValueError('Label key "{}" is not found'.format(self.label_key))
            kwargs = dict(kwargs)
            t = kwargs.pop(self.label_key)
        self.y = None
        self.loss = None
        self.accuracy = None
        self.y = self.predictor(*args, **kwargs)
        self.loss = self.lossfun(self.y, t)
        _report({'loss': self.loss}, self)
        if self.compute_accuracy:
            self.accuracy = self.accfun(self.y, t)
            _report({'accuracy': self.accuracy}, self)
        return self.loss
