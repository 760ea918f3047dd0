"""Measuring reflow: what makes a page scroll sideways (WCAG 1.4.10)."""

# Elements wider than the window, outside any box that scrolls by itself (a data table's
# region): what makes a page scroll sideways.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsItself = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.clientWidth <= width) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width && (box.right > width + 1 || box.left < -1) && !scrollsItself(e);
  }).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                + (e.id ? '#' + e.id : ''));
  return {scroll: document.documentElement.scrollWidth, width: innerWidth, wide: wide.slice(0, 5)};
}"""
