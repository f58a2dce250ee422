// 开启任务: "Start from the values of" and the baseline offer only the campaigns of the organisation chosen
// (each option names its organisation in data-org; the server refuses any other).
export function initCopyFrom(root) {
  for (const source of root.querySelectorAll("select[name=copy_from], select[name=baseline]")) {
    const org = source.form && source.form.querySelector("select[name=org]");
    if (!org) continue;
    const show = () => {
      for (const option of source.options) {
        const other = option.dataset.org !== undefined && option.dataset.org !== org.value;
        option.hidden = other;
        option.disabled = other;
        if (other && option.selected) source.value = "";
      }
    };
    org.addEventListener("change", show);
    show();
  }
}
