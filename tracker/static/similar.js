// Similar suggestions beside the draft form: as the title and text change, ask /api/similar and
// list the closest suggestions with their scores, so the deputy can join one or say how theirs differs.
(function () {
  "use strict";
  var box = document.getElementById("similar");
  if (!box) { return; }
  var fields = ["title", "reasons", "proposals"].map(function (id) { return document.getElementById(id); });
  var list = box.querySelector("[data-list]");
  var timer = null;
  var sent = "";

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  function render(rows) {
    list.replaceChildren();
    box.hidden = rows.length === 0;
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
        timer = setTimeout(ask, 400);  // wait for a pause in typing, not every keystroke
      });
    }
  });
  ask();
})();
