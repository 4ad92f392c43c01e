"""pytest configuration shared by the unit tests and the notebook (nbval) tests.

nbval skips ``image/png`` outputs by default. The book shows the committed figures, so we
compare them too: with matplotlib pinned, a figure's PNG is byte-identical from run to run.
To keep failure reports readable, PNGs are compared by their SHA-256, not as base64 text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from nbval.plugin import IPyNbCell, IPyNbFile

_PNG_B64_PREFIX = "iVBORw0KGgo"  # base64 of the PNG signature
_original_sanitize = IPyNbCell.sanitize


def _sanitize(self: IPyNbCell, s):
    if isinstance(s, str) and s.lstrip().startswith(_PNG_B64_PREFIX):
        try:
            raw = base64.b64decode("".join(s.split()), validate=True)
        except binascii.Error:
            return _original_sanitize(self, s)
        return f"<PNG {len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()[:16]}>"
    return _original_sanitize(self, s)


IPyNbCell.sanitize = _sanitize


def pytest_collection_modifyitems(session, config, items) -> None:
    """Make every collected notebook compare its PNG figures."""
    for item in items:
        parent = getattr(item, "parent", None)
        if isinstance(parent, IPyNbFile) and "image/png" in parent.skip_compare:
            parent.skip_compare = tuple(k for k in parent.skip_compare if k != "image/png")
