"""The main window: period selector, the pages of the form, autosave, undo and live checks.

The live checks are in ``window_checks.py``, the register actions in ``register_actions.py``
(mixins). Extending it: menus are made in ``_build_menus`` and kept in ``self.menus`` (``file`` = Tệp,
``edit`` = Sửa, ``pages`` = Trang, ``report`` = Báo cáo, ``help`` = Trợ giúp). Later features add their
action with ``add_action("report", action)`` (e.g. "Xuất báo cáo PDF…") or ``add_action("file", …)``
("Xuất dữ liệu ra USB…", "Sao lưu và phục hồi…"); actions that sit on the toolbar too pass
``toolbar=True``. The workspace is ``self.ws``, the period shown ``self.period``.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import InputError, UserError
from ..domain.periods import Period, uses_service_levels
from ..domain.rules import Finding
from ..domain.template import Scope
from ..services.settings import Settings
from ..services.workspace import Workspace, WorkspaceError
from .fields import FieldPage, InputProblem
from .register_actions import RegisterActions
from .window_actions import NEW_PERIOD, WindowActions
from .window_checks import WindowChecks

if TYPE_CHECKING:
    from ..services.snapshot import PeriodSnapshot

__all__ = ["MainWindow", "NEW_PERIOD"]


def _not_copied(labels: tuple[str, ...], prev: Period) -> str:
    """The figures of the period before that this period's template has not (another template)."""
    if not labels:
        return ""
    names = "\n".join(f"• {label}" for label in labels[:8]) + (
        f"\n… và {len(labels) - 8} chỉ tiêu khác" if len(labels) > 8 else "")
    return (f"\n\n{len(labels)} chỉ tiêu của {prev.label} không có trong mẫu báo cáo của kỳ này nên "
            f"không chép (sổ thiết bị dùng chung cho mọi kỳ):\n{names}")


