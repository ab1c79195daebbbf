"""Reading PDFs in tests: text (pypdf), PDF/A claim, attachments, the QR code (pypdfium2
rasterises the page, zxing-cpp decodes it as a phone would)."""

import io

import pypdf
import pypdfium2
import zxingcpp


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_text_pdfium(pdf: bytes) -> str:
    """The text as PDFium reads it (pypdf garbles the text layer when a fallback font
    with two-byte codes is embedded, e.g. for an emoji)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdf_metadata_xml(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    metadata = reader.trailer["/Root"].get("/Metadata")
    return metadata.get_object().get_data().decode() if metadata is not None else ""


def pdf_embedded_files(pdf: bytes) -> list:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = reader.trailer["/Root"].get("/Names")
    files = []
    if names is not None and "/EmbeddedFiles" in names.get_object():
        files.append(names.get_object()["/EmbeddedFiles"])
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                files.append(annotation)
    return files


def pdf_qr_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            image = page.render(scale=2).to_pil()
            texts += [result.text for result in zxingcpp.read_barcodes(image)]
        return texts
    finally:
        document.close()
