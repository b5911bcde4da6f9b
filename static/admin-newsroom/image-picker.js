/* The image library's picker: a searchable grid of thumbnails.
   - On the article form, the lead image's <select> gets "Choose from library…", which opens the
     grid in a <dialog> fed by picker.json (the server applies the desk's row rules).
   - On the picker page the body editor opens for a figure, a click hands the picture back to
     the editor (django-prose-editor's picker protocol) and closes the window. */
"use strict";
(function () {
  function thumb(result) {
    if (result.thumbnail) {
      var img = document.createElement("img");
      img.className = "image-thumb"; img.src = result.thumbnail.src; img.srcset = result.thumbnail.srcset;
      img.sizes = "80px"; img.width = 80; img.height = 80; img.alt = "";
      return img;
    }
    var waiting = document.createElement("span");
    waiting.className = "image-thumb image-thumb--waiting"; waiting.textContent = gettext("Being prepared");
    return waiting;
  }

  function enhanceLead(box) {
    var select = box.querySelector("select"), current = box.querySelector(".image-picker__current");
    var url = box.dataset.imagePicker, next = null, timer = null;
    var buttons = document.createElement("div");
    buttons.className = "image-picker__buttons";
    var choose = document.createElement("button");
    choose.type = "button"; choose.className = "button"; choose.textContent = gettext("Choose from library…");
    var clear = document.createElement("button");
    clear.type = "button"; clear.className = "button"; clear.textContent = gettext("Remove image");
    buttons.append(choose, clear);
    select.classList.add("image-picker__select");
    current.after(buttons);

    var dialog = document.createElement("dialog");
    dialog.className = "image-dialog";
    dialog.setAttribute("aria-labelledby", select.id + "_dialog_title");
    dialog.innerHTML = '<div class="image-dialog__head"><h2></h2><button type="button" class="button image-dialog__close"></button></div>' +
      '<label class="image-dialog__label"><span></span> <input type="search"></label>' +
      '<p class="image-dialog__status" role="status"></p><ul class="image-grid"></ul><button type="button" class="button image-dialog__more" hidden></button>';
    dialog.querySelector(".image-dialog__close").textContent = gettext("Close");
    dialog.querySelector(".image-dialog__label span").textContent = gettext("Search the library");
    dialog.querySelector(".image-dialog__label input").placeholder = gettext("alt text, caption or credit");
    dialog.querySelector(".image-dialog__more").textContent = gettext("More pictures");
    var title = dialog.querySelector("h2");
    title.id = select.id + "_dialog_title"; title.textContent = gettext("Choose the lead image");
    var search = dialog.querySelector("input"), grid = dialog.querySelector(".image-grid");
    var status = dialog.querySelector(".image-dialog__status"), more = dialog.querySelector(".image-dialog__more");
    document.body.append(dialog);

    function load(page) {
      var query = search.value.trim();
      var address = url + "?q=" + encodeURIComponent(query) + (page ? "&page=" + page : "");
      status.textContent = gettext("Loading…");
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          if (!page) grid.textContent = "";
          data.results.forEach(function (result) {
            var item = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button"; button.className = "image-grid__item"; button.dataset.id = result.id;
            var alt = document.createElement("span");
            alt.className = "image-grid__alt"; alt.textContent = result.alt;
            button.append(thumb(result), alt);
            button.addEventListener("click", function () { pick(result); });
            item.append(button); grid.append(item);
          });
          next = data.next || null; more.hidden = !next;
          var shown = grid.children.length;
          status.textContent = shown ? interpolate(ngettext("%(count)s picture shown", "%(count)s pictures shown", shown), { count: shown }, true)
            : gettext("No pictures match.");
        })
        .catch(function () { status.textContent = gettext("The library could not be loaded; try again."); });
    }

    function show(result) {
      current.textContent = "";
      if (result) {
        var text = document.createElement("p"); text.textContent = result.alt;
        current.append(thumb(result), text);
      } else {
        var none = document.createElement("p"); none.textContent = gettext("No image chosen."); current.append(none);
      }
    }

    function pick(result) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(result.id); });
      if (!option) { option = new Option(result.alt, result.id); select.append(option); }
      select.value = String(result.id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      show(result);
      dialog.close(); choose.focus();
    }

    choose.addEventListener("click", function () { dialog.showModal(); search.focus(); load(null); });
    clear.addEventListener("click", function () { select.value = ""; select.dispatchEvent(new Event("change", { bubbles: true })); show(null); });
    dialog.querySelector(".image-dialog__close").addEventListener("click", function () { dialog.close(); choose.focus(); });
    more.addEventListener("click", function () { if (next) load(next); });
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { load(null); }, 200); });
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); load(null); } });
    // A picture added through the "+" popup arrives as a new option: name it until the page reloads.
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (option && option.value && !current.querySelector("img") && current.textContent.indexOf(option.text) < 0) show({ alt: option.text });
    });
  }

  function enhancePage(page) {
    var params = new URLSearchParams(window.location.search), funcNum = params.get("CKEditorFuncNum");
    page.addEventListener("click", function (event) {
      var button = event.target.closest(".image-grid__item");
      if (!button || button.disabled) return;
      var opener = window.opener;
      if (!funcNum || !opener || !opener.CKEDITOR) { alert(gettext("Open this page from the body editor's picture button.")); return; }
      opener.CKEDITOR.tools.callFunction(Number(funcNum), button.dataset.src, {
        id: button.dataset.id, alternative_text: button.dataset.alt, caption: button.dataset.caption
      });
      window.close();
    });
  }

  function start() {
    document.querySelectorAll("[data-image-picker]").forEach(enhanceLead);
    document.querySelectorAll("[data-picker-page]").forEach(enhancePage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
