// Kompass Studio: the little the pages need besides htmx. No arithmetic here: the server checks
// and sums every score (the score model and check), this only moves text and marks fields.
(function () {
  "use strict";

  // A field whose message (beside it) is not empty is marked invalid for screen readers too.
  function markFields() {
    document.querySelectorAll("input[aria-describedby]").forEach(function (input) {
      var ids = input.getAttribute("aria-describedby").split(" ");
      var message = ids.map(function (id) { return document.getElementById(id); })
        .filter(function (el) { return el && el.classList.contains("fel"); })[0];
      if (!message) { return; }
      if (message.textContent.trim()) { input.setAttribute("aria-invalid", "true"); }
      else { input.removeAttribute("aria-invalid"); }
    });
  }

  // A column pasted from Excel into a score field fills that field and the ones after it.
  function pasteColumn(event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[name^='q-']")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r/g, "").split("\n");
    if (lines.length && lines[lines.length - 1] === "") { lines.pop(); }
    if (lines.length < 2) { return; }
    event.preventDefault();
    var fields = Array.prototype.slice.call(input.form.querySelectorAll("input[name^='q-']"));
    var start = fields.indexOf(input);
    lines.forEach(function (line, offset) {
      var field = fields[start + offset];
      if (field) { field.value = line.split("\t")[0].trim(); }
    });
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // The value menu of the Text page: the chosen placeholder is put at the cursor of the text last
  // edited (the menu takes the focus, so the text area is remembered when it loses it).
  var lastText = null;
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("form.text textarea")) { lastText = event.target; }
  });
  function insertPlaceholder(event) {
    if (!event.target.matches || !event.target.matches("#infoga")) { return; }
    var choice = document.getElementById("platshallare");
    var said = document.getElementById("infoga-besked");
    if (!lastText || !document.body.contains(lastText)) {
      said.textContent = "Ställ markören i en text först.";
      return;
    }
    var start = lastText.selectionStart, end = lastText.selectionEnd, value = choice.value;
    lastText.value = lastText.value.slice(0, start) + value + lastText.value.slice(end);
    lastText.focus();
    lastText.setSelectionRange(start + value.length, start + value.length);
    lastText.dispatchEvent(new Event("input", { bubbles: true }));
    said.textContent = "Infogade " + value + ".";
  }

  document.addEventListener("click", insertPlaceholder);
  document.addEventListener("paste", pasteColumn);
  document.addEventListener("htmx:afterSettle", markFields);
  document.addEventListener("htmx:oobAfterSwap", markFields);
  document.addEventListener("DOMContentLoaded", markFields);
})();
