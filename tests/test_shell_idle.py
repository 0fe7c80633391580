"""Idle wipe: a warning shortly before, then everything wiped as by quick exit."""

from __future__ import annotations

import asyncio
import re

from kiosk.screens.home import HomeScreen
from kiosk.screens.idle import IdleWarning
from kiosk.screens.welcome import WelcomeScreen


def _age(app, seconds: float) -> None:
    """Pretend the last input was ``seconds`` ago."""
    app.last_activity -= seconds


async def test_warning_then_wipe(make_app):
    app = make_app(idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "1")
        assert isinstance(app.screen_stack[1], HomeScreen)
        _age(app, 51)
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarning)
        body = str(app.screen.query_one("#idle-body").render())
        seconds = int(re.search(r"(\d+) secondes", body).group(1))
        assert 1 <= seconds <= 10  # the countdown, whatever the machine's load
        _age(app, 20)
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1


async def test_any_key_on_the_warning_goes_on(make_app):
    app = make_app(idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "2")
        depth = len(app.screen_stack)
        _age(app, 55)
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarning)
        await pilot.press("a")
        assert len(app.screen_stack) == depth and not isinstance(app.screen, IdleWarning)
        app.idle_tick()  # the key reset the clock: no wipe
        await pilot.pause()
        assert len(app.screen_stack) == depth


async def test_a_second_tick_before_the_warning_is_composed_updates_it_without_a_crash(make_app):
    # Seen in a full run: the app's own 1-s tick came before the warning a test's tick had pushed
    # was composed, and set_body's query raised (the app would have crashed the same way).
    app = make_app(idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        _age(app, 52)
        app.idle_tick()
        _age(app, 3)
        app.idle_tick()  # same warning, not composed yet
        await pilot.pause()
        assert isinstance(app.screen, IdleWarning) and len(app.screen_stack) == 3
        body = str(app.screen.query_one("#idle-body").render())
        # The first tick said 8 s, the second 5 s, less the real seconds the machine took between the
        # key and the tick (4 was seen in a clean-clone run): at most 5 means the warning was updated.
        seconds = int(re.search(r"(\d+) secondes", body).group(1))
        assert 1 <= seconds <= 5, body


async def test_mouse_and_paste_count_as_activity(make_app):
    """Without the event the tick would warn (55 s of 60: the warning comes at 50, the wipe at 60, and a
    loaded machine may take a few real seconds between two steps); with it, the clock starts again."""
    from textual import events

    app = make_app(idle_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        _age(app, 55)
        await pilot.hover("#body")
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        _age(app, 55)
        app.post_message(events.Paste("collé"))
        await pilot.pause()
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        _age(app, 55)  # the control: no event, so the warning comes
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarning)


async def test_real_clock_wipes_within_ten_seconds(make_app):
    """With idle_seconds=5 (as KIOSK_IDLE_SECONDS=5 in the issue) the welcome screen is back in time."""
    app = make_app(idle_seconds=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "3")
        for _ in range(40):
            await asyncio.sleep(0.25)
            if len(app.screen_stack) == 1:
                break
        assert isinstance(app.screen, WelcomeScreen)


async def test_welcome_is_never_wiped_needlessly(make_app):
    app = make_app(idle_seconds=5)
    async with app.run_test(size=(80, 24)) as pilot:
        _age(app, 100)
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and not isinstance(app.screen, IdleWarning)
