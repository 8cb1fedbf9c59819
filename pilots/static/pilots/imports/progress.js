// An import's page asks for its status every half second and reloads itself once the file is
// checked or imported. Without JavaScript the page refreshes itself (a <meta> refresh inside
// <noscript>) every few seconds instead.
(function () {
  "use strict";
  var section = document.querySelector("[data-status-url]");
  if (!section || !window.fetch) {
    return;
  }
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("import-progress");
  var label = document.getElementById("progress-label");
  var delay = 500;

  function update(data) {
    if (!data.working) {
      window.location.reload();
      return false;
    }
    if (bar) {
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
    }
    if (label && data.progress_text) {
      label.textContent = data.progress_text;
    }
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (update(data)) {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
