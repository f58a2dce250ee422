// Code cells: the several-codes popover's summary, and the explanation box of a
// （请说明） code, shown only while such a code is chosen.

function chosen(cell) {
  const select = cell.querySelector("select[data-code]");
  if (select) return select.value ? [select.value] : [];
  return [...cell.querySelectorAll("input[type=checkbox][data-code]:checked")].map((b) => b.value);
}

function refreshSummary(details) {
  const letters = [...details.querySelectorAll("input[type=checkbox]:checked")].map((b) => b.value);
  const summary = details.querySelector("summary");
  summary.textContent = letters.length ? letters.join(",") : "";
  // the whole meaning of each chosen code, for the mouse (the letters alone are short)
  const meanings = [...details.querySelectorAll("input[type=checkbox]:checked")].map((b) => b.parentElement.textContent.trim());
  summary.title = meanings.join("；");
  details.classList.toggle("blank", letters.length === 0);
}

export function refreshSpec(cell) {
  const spec = cell.querySelector(".spec");
  if (!spec) return;
  const needs = (cell.dataset.specCodes || "").split(",").filter(Boolean);
  const show = chosen(cell).some((c) => needs.includes(c));
  const input = spec.querySelector("input, textarea");
  spec.hidden = !show && !(input && input.value.trim());
}

export function initCodes(form) {
  for (const details of form.querySelectorAll("details.codes")) refreshSummary(details);
  form.addEventListener("change", (event) => {
    const cell = event.target.closest("td.cell");
    if (!cell) return;
    const details = event.target.closest("details.codes");
    if (details) refreshSummary(details);
    if (event.target.matches("select")) {
      const select = event.target;
      select.classList.toggle("blank", !select.value);
      // a narrow drop-down cuts a long meaning short: the whole of it shows on hover
      if (select.matches("[data-code]")) select.title = select.value ? select.selectedOptions[0].textContent : "";
    }
    refreshSpec(cell);
  });
  // close an open popover when clicking elsewhere
  document.addEventListener("click", (event) => {
    for (const open of form.querySelectorAll("details.codes[open]")) {
      if (!open.contains(event.target)) open.open = false;
    }
  });
}
