// A 说明 saved from the check results. It goes through the entry form's own request queue, so it
// is answered after any check still running and before any check asked later: an older check's
// answer can no longer redraw the results over the saved 说明 (docs/用户手册.md §4.5).
// Its fields are taken when the button is pressed; the results it answers may be redrawn meanwhile.
export function initExplain(root, grid) {
  root.addEventListener("submit", (event) => {
    const box = event.target.closest("form.explain");
    if (!box || !window.htmx) return;
    event.preventDefault();
    const values = Object.fromEntries(new FormData(box));
    window.htmx.ajax("POST", box.action, { source: grid, values, swap: "none" });
  });
}
