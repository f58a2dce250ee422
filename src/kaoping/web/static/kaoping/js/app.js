// Entry point: wires the behaviours of the entry grid. Plain ES modules, no build step.
import { initGrid, markScrolling } from "./grid.js";
import { initPaste } from "./paste.js";
import { initCodes } from "./codes.js";
import { initConfirm } from "./confirm.js";
import { initBubbles } from "./bubbles.js";
import { initCopyFrom } from "./copyfrom.js";
import { initExplain } from "./explain.js";

function start() {
  initConfirm(document);
  // read-only grids may be wide too: they scroll inside their box, never the page
  markScrolling(document);
  window.addEventListener("resize", () => markScrolling(document));
  initBubbles(document);
  initCopyFrom(document);
  for (const form of document.querySelectorAll("form[data-kp-grid]")) {
    initCodes(form);
    initGrid(form);
    initPaste(form);
  }
  const sheet = document.querySelector("form#sheet-form[data-kp-grid]");
  if (sheet) initExplain(document, sheet);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}

// Print buttons (no inline handlers: the pages run under a CSP without inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
