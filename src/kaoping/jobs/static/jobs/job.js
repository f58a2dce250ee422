// A background job's page: poll its status every second and move the progress bar; when it
// is done, show the download; when it failed, show why.
const panel = document.querySelector("[data-testid=job]");

function show(status) {
  panel.dataset.status = status.status;
  const state = panel.querySelector("[data-testid=job-state]");
  state.textContent = status.status_text;
  state.className = `status ${status.status}`;
  panel.querySelector("[data-testid=job-count]").textContent = status.total ? `${status.done} / ${status.total}` : "";
  const bar = panel.querySelector("[data-testid=job-bar]");
  bar.value = status.percent;
  bar.textContent = `${status.percent}%`;
  if (status.message) panel.querySelector("[data-testid=job-message]").textContent = status.message;
  const download = panel.querySelector("[data-testid=job-download]");
  if (status.download) {
    download.querySelector("a").href = status.download;
    download.querySelector("[data-testid=job-file]").textContent = status.file;
    download.hidden = false;
    panel.querySelector("[data-testid=job-kept]").hidden = false; // only a job with a file keeps one
  }
  const result = panel.querySelector("[data-testid=job-result]");
  result.textContent = (status.summary && status.summary.text) || "";
  result.hidden = !result.textContent;
  const error = panel.querySelector("[data-testid=job-error]");
  error.textContent = status.error;
  error.hidden = !status.error;
}

async function poll() {
  try {
    const answer = await fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (answer.ok) {
      const status = await answer.json();
      show(status);
      if (status.status === "done" || status.status === "failed") return;
    }
  } catch (error) {
    // the server restarting: try again below
  }
  window.setTimeout(poll, 1000);
}

if (panel && panel.dataset.status !== "done" && panel.dataset.status !== "failed") {
  window.setTimeout(poll, 500);
}
