// The API key the UI sends when the collector has security on. It lives in sessionStorage (gone
// when the tab closes) and is asked for only when the collector answers 401.
import { el } from "./dom.js";

const STORAGE_KEY = "traceflow.apiKey";
let pending = null;

export function storedKey() {
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Forgets a key the collector refused, then asks for one; resolves with it, or null when cancelled. */
export function askForKey(refused) {
  if (refused) sessionStorage.removeItem(STORAGE_KEY);
  pending ??= new Promise((resolve) => {
    const input = el("input", { id: "api-key-input", type: "password", autocomplete: "off", spellcheck: "false", required: true });
    const close = (key) => {
      dialog.close();
      dialog.remove();
      pending = null;
      resolve(key);
    };
    const form = el(
      "form",
      {
        method: "dialog",
        onsubmit: (event) => {
          event.preventDefault();
          const key = input.value.trim();
          if (!key) return;
          sessionStorage.setItem(STORAGE_KEY, key);
          close(key);
        },
      },
      el("h2", { id: "api-key-title", text: "API key needed" }),
      el("p", { text: refused ? "The collector did not accept the key. Enter a key with the query role." : "This collector needs an API key with the query role." }),
      el("label", { for: "api-key-input", text: "API key" }),
      input,
      el(
        "div",
        { class: "dialog-buttons" },
        el("button", { type: "submit", class: "button", text: "Use key" }),
        el("button", { type: "button", class: "button button-secondary", onclick: () => close(null), text: "Cancel" }),
      ),
    );
    const dialog = el("dialog", { id: "api-key-dialog", class: "api-key-dialog", "aria-labelledby": "api-key-title" }, form);
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return pending;
}
