// Reading and answering without the network, for signed-in trainees. Nothing here is
// needed: without it (no JavaScript, or plain http on a LAN address, where browsers give
// no service worker) every page works online and the handbook PDF is the offline copy.
// With it: "Save for offline" stores a course in the browser's caches (static/js/sw.js
// serves them when the network is off); answers and "Mark as complete" given offline wait
// in IndexedDB and are sent when the network is back. Every text comes from the page.
(function () {
  "use strict";
  var PREFIX = "tamkeen-course-", META = "/offline/saved-course", DB = "tamkeen-outbox";
  if (!(window.isSecureContext && "serviceWorker" in navigator && window.caches)) { return; }
  document.querySelectorAll("[data-offline-fallback]").forEach(function (p) { p.hidden = true; });
  var box = document.getElementById("offline");
  var status = document.getElementById("outbox-status");
  function text(key, values) {
    var t = (box && box.getAttribute("data-" + key)) || "";
    Object.keys(values || {}).forEach(function (k) { t = t.replace("{" + k + "}", values[k]); });
    return t;
  }
  function when(iso) { return new Date(iso).toLocaleString(document.documentElement.lang); }
  function courseCaches() {
    return caches.keys().then(function (names) {
      return names.filter(function (name) { return name.indexOf(PREFIX) === 0; });
    });
  }

  // Saving a course: its addresses come from the server, each answer is stamped and kept.
  function stamp(response) {
    var headers = new Headers(response.headers);
    headers.set("X-Saved-At", new Date().toISOString());
    return response.blob().then(function (body) {
      return new Response(body, { status: response.status, headers: headers });
    });
  }
  function get(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error(url); }
      return response;
    });
  }
  function save(place) {
    var say = function (key) {
      place.querySelector("[role=status]").textContent = place.getAttribute("data-" + key);
    };
    say("saving");
    navigator.serviceWorker.register("/sw.js")
      .then(function () { return get(place.getAttribute("data-offline-save")); })
      .then(function (response) { return response.json(); })
      .then(function (list) {
        return caches.open(PREFIX + list.course).then(function (cache) {
          return Promise.all(list.urls.map(function (url) {
            return get(url).then(stamp).then(function (r) { return cache.put(url, r); });
          })).then(function () {
            var meta = { title: list.title, language: list.language, url: list.urls[0] };
            meta.user = box.getAttribute("data-user");
            meta.savedAt = new Date().toISOString();
            return cache.put(META, new Response(JSON.stringify(meta)));
          });
        });
      })
      .then(function () { say("saved"); }, function () { say("failed"); });
  }
  document.querySelectorAll("[data-offline-save]").forEach(function (place) {
    place.hidden = false;
    place.querySelector("button").addEventListener("click", function () { save(place); });
  });

  // A course saved by someone else who never signed out (a shared phone whose session
  // ran out) is deleted as soon as another person signs in here.
  function owned(names) {
    return Promise.all(names.map(function (name) {
      return caches.match(META, { cacheName: name }).then(function (m) { return m && m.json(); })
        .then(function (meta) {
          if (meta && meta.user === box.getAttribute("data-user")) { return name; }
          return caches.delete(name).then(function () { return null; });
        });
    })).then(function (kept) { return kept.filter(Boolean); });
  }

  // A page read from a saved course says when it was saved.
  var note = document.getElementById("offline-note");
  var mine = courseCaches().then(owned);
  mine.then(function (names) {
    if (!names.length || !note) { return null; }
    return caches.match(location.pathname + location.search, { ignoreVary: true });
  }).then(function (saved) {
    var at = saved && saved.headers.get("X-Saved-At");
    if (!at) { return; }
    note.textContent = text(navigator.onLine ? "saved-on" : "offline", { date: when(at) });
    note.hidden = false;
  });

  // The outbox: one waiting POST per address (a newer answer replaces an older one).
  function store(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore("outbox", { keyPath: "url" });
      };
      open.onerror = reject;
      open.onsuccess = function () {
        var db = open.result, tx = db.transaction("outbox", mode);
        var request = work(tx.objectStore("outbox"));
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function show(counts) {
    var parts = [];
    if (counts.waiting) { parts.push(text("waiting", { count: counts.waiting })); }
    if (counts.sent && !counts.waiting) { parts.push(text("sent")); }
    ["late", "refused", "sign-in"].forEach(function (key) {
      if (counts[key]) { parts.push(text(key, { count: counts[key] })); }
    });
    if (status && parts.length) { status.textContent = parts.join(" "); }
  }
  function waiting() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return items.filter(function (item) { return item.user === box.getAttribute("data-user"); })
        .sort(function (a, b) { return a.at < b.at ? -1 : 1; });
    });
  }
  function add(url, data) {
    if (!navigator.serviceWorker.controller || !box) { return null; }
    data.set("autosave", "1");
    var item = { url: url, user: box.getAttribute("data-user"), at: new Date().toISOString() };
    item.body = Array.from(data.entries()).filter(function (p) { return typeof p[1] === "string"; });
    return store("readwrite", function (s) { return s.put(item); })
      .then(waiting).then(function (items) { show({ waiting: items.length }); });
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine || !box || !navigator.serviceWorker.controller) { return; }
    flushing = true;
    var counts = { sent: 0, late: 0, refused: 0 };
    var token = document.querySelector("input[name=csrf_token]");
    waiting().then(function (items) {
      return items.reduce(function (previous, item) {
        return previous.then(function () { return send(item, token, counts); });
      }, Promise.resolve()).then(function () { return items.length; });
    }).then(function (count) {
      return count ? waiting().then(function (left) { counts.waiting = left.length; show(counts); })
        : null;
    }).catch(function () { return null; }).then(function () { flushing = false; });
  }
  function send(item, token, counts) {
    var body = new URLSearchParams(item.body);
    if (token) { body.set("csrf_token", token.value); }  // this session's token
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected) { counts["sign-in"] = (counts["sign-in"] || 0) + 1; return; }
        var key = response.status === 204 ? "sent" : response.status === 205 ? "late" : "refused";
        counts[key] += 1;
        return store("readwrite", function (s) { return s.delete(item.url); });
      });
  }
  window.tamkeenOutbox = { add: add };
  window.addEventListener("online", flush);
  if (navigator.serviceWorker.controller && box) {
    if (navigator.onLine) { flush(); } else {
      waiting().then(function (items) { show({ waiting: items.length }); });
    }
  }

  // "Mark as complete" on a saved lesson, offline: kept, and said so.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine || !form.matches("[data-offline-queue]")) { return; }
    var kept = add(form.action, new FormData(form));
    if (!kept) { return; }
    event.preventDefault();
    kept.then(function () {
      var p = document.createElement("p");
      p.textContent = text("queued");
      form.replaceWith(p);
    });
  });

  // The list of saved courses, with their sizes and a button to remove each.
  var list = document.getElementById("saved-courses");
  function size(cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (r) {
        return cache.match(r).then(function (found) { return found.blob(); });
      }));
    }).then(function (blobs) {
      var bytes = blobs.reduce(function (sum, b) { return sum + b.size; }, 0);
      return (bytes / 1024).toLocaleString(document.documentElement.lang,
        { maximumFractionDigits: 0 }) + " KB";
    });
  }
  function entry(name) {
    return caches.open(name).then(function (cache) {
      return Promise.all([cache.match(META).then(function (m) { return m && m.json(); }),
        size(cache)]).then(function (found) {
        var meta = found[0] || {}, li = document.createElement("li");
        var link = document.createElement("a"), button = document.createElement("button");
        link.href = meta.url || "/";
        link.textContent = meta.title || name;
        link.lang = meta.language || "";
        link.dir = "auto";  // a French title in an Arabic list keeps its own order
        button.type = "button";
        button.className = "button secondary";
        button.textContent = list.getAttribute("data-remove");
        button.addEventListener("click", function () {
          caches.delete(name).then(courseCaches).then(function (left) {
            li.remove();
            document.getElementById("saved-status").textContent = list.getAttribute("data-removed");
            if (!left.length) { navigator.serviceWorker.getRegistrations().then(unregister); }
          });
        });
        li.append(link, " ", list.getAttribute("data-size").replace("{size}", found[1])
          .replace("{date}", when(meta.savedAt)), " ", button);
        return li;
      });
    });
  }
  function unregister(registrations) {
    registrations.forEach(function (r) { r.unregister(); });
  }
  if (list) {
    mine.then(function (names) { return Promise.all(names.map(entry)); })
      .then(function (items) {
        var ul = list.querySelector("ul");
        items.forEach(function (li) { ul.append(li); });
        if (!items.length) { list.querySelector("[role=status]").textContent =
          list.getAttribute("data-empty"); }
        list.hidden = false;
      });
  }
})();
