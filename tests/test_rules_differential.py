"""The durable_rules backend agrees with a plain reading of the rule files on random tasks."""

from __future__ import annotations

import operator
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdnv_rules.dates import VN_TZ
from tdnv_rules.facts import audit_facts, gate_facts
from tdnv_rules.model import Task
from tdnv_rules.rulebook import Rulebook

RULEBOOK = Rulebook(backend="durable")
_OPS = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lte": operator.le,
        "gt": operator.gt, "gte": operator.ge}


def _holds(node: dict, params: dict, facts: dict) -> bool:
    """A reading of the `when` language written for this test only."""
    if "all" in node:
        return all(_holds(item, params, facts) for item in node["all"])
    if "any" in node:
        return any(_holds(item, params, facts) for item in node["any"])
    ((name, body),) = node.items()
    if not isinstance(body, dict) or "param" in body:
        body = {"eq": body}
    ((op, value),) = body.items()
    if isinstance(value, dict):
        value = params[value["param"]]
    if op == "in":
        return facts[name] in value
    return _OPS[op](facts[name], value)


def _expected(scope: str, facts: dict) -> list[str]:
    return [r.code for r in RULEBOOK.rules_of(scope) if _holds(r.when, RULEBOOK.params[r.code], facts)]


SUBJECTS = [
    "V/v xin gia hạn thời gian báo cáo kết quả rà soát quy hoạch",
    "Báo cáo kết quả thực hiện nhiệm vụ được giao",
    "V/v lấy ý kiến các sở, ngành về dự thảo kế hoạch",
    "Báo cáo tiến độ thực hiện dự án đến ngày 30/4",
    "Giấy mời dự họp triển khai nhiệm vụ",
    "V/v gia hạn sử dụng đất của Công ty cổ phần Lam Sơn",
    "V/V XIN GIA HAN THOI GIAN THUC HIEN",
    "Tờ trình đề nghị phê duyệt phương án",
]
DOC_TYPES = [None, "Công văn", "Báo cáo", "Tờ trình", "Giấy mời", "Kế hoạch"]
UNITS = ["Sở Giao thông Vận tải", "UBND huyện Hoằng Hoá", "Sở Tài nguyên và Môi trường",
         "Phan Tố Nga", "Sở Giao thông Vận tải và Xây dựng"]
BASE = datetime(2024, 1, 1, 8, 0, tzinfo=VN_TZ)


@st.composite
def tasks(draw) -> tuple[Task, datetime]:
    """A random task with a random history, and a random moment to judge it at."""
    def when() -> str:
        return (BASE + timedelta(hours=draw(st.integers(0, 24 * 150)))).isoformat()

    results = [
        {"unit": draw(st.sampled_from(UNITS)), "updated_at": when(),
         "symbol": draw(st.sampled_from(["12/BC-SGTVT", "88/SXD-QH", "bad symbol", "7/ STNMT - BHD"])),
         "doc_type": draw(st.sampled_from(DOC_TYPES)), "subject": draw(st.sampled_from(SUBJECTS))}
        for _ in range(draw(st.integers(0, 4)))
    ]
    deadline = draw(st.none() | st.dates(date(2024, 1, 10), date(2024, 6, 30)))
    task = Task.model_validate({
        "id": "t", "symbol": draw(st.sampled_from(["246/UBND-CN", "3126/UBND-NN", "xx"])),
        "signed_on": "2024-01-05", "assignee": draw(st.sampled_from(UNITS)),
        "subject": "V/v kiểm tra, rà soát quy hoạch và báo cáo kết quả thực hiện",
        "content": draw(st.sampled_from([None, "báo cáo trước ngày 25/02/2024"])),
        "deadline": deadline,
        "results": results,
        "closures": [{"at": when()} for _ in range(draw(st.integers(0, 3)))],
        "reopenings": [{"at": when(), "reason": "đề nghị không ấn nút kết thúc"}
                       for _ in range(draw(st.integers(0, 2)))],
        "extensions": [{"at": when(), "new_deadline": draw(st.dates(date(2024, 1, 10), date(2024, 8, 1))),
                        "reason": draw(st.sampled_from(["", "UBND tỉnh có Công văn số 3990/UBND-NN đồng ý"]))}
                       for _ in range(draw(st.integers(0, 2)))],
    })
    return task, BASE + timedelta(hours=draw(st.integers(0, 24 * 200)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks())
def test_gate_backend_agrees_with_plain_reading(case):
    """On random tasks the durable gate fires exactly the rules the plain reading says."""
    task, at = case
    facts = gate_facts(task, at)
    assert _expected("gate", facts) == [r.code for r in RULEBOOK.fired("gate", facts)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks())
def test_audit_backend_agrees_with_plain_reading(case):
    """On random tasks the durable audit fires exactly the rules the plain reading says."""
    task, at = case
    facts = audit_facts(task, at.date())
    assert _expected("audit", facts) == [r.code for r in RULEBOOK.fired("audit", facts)]
