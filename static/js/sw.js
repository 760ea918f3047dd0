// Tamkeen's service worker, registered only when a trainee saves a course for offline
// reading (static/js/offline.js stores it in caches named "tamkeen-course-<id>").
// Every GET goes to the network first: online, pages are as fresh as without it, and a
// page already saved is replaced by the newer copy (stamped with the time it was saved).
// Offline, a saved copy answers, or else the small offline page. Quick exit and signing
// out delete the caches and unregister this worker.
"use strict";
var PREFIX = "tamkeen-course-";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function cachesHolding(request) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0; })
      .map(function (name) {
        return caches.open(name).then(function (cache) {
          return cache.match(request, { ignoreVary: true }).then(function (found) {
            return found ? cache : null;
          });
        });
      }));
  }).then(function (found) { return found.filter(Boolean); });
}

function refresh(request, response) {
  return cachesHolding(request).then(function (holding) {
    if (!holding.length) { return null; }
    var headers = new Headers(response.headers);
    headers.set("X-Saved-At", new Date().toISOString());
    return response.blob().then(function (body) {
      return Promise.all(holding.map(function (cache) {
        return cache.put(request, new Response(body, { status: 200, headers: headers }));
      }));
    });
  });
}

function saved(request) {
  return caches.match(request, { ignoreVary: true }).then(function (found) {
    if (found) { return found; }
    if (request.mode !== "navigate") { return Response.error(); }
    return caches.match("/offline").then(function (page) { return page || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    if (response.status === 200 && response.type === "basic" && !response.redirected) {
      event.waitUntil(refresh(request, response.clone()));
    }
    return response;
  }, function () { return saved(request); }));
});
