// A bulk import's page: poll its chunks' status every second and move the bar; when every
// chunk is done, load the page again (it then shows the report of each file).
const panel = document.querySelector("[data-testid=bulk-batch]");

async function poll() {
  try {
    const answer = await fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (answer.ok) {
      const status = await answer.json();
      panel.querySelector("[data-testid=job-count]").textContent = `${status.done} / ${status.total}`;
      const bar = panel.querySelector("[data-testid=job-bar]");
      bar.value = status.percent;
      bar.textContent = `${status.percent}%`;
      if (status.finished) {
        window.location.reload();
        return;
      }
    }
  } catch (error) {
    // the server restarting: try again below
  }
  window.setTimeout(poll, 1000);
}

if (panel && panel.dataset.finished !== "1") window.setTimeout(poll, 500);
