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
