"""Bytes into text: a BOM, valid UTF-8, a declared charset, UTF-8 with stray bytes, then
charset-normalizer's detection. Data that is not text (an image, a PDF, an archive, bytes no
encoding reads as words) is refused with an `IngestError` saying what it looks like."""
from __future__ import annotations

import codecs
import re

from .errors import IngestError

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "a program"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
# Terminal escape sequences as bytes (as text.without_controls drops them), a string's body printable and
# bounded: "\x1b]" before kilobytes of control bytes must not hide them.
_ESCAPE_BYTES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][ -~]{0,512}(?:\x07|\x1b\\)?|\x1b[ -~]?")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_FM_CHARSET_RE = re.compile(rb"^(?:charset|encoding)[ \t]*:[ \t]*[\"']?([A-Za-z0-9_.:\-]+)", re.I | re.M)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: same prefix
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Codecs Python can look up that are not a way of writing text (or would turn any bytes into
# something): a declaration naming one is ignored.
_NOT_CHARSETS = {"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "utf-7", "mbcs", "oem"}
# Labels that mean Windows-1252 on the web (WHATWG): servers say latin-1 and send smart quotes.
_MEANS_CP1252 = {"latin_1", "iso8859_1", "ascii"}
# charset-normalizer gives a bigger mess score to the right Western encoding than to a Baltic or
# Central European one now and then on short French or English text, or a little more
# coherence to a DOS code page ("Café … Zürich" read as cp775's "Cafķ … Z³rich": a new user's
# Latin-1 file); a Windows-1252 reading about as clean and about as coherent wins that tie (the
# web's legacy default).
_CP1252_MARGIN = 0.1
# Python codec names of the multi-byte (CJK) charsets, whose text can hold valid UTF-8
# sequences by chance; every other declared charset is 8-bit.
_MULTIBYTE_TAGS = ("gb", "big5", "hz", "jis", "euc", "cp932", "cp936", "cp949", "cp950", "johab", "iso2022", "utf")
_STRAY_RE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
_STRAY_RUN_RE = re.compile("[\udc80-\udcff]+")


def _binary_kind(data: bytes) -> str | None:
    """What a byte string is if it is not text, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data:
        return "binary data (it contains NUL bytes)"
    # Terminal escape sequences (a colour, a title) are text a terminal copy holds, which ingest
    # drops: a short note with four of them was refused as binary.
    sample = _ESCAPE_BYTES.sub(b"", data[:65536])
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > 0.02:
        return "binary data (it is full of control characters)"
    return None


def text_codec(name: str | None) -> str | None:
    """Python's name for a declared charset, or None when it names no text encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None
    return info.name


def _declared_charsets(data: bytes, declared: str | None) -> list[str]:
    """What the content says it is written in: the HTTP charset, then an XML declaration or
    an HTML <meta>, then a front matter ``charset:``/``encoding:`` line."""
    head = data[:8192]
    found = [declared]
    m = _XML_ENCODING_RE.match(head)
    found.append(m.group(1).decode("ascii") if m else None)
    m = _META_CHARSET_RE.search(head)
    found.append(m.group(1).decode("ascii") if m else None)
    if head.startswith(b"---"):
        block = head.split(b"\n---", 1)[0] if b"\n---" in head else b""
        m = _FM_CHARSET_RE.search(block)
        found.append(m.group(1).decode("ascii") if m else None)
    names: list[str] = []
    for name in found:
        enc = text_codec(name)
        if enc is None:
            continue
        # Windows-1252 first: what a "latin-1" page really holds in 0x80-0x9F.
        for candidate in (("cp1252", enc) if enc.replace("-", "_") in _MEANS_CP1252 else (enc,)):
            if candidate not in names:
                names.append(candidate)
    return names


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a pasted Windows-1252 quote, a cut-off last character),
    each run of them shown as U+FFFD; None when the bytes are not mostly UTF-8.

    Legacy 8-bit text almost never holds a valid multi-byte UTF-8 sequence by chance, so
    text that has at least as many valid ones as stray bytes is UTF-8 that was damaged."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY_RE.findall(text))
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - stray
    if not valid or stray > valid:
        return None
    return _STRAY_RUN_RE.sub("\ufffd", text)


def _detect(data: bytes) -> str | None:
    """charset-normalizer's reading of legacy-encoded bytes, or None when no encoding
    gives plausible text."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if "cp1252" not in best.could_be_from_charset:
        for match in matches:
            if "cp1252" in match.could_be_from_charset:
                # A DOS code page's edge in coherence counts for less; a Windows or ISO one's does
                # not (Turkish cp1254 text stays Turkish, as a review asked).
                dos = re.fullmatch(r"cp\d{3}", best.encoding) is not None
                coherent = match.coherence >= best.coherence - (_CP1252_MARGIN if dos else 0.0)
                if match.chaos <= best.chaos + _CP1252_MARGIN and coherent:
                    best = match
                break
    return str(best)


def _wide_without_bom(data: bytes) -> str | None:
    """UTF-16 or UTF-32 text saved without a byte-order mark (Windows' "Unicode" text once a
    tool has dropped the mark), as charset-normalizer reads it; None when it reads the bytes as
    anything else or as nothing (binary data)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not best.encoding.startswith(("utf_16", "utf_32")):
        return None
    return str(best)


def decode(data: bytes, source: str, *, what: str, declared: str | None = None) -> str:
    """Decode bytes by what they say and what they look like, never turning binary data
    into garbage text.

    Order: a BOM; UTF-16/32 (declared, or without a BOM as charset-normalizer reads it);
    valid UTF-8 (legacy text is practically never valid UTF-8 by accident, while servers that
    say "latin-1" about UTF-8 are common); the declared charset (HTTP
    header, XML declaration, HTML <meta>, front matter) when it decodes, except that UTF-8
    with a few stray bytes beats a declared 8-bit charset (for the same reason); UTF-8 with
    stray bytes (as U+FFFD); charset-normalizer's detection. Binary data, and bytes no
    encoding reads as plausible text, are refused with what they look like.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise IngestError(source, f"the {what} starts with a {enc.upper()} mark but is not valid {enc.upper()} text") from None
    declared_names = _declared_charsets(data, declared)
    wide = [enc for enc in declared_names if enc.startswith(("utf-16", "utf-32"))]
    # UTF-16/32 text is full of NUL bytes, so it is tried before the binary check; without
    # NULs a "utf-16" label is a page saved as UTF-8 under a wrong <meta> (browsers agree).
    if b"\x00" in data:
        for enc in wide:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                pass
        if not any(data.startswith(magic) for magic, _ in _MAGIC):
            text = _wide_without_bom(data)
            if text is not None:
                return text
    kind = _binary_kind(data)
    if kind is not None:
        noun = "file" if what == "file" else "content"
        raise IngestError(source, f"the {noun} is {kind}, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    for enc in declared_names:
        if enc == "utf-8" or enc in wide:
            continue
        if mostly_utf8 is not None and not any(tag in enc for tag in _MULTIBYTE_TAGS):
            return mostly_utf8  # an 8-bit charset would "decode" it, into mojibake
        try:
            return data.decode(enc)
        except (UnicodeError, LookupError):
            pass
    text = mostly_utf8 if mostly_utf8 is not None else _detect(data)
    if text is None:
        noun = "file" if what == "file" else "content"
        raise IngestError(
            source,
            f"the {noun} is not text: it is not UTF-8 and no text encoding reads it as words "
            "(binary data, or a damaged file?); save text as UTF-8",
        )
    return text

