"""The number-and-symbol value object (`05/BQL-KHTH`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DocumentNumber:
    """A document's number and symbol. `str()` gives the ND30 form with the leading zero."""

    number: int
    symbol: str

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.symbol}"
