// Counts the workshop step timer down once a second between server refreshes.
// The server renders each timer with its remaining seconds and a unique stamp; the countdown runs
// from the moment this browser first saw that stamp, so client and server clocks need not agree.
(function () {
  if (window.__worksheetsTimer) return;
  window.__worksheetsTimer = true;
  var seen = new Map();

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = Math.floor(seconds % 60);
    return "残り " + m + "分" + (s < 10 ? "0" : "") + s + "秒";
  }

  setInterval(function () {
    var now = Date.now();
    document.querySelectorAll("[data-ws-timer-remaining]").forEach(function (el) {
      var stamp = el.getAttribute("data-ws-timer-stamp");
      if (!seen.has(stamp)) seen.set(stamp, now);
      var left = parseFloat(el.getAttribute("data-ws-timer-remaining")) - (now - seen.get(stamp)) / 1000;
      var out = el.querySelector(".ws-timer-left");
      if (!out) return;
      out.textContent = left > 0 ? format(left) : "時間になりました";
      el.classList.toggle("ws-timer-over", left <= 0);
    });
  }, 1000);
})();
