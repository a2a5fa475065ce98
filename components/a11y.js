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
    // the completeness meter's marks (components/meter.py); other Material icons stand beside words
    "check_circle icon": "記入済み",
    "timelapse icon": "記入中",
    "radio_button_unchecked icon": "未記入",
    // the date pop-up
    "Previous month": "前の月", "Next month": "次の月", "Previous": "前へ", "Next": "次へ",
    "month": "月を選ぶ", "year": "年を選ぶ",
    // the chart toolbar (plotly's modebar): its aria-label and its tooltip (data-title)
    "Download plot as a PNG": "図を画像（PNG）で保存", "Zoom": "範囲を選んで拡大", "Pan": "表示位置を動かす",
    "Zoom in": "拡大", "Zoom out": "縮小", "Autoscale": "全体を表示", "Reset axes": "表示を元に戻す",
    "Fullscreen": "全画面表示", "Close fullscreen": "全画面表示を閉じる"
  };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var WEEKDAYS = { Sunday: "日", Monday: "月", Tuesday: "火", Wednesday: "水", Thursday: "木", Friday: "金", Saturday: "土" };
  // "Today, Wednesday, November 25, 2026 selected" → 「今日、2026年11月25日（水）、選択中」; "Choose date, November 2026"
  var DAY = /^(Today, )?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday), ([A-Z][a-z]+) (\d{1,2}), (\d{4})( selected)?$/;
  var CHOOSE_MONTH = /^Choose date, ([A-Z][a-z]+) (\d{4})$/;
  function month(name) { var i = MONTHS.indexOf(name); return 0 > i ? null : (i + 1) + "月"; }
  function dates(label) {
    var m = DAY.exec(label);
    if (m && month(m[3])) {
      return (m[1] ? "今日、" : "") + m[5] + "年" + month(m[3]) + m[4] + "日（" + WEEKDAYS[m[2]] + "）" + (m[6] ? "、選択中" : "");
    }
    m = CHOOSE_MONTH.exec(label);
    if (m && month(m[1])) return "日付を選ぶ（" + m[2] + "年" + month(m[1]) + "）";
    return null;
  }
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
    var date = dates(label);
    if (date !== null) return date;
    for (var i = 0; i !== PREFIXES.length; i++) {
      if (label.indexOf(PREFIXES[i][0]) === 0) return PREFIXES[i][1](label.slice(PREFIXES[i][0].length));
    }
    return null;
  }
  var LABELS = ["aria-label", "title", "data-title"];  // the name, and the tooltips that show it
  function fixNames() {
    document.querySelectorAll("[aria-label],[title],[data-title]").forEach(function (el) {
      LABELS.forEach(function (name) {
        var label = el.getAttribute(name);
        var said = label ? japanese(label) : null;
        if (said !== null) el.setAttribute(name, said);
      });
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
    fixScrollers();  // at once, not at the next frame: a refreshed dashboard redraws its scrolling box
    if (!pending) {
      pending = true;
      requestAnimationFrame(fixAll);
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: LABELS.concat(["aria-valuetext"]) });
  fixAll();
})();
