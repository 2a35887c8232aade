import math

import pytest

from kusari import testing


@pytest.mark.parametrize('stop_trigger', [(5, 'iteration'), (5, 'epoch')])
@pytest.mark.parametrize('iter_per_epoch', [0.5, 1, 1.5, 5])
def test_mock_updater_counts(stop_trigger, iter_per_epoch):
    seen = []
    trainer = testing.get_trainer_with_mock_updater(stop_trigger, iter_per_epoch)

    def check(trainer):
        u = trainer.updater
        n = len(seen) + 1
        assert u.iteration == n
        assert u.epoch == n // iter_per_epoch
        assert u.epoch_detail == n / iter_per_epoch
        assert u.is_new_epoch == ((n - 1) // iter_per_epoch != n // iter_per_epoch)
        assert u.previous_epoch_detail == (n - 1) / iter_per_epoch
        seen.append(n)

    trainer.extend(check)
    trainer.run()
    if stop_trigger[1] == 'iteration':
        assert len(seen) == 5
    else:
        assert len(seen) == math.ceil(5 * iter_per_epoch)
    assert trainer.updater.update_core.call_count == len(seen)


def test_extensions_are_registered():
    def extension(trainer):
        pass

    trainer = testing.get_trainer_with_mock_updater(extensions=[extension])
    assert len(trainer._extensions) == 1
