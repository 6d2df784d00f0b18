"""The sheets and columns of a workbook or CSV export: the web system's Vietnamese labels, as data.

Each table is a sheet of the workbook (or a CSV file of the folder). Its title, and each column
header, is matched after ``text.fold`` (so case, diacritics, tone placement and NFD do not
matter); the English names of the export format are accepted as well. Child tables carry the
task id in ``Mã nhiệm vụ`` and are attached to that task in row order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import fold

__all__ = [
    "Table",
    "TABLES",
    "TASK_ID",
    "IGNORED_COLUMNS",
    "ATTACHMENT_FIELDS",
    "table_for",
    "column_map",
]

TASK_ID = "task_id"  # the field name of the task id column in child tables
IGNORED_COLUMNS = ("STT",)  # the row number the screen shows
ATTACHMENT_FIELDS = frozenset({"attachments"})


@dataclass(frozen=True)
class Table:
    """One sheet: its name in the model, its titles and file names, its columns."""

    key: str  # "tasks" or the Task field the rows go into
    title: str  # the sheet title the web system uses
    file_name: str  # the CSV file name in a folder export
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field → header labels
    required: tuple[str, ...] = ()  # columns without which no row can be read


TASKS = Table(
    key="tasks",
    title="Nhiệm vụ",
    file_name="nhiem-vu.csv",
    columns={
        "id": ("Mã nhiệm vụ",),
        "doc_type": ("Loại văn bản",),
        "symbol": ("Số ký hiệu",),
        "signed_on": ("Ngày ký duyệt",),
        "created_at": ("Ngày tạo",),
        "director": ("Người chỉ đạo",),
        "signer": ("Người ký",),
        "assignee": ("Cơ quan nhận",),
        "follower": ("Người theo dõi",),
        "subject": ("Trích yếu",),
        "content": ("Nội dung công việc",),
        "deadline": ("Thời hạn xử lý",),
        "attachments": ("Tệp đính kèm",),
    },
    required=("id",),
)

RESULTS = Table(
    key="results",
    title="Kết quả xử lý",
    file_name="ket-qua-xu-ly.csv",
    columns={
        TASK_ID: ("Mã nhiệm vụ",),
        "unit": ("Đơn vị",),
        "updated_at": ("Ngày cập nhật",),
        "symbol": ("Số KH", "Số ký hiệu"),
        "doc_type": ("Loại văn bản",),
        "signer": ("Người ký",),
        "subject": ("Trích yếu",),
        "attachments": ("Tệp đính kèm",),
    },
    required=(TASK_ID,),
)

EXTENSIONS = Table(
    key="extensions",
    title="Gia hạn xử lý",
    file_name="gia-han-xu-ly.csv",
    columns={
        TASK_ID: ("Mã nhiệm vụ",),
        "by": ("Người xử lý",),
        "at": ("Ngày cập nhật",),
        "new_deadline": ("Hạn xử lý mới",),
        "reason": ("Lý do",),
        "attachments": ("Tệp đính kèm",),
    },
    required=(TASK_ID,),
)

CLOSURES = Table(
    key="closures",
    title="Kết thúc",
    file_name="ket-thuc.csv",
    columns={
        TASK_ID: ("Mã nhiệm vụ",),
        "by": ("Người xử lý",),
        "at": ("Thời điểm", "Ngày kết thúc"),
    },
    required=(TASK_ID,),
)

REOPENINGS = Table(
    key="reopenings",
    title="Thay đổi quy trình",
    file_name="thay-doi-quy-trinh.csv",
    columns={
        TASK_ID: ("Mã nhiệm vụ",),
        "by": ("Người xử lý",),
        "at": ("Ngày cập nhật",),
        "reason": ("Lý do",),
        "attachments": ("Tệp đính kèm",),
    },
    required=(TASK_ID,),
)

PROCESSING = Table(
    key="processing",
    title="Thông tin xử lý",
    file_name="thong-tin-xu-ly.csv",
    columns={
        TASK_ID: ("Mã nhiệm vụ",),
        "by": ("Người xử lý",),
        "at": ("Ngày xử lý",),
        "content": ("Nội dung",),
        "attachments": ("Tệp đính kèm",),
    },
    required=(TASK_ID,),
)

TABLES: tuple[Table, ...] = (TASKS, RESULTS, EXTENSIONS, CLOSURES, REOPENINGS, PROCESSING)

_BY_NAME = {
    fold(name): table
    for table in TABLES
    for name in (table.key, table.title, table.file_name.removesuffix(".csv"))
}


def table_for(name: str) -> Table | None:
    """The table a sheet title or CSV file stem names, or None."""
    return _BY_NAME.get(fold(name))


def column_map(table: Table) -> dict[str, str]:
    """Folded header → field, for the Vietnamese labels and the English field names."""
    mapping: dict[str, str] = {}
    for name, labels in table.columns.items():
        for label in (*labels, name):
            mapping.setdefault(fold(label), name)
    if table.key != "tasks":
        mapping.setdefault(fold("id"), TASK_ID)
    return mapping
