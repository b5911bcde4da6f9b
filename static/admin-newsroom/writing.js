/* The article form's writing surface: headline counter, one-line standfirst, word count, autosave.
 *
 * Loaded from our own static files (the desk's CSP allows no inline script). Autosave posts the
 * whole form every few seconds (data-autosave-seconds) while it has unsent changes; the server
 * checks the version the form was opened at and answers 409 when someone saved since, in which
 * case autosave stops and says so: it never overwrites. See articles/autosave.py.
 * Its words come from the desk's JavaScript catalogue (gettext, ngettext, interpolate), loaded by
 * admin/base_site.html in the desk's language.
 */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function countWords(text) {
    var words = text.trim().split(/\s+/u).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); });
    return words.length;
  }

  function headlineCounter(input) {
    var limit = parseInt(input.getAttribute("maxlength"), 10);
    if (!limit) { return; }
    var counter = document.createElement("span");
    counter.className = "writing-counter";
    counter.id = input.id + "-counter";
    // Beside the help line when there is one, so the counter costs no height of its own.
    var help = document.getElementById(input.id + "_helptext");
    if (help) { help.prepend(counter); } else { input.insertAdjacentElement("afterend", counter); }
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var used = input.value.length;
      counter.textContent = interpolate(
        ngettext("%(used)s / %(limit)s character", "%(used)s / %(limit)s characters", limit),
        { used: used.toLocaleString(), limit: limit.toLocaleString() }, true);
      counter.classList.toggle("writing-counter--near", used > limit * 0.9);
    }
    input.addEventListener("input", update);
    update();
  }

  function oneLine(area) {
    function grow() {
      area.style.height = "auto";
      area.style.height = area.scrollHeight + 2 + "px";
    }
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    area.addEventListener("input", grow);
    grow();
  }

  function wordCount(textarea) {
    var out = document.createElement("span");
    out.className = "writing-words";
    out.id = "body-word-count";
    var help = document.getElementById(textarea.id + "_helptext");
    if (help) { help.prepend(out); } else { (textarea.closest(".form-row") || textarea.parentElement).appendChild(out); }
    function update() {
      // An inert document: nothing in the author's HTML loads or runs while it is counted.
      var html = textarea.value.replace(/<\/(p|h[1-6]|li|blockquote|td|th)>/g, "</$1> ");
      var text = new DOMParser().parseFromString(html, "text/html").body.textContent || "";
      var words = countWords(text);
      out.textContent = interpolate(ngettext("%(count)s word", "%(count)s words", words),
        { count: words.toLocaleString() }, true);
    }
    textarea.addEventListener("input", update);
    update();
  }

  function followLanguage(form) {
    // Spell-check in the story's own language: the editor carries the language picked for it.
    var select = form.querySelector("#id_language");
    var box = form.querySelector(".ProseMirror[contenteditable=true]");
    if (box && select) { box.setAttribute("lang", select.value); }
    if (box) { box.setAttribute("spellcheck", "true"); }
  }

  function autosave(form, status) {
    var url = status.getAttribute("data-autosave-url");
    var seconds = parseFloat(status.getAttribute("data-autosave-seconds")) || 30;
    var keepOnly = status.getAttribute("data-autosave-mode") === "keep";
    var versionInput = form.querySelector("input[name=base_version]");
    var dirty = false, busy = false, stopped = false, savedAt = null, lastVersion = null, submitting = false;

    function say(text, kind) {
      status.textContent = text;
      status.className = "writing-autosave" + (kind ? " writing-autosave--" + kind : "");
      if (kind === "conflict") { status.setAttribute("role", "alert"); }
    }

    function tick() {
      if (stopped || savedAt === null) { return; }
      var ago = Math.max(0, Math.round((Date.now() - savedAt) / 1000));
      var text;
      if (ago < 60) {
        text = keepOnly ? ngettext("Draft kept on the server %(count)s s ago", "Draft kept on the server %(count)s s ago", ago)
          : ngettext("Saved %(count)s s ago", "Saved %(count)s s ago", ago);
      } else {
        ago = Math.round(ago / 60);
        text = keepOnly ? ngettext("Draft kept on the server %(count)s min ago", "Draft kept on the server %(count)s min ago", ago)
          : ngettext("Saved %(count)s min ago", "Saved %(count)s min ago", ago);
      }
      text = interpolate(text, { count: ago }, true);
      say(dirty ? interpolate(gettext("%(saved)s · changes since"), { saved: text }, true) : text, "ok");
    }

    function send() {
      if (!dirty || busy || stopped || submitting) { return; }
      busy = true;
      dirty = false;
      var data = new FormData(form);
      data.delete("_transition");
      if (lastVersion !== null) { data.set("_autosaved", String(lastVersion)); }
      fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            return { status: response.status, body: body };
          });
        })
        .then(function (result) {
          busy = false;
          if (result.status === 200) {
            if (result.body.version !== undefined && versionInput) {
              versionInput.value = String(result.body.version);
              lastVersion = result.body.version;
            }
            savedAt = Date.now();
            tick();
          } else if (result.status === 409 || result.status === 401 || result.status === 403) {
            stopped = true;
            say(interpolate(gettext("%(reason)s Autosave has stopped; your words are still in this form."),
              { reason: result.body.error || gettext("Not saved.") }, true), "conflict");
          } else {
            dirty = true;
            say(result.body.error || gettext("Not autosaved; will try again."), "error");
          }
        })
        .catch(function () {
          busy = false;
          dirty = true;
          say(gettext("Offline: not autosaved yet; will try again. Your words are still in this form."), "error");
        });
    }

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { submitting = true; });
    window.setInterval(send, seconds * 1000);
    window.setInterval(tick, 1000);
  }

  function labelText(id) {
    var label = id && document.querySelector("label[for='" + id + "']");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameWidgets(form) {
    // Django's tabular inlines label their inputs only by the column heading, and select2 leaves
    // its boxes nameless while empty: give each an accessible name a screen reader can announce.
    form.querySelectorAll(".tabular table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          var heading = headings[column] || "";
          if (heading) { cell.setAttribute("data-label", heading); }  // the narrow layout's visible label
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (!field.hasAttribute("aria-label") && heading && !labelText(field.id)) {
              field.setAttribute("aria-label", interpolate(gettext("%(column)s, row %(row)s"),
                { column: heading.charAt(0) + heading.slice(1).toLowerCase(), row: index + 1 }, true));
            }
          });
        });
      });
    });
    form.querySelectorAll("select").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) { return; }
      var name = select.getAttribute("aria-label") || labelText(select.id) || select.name;
      var rendered = container.querySelector(".select2-selection__rendered");
      if (rendered) {
        var chosen = select.selectedOptions.length ? select.selectedOptions[0].textContent.trim() : "";
        rendered.setAttribute("aria-label", chosen && select.value ? name + ": " + chosen : name);
      }
      var search = container.querySelector(".select2-search__field");
      if (search) { search.setAttribute("aria-label", name); }
    });
    var box = form.querySelector(".ProseMirror[contenteditable=true]");
    if (box) { box.setAttribute("aria-label", labelText("id_body") || gettext("Body")); }
    followLanguage(form);
  }

  onReady(function () {
    var form = document.getElementById("article_form");
    if (!form) { return; }
    var headline = form.querySelector("input[data-counter]");
    if (headline) { headlineCounter(headline); }
    form.querySelectorAll("textarea.writing-oneline").forEach(oneLine);
    var body = form.querySelector("textarea[name=body]");
    if (body) { wordCount(body); }
    var pending = false;
    function renamed() {
      if (pending) { return; }
      pending = true;
      window.setTimeout(function () { pending = false; nameWidgets(form); }, 0);
    }
    // The editor, select2 boxes and new inline rows appear after this script runs.
    new MutationObserver(renamed).observe(form, { childList: true, subtree: true });
    form.addEventListener("change", renamed);
    renamed();
    var status = document.getElementById("autosave-status");
    if (status) { autosave(form, status); }
  });
})();
