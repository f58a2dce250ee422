// Paste a rectangular block copied from Excel/WPS (tab-separated columns, newline-separated
// rows) into the grid, starting at the focused cell. Read-only, "——" and computed cells are
// skipped but keep their place, so the block lands where it was in the spreadsheet.
import { refreshSpec } from "./codes.js";

function parseBlock(text) {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  return lines.map((line) => line.split("\t"));
}

function isoDate(text) {
  const m = text.trim().match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) return text.trim();
  return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}

function letters(text) {
  return text.split(/[,，、;；\s]+/).map((t) => t.trim().charAt(0).toLowerCase()).filter(Boolean);
}

function fill(cell, raw) {
  if (!cell.classList.contains("input")) return false;
  const boxes = cell.querySelectorAll("input[type=checkbox][data-code]");
  if (boxes.length) {
    const want = letters(raw);
    for (const b of boxes) b.checked = want.includes(b.value);
    return true;
  }
  const field = cell.querySelector("[data-main]");
  if (!field || field.disabled) return false;
  if (field.tagName === "SELECT") {
    const text = raw.trim();
    const option = [...field.options].find((o) =>
      o.value === text || o.textContent.trim() === text || (o.value && text.startsWith(o.value + ".")) ||
      (o.value && text.toLowerCase() === o.value.toLowerCase()));
    field.value = option ? option.value : "";
  } else if (field.classList.contains("date")) {
    field.value = isoDate(raw);
  } else {
    field.value = raw.trim();
  }
  return true;
}

export function initPaste(form) {
  form.addEventListener("paste", (event) => {
    const start = event.target.closest("td.cell");
    if (!start) return;
    const text = (event.clipboardData || window.clipboardData).getData("text/plain");
    if (!text || !/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return; // one value: the browser pastes it
    event.preventDefault();
    const block = parseBlock(text);
    const tr = start.closest("tr");
    const rows = [...tr.closest("tbody").querySelectorAll("tr.data")];
    const r0 = rows.indexOf(tr);
    const c0 = [...tr.querySelectorAll("td.cell")].indexOf(start);
    let last = null;
    block.forEach((values, i) => {
      const row = rows[r0 + i];
      if (!row) return;
      const cells = [...row.querySelectorAll("td.cell")];
      values.forEach((raw, j) => {
        const cell = cells[c0 + j];
        if (cell && fill(cell, raw)) {
          refreshSpec(cell);
          last = cell;
          cell.querySelector("[data-main], input[type=checkbox]")?.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
    });
    // one change event: one round of server validation for the whole block
    last?.querySelector("[data-main], input[type=checkbox]")?.dispatchEvent(new Event("change", { bubbles: true }));
  });
}
