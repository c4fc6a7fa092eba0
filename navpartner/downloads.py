from django.http import FileResponse
from django.utils.text import slugify


def pdf_download(field_file, title: str, fallback: str) -> FileResponse:
    """A stored PDF as a download, under a file name made from its title (never the uploaded
    name), never sniffed as anything else. Callers pass the access gate first."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(title) or fallback}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
