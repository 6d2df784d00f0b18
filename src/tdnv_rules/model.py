"""Pydantic models of export format v1 (see docs/export-format.md).

Every model is immutable. Unknown fields are kept (``extra="allow"``), never rejected.
Each field is documented with the label the web system shows on its screen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .dates import parse_date, parse_datetime
from .state import task_state  # state.py needs no model at run time: no import cycle

if TYPE_CHECKING:
    from .state import TaskState

__all__ = [
    "Attachment",
    "ProcessingNote",
    "ResultDocument",
    "Extension",
    "Closure",
    "Reopening",
    "TaskCore",
    "Task",
    "ExportUnit",
    "Export",
    "Day",
    "Moment",
]


def _day(value: Any) -> date:
    return parse_date(value)


def _moment(value: Any) -> datetime:
    return parse_datetime(value)


def _optional_day(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def _none_as_empty(value: Any) -> Any:
    return () if value is None else value


Day = Annotated[date, BeforeValidator(_day)]
Moment = Annotated[datetime, BeforeValidator(_moment)]
OptionalDay = Annotated[date | None, BeforeValidator(_optional_day)]


class _Record(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="allow", coerce_numbers_to_str=True, str_strip_whitespace=True
    )


class Attachment(_Record):
    """A file attached to a document (Tệp đính kèm); ``path`` is relative to the export file."""

    name: str | None = Field(default=None, description="Tên tệp — file name as shown")
    path: str | None = Field(default=None, description="path relative to the export file")


Attachments = Annotated[tuple[Attachment, ...], BeforeValidator(_none_as_empty)]


class ProcessingNote(_Record):
    """One line of Thông tin xử lý (processing notes)."""

    by: str | None = Field(default=None, description="Người xử lý — who wrote it")
    at: Moment | None = Field(default=None, description="Ngày xử lý — when")
    content: str | None = Field(default=None, description="Nội dung — what was noted")
    attachments: Attachments = Field(default=(), description="Tệp đính kèm")


class ResultDocument(_Record):
    """One row of Kết quả xử lý: a document the unit posted as its result."""

    unit: str | None = Field(default=None, description="Đơn vị — the posting account or unit")
    updated_at: Moment = Field(description="Ngày cập nhật — when it was posted")
    symbol: str | None = Field(default=None, description="Số KH — the document's number")
    doc_type: str | None = Field(default=None, description="Loại văn bản — document type")
    signer: str | None = Field(default=None, description="Người ký — signer")
    subject: str | None = Field(default=None, description="Trích yếu — subject line")
    attachments: Attachments = Field(default=(), description="Tệp đính kèm")


class Extension(_Record):
    """One row of Gia hạn xử lý: an extension granted by the Office."""

    by: str | None = Field(default=None, description="Người xử lý — the Office's officer")
    at: Moment = Field(description="Ngày cập nhật — when it was granted")
    new_deadline: Day = Field(description="Hạn xử lý mới — the new deadline")
    reason: str | None = Field(default=None, description="Lý do — usually cites the approval")
    attachments: Attachments = Field(default=(), description="Tệp đính kèm")


class Closure(_Record):
    """One press of Kết thúc (close) by the unit."""

    by: str | None = Field(default=None, description="who pressed it")
    at: Moment = Field(description="when")


class Reopening(_Record):
    """One row of Thay đổi quy trình: the Office undoing a closure."""

    by: str | None = Field(default=None, description="Người xử lý — the Office's officer")
    at: Moment = Field(description="Ngày cập nhật — when")
    reason: str | None = Field(default=None, description="Lý do — why it was reopened")
    attachments: Attachments = Field(default=(), description="Tệp đính kèm")


def _records(model: type[BaseModel]) -> Any:
    return Annotated[tuple[model, ...], BeforeValidator(_none_as_empty)]  # type: ignore[valid-type]


class TaskCore(_Record):
    """A task's identity and timeline, without its documents.

    This is what the monthly table, the backlog and the due-soon list read; loading only this
    (``load(path, model=TaskCore)``) skips the result documents and is several times faster.
    Fields a ``TaskCore`` does not hold are ignored, not kept.
    """

    model_config = ConfigDict(
        frozen=True, extra="ignore", coerce_numbers_to_str=True, str_strip_whitespace=True
    )

    id: str = Field(min_length=1, description="unique id of the task in the export")
    symbol: str = Field(min_length=1, description="Số ký hiệu — directive's number")
    signed_on: Day = Field(description="Ngày ký duyệt — signing date")
    assignee: str = Field(min_length=1, description="Cơ quan nhận — the assigned unit")
    follower: str | None = Field(default=None, description="Người theo dõi — follower officer")
    subject: str = Field(description="Trích yếu — subject line")
    deadline: OptionalDay = Field(default=None, description="Thời hạn xử lý — none: không hạn")
    extensions: _records(Extension) = Field(default=(), description="Gia hạn xử lý")
    closures: _records(Closure) = Field(default=(), description="each press of Kết thúc")
    reopenings: _records(Reopening) = Field(default=(), description="Thay đổi quy trình")

    def state(self, at: object) -> TaskState:
        """The task's state at moment ``at`` (a date means the end of that day)."""
        return task_state(self, at)


class Task(TaskCore):
    """A task (nhiệm vụ) given by a directive document to one unit, with all it holds."""

    model_config = ConfigDict(extra="allow")

    doc_type: str | None = Field(default=None, description="Loại văn bản — directive's type")
    created_at: Moment | None = Field(default=None, description="Ngày tạo — entered at")
    director: str | None = Field(default=None, description="Người chỉ đạo — directing leader")
    signer: str | None = Field(default=None, description="Người ký — signer")
    content: str | None = Field(default=None, description="Nội dung công việc — what to do")
    attachments: Attachments = Field(default=(), description="Tệp đính kèm — signed directive")
    processing: _records(ProcessingNote) = Field(default=(), description="Thông tin xử lý")
    results: _records(ResultDocument) = Field(default=(), description="Kết quả xử lý")


class ExportUnit(_Record):
    """A unit listed in an export's ``units`` array."""

    id: str | None = Field(default=None, description="the unit's id in the export")
    name: str = Field(description="Tên đơn vị — the unit's name")


class Export(_Record):
    """A whole export file: ``{"format": "tdnv-export", "version": 1, ...}``."""

    format: str = Field(default="tdnv-export", description="always 'tdnv-export'")
    version: int = Field(default=1, description="format version; 1")
    units: _records(ExportUnit) = Field(default=(), description="units named in the export")
    tasks: _records(Task) = Field(default=(), description="the tasks")
