// Dark and light themes: the saved choice, else the system's preference.
const KEY = "traceflow-theme";

export function initTheme(button) {
  const saved = localStorage.getItem(KEY);
  const initial = saved === "dark" || saved === "light" ? saved : matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
  apply(initial, button);
  button.addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    localStorage.setItem(KEY, next);
    apply(next, button);
  });
}

function apply(theme, button) {
  document.documentElement.dataset.theme = theme;
  button.textContent = theme === "dark" ? "Light theme" : "Dark theme";
  button.setAttribute("aria-label", `Switch to ${theme === "dark" ? "light" : "dark"} theme`);
}
