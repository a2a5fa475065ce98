// Commit what is being typed without waiting for the user to leave the field.
// Streamlit commits a text area on blur or Ctrl+Enter and a text input on blur or Enter; a user who
// types for half an hour and closes the tab would otherwise lose the last field. This script
// commits a sheet field 1 s after typing pauses, and every edited field when the tab is hidden;
// applies a typed date on Enter/Tab; and after the server restarted, makes the page run again in
// full so that saving resumes (a restarted server no longer knows the page's fragments).
(function () {
  if (window.__worksheetsAutosave) return;
  window.__worksheetsAutosave = true;
  var IDLE_MS = 1000;
  var SHEET_FIELD = "[class*='st-key-f-']"; // widgets keyed "f.SHEET.PATH": the sheet own fields
  var dirty = new Map();

  // Only the sheet's own text inputs and text areas. Never the search box of a selectbox or
  // multiselect, a date input or any other widget: Enter there selects, adds or creates something
  // the user did not choose.
  function isSheetField(el) {
    var box = null;
    if (el instanceof HTMLTextAreaElement) box = el.closest("[data-testid=stTextArea]");
    else if (el instanceof HTMLInputElement && el.type === "text") box = el.closest("[data-testid=stTextInput]");
    if (!box || !box.closest(SHEET_FIELD)) return false;
    return !el.closest("[data-testid=stForm]"); // forms submit on purpose, not on a pause
  }

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
    if (!isSheetField(el)) return;
    if (resyncing && ev.isTrusted) {  // typed during a resync: this, not the older snapshot, is put back
      var cls = fieldClass(el.closest(SHEET_FIELD));
      if (cls) resyncing.set(cls, el.value);
    }
    var timer = dirty.get(el);
    if (timer !== undefined) clearTimeout(timer);
    dirty.set(el, setTimeout(function () { commit(el); }, IDLE_MS));
  }, true);

  function flush() { Array.from(dirty.keys()).forEach(commit); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);

  // A typed date: Streamlit applies it only when focus leaves the whole widget (Tab from the last
  // segment only reaches the widget's own calendar button). Enter, or Tab from the last segment,
  // moves focus past the widget, which applies the date like every other field.
  var FOCUSABLE = "input:not([type=hidden]), textarea, button, [contenteditable=true], [tabindex]:not([tabindex='-1'])";
  function focusAfter(widget) {
    var all = Array.from(document.querySelectorAll(FOCUSABLE));
    for (var i = 0; all.length > i; i++) {
      var el = all[i];
      if (widget.contains(el) || el.closest("[aria-hidden=true]") || 0 > el.tabIndex) continue;
      if (!(widget.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (el.offsetParent === null) continue;
      el.focus();
      return;
    }
    document.activeElement.blur();
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== "Tab") return;
    var el = ev.target;
    if (!(el instanceof HTMLElement) || el.getAttribute("role") !== "spinbutton") return;
    var widget = el.closest("[data-testid=stDateInput]");
    if (!widget || !widget.closest(SHEET_FIELD)) return;
    if (ev.key === "Tab") {
      var segments = widget.querySelectorAll("[role=spinbutton]");
      if (ev.shiftKey || segments[segments.length - 1] !== el) return; // moving between segments
    }
    ev.preventDefault();
    focusAfter(widget);
  }, true);

  // After a reconnect (server restarted): click the page's hidden 「再接続」 button, a full run, so the
  // page and its fragments exist again on the server; then put back what the user had on screen
  // that the fresh run replaced (the idle commit then saves it).
  var RESYNC = ".st-key-worksheets-resync button";
  var wasDown = false;
  // While a resync runs: field class -> what the user last had in it (the snapshot, then every keystroke).
  // The fresh run may draw a field with the stored value under the user's fingers; afterwards each field
  // gets back the user's latest text, so typing that straddles the run is not replaced by the snapshot.
  var resyncing = null;
  function fieldClass(holder) {
    return holder ? Array.from(holder.classList).find(function (c) { return c.indexOf("st-key-f-") === 0; }) : null;
  }
  function appState() {
    var app = document.querySelector("[data-testid=stApp]");
    return app ? [app.getAttribute("data-test-connection-state"), app.getAttribute("data-test-script-state")] : [null, null];
  }
  function snapshot() {
    var values = [];
    document.querySelectorAll(SHEET_FIELD).forEach(function (holder) {
      var el = holder.querySelector("[data-testid=stTextArea] textarea, [data-testid=stTextInput] input[type=text]");
      if (!el) return;
      var cls = fieldClass(holder);
      if (cls) values.push([cls, el.value]);
    });
    return values;
  }
  function restore(values) {
    values.forEach(function (pair) {
      var el = document.querySelector("." + pair[0] + " textarea, ." + pair[0] + " input[type=text]");
      if (!el || el.value === pair[1]) return;
      var proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value").set.call(el, pair[1]);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  function resync() {
    var button = document.querySelector(RESYNC);
    if (!button) return;
    var mine = resyncing = new Map(snapshot());
    button.click();
    var started = Date.now(), sawRun = false;
    var wait = setInterval(function () {
      var s = appState();
      if (s[1] === "running") sawRun = true;
      if ((sawRun && s[1] === "notRunning" && s[0] === "CONNECTED") || Date.now() - started > 15000) {
        clearInterval(wait);
        setTimeout(function () {
          if (resyncing !== mine) return;  // the connection dropped again: the newer resync puts back instead
          resyncing = null;
          restore(Array.from(mine.entries()));
        }, 300);
      }
    }, 100);
  }
  // Only a connection that was up and went down is a reconnect: the first connection of a page
  // load is not (a resync then would cost every page load a second full run).
  var wasUp = false;
  setInterval(function () {
    var conn = appState()[0];
    if (conn === null) return;
    document.body.classList.toggle("worksheets-offline", conn !== "CONNECTED");
    if (conn !== "CONNECTED") { if (wasUp) wasDown = true; return; }
    wasUp = true;
    if (wasDown) { wasDown = false; setTimeout(resync, 300); }
  }, 200);
})();
