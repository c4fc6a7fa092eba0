"""The project's date and time formats, one module per language (FORMAT_MODULE_PATH).

Templates and code name a format ("DATE_FORMAT", "SHORT_DATETIME_FORMAT", the `weekday`
filter) and never spell one out, so pages, PDFs, e-mails and exports agree. Keys not set
here (number separators, input formats) come from Django's own locale modules.
"""
