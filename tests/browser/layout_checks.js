// The layout checks run in the page: boxes past the right edge, list titles squeezed narrow.
// Boxes are measured, not scrollbars, so a page-wide `overflow-x: hidden` cannot hide a fault.
() => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return null;
    const style = getComputedStyle(el);
    return style.visibility === "hidden" ? null : r;
  };
  // A box that scrolls its own content sideways (the tables kept as tables): inside it is fine,
  // as long as the box itself stays on the page.
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === "auto" || x === "scroll") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].slice(0, 3).join(".") : "");
  const over = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".visually-hidden, .visually-hidden-focusable")) continue;
    const r = shown(el);
    if (r && r.right > width + 1 && !inScroller(el)) {
      over.push(`${name(el)} right=${Math.round(r.right)} text=${(el.innerText || "").trim().slice(0, 30)}`);
    }
  }
  // A list title is as wide as eight of its characters at least (or its whole text if shorter).
  const narrow = [];
  for (const el of document.querySelectorAll(".item-title, [data-list-title]")) {
    const rects = [...el.getClientRects()];
    if (!rects.length) continue;
    const widest = Math.max(...rects.map((r) => r.width));
    const em = parseFloat(getComputedStyle(el).fontSize);
    const chars = Math.min([...el.innerText.trim()].length, 8);
    if (widest + 1 < chars * em * 0.95) {
      narrow.push(`${el.innerText.trim().slice(0, 20)} width=${Math.round(widest)} < ${chars}em`);
    }
  }
  // The header (with its navigation, when that is not folded behind the menu button) and its bar.
  const height = (selector) => {
    const el = document.querySelector(selector);
    return el ? Math.round(el.getBoundingClientRect().height) : 0;
  };
  return {over: over.slice(0, 12), overCount: over.length, narrow: narrow.slice(0, 8),
          header: height(".site-header"), bar: height(".header-bar")};
}
