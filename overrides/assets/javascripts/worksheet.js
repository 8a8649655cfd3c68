/* The worksheet's only script: keep what a person types in this browser's local storage (never
   sent anywhere), and show the Print and Clear buttons, which need a script to work. Without
   it the worksheet still fills in and prints; only the saving is lost. */
(function () {
  "use strict";

  var form = document.querySelector("form.ws[data-ws-key]");
  if (!form) return;
  var key = form.getAttribute("data-ws-key");
  var messages = {};  // the page's words in its language (overrides/worksheet.html)
  try {
    messages = JSON.parse(document.getElementById("ws-messages").textContent) || {};
  } catch (error) {
    messages = {};
  }
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(key);
  } catch (error) {
    storage = null;  // storage blocked (private mode, settings): the page still works
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && (field.tagName === "TEXTAREA" || field.type === "text" ||
                            field.type === "checkbox");
    });
  }

  function load() {
    var saved = {};
    try {
      saved = JSON.parse(storage.getItem(key) || "{}") || {};
    } catch (error) {
      saved = {};
    }
    fields().forEach(function (field) {
      if (!Object.prototype.hasOwnProperty.call(saved, field.name)) return;
      if (field.type === "checkbox") field.checked = saved[field.name] === true;
      else field.value = String(saved[field.name]);
    });
  }

  function save() {
    var answers = {};
    fields().forEach(function (field) {
      if (field.type === "checkbox") {
        if (field.checked) answers[field.name] = true;
      } else if (field.value) {
        answers[field.name] = field.value;
      }
    });
    try {
      if (Object.keys(answers).length) storage.setItem(key, JSON.stringify(answers));
      else storage.removeItem(key);
    } catch (error) {
      /* storage full or blocked: the answers stay on the page until it is closed */
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });

  var print = document.querySelector(".ws-print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  if (!storage) return;
  load();
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  var clear = document.querySelector(".ws-clear");
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      var question = messages.confirm_clear ||
        "Clear every answer on this worksheet from this browser?";
      if (!window.confirm(question)) return;
      form.reset();
      storage.removeItem(key);
    });
  }
})();
