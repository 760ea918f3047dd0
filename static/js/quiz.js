// Quiz pages, enhanced. Without this file every answer is saved by the form's buttons; with
// it, answers also save as they change, ordering items move with buttons, and the time left
// counts down. The server decides everything: this only sends the same form sooner.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("save-status");
  var pending = null;

  function say(key) {
    if (status) { status.textContent = status.getAttribute("data-" + key) || ""; }
  }

  // Offline, on a saved course's page, the answer waits on the phone (static/js/offline.js).
  function keep(data) {
    var kept = window.tamkeenOutbox && window.tamkeenOutbox.add(form.action, data);
    say(kept ? "queued" : "offline");
    return kept;
  }

  function save() {
    var data = new FormData(form);
    data.set("autosave", "1");
    if (!navigator.onLine) { keep(data); return; }
    say("saving");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 204) { say("saved"); }
        else if (response.status === 205) { window.location.reload(); }
        else { say("failed"); }
      })
      .catch(function () { keep(data); });
  }

  function soon(delay) {
    window.clearTimeout(pending);
    pending = window.setTimeout(save, delay);
  }

  // A button pressed offline: the answer is kept, and the saved page asked for opens.
  function submitOffline(event) {
    var kept = !navigator.onLine && keep(new FormData(form));
    if (!kept) { return; }
    event.preventDefault();
    var go = event.submitter ? event.submitter.value : "stay";
    var number = parseInt(form.action.split("/").pop(), 10);
    var target = go === "next" ? number + 1 : go === "previous" ? number - 1 : parseInt(go, 10);
    var count = document.querySelectorAll(".question-nav button[value]").length - 1;
    if (target >= 1 && target <= count && target !== number) {
      kept.then(function () { window.location.href = form.action.replace(/\d+$/, target); });
    }
  }

  if (form) {
    form.addEventListener("submit", submitOffline);
    form.addEventListener("change", function () { soon(200); });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "INPUT" && event.target.type === "text") { soon(1000); }
      if (event.target.tagName === "TEXTAREA") { soon(3000); } // an essay: a pause in writing
    });
  }

  // Ordering: "up" and "down" buttons move an item; the position selects follow the list.
  function renumber(list) {
    var items = list.querySelectorAll("li");
    for (var i = 0; i < items.length; i++) {
      items[i].querySelector("select").value = String(i + 1);
    }
    list.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addMoveButtons(list) {
    var labels = list.closest("[data-move-labels]") || document.body;
    var up = labels.getAttribute("data-move-up") || "↑";
    var down = labels.getAttribute("data-move-down") || "↓";
    list.querySelectorAll("li").forEach(function (item) {
      [[up, -1], [down, 1]].forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button secondary move";
        button.textContent = pair[0];
        button.addEventListener("click", function () {
          var sibling = pair[1] < 0 ? item.previousElementSibling : item.nextElementSibling;
          if (!sibling) { return; }
          list.insertBefore(item, pair[1] < 0 ? sibling : sibling.nextElementSibling);
          renumber(list);
          button.focus();
        });
        item.appendChild(button);
      });
    });
  }

  document.querySelectorAll("[data-ordering]").forEach(addMoveButtons);

  // The time left, ticking; at zero the page reloads and the server says what happens.
  var clock = document.querySelector("[data-seconds-left]");
  if (clock) {
    var end = Date.now() + 1000 * parseInt(clock.getAttribute("data-seconds-left"), 10);
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var seconds = left % 60;
      clock.textContent = Math.floor(left / 60) + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
    };
    tick();
  }
})();
