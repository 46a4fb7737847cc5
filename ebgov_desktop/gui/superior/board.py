"""The "Tình hình nộp" page: who reported the chosen period, filter, and the officer's decisions.

One row per expected commune (then the unexpected senders), the columns of ``services.superior
.board_table`` — the same as the Excel sheet. The count ("34/95 xã đã báo cáo") is shown big; under it
one line of counts, each a button that filters the table ("Chưa báo cáo: 61 — xem", "Chờ xác nhận
khóa: 5 — xem", "Ngoài danh sách: 2 — xem"): at 95 or 3,000 communes the table stays where it is,
nothing above it grows or shrinks. Conflicts are resolved by choosing one version; a key change is
accepted only after the officer types the fingerprint heard on the phone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from ...domain.consolidation import BoardRow, BoardStatus
from ...domain.errors import UserError
from ...domain.formatting import when_read
from ...services import superior as sup
from ..dialogs import problem_label
from .models import ROW_ROLE, day_time, first_upper
from .table_page import PackagesPage, sorted_table

__all__ = ["BoardPage", "ConflictDialog", "KeyChangeDialog", "STATUS_FILTERS"]

NOT_REPORTED = "not_reported"
WAITING_KEYS = "waiting_keys"
UNEXPECTED = "unexpected"
#: (label, statuses or None for all) of the status filter
STATUS_FILTERS: tuple[tuple[str, object], ...] = (
    ("Tất cả", None),
    ("Chưa báo cáo (chưa nộp, xung đột, bị từ chối, chưa xác nhận khóa)", NOT_REPORTED),
    ("Chờ xác nhận khóa", WAITING_KEYS),
    ("Không có trong danh sách", UNEXPECTED),
) + tuple((s.label, s) for s in BoardStatus)

_COLORS = {
    BoardStatus.MISSING: QColor("#fde7e7"),
    BoardStatus.RECEIVED_WARNINGS: QColor("#fff6d6"),
    BoardStatus.CONFLICT: QColor("#fbe3c8"),
    BoardStatus.REFUSED: QColor("#f3d6f0"),
    BoardStatus.UNCONFIRMED: QColor("#dfe9f7"),
    BoardStatus.INCOMPLETE: QColor("#fde7e7"),
}
_WIDTHS = (70, 170, 150, 56, 120, 170)  # the last column (Lý do) stretches


class BoardPage(PackagesPage):
    """``refresh()`` reads the board of ``window.period`` again."""

    def __init__(self, window, parent=None):
        super().__init__(window, "board", parent)
        self.board: sup.Board | None = None
        lay = self.layout()
        self.sentence = QLabel(objectName="board.sentence")
        font = QFont()
        font.setPointSize(20)
        font.setBold(True)
        self.sentence.setFont(font)
        lay.addWidget(self.sentence)
        # one line of counts, each a button filtering the table; its height never changes
        counts = QHBoxLayout()
        counts.setContentsMargins(0, 0, 0, 0)
        self.missing = QLabel(objectName="board.missing")
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.show_missing = self._count_button("board.show_missing", NOT_REPORTED)
        self.show_keys = self._count_button("board.show_keys", WAITING_KEYS)
        self.show_unexpected = self._count_button("board.show_unexpected", UNEXPECTED)
        for w in (self.show_missing, self.show_keys, self.show_unexpected):
            counts.addWidget(w)
        counts.addWidget(self.missing, 1)
        line = self.show_missing.sizeHint().height()
        for w in (self.show_missing, self.show_keys, self.show_unexpected, self.missing):
            w.setFixedHeight(line)
        lay.addLayout(counts)

        bar = QHBoxLayout()
        label = QLabel("&Lọc theo tình trạng:")
        self.status_box = QComboBox(objectName="board.status")
        for text, _statuses in STATUS_FILTERS:
            self.status_box.addItem(text)
        label.setBuddy(self.status_box)
        find = QLabel("Tì&m:")
        self.filter = QLineEdit(objectName="board.filter")
        self.filter.setPlaceholderText("mã, tên xã hoặc lý do (gõ không dấu cũng được)")
        self.filter.setClearButtonEnabled(True)
        find.setBuddy(self.filter)
        self.shown_label = QLabel(objectName="board.shown")
        bar.addWidget(label)
        bar.addWidget(self.status_box)
        bar.addSpacing(12)
        bar.addWidget(find)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.shown_label)
        lay.addLayout(bar)

        self.model, self.proxy, self.view = sorted_table(self, "board", self.open_selected)
        self.model.background = self._background
        self.model.formatters[4] = day_time  # Ngày nhận
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.conflict_button = QPushButton("&Chọn bản đúng khi xung đột…", objectName="board.conflict")
        self.key_button = QPushButton("Xác nhận / chấp nhận khóa (&A)…", objectName="board.key")
        self.conflict_button.clicked.connect(self.resolve_selected)
        self.key_button.clicked.connect(self.accept_key_selected)
        for b in (self.open_button, self.print_button, self.conflict_button, self.key_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        self.status_box.currentIndexChanged.connect(self.apply_filter)
        self.filter.textChanged.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.dialog: QDialog | None = None
        self._update_buttons()

    def _count_button(self, name: str, choice: str) -> QPushButton:
        button = QPushButton(objectName=name)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setStyleSheet("QPushButton { color: palette(link); text-decoration: underline; "
                             "padding: 0 12px 0 0; text-align: left; }")
        button.clicked.connect(lambda: self.show_only(choice))
        button.hide()
        return button

    def show_only(self, choice) -> None:
        """The status filter set to ``choice`` (a ``STATUS_FILTERS`` value), the text filter cleared."""
        index = next(i for i, (_t, c) in enumerate(STATUS_FILTERS) if c == choice)
        self.filter.clear()
        self.status_box.setCurrentIndex(index)
        self.apply_filter()

    def show_waiting_keys(self) -> None:
        """The units whose key waits for confirmation, the first selected and its dialog open."""
        self.show_only(WAITING_KEYS)
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
            self.view.setFocus()
            self.accept_key_selected()

    # -- data --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        w = self.window
        try:
            b = sup.board(w.ws, w.period)
        except UserError as exc:
            self.sentence.setText("")
            self.missing.setText(str(exc))
            for button in (self.show_missing, self.show_keys, self.show_unexpected):
                button.hide()
            self.model.set_table([], [])
            return
        self.show_board(b)

    def show_board(self, b: sup.Board) -> None:
        """Show ``b`` (read by ``refresh``, or handed over by the import that computed it)."""
        self.board = b
        _ = b.search  # the filter's keys folded now, not on the officer's first keystroke
        headers, rows = sup.board_table(b)
        self.model.set_table(headers, rows, b.all_rows)
        header = self.view.horizontalHeader()
        for col, width in enumerate(_WIDTHS):
            if col < len(headers):
                header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.sentence.setText(b.sentence if b.rows else "Chưa có danh sách đơn vị phải báo cáo")
        missing, keys, unexpected = len(b.missing), len(b.waiting_keys), len(b.unexpected)
        for button, n, text in ((self.show_missing, missing, "Chưa báo cáo"),
                                (self.show_keys, keys, "Chờ xác nhận khóa"),
                                (self.show_unexpected, unexpected, "Ngoài danh sách")):
            button.setText(f"{text}: {n} — xem")
            button.setVisible(bool(n))
        if not b.rows:
            self.missing.setText("Hãy nhập danh sách ở trang “Đơn vị cấp xã” (Alt+1), hoặc nhập gói dữ "
                                 "liệu rồi lấy thêm các đơn vị đã gửi.")
        elif not missing:
            self.missing.setText(f"Đã nhận đủ báo cáo {b.period.label}.")
        else:
            self.missing.setText("")
        self.apply_filter()

    def apply_filter(self) -> None:
        if self.board is None:
            return
        b = self.board
        rows = b.all_rows
        choice = STATUS_FILTERS[self.status_box.currentIndex()][1]
        text = self.filter.text()
        if choice is None and not text.strip():
            self.proxy.set_accepted(None)
            kept = len(rows)
        else:
            statuses = None
            if choice == NOT_REPORTED:
                statuses = [s for s in BoardStatus if not s.reported]
            elif isinstance(choice, BoardStatus):
                statuses = [choice]
            accepted = set(b.search.matching(text, statuses))
            if choice == NOT_REPORTED:  # the expected communes not counted (the count above)
                accepted = {i for i in accepted if rows[i].expected}
            elif choice == WAITING_KEYS:
                waiting = {id(r) for r in b.waiting_keys}
                accepted = {i for i in accepted if id(rows[i]) in waiting}
            elif choice == UNEXPECTED:
                accepted = {i for i in accepted if not rows[i].expected}
            self.proxy.set_accepted(accepted)
            kept = len(accepted)
        self.shown_label.setText(f"{kept}/{len(rows)} dòng")
        self._update_buttons()

    def _background(self, row: int):
        r = self.model.payloads[row]
        return _COLORS.get(r.status) if isinstance(r, BoardRow) else None

    def selected(self) -> BoardRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.data(ROW_ROLE)

    def selected_package(self) -> int | None:
        r = self.selected()
        return r.package_id if r is not None and r.package_id else None

    def _code_of(self, payload: BoardRow) -> str:
        return payload.unit.code

    def _update_buttons(self) -> None:
        r = self.selected()
        self.open_button.setEnabled(bool(r and r.package_id))
        self.print_button.setEnabled(bool(r and r.package_id))
        self.conflict_button.setEnabled(bool(r and r.conflict_ids))
        self.key_button.setEnabled(bool(r and r.key_change_id))

    # -- actions -----------------------------------------------------------------------------------
    def resolve_selected(self) -> None:
        self._ask_decision(ConflictDialog, lambda r: r.conflict_ids)

    def accept_key_selected(self) -> None:
        self._ask_decision(KeyChangeDialog, lambda r: r.key_change_id)

    def _ask_decision(self, dialog_class, applies) -> None:
        """The selected row's decision dialog (when ``applies(row)``); its ``decided`` text goes to the
        status line and the board reads again."""
        r = self.selected()
        if r is None or not applies(r):
            return
        dialog = dialog_class(self.window.ws, r, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.decided.connect(lambda text: self._decided(text, r.unit.code))
        self.dialog = dialog
        dialog.open()

    def _decided(self, text: str, code: str) -> None:
        self.window.data_changed()
        self.window.status.setText(text)
        self.select_code(code)


class ConflictDialog(QDialog):
    """Two (or more) versions of the same revision with different data: the officer picks one."""

    decided = Signal(str)  # what was done, for the status line

    def __init__(self, ws, row: BoardRow, parent=None):
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.setWindowTitle("Giải quyết xung đột")
        self.ws = ws
        self.row = row
        lay = QVBoxLayout(self)
        intro = QLabel(f"{first_upper(row.unit.full_name)} gửi {1 + len(row.conflict_ids)} bản của cùng "
                       f"lần gửi {row.revision} với số liệu khác nhau. Hãy gọi điện hỏi đơn vị bản nào "
                       "đúng rồi chọn bản đó; các bản còn lại được giữ lại làm bản cũ.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.list = QListWidget(objectName="conflict.versions")
        for package_id in (row.package_id,) + tuple(row.conflict_ids):
            if package_id is None:
                continue
            rec = sup.package_record(ws, package_id)
            text = (f"Tệp {rec.file_name} — lần gửi {rec.revision}, lập lúc {when_read(rec.created_at)}, "
                    f"nhận lúc {when_read(rec.imported_at)}, "
                    f"mã số liệu {rec.payload_sha256[:12]}"
                    + (" (đang dùng)" if rec.status == "current" else ""))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, package_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        lay.addWidget(self.list)
        self.problem = problem_label("conflict.problem")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.choose = buttons.addButton("&Dùng bản đã chọn", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 320)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            sup.resolve_conflict(self.ws, item.data(Qt.ItemDataRole.UserRole))
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.decided.emit(f"Đã chọn bản số liệu của {self.row.unit.full_name}.")
        self.accept()


class KeyChangeDialog(QDialog):
    """A key nobody confirmed (a first contact, or another key than the unit's): accepted only with the
    fingerprint heard on the phone. Shows both fingerprints and the unit's whole key history."""

    decided = Signal(str)  # what was done, for the status line

    def __init__(self, ws, row: BoardRow, parent=None):
        from ...services.packages import key_history_lines

        super().__init__(parent)
        self.setObjectName("key_dialog")
        self.setWindowTitle("Xác nhận khóa ký")
        self.ws = ws
        self.row = row
        kc = sup.key_change(ws, row.key_change_id)
        lay = QVBoxLayout(self)
        if kc.kind == "first_contact":
            what = (f"Đây là lần đầu {row.unit.full_name} (mã {row.unit.code}) gửi gói, ký bằng khóa "
                    f"{kc.fingerprint}. Chưa ai xác nhận khóa này, nên gói chưa được tính là đã báo cáo.")
        else:
            against = f" (khóa đã ghi nhận: {kc.pinned_fingerprint})" if kc.pinned_fingerprint else ""
            what = (f"Khóa mới — cần xác nhận: gói của {row.unit.full_name} (mã {row.unit.code}) được ký "
                    f"bằng khóa {kc.fingerprint}{against}. Có thể đơn vị đã cài lại máy; cũng có thể gói "
                    "không phải do đơn vị gửi.")
        if kc.other_units:
            what += f"\nCHÚ Ý: khóa này đã được ghi nhận cho đơn vị {kc.other_units}."
        intro = QLabel(
            what + "\n\nHãy gọi điện cho cán bộ của đơn vị, nhờ mở chương trình, chọn Trợ giúp › Thông "
            "tin chương trình và đọc mã khóa ký. Gõ mã nghe được vào ô dưới đây (dấu cách, dấu gạch "
            "không quan trọng).")
        intro.setWordWrap(True)
        intro.setObjectName("key.intro")
        lay.addWidget(intro)
        label = QLabel("&Mã khóa nghe qua điện thoại:")
        self.heard = QLineEdit(objectName="key.heard")
        label.setBuddy(self.heard)
        lay.addWidget(label)
        lay.addWidget(self.heard)
        self.problem = problem_label("key.problem")
        lay.addWidget(self.problem)
        lay.addWidget(QLabel("Lịch sử khóa của đơn vị:"))
        self.history = QPlainTextEdit(objectName="key.history")
        self.history.setReadOnly(True)
        self.history.setPlainText("\n".join(key_history_lines(ws, row.unit.code)) or "(chưa có)")
        lay.addWidget(self.history, 1)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton("&Xác nhận khóa này và nhập gói",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.reject_button = buttons.addButton("&Từ chối khóa này", QDialogButtonBox.ButtonRole.ActionRole)
        self.reject_button.setToolTip("Không xác nhận được với đơn vị: gói của khóa này không được tính.")
        self.reject_button.clicked.connect(self._reject_key)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.heard.setFocus()
        self.resize(680, 440)

    def _accept(self) -> None:
        heard = self.heard.text().strip()
        if not heard:
            self.problem.setText("Hãy gõ mã khóa mà cán bộ đơn vị đọc qua điện thoại.")
            return
        try:
            report = sup.accept_key_change(self.ws, self.row.key_change_id, heard)
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        tail = f" {report.summary}" if report is not None else ""
        self.decided.emit(f"Đã xác nhận khóa của {self.row.unit.full_name}.{tail}")
        self.accept()

    def _reject_key(self) -> None:
        try:
            sup.reject_key_change(self.ws, self.row.key_change_id)
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.decided.emit(f"Đã từ chối khóa của {self.row.unit.full_name}: gói của khóa này không "
                               "được tính cho tới khi đơn vị gửi gói ký bằng khóa đã xác nhận.")
        self.accept()
