"""Every state is reachable through the engine by the scripted paths the demo loader uses."""

import pytest

from seeds.paths import PATHS, Walker
from tests.factories import at
from tracker.workflow import Channel, State


@pytest.mark.parametrize("state", list(State))
def test_path_reaches_state(make, state):
    w = make.world()
    channel, steps = PATHS[state]
    w.main_item = make.suggestion(w.deputy2, category=w.category)
    item = make.suggestion(w.deputy, channel=channel, category=w.category,
                           session=w.session if channel is Channel.SESSION else None)
    Walker(w, at(2025, 12, 1)).play(item, steps)
    assert item.state is state
