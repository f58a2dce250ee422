// Boxes that float over the grid: a cell's rule messages and the several-codes picker.
// Only one cell's messages show at a time (the focused cell's, the cell just left once the
// server has checked it, or the cell under the mouse while it is there), so two messages never
// cover each other. A floating box opens downwards and to the right of its cell; where there is
// no room above the sticky save bar or inside the window it opens upwards or to the left, and
// where neither way has room it scrolls inside the room there is (docs/用户手册.md §4.4).

const GAP = 4;

function lowerEdge() {
  const bar = document.querySelector(".savebar");
  const bottom = window.innerHeight;
  return bar ? Math.min(bottom, bar.getBoundingClientRect().top) : bottom;
}

// Turn the box up or left when it does not fit; it is drawn first so that it can be measured.
export function place(box) {
  box.classList.remove("up", "left");
  box.style.maxHeight = "";
  const anchor = box.parentElement.getBoundingClientRect();
  const below = lowerEdge() - anchor.bottom - GAP;
  const above = anchor.top - GAP;
  const height = box.getBoundingClientRect().height;
  const up = height > below && above > below;
  box.classList.toggle("up", up);
  const room = up ? above : below;
  if (height > room) box.style.maxHeight = `${Math.max(room, 48)}px`;
  if (box.getBoundingClientRect().right > document.documentElement.clientWidth - GAP) {
    box.classList.add("left");
  }
}

function messagesOf(cell) {
  const box = cell && cell.querySelector(".cell-msg");
  return box && box.querySelector(".msg") ? box : null;
}

let shown = null; // the cell whose messages are open
let pinned = null; // the cell they return to when the mouse leaves another

function show(cell) {
  for (const open of document.querySelectorAll(".cell-msg.open")) {
    if (!cell || !cell.contains(open)) open.classList.remove("open");
  }
  shown = cell;
  const box = messagesOf(cell);
  if (!box) return;
  box.classList.add("open");
  place(box);
}

// The cell just left, or the first cell of its row with a message (a sum flags its total).
function verdictOf(cell) {
  if (messagesOf(cell)) return cell;
  const row = cell.closest("tr");
  return row ? [...row.querySelectorAll("td.cell")].find(messagesOf) || null : null;
}

function replaceOnScroll() {
  let pending = false;
  window.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const box = messagesOf(shown);
      if (box && box.classList.contains("open")) place(box);
      for (const pop of document.querySelectorAll("details.codes[open] .pop")) place(pop);
    });
  }, { passive: true });
}

export function initBubbles(root) {
  let changed = null;
  root.addEventListener("focusin", (event) => {
    const cell = event.target.closest("td.cell");
    pinned = cell;
    show(cell);
  });
  root.addEventListener("change", (event) => {
    changed = event.target.closest("td.cell") || changed;
  });
  root.addEventListener("mouseover", (event) => {
    const cell = event.target.closest("td.cell");
    if (cell && cell !== shown && messagesOf(cell)) show(cell);
  });
  root.addEventListener("mouseout", (event) => {
    const cell = event.target.closest("td.cell");
    if (cell && cell === shown && !cell.contains(event.relatedTarget) && cell !== pinned) show(pinned);
  });
  // the server's verdict replaces the message boxes: open the one of the cell last changed
  // (answers may arrive out of order, so each one looks at the latest change)
  document.body.addEventListener("htmx:afterSettle", () => {
    if (changed) pinned = verdictOf(changed) || pinned;
    show(pinned);
  });
  root.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!details.matches || !details.matches("details.codes") || !details.open) return;
    const pop = details.querySelector(".pop");
    if (pop) place(pop);
  }, true);
  replaceOnScroll();
}
