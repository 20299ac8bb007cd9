// An import's page follows the import: the count of files done is refreshed from the run's
// progress address, and the page reloads when the run moves on (preview ready, run finished).
(function () {
  "use strict";
  const box = document.querySelector("[data-import-progress]");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-import-progress-text]");
  const every = 1500;

  async function poll() {
    try {
      const response = await fetch(box.dataset.importProgress, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const state = await response.json();
        if (state.status !== box.dataset.status) {
          window.location.reload();
          return;
        }
        if (state.total) {
          bar.max = state.total;
          bar.value = state.done;
        }
        text.textContent = state.text;
      }
    } catch (error) {
      // The server may be restarting: the next poll tries again.
    }
    window.setTimeout(poll, every);
  }

  window.setTimeout(poll, every);
})();
