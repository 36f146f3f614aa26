"""A reviewer's session: who I am, my pending patches first, everybody's opinions, refusals in
words a reviewer understands, the second of two coordinators told, other reviewers heard."""
import time

import pytest

from collaboration_db import SCHEMA, create, login
from multiplan.core.collaboration import store as st

pytestmark = pytest.mark.postgis


@pytest.fixture
def dsn(postgis_database):
    create(postgis_database)
    return postgis_database


def session(dsn, person):
    return st.ReviewSession(login(dsn, person), SCHEMA)


def test_who_am_i(dsn):
    li = session(dsn, "li_zr")
    assert [m.code for m in li.memberships] == ["ZR"] and not li.is_coordinator and li.user == "li_zr"
    zhao = session(dsn, "zhao_dgb")
    assert [m.code for m in zhao.memberships] == ["DGB"] and zhao.is_coordinator


def test_pending_first_and_opinions_of_every_department(dsn):
    wang = session(dsn, "wang_hb")  # 环保 is concerned by HX_JS (CY00001) only in the first six types
    status = wang.status()
    assert list(status["patch_id"][:1]) == ["CY00001"] and status["mine_pending"].tolist()[:2] == [True, False]
    wang.add_opinion("CY00001", "HB", "DISAGREE", "GH2", "保留土规", "红线内不得建设", "环函〔2026〕3号")
    assert not session(dsn, "wang_hb").status().set_index("patch_id").loc["CY00001", "mine_pending"]
    li = session(dsn, "li_zr")
    li.add_opinion("CY00001", "ZR", "AGREE", reason="同意")
    opinions = li.opinions("CY00001")
    assert opinions[["department", "db_role", "opinion", "documents"]].values.tolist() == [
        ["HB", "wang_hb", "DISAGREE", "环函〔2026〕3号"], ["ZR", "li_zr", "AGREE", None]]
    assert opinions["department_name"].tolist() == ["生态环境局", "自然资源局"]


def test_refusals_are_worded(dsn):
    li = session(dsn, "li_zr")
    with pytest.raises(st.Refused) as refused:
        li.add_opinion("CY00001", "HB", "AGREE")
    assert "li_zr" in refused.value.text.zh and "生态环境局" in refused.value.text.zh
    with pytest.raises(st.Refused) as refused:
        li.decide("CY00001", "ZR", "GH1")
    assert "只有协调部门" in refused.value.text.zh
    with pytest.raises(st.Refused, match="no patch"):
        li.add_opinion("NOPE", "ZR", "AGREE")
    with pytest.raises(st.Refused, match="invalid"):
        li.add_opinion("CY00001", "ZR", "AGREE", decision="XYZ")
    # nothing half-written: the session still works
    li.add_opinion("CY00001", "ZR", "AGREE")


def test_the_second_coordinator_is_told_and_sees_the_first_decision(dsn):
    zhao, qian = session(dsn, "zhao_dgb"), session(dsn, "qian_dgb")
    seen_by_both = zhao.current_final("CY00002")
    assert seen_by_both is None
    first = zhao.decide("CY00002", "DGB", "GH1", "保留城规", "两规协调会议", supersedes=None)
    with pytest.raises(st.DecisionConflict) as conflict:
        qian.decide("CY00002", "DGB", "GH2", "保留土规", supersedes=None)
    assert conflict.value.current["id"] == first and "保留城规" in conflict.value.text.zh
    assert qian.decide("CY00002", "DGB", "GH2", "保留土规", supersedes=first) > first
    status = qian.status().set_index("patch_id")
    assert status.loc["CY00002", ["decision", "status"]].tolist() == ["GH2", "已审查"]


def test_other_reviewers_are_heard_without_notifications_too(dsn):
    """Where LISTEN is not available (a pooler, a server that refuses it) the session asks for the
    opinions newer than the last one it saw: the same patches are heard, each once."""
    li = session(dsn, "li_zr")
    li.listen(notifications=False)
    assert not li.hears_notifications and li.changed() == set()
    session(dsn, "wang_hb").add_opinion("CY00001", "HB", "AGREE")
    session(dsn, "zhao_dgb").decide("CY00004", "DGB", "DEFER", "暂缓")
    assert li.changed() == {"CY00001", "CY00004"}
    assert li.changed() == set()


def test_other_reviewers_are_heard(dsn):
    li = session(dsn, "li_zr")
    li.listen()
    assert li.changed() == set()
    session(dsn, "wang_hb").add_opinion("CY00001", "HB", "AGREE")
    session(dsn, "zhao_dgb").decide("CY00004", "DGB", "DEFER", "暂缓")
    heard, deadline = set(), time.monotonic() + 10
    while heard != {"CY00001", "CY00004"} and time.monotonic() < deadline:
        heard |= li.changed(wait=0.5)  # notifications arrive on their own, after each commit
    assert heard == {"CY00001", "CY00004"}
    assert li.changed(wait=0.5) == set()


def test_a_schema_that_is_not_there(postgis_database):
    import psycopg2

    with pytest.raises(st.CollaborationError, match="no collaboration schema"):
        st.ReviewSession(psycopg2.connect(postgis_database), "nothing_here")
