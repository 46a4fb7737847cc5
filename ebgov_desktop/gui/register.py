"""The equipment register: a thin table model, a filter/sort proxy, in-place editors, and its page."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import InputError, UserError
from ..domain.formatting import vn_int
from ..domain.register import REGISTER_COLUMNS, RegisterItem, count_by, register_choices
from ..domain.template import Choice, Template

__all__ = ["RegisterModel", "RegisterFilter", "RegisterDelegate", "RegisterPage", "COLUMNS",
           "SORT_ROLE", "ID_ROLE", "template_choices"]

COLUMNS: tuple[str, ...] = tuple(k for k, _ in REGISTER_COLUMNS)
HEADERS = dict(REGISTER_COLUMNS)
_BLANK = Choice("", "")
INT_COLUMNS = frozenset({"quantity", "year_acquired", "cpnet", "year_disposed"})
YEAR_COLUMNS = frozenset({"year_acquired", "year_disposed"})
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_ERROR_BG = QColor("#fde7e7")
_WARNING_BG = QColor("#fff6d6")
_DISPOSED_FG = QColor("#777777")


def template_choices(template: Template) -> dict[str, tuple[Choice, ...]]:
    """The lists the register's editors offer: the template's, with a blank entry (not given) for
    the condition, origin and user group."""
    lists = register_choices(template)
    return {"kind": lists["kind"], "condition": lists["condition"] + (_BLANK,),
            "origin": (_BLANK,) + lists["origin"], "user_group": (_BLANK,) + lists["user_group"]}


class RegisterModel(QAbstractTableModel):
    """A plain list of ``RegisterItem`` rows, its lists labelled as ``template`` names them (the
    period's). Edits go through ``commit(item_id, changes)``.

    ``commit`` stores the change and returns the stored item; it raises ``ValueError`` /
    ``RuntimeError`` with a Vietnamese message, which the model passes on as ``error``.
    """

    error = Signal(str)
    edited = Signal(int)  # item id

    def __init__(self, template: Template, commit: Callable[[int, dict], RegisterItem] | None = None,
                 parent=None):
        super().__init__(parent)
        self._items: list[RegisterItem] = []
        self._commit = commit
        self._marks: dict[int, tuple[str, str]] = {}  # item id → (severity, message)
        self.choices = template_choices(template)
        self._labels = {col: {c.key: c.label for c in cs} for col, cs in self.choices.items()}

    def label(self, column: str, key: str) -> str:
        """The label of a listed value (the key itself when the template does not list it)."""
        return self._labels[column].get(key, key)

    # -- rows --------------------------------------------------------------------------------------
    def set_items(self, items: list[RegisterItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[RegisterItem]:
        return list(self._items)

    def item(self, row: int) -> RegisterItem:
        return self._items[row]

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return None

    def set_marks(self, marks: dict[int, tuple[str, str]]) -> None:
        """Rows that break a rule: item id → (``error``/``warning``, message)."""
        if marks == self._marks:
            return
        self._marks = dict(marks)
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    # -- Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[COLUMNS[section]] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        column = COLUMNS[index.column()]
        value = getattr(item, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column in self.choices:
                return self.label(column, value)
            if value is None:
                return ""
            if column in INT_COLUMNS:
                return str(value) if column in YEAR_COLUMNS else vn_int(value)
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            if column in INT_COLUMNS:
                return -1 if value is None else value
            text = self.label(column, value) if column in self.choices else value
            return (text or "").casefold()
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in INT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and item.id in self._marks:
            return QBrush(_ERROR_BG if self._marks[item.id][0] == "error" else _WARNING_BG)
        if role == Qt.ItemDataRole.ForegroundRole and item.year_disposed is not None:
            return QBrush(_DISPOSED_FG)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = []
            if item.id in self._marks:
                tips.append(self._marks[item.id][1])
            if column in ("description", "location", "notes") and value:
                tips.append(value)
            return "\n".join(tips) or None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), COLUMNS[index.column()]
        item = self._items[row]
        try:
            value = self._coerce(column, value)
        except InputError as exc:
            self.error.emit(str(exc))
            return False
        if getattr(item, column) == value:
            return False
        try:
            new = (self._commit(item.id, {column: value}) if self._commit
                   else item.with_changes(**{column: value}))
        except UserError as exc:
            self.error.emit(str(exc))
            return False
        self._items[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.edited.emit(new.id if new.id is not None else -1)
        return True

    def _coerce(self, column: str, value: Any) -> Any:
        header = HEADERS[column]
        if column in INT_COLUMNS:
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            text = str(value).strip().replace(".", "")
            if not text.lstrip("-").isdigit():
                raise InputError(f"{header}: '{value}' không phải là số nguyên.")
            return int(text)
        if column in self.choices:
            keys = {c.key for c in self.choices[column]}
            if value not in keys:
                raise InputError(f"{header}: '{value}' không có trong danh mục.")
            return value
        return "" if value is None else str(value).strip()


class RegisterFilter(QSortFilterProxyModel):
    """Filter by kind, condition and free text; disposed items hidden unless asked for."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._kind = ""
        self._condition = ""
        self._text = ""
        self._show_disposed = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def _refilter(self, attribute: str, value) -> None:
        self.beginFilterChange()  # Qt ≥ 6.10 (the declared floor)
        setattr(self, attribute, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_kind(self, kind: str) -> None:
        self._refilter("_kind", kind or "")

    def set_condition(self, condition: str) -> None:
        self._refilter("_condition", condition or "")

    def set_text(self, text: str) -> None:
        self._refilter("_text", (text or "").strip().casefold())

    def set_show_disposed(self, show: bool) -> None:
        self._refilter("_show_disposed", bool(show))

    @property
    def show_disposed(self) -> bool:
        return self._show_disposed

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        """Rows are numbered as shown (1, 2, 3 …), not by their place among the hidden ones."""
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        item = self.sourceModel().item(source_row)
        if item.year_disposed is not None and not self._show_disposed:
            return False
        if self._kind and item.kind != self._kind:
            return False
        if self._condition and item.condition != self._condition:
            return False
        if self._text:
            hay = " ".join([self.sourceModel().label("kind", item.kind), item.description, item.location,
                            item.asset_code, item.notes]).casefold()
            return self._text in hay
        return True


class _ChoiceEditor(QComboBox):
    """A list the officer can also type into: the label's first letters pick the entry."""

    def __init__(self, choices: tuple[Choice, ...], parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for c in choices:
            self.addItem(c.label, c.key)
        completer = QCompleter([c.label for c in choices if c.label], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)
        self._choices = choices

    def key(self) -> str | None:
        text = self.currentText().strip().casefold()
        exact = [c for c in self._choices if c.label.casefold() == text]
        if exact:
            return exact[0].key
        if not text:
            return "" if any(c.key == "" for c in self._choices) else None
        prefix = [c for c in self._choices if c.label and c.label.casefold().startswith(text)]
        return prefix[0].key if len(prefix) == 1 else None


class RegisterDelegate(QStyledItemDelegate):
    """Lists for kind, condition, origin and users; whole numbers for quantities and years."""

    def createEditor(self, parent, option, index):
        column = COLUMNS[index.column()]
        model = index.model()
        choices = (model.sourceModel() if hasattr(model, "sourceModel") else model).choices
        if column in choices:
            editor = _ChoiceEditor(choices[column], parent)
            editor.setObjectName(f"register.{column}")
            return editor
        editor = QLineEdit(parent)
        editor.setObjectName(f"register.{column}")
        if column in INT_COLUMNS:
            editor.setValidator(QIntValidator(0, 10**9, editor))
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        else:
            editor.setMaxLength(2000)
        return editor

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, _ChoiceEditor):
            editor.setCurrentIndex(max(0, editor.findData(value)))
            editor.lineEdit().selectAll()
        else:
            editor.setText("" if value is None else str(value))
            editor.selectAll()

    def setModelData(self, editor, model, index):
        if isinstance(editor, _ChoiceEditor):
            key = editor.key()
            if key is None:
                column = COLUMNS[index.column()]
                source = model.sourceModel() if hasattr(model, "sourceModel") else model
                source.error.emit(f"{HEADERS[column]}: '{editor.currentText()}' không có trong "
                                  "danh mục; chọn một mục trong danh sách.")
                return
            model.setData(index, key, Qt.ItemDataRole.EditRole)
        else:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


_WIDTHS = {"kind": 175, "quantity": 72, "year_acquired": 95, "origin": 110, "condition": 150,
           "user_group": 150, "cpnet": 100, "asset_code": 90, "year_disposed": 100}
_STRETCH = ("description", "location", "notes")


class RegisterPage(QWidget):
    """Filters, the table (``register``), row actions and the summary line."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("page.equipment")
        self.controller = controller
        template = controller.template  # the period's: a province's own kinds are listed too
        self.model = RegisterModel(template, controller.commit_item, self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.model.error.connect(controller.show_input_error)
        self.model.edited.connect(lambda _id: controller.register_changed(reload=False))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        filters = QHBoxLayout()
        self.kind_filter = QComboBox(objectName="register.filter_kind")
        self.kind_filter.addItem("Tất cả các loại", "")
        for c in template.register_kinds:
            self.kind_filter.addItem(c.label, c.key)
        self.kind_filter.setMaximumWidth(330)
        self.condition_filter = QComboBox(objectName="register.filter_condition")
        self.condition_filter.addItem("Mọi tình trạng", "")
        for c in template.conditions:
            self.condition_filter.addItem(c.label, c.key)
        self.text_filter = QLineEdit(objectName="register.filter_text")
        self.text_filter.setPlaceholderText("Tìm theo mô tả, vị trí, mã tài sản, ghi chú…")
        self.text_filter.setClearButtonEnabled(True)
        self.disposed_box = QCheckBox("Hiện thiết bị đã thanh lý", objectName="register.show_disposed")
        for label, widget in (("&Loại:", self.kind_filter), ("Tình trạ&ng:", self.condition_filter),
                              ("Tì&m:", self.text_filter)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget, 1 if widget is self.text_filter else 0)
        filters.addWidget(self.disposed_box)
        lay.addLayout(filters)

        self.view = QTableView(objectName="register")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(RegisterDelegate(self.view))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(50)
        for i, column in enumerate(COLUMNS):
            if column in _STRETCH:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, _WIDTHS.get(column, 100))
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        lay.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
            ("add", "&Thêm thiết bị", QKeySequence(Qt.Key.Key_Insert), self.add_item),
            ("duplicate", "&Nhân bản dòng", QKeySequence("Ctrl+D"), self.duplicate_item),
            ("dispose", "Thanh &lý…", QKeySequence(Qt.Key.Key_Delete), self.dispose_item),
            ("delete", "&Xóa hẳn dòng…", QKeySequence("Shift+Del"), self.delete_item),
        ):
            action = QAction(text, self)
            action.setObjectName(f"register.{key}")
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            hint = f"{text.replace('&', '')} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
            action.setToolTip(hint)
            action.setIconText(hint)  # the button shows its key: "Thêm thiết bị (Ins)"
            action.triggered.connect(slot)
            self.view.addAction(action)
            self.actions[key] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.summary = QLabel(objectName="register.summary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)

        self.kind_filter.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_kind, self.kind_filter.currentData()))
        self.condition_filter.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_condition, self.condition_filter.currentData()))
        self.text_filter.textChanged.connect(lambda t: self._filter(self.proxy.set_text, t))
        self.disposed_box.toggled.connect(self._toggle_disposed)

    # -- data --------------------------------------------------------------------------------------
    def set_items(self, items: list[RegisterItem]) -> None:
        current = self.current_item()
        self.model.set_items(items)
        self.update_summary()
        if current is not None:
            self.select_item(current.id)

    def _filter(self, setter, value) -> None:
        setter(value)
        self.update_summary()

    def _toggle_disposed(self, show: bool) -> None:
        self.proxy.set_show_disposed(show)
        self.view.setColumnHidden(COLUMNS.index("year_disposed"), not show)
        self.controller.remember("register.show_disposed", show)
        self.update_summary()

    def set_show_disposed(self, show: bool) -> None:
        self.disposed_box.setChecked(show)
        self.view.setColumnHidden(COLUMNS.index("year_disposed"), not show)

    def update_summary(self) -> None:
        year = self.controller.period.year
        # in use in the period's year: not disposed, and not bought after it (a 2030 camera is not)
        items = [i for i in self.model.items() if i.year_disposed is None
                 and (i.year_acquired is None or i.year_acquired <= year)]
        later = sum(1 for i in self.model.items() if i.year_disposed is None
                    and i.year_acquired is not None and i.year_acquired > year)
        total = sum(i.quantity or 0 for i in items)
        by_kind = count_by(items, "kind")
        by_condition = count_by(items, "condition")
        label = self.model.label
        kinds = ", ".join(f"{label('kind', k).split(' (')[0]} {vn_int(n)}"
                          for k, n in by_kind.items())
        conditions = ", ".join(f"{label('condition', c) or 'chưa ghi tình trạng'} {vn_int(n)}"
                               for c, n in by_condition.items())
        shown = self.proxy.rowCount()
        text = (f"Đang dùng: {vn_int(total)} thiết bị ({vn_int(len(items))} dòng; đang hiện "
                f"{vn_int(shown)} dòng). Theo tình trạng: {conditions or '—'}. Theo loại: {kinds or '—'}."
                + (f" Không tính {vn_int(later)} dòng ghi năm trang bị sau năm {year}." if later else ""))
        self.summary.setText(text)

    # -- selection ---------------------------------------------------------------------------------
    def current_item(self) -> RegisterItem | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.item(self.proxy.mapToSource(index).row())

    def select_item(self, item_id: int, column: int = 0) -> bool:
        row = self.model.row_of(item_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def focus_table(self) -> None:
        """The keyboard in the table, on the current row (the first one when none is)."""
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _select_row_near(self, row: int) -> None:
        """After a row left the view (disposed, deleted): the row that took its place stays selected."""
        if self.view.currentIndex().isValid() and self.view.selectionModel().hasSelection():
            return
        count = self.proxy.rowCount()
        if count:
            index = self.proxy.index(min(max(row, 0), count - 1), 0)
            self.view.setCurrentIndex(index)
            self.view.selectRow(index.row())

    # -- actions -----------------------------------------------------------------------------------
    def add_item(self) -> None:
        current = self.current_item()
        kinds = [c.key for c in self.model.choices["kind"]]
        first = "computer_desktop" if "computer_desktop" in kinds else (kinds[0] if kinds else "")
        kind = self.kind_filter.currentData() or (current.kind if current else first)
        # a new row's condition is the officer's to choose: never "Tốt" by default
        item_id = self.controller.add_item(RegisterItem(kind=kind, condition=""))
        if item_id is not None:
            self.select_item(item_id)
            self.view.setFocus()

    def duplicate_item(self) -> None:
        current = self.current_item()
        if current is None:
            return
        item_id = self.controller.duplicate_item(current.id)
        if item_id is not None:
            self.select_item(item_id)

    def ask_year(self, item: RegisterItem) -> int | None:
        year, ok = QInputDialog.getInt(
            self, "Thanh lý thiết bị",
            f"Năm thanh lý của “{item.description or self.model.label('kind', item.kind)}”:",
            self.controller.period.year, 1990, 2100)
        return year if ok else None

    def ask_quantity(self, item: RegisterItem) -> int | None:
        """How many of a row of several identical items go (1 of 5 PCs); the whole row when one."""
        if not item.quantity or item.quantity <= 1:
            return item.quantity or 1
        count, ok = QInputDialog.getInt(
            self, "Thanh lý thiết bị",
            f"Thanh lý bao nhiêu trong {item.quantity} “{item.description or self.model.label('kind', item.kind)}”?"
            "\n(Số còn lại vẫn ở dòng này; số thanh lý thành một dòng riêng.)",
            item.quantity, 1, item.quantity)
        return count if ok else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def dispose_item(self) -> None:
        current = self.current_item()
        if current is None:
            return
        year = self.ask_year(current)
        quantity = self.ask_quantity(current) if year is not None else None
        if year is not None and quantity is not None:
            row = self.view.currentIndex().row()
            self.controller.dispose_item(current.id, year, quantity)
            self.select_item(current.id) or self._select_row_near(row)
            self.view.setFocus()

    def delete_item(self) -> None:
        current = self.current_item()
        if current is None:
            return
        name = current.description or self.model.label("kind", current.kind)
        if not self.confirm("Xóa hẳn dòng", f"Xóa hẳn “{name}” khỏi sổ thiết bị?\n\nChỉ xóa khi nhập "
                            "nhầm. Thiết bị không dùng nữa thì chọn Thanh lý (phím Delete)."):
            return
        if not self.confirm("Xác nhận lần hai", f"Dòng “{name}” sẽ bị xóa hẳn. Chắc chắn xóa?"):
            return
        row = self.view.currentIndex().row()
        self.controller.delete_item(current.id)
        self._select_row_near(row)
        self.view.setFocus()
