// Selecting text in the article fills the claim form's quote field and records
// where the selection starts (characters from the start of the body text), so
// that the server anchors the right occurrence of a repeated phrase.
(function () {
  "use strict";

  function offsetWithin(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function takeSelection(article) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return;
    var raw = range.toString();
    var text = raw.trim();
    if (!text) return;
    var lead = raw.length - raw.replace(/^\s+/, "").length;
    var start = offsetWithin(article, range.startContainer, range.startOffset) + lead;

    var quote = document.getElementById(article.dataset.quoteTarget || "id_quote");
    var near = document.getElementById("id_quote_near");
    if (!quote) return;
    quote.value = text;
    if (near) near.value = String(start);
    // Let htmx (the certainty preview) and anyone else know the quote changed.
    quote.dispatchEvent(new Event("input", { bubbles: true }));
    quote.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setUp() {
    var article = document.getElementById("article");
    if (!article) return;
    article.addEventListener("mouseup", function () { takeSelection(article); });
    article.addEventListener("keyup", function () { takeSelection(article); });
    var quote = document.getElementById("id_quote");
    var near = document.getElementById("id_quote_near");
    // A quote typed or pasted by hand has no selection offset.
    if (quote && near) {
      quote.addEventListener("keydown", function () { near.value = ""; });
      quote.addEventListener("paste", function () { near.value = ""; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
