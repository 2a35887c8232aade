"""identity: returns its inputs as new Variables connected to the graph."""
from kusari.function_node import FunctionNode


class Identity(FunctionNode):
    def forward(self, xs):
        return xs

    def backward(self, indexes, gys):
        return gys


def identity(*inputs):
    """Return the inputs unchanged (a Variable for one input, a tuple for several)."""
    ret = Identity().apply(inputs)
    return ret[0] if len(ret) == 1 else ret
