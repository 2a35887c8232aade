"""Multi-node batch normalization on 2 ranks against single-process batch normalization of
the concatenated batch (see test_batch_normalization.py).

Every rank draws the whole data (same seed), keeps its own rows for the multi-node side and
computes the single-process reference on all rows. With the loss ``L = sum_r L_r`` (each
rank's weighted sum of its outputs): ``x``'s gradient on rank r is rank r's rows of the
reference gradient, and ``gamma``'s / ``beta``'s gradients are this rank's shares, whose sum
is the reference. The same holds for the second order (``Q_r`` built from ``gx_r``) and the
third.
"""
import copy

import numpy
from mpi4py import MPI

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import chainermn
from kusari.chainermn.functions import multi_node_batch_normalization
from kusari.chainermn.links import MultiNodeBatchNormalization, create_mnbn_model

WORLD = MPI.COMM_WORLD
TOL = dict(rtol=1e-10, atol=1e-10)


def _comm():
    return chainermn.create_communicator('naive')


def _close(a, b, **tol):
    numpy.testing.assert_allclose(numpy.asarray(a), numpy.asarray(b), **(tol or TOL))


def _summed(comm, a):
    return comm.allreduce(numpy.asarray(a))


def _data(sizes, tail, seed=3):
    rs = numpy.random.RandomState(seed)
    total = sum(sizes)
    x = rs.normal(0.7, 1.3, (total,) + tail)
    c = tail[0]
    gamma = rs.uniform(0.5, 1.5, c)
    beta = rs.uniform(-0.5, 0.5, c)
    w = rs.normal(0, 1, x.shape)          # loss weights
    v = rs.normal(0, 1, x.shape)          # second-order weights
    u = rs.normal(0, 1, (2, c))
    bounds = numpy.cumsum([0] + list(sizes))
    return x, gamma, beta, w, v, u, bounds


def _check(sizes, tail):
    comm = _comm()
    r = comm.rank
    x_all, gamma0, beta0, w, v, u, b = _data(sizes, tail)
    mine = slice(b[r], b[r + 1])

    # single process, whole batch
    X = kusari.Variable(x_all)
    G, B = kusari.Variable(gamma0), kusari.Variable(beta0)
    rm_ref, rv_ref = numpy.zeros(tail[0]), numpy.ones(tail[0])
    Y = F.batch_normalization(X, G, B, running_mean=rm_ref, running_var=rv_ref, decay=0.7)
    gX, gG, gB = kusari.grad([F.sum(w * Y)], [X, G, B], enable_double_backprop=True)
    Q = F.sum(v * gX * gX) + F.sum(u[0] * gG) + F.sum(u[1] * gB)
    qX, qG = kusari.grad([Q], [X, G], enable_double_backprop=True)
    tX, = kusari.grad([F.sum(qX * qX)], [X])          # third order

    # this rank's rows, statistics over both ranks
    x = kusari.Variable(x_all[mine])
    g, bt = kusari.Variable(gamma0), kusari.Variable(beta0)
    rm, rv = numpy.zeros(tail[0]), numpy.ones(tail[0])
    y = multi_node_batch_normalization(comm, x, g, bt, running_mean=rm, running_var=rv,
                                       decay=0.7)
    _close(y.array, Y.array[mine])
    _close(rm, rm_ref)
    _close(rv, rv_ref)

    # first order, the array path (no double backprop)
    gx, gg, gb = kusari.grad([F.sum(w[mine] * y)], [x, g, bt])
    _close(gx.array, gX.array[mine])
    _close(_summed(comm, gg.array), gG.array)
    _close(_summed(comm, gb.array), gB.array)

    # first and second order through the differentiable all-reduce
    y = multi_node_batch_normalization(comm, x, g, bt)
    gx, gg, gb = kusari.grad([F.sum(w[mine] * y)], [x, g, bt], enable_double_backprop=True)
    _close(gx.array, gX.array[mine])
    _close(_summed(comm, gg.array), gG.array)
    _close(_summed(comm, gb.array), gB.array)
    q = F.sum(v[mine] * gx * gx) + F.sum(u[0] * gg) + F.sum(u[1] * gb)
    qx, qg = kusari.grad([q], [x, g], enable_double_backprop=True)
    _close(qx.array, qX.array[mine])
    _close(_summed(comm, qg.array), qG.array)
    tx, = kusari.grad([F.sum(qx * qx)], [x])
    _close(tx.array, tX.array[mine], rtol=1e-9, atol=1e-9)


def case_matches_single_process_bn_2d_unequal_batches():
    _check((3, 5), (4,))


