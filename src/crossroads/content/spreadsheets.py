"""CSV cells that spreadsheets cannot run: every export of the site writes through here."""

#: A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value) -> str:
    """``value`` as text made inert for spreadsheets: a leading apostrophe before what
    would be read as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
