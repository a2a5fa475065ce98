// Accessibility fixes for Streamlit's own frame (issue 16). Constant script, never user data.
// Streamlit 1.67 serves index.html with lang="en" on the root element and has no setting for it: the
// app's text is Japanese, so screen readers must read it as Japanese (WCAG 3.1.1). Set lang="ja", keep it.
// (No less-than sign in this file: st.html's sanitizer drops a script whose text looks like markup.)
(function () {
  if (window.__worksheetsA11y) return;
  window.__worksheetsA11y = true;
  var root = document.documentElement;
  function fix() {
    if (root.getAttribute("lang") !== "ja") root.setAttribute("lang", "ja");
  }
  fix();
  new MutationObserver(fix).observe(root, { attributes: true, attributeFilter: ["lang"] });
})();
