// The routing rule editor: "up"/"down" buttons move a rule and renumber the positions.
// Without this script the administrator types the position numbers; the result is the same.
(function () {
  var box = document.querySelector("[data-reorder]");
  if (!box) { return; }
  function rules() { return Array.prototype.slice.call(box.querySelectorAll("[data-rule]")); }
  function renumber() {
    rules().forEach(function (rule, i) {
      var order = rule.querySelector("input[name$='-ORDER']");
      if (order) { order.value = String(i + 1); }
    });
  }
  function move(rule, step, button) {
    var list = rules();
    var index = list.indexOf(rule) + step;
    if (index < 0 || index >= list.length) { return; }
    if (step < 0) { box.insertBefore(rule, list[index]); } else { box.insertBefore(list[index], rule); }
    renumber();
    button.focus();
  }
  rules().forEach(function (rule) {
    var legend = rule.querySelector("legend");
    var name = legend ? legend.textContent : "";
    var bar = document.createElement("p");
    bar.className = "reorder";
    [[box.dataset.up, -1], [box.dataset.down, 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = spec[0];
      button.setAttribute("aria-label", spec[0] + ": " + name);
      button.addEventListener("click", function () { move(rule, spec[1], button); });
      bar.appendChild(button);
    });
    rule.insertBefore(bar, legend ? legend.nextSibling : rule.firstChild);
  });
})();
