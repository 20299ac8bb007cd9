// An import's page follows the import: the files done (one figure, the bar and the counts
// below it alike) are refreshed from the run's progress address, and the page reloads when
// the run moves on (preview ready, run started, stopping, finished).
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
        if (
          state.status !== box.dataset.status ||
          String(state.stopping) !== box.dataset.stopping
        ) {
          window.location.reload();
          return;
        }
        if (state.total) {
          bar.max = state.total;
          bar.value = state.done;
        } else {
          bar.removeAttribute("value");
        }
        text.textContent = state.text;
        Object.entries(state.counts || {}).forEach(([status, count]) => {
          const cell = box.querySelector(`[data-count="${status}"]`);
          if (cell) {
            cell.textContent = count;
          }
        });
      }
    } catch (error) {
      // The server may be restarting: the next poll tries again.
    }
    window.setTimeout(poll, every);
  }

  window.setTimeout(poll, every);
})();
