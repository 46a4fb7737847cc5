"""Hostile text at the services level: control characters, very long and markup-like text is kept as
typed through set_value → dataset JSON → load, and through a backup and restore."""

import pytest

from ebgov_desktop.domain.dataset import Dataset
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.services.backup import Reason, backup_now, restore
from ebgov_desktop.services.workspace import Workspace, WorkspaceError

CONTROL = "a\x00b\x01c\x07d\x1b[31me\x7ff\u200bg\u202eh\r\n\ti"
MARKUP = "<b>đậm</b> &amp; <script>alert(1)</script> <para>x</para> {{ x }} %s '; DROP TABLE value;--"
LONG = ("Khó khăn về hạ tầng, đường truyền. " * 300)[:10_000]


@pytest.mark.parametrize("text", [CONTROL, MARKUP, LONG], ids=["control", "markup", "10000-chars"])
def test_text_round_trips_through_the_dataset_json(demo_ws, data_dir, tmp_path, text):
    demo_ws.set_value(Period.parse("2019"), "text.difficulties", [text, "dòng hai"])
    demo_ws.set_value(Period.parse("2019"), "staff.it_officer", text[:300])
    demo_ws.add_item(RegisterItem(kind="printer", description=text[:2000], notes=MARKUP))
    values = demo_ws.values(Period.parse("2019"))
    assert values["text.difficulties"] == [text, "dòng hai"]
    assert values["staff.it_officer"] == text[:300]

    raw = demo_ws.dataset(Period.parse("2019")).to_json()
    back = Dataset.from_json(raw)
    assert back.values["text.difficulties"] == [text, "dòng hai"]
    with Workspace.open(tmp_path / "other") as other:
        other.load_dataset(back)
        assert other.values(Period.parse("2019")) == values
        assert other.dataset(Period.parse("2019")).to_json() == raw
        assert any(i.description == text[:2000] and i.notes == MARKUP for i in other.register_items())


def test_hostile_text_survives_backup_and_restore(demo_ws):
    demo_ws.set_value(Period.parse("2019"), "text.difficulties", [CONTROL, MARKUP, LONG])
    info = backup_now(demo_ws.paths, Reason.MANUAL)
    demo_ws.set_value(Period.parse("2019"), "text.difficulties", None)
    restore(demo_ws.paths, info)
    assert demo_ws.values(Period.parse("2019"))["text.difficulties"] == [CONTROL, MARKUP, LONG]


@pytest.mark.parametrize("value", ["12abc", "1e3", 3.5, True, [1], {"x": 1}, float("nan")])
def test_numbers_refuse_garbage_with_a_message_and_change_nothing(demo_ws, value):
    before = demo_ws.values(Period.parse("2019"))
    with pytest.raises(WorkspaceError) as err:
        demo_ws.set_value(Period.parse("2019"), "staff.civil_servants", value)
    assert "phải là số nguyên" in str(err.value)
    assert demo_ws.values(Period.parse("2019")) == before


def test_too_long_text_is_refused_with_its_limit(demo_ws):
    with pytest.raises(WorkspaceError, match="dài quá 200 ký tự"):
        demo_ws.set_value(Period.parse("2019"), "doc.signer_name", "x" * 201)
