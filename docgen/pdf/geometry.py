"""Rectangles in PDF user space (points, origin bottom-left, y up) and unit conversions."""

from __future__ import annotations

from dataclasses import dataclass

PT_PER_MM = 72 / 25.4


def mm(value: float) -> float:
    """Points in `value` millimetres."""
    return value * PT_PER_MM


def to_mm(points: float) -> float:
    """Millimetres in `points` PDF points."""
    return points / PT_PER_MM


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle; `x0 <= x1` and `y0 <= y1` (y grows upwards, as in PDF)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, cx: float, cy: float, width: float, height: float) -> Box:
        """The box of `width` × `height` centred on (`cx`, `cy`)."""
        return cls(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def horizontal_overlap(self, other: Box) -> float:
        """Width of the x-range both boxes share (0 when they do not meet)."""
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)
