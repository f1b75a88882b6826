// Similar suggestions beside the draft form: as the title and text change, ask /api/v1/similar and
// list the closest suggestions with their scores, so the deputy can join one or say how theirs differs.
// On a phone the list is a panel at the bottom of the screen that folds away (drafting.css).
// The channel's review route under the radio buttons follows the choice.
(function () {
  "use strict";
  var box = document.getElementById("similar");
  if (!box) { return; }
  var fields = ["title", "reasons", "proposals"].map(function (id) { return document.getElementById(id); });
  var list = box.querySelector("[data-list]");
  var count = box.querySelector("[data-count]");
  var toggle = box.querySelector("[data-toggle]");
  var timer = null;
  var sent = "";

  if (toggle) {
    toggle.dataset.shown = toggle.textContent;  // the folded label comes from the page (data-folded)
    toggle.addEventListener("click", function () {
      var folded = box.classList.toggle("is-folded");
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
      toggle.textContent = folded ? toggle.dataset.folded : toggle.dataset.shown;
    });
  }

  document.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      document.querySelectorAll("[data-route]").forEach(function (li) {
        li.classList.toggle("fw-semibold", li.dataset.route === radio.value && radio.checked);
      });
    });
  });

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  function render(rows) {
    list.replaceChildren();
    box.hidden = rows.length === 0;
    if (count) { count.textContent = rows.length ? String(rows.length) : ""; }
    rows.forEach(function (row) {
      var li = document.createElement("li");
      li.className = "list-group-item d-flex gap-2 align-items-start";
      li.dataset.item = row.id;
      li.appendChild(text("span", row.percent + "%", "badge text-bg-info"));
      var body = document.createElement("div");
      if (row.url) {
        var a = text("a", row.title);
        a.href = row.url;
        a.target = "_blank";
        a.rel = "noopener";
        body.appendChild(a);
      } else {
        body.appendChild(text("span", row.title));
      }
      body.appendChild(text("div", row.label + " · " + row.state_label, "small text-muted"));
      li.appendChild(body);
      list.appendChild(li);
    });
  }

  function ask() {
    var params = new URLSearchParams({
      title: fields[0] ? fields[0].value : "",
      text: fields.slice(1).map(function (f) { return f ? f.value : ""; }).join("\n")
    });
    if (box.dataset.exclude) { params.set("exclude", box.dataset.exclude); }
    var query = params.toString();
    if (query === sent || !params.get("title").trim() && !params.get("text").trim()) { return; }
    sent = query;
    fetch(box.dataset.url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(render)
      .catch(function () { render([]); });
  }

  fields.forEach(function (f) {
    if (f) {
      f.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 300);  // wait for a pause in typing, not every keystroke
      });
    }
  });
  ask();
})();
