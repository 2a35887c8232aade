import numpy
import pytest

import kusari.functions as F
from kusari import testing


def _norm(v, axis, order):
    return numpy.abs(v).sum(axis=axis) if order == 1 else numpy.sqrt((v * v).sum(axis=axis))


def discriminative_reference(emb, labels, delta_v, delta_d, k, order, alpha, beta, gamma):
    """Loops over instances and images: the variance, distance and regularization terms."""
    n_batch = emb.shape[0]
    means = numpy.zeros((k, n_batch, emb.shape[1]))
    for c in range(k):
        for b in range(n_batch):
            mask = labels[b] == c + 1
            if mask.any():
                means[c, b] = emb[b][:, mask].mean(axis=1)
    l_var = 0.0
    for c in range(k):
        total, count = 0.0, 0
        for b in range(n_batch):
            mask = labels[b] == c + 1
            d = _norm(emb[b][:, mask] - means[c, b][:, None], 0, order)
            total += (numpy.maximum(d - delta_v, 0) ** 2).sum()
            count += mask.sum()
        l_var += total / max(count, 1)
    l_var /= k
    pairs = [(a, c) for a in range(k) for c in range(a + 1, k)]
    l_dist = sum((numpy.maximum(2 * delta_d - _norm(means[a] - means[c], 1, order), 0) ** 2)
                 .sum() for a, c in pairs) / max(len(pairs) * n_batch, 1)
    l_reg = sum(_norm(means[c], (0, 1), order) for c in range(k)) / (k * n_batch)
    return alpha * l_var, beta * l_dist, gamma * l_reg


class TestDiscriminativeLoss(testing.FunctionTestCase):
    """Instances differ between images; batch size and instance count differ too."""
    params = testing.product({'norm': [1, 2], 'batch': [2, 3]})
    check_order3 = True
    seed = 1        # no |embedding - mean| component near the kink of the L1 norm
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}   # sums over pixels

    def generate_inputs(self):
        labels = numpy.array([[[1, 1, 0], [2, 2, 3]], [[3, 0, 0], [1, 3, 3]],
                              [[2, 2, 2], [0, 0, 2]]], numpy.int32)[:self.batch]
        return self.uniform(-1, 1, (self.batch, 3, 2, 3)), labels

    def forward(self, inputs, device):
        emb, labels = inputs
        return F.discriminative_margin_based_clustering_loss(
            emb, labels, 0.2, 0.8, 3, self.norm, 1.0, 0.5, 0.1)

    def forward_expected(self, inputs):
        emb, labels = inputs
        return tuple(numpy.array(v) for v in discriminative_reference(
            emb, labels.astype(int), 0.2, 0.8, 3, self.norm, 1.0, 0.5, 0.1))


@pytest.mark.parametrize('norm,expected', [
    # Chainer 7.8.1's values for this input (its implementation needs batch == instances)
    (1, (1.1839348544674513, 0.41427227256183546, 0.00674108712723589)),
    (2, (0.4064113733142308, 0.6085772381472442, 0.002540037220942704)),
])
def test_chainer_values(norm, expected):
    rng = numpy.random.RandomState(0)
    emb = rng.uniform(-1, 1, (3, 3, 4, 4))
    labels = rng.randint(0, 4, (3, 4, 4)).astype(numpy.int32)
    out = F.discriminative_margin_based_clustering_loss(emb, labels, 0.2, 0.8, 3, norm, 1.0,
                                                        0.5, 0.01)
    numpy.testing.assert_allclose([float(v.array) for v in out], expected, rtol=1e-12)


def test_l2_gradient_at_coinciding_means_is_finite():
    emb = numpy.zeros((1, 2, 2, 2))
    labels = numpy.array([[[1, 1], [2, 2]]])
    import kusari
    x = kusari.Variable(emb)
    out = F.discriminative_margin_based_clustering_loss(x, labels, 0.5, 1.5, 2, norm=2)
    assert float(out[1].array) == 9.0
    F.sum(F.stack(list(out))).backward()
    assert numpy.isfinite(x.grad).all()


def test_errors():
    f = F.discriminative_margin_based_clustering_loss
    emb = numpy.zeros((1, 2, 2, 2))
    labels = numpy.zeros((1, 2, 2), numpy.int32)
    with pytest.raises(ValueError, match='Max number of embeddings has to be positive'):
        f(emb, labels, 0.5, 1.5, 0)
    with pytest.raises(ValueError, match='norm can only be 1 or 2'):
        f(emb, labels, 0.5, 1.5, 2, norm=3)
    with pytest.raises(AssertionError, match=r'embeddings.shape\[1\] \(2\) must equal '
                                             r'max_embedding_dim \(3\)'):
        f(emb, labels, 0.5, 1.5, 3)
