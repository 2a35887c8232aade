"""Trainer extensions and triggers for multi-process training."""
from kusari.chainermn.extensions._multi_node_snapshot import multi_node_snapshot  # noqa: F401
from kusari.chainermn.extensions.allreduce_persistent import AllreducePersistent  # noqa: F401
from kusari.chainermn.extensions.checkpoint import create_multi_node_checkpointer  # noqa: F401
from kusari.chainermn.extensions.multi_node_early_stopping_trigger import (  # noqa: F401, I001
    MultiNodeEarlyStoppingTrigger,
)
from kusari.chainermn.extensions.multi_node_evaluator import (  # noqa: F401
    GenericMultiNodeEvaluator,
    create_multi_node_evaluator,
)
from kusari.chainermn.extensions.observation_aggregator import (  # noqa: F401
    ObservationAggregator,
)
