// Streamlit's own widget strings in Japanese (issue 13 #17). Streamlit 1.67 has no locale setting for
// its frontend, so this constant script replaces the exact English texts and placeholders it renders,
// and only inside Streamlit's widgets (a user's own text that happens to read "No results" is left alone).
// It never touches input values. Re-applied on every DOM change by a MutationObserver.
(function () {
  if (window.__worksheetsI18n) return;
  window.__worksheetsI18n = true;

  var WIDGETS = [
    "[data-testid=stFileUploader]",
    "[data-testid=InputInstructions]",
    "[data-testid=stMultiSelect]",
    "[data-testid=stSelectbox]",
    "[data-testid=stDateInput]",
    "[data-testid=stDateInputCalendar]",
    "[data-testid=stStatusWidget]",
    "[role=dialog]",
    "[data-baseweb=popover]",
    "[role=listbox]",
    "a[href='#stMain']"
  ].join(",");

  var EXACT = {
    "Drag and drop file here": "ここにファイルをドラッグ＆ドロップ",
    "Drag and drop files here": "ここにファイルをドラッグ＆ドロップ",
    "Drag and drop a file here": "ここにファイルをドラッグ＆ドロップ",
    "Browse files": "ファイルを選ぶ",
    "Upload": "ファイルを選ぶ",
    "Press Ctrl+Enter to apply": "Ctrl+Enter で確定（止まると自動で確定）",
    "Press ⌘+Enter to apply": "⌘+Enter で確定（止まると自動で確定）",
    "Press Enter to apply": "Enter で確定",
    "Press Ctrl+Enter to submit form": "Ctrl+Enter で送信",
    "Press ⌘+Enter to submit form": "⌘+Enter で送信",
    "Press Enter to submit form": "Enter で送信",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": "矢印キーで日付を移動、Enter で選択、Esc で閉じます。",
    January: "1月", February: "2月", March: "3月", April: "4月", May: "5月", June: "6月",
    July: "7月", August: "8月", September: "9月", October: "10月", November: "11月", December: "12月",
    "Connecting": "接続中…",
    "Connecting to Streamlit server": "サーバーに接続しています",
    "Unable to connect to Streamlit server": "サーバーに接続できません",
    "Error": "エラー",
    "Connection error": "サーバーに接続できません",
    "Streamlit server is not responding. Are you connected to the internet?":
      "サーバーから応答がありません。ネットワークの接続を確かめてください（入力は画面に残っています）。",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
      "サーバーが止まっているようです。運用担当者に連絡してください（入力は画面に残っています）。",
    "Please wait...": "お待ちください…",
    "Running...": "処理中…",
    "Loading...": "読み込み中…",
    "Uploading...": "アップロード中…",
    "Stopping...": "停止中…",
    "Rerun": "再実行",
    "Always rerun": "常に再実行",
    "Select all": "すべて選択",
    "Skip to main content": "本文へ移動",
    "No results": "該当する項目はありません",
    "No options to select": "選べる項目はありません",
    "Choose an option": "選んでください",
    "Choose options": "選んでください",
    "Choose or add an option": "選ぶか入力してください",
    "Choose or add options": "選ぶか入力してください"
  };

  var PATTERNS = [
    [/^([\d.]+)\s?([KMG]?B) per file$/, function (m) { return "1ファイル " + m[1] + " " + m[2] + " まで"; }],
    [/^ • (.+)$/, function (m) { return "・形式: " + m[1].split(", ").join("、"); }],
    [/^File must be ([\d.]+)\s?([KMG]?B) or smaller\.$/, function (m) {
      return "ファイルが大きすぎます。" + m[1] + " " + m[2] + " 以下のファイルを選んでください。";
    }],
    [/^(.+) files are not allowed\.$/, function () { return "この形式のファイルは読み込めません（.json / .xlsx のみ）。"; }],
    [/^Choose date, ([A-Z][a-z]+) (\d{4})$/, function (m) {
      return "日付を選ぶ（" + m[2] + "年" + (EXACT[m[1]] || m[1]) + "）";
    }],
    [/^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})$/, function (m) {
      return m[2] + "年" + EXACT[m[1]];
    }],
    [/^Add: (.*)$/, function (m) { return "「" + m[1] + "」を追加"; }],
    [/^Select (\d+) matches$/, function (m) { return "該当する " + m[1] + " 件をすべて選択"; }],
    [/^You can only select up to (\d+) options?\. Remove an option first\.$/, function (m) {
      return m[1] + " 個まで選べます。先にどれかを外してください。";
    }]
  ];

  var PLACEHOLDERS = {
    "yyyy/mm/dd": "例: 2026/04/01",
    "YYYY/MM/DD": "例: 2026/04/01",
    "Choose an option": "選んでください",
    "Choose options": "選んでください"
  };

  function translate(text) {
    if (Object.prototype.hasOwnProperty.call(EXACT, text)) return EXACT[text];
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = PATTERNS[i][0].exec(text);
      if (m) return PATTERNS[i][1](m);
    }
    return null;
  }

  // The date input's empty segments (React Aria spinbuttons): "yyyy" / "mm" / "dd" until a digit is typed.
  var DATE_SEGMENTS = { yyyy: "年", mm: "月", dd: "日" };

  function fixText(node) {
    var text = node.nodeValue;
    if (!text || !/[A-Za-z]/.test(text)) return;
    var parent = node.parentElement;
    if (!parent || !parent.closest(WIDGETS)) return;
    if (parent.getAttribute("data-placeholder") === "true") {
      if (Object.prototype.hasOwnProperty.call(DATE_SEGMENTS, text)) node.nodeValue = DATE_SEGMENTS[text];
      return;
    }
    if (parent.tagName === "TH" && /^[A-Z][a-z]{0,2}$/.test(text) && parent.closest("[data-testid=stDateInputCalendar]")) {
      var column = Array.prototype.indexOf.call(parent.parentElement.children, parent);  // weeks start on Sunday
      if (column >= 0 && column < 7) node.nodeValue = "日月火水木金土".charAt(column);
      return;
    }
    var ja = translate(text);
    if (ja !== null && ja !== text) node.nodeValue = ja;
  }

  function fixPlaceholder(el) {
    var p = el.getAttribute("placeholder");
    if (p && Object.prototype.hasOwnProperty.call(PLACEHOLDERS, p)) el.setAttribute("placeholder", PLACEHOLDERS[p]);
  }

  function fixTree(root) {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.hasAttribute("placeholder")) fixPlaceholder(root);
    root.querySelectorAll("[placeholder]").forEach(fixPlaceholder);
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) fixText(n);
  }

  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "characterData") fixText(r.target);
      else if (r.type === "attributes") {
        if (r.attributeName === "placeholder") fixPlaceholder(r.target);
        else fixTree(r.target);  // a date segment became empty again: its text is "yyyy" once more
      }
      else r.addedNodes.forEach(fixTree);
    });
  }).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["placeholder", "data-placeholder"]
  });
  fixTree(document.body);
})();
