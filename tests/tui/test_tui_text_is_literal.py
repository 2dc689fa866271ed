"""Text from a case file shows as written: console markup and escape sequences are not interpreted."""

from __future__ import annotations

import yaml
from tui_pilot import ROOT, SIZE, flat, pilot_test, press, screen_text, settle

from tui.app import ReviewApp
from tui.commands import ReviewCommands

REQUEST = "[bold red]Re-exam[/] [link=http://x]1 x 4 weeks[/link] \\[not markup]"
SUMMARY = "She said [b]stop[/b] and [@click=app.quit]quit[/] \x1b[31mred\x1b[0m done."


def hostile_case(tmp_path):
    case = yaml.safe_load((ROOT / "cases/seed.yaml").read_text())
    case["items"][0]["request"] = REQUEST
    case["clinical_summary"] = SUMMARY
    case["diagnoses"][0] = "[i]lumbago[/i]"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(case))
    return path


@pilot_test
async def test_markup_in_a_case_file_is_shown_literally(backend, tmp_path):
    app = ReviewApp(hostile_case(tmp_path), backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running  # [@click=app.quit] did not quit
        text = screen_text(app)
        assert "[i]lumbago[/i]" in text
        assert "She said [b]stop[/b] and [@click=app.quit]quit[/]" in flat(text)
        assert "\x1b" not in text and "[31mred" in text  # the escape byte is not passed to the terminal
        assert REQUEST in text
        await press(pilot, "enter")
        assert REQUEST in screen_text(app)
        hits = [hit async for hit in ReviewCommands(app.screen).search("Go to item 1")]
        assert any(hit.text == f"Go to item 1: {REQUEST}" and hit.match_display.plain == hit.text for hit in hits)