class MainWindow(WindowChecks, RegisterActions, WindowActions, QMainWindow):
    #: Emitted once, when the window has been painted for the first time: work the officer need not
    #: see before it (building the other pages, the daily start backup) starts then.
    first_painted = Signal()

    def __init__(self, ws: Workspace, settings: Settings, period: Period | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.ws = ws
        self.settings = settings
        periods = ws.periods()
        remembered = settings.get("window.period")
        if period is None:
            period = next((p for p in periods if p.code == remembered), periods[-1])
        self.period: Period = period
        #: the template of the period shown: the pages, fields and rules are its own
        self.template = ws.template(period)
        self._values: dict[str, Any] = {}
        self._problems: dict[str, InputProblem] = {}
        self._findings: list[Finding] = []
        #: what the last check read (``Workspace.snapshot``); None before the first paint's check
        self.snapshot: PeriodSnapshot | None = None
        self.editors: dict[str, QWidget] = {}
        self.pages: dict[str, QWidget] = {}
        self.menus: dict[str, Any] = {}
        self._load_values()

        self.tabs = QTabWidget(objectName="pages")
        self.tabs.setDocumentMode(True)
        self._holders: dict[str, QWidget] = {}
        self._add_tabs()
        self.setCentralWidget(self.tabs)

        self._build_period_toolbar()
        self._build_menus()
        self.status = QLabel(objectName="status")
        self.statusBar().addWidget(self.status, 1)

        start = settings.get("window.page")
        index = self.page_keys.index(start) if start in self.page_keys else 0
        self.page(self.page_keys[index])
        self.tabs.setCurrentIndex(index)
        self.tabs.currentChanged.connect(self._page_changed)
        # The rules (over the whole period and its register) run right after the first paint, before
        # the other pages are built: the marks and the count on the Kiểm tra tab appear then.
        self._checked = False
        self.first_painted.connect(self._check_once)
        self._update_title()
        self._restore_geometry()
        # the other pages are built right after the first paint, one per event-loop turn
        self._builder = QTimer(self)
        self._builder.setSingleShot(True)
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_next_page)
        self.first_painted.connect(self._builder.start)
        self._painted = False
        self.tabs.installEventFilter(self)

    # -- construction ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """Every menu of the window, in one place. Later features add actions with ``add_action``."""
        self._add_menus("file", "edit", "pages", "report", "help")

        self.new_period_action = self._action("Kỳ báo cáo &mới…", "Ctrl+N", self.new_period,
                                               "new_period")
        self.menus["file"].addAction(self.new_period_action)
        self.menus["file"].addSeparator()
        self.menus["file"].addAction(self._action("&Nhập sổ thiết bị từ Excel…", None,
                                                  self.import_register, "register_import"))
        self.menus["file"].addAction(self._action("Xuất sổ thiết bị ra &Excel…", None,
                                                  self.export_register, "register_export"))
        self.menus["file"].addAction(self._action("&Gộp dữ liệu đơn vị cũ…", None, self.merge_former,
                                                  "merge_former"))
        self.menus["file"].addAction(self._action("Nhập &biểu mẫu từ cấp trên…", None,
                                                  self.import_template, "template_import"))
        self._add_quit_action("&Thoát")

        self.undo_action = self._action("&Hoàn tác thay đổi vừa lưu", QKeySequence.StandardKey.Undo,
                                        self.undo, "undo")
        self.menus["edit"].addAction(self.undo_action)
        # Ctrl+Y as in Office on Windows; Ctrl+Shift+Z as elsewhere
        self.redo_action = self._action("&Làm lại", "Ctrl+Y", self.redo, "redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.menus["edit"].addAction(self.redo_action)
        self.menus["edit"].aboutToShow.connect(self._name_undo_actions)
        self.menus["edit"].addAction(self._action("&Chép số liệu kỳ trước…", None, self.copy_previous,
                                                  "copy_previous"))

        self._fill_pages_menu()

        self.menus["report"].addAction(self._action("&Kiểm tra số liệu", "F9",
                                                    lambda: self.show_page("check"), "check"))
        from .report_actions import install as install_report_actions

        self.report_actions = install_report_actions(self)  # Xuất báo cáo PDF, In, Xuất ra USB
        self._add_help_actions()
        self.menus["help"].addAction(self._action("&Thông tin chương trình và mã khóa ký…", None,
                                                  self.about, "about"))

    def _fill_pages_menu(self) -> None:
        """Trang: Alt+1 … one action per page of the template shown (made again with the pages)."""
        self._set_pages_menu([(p.key, p.label) for p in self.template.pages], self.go_to_page)

    # -- pages -------------------------------------------------------------------------------------
    @property
    def page_keys(self) -> list[str]:
        return [p.key for p in self.template.pages]

    def page_of(self, key: str) -> str:
        if key == "register":
            return "equipment"
        spec = self.template.fields.get(key)
        return {s.key: s.page for s in self.template.sections}.get(spec.section) if spec else "check"

    def _add_tabs(self) -> None:
        for page in self.template.pages:
            holder = QWidget()
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(0, 0, 0, 0)
            self._holders[page.key] = holder
            self.tabs.addTab(holder, page.label.replace("&", "&&"))

    def _rebuild_pages(self) -> None:
        """Another template (a period bound to it was chosen): its pages replace the old ones."""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        self.pages.clear()
        self.editors.clear()
        self._holders.clear()
        self._add_tabs()
        self._fill_pages_menu()
        self.tabs.blockSignals(False)
        self.page(self.page_keys[0])
        self.tabs.setCurrentIndex(0)

    def page(self, key: str) -> QWidget:
        """The page of ``key``, built on first use."""
        if key in self.pages:
            return self.pages[key]
        if key == "equipment":
            from .register import RegisterPage  # imported when first shown: a faster start

            widget = RegisterPage(self)
            widget.set_show_disposed(self.settings.get("register.show_disposed"))
            widget.set_items(self.ws.register_items())
        elif key == "check":
            from .check_page import CheckPage

            widget = CheckPage()
            widget.jump_requested.connect(self.jump_to)
            widget.explanation_edited.connect(self.set_explanation)
        else:
            widget = FieldPage(key, lambda: self._values, template=self.template)
            for field_key, editor in widget.editors.items():
                self.editors[field_key] = editor
                editor.commit_requested.connect(lambda e=editor: self.commit_field(e))
                editor.undo_requested.connect(self.undo)
                if hasattr(editor, "hint"):  # e.g. text pasted in an old encoding (TCVN3, VNI)
                    editor.hint.connect(self.status.setText)
                editor.show_value(self._values.get(field_key))
            widget.update_ratios()
            self._show_previous([widget])
        self.pages[key] = widget
        self._holders[key].layout().addWidget(widget)
        if key == "tthc":
            self._apply_regime()
        self._apply_marks()
        return widget

    def build_all_pages(self) -> None:
        for key in self.page_keys:
            self.page(key)

    def _build_next_page(self) -> None:
        missing = [k for k in self.page_keys if k not in self.pages]
        if missing:
            self.page(missing[0])
            self._builder.start()

    def show_page(self, key: str) -> QWidget:
        widget = self.page(key)
        self.tabs.setCurrentIndex(self.page_keys.index(key))
        return widget

    def go_to_page(self, key: str) -> QWidget:
        """Alt+1 … Alt+7: show the page with the keyboard in it (the register: its table, so that
        Insert adds a row at once)."""
        widget = self.show_page(key)
        focus = getattr(widget, "focus_table", None)
        if focus is not None:
            focus()
        else:
            self.focus_first(widget)
        return widget

    def current_page_key(self) -> str:
        return self.page_keys[self.tabs.currentIndex()]

    def _page_changed(self, index: int) -> None:
        key = self.page_keys[index]
        self.page(key)
        if self._checked:
            self._show_completeness()
        self.settings.set("window.page", key)

    # -- values ------------------------------------------------------------------------------------
    def _load_values(self) -> None:
        values = dict(self.ws.values(self.period))
        unit = self.ws.unit
        if unit is not None:
            for k, v in unit.to_dict().items():
                values[f"unit.{k}"] = v or None
        self._values = values

    def _show_previous(self, pages=None) -> None:
        """Each figure's value in the period before, greyed beside it (where there is one)."""
        before = self.ws.previous_figures(self.period)
        label = f"Kỳ trước ({before.period.label})" if before.period is not None else ""
        for widget in self.pages.values() if pages is None else pages:
            if isinstance(widget, FieldPage):
                widget.set_previous(before.values, label)

    def copy_previous(self) -> list[str]:
        """Sửa > "Chép số liệu kỳ trước…": the figures still empty take the previous period's values,
        after the officer saw how many and from which period."""
        from PySide6.QtWidgets import QMessageBox

        self.commit_focused()
        before = self.ws.previous_figures(self.period)
        prev = before.period
        if prev is None:
            self.show_message("Chép số liệu kỳ trước", f"Chưa có kỳ trước của {self.period.label} trong "
                              "dữ liệu, không có gì để chép.")
            return []
        other = _not_copied(before.left_out, prev)
        empty = [k for k in before.values if self._values.get(k) in (None, "", [])]
        if not empty:
            self.show_message("Chép số liệu kỳ trước", f"Mọi chỉ tiêu của {self.period.label} có ở "
                              f"{prev.label} đã có số liệu; không chép gì từ {prev.label}.{other}")
            return []
        names = "\n".join(f"• {self.template.label(k)}" for k in empty[:10]) + (
            f"\n… và {len(empty) - 10} chỉ tiêu khác" if len(empty) > 10 else "")
        answer = QMessageBox.question(
            self, "Chép số liệu kỳ trước",
            f"Chép {len(empty)} chỉ tiêu còn trống từ {prev.label} (những số không thay đổi)?\n{names}\n\n"
            f"Số liệu đã nhập không bị thay đổi; mỗi ô chép được hoàn tác bằng Ctrl+Z.{other}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return []
        copied = self.ws.copy_previous(self.period, empty)
        self._load_values()
        self._show_values()
        self.refresh_checks()
        refused = len(empty) - len(copied)
        self.status.setText(f"Đã chép {len(copied)} chỉ tiêu từ {prev.label}." + (
            f" {refused} chỉ tiêu không chép được (mẫu báo cáo kỳ này không nhận giá trị đó)."
            if refused else "") + (f" {len(before.left_out)} chỉ tiêu của {prev.label} không có trong "
                                   "mẫu báo cáo kỳ này." if before.left_out else ""))
        return copied

    def _show_values(self) -> None:
        typing = QApplication.focusWidget()
        for key, editor in self.editors.items():
            if key in self._problems or (editor is typing and editor.is_dirty()):
                continue  # never overwrite what the officer has typed and not yet saved
            editor.show_value(self._values.get(key))
        for widget in self.pages.values():
            if isinstance(widget, FieldPage):
                widget.update_ratios()
        self._show_previous()

    def commit_field(self, editor) -> bool:
        """Save what the officer typed into ``editor``; on a problem keep the text and say why."""
        key = editor.objectName()
        if not editor.is_dirty() and key not in self._problems:
            return True
        try:
            value = editor.field_value()
            changed = self.ws.set_value(self.period, key, value)
        except (InputError, WorkspaceError) as exc:
            self._problems[key] = InputProblem(key, str(exc))
            self.show_input_error(str(exc))
            self.refresh_checks()
            return False
        except UserError as exc:
            self._problems[key] = InputProblem(
                key, f"{self.template.fields[key].label}: chưa lưu được. {exc}")
            self.show_message("Chưa lưu được", f"{exc}\n\nNội dung vừa nhập vẫn còn trong ô "
                                             f"“{self.template.fields[key].label}”; chương trình sẽ lưu lại khi bạn "
                                             "rời ô lần sau.")
            self.refresh_checks()
            return False
        had_problem = self._problems.pop(key, None) is not None
        self._load_values()
        editor.show_value(self._values.get(key))
        if self.template.fields[key].scope is Scope.UNIT:
            self._update_title()
        if changed or had_problem:
            self._saved()
            self._show_ratios()
            if key in ("doc.period_end",):
                self._apply_regime()
            self.refresh_checks()
        return True

    def commit_focused(self) -> None:
        """Save the field being typed in (before leaving the period or closing the window); the focus
        may be inside a field (a cell of the annex table)."""
        widget = QApplication.focusWidget()
        while widget is not None and self.editors.get(widget.objectName()) is not widget:
            widget = widget.parentWidget()
        if widget is not None and widget.is_dirty():
            self.commit_field(widget)

    def _show_ratios(self) -> None:
        for widget in self.pages.values():
            if isinstance(widget, FieldPage):
                widget.update_ratios()

    def _saved(self) -> None:
        self.status.setText(f"Đã lưu lúc {_dt.datetime.now():%H:%M:%S}.")

    def show_input_error(self, message: str) -> None:
        self.status.setText(message)

    def show_message(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, text)

    def remember(self, key: str, value) -> None:
        self.settings.set(key, value)

    def set_explanation(self, finding_id: str, text: str) -> None:
        try:
            self.ws.set_explanation(self.period, finding_id, text)
        except UserError as exc:
            self.show_message("Chưa lưu được giải trình", str(exc))
            return
        self._saved()
        self.refresh_checks()

    def _apply_regime(self) -> None:
        """Show the online-service counts of the legal regime of the period (and any entered)."""
        page = self.pages.get("tthc")
        if page is None:
            return
        end = self._values.get("doc.period_end")
        end = _dt.date.fromisoformat(end) if end else self.period.default_range()[1]
        wanted = "levels" if uses_service_levels(end) else "online"
        for key, spec in self.template.fields.items():
            if spec.regime and key in page.editors:
                page.set_field_visible(key, spec.regime == wanted
                                       or self._values.get(key) is not None)

    # -- undo --------------------------------------------------------------------------------------
    def undo(self) -> None:
        """Ctrl+Z: take back the newest edit of the page shown (each page has its own history)."""
        from ..services import undo as undo_service  # on use: not before the first paint

        self._undo_or_redo(undo_service.undo, "Không còn thay đổi nào của trang này để hoàn tác.")

    def redo(self) -> None:
        """Ctrl+Y: do again the edit of the page shown undone last."""
        from ..services import undo as undo_service

        self._undo_or_redo(undo_service.redo, "Không còn thay đổi nào của trang này để làm lại.")

    def _undo_or_redo(self, step, nothing: str) -> None:
        """Typing not yet saved stays in its field (it is saved when the officer leaves it)."""
        try:
            text = step(self.ws, self.period, self.current_page_key())
        except UserError as exc:
            self.show_message("Chưa hoàn tác được", str(exc))
            return
        if text is None:
            self.status.setText(nothing)
            return
        self.reload()
        self.status.setText(text + ".")

    def _name_undo_actions(self) -> None:
        """The Sửa menu names what Ctrl+Z and Ctrl+Y would do on the page shown (the actions stay
        enabled: their keys work between two openings of the menu, and say when nothing is left)."""
        from ..services import undo as undo_service

        page = self.current_page_key()
        undo_text = undo_service.next_undo_text(self.ws, self.period, page)
        redo_text = undo_service.next_redo_text(self.ws, self.period, page)
        self.undo_action.setText((undo_text or "Hoàn tác").replace("&", "&&").replace("Hoàn", "&Hoàn", 1))
        self.redo_action.setText((redo_text or "Làm lại").replace("&", "&&").replace("Làm", "&Làm", 1))

    def reload(self) -> None:
        """Read everything of the period again from the workspace."""
        self._load_values()
        self._show_values()
        if "equipment" in self.pages:
            self.pages["equipment"].set_items(self.ws.register_items())
        self._apply_regime()
        self.refresh_checks()
        self._update_title()

    # -- periods -----------------------------------------------------------------------------------
    def set_period(self, period: Period) -> None:
        self.commit_focused()
        self.period = period
        template = self.ws.template(period)
        if (template.id, template.version) != (self.template.id, self.template.version):
            self.template = template
            self._rebuild_pages()
        self._problems.clear()
        self.settings.set("window.period", period.code)
        self._fill_periods()
        self.reload()

    def ask_new_period(self) -> Period | None:
        from ..services.templates_exchange import template_choices
        from .dialogs import NewPeriodDialog

        data_dir = self.ws.paths.data_dir
        dialog = NewPeriodDialog(self.ws.periods(), self,
                                 template_choices=lambda p: template_choices(data_dir, p))
        if not dialog.exec():
            return None
        self._chosen_template = dialog.template()  # (id, version) the officer kept or picked
        return dialog.period()

    def new_period(self) -> None:
        self._chosen_template = None
        period = self.ask_new_period()
        if period is None:
            return
        try:
            chosen = self._chosen_template
            template = self.ws.templates().find(*chosen) if chosen else None
            self.ws.create_period(period, template=template)
        except UserError as exc:
            self.show_message("Kỳ báo cáo mới", str(exc))
            return
        self.set_period(period)
        self.status.setText(f"Đã tạo kỳ báo cáo {period.label}.")

    # -- window ------------------------------------------------------------------------------------
    def _update_title(self) -> None:
        unit = self.ws.unit
        name = unit.short_council_name if unit else "ebgov"
        self.setWindowTitle(f"{name} — Báo cáo {self.period.label}")  # Qt adds " — ebgov"

    def about(self):
        """Trợ giúp > Thông tin: version, and the signing key's fingerprint to read out by phone."""
        from PySide6.QtWidgets import QMessageBox

        from .. import __version__
        from ..services.keys import KeyFileError, fingerprint

        try:
            key = (f"Mã khóa ký của đơn vị: {fingerprint(self.ws.paths)}\nKhi cấp trên gọi điện hỏi "
                   "để đối chiếu gói dữ liệu, hãy đọc mã này.")
        except KeyFileError as exc:
            key = str(exc)
        box = QMessageBox(QMessageBox.Icon.Information, "Thông tin chương trình",
                          f"ebgov — báo cáo ứng dụng CNTT, chính quyền điện tử cấp xã.\n"
                          f"Phiên bản {__version__}. Chạy không cần mạng.\n\n{key}",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about_box")
        box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def closeEvent(self, event) -> None:
        self._builder.stop()
        super().closeEvent(event)  # saves the field being typed in and the geometry
