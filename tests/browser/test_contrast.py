"""Overdue incident action items are readable: WCAG AA contrast (4.5:1) in the light and dark schemes,
computed from the colours Chromium actually renders (alpha blended over the real background)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The element's text colour blended over the first opaque background behind it; WCAG 2.x formulas.
CONTRAST_JS = """
(el) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  let bg = [255, 255, 255, 1], layers = [];
  for (let n = el; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] === 1) break;
  }
  const html = parse(getComputedStyle(document.documentElement).backgroundColor);
  if (!layers.length || layers[layers.length - 1][3] < 1) layers.push(html[3] > 0 ? html : bg);
  bg = layers.reverse().reduce((acc, c) => over(c, acc), bg);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const lum = (rgb) => rgb.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), fg: getComputedStyle(el).color, bg};
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overdue_action_items_meet_wcag_aa(browser, static_site, scheme):
    page = browser.new_page(color_scheme=scheme)
    try:
        page.goto(static_site + "/incidents/2026-06-22-api-gateway-5xx/")
        overdue = page.locator(".kb-action__overdue")
        assert overdue.count() >= 1, "the sample review has an open item past its due date"
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        for i in range(overdue.count()):
            result = overdue.nth(i).evaluate(CONTRAST_JS)
            assert result["ratio"] >= 4.5, f"{scheme}: {result['fg']} on {result['bg']} has contrast {result['ratio']:.2f}:1"
    finally:
        page.close()
