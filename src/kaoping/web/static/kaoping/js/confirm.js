// Buttons and links with data-confirm ask before acting (delete a list row, discard edits).
export function initConfirm(root) {
  root.addEventListener("click", (event) => {
    const el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
}
