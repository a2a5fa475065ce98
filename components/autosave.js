// Commit what is being typed without waiting for the user to leave the field.
// Streamlit commits a text area on blur or Ctrl+Enter and a text input on blur or Enter; a user who
// types for half an hour and closes the tab would otherwise lose the last field. This script
// commits a field 1 s after typing pauses, and every edited field when the tab is hidden.
(function () {
  if (window.__worksheetsAutosave) return;
  window.__worksheetsAutosave = true;
  var IDLE_MS = 1000;
  var dirty = new Map();

  function commit(el) {
    var timer = dirty.get(el);
    if (timer !== undefined) clearTimeout(timer);
    dirty.delete(el);
    if (!el.isConnected) return;
    var isArea = el instanceof HTMLTextAreaElement;
    el.dispatchEvent(new KeyboardEvent("keydown", {
      key: "Enter", code: "Enter", keyCode: 13, which: 13,
      ctrlKey: isArea, bubbles: true, cancelable: true
    }));
  }

  document.addEventListener("input", function (ev) {
    var el = ev.target;
    var isText = el instanceof HTMLInputElement && el.type === "text";
    if (!(el instanceof HTMLTextAreaElement) && !isText) return;
    if (el.closest("[data-testid=stForm]")) return;  // forms submit on purpose, not on a pause
    var timer = dirty.get(el);
    if (timer !== undefined) clearTimeout(timer);
    dirty.set(el, setTimeout(function () { commit(el); }, IDLE_MS));
  }, true);

  function flush() { Array.from(dirty.keys()).forEach(commit); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
})();