def case_matches_single_process_bn_4d():
    _check((4, 4), (3, 2, 2))


def case_global_batch_of_one_example_per_rank():
    _check((1, 1), (2,))


def case_float32_and_mixed_precision():
    comm = _comm()
    x_all, gamma0, beta0, _, _, _, b = _data((6, 6), (5,))
    mine = slice(b[comm.rank], b[comm.rank + 1])
    for xdt, pdt, tol in ((numpy.float32, numpy.float32, 1e-5),
                          (numpy.float16, numpy.float32, 2e-3),
                          (numpy.float16, numpy.float16, 2e-2)):
        X = x_all.astype(xdt)
        ref = F.batch_normalization(X, gamma0.astype(pdt), beta0.astype(pdt))
        y = multi_node_batch_normalization(comm, X[mine], gamma0.astype(pdt),
                                           beta0.astype(pdt))
        assert y.dtype == xdt
        _close(y.array.astype(float), ref.array[mine].astype(float), rtol=tol, atol=tol)


def case_link_train_and_test_mode():
    comm = _comm()
    x_all, _, _, w, _, _, b = _data((4, 4), (3,))
    mine = slice(b[comm.rank], b[comm.rank + 1])
    ref = L.BatchNormalization(3, dtype=numpy.float64, decay=0.8)
    link = MultiNodeBatchNormalization(3, comm, dtype=numpy.float64, decay=0.8)
    link.gamma.array[...] = ref.gamma.array[...] = [1.0, 2.0, 0.5]
    y_ref = ref(x_all)
    y = link(x_all[mine])
    _close(y.array, y_ref.array[mine])
    _close(link.avg_mean, ref.avg_mean)
    _close(link.avg_var, ref.avg_var)
    F.sum(w * y_ref).backward()
    F.sum(w[mine] * y).backward()
    comm.multi_node_mean_grad(link)           # the mean of the shares: ref's gradient / 2
    _close(link.gamma.grad * 2, ref.gamma.grad)
    _close(link.beta.grad * 2, ref.beta.grad)
    with kusari.using_config('train', False):
        _close(link(x_all[mine]).array, ref(x_all).array[mine])
    link.start_finetuning()
    link(x_all[mine], finetune=True)
    assert link.N == 1


def case_link_without_gamma_beta_and_errors():
    comm = _comm()
    link = MultiNodeBatchNormalization(2, comm, use_gamma=False, use_beta=False)
    assert link.gamma is None and link.beta is None
    y = link(numpy.arange(8, dtype=numpy.float32).reshape(4, 2) * (comm.rank + 1))
    assert y.shape == (4, 2)
    for bad in ('nccl', 'dummy'):
        try:
            MultiNodeBatchNormalization(2, comm, communication_backend=bad)
        except ValueError as e:
            assert bad in str(e)
        else:
            raise AssertionError('no error for {}'.format(bad))


class _BnChain(kusari.Chain):

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.conv = L.Convolution2D(1, 3, 1, nobias=True)
            self.bn = L.BatchNormalization(3)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def case_create_mnbn_model():
    comm = _comm()
    x = numpy.random.RandomState(comm.rank).normal(size=(2, 1, 3, 3)).astype(numpy.float32)
    chain = _BnChain()
    chain.bn.avg_mean[...] = 0.25
    mn = create_mnbn_model(chain, comm)
    assert type(mn.bn) is MultiNodeBatchNormalization and mn.bn.comm is comm
    assert type(chain.bn) is L.BatchNormalization        # the original is untouched
    _close(mn.bn.avg_mean, 0.25)
    _close(mn.conv.W.array, chain.conv.W.array)
    assert [n for n, _ in mn.namedparams()] == [n for n, _ in chain.namedparams()]
    mn(x)
    cl = kusari.ChainList(L.Convolution2D(1, 3, 1, nobias=True), L.BatchNormalization(3))
    mcl = create_mnbn_model(cl, comm)
    assert type(mcl[1]) is MultiNodeBatchNormalization and mcl[1].name == '1'
    seq = kusari.Sequential(L.Convolution2D(1, 3, 1, nobias=True), L.BatchNormalization(3),
                            F.relu)
    mseq = create_mnbn_model(seq, comm)
    assert type(mseq[1]) is MultiNodeBatchNormalization and mseq[2] is F.relu
    mseq(x)
    dup = mn.copy(mode='copy')
    assert dup.bn.comm is comm and dup.bn.avg_mean is not mn.bn.avg_mean
    dup2 = copy.deepcopy(mseq)
    assert dup2[1].comm is comm
