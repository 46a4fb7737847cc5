"""Spreadsheets as communes keep their register (shared by the register import tests)."""

import datetime as dt
import unicodedata

from openpyxl import Workbook


def commune_workbook(path, headings):
    """As communes keep it: a merged title over two rows, the headings on row 3, column numbers on
    row 4, a total row at the end."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "UBND XÃ QUẢNG THỌ"
    ws.merge_cells("A1:D1")
    ws["A2"] = "SỔ THEO DÕI TRANG THIẾT BỊ CÔNG NGHỆ THÔNG TIN NĂM 2019"
    ws.merge_cells("A2:I2")
    ws.append(headings)
    ws.append([f"({n})" for n in range(1, len(headings) + 1)])
    rows = [
        # STT, Tên thiết bị, Loại, Số lượng, Năm mua, Tình trạng, Vị trí, Mã tài sản, Ghi chú
        [1, "Dell OptiPlex 3070", "may tinh de ban", 4, 2018, "Tốt", "Bộ phận Một cửa", "TS-001", None],
        [2, "HP LaserJet Pro M404", "MÁY IN", "2", "2017", "tot", "Văn phòng", "TS-002", ""],
        [3, "Asus VivoBook", "Máy Tính Xách Tay", "1 chiếc", dt.datetime(2019, 5, 1), "Hư hỏng",
         "Chủ tịch", 10234, "mượn"],
        [4, "Epson EB-X05", "Máy chiếu đa năng", 1, 2016, "Tốt", "Hội trường", "TS-004", None],
        [5, "Santak 1kVA", "Bộ lưu điện", "hai", 2018, "Tốt", "Văn phòng", "TS-005", None],
        [6, "Canon LiDE 300", "máy quét", 1, 2035, "Tốt", "Văn phòng", "TS-006", None],
        [7, "Hikvision", "Camera", 4, 2016, "không rõ", "Sân", "TS-007", None],
        [None, "Tổng cộng", None, 14, None, None, None, None, None],
    ]
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


HEADINGS_VI = ["STT", "Tên thiết bị", "Loại", "Số lượng", "Năm mua", "Tình trạng", "Vị trí",
               "Mã tài sản", "Ghi chú"]
HEADINGS_ASCII = ["TT", "Ten thiet bi", "LOAI", "So luong (chiec)", "Nam trang bi", "Tinh trang",
                  "Vi tri", "Ma tai san", "Ghi chu"]


def cp1258(text: str) -> bytes:
    """Text as Excel on a Vietnamese Windows saves "CSV": letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")
