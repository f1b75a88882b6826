// The co-signer picker: filter the deputies by name or group as the lead deputy types.
(function () {
  "use strict";
  var input = document.querySelector("[data-filter]");
  if (!input) return;
  var none = document.querySelector("[data-none]");
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll(".picker-group").forEach(function (group) {
      var any = false;
      group.querySelectorAll("[data-name]").forEach(function (row) {
        var hit = !q || row.getAttribute("data-name").toLowerCase().indexOf(q) !== -1;
        var checked = row.querySelector("input").checked;
        row.hidden = !(hit || checked);  // a ticked deputy stays visible
        if (!row.hidden) { any = true; shown += 1; }
      });
      group.hidden = !any;
    });
    if (none) none.hidden = shown > 0;
  });
  // Enter in the filter box must not send the form half-filled.
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
}());
