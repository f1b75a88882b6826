/* Check chosen files before sending: a send larger than the server accepts is refused whole
   (HTTP 413) and the typed text would be lost. Limits and messages come from the page
   (data-* attributes of the file input, set from the configuration and translated there). */
(function () {
  // A chosen file's size, rounded up so a file just over a limit never reads as equal to it.
  function size(bytes) {
    if (bytes < 1048576) return Math.ceil(bytes / 1024) + " KB";
    return (Math.ceil(bytes / 104857.6) / 10) + " MB";
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function problem(input) {
    var files = Array.prototype.slice.call(input.files || []);
    var each = Number(input.dataset.maxBytes), count = Number(input.dataset.maxFiles);
    var whole = Number(input.dataset.maxRequest);
    if (count && files.length > count) return fill(input.dataset.msgCount, {n: count});
    var total = 0;
    for (var i = 0; i < files.length; i++) {
      total += files[i].size;
      if (each && files[i].size > each) {
        return fill(input.dataset.msgFile, {name: files[i].name, size: size(files[i].size),
                                            max: input.dataset.maxBytesLabel});
      }
    }
    if (whole && total > whole) {
      return fill(input.dataset.msgTotal, {size: size(total), max: input.dataset.maxRequestLabel});
    }
    return "";
  }
  function show(input, message) {
    var box = input.parentNode.querySelector("[data-upload-error]");
    if (!box) {
      box = document.createElement("div");
      box.className = "invalid-feedback d-block";
      box.setAttribute("data-upload-error", "");
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    box.hidden = !message;
    input.classList.toggle("is-invalid", !!message);
  }
  var inputs = "input[type=file][data-max-bytes]";
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(inputs)) show(event.target, problem(event.target));
  });
  // Capture phase: runs before app.js marks the form as sent, and stops the send here.
  document.addEventListener("submit", function (event) {
    var bad = null;
    event.target.querySelectorAll(inputs).forEach(function (input) {
      var message = problem(input);
      show(input, message);
      if (message && !bad) bad = input;
    });
    if (bad) {
      event.preventDefault();
      event.stopPropagation();
      bad.focus();
    }
  }, true);
})();
