"""Generate a synthetic export of the Thanh Hóa task-tracking system (TDNV), export format v1.

Usage::

    python scripts/make_sample.py --count 3000 --seed 2024 --out fixtures/sample/export.jsonl
    python scripts/make_sample.py --count 3000 --seed 2024 --format json --out export.json
    python scripts/make_sample.py --count 1000000 --seed 7 --out /tmp/big.jsonl

``--format jsonl`` (default) writes one task object a line; ``--format json`` writes
``{"format": "tdnv-export", "version": 1, "units": [], "tasks": [...]}``. Both are written
task by task (constant memory), so a million tasks need no more memory than ten.
The same ``--seed`` and ``--count`` give the same bytes, and a smaller ``--count`` gives a
prefix of a larger one.

What the data looks like (taken from the seed document's description of the system):

- units: the 46 units of the May-2024 monthly table, in its order, drawn with the table's
  "total assigned" column as weights;
- signing dates 2019-01-01 … 2024-05-31, weighted towards recent years; the export is
  taken at the end of 2024-05-31 and nothing happens after it;
- about 87 % of tasks have a deadline, 5–60 days after signing; tasks without a deadline
  are mostly still open (the backlogs the seed complains about);
- 0–4 results per task, their subjects drawn from phrasing families (extension request,
  opinion request, progress report, final report);
- extensions granted after a request, citing the UBND's approval letter; closures mostly
  after a final report; a few premature closures on an extension or opinion request that
  the Office reopens with its usual reason; a few tasks whose final report was posted but
  never closed; some closed on an extension request and never reopened;
- messy data: a person's name as a result's unit, spaces inside symbols, NFD and old tone
  placement in names, a content date that disagrees with the deadline, a type in capitals.

Time order always holds: created after signing, results after creation, a closure after
the result it follows, a reopening after the closure it undoes, an extension after the
request it grants.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, TextIO

TZ = timezone(timedelta(hours=7))
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2024, 5, 31)
AS_OF = datetime(2024, 5, 31, 23, 59, tzinfo=TZ)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days

# The 46 units of the seed's May-2024 table, in table order, with column 3 (total assigned).
UNITS: list[tuple[str, int]] = [
    ("Ban Dân tộc", 122),
    ("Ban Quản lý Khu kinh tế Nghi Sơn", 162),
    ("Sở Công Thương", 223),
    ("Sở Giáo dục và Đào tạo", 229),
    ("Sở Giao thông Vận tải", 406),
    ("Sở Khoa học và Công nghệ", 124),
    ("Sở Kế hoạch và Đầu tư", 630),
    ("Sở Lao động Thương binh và Xã hội", 171),
    ("Sở Ngoại vụ", 122),
    ("Sở Nông nghiệp và Phát triển nông thôn", 449),
    ("Sở Nội vụ", 597),
    ("Sở Tài chính", 601),
    ("Sở Tài nguyên và Môi trường", 841),
    ("Sở Thông tin và Truyền thông", 281),
    ("Sở Tư pháp", 333),
    ("Sở Văn hóa Thể thao và Du lịch", 363),
    ("Sở Xây dựng", 446),
    ("Sở Y tế", 194),
    ("Thanh tra tỉnh", 176),
    ("UBND huyện Bá Thước", 159),
    ("UBND huyện Cẩm Thủy", 126),
    ("UBND huyện Hà Trung", 156),
    ("UBND huyện Hoằng Hóa", 293),
    ("UBND huyện Hậu Lộc", 231),
    ("UBND huyện Lang Chánh", 187),
    ("UBND huyện Mường Lát", 241),
    ("UBND huyện Nga Sơn", 230),
    ("UBND huyện Ngọc Lặc", 243),
    ("UBND huyện Như Thanh", 224),
    ("UBND huyện Như Xuân", 202),
    ("UBND huyện Nông Cống", 163),
    ("UBND huyện Quan Hoá", 125),
    ("UBND huyện Quan Sơn", 172),
    ("UBND huyện Quảng Xương", 183),
    ("UBND huyện Thiệu Hoá", 132),
    ("UBND huyện Thường Xuân", 202),
    ("UBND huyện Thạch Thành", 200),
    ("UBND huyện Thọ Xuân", 147),
    ("UBND huyện Triệu Sơn", 275),
    ("UBND huyện Vĩnh Lộc", 107),
    ("UBND huyện Yên Định", 131),
    ("UBND huyện Đông Sơn", 282),
    ("UBND thành phố Sầm Sơn", 212),
    ("UBND thành phố Thanh Hoá", 349),
    ("UBND thị xã Bim Sơn", 217),
    ("UBND thị xã Nghi Sơn", 279),
]
UNIT_NAMES = [u for u, _ in UNITS]
UNIT_WEIGHTS = [w for _, w in UNITS]

# Issuing code of each department's own documents, its drafting offices, and the UBND office
# (CN, NN, KTTC …) that usually drafts directives to it. Districts share one entry.
DEPT_CODES: dict[str, tuple[str, list[str], list[str]]] = {
    "Ban Dân tộc": ("BDT", ["CSDT", "VP"], ["VX"]),
    "Ban Quản lý Khu kinh tế Nghi Sơn": ("BQLKKTNS", ["QLĐT", "QHXD", "ĐT"], ["CN", "THKH"]),
    "Sở Công Thương": ("SCT", ["QLTM", "QLCN"], ["CN"]),
    "Sở Giáo dục và Đào tạo": ("SGDĐT", ["KHTC", "GDTrH", "TCCB"], ["VX"]),
    "Sở Giao thông Vận tải": ("SGTVT", ["KHTC", "QLCL", "QLKCHTGT"], ["CN"]),
    "Sở Khoa học và Công nghệ": ("SKHCN", ["QLKH", "VP"], ["VX"]),
    "Sở Kế hoạch và Đầu tư": ("SKHĐT", ["TH", "KTĐN", "ĐKKD"], ["THKH"]),
    "Sở Lao động Thương binh và Xã hội": ("SLĐTBXH", ["NCC", "KHTC"], ["VX"]),
    "Sở Ngoại vụ": ("SNgV", ["LSNV", "VP"], ["NC"]),
    "Sở Nông nghiệp và Phát triển nông thôn": ("SNN&PTNT", ["KHTC", "TL", "TT"], ["NN"]),
    "Sở Nội vụ": ("SNV", ["CCHC", "TCBC", "XDCQ"], ["NC", "THKH"]),
    "Sở Tài chính": ("STC", ["QLNS", "TCĐT", "QLG"], ["KTTC"]),
    "Sở Tài nguyên và Môi trường": ("STNMT", ["BHD", "QLĐĐ", "KS", "MT"], ["NN", "KTTC"]),
    "Sở Thông tin và Truyền thông": ("STTTT", ["CNTT", "BCVT"], ["KSTTHC", "VX"]),
    "Sở Tư pháp": ("STP", ["XDKTVB", "HCTP"], ["NC"]),
    "Sở Văn hóa Thể thao và Du lịch": ("SVHTTDL", ["QLDL", "VP"], ["VX"]),
    "Sở Xây dựng": ("SXD", ["QLN", "KTXD", "QHKT"], ["CN"]),
    "Sở Y tế": ("SYT", ["NVY", "KHTC"], ["VX"]),
    "Thanh tra tỉnh": ("TTTH", ["P3", "P4"], ["TD", "NC"]),
}
DISTRICT_CODES = ("UBND", ["TNMT", "TCKH", "VP", "TTr", "KTHT", "NN"], ["TD", "NN", "CN", "KTTC", "THKH", "VX"])

DIRECTORS = ["Đỗ Minh Tuấn", "Nguyễn Văn Thi", "Lê Đức Giang", "Lê Văn Bình", "Trần Quốc Hưng"]
SIGNERS = ["Nguyễn Trọng Trang", "Mai Công Hoàng", "Lê Việt Hiếu", "Phạm Minh Đức", "Đỗ Thị Hà"]
FOLLOWERS = ["Nguyễn Văn Thành", "Đỗ Ngọc Việt", "Trịnh Văn Phong", "Lê Thị Thu", "Nguyễn Hữu Quang"]
OFFICE_STAFF = ["Hoàng Thị Hương Sen", "Lê Thị Thanh Hà"]
UNIT_SIGNERS = ["Trịnh Huy Triều", "Lê Sỹ Nghiêm", "Phạm Văn Hoàn", "Lê Thanh Hải", "Nguyễn Văn Hùng",
                "Hoàng Thị Mai", "Lê Minh Tuấn", "Vũ Đình Khang", "Trần Thị Ngọc", "Bùi Quang Huy"]
PERSON_AS_UNIT = ["Phan Tố Nga", "Nguyễn Thị Huyền", "Lê Văn Quý", "Trần Thu Thủy"]

COMMUNES = ["xã Hoằng Thanh", "xã Cán Khê", "xã Quảng Nham", "xã Hà Tân", "xã Định Tân", "xã Thiệu Toán",
            "xã Nga Thạch", "xã Cẩm Bình", "xã Xuân Bái", "xã Thạch Định", "phường Đông Vệ", "xã Minh Sơn",
            "xã Hòa Lộc", "xã Lương Nội", "xã Tân Trường", "xã Yên Lâm"]
DISTRICTS = ["huyện Hoằng Hóa", "huyện Như Thanh", "huyện Quảng Xương", "huyện Hà Trung", "huyện Yên Định",
             "huyện Thiệu Hóa", "huyện Nga Sơn", "huyện Cẩm Thủy", "huyện Thọ Xuân", "huyện Thạch Thành",
             "thành phố Thanh Hóa", "huyện Ngọc Lặc", "huyện Hậu Lộc", "huyện Bá Thước", "thị xã Nghi Sơn",
             "huyện Quan Hóa"]
PEOPLE = ["ông Lữ Văn Vinh", "bà Nguyễn Thị Lan", "ông Lê Văn Tám", "bà Trịnh Thị Hằng", "ông Phạm Văn Tư",
          "ông Hoàng Văn Bảy", "bà Lê Thị Hoa", "ông Nguyễn Đình Khoa", "ông Đỗ Xuân Thủy", "bà Mai Thị Nhung"]
COMPANIES = ["Công ty TNHH một thành viên Tân Thành 8", "Công ty Cổ phần Đầu tư Hạ tầng Nghi Sơn",
             "Công ty TNHH Thủy sản Hải Thịnh", "Công ty Cổ phần Xây dựng Hoằng Phát",
             "Công ty TNHH May mặc Hải Long", "Công ty Cổ phần Vật liệu xây dựng Bỉm Sơn",
             "Công ty TNHH Khoáng sản Hợp Thành", "Công ty Cổ phần Thủy điện Bá Thước"]
PROJECTS = ["dự án Khu dân cư phía Đông đường Quang Trung", "dự án Nhà máy may xuất khẩu Hải Long",
            "dự án Khu du lịch sinh thái hồ Bến En", "dự án đường vành đai phía Tây thành phố Thanh Hóa",
            "dự án nâng cấp đê hữu sông Chu", "dự án Khu đô thị mới Hoằng Quang",
            "dự án tuyến đường giao thông nối thành phố Thanh Hóa với huyện Ngọc Lặc"]
RIVERS = ["sông Mã", "sông Chu", "sông Bưởi", "sông Lèn", "sông Yên"]
MINES = ["mỏ đất san lấp", "mỏ đá vôi làm vật liệu xây dựng thông thường", "mỏ cát làm vật liệu xây dựng"]

# Topics: (act — the work asked, obj — the matter, owners — issuer codes). Slots: {c} commune, {d} district,
# {p} person, {co} company, {pj} project, {r} river, {m} mine, {y} year.
TOPICS = [
    ("giải quyết đơn của {p}, {c}, {d}",
     "đơn của {p}, {c}, {d}", "D TTTH"),
    ("xem xét, trả lời kiến nghị của {co} về thủ tục thuê đất",
     "kiến nghị của {co} về thủ tục thuê đất", "STNMT BQLKKTNS SKHĐT"),
    ("rà soát quy trình tổ chức đấu giá quyền khai thác khoáng sản {m} tại {c}, {d}",
     "kết quả trúng đấu giá quyền khai thác khoáng sản {m} tại {c}, {d}", "STNMT"),
    ("thẩm định hồ sơ giao đất, cho thuê đất cho {co} thực hiện {pj}",
     "giao đất, cho thuê đất thực hiện {pj}", "STNMT BQLKKTNS D"),
    ("lập phương án đầu tư {pj}",
     "phương án đầu tư {pj}", "SGTVT SXD SKHĐT"),
    ("khắc phục sạt lở bờ {r} đoạn qua {c}, {d}",
     "tình trạng sạt lở bờ {r} đoạn qua {c}, {d}", "D SNN&PTNT"),
    ("đẩy nhanh giải phóng mặt bằng {pj}",
     "công tác giải phóng mặt bằng {pj}", "D STNMT"),
    ("kiểm tra, xác minh phản ánh ô nhiễm môi trường do hoạt động của {co}",
     "phản ánh ô nhiễm môi trường do hoạt động của {co}", "STNMT D"),
    ("tham mưu phân bổ kinh phí sự nghiệp bảo vệ môi trường năm {y}",
     "phương án phân bổ kinh phí sự nghiệp bảo vệ môi trường năm {y}", "STC"),
    ("tổng hợp tình hình thực hiện dự toán ngân sách nhà nước năm {y}",
     "tình hình thực hiện dự toán ngân sách năm {y}", "STC D"),
    ("rà soát, đề xuất giải pháp khắc phục tình trạng thiếu giáo viên tại {d}",
     "tình trạng thiếu giáo viên tại {d}", "SGDĐT SNV D"),
    ("triển khai các biện pháp phòng, chống dịch sốt xuất huyết năm {y}",
     "công tác phòng, chống dịch sốt xuất huyết năm {y}", "SYT D"),
    ("triển khai các giải pháp phòng, chống hạn hán vụ Chiêm Xuân năm {y}",
     "công tác phòng, chống hạn hán vụ Chiêm Xuân năm {y}", "SNN&PTNT D"),
    ("tham mưu công bố chỉ số cải cách hành chính năm {y}",
     "kết quả chỉ số cải cách hành chính năm {y}", "SNV"),
    ("kiểm tra việc thực hiện cơ chế một cửa, một cửa liên thông tại {d}",
     "việc thực hiện cơ chế một cửa, một cửa liên thông tại {d}", "SNV STTTT D"),
    ("thẩm tra quyết toán vốn đầu tư {pj}",
     "quyết toán vốn đầu tư {pj}", "STC"),
    ("đề xuất chủ trương đầu tư {pj}",
     "chủ trương đầu tư {pj}", "SKHĐT BQLKKTNS"),
    ("xây dựng kế hoạch chuyển đổi số năm {y}",
     "kế hoạch chuyển đổi số năm {y}", "STTTT D SKHCN"),
    ("thống kê, đánh giá thiệt hại do mưa lũ tại {d}",
     "thiệt hại do mưa lũ tại {d}", "D SNN&PTNT"),
    ("thẩm định hồ sơ gia hạn thời gian thuê đất của {co}",
     "gia hạn thời gian thuê đất của {co}", "STNMT"),
    ("xem xét đề nghị gia hạn giấy phép khai thác khoáng sản của {co}",
     "đề nghị gia hạn giấy phép khai thác khoáng sản của {co}", "STNMT SCT"),
    ("hoàn thiện hồ sơ công nhận {c} đạt chuẩn nông thôn mới nâng cao",
     "hồ sơ công nhận {c} đạt chuẩn nông thôn mới nâng cao", "D SNN&PTNT"),
    ("rà soát chính sách hỗ trợ đồng bào dân tộc thiểu số tại {d}",
     "chính sách hỗ trợ đồng bào dân tộc thiểu số tại {d}", "BDT SLĐTBXH D"),
    ("đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh năm {y}",
     "danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm {y}", "SKHCN"),
    ("kiểm tra việc chi trả trợ cấp cho người có công tại {d}",
     "việc chi trả trợ cấp cho người có công tại {d}", "SLĐTBXH D"),
    ("chuẩn bị đón đoàn công tác nước ngoài đến làm việc tại tỉnh năm {y}",
     "kế hoạch đón đoàn công tác nước ngoài năm {y}", "SNgV"),
    ("thẩm định dự thảo Quyết định quy định quản lý cụm công nghiệp",
     "dự thảo Quyết định quy định quản lý cụm công nghiệp", "STP SCT"),
    ("tổ chức Lễ khai trương du lịch biển Sầm Sơn năm {y}",
     "công tác chuẩn bị Lễ khai trương du lịch biển Sầm Sơn năm {y}", "SVHTTDL"),
    ("xác minh nội dung đơn tố cáo của công dân {c}, {d}",
     "đơn tố cáo của công dân {c}, {d}", "TTTH D"),
    ("kiểm tra tình hình cung ứng xăng dầu trên địa bàn tỉnh",
     "tình hình cung ứng xăng dầu trên địa bàn tỉnh", "SCT"),
    ("kiểm tra chất lượng khu chung cư cũ tại {c}, {d}",
     "tình trạng xuống cấp của khu chung cư cũ tại {c}, {d}", "SXD"),
    ("rà soát thủ tục hành chính lĩnh vực tư pháp năm {y}",
     "kết quả rà soát thủ tục hành chính lĩnh vực tư pháp năm {y}", "STP SNgV"),
    ("kiểm tra an toàn thực phẩm tại các bếp ăn tập thể trường học",
     "công tác bảo đảm an toàn thực phẩm tại các bếp ăn tập thể trường học", "SYT SGDĐT"),
]
# Topics each unit is given: "D" in a topic's owners stands for every district-level unit.
TOPICS_BY_ISSUER: dict[str, list[tuple[str, str]]] = {}
for _act, _obj, _owners in TOPICS:
    for _code in _owners.split():
        TOPICS_BY_ISSUER.setdefault(_code, []).append((_act, _obj))

EXTENSION_SUBJECTS = [
    "xin gia hạn thời gian thực hiện nhiệm vụ được UBND tỉnh giao tại Công văn số {sym} ngày {dd}.",
    "V/v đề nghị xin gia hạn thời gian thực hiện Công văn số {sym} của UBND tỉnh Thanh Hóa.",
    "V/v đề nghị gia hạn thời gian báo cáo kết quả {act}",
    "Xin lùi thời hạn báo cáo {act}",
    "V/v xin gia hạn lần 2 thời gian {act}",
    "Đề nghị cho phép kéo dài thời gian thực hiện nhiệm vụ tại Công văn số {sym} ngày {dd}",
    "V/V XIN GIA HAN THOI GIAN THUC HIEN CONG VAN SO {sym}",
]
OPINION_SUBJECTS = [
    "Giao lấy ý kiến các ngành về {obj}",
    "V/v lấy ý kiến các sở, ngành liên quan về {obj}",
    "Đề nghị tham gia góp ý dự thảo báo cáo {obj}",
    "V/v xin ý kiến các sở, ngành về {obj}",
    "Đề nghị phối hợp, có ý kiến đối với {obj}",
]
PROGRESS_SUBJECTS = [
    "Báo cáo tiến độ {act}",
    "Báo cáo sơ bộ kết quả {act}",
    "Báo cáo nhanh {obj}",
    "Báo cáo lần 1 kết quả {act}",
    "V/v báo cáo tình hình thực hiện Công văn số {sym} đến nay",
]
FINAL_SUBJECTS = [
    ("Báo cáo", "Báo cáo kết quả thực hiện Công văn số {sym} ngày {dd} của UBND tỉnh"),
    ("Báo cáo", "Báo cáo kết quả {act}"),
    ("Công văn", "V/v {obj}"),
    ("Tờ trình", "Đề nghị UBND tỉnh xem xét, phê duyệt {obj}"),
    ("Báo cáo", "{Obj}"),
    ("Công văn", "V/v tổng hợp ý kiến các ngành, báo cáo UBND tỉnh về {obj}"),
    ("Báo cáo", "Báo cáo kết quả lấy ý kiến các ngành về {obj}"),
]

REOPEN_EXTENSION = "Nhiệm vụ đang xin gia hạn báo cáo, đề nghị đơn vị không ấn nút kết thúc trên phần mềm./."
REOPEN_EXTENSION_AGAIN = (REOPEN_EXTENSION[:-3] + ". Văn phòng UBND tỉnh đã nhắc nhở nhiều lần, "
                          "đề nghị đơn vị nghiêm túc thực hiện đúng quy định.")
REOPEN_OPINION = ("Nhiệm vụ đang xin ý kiến các đơn vị liên quan, không phải là văn bản tổng hợp báo cáo "
                  "UBND tỉnh nên đơn vị chưa được bấm nút kết thúc nhiệm vụ.")

# Scenario weights for tasks with a deadline / without one.
SCENARIOS_DEADLINE = [
    ("final", 52), ("progress_final", 8), ("opinion_final", 7), ("extension_granted", 8),
    ("premature_extension", 3), ("premature_opinion", 2), ("forgotten", 3), ("open_empty", 6),
    ("open_progress", 4), ("open_extension", 2), ("late_final", 1), ("closed_on_extension", 1),
    ("final_supplement", 3),
]
SCENARIOS_NO_DEADLINE = [
    ("final", 30), ("progress_final", 4), ("opinion_final", 4), ("forgotten", 3), ("open_empty", 45),
    ("open_progress", 10), ("premature_opinion", 2), ("final_supplement", 2),
]
OLD_TONES = {"Hóa": "Hoá", "hóa": "hoá", "Thủy": "Thuỷ", "thủy": "thuỷ", "Hòa": "Hoà", "hòa": "hoà"}


def iso_date(d: date) -> str:
    return d.isoformat()


def iso_time(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def vn_date(d: date) -> str:
    """dd/mm/yyyy as the web system prints it."""
    return d.strftime("%d/%m/%Y")


def vn_date_short(d: date) -> str:
    """d/m/yyyy as the Office types it in reasons."""
    return f"{d.day}/{d.month}/{d.year}"


class TaskMaker:
    """Draws one task after another from a single seeded generator."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.serial = 0

    # ---- small draws ------------------------------------------------------------------
    def office_time(self, d: date) -> datetime:
        """A time on day ``d`` within (extended) office hours."""
        minutes = self.r.randint(7 * 60 + 15, 21 * 60 + 50)
        return datetime(d.year, d.month, d.day, minutes // 60, minutes % 60, tzinfo=TZ)

    def after(self, t: datetime, lo_days: float, hi_days: float) -> datetime:
        """A moment at least a few minutes after ``t``, ``lo``–``hi`` days later, in office hours."""
        day = (t + timedelta(days=self.r.uniform(lo_days, hi_days))).date()
        candidate = self.office_time(day)
        if candidate <= t:
            candidate = t + timedelta(minutes=self.r.randint(3, 240))
        return candidate

    def signed_day(self) -> date:
        x = self.r.random() ** (1 / 2.2)  # density grows towards the export date
        return FIRST_DAY + timedelta(days=min(SPAN_DAYS, int(x * (SPAN_DAYS + 1))))

    def messy_symbol(self, symbol: str) -> str:
        if self.r.random() < 0.03:
            return symbol.replace("/", "/ ").replace("-", " - ")
        return symbol

    def old_tones(self, text: str) -> str:
        if self.r.random() < 0.3:
            for new, old in OLD_TONES.items():
                text = text.replace(new, old)
        return text

    def topic(self, unit: str, issuer: str, year: int) -> tuple[str, str]:
        """A topic fitting the unit; a district unit's topics are set in its own district."""
        district = unit.removeprefix("UBND ") if issuer == "UBND" else self.r.choice(DISTRICTS)
        act, obj = self.r.choice(TOPICS_BY_ISSUER["D" if issuer == "UBND" else issuer])
        slots = dict(c=self.r.choice(COMMUNES), d=district, p=self.r.choice(PEOPLE),
                     co=self.r.choice(COMPANIES), pj=self.r.choice(PROJECTS), r=self.r.choice(RIVERS),
                     m=self.r.choice(MINES), y=year)
        return act.format(**slots), obj.format(**slots)

    def attachment(self, stem: str, when: datetime) -> dict:
        name = f"{stem}_{when:%d.%m.%Y_%Hh%Mp%S}_signed.pdf"
        return {"name": name, "path": f"files/{when:%Y/%m}/{name}"}

    # ---- one task -----------------------------------------------------------------------
    def task(self) -> tuple[dict, list[str]]:
        """The next task and the kind of each of its results (for checks; not exported)."""
        r = self.r
        self.serial += 1
        unit = r.choices(UNIT_NAMES, weights=UNIT_WEIGHTS)[0]
        issuer, depts, offices = DEPT_CODES.get(unit, DISTRICT_CODES)
        signed = self.signed_day()
        created = self.after(datetime(signed.year, signed.month, signed.day, 7, 0, tzinfo=TZ), 0,
                             min(3, (LAST_DAY - signed).days))
        doc_type = r.choices(["Công văn", "Thông báo", "Quyết định"], weights=[86, 10, 4])[0]
        number = min(19000, int((signed.timetuple().tm_yday / 366) * 18000) + r.randint(1, 900))
        symbol = {"Công văn": f"{number}/UBND-{r.choice(offices)}",
                  "Thông báo": f"{max(1, number // 60)}/TB-UBND",
                  "Quyết định": f"{max(1, number // 4)}/QĐ-UBND"}[doc_type]
        act, obj = self.topic(unit, issuer, signed.year)
        has_deadline = r.random() < 0.87
        deadline = signed + timedelta(days=r.choice([r.randint(5, 20), r.randint(10, 35), r.randint(20, 60)])) \
            if has_deadline else None
        subject = self.old_tones(r.choice([f"V/v {act}.", f"V/v {obj}", obj[0].upper() + obj[1:], f"Giao {act}"]))
        content = f"Giao {act}; báo cáo Chủ tịch UBND tỉnh kết quả thực hiện"
        if deadline is not None:
            stated = deadline
            if r.random() < 0.05:  # the content's date disagrees with the deadline field
                stated = deadline - timedelta(days=r.randint(3, 20))
            if r.random() < 0.9:
                content += f" trước ngày {vn_date(stated)}"
        elif r.random() < 0.04:
            content += f" trước ngày {vn_date(signed + timedelta(days=r.randint(10, 40)))}"
        assignee = unit
        if r.random() < 0.01:
            assignee = unicodedata.normalize("NFD", unit)
        task = {
            "id": f"T{self.serial:07d}",
            "doc_type": doc_type,
            "symbol": symbol,
            "signed_on": iso_date(signed),
            "created_at": iso_time(created),
            "director": r.choice(DIRECTORS),
            "signer": r.choice(SIGNERS),
            "assignee": assignee,
            "follower": r.choice(FOLLOWERS),
            "subject": subject,
            "content": content,
            "deadline": iso_date(deadline) if deadline else None,
            "attachments": [self.attachment(f"DT-VBDTPT{r.randint(10**8, 10**9 - 1)}-1", created)],
            "processing": [],
            "results": [],
            "extensions": [],
            "closures": [],
            "reopenings": [],
        }
        ctx = dict(unit=unit, issuer=issuer, depts=depts, symbol=symbol, signed=signed, act=act, obj=obj)
        kinds = self.history(task, ctx, created, deadline)
        return task, kinds

    # ---- documents posted by the unit -----------------------------------------------------
    def result(self, ctx: dict, kind: str, at: datetime) -> dict:
        r = self.r
        fill = dict(sym=ctx["symbol"], dd=vn_date(ctx["signed"]), act=ctx["act"], obj=ctx["obj"],
                    Obj=ctx["obj"][0].upper() + ctx["obj"][1:])
        if kind == "final":
            doc_type, tpl = r.choice(FINAL_SUBJECTS)
        elif kind == "progress":
            doc_type, tpl = r.choice(["Báo cáo", "Công văn"]), r.choice(PROGRESS_SUBJECTS)
        elif kind == "opinion":
            doc_type, tpl = "Công văn", r.choice(OPINION_SUBJECTS)
        else:
            doc_type, tpl = "Công văn", r.choice(EXTENSION_SUBJECTS)
        subject = self.old_tones(tpl.format(**fill))
        code = {"Báo cáo": "BC", "Tờ trình": "TTr"}.get(doc_type)
        n = r.randint(3, 450) if code else r.randint(10, 5200)
        symbol = f"{n}/{code}-{ctx['issuer']}" if code else f"{n}/{ctx['issuer']}-{r.choice(ctx['depts'])}"
        unit = ctx["unit"]
        p = r.random()
        if p < 0.02:
            unit = r.choice(PERSON_AS_UNIT)
        elif p < 0.03:
            unit = unicodedata.normalize("NFD", unit)
        shown_type = doc_type.upper() if r.random() < 0.02 else doc_type
        return {
            "unit": unit,
            "updated_at": iso_time(at),
            "symbol": self.messy_symbol(symbol),
            "doc_type": shown_type,
            "signer": r.choice(UNIT_SIGNERS),
            "subject": subject,
            "attachments": [self.attachment(symbol.replace("/", "_").replace("&", ""), at)] if r.random() < 0.85 else [],
        }

    def extension(self, at: datetime, new_deadline: date) -> dict:
        r = self.r
        letter = f"{r.randint(800, 18000)}/UBND-{r.choice(['NN', 'CN', 'TD', 'KTTC', 'THKH', 'VX', 'NC'])}"
        return {
            "by": r.choice(OFFICE_STAFF),
            "at": iso_time(at),
            "new_deadline": iso_date(new_deadline),
            "reason": f"UBND tỉnh có Công văn số {letter} đồng ý gia hạn báo cáo đến ngày {vn_date_short(new_deadline)}",
            "attachments": [],
        }

    def history(self, task: dict, ctx: dict, created: datetime, deadline: date | None) -> list[str]:
        """Fill results, extensions, closures, reopenings by one scenario; cut at the export time."""
        r = self.r
        weights = SCENARIOS_DEADLINE if deadline else SCENARIOS_NO_DEADLINE
        scenario = r.choices([s for s, _ in weights], weights=[w for _, w in weights])[0]
        span = (deadline - ctx["signed"]).days if deadline else r.randint(20, 400)
        events: list[tuple[datetime, str, object]] = []
        kinds: list[str] = []
        t = created

        def post(kind: str, lo: float, hi: float):
            nonlocal t
            t = self.after(t, lo, hi)
            events.append((t, "result", kind))

        def close(lo=0.0, hi=1.5):
            nonlocal t
            t = self.after(t, lo, hi)
            events.append((t, "closure", None))

        def reopen(reason: str):
            nonlocal t
            t = self.after(t, 0.2, 5)
            events.append((t, "reopening", reason))

        def grant(current: date) -> date:
            nonlocal t
            t = self.after(t, 0, 0.3) if events and events[-1][1] == "reopening" else self.after(t, 0.5, 6)
            new = max(current, t.date()) + timedelta(days=r.randint(7, 30))
            events.append((t, "extension", new))
            return new

        early = max(1.0, span * 0.35)
        on_time = max(1.0, span * 0.9)
        if scenario in ("final", "forgotten", "final_supplement"):
            post("final", early * 0.3, on_time)
            if scenario == "final_supplement":
                post(r.choice(["final", "progress"]), 0.5, 5)
            if scenario != "forgotten":
                close()
        elif scenario == "late_final":
            post("final", span + 1, span + 20)
            close()
        elif scenario in ("progress_final", "opinion_final"):
            post("progress" if scenario == "progress_final" else "opinion", early * 0.3, early)
            post("final", 1, max(2.0, span * 0.5))
            close()
        elif scenario == "extension_granted":
            post("extension", early * 0.5, on_time)
            new = grant(deadline)
            if r.random() < 0.4:
                post("progress", 1, 5)
            post("final", 1, max(2.0, (new - t.date()).days * 0.9))
            close()
        elif scenario == "premature_extension":
            current = deadline
            for attempt in range(1 if r.random() < 0.7 else 2):
                post("extension", early * 0.5, on_time if attempt == 0 else 5)
                close(0, 1)
                reopen(REOPEN_EXTENSION if attempt == 0 else REOPEN_EXTENSION_AGAIN)
                current = grant(current)
            post("final", 1, max(2.0, (current - t.date()).days * 0.9))
            close()
        elif scenario == "premature_opinion":
            post("opinion", early * 0.3, early)
            close(0, 1)
            reopen(REOPEN_OPINION)
            post("final", 1, max(2.0, span * 0.6))
            close()
        elif scenario == "closed_on_extension":
            post("extension", early * 0.5, on_time)
            close(0, 1)
        elif scenario == "open_progress":
            post(r.choice(["progress", "opinion"]), early * 0.3, on_time)
            if r.random() < 0.3:
                post(r.choice(["progress", "opinion"]), 1, 10)
        elif scenario == "open_extension":
            post("extension", early * 0.5, on_time)
        # open_empty: nothing happens

        if "extension" in scenario and r.random() < 0.25:  # a note typed by the unit itself
            at = self.after(created, 0.5, max(1.0, span * 0.8))
            task["processing"].append({"by": ctx["unit"], "at": iso_time(at),
                                       "content": f"xin gia hạn công văn số {ctx['symbol'].replace('-', ' - ')}",
                                       "attachments": []})
            if at > AS_OF:
                task["processing"].clear()

        for at, what, payload in events:
            if at > AS_OF:
                break
            if what == "result":
                task["results"].append(self.result(ctx, payload, at))
                kinds.append(payload)
            elif what == "closure":
                task["closures"].append({"by": ctx["unit"], "at": iso_time(at)})
            elif what == "reopening":
                task["reopenings"].append({"by": r.choice(OFFICE_STAFF), "at": iso_time(at),
                                           "reason": payload, "attachments": []})
            else:
                task["extensions"].append(self.extension(at, payload))
        return kinds


def iter_tasks(count: int, seed: int) -> Iterator[tuple[dict, list[str]]]:
    """Yield ``count`` (task, result kinds) pairs, one at a time."""
    maker = TaskMaker(seed)
    for _ in range(count):
        yield maker.task()


def write(out: TextIO, count: int, seed: int, fmt: str) -> int:
    """Stream ``count`` tasks to ``out`` in ``fmt`` ("jsonl" or "json"); return the count."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if fmt == "json":
        out.write('{"format":"tdnv-export","version":1,"units":[],"tasks":[\n')
    n = 0
    for task, _ in iter_tasks(count, seed):
        if fmt == "json":
            out.write((",\n" if n else "") + dumps(task))
        else:
            out.write(dumps(task) + "\n")
        n += 1
    if fmt == "json":
        out.write("\n]}\n")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic TDNV export (format v1).")
    parser.add_argument("--count", type=int, default=3000, help="number of tasks (default 3000)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--format", choices=["jsonl", "json"], default="jsonl")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be zero or more")
    started = time.perf_counter()
    if args.out is None:
        n = write(sys.stdout, args.count, args.seed, args.format)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="\n") as fh:
            n = write(fh, args.count, args.seed, args.format)
    print(f"{n} tasks in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
