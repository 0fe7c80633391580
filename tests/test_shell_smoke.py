"""The shell starts on the neutral welcome screen and any key opens home."""

from kiosk.screens.home import HomeScreen
from kiosk.screens.welcome import WelcomeScreen


async def test_welcome_then_home(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("space")
        assert isinstance(app.screen, HomeScreen)
