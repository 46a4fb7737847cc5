"""Power cuts: a child editing through the services layer is killed (SIGKILL) at random moments;
every edit it acknowledged is in the reopened file, and the file passes integrity_check."""

import powercut_child as pc


def test_twenty_kills_lose_no_acknowledged_edit(tmp_path):
    result = pc.run_harness(tmp_path / "data", kills=20, seed=20240310)
    assert result.kills == 20
    assert result.acked_edits > 20  # the child really worked between the kills
    assert result.failures == []
    assert (result.integrity_errors, result.acked_lost) == (0, 0)


def test_the_checker_notices_a_lost_acknowledged_edit():
    before = {"values": {"staff.part_time": 3}, "rows": {1: {"kind": "printer"}}}
    acked = pc.apply(before, {"op": "value", "key": "staff.part_time", "value": 4})
    assert not pc._matches_with_inflight(acked, before, None)
    assert pc._lost(acked, before) == 1
    # the edit in flight may or may not have landed
    inflight = {"op": "add", "row": {"kind": "ups"}}
    landed = pc.apply(acked, dict(inflight, id=7))
    assert pc._matches_with_inflight(acked, acked, inflight)
    assert pc._matches_with_inflight(acked, landed, inflight)
    assert not pc._matches_with_inflight(acked, pc.apply(landed, {"op": "delete", "id": 1}), inflight)
