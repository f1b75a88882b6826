// Badges that carry an explanation in their title (暂定, a provisional due date): a hover tooltip
// alone never reaches a phone, so each becomes a focusable button whose explanation opens on tap,
// click or keyboard focus (a Bootstrap popover) and is read out by screen readers.
(function () {
  "use strict";
  if (!window.bootstrap || !window.bootstrap.Popover) { return; }
  document.querySelectorAll(".badge-provisional[title]").forEach(function (badge) {
    var text = badge.getAttribute("title");
    badge.setAttribute("tabindex", "0");
    badge.setAttribute("role", "button");
    badge.setAttribute("aria-label", badge.textContent.trim() + ": " + text);
    badge.dataset.explained = "";
    badge.removeAttribute("title");  // the popover says it; no second, hover-only tooltip
    new window.bootstrap.Popover(badge, { content: text, trigger: "focus", placement: "top" });
  });
})();
