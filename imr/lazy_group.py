"""The ``imr`` group loads a command's module when the command is called.

``imr decide`` imports ``imr.commands.decide`` and nothing of the review UI, the letter
renderer or the workbook writer.  Contract: ``imr.cli.COMMAND_MODULES`` lists every module
that registers commands on ``imr.app.main``; ``HINTS`` in the same place names the module of
a command so that only that module loads.  A command without a hint, the help and shell
completion load every module, so a new command works before it has a hint.
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A click group whose sub-commands register themselves when their module is imported."""

    def _load(self, modules: list[str]) -> None:
        for module in modules:
            importlib.import_module(f"imr.commands.{module}")

    def _all(self) -> None:
        from imr.cli import COMMAND_MODULES

        self._load(list(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            from imr.cli import HINTS

            hint = HINTS.get(cmd_name)
            self._load([hint] if hint else [])
            if cmd_name not in self.commands:
                self._all()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._all()
        return super().list_commands(ctx)
