"""The baseline: a bare Textual hello-world, started the same way as the kiosk."""

from textual.app import App, ComposeResult
from textual.widgets import Label


class Hello(App):
    """One label."""

    def compose(self) -> ComposeResult:
        yield Label("Hello, world")


if __name__ == "__main__":
    Hello().run()
