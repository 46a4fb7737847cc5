"""The window of a superior-level workspace (huyện, thị xã, thành phố, tỉnh): ``window`` (the main
window, menus, long jobs), one module per page (``units``, ``board``, ``consolidated``, ``report_page``)
with the background workers each page starts beside it, ``import_dialog`` (the package import with its
dry run) and ``models`` (the table model and proxy every page shares)."""
