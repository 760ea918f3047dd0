/* Tamkeen's trainer pages, enhanced: a live lesson preview, images inserted at the cursor,
   and reordering by dragging or with Alt + arrow keys. Every action also works without this
   file, with plain forms. */
(function () {
  "use strict";

  function token() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function post(url, fields) {
    var data = new FormData();
    data.append("csrf_token", token());
    Object.keys(fields).forEach(function (name) { data.append(name, fields[name]); });
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response;
    });
  }

  /* -- live preview ------------------------------------------------------------------ */
  function livePreview(form) {
    var body = form.querySelector("textarea[name=body]");
    var target = document.getElementById("lesson-preview");
    var timer = null;
    if (!body || !target) { return; }
    function refresh() {
      var data = new FormData();
      data.append("csrf_token", token());
      data.append("body", body.value);
      return fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          // The server renders and sanitizes the Markdown, exactly as for trainees.
          if (html !== null) { target.innerHTML = html; }
        })
        .catch(function () { /* the Preview button still works */ });
    }
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    // The Preview button refreshes in place instead of reloading the page.
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.name === "preview") {
        event.preventDefault();
        clearTimeout(timer);
        refresh().then(function () {
          // On a phone the preview is below the form: bring it into view.
          var box = target.getBoundingClientRect();
          if (box.top > window.innerHeight || box.bottom < 0) { target.scrollIntoView(); }
        });
      }
    });
  }

  /* -- insert image -------------------------------------------------------------------- */
  function insertImage(form) {
    var dialog = document.getElementById("insert-image");
    var body = form.querySelector("textarea[name=body]");
    var errors = document.getElementById("insert-image-errors");
    if (!dialog || !body || !errors) { return; }
    function show(messages) {
      errors.textContent = messages.join(" ");
      errors.hidden = messages.length === 0;
    }
    // A refused field is invalid and described by the message (after its hint): a screen
    // reader reads the error when the field has the focus, not only when it is announced.
    function mark(fields) {
      Array.prototype.forEach.call(dialog.querySelectorAll("input, select"), function (input) {
        var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(
          function (id) { return id && id !== errors.id; });
        if (fields[input.id]) {
          input.setAttribute("aria-invalid", "true");
          described.push(errors.id);
        } else { input.removeAttribute("aria-invalid"); }
        if (described.length) { input.setAttribute("aria-describedby", described.join(" ")); }
        else { input.removeAttribute("aria-describedby"); }
      });
    }
    function offer(names) {
      var select = dialog.querySelector("select[name=image_choice]");
      if (!select) { return; }
      names.forEach(function (name) {
        if (!select.querySelector("option[value='" + CSS.escape(name) + "']")) {
          select.add(new Option(name, name));
        }
      });
    }
    form.addEventListener("submit", function (event) {
      if (!event.submitter || event.submitter.name !== "insert_image") { return; }
      event.preventDefault();
      var status = document.getElementById("insert-image-status");
      if (status) { status.textContent = ""; }
      var file = dialog.querySelector("input[name=image_file]").files[0];
      if (file && file.size > 5 * 1024 * 1024) {  // refused anyway: spare a slow connection
        mark({ image_file: true });
        show([dialog.dataset.tooLarge]);
        return;
      }
      var data = new FormData(form);
      data.append("insert_image", event.submitter.value);
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (response.status === 413) { return { errors: { image_file: [dialog.dataset.tooLarge] } }; }
        if (response.status !== 200 && response.status !== 422) { throw new Error(response.status); }
        return response.json();
      }).then(function (answer) {
        if (answer.errors) {
          var messages = [];
          Object.keys(answer.errors).forEach(function (id) { messages = messages.concat(answer.errors[id]); });
          mark(answer.errors);
          show(messages);
          return;
        }
        mark({});
        // At the cursor (or over the selection), the Markdown on a line of its own.
        var start = body.selectionStart, end = body.selectionEnd, text = body.value;
        var before = start > 0 && text.charAt(start - 1) !== "\n" ? "\n\n" : "";
        var after = end < text.length && text.charAt(end) !== "\n" ? "\n\n" : "";
        body.setRangeText(before + answer.markdown + after, start, end, "end");
        body.dispatchEvent(new Event("input", { bubbles: true }));
        offer(answer.names);
        dialog.querySelector("input[name=image_alt]").value = "";
        dialog.querySelector("input[name=image_file]").value = "";
        var select = dialog.querySelector("select[name=image_choice]");
        if (select) { select.value = ""; }
        show([]);
        dialog.open = false;
        body.focus();
        if (status) { status.textContent = dialog.dataset.inserted; }
      }).catch(function () { show([dialog.dataset.failed]); });
    });
  }

  /* -- reordering ---------------------------------------------------------------------- */
  var dragged = null;

  function items(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.matches("li[data-move-url]");
    });
  }

  function announce(text) {
    var status = document.getElementById("reorder-status");
    if (status) { status.textContent = ""; status.textContent = text || status.dataset.moved; }
  }

  function save(item, fields) {
    post(item.dataset.moveUrl, fields).then(function () { announce(); })
      .catch(function () { window.location.reload(); });
  }

  function moveBy(item, step) {
    var list = item.parentElement;
    var siblings = items(list);
    var index = siblings.indexOf(item) + step;
    if (index < 0 || index >= siblings.length) { return; }
    if (step < 0) { list.insertBefore(item, siblings[index]); }
    else { list.insertBefore(item, siblings[index].nextSibling); }
    save(item, { direction: step < 0 ? "up" : "down" });
  }

  function enhanceItem(item) {
    item.draggable = true;
    item.addEventListener("dragstart", function (event) {
      event.stopPropagation();
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.id);
      item.classList.add("dragging");
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("dragging");
      dragged = null;
    });
    item.addEventListener("dragover", function (event) {
      if (dragged && dragged !== item && dragged.parentElement === item.parentElement) {
        event.preventDefault();
        event.stopPropagation();
      }
    });
    item.addEventListener("drop", function (event) {
      if (!dragged || dragged.parentElement !== item.parentElement || dragged === item) { return; }
      event.preventDefault();
      event.stopPropagation();
      var list = item.parentElement;
      var before = items(list).indexOf(dragged) > items(list).indexOf(item);
      list.insertBefore(dragged, before ? item : item.nextSibling);
      save(dragged, { position: items(list).indexOf(dragged) + 1 });
    });
    item.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) { return; }
      if (event.target.closest("li[data-move-url]") !== item) { return; }
      event.preventDefault();
      var focused = document.activeElement;
      moveBy(item, event.key === "ArrowUp" ? -1 : 1);
      if (focused) { focused.focus(); }
    });
    var buttons = item.querySelector(".move form");
    if (buttons && buttons.closest("li[data-move-url]") === item) {
      buttons.addEventListener("submit", function (event) {
        event.preventDefault();
        var pressed = event.submitter;
        moveBy(item, pressed && pressed.value === "up" ? -1 : 1);
        if (pressed) { pressed.focus(); }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.editor[data-preview-url]"), livePreview);
    Array.prototype.forEach.call(document.querySelectorAll("form.editor[data-preview-url]"), insertImage);
    Array.prototype.forEach.call(document.querySelectorAll("li[data-move-url]"), enhanceItem);
  });
})();
