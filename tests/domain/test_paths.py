"""Every state is reachable through the engine by the scripted paths the demo loader uses."""

import pytest

from tracker.workflow import State


@pytest.mark.parametrize("state", list(State))
def test_path_reaches_state(make, state):
    w, item = make.item_in(state)
    assert item.state is state
