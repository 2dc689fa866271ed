"""The command palette (ctrl+p): the current screen's commands, shown as plain text.

Textual's own system-command provider reads titles and help as markup; the titles
here quote case files (a request such as ``Norco [10/325]``), so this provider builds
the display as ``Content`` (never parsed) and keeps help in the UI's own words.
"""

from __future__ import annotations

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui.text import clean


def screen_commands(provider: Provider) -> list[SystemCommand]:
    from tui.screens.base import ReviewScreen

    screen = provider.screen
    return list(screen.commands()) if isinstance(screen, ReviewScreen) else []


class ReviewCommands(Provider):
    """Go to an item, accept, override, edit a fact, open a chained table, export the letter, ..."""

    async def discover(self) -> Hits:
        for command in screen_commands(self):
            yield DiscoveryHit(Content(clean(command.title)), command.callback, text=command.title,
                               help=escape(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in screen_commands(self):
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, Content(clean(command.title)), command.callback, text=command.title,
                          help=escape(command.help))
