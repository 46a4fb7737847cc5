"""reportlab reports: the Nghị định 30/2020 page template, the commune and consolidated reports."""
