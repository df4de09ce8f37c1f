"""A request's form, read whole into memory with a size cap.

Starlette's own ``request.form()`` spools uploads over 1 MB to a temporary
file; the page keeps drafts in memory only, so the body is read here (at most
``cap`` bytes, refused beyond) and parsed with python-multipart, the parser
Starlette itself uses, with every upload kept in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from python_multipart import create_form_parser
from python_multipart.exceptions import FormParserError
from starlette.requests import Request

MAX_FIELDS = 20


class BodyTooLargeError(Exception):
    """The request body is over the cap."""


class BadFormError(Exception):
    """The body is no form this page sent."""


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


async def read_form(request: Request, cap: int) -> Form:
    """The url-encoded or multipart form of ``request``; BodyTooLargeError
    when its body is over ``cap`` bytes (said by Content-Length or found
    while reading; never more than ``cap`` bytes are kept), BadFormError
    when it is no form."""
    declared = request.headers.get("content-length", "")
    body = bytearray()
    too_large = declared.isdigit() and int(declared) > cap
    async for chunk in request.stream():
        # Over the cap, the rest is read and dropped: a browser still sending
        # its upload sees the refusal page rather than a reset connection.
        if not too_large:
            body += chunk
            too_large = len(body) > cap
    if too_large:
        raise BodyTooLargeError
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise BadFormError
    form = Form()
    # python-multipart leaves a url-encoded field percent-encoded (Starlette
    # decodes it itself): decode it here, as UTF-8 (the pages' charset).
    encoded = content_type.startswith("application/x-www-form-urlencoded")

    def text(value: bytes | None) -> str:
        value = value or b""
        if encoded:
            value = unquote_to_bytes(value.replace(b"+", b" "))
        return value.decode("utf-8", "replace")

    def on_field(item) -> None:
        if len(form.fields) >= MAX_FIELDS:
            raise BadFormError
        form.fields[text(item.field_name)] = text(item.value)

    def on_file(item) -> None:
        name = (item.field_name or b"").decode("utf-8", "replace")
        item.file_object.seek(0)
        form.files[name] = Upload((item.file_name or b"").decode("utf-8", "replace"), item.file_object.read())

    config = {"MAX_MEMORY_FILE_SIZE": cap + 1, "MAX_BODY_SIZE": cap + 1}
    try:
        parser = create_form_parser({"Content-Type": content_type.encode("latin-1")}, on_field, on_file, config)
        parser.write(bytes(body))
        parser.finalize()
    except (FormParserError, ValueError, UnicodeEncodeError) as error:
        raise BadFormError from error
    return form
