// The entry grid: marks changed cells, keeps total rows summed as the user types, and on save
// sends only the cells that changed (so a conflict shows only what this user really changed).
// The rule messages at the cells are opened by bubbles.js. The server stays the authority: it
// validates on every change (htmx) and recomputes totals and computed columns.

function currentValue(cell) {
  const boxes = cell.querySelectorAll("input[type=checkbox][data-code]");
  if (boxes.length) return [...boxes].filter((b) => b.checked).map((b) => b.value).join(",");
  const field = cell.querySelector("[data-main]");
  return field ? field.value : "";
}

function markChanged(cell) {
  const main = currentValue(cell) !== (cell.dataset.orig || "");
  const spec = cell.querySelector(".spec [data-orig]");
  const specChanged = spec ? spec.value !== spec.dataset.orig : false;
  cell.classList.toggle("changed", main || specChanged);
}

function parseNumber(text) {
  const clean = text.replace(/[,，\s]/g, "").replace(/[０-９．]/g, (ch) =>
    ch === "．" ? "." : String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (clean === "" || !/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

function refreshTotals(form) {
  for (const out of form.querySelectorAll("[data-sum-of]")) {
    const table = out.closest("table");
    const column = out.dataset.sumOf;
    let sum = 0;
    let any = false;
    for (const input of table.querySelectorAll(`tr.data td.cell[data-col="${column}"] [data-main]`)) {
      const n = parseNumber(input.value);
      if (n !== null) { sum += n; any = true; }
    }
    const decimals = Number(out.dataset.decimals || 0);
    out.textContent = any ? sum.toFixed(decimals) : "";
  }
}

function sendOnlyChanges(form) {
  for (const cell of form.querySelectorAll("td.cell.input")) {
    const unchanged = currentValue(cell) === (cell.dataset.orig || "");
    for (const field of cell.querySelectorAll("[name]")) {
      if (field.closest(".spec")) {
        if (field.value === field.dataset.orig) field.disabled = true;
      } else if (unchanged) {
        field.disabled = true;
      }
    }
  }
}

function restoreFields(form) {
  for (const field of form.querySelectorAll("td.cell.input [name]:disabled")) field.disabled = false;
}

export function markScrolling(root) {
  for (const wrap of root.querySelectorAll(".grid-wrap")) {
    const table = wrap.querySelector("table");
    wrap.classList.remove("scrolls");
    if (table && table.scrollWidth > wrap.clientWidth + 1) wrap.classList.add("scrolls");
  }
}

// Enter moves down a row in the same column, Shift+Enter up, as in a spreadsheet.
function moveVertically(event) {
  if (event.key !== "Enter" || event.target.tagName === "TEXTAREA") return;
  const cell = event.target.closest("td.cell");
  if (!cell) return;
  event.preventDefault();
  const rows = [...cell.closest("tbody").querySelectorAll("tr.data")];
  const index = rows.indexOf(cell.closest("tr"));
  const column = cell.dataset.col;
  const step = event.shiftKey ? -1 : 1;
  for (let i = index + step; i >= 0 && i < rows.length; i += step) {
    const next = rows[i].querySelector(`td.cell.input[data-col="${column}"] [data-main], td.cell.input[data-col="${column}"] summary`);
    if (next) {
      next.focus();
      if (next.select) next.select();
      return;
    }
  }
}

export function initGrid(form) {
  form.addEventListener("keydown", moveVertically);
  form.addEventListener("input", (event) => {
    const cell = event.target.closest("td.cell");
    if (cell) markChanged(cell);
    refreshTotals(form);
  });
  form.addEventListener("change", (event) => {
    const cell = event.target.closest("td.cell");
    if (!cell) return;
    markChanged(cell);
    refreshTotals(form);
    const state = document.querySelector("[data-save-state]");
    if (state) state.textContent = form.dataset.msgUnsaved || "";
  });
  form.addEventListener("submit", () => {
    sendOnlyChanges(form);
    // re-enable after the browser has collected the fields (back button, bfcache)
    setTimeout(() => restoreFields(form), 0);
  });
  window.addEventListener("beforeunload", (event) => {
    if (form.dataset.submitting) return;
    if (form.querySelector("td.cell.changed")) event.preventDefault();
  });
  form.addEventListener("submit", () => { form.dataset.submitting = "1"; });
  for (const cell of form.querySelectorAll("td.cell.input")) markChanged(cell);
}
