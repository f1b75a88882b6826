/* One submission per form: a double click on a submit button must not send the form twice. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.method.toLowerCase() !== "post") return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  // Disabled after this tick, so the clicked button's name and value are still sent.
  setTimeout(function () {
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      b.disabled = true;
    });
  }, 0);
});
// Coming back through the browser's history shows the form ready to use again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (form) {
    delete form.dataset.sent;
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      b.disabled = false;
    });
  });
});
// Behaviour named by data attributes, never inline (the content-security policy allows no inline script):
// data-print prints the page, data-autosubmit sends its form on a change, data-back goes back in history
// (the browser restores what was typed in the form left behind).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print], [data-back]");
  if (!target) return;
  event.preventDefault();
  if (target.hasAttribute("data-print")) window.print();
  else history.back();
});
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
// A list drawn as cards on a phone: each cell gets its column's heading as data-label, shown
// before the value (app.css). Cells that say what they are (the title, badges, buttons) get none.
document.querySelectorAll("table.table-cards, table[data-labels]").forEach(function (table) {
  var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
    return th.textContent.trim();
  });
  table.querySelectorAll("tbody tr").forEach(function (row) {
    var col = 0;
    Array.prototype.forEach.call(row.cells, function (cell) {
      var head = heads[col];
      col += cell.colSpan || 1;
      // A cell across the whole row ("nothing yet") is a sentence, not a column's value.
      if (!head || (heads.length > 1 && cell.colSpan >= heads.length) || cell.querySelector(".item-title, [data-list-title], .state-badge, .btn, [data-urgency], :scope > input[type=checkbox]")) return;
      cell.setAttribute("data-label", head);
    });
  });
});
// A table that scrolls sideways inside its box can be scrolled from the keyboard: it takes focus
// and is named after its card's heading (WCAG 2.1.1; axe scrollable-region-focusable).
document.querySelectorAll(".table-responsive").forEach(function (box) {
  if (box.scrollWidth <= box.clientWidth || box.querySelector("a, button, input, select, textarea")) return;
  var card = box.closest(".card, section");
  var head = card && card.querySelector(".card-header, h2, h3");
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  if (head) box.setAttribute("aria-label", head.textContent.trim());
});
/* The header's menus (<details>: the administration menu, the congress picker) close on a click
   elsewhere and on Escape, as a menu does; without script they still open and close on their own. */
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.nav-more[open], details.congress-picker[open]").forEach(function (menu) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.nav-more[open], details.congress-picker[open]").forEach(function (menu) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
});
/* Batch routing: a row's co-unit checkboxes are copied from the page's one <template> when its list is
   first opened, named for the row and ticked as its hidden inputs were, which they replace. Until then
   the hidden inputs send the row's choice, so a row never opened routes as proposed (also without script). */
document.addEventListener("toggle", function (event) {
  var box = event.target;
  var template = document.getElementById("co-unit-choices");
  if (!template || !box.open || !box.matches("details[data-co-units]")) return;
  var list = box.querySelector(".co-list");
  if (list.querySelector("input[type=checkbox]")) return;  // opened before, or a refused row drawn with them
  var item = box.getAttribute("data-co-units");
  var chosen = Array.prototype.map.call(list.querySelectorAll("input[type=hidden]"), function (i) { return i.value; });
  var checks = template.content.cloneNode(true);
  checks.querySelectorAll("input").forEach(function (input) {
    input.name = "co-" + item;
    input.id = "co-" + item + "-" + input.value;
    input.checked = chosen.indexOf(input.value) >= 0;
    input.nextElementSibling.htmlFor = input.id;
  });
  list.replaceChildren(checks);
}, true);  // toggle does not bubble: caught on its way down
// The row's summary names the co-units ticked now, as the server drew it for the proposal.
document.addEventListener("change", function (event) {
  var box = event.target.closest("details[data-co-units]");
  var template = document.getElementById("co-unit-choices");
  if (!box || !template) return;
  var names = Array.prototype.map.call(box.querySelectorAll("input[type=checkbox]:checked"), function (input) {
    return input.nextElementSibling.textContent.trim();
  });
  var summary = box.querySelector("summary");
  if (names.length) { summary.textContent = names.join("、"); return; }
  var none = document.createElement("span");
  none.className = "text-muted";
  none.textContent = template.getAttribute("data-none");
  summary.replaceChildren(none);
});
