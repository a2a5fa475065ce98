// Accessibility fixes for Streamlit's own frame (issue 16). Constant script, never user data.
// (No less-than sign in this file: st.html's sanitizer drops a script whose text looks like markup.)
(function () {
  if (window.__worksheetsA11y) return;
  window.__worksheetsA11y = true;
  var root = document.documentElement;

  // Streamlit 1.67 serves index.html with lang="en" on the root element and has no setting for it: the
  // app's text is Japanese, so screen readers must read it as Japanese (WCAG 3.1.1). Set lang="ja", keep it.
  function fixLang() {
    if (root.getAttribute("lang") !== "ja") root.setAttribute("lang", "ja");
  }
  fixLang();
  new MutationObserver(fixLang).observe(root, { attributes: true, attributeFilter: ["lang"] });

  // A fixed-height st.container and a long st.code line scroll, but Streamlit gives them no tabindex: a
  // keyboard user could not scroll them (WCAG 2.1.1, axe "scrollable-region-focusable"). Make each one a
  // focusable, named region.
  var SCROLLERS = "[data-testid=stVerticalBlock][overflow=auto]:not([tabindex]), [data-testid=stCode] pre:not([tabindex])";
  var pending = false;
  function fixScrollers() {
    pending = false;
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "スクロールできる領域");
    });
  }
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      requestAnimationFrame(fixScrollers);
    }
  }).observe(document.body, { childList: true, subtree: true });
  fixScrollers();
})();
