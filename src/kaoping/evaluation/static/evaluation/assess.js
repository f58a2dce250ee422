// Self-assessment page: choosing an evidence file uploads it at once (its form is
// outside the table; the input names it with the form attribute).
document.addEventListener("change", (event) => {
  const input = event.target.closest("input[type=file][data-autosubmit]");
  if (input && input.files.length && input.form) input.form.requestSubmit();
});
