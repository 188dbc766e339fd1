// Navigation and messages that survive one navigation; shared by the shell and the views.

let pending = null;

export function flash(text, kind = "info") {
  pending = { text, kind };
}

export function takeFlash() {
  const p = pending;
  pending = null;
  return p;
}

export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}
