// Quick exit: the link (/exit) signs out and sends the browser on to a neutral site. This
// script hides the page at once and replaces it in the browser's history, so that the Back
// button does not bring it back. Without JavaScript the link still signs out and leaves.
// Quick exit and signing out also delete every course saved for offline reading, answers
// waiting to be sent and the service worker (sign-out's Clear-Site-Data header does too).
(function () {
  "use strict";

  function forget() {
    var work = [];
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if (window.indexedDB) {
      work.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("tamkeen-outbox");
        request.onsuccess = request.onerror = request.onblocked = resolve;
      }));
    }
    if (navigator.serviceWorker) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (r) { return r.unregister(); }));
      }));
    }
    // Never let a slow browser hold the person on the page: leave within a second.
    var limit = new Promise(function (resolve) { window.setTimeout(resolve, 1000); });
    return Promise.race([Promise.all(work).catch(function () {}), limit]);
  }

  var link = document.querySelector("[data-quick-exit]");
  if (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      document.documentElement.hidden = true;
      forget().then(function () { window.location.replace(link.href); });
    });
  }
  var signOut = document.querySelector("form[data-sign-out]");
  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      event.preventDefault();
      forget().then(function () { signOut.submit(); });
    });
  }
})();
