"""The main window's equipment-register actions: edit, add, duplicate, dispose of and delete items,
import and export the register, merge a former commune's data, import a template.

``RegisterActions`` is a mixin of ``MainWindow`` (it uses its ``ws``, ``period``, ``pages``,
``show_message``, ``_saved``, ``commit_focused`` and ``refresh_checks``).
"""

from __future__ import annotations

from ..domain.errors import UserError
from ..domain.register import RegisterItem
from ..services.workspace import WorkspaceError

__all__ = ["RegisterActions"]


class RegisterActions:
    """Mixin: the register actions of ``MainWindow``."""

    # -- register ----------------------------------------------------------------------------------
    def _item(self, item_id: int) -> RegisterItem:
        for item in self.ws.register_items():
            if item.id == item_id:
                return item
        raise WorkspaceError(f"Không tìm thấy thiết bị số {item_id}.")

    def commit_item(self, item_id: int, changes: dict) -> RegisterItem:
        try:
            self.ws.update_item(item_id, period=self.period, **changes)
        except UserError as exc:
            self.show_message("Chưa lưu được", str(exc))
            raise
        self._saved()
        return self._item(item_id)

    def _register_action(self, fn, *args, **kwargs):
        try:
            result = fn(*args, period=self.period, **kwargs)
        except UserError as exc:
            self.show_message("Sổ thiết bị", str(exc))
            return None
        self._saved()
        self.register_changed(reload=True)
        return result

    def add_item(self, item: RegisterItem) -> int | None:
        return self._register_action(self.ws.add_item, item)

    def duplicate_item(self, item_id: int) -> int | None:
        return self._register_action(self.ws.duplicate_item, item_id)

    def dispose_item(self, item_id: int, year: int, quantity: int | None = None) -> None:
        self._register_action(self.ws.dispose_item, item_id, year, quantity=quantity)

    def delete_item(self, item_id: int) -> None:
        self._register_action(self.ws.delete_item, item_id)

    def import_register(self):
        from .register_io import ask_import  # loaded on use: not before the first paint

        self.commit_focused()
        return ask_import(self)

    def merge_former(self):
        from .merge_dialog import ask_merge  # loaded on use: not before the first paint

        self.commit_focused()
        return ask_merge(self)

    def import_template(self, path=None):
        from .template_import import ask_template_import  # loaded on use

        return ask_template_import(self, path)

    def export_register(self):
        from .register_io import ask_export

        return ask_export(self)

    def register_changed(self, reload: bool = True) -> None:
        if reload and "equipment" in self.pages:
            self.pages["equipment"].set_items(self.ws.register_items())
        elif "equipment" in self.pages:
            self.pages["equipment"].update_summary()
        self.refresh_checks()
