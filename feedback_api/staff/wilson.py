"""Wilson score interval: how helpful an article is, allowing for how few votes it has.

The raw ratio ranks an article with 1 helpful vote out of 1 above one with 95 out of 100; the
lower bound of the 95% Wilson interval does not, because it is what we can be fairly sure the
true ratio is at least.
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # two-sided 95%


def lower_bound(helpful: int, total: int, z: float = Z95) -> float:
    if total <= 0:
        return 0.0
    p = helpful / total
    z2 = z * z
    centre = p + z2 / (2 * total)
    margin = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, (centre - margin) / (1 + z2 / total))
