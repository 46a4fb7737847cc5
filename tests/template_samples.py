"""A small report template the tests write, import, sign and send down (no Python changed for it)."""


def small_template(version=1, extra=""):
    """A valid template file's text: ``bc-thu`` (one page, one count field, one heading)."""
    return f"""[template]
id = "bc-thu"
version = {version}
title = "Báo cáo thử nghiệm"
level = "xa"
valid_from = 2025-07-01
{extra}
[[pages]]
key = "p"
label = "Trang"

[[sections]]
key = "s"
label = "Mục"
page = "p"

[[fields]]
key = "a.total"
label = "Tổng số"
type = "count"
section = "s"

[[outline]]
type = "heading"
level = 1
text = "KẾT QUẢ"

[[outline]]
type = "paragraph"
text = "Tổng số: {{a.total}}."
"""
