"""Generate the PDF fixtures in ``fixtures/pdf/`` (deterministic: same bytes on every run).

Usage::

    .venv/bin/python scripts/make_pdf_fixtures.py [--out fixtures/pdf]

The good documents imitate the layout of Vietnamese administrative documents (Decree 30/2020):
issuing body and number on the left, national motto and place/date on the right, then the
kind of document, its title and the body. The bad ones stand for what a unit may attach
instead: a password-protected file, a cut-off download, an empty file, a blank page, a scan,
an HTML error page saved as ``.pdf``, a very long file, and a (structurally) signed file.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

CREATED = datetime(2024, 4, 15, 21, 0, 0, tzinfo=timezone.utc)
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path(sys.prefix) / "lib",  # searched below for matplotlib's copy
)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


def find_font(name: str) -> Path:
    """Locate a DejaVu TTF (system fonts first, then matplotlib's bundled copy)."""
    system = FONT_DIRS[0] / name
    if system.is_file():
        return system
    try:
        import matplotlib

        bundled = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    raise SystemExit(f"font {name} not found (install fonts-dejavu or matplotlib)")


def new_pdf(page_format: object = "A4") -> FPDF:
    """An FPDF with fixed metadata, DejaVu fonts registered and compression on."""
    pdf = FPDF(format=page_format)
    pdf.set_creation_date(CREATED)
    pdf.set_creator("tdnv-rules fixtures")
    pdf.set_producer("tdnv-rules fixtures")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font("DejaVu", "", str(find_font("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(find_font("DejaVuSans-Bold.ttf")))
    pdf.set_margins(20, 15, 15)
    return pdf


def write_header(
    pdf: FPDF,
    *,
    parent: str,
    unit: str,
    symbol: str,
    place_date: str,
    subject_vv: str | None = None,
) -> None:
    """The two-column heading block of an administrative document."""
    left_w, right_x, right_w = 75.0, 90.0, 105.0
    top = pdf.get_y()
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(pdf.l_margin, top)
    pdf.cell(left_w, 5, parent, align="C")
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_xy(right_x, top)
    pdf.cell(right_w, 5, MOTTO, align="C")
    pdf.set_xy(pdf.l_margin, top + 5)
    pdf.cell(left_w, 5, unit, align="C")
    pdf.set_xy(right_x, top + 5)
    pdf.cell(right_w, 5, MOTTO_2, align="C")
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(pdf.l_margin, top + 13)
    pdf.cell(left_w, 5, f"Số: {symbol}", align="C")
    pdf.set_xy(right_x, top + 13)
    pdf.cell(right_w, 5, place_date, align="C")
    y = top + 19
    if subject_vv:
        pdf.set_font("DejaVu", "", 9)
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(left_w, 4.5, subject_vv, align="C")
        y = pdf.get_y() + 2
    pdf.set_xy(pdf.l_margin, y + 4)


def write_title(pdf: FPDF, kind_word: str, title: str) -> None:
    """The centred kind of document ("BÁO CÁO") and its title line."""
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, kind_word, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def write_body(pdf: FPDF, paragraphs: list[str]) -> None:
    """Body paragraphs; a paragraph equal to ``"<page>"`` forces a page break."""
    pdf.set_font("DejaVu", "", 11)
    for paragraph in paragraphs:
        if paragraph == "<page>":
            pdf.add_page()
            continue
        pdf.multi_cell(0, 6, paragraph, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)


def write_signature(pdf: FPDF, role: str, name: str) -> None:
    """The signing block on the right."""
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_x(110)
    pdf.multi_cell(85, 6, role, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    pdf.set_x(110)
    pdf.cell(85, 6, name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def official_document(
    *,
    parent: str,
    unit: str,
    symbol: str,
    place_date: str,
    kind_word: str | None,
    title: str | None,
    body: list[str],
    signer: tuple[str, str],
    subject_vv: str | None = None,
    recipient: str | None = None,
) -> FPDF:
    """Lay out one administrative document and return the FPDF (not yet written)."""
    pdf = new_pdf()
    pdf.add_page()
    write_header(
        pdf, parent=parent, unit=unit, symbol=symbol, place_date=place_date, subject_vv=subject_vv
    )
    if kind_word and title:
        write_title(pdf, kind_word, title)
    if recipient:
        pdf.set_font("DejaVu", "", 11)
        pdf.cell(0, 6, f"Kính gửi: {recipient}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
    write_body(pdf, body)
    write_signature(pdf, *signer)
    return pdf


STNMT = dict(parent="UBND TỈNH THANH HÓA", unit="SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
SIGNER_STNMT = ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Lê Sỹ Nghiêm")
AUCTION = (
    "công nhận kết quả trúng đấu giá quyền khai thác khoáng sản mỏ đất san lấp "
    "tại xã Cán Khê, huyện Như Thanh"
)
# "Thanh Hoá" with the old tone placement and decomposed (NFD): the reader must normalise it.
OLD_STYLE_PROVINCE = "Thanh Hoa\u0301"


def normal_report() -> FPDF:
    """A three-page report of the Department of Natural Resources and Environment."""
    body = [
        "Thực hiện Công văn số 4012/UBND-NN ngày 25/3/2024 của UBND tỉnh về việc báo cáo "
        "tình hình quản lý tài nguyên nước quý I năm 2024, Sở Tài nguyên và Môi trường báo cáo "
        "như sau:",
        "I. TÌNH HÌNH THỰC HIỆN",
        "1. Công tác cấp phép: trong quý I, Sở đã thẩm định và trình UBND tỉnh cấp 14 giấy phép "
        "khai thác, sử dụng nước mặt và nước dưới đất; gia hạn 5 giấy phép; từ chối 2 hồ sơ "
        "do không đủ điều kiện.",
        "2. Công tác kiểm tra: phối hợp với UBND các huyện kiểm tra 23 tổ chức, cá nhân khai "
        "thác nước; phát hiện 3 trường hợp khai thác vượt lưu lượng cho phép.",
        "<page>",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "Một số công trình khai thác nước quy mô nhỏ tại các xã miền núi chưa có giấy phép; "
        "việc quan trắc tự động chưa được lắp đặt đồng bộ. Dữ liệu tài nguyên nước tỉnh "
        f"{OLD_STYLE_PROVINCE} còn phân tán giữa các ngành.",
        "<page>",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị UBND tỉnh chỉ đạo UBND các huyện rà soát, lập danh mục công trình khai thác "
        "nước phải cấp phép trước ngày 30/6/2024.",
        "Sở Tài nguyên và Môi trường báo cáo UBND tỉnh xem xét, chỉ đạo./.",
    ]
    return official_document(
        **STNMT,
        symbol="65/BC-STNMT",
        place_date="Thanh Hóa, ngày 15 tháng 4 năm 2024",
        kind_word="BÁO CÁO",
        title="Tình hình quản lý tài nguyên nước quý I năm 2024",
        body=body,
        signer=SIGNER_STNMT,
    )


def mislinked_report() -> FPDF:
    """The 4882/UBND-KTTC case: the attached 65/BC-STNMT is about complaints, not the auction."""
    body = [
        "Thực hiện chỉ đạo của UBND tỉnh về công tác tiếp công dân, giải quyết khiếu nại, tố cáo, "
        "Sở Tài nguyên và Môi trường báo cáo kết quả giải quyết khiếu nại, tố cáo thuộc lĩnh vực "
        "đất đai như sau:",
        "1. Tiếp công dân: trong kỳ, Sở đã tiếp 41 lượt công dân đến khiếu nại, tố cáo, kiến nghị, "
        "phản ánh liên quan đến bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất.",
        "2. Giải quyết khiếu nại: tiếp nhận 12 đơn khiếu nại thuộc thẩm quyền; "
        "đã giải quyết 9 đơn, "
        "đang xác minh 3 đơn.",
        "3. Giải quyết tố cáo: tiếp nhận 4 đơn tố cáo; đã kết luận 3 đơn, 1 đơn đang xác minh.",
        "Sở Tài nguyên và Môi trường báo cáo UBND tỉnh./.",
    ]
    return official_document(
        **STNMT,
        symbol="65/BC-STNMT",
        place_date="Thanh Hóa, ngày 15 tháng 4 năm 2024",
        kind_word="BÁO CÁO",
        title="Kết quả công tác giải quyết khiếu nại, tố cáo lĩnh vực đất đai",
        body=body,
        signer=SIGNER_STNMT,
    )


def correct_report() -> FPDF:
    """The report 4882/UBND-KTTC asked for: the review of the auction."""
    body = [
        "Thực hiện Công văn số 4882/UBND-KTTC ngày 10/4/2024 của UBND tỉnh, Sở Tài nguyên và "
        "Môi trường đã rà soát quy trình tổ chức đấu giá, hồ sơ tham gia đấu giá của các doanh "
        "nghiệp tham gia trả giá tại cuộc đấu giá quyền khai thác khoáng sản mỏ đất san lấp tại "
        "xã Cán Khê, huyện Như Thanh. Kết quả như sau:",
        "1. Quy trình tổ chức đấu giá: cuộc đấu giá được tổ chức theo đúng Luật Đấu giá tài sản "
        "và Nghị định số 22/2012/NĐ-CP; hồ sơ mời đấu giá được niêm yết công khai.",
        "2. Hồ sơ tham gia đấu giá: 5 doanh nghiệp nộp hồ sơ hợp lệ, 5 doanh nghiệp tham gia trả "
        "giá; không phát hiện dấu hiệu thông đồng, dìm giá.",
        "3. Đề xuất: Sở Tài nguyên và Môi trường kính trình UBND tỉnh xem xét, công nhận kết quả "
        "trúng đấu giá quyền khai thác khoáng sản mỏ đất san lấp tại xã Cán Khê, "
        "huyện Như Thanh./.",
    ]
    return official_document(
        **STNMT,
        symbol="66/BC-STNMT",
        place_date="Thanh Hóa, ngày 15 tháng 4 năm 2024",
        kind_word="BÁO CÁO",
        title="Kết quả rà soát hồ sơ, trình " + AUCTION,
        body=body,
        signer=SIGNER_STNMT,
    )


def extension_request() -> FPDF:
    """A Công văn asking the UBND tỉnh for more time (no kind word, a "V/v" line instead)."""
    body = [
        "Ngày 10/4/2024, UBND tỉnh ban hành Công văn số 4882/UBND-KTTC giao Sở Tài nguyên và Môi "
        "trường rà soát hồ sơ, báo cáo kết quả trước ngày 15/4/2024.",
        "Do hồ sơ đấu giá cần lấy thêm ý kiến của Sở Tư pháp và Sở Tài chính, Sở Tài nguyên và Môi "
        "trường kính đề nghị UBND tỉnh cho phép gia hạn thời gian báo cáo đến ngày 30/4/2024.",
        "Sở Tài nguyên và Môi trường kính báo cáo UBND tỉnh xem xét, chấp thuận./.",
    ]
    return official_document(
        **STNMT,
        symbol="2370/STNMT-BHD",
        place_date="Thanh Hóa, ngày 12 tháng 4 năm 2024",
        kind_word=None,
        title=None,
        subject_vv="V/v xin gia hạn thời gian báo cáo kết quả thực hiện Công văn số 4882/UBND-KTTC",
        recipient="Ủy ban nhân dân tỉnh Thanh Hóa",
        body=body,
        signer=SIGNER_STNMT,
    )


def submission() -> FPDF:
    """A Tờ trình of the Department of Construction."""
    body = [
        "Căn cứ Luật Xây dựng ngày 18/6/2014; căn cứ Nghị định số 15/2021/NĐ-CP của Chính phủ;",
        "Sở Xây dựng kính trình UBND tỉnh phê duyệt điều chỉnh quy hoạch chi tiết tỷ lệ 1/500 "
        "khu dân cư phía Tây đường Nguyễn Trãi, thành phố Thanh Hóa, với các nội dung chính sau:",
        "1. Phạm vi, ranh giới: diện tích khoảng 12,5 ha.",
        "2. Nội dung điều chỉnh: bố trí lại đất cây xanh và bãi đỗ xe, không làm tăng dân số.",
        "Sở Xây dựng kính trình UBND tỉnh xem xét, quyết định./.",
    ]
    return official_document(
        parent="UBND TỈNH THANH HÓA",
        unit="SỞ XÂY DỰNG",
        symbol="56/TTr-SXD",
        place_date="Thanh Hóa, ngày 05 tháng 01 năm 2024",
        kind_word="TỜ TRÌNH",
        title=(
            "Về việc phê duyệt điều chỉnh quy hoạch chi tiết khu dân cư "
            "phía Tây đường Nguyễn Trãi"
        ),
        body=body,
        signer=("GIÁM ĐỐC", "Nguyễn Văn A"),
    )


def encrypted_report() -> bytes:
    """The normal report, locked with a user password (RC4 128-bit, fpdf2)."""
    pdf = normal_report()
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau")
    return bytes(pdf.output())


def blank_page() -> bytes:
    """One A4 page with nothing on it."""
    pdf = new_pdf()
    pdf.add_page()
    return bytes(pdf.output())


def zero_pages() -> bytes:
    """A structurally valid PDF whose page tree is empty."""
    writer = PdfWriter()
    writer.add_metadata({"/Producer": "tdnv-rules fixtures"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_page() -> bytes:
    """A page holding only a raster image of a document (a scan): no extractable text."""
    width, height = 620, 877
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(find_font("DejaVuSans.ttf")), 16)
    bold = ImageFont.truetype(str(find_font("DejaVuSans-Bold.ttf")), 20)
    draw.text((60, 40), "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", font=font, fill=0)
    small = ImageFont.truetype(str(find_font("DejaVuSans.ttf")), 11)
    draw.text((340, 40), MOTTO, font=small, fill=0)
    draw.text((60, 70), "Số: 65/BC-STNMT", font=font, fill=0)
    draw.text((250, 140), "BÁO CÁO", font=bold, fill=0)
    for row in range(22):
        y = 200 + row * 26
        draw.line((60, y, 560 - (row % 4) * 40, y), fill=90, width=3)
    image = image.convert("1")
    pdf = new_pdf()
    pdf.add_page()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    pdf.image(buffer, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def not_a_pdf() -> bytes:
    """An HTML login page saved under a .pdf name (an expired download link)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        "<title>Đăng nhập - Phần mềm Theo dõi nhiệm vụ</title></head>\n"
        "<body><p>Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.</p></body></html>\n"
    ).encode("utf-8")


def thousand_pages() -> bytes:
    """1000 tiny pages, each saying which page it is (core font, nothing embedded)."""
    pdf = FPDF(format=(40, 20))
    pdf.set_creation_date(CREATED)
    pdf.set_creator("tdnv-rules fixtures")
    pdf.set_producer("tdnv-rules fixtures")
    pdf.set_auto_page_break(auto=False)
    pdf.set_font("Helvetica", "", 8)
    for number in range(1, 1001):
        pdf.add_page()
        pdf.set_xy(2, 6)
        pdf.cell(36, 6, f"[trang {number}]")
    return bytes(pdf.output())


def signed_report(unsigned: bytes) -> bytes:
    """The normal report with a signature field whose value has a /ByteRange (not valid crypto)."""
    writer = PdfWriter(clone_from=io.BytesIO(unsigned))
    signature_value = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
            NameObject("/ByteRange"): ArrayObject([NumberObject(n) for n in (0, 0, 0, 0)]),
            NameObject("/Contents"): ByteStringObject(b"\x00" * 64),
            NameObject("/Name"): TextStringObject("Sở Tài nguyên và Môi trường"),
            NameObject("/M"): TextStringObject("D:20240415210000+07'00'"),
        }
    )
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("Signature1"),
            NameObject("/V"): writer._add_object(signature_value),
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/F"): NumberObject(132),
        }
    )
    field_ref = writer._add_object(field)
    page = writer.pages[0]
    field[NameObject("/P")] = page.indirect_reference
    page[NameObject("/Annots")] = ArrayObject([field_ref])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field_ref]), NameObject("/SigFlags"): NumberObject(3)}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_all() -> dict[str, bytes]:
    """Every fixture, by file name."""
    report = bytes(normal_report().output())
    return {
        "report-65-BC-STNMT.pdf": report,
        "4882-mislinked-report.pdf": bytes(mislinked_report().output()),
        "4882-correct-report.pdf": bytes(correct_report().output()),
        "extension-request-2370-STNMT-BHD.pdf": bytes(extension_request().output()),
        "submission-56-TTr-SXD.pdf": bytes(submission().output()),
        "encrypted.pdf": encrypted_report(),
        "truncated.pdf": report[: len(report) * 6 // 10],
        "empty.pdf": b"",
        "zero-pages.pdf": zero_pages(),
        "blank-page.pdf": blank_page(),
        "scanned-image-only.pdf": scanned_page(),
        "not-a-pdf.pdf": not_a_pdf(),
        "thousand-pages.pdf": thousand_pages(),
        "signed-report.pdf": signed_report(report),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the fixtures and print their sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, data in build_all().items():
        (args.out / name).write_bytes(data)
        total += len(data)
        print(f"{len(data):>9,d}  {name}")
    print(f"{total:>9,d}  total")
    # The seed case 4882/UBND-KTTC carries its (mis-linked) attachment beside its export file.
    seed_attachment = args.out.parent / "seed-cases" / "attachments" / "65-BC-STNMT.pdf"
    seed_attachment.parent.mkdir(parents=True, exist_ok=True)
    seed_attachment.write_bytes((args.out / "4882-mislinked-report.pdf").read_bytes())
    print(f"  copied 4882-mislinked-report.pdf to {seed_attachment}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
