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
  function fixScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "スクロールできる領域");
    });
  }

  // Streamlit names its own buttons and fields in English (aria-label only, never shown): with lang="ja"
  // a screen reader would read them as Japanese. Say them in Japanese (WCAG 3.1.2).
  var NAMES = {
    "Link to heading": "見出しへのリンク",
    "Choose date": "日付を選ぶ",
    "Clear all": "すべて消す",
    "Clear value": "値を消す",
    "Collapse sidebar": "サイドバーを閉じる",
    "Expand sidebar": "サイドバーを開く",
    "Decrement": "1減らす",
    "Increment": "1増やす",
    "Main menu": "メニュー",
    "Open": "開く",
    "Selected values": "選んだ値",
    "Sidebar": "サイドバー",
    "file upload": "ファイルの読み込み",
    "Add files": "ファイルを追加",
    "progress": "進み具合",
    "check_circle icon": "記入済み",
    "radio_button_unchecked icon": "未記入"
  };
  var PREFIXES = [
    ["Fullscreen: ", function (rest) { return "全画面で表示：" + rest; }],
    ["Help for ", function (rest) { return rest + "のヒント"; }],
    ["Remove ", function (rest) { return rest + "を取り消す"; }],
    ["year, ", function (rest) { return "年、" + rest; }],
    ["month, ", function (rest) { return "月、" + rest; }],
    ["day, ", function (rest) { return "日、" + rest; }]
  ];
  function japanese(label) {
    if (Object.prototype.hasOwnProperty.call(NAMES, label)) return NAMES[label];
    for (var i = 0; i !== PREFIXES.length; i++) {
      if (label.indexOf(PREFIXES[i][0]) === 0) return PREFIXES[i][1](label.slice(PREFIXES[i][0].length));
    }
    return null;
  }
  function fixNames() {
    document.querySelectorAll("[aria-label]").forEach(function (el) {
      var said = japanese(el.getAttribute("aria-label"));
      if (said !== null) el.setAttribute("aria-label", said);
    });
    document.querySelectorAll("[aria-valuetext=Empty]").forEach(function (el) {
      el.setAttribute("aria-valuetext", "未入力");
    });
  }

  var pending = false;
  function fixAll() {
    pending = false;
    fixScrollers();
    fixNames();
  }
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      requestAnimationFrame(fixAll);
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label", "aria-valuetext"] });
  fixAll();
})();
