"""DOCX → PDF through LibreOffice, when it is installed (DESIGN §5: one profile per conversion, since two
conversions sharing a profile silently produce no PDF)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, *, timeout: float = 120) -> bytes | None:
    """The PDF of a DOCX, or None when LibreOffice is not installed or produced nothing."""
    binary = soffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="nastavnik-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(content)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        target = folder / "document.pdf"
        return target.read_bytes() if target.exists() else None
