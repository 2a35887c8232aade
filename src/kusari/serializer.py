"""Serializer base classes (``chainer.serializer``).

A serializer is called as ``serializer(key, value)`` on each parameter and persistent value and
indexed as ``serializer[name]`` to descend into a child; a :class:`Serializer` records values and
returns them unchanged, a :class:`Deserializer` returns the stored value (copying it into
``value`` in place when ``value`` is an array).
"""


class AbstractSerializer:
    """The common interface of serializers and deserializers."""

    def __getitem__(self, key):
        """The serializer of the child ``key`` (a path one level deeper)."""
        raise NotImplementedError

    def __call__(self, key, value):
        """Save or load ``value`` under ``key``; returns the (possibly loaded) value.

        Parameters
        ----------
        key : str
            The name of the entry inside the current path.
        value : array, scalar or None
            The value to save, or the destination to load into.

        Returns
        -------
        The value (a serializer) or the loaded value (a deserializer).
        """
        raise NotImplementedError


class Serializer(AbstractSerializer):
    """The base class of serializers (writers)."""

    def save(self, obj):
        """Save ``obj`` (anything with a ``serialize(serializer)`` method)."""
        obj.serialize(self)


class Deserializer(AbstractSerializer):
    """The base class of deserializers (readers)."""

    def load(self, obj):
        """Load into ``obj`` (anything with a ``serialize(serializer)`` method)."""
        obj.serialize(self)
