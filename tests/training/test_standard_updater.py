import numpy
import pytest

import kusari
from kusari import backend, iterators, optimizers, training
from kusari.dataset import converter
from kusari.serializers import DictionarySerializer, NpzDeserializer


class RecordingOptimizer(optimizers.SGD):
    def __init__(self):
        super().__init__(lr=0.0)
        self.calls = []
        self.epochs = []

    def update(self, lossfun=None, *args, **kwds):
        self.calls.append((lossfun, args, kwds))

    def new_epoch(self, auto=False):
        self.epochs.append(auto)
        super().new_epoch(auto)


def make(batch_size=2, n=4, **kwargs):
    model = kusari.Link()
    opt = RecordingOptimizer().setup(model)
    data = [(numpy.float32(i), numpy.int32(i)) for i in range(n)]
    it = iterators.SerialIterator(data, batch_size, shuffle=False)
    return training.updaters.StandardUpdater(it, opt, **kwargs), model, opt, it


def test_update_calls_optimizer_with_arrays():
    up, model, opt, it = make()
    up.update()
    lossfun, args, kwds = opt.calls[0]
    assert lossfun is model and kwds == {}
    numpy.testing.assert_array_equal(args[0], [0, 1])
    assert args[1].dtype == numpy.int32
    assert up.iteration == 1 and up.epoch == 0 and up.epoch_detail == 0.5
    assert up.previous_epoch_detail == 0.0 and not up.is_new_epoch
    up.update()
    assert up.is_new_epoch and up.epoch == 1 and opt.epochs == [True] and opt.epoch == 1
    assert up.get_iterator('main') is it and up.get_optimizer('main') is opt
    assert up.get_all_optimizers() == {'main': opt}


def test_loss_func_and_dict_and_single_array_batches():
    f = object()
    up, model, opt, _ = make(loss_func=f)
    up.update()
    assert opt.calls[0][0] is f

    @converter()
    def to_dict(batch, device=None):
        return {'x': numpy.array([b[0] for b in batch])}

    up, _, opt, _ = make(converter=to_dict)
    up.update()
    assert set(opt.calls[0][2]) == {'x'} and opt.calls[0][1] == ()

    up, _, opt, _ = make(converter=lambda batch, device: numpy.zeros(3))
    up.update()
    assert len(opt.calls[0][1]) == 1


def test_converter_gets_device_and_model_moves():
    got = []

    def conv(batch, device):
        got.append(device)
        return numpy.zeros(1),

    up, model, opt, _ = make(converter=conv, device='@numpy')
    up.update()
    assert got == [-1]
    assert up.device == backend.CpuDevice() and up.input_device == backend.CpuDevice()
    up, _, _, _ = make(converter=conv, input_device=-1)
    assert up.device is None and up.input_device == backend.CpuDevice()
    with pytest.raises(TypeError, match='unexpected keyword arguments'):
        make(foo=1)


def test_auto_new_epoch_off():
    up, _, opt, _ = make(auto_new_epoch=False)
    up.update()
    up.update()
    assert opt.epochs == [] and not opt.use_auto_new_epoch


def test_loss_scale_is_given_to_optimizer():
    up, _, opt, _ = make(loss_scale=8.0)
    assert up.loss_scale == 8.0
    assert opt._loss_scale == 8.0


def test_serialize():
    up, _, _, _ = make()
    up.update()
    s = DictionarySerializer()
    up.serialize(s)
    assert {'iteration', 'iterator:main/epoch', 'optimizer:main/t'} <= set(s.target)
    up2, _, _, it2 = make()
    up2.serialize(NpzDeserializer(dict(s.target)))
    assert up2.iteration == 1 and it2.current_position == 2


def test_serialize_with_a_recording_serializer_keeps_the_iteration():
    class PassThrough(kusari.Serializer):
        def __getitem__(self, key):
            return self

        def __call__(self, key, value):
            return value

    class Recorder(kusari.Serializer):
        def __init__(self):
            self.calls = []

        def __getitem__(self, key):
            return PassThrough()     # the iterator and optimizer get their values back

        def __call__(self, key, value):
            self.calls.append((key, value))     # returns None, like Chainer's test doubles

    up, _, _, _ = make()
    up.update()
    rec = Recorder()
    up.serialize(rec)
    assert ('iteration', 1) in rec.calls and up.iteration == 1


def test_iterator_dict_and_finalize():
    model = kusari.Link()
    opt = RecordingOptimizer().setup(model)
    finalized = []

    class It(iterators.SerialIterator):
        def finalize(self):
            finalized.append(True)

    up = training.updaters.StandardUpdater({'main': It([1, 2], 1)}, {'main': opt})
    up.finalize()
    assert finalized == [True]


class TaggedCpuDevice(backend.Device):
    """A device class of the user's that keeps its arrays as NumPy arrays (copies)."""

    xp = numpy
    supported_array_types = (numpy.ndarray,)

    def __init__(self, tag):
        self.tag = tag

    def __eq__(self, other):
        return isinstance(other, TaggedCpuDevice) and other.tag == self.tag

    def __hash__(self):
        return hash(self.tag)

    def __str__(self):
        return '@tagged:{}'.format(self.tag)

    def send_array(self, array):
        return array.copy()


def test_variables_remember_a_users_device():
    dev = TaggedCpuDevice(3)
    v = kusari.Variable(numpy.ones(2, numpy.float32))
    v.to_device(dev)
    assert v.device == dev
    v.array = numpy.zeros(2, numpy.float32)  # a new array: its own device again
    assert v.device == backend.CpuDevice()
    p = kusari.Parameter()
    assert p.device == backend.CpuDevice()
    p.to_device(dev)
    assert p.device == dev  # not initialized yet: where it will be
    p.initialize((2,))
    assert p.device == dev and isinstance(p.array, numpy.ndarray)


@pytest.mark.parametrize('give_device', [False, True])
@pytest.mark.parametrize('give_input_device', [False, True])
def test_device_and_input_device_fallback(give_device, give_input_device):
    class Model(kusari.Link):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.p1 = kusari.Parameter()
                self.p2 = kusari.Parameter(numpy.array([1, 2], numpy.float32))

    seen = []

    @converter()
    def convert(batch, device):
        seen.append(device)
        return batch[0] if device is None else device.send(batch[0])

    model = Model()
    model.to_device(TaggedCpuDevice(0))
    opt = RecordingOptimizer().setup(model)
    it = iterators.SerialIterator([numpy.array(1)], 1, shuffle=False)
    kwargs = {}
    if give_device:
        kwargs['device'] = TaggedCpuDevice(3)
    if give_input_device:
        kwargs['input_device'] = TaggedCpuDevice(4)
    up = training.updaters.StandardUpdater(it, opt, convert, **kwargs)
    model_device = TaggedCpuDevice(3) if give_device else TaggedCpuDevice(0)
    assert model.p1.device == model_device and model.p2.device == model_device
    input_device = kwargs.get('input_device', kwargs.get('device'))
    assert up.device == kwargs.get('device') and up.input_device == input_device
    up.update_core()
    assert seen == [input_device]
def test_old_module_path_of_the_updaters():
    # Chainer 7.8.1 keeps StandardUpdater and ParallelUpdater in chainer.training.updater
    # for backward compatibility (its image-captioning example uses the first)
    from kusari.training import updater, updaters
    assert updater.StandardUpdater is updaters.StandardUpdater
    assert updater.ParallelUpdater is updaters.ParallelUpdater
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchUpdater'"):
        updater.NoSuchUpdater
