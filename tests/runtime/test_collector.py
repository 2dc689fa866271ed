"""engine.collector: the cycle collector paused for a body, then put back as it was."""

from __future__ import annotations

import gc

import pytest

from engine.collector import collector_paused


def test_paused_inside_and_running_again_after_even_on_an_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_left_paused_when_the_caller_had_paused_it() -> None:
    gc.disable()
    try:
        with collector_paused():
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled(), "an inner pause does not start it again"
        assert not gc.isenabled()
    finally:
        gc.enable()
